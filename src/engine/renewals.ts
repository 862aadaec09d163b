import { addDays, daysBetween, DEFAULT_LEAD_DAYS, toCalendarDate, type CalendarDate } from "../calendar/index.js";
import type { Contract, Line } from "../contract/index.js";
import { ErrorCodes, IssueCollector, ValidationError } from "../errors/index.js";
import { add, fromMinorUnits, money, multiply, percentToRatio, round, toDecimalString, type Money } from "../money/index.js";
import { UniqueViolationError, type AccountCase, type RenewalCase } from "../ports/index.js";
import { DEFAULT_RENEWAL_POLICY, nextActions, timelineFacts, type MessageAction, type RenewContractAction, type TaskAction, type TermHistory } from "../timeline/index.js";
import { messageLocaleFor, type MessageLocale, type RenewalOfferMessage } from "../messages/index.js";
import type { RunContext } from "./context.js";
import { deliver, sendKeyed, type Templated } from "./deliver.js";
import { raise, raiseException, type RaisedException } from "./exceptions.js";
import type { RenewalAnswerInput } from "./types.js";
import { renewalWindow, type WakeUp } from "./wakeUp.js";
import { renewalLinkFor } from "./paymentLinks.js";

/** A recurring line as it stands on the last day of the term: its rate and quantity after every dated change. */
interface RatedLine {
  readonly siteName: string;
  readonly line: Line;
  readonly rate: string;
  readonly quantity: number;
}

/**
 * The recurring lines priced by a plain rate on the term's last day (the ones a renewal's price
 * increase applies to) — after their dated price and quantity changes, earlier renewals' included.
 * A line whose latest price is a price model (tiers) keeps it: it is not raised.
 */
function ratedLines(contract: Contract): RatedLine[] {
  const out: RatedLine[] = [];
  const lastDay = contract.term.end === undefined ? undefined : addDays(contract.term.end, -1);
  for (const site of contract.sites) {
    for (const line of site.lines) {
      if (line.kind === "oneTime" || !("rate" in line)) continue;
      if (line.end !== undefined && (lastDay === undefined || line.end <= lastDay)) continue;
      const dated = line as Line & { rate?: string; quantity?: number; priceChanges?: readonly { effective: string; rate?: string; price?: unknown }[]; quantityChanges?: readonly { effective: string; quantity: number }[] };
      const change = (dated.priceChanges ?? []).filter((c) => lastDay === undefined || c.effective <= lastDay).at(-1);
      const rate = change === undefined ? dated.rate : change.rate;
      if (typeof rate !== "string") continue;
      const quantity = (dated.quantityChanges ?? []).filter((c) => lastDay === undefined || c.effective <= lastDay).at(-1)?.quantity ?? dated.quantity ?? 1;
      out.push({ siteName: site.name, line, rate, quantity });
    }
  }
  return out;
}

/** A line's rate after the renewal increase, rounded half up to the cent. */
function increased(rate: string, percent: string | undefined, currency: string): Money {
  const base = money(rate, currency);
  if (percent === undefined) return base;
  return add(base, round(multiply(base, percentToRatio(percent)), "halfUp"));
}

/** What a line is called in the offer. */
function lineName(line: Line): string {
  if (line.kind === "monitoring") return `${line.tier} monitoring`;
  if (line.kind === "equipment") return `${line.item} rental`;
  if (line.kind === "addon") return line.name;
  return line.id;
}

/** The monthly recurring charge of the rated lines, now and after the renewal increase. */
function recurring(contract: Contract, percent: string | undefined): { now: Money; renewed: Money } {
  const currency = contract.billing.currency;
  let now = 0;
  let renewed = 0;
  for (const { rate, quantity } of ratedLines(contract)) {
    now += money(rate, currency).minor * quantity;
    renewed += increased(rate, percent, currency).minor * quantity;
  }
  return { now: fromMinorUnits(now, currency), renewed: fromMinorUnits(renewed, currency) };
}

const usd = (m: Money): string => `${toDecimalString(m)} ${m.currency}`;

/** The seed's offer: "current service summary, pricing options, and upgrade opportunities". */
function offerText(ctx: RunContext, contract: Contract, action: MessageAction, end: CalendarDate): { subject: string; text: string } {
  const renewal = ctx.settings.renewal;
  const percent = renewal.priceIncreasePercent;
  const { now, renewed } = recurring(contract, percent);
  const months = contract.term.renewalTermMonths ?? DEFAULT_RENEWAL_POLICY.renewalTermMonths;
  const hello = `Hello ${contract.customer.name},`;
  const service = ratedLines(contract).map(({ siteName, line, rate, quantity }) => `- ${siteName}: ${lineName(line)}${quantity > 1 ? ` × ${quantity}` : ""}, ${rate} ${contract.billing.currency} a month`);
  const options = [
    `1. Renew for ${months} months from ${end}: ${usd(renewed)} a month${percent === undefined ? " (your current prices)" : ` (today ${usd(now)}, +${percent} %)`}.`,
    ...(renewal.longerTerm === undefined ? [] : [`2. Renew for ${renewal.longerTerm.months} months and keep today's prices: ${usd(now)} a month.`]),
  ];
  const upgrades = renewal.upgrades.length === 0 ? [] : ["Upgrades you can add with the renewal:", ...renewal.upgrades.map((u) => `- ${u}`)];
  const autoPay = contract.paymentMethod?.autoPay === true ? [] : ["Pay automatically and never miss a due date: ask us to turn on auto-pay with the renewal."];
  switch (action.template) {
    case "renewalNotice":
      return {
        subject: `Your monitoring agreement renews on ${end}`,
        text: [hello, `your agreement ${contract.id} renews by itself on ${end} for ${months} months at ${usd(renewed)} a month. Your service:`, ...service, `To cancel instead, tell us at least ${contract.term.cancellationNoticeDays ?? DEFAULT_RENEWAL_POLICY.autoRenewal.cancellationNoticeDays} days before ${end}.`].join("\n"),
      };
    case "priceIncreaseNotice":
      return { subject: `Your monitoring price from ${end}`, text: [hello, `from ${end}, at the renewal of agreement ${contract.id}, your monthly charge goes from ${usd(now)} to ${usd(renewed)}.`].join("\n") };
    case "renewalFollowUp":
      return { subject: `Reminder: your monitoring agreement ends on ${end}`, text: [hello, `we have not heard from you about renewing agreement ${contract.id}, which ends on ${end}. Your options:`, ...options, answerLine(ctx, contract)].join("\n") };
    default:
      return {
        subject: `Renew your monitoring agreement (ends ${end})`,
        text: [hello, `your agreement ${contract.id} ends on ${end}. Your service today:`, ...service, "Your options:", ...options, ...upgrades, ...autoPay, answerLine(ctx, contract)].join("\n"),
      };
  }
}

/** The signed answer link of the contract's current term, when the engine has link keys. */
const signedAnswerLink = (ctx: RunContext, contract: Contract): string | undefined => renewalLinkFor(ctx.settings, { id: contract.id, term: { end: contract.term.end as CalendarDate | undefined } });

/** How a plain-text offer asks for the answer: the signed answer page when the engine has link keys, else a reply or a call. */
function answerLine(ctx: RunContext, contract: Contract): string {
  const signed = signedAnswerLink(ctx, contract);
  return signed === undefined ? "Reply to this message or call us to renew." : `Renew or decline securely: ${signed}`;
}

/** "36 months at today's prices", in the customer's language. */
const LONGER_TERM: Readonly<Record<MessageLocale, (months: number) => string>> = {
  "en-US": (months) => `${months} months at today's prices`,
  "es-US": (months) => `${months} meses a los precios de hoy`,
  "fr-CA": (months) => `${months} mois aux prix d'aujourd'hui`,
};

/** The renewal term offered, in the customer's language. */
const RENEWAL_TERM: Readonly<Record<MessageLocale, (months: number) => string>> = {
  "en-US": (months) => `${months} months`,
  "es-US": (months) => `${months} meses`,
  "fr-CA": (months) => `${months} mois`,
};

/**
 * Where the customer answers a renewal message: with `paymentLinkKeys`, a signed renewal link to
 * the hosted portal's answer page ({@link renewalLinkFor}: the contract and the term, no personal
 * data); else the brand's support email (with the agreement in the subject) or, without one, its
 * support phone.
 */
function respondLink(ctx: RunContext, contract: Contract): string {
  const signed = signedAnswerLink(ctx, contract);
  if (signed !== undefined) return signed;
  const brand = ctx.messages?.brand;
  if (brand === undefined) return "";
  if (brand.supportEmail !== undefined) return `mailto:${brand.supportEmail}?subject=${encodeURIComponent(`Renewal of agreement ${contract.id}`)}`;
  return `tel:${brand.supportPhone.replace(/[^0-9+]/g, "")}`;
}

/**
 * A renewal message's template and model (rendered when the engine has a brand): the offer and its
 * follow-ups with the options (the renewal term at the renewed price, the longer term at today's),
 * the automatic-renewal notice with the last day to cancel, the price-increase notice.
 */
function offerTemplate(ctx: RunContext, contract: Contract, action: MessageAction, end: CalendarDate): Templated | undefined {
  if (ctx.messages === undefined) return undefined;
  const renewal = ctx.settings.renewal;
  const { now, renewed } = recurring(contract, renewal.priceIncreasePercent);
  const months = contract.term.renewalTermMonths ?? DEFAULT_RENEWAL_POLICY.renewalTermMonths;
  const customerName = contract.customer.name;
  const link = respondLink(ctx, contract);
  const locale = messageLocaleFor(contract.customer.locale ?? "en-US");
  switch (action.template) {
    case "renewalNotice": {
      const noticeDays = contract.term.cancellationNoticeDays ?? DEFAULT_RENEWAL_POLICY.autoRenewal.cancellationNoticeDays;
      return { kind: "renewalNotice", model: { customerName, contractId: contract.id, termEnd: end, termMonths: months, monthly: renewed, cancelBy: addDays(end, -noticeDays), manageLink: link } };
    }
    case "priceIncreaseNotice":
      return { kind: "priceIncreaseNotice", model: { customerName, contractId: contract.id, effectiveDate: end, oldMonthly: now, newMonthly: renewed, manageLink: link } };
    case "renewalOffer":
    case "renewalFollowUp": {
      const model: RenewalOfferMessage = {
        customerName,
        contractId: contract.id,
        termEnd: end,
        currentMonthly: now,
        renewalMonthly: renewed,
        termMonths: months,
        options: [{ label: RENEWAL_TERM[locale](months), monthly: renewed }, ...(renewal.longerTerm === undefined ? [] : [{ label: LONGER_TERM[locale](renewal.longerTerm.months), monthly: now }])],
        respondLink: link,
      };
      return action.template === "renewalOffer" ? { kind: "renewalOffer", model } : { kind: "renewalFollowUp", model };
    }
    default:
      return undefined;
  }
}

/** The contract's renewal answers, notices sent and prices, as the timeline reads them. */
async function termHistory(ctx: RunContext, contract: Contract, cases: readonly AccountCase[]): Promise<TermHistory> {
  const end = contract.term.end as CalendarDate;
  const answer = cases.find((c): c is RenewalCase => c.kind === "renewal" && c.contractId === contract.id && c.termEnd === end);
  const sent = async (template: "renewalNotice" | "priceIncreaseNotice") =>
    ctx.store.transaction(async (tx) => {
      for (const channel of ["email", "sms"] as const) {
        const m = await tx.getMessage(`contract:${contract.id}:${end}:${template}:${channel}`);
        if (m !== undefined && (m.status === "accepted" || m.status === "delivered")) return String(m.createdAt);
      }
      return undefined;
    });
  // The longer term keeps today's prices: accepted, there is no increase to announce or apply.
  const longer = ctx.settings.renewal.longerTerm;
  const keepsPrices = answer?.decision === "accepted" && longer !== undefined && answer.termMonths === longer.months;
  const { now, renewed } = recurring(contract, keepsPrices ? undefined : ctx.settings.renewal.priceIncreasePercent);
  const noticeAt = await sent("renewalNotice");
  const increaseAt = await sent("priceIncreaseNotice");
  return {
    recurringPrice: now,
    renewalPrice: renewed,
    ...(answer === undefined
      ? {}
      : contract.term.autoRenew && answer.decision === "declined"
        ? { cancelledAt: answer.openedAt }
        : { response: { decision: answer.decision, at: answer.openedAt } }),
    ...(noticeAt === undefined ? {} : { renewalNoticeSentAt: noticeAt }),
    ...(increaseAt === undefined ? {} : { priceIncreaseNoticeSentAt: increaseAt }),
  };
}

/** Whether the renewal stage has anything to look at for this contract today. */
function inWindow(ctx: RunContext, contract: Contract, day: CalendarDate): boolean {
  const window = renewalWindow(ctx, contract);
  return window !== undefined && day >= window.opens && day <= window.closes;
}

/**
 * The renewal stage (seed step 7): from the day the offer is due (90 days before the term's end by
 * default) to a few weeks after it, plans the contract's renewal with the pure timeline and
 * performs what is due, each once under its key:
 *
 * - **fixed term**: the offer (service summary, pricing options, upgrades, the auto-pay
 *   invitation), follow-ups while unanswered, a `renewal.salesAlert` event for a person to call;
 *   accepted → a new term from the old end (a new contract version, with the renewal's price
 *   increase as dated price changes), declined → `service.end` at the term's end; never answered
 *   → the term lapses (`renewal.lapsed`);
 * - **automatic renewal**: the renewal notice in the jurisdiction's window and the price-increase
 *   notice in time, then the renewal itself; a missed notice is a task, never a silent renewal;
 *   a cancellation in time → `service.end`.
 *
 * With `wake` (a store with wake-ups), adds when the stage next has something to do — see
 * {@link renewalWakeUp} — so a contract inside its window is not handled every day of it.
 *
 * Returns whether the contract was renewed (the run's copy of it is then stale). @internal
 */
export async function renewals(ctx: RunContext, contract: Contract, accountId: string, asOf: string, cases: readonly AccountCase[], wake?: WakeUp): Promise<boolean> {
  const day = ctx.dayIn(asOf, contract.customer.timeZone);
  if (!inWindow(ctx, contract, day)) return false;
  const end = contract.term.end as CalendarDate;
  const term = await termHistory(ctx, contract, cases);
  const facts = timelineFacts(contract, [], { term, ...(ctx.policy === undefined ? {} : { policy: ctx.policy }) });
  const now = Date.parse(asOf);
  // A renewal is made as soon as the next term's first invoice is due to be issued (its lead days
  // before the end), so that invoice goes out on time; everything else on its day.
  const issueFrom = addDays(day, contract.billing.leadDays ?? DEFAULT_LEAD_DAYS);
  const planned = nextActions(facts, asOf).filter((a) => a.about.kind === "contract");
  const due = planned.filter((a) => (a.kind === "renewContract" ? a.term.start <= issueFrom : Date.parse(a.at) <= now));
  if (wake !== undefined) renewalWakeUp(ctx, contract, wake, day, now, planned);
  let renewed = false;
  for (const action of due) {
    if (action.kind === "message") {
      const { subject, text } = offerText(ctx, contract, action, end);
      if (await sendKeyed(ctx, contract, accountId, action, { subject, text, reference: contract.id, template: offerTemplate(ctx, contract, action, end) })) ctx.report.renewalMessages++;
    } else if (action.kind === "task") {
      await recordTask(ctx, contract, accountId, action);
    } else if (action.kind === "renewContract") {
      await sendConfirmation(ctx, contract, accountId, action);
      renewed = (await renew(ctx, contract, accountId, action)) || renewed;
    } else if (action.kind === "endService") {
      await oneEvent(ctx, accountId, action.key, "service.end", { contractId: contract.id, on: end, reason: action.reason }, `Service ends on ${end}: the customer ${action.reason === "declined" ? "declined the renewal" : "cancelled the automatic renewal"}`);
    }
  }
  // A fixed term nobody renewed: it lapses at its end (billing stops there by itself).
  if (!renewed && day >= end && !contract.term.autoRenew && !due.some((a) => a.kind === "endService")) {
    if (await oneEvent(ctx, accountId, `contract:${contract.id}:${end}:lapsed`, "renewal.lapsed", { contractId: contract.id, on: end }, `Agreement ${contract.id} ended on ${end} without a renewal`)) ctx.report.renewalsLapsed++;
  }
  return renewed;
}

/**
 * When the renewal stage next has something to do for a contract inside its window, if nothing is
 * written on the account meanwhile (an answer, a cancellation or a payment-method change is a
 * write, and wakes it): the earliest of
 *
 * - each planned action still ahead (a message at its send-window opening, a task, the end of
 *   service) — and a renewal on the day the next term's first invoice is due to be issued;
 * - the start of the next day on which the schedule itself can change with the date alone: the
 *   offer, follow-up, sales-alert and price-notice days, the day after a notice window closes
 *   (the notice is then missed: a task), the day after the price-increase deadline, the term's
 *   end (a fixed term lapses) and the day after the window.
 *
 * So a contract sleeps from one renewal step to the next instead of being handled on each of the
 * ~127 days of its window (the year bench: ~40 % of all contract-days were renewal-window days).
 * The differential test (test/engine/wakeup.test.ts) runs portfolios with renewals both ways. @internal
 */
function renewalWakeUp(ctx: RunContext, contract: Contract, wake: WakeUp, day: CalendarDate, now: number, planned: readonly ReturnType<typeof nextActions>[number][]): void {
  const timeZone = contract.customer.timeZone;
  const end = contract.term.end as CalendarDate;
  const lead = contract.billing.leadDays ?? DEFAULT_LEAD_DAYS;
  for (const action of planned) {
    if (action.kind === "renewContract") {
      const from = addDays(action.term.start, -lead);
      if (from > day) wake.day(from, timeZone, `renewal ${action.key}`);
    } else {
      const at = Date.parse(action.at);
      if (at > now) wake.at(at, `renewal ${action.key}`);
    }
  }
  const policy = ctx.policy?.renewals ?? DEFAULT_RENEWAL_POLICY;
  const before = [policy.offerDaysBeforeEnd, ...policy.followUpDaysBeforeEnd, policy.salesAlertDaysBeforeEnd, policy.priceIncreaseNoticeDays, policy.priceIncreaseNoticeDays - 1];
  const notice = policy.autoRenewal.notice;
  if (notice !== null) {
    const cancellation = contract.term.cancellationNoticeDays ?? policy.autoRenewal.cancellationNoticeDays;
    for (const reference of [0, cancellation]) before.push(reference + notice.maxDaysBefore, reference + notice.minDaysBefore, reference + notice.minDaysBefore - 1);
  }
  let next: CalendarDate | undefined;
  for (const days of [...before.map((d) => -d), -lead, 0, 36]) {
    const candidate = addDays(end, days);
    if (candidate > day && (next === undefined || candidate < next)) next = candidate;
  }
  if (next !== undefined) wake.day(next, timeZone, "renewal: the schedule's next day");
}

/** Appends one event (and its activity line) under an id, once; false when it was there already. */
async function oneEvent(ctx: RunContext, accountId: string, id: string, type: string, data: Record<string, unknown>, text: string, exception?: RaisedException): Promise<boolean> {
  try {
    // The exception for a person goes in the same transaction as its event: a crash between the
    // two can no longer leave the event recorded (so never again attempted) and the exception missing.
    const raised = await ctx.store.transaction(async (tx) => {
      const at = ctx.now();
      await tx.appendEvent({ id, type, accountId, at, data });
      await tx.appendActivity({ id, accountId, at, kind: type, text, reference: String(data.contractId ?? "") });
      return exception === undefined ? false : raiseException(tx, exception, at);
    });
    if (raised) ctx.report.exceptionsRaised++;
    return true;
  } catch (error) {
    if (error instanceof UniqueViolationError) return false;
    throw error;
  }
}

/** A timeline task: `salesOutreach` becomes the `renewal.salesAlert` event; the others a `task.<kind>` event for the exceptions queue. */
async function recordTask(ctx: RunContext, contract: Contract, accountId: string, action: TaskAction): Promise<void> {
  const type = action.task === "salesOutreach" ? "renewal.salesAlert" : `task.${action.task}`;
  const exception = action.task === "salesOutreach" ? "salesAlert" : action.task === "renewalNoticeMissed" || action.task === "priceIncreaseNoticeMissed" ? action.task : undefined;
  const what = exception === "salesAlert" ? "call the customer about the renewal, then record the answer (acceptRenewal or declineRenewal)" : "decide the renewal with the customer: the contract is not renewed silently";
  const raised: RaisedException | undefined = exception === undefined ? undefined : { id: `exception:${action.key}`, accountId, contractId: contract.id, exception, reason: action.detail, action: what };
  if (await oneEvent(ctx, accountId, action.key, type, { contractId: contract.id, task: action.task, detail: action.detail, termEnd: contract.term.end ?? null }, action.detail, raised)) {
    if (action.task === "salesOutreach") ctx.report.salesAlerts++;
  }
}

/** Whether a renewal raises the prices: a price increase not announced in time is not applied (the timeline renews at the current price). */
function raises(ctx: RunContext, contract: Contract, action: RenewContractAction): boolean {
  const percent = ctx.settings.renewal.priceIncreasePercent;
  return percent !== undefined && action.term.recurringPrice !== undefined && recurring(contract, percent).renewed.minor === action.term.recurringPrice.minor && recurring(contract, undefined).now.minor !== action.term.recurringPrice.minor;
}

/**
 * The renewal confirmation (template `renewalConfirmation`: the new term and its monthly price),
 * by an engine that renders branded messages, once under `<renewal key>:confirmation`. It goes
 * out just before the renewal is written: a run stopped in between renews on the next run, which
 * finds the confirmation sent; the other order would lose it, since a renewed contract has no
 * renewal left to perform.
 */
async function sendConfirmation(ctx: RunContext, contract: Contract, accountId: string, action: RenewContractAction): Promise<void> {
  if (ctx.messages === undefined) return;
  const { now, renewed } = recurring(contract, ctx.settings.renewal.priceIncreasePercent);
  const monthly = raises(ctx, contract, action) ? renewed : now;
  const { start, end } = action.term;
  const termEnd = end ?? start;
  await deliver(ctx, contract, accountId, {
    key: `${action.key}:confirmation`,
    kind: "renewalConfirmation",
    subject: `Your agreement ${contract.id} is renewed`,
    text: `Hello ${contract.customer.name}, agreement ${contract.id} is renewed from ${start}${end === undefined ? "" : ` to ${end}`} at ${usd(monthly)} a month.`,
    reference: contract.id,
    template: { kind: "renewalConfirmation", model: { customerName: contract.customer.name, contractId: contract.id, termStart: start, termEnd, monthly } },
  });
}

/**
 * Renews: the contract's next version, in one transaction with its event — the term's end moved
 * to the new term's, and each rated recurring line's price raised by the renewal increase from the
 * new term's first day (a dated price change, so the invoice prorates it).
 */
async function renew(ctx: RunContext, contract: Contract, accountId: string, action: RenewContractAction): Promise<boolean> {
  const percent = ctx.settings.renewal.priceIncreasePercent;
  const start = action.term.start;
  const raise = raises(ctx, contract, action);
  const rated = ratedLines(contract);
  const next: Contract = {
    ...contract,
    term: { ...contract.term, end: action.term.end },
    sites: contract.sites.map((site) => ({
      ...site,
      lines: site.lines.map((line) => {
        // The rate in force on the term's last day, raised from the new term's first day.
        const current = raise ? rated.find((r) => r.line === line) : undefined;
        if (current === undefined) return line;
        const rate = toDecimalString(increased(current.rate, percent, contract.billing.currency));
        const changes = "priceChanges" in line && Array.isArray(line.priceChanges) ? line.priceChanges : [];
        return { ...line, priceChanges: [...changes, { effective: start, rate }] } as Line;
      }),
    })),
  } as Contract;
  try {
    return await ctx.store.transaction(async (tx) => {
      const stored = await tx.getContract(contract.id);
      // Renewed already (a rerun, another worker): the stored term ends later.
      if (stored === undefined || stored.contract.term.end !== contract.term.end) return false;
      await tx.putContract(next, stored.version);
      const at = ctx.now();
      const months = daysBetween(start, action.term.end) > 0 ? `${start} to ${action.term.end}` : start;
      await tx.appendEvent({ id: action.key, type: "contract.renewed", accountId, at, data: { contractId: contract.id, start, end: action.term.end, trigger: action.trigger, priceIncreasePercent: raise ? percent : null } });
      await tx.appendActivity({ id: action.key, accountId, at, kind: "contract.renewed", text: `Agreement ${contract.id} renewed (${action.trigger}) for ${months}${raise ? `, prices +${percent} %` : ""}`, reference: contract.id });
      ctx.report.renewals++;
      return true;
    });
  } catch (error) {
    if (error instanceof UniqueViolationError) return false;
    throw error;
  }
}

/** Records a customer's answer to a renewal (see `BillingEngine.acceptRenewal` / `declineRenewal`). @internal */
export async function answerRenewal(ctx: RunContext, input: RenewalAnswerInput, decision: "accepted" | "declined"): Promise<RenewalCase> {
  const issues = new IssueCollector();
  if (input.termMonths !== undefined && (!Number.isSafeInteger(input.termMonths) || input.termMonths < 1 || input.termMonths > 120)) issues.add(["termMonths"], ErrorCodes.invalidValue, `expected whole months from 1 to 120, got ${String(input.termMonths)}`);
  return ctx.store.transaction(async (tx) => {
    const stored = await tx.getContract(input.contractId);
    const contract = stored?.contract;
    const today = toCalendarDate(ctx.now(), contract?.customer.timeZone ?? "UTC");
    if (contract === undefined) issues.add(["contractId"], ErrorCodes.invalidReference, `no contract ${input.contractId}`);
    else if (contract.term.end === undefined) issues.add(["contractId"], ErrorCodes.invalidValue, `contract ${input.contractId} is open-ended: there is no renewal to answer`);
    else if (contract.termination !== undefined) issues.add(["contractId"], ErrorCodes.invalidValue, `contract ${input.contractId} was terminated on ${contract.termination.date}`);
    else if (contract.term.end <= today) issues.add(["contractId"], ErrorCodes.invalidValue, `the term of contract ${input.contractId} ended on ${contract.term.end}: it is too late to answer its renewal`);
    else if (input.termEnd !== undefined && input.termEnd !== contract.term.end) issues.add(["termEnd"], ErrorCodes.invalidValue, `the answer is about the term ending ${input.termEnd}, but contract ${input.contractId}'s term now ends on ${contract.term.end} (renewed or changed since): nothing recorded`);
    if (!issues.ok || contract === undefined || stored === undefined) throw new ValidationError(issues.issues);
    const termEnd = contract.term.end as CalendarDate;
    const at = ctx.now();
    const id = `renewal:${contract.id}:${termEnd}`;
    const record: Omit<RenewalCase, "version"> = {
      id,
      kind: "renewal",
      accountId: stored.accountId,
      contractId: contract.id,
      invoiceNumbers: [],
      status: "closed",
      openedAt: at,
      closedAt: at,
      termEnd,
      decision,
      ...(input.termMonths === undefined ? {} : { termMonths: input.termMonths }),
      ...(input.reason === undefined ? {} : { reason: input.reason }),
    };
    let saved: AccountCase;
    try {
      saved = await tx.insertCase(record);
    } catch (error) {
      if (error instanceof UniqueViolationError) {
        const earlier = (await tx.getCase(id)) as RenewalCase | undefined;
        throw new ValidationError([{ path: ["contractId"], code: ErrorCodes.invalidValue, message: `the renewal of contract ${contract.id} (term ending ${termEnd}) was already ${earlier?.decision ?? "answered"}` }]);
      }
      throw error;
    }
    if (decision === "accepted" && input.termMonths !== undefined && input.termMonths !== contract.term.renewalTermMonths) {
      // The term the customer chose: the timeline renews for the contract's renewal term.
      await tx.putContract({ ...contract, term: { ...contract.term, renewalTermMonths: input.termMonths } } as Contract, stored.version);
    }
    const type = decision === "accepted" ? "renewal.accepted" : "renewal.declined";
    await tx.appendEvent({ id: `${type}:${contract.id}:${termEnd}`, type, accountId: stored.accountId, at, data: { contractId: contract.id, termEnd, ...(input.termMonths === undefined ? {} : { termMonths: input.termMonths }), ...(input.reason === undefined ? {} : { reason: input.reason }) } });
    await tx.appendActivity({ id, accountId: stored.accountId, at, kind: type, text: `Renewal of ${contract.id} (term ending ${termEnd}) ${decision}${input.reason === undefined ? "" : `: ${input.reason}`}`, reference: contract.id });
    return saved as RenewalCase;
  });
}
