import type { Contract } from "../contract/index.js";
import { addDays, type CalendarDate } from "../calendar/index.js";
import { classifyDecline, nextActions, timelineFacts, type AttemptOutcome, type PaymentFact, type TimelineAction, type ChargeAction, type InvoiceHistory, type MessageAction, type PaymentAttempt, type TimelineFacts } from "../timeline/index.js";
import { fromMinorUnits, toDecimalString, type Money } from "../money/index.js";
import { UniqueViolationError, type AccountCase, type ChargeAttempt, type MessageRecord, type StoredInvoice } from "../ports/index.js";
import { charge, hardDeclined, isCustomerAttempt } from "./autopay.js";
import { movesBack, performDunning, sendDunningNotice } from "./dunning.js";
import { assessLateFee } from "./lateFees.js";
import { disputeFacts, settlePromises } from "./cases.js";
import { raise } from "./exceptions.js";
import type { RunContext } from "./context.js";
import { addressOf, bodyFor, contentFor, maySendNow, sendKeyed, sendStored, type Templated } from "./deliver.js";
import { paymentLinkFor } from "./paymentLinks.js";
import { REPLAN_DAYS, startOfDayIn, type WakeUp } from "./wakeUp.js";

/**
 * A stored charge attempt as the timeline reads it. The gateway's own verdict on a decline wins:
 * a decline it calls hard is never retried, whatever its code. @internal
 */
export function attemptFact(attempt: ChargeAttempt, method: "card" | "ach"): PaymentAttempt {
  const outcome = ((): AttemptOutcome => {
    const result = attempt.outcome;
    switch (attempt.status) {
      case "succeeded":
        return { kind: "succeeded" };
      case "pending":
        return { kind: "processing" };
      case "declined": {
        if (result?.status !== "declined") return { kind: "declined", decline: {} };
        if (method === "ach" && /^R\d\d$/.test(result.code)) return { kind: "returned", returnCode: result.code };
        const byCode = { responseCode: result.code, ...(result.retryAfter === undefined ? {} : { retryAfter: result.retryAfter }) };
        // A code the timeline would retry, declared hard by the gateway: not retried.
        if (result.kind === "hard" && classifyDecline(byCode).kind === "soft") return { kind: "declined", decline: { reason: "transactionNotPermitted" } };
        return { kind: "declined", decline: byCode };
      }
      default:
        return { kind: "unknown" };
    }
  })();
  return { id: attempt.key, at: attempt.startedAt, method: { kind: method, token: attempt.paymentMethodToken }, origin: isCustomerAttempt(attempt.key) ? "customer" : "automatic", outcome };
}

/**
 * How recent a late payment must be for the run to look at its invoice again (the way back to
 * current, and `service.restore`). A run is expected at least daily; five weeks covers any outage.
 */
const RECOVERY_LOOKBACK_DAYS = 35;


/**
 * An invoice's payments as the timeline reads them: each allocation on its day (the start of the
 * day on the customer's clock). What the allocations do not explain — credit notes and account
 * credit applied, or money that went back — is settled as of the issue date, so the facts add up
 * to what is paid now.
 */
function paymentFacts(stored: StoredInvoice, allocated: readonly PaymentFact[]): PaymentFact[] {
  const invoice = stored.invoice;
  const paid = invoice.total.minor - stored.balance.minor;
  const dated = allocated.reduce((total, f) => total + f.amount.minor, 0);
  if (dated === paid) return [...allocated];
  if (dated < paid) return [{ at: `${invoice.issueDate}T00:00:00.000Z`, amount: fromMinorUnits(paid - dated, invoice.currency) }, ...allocated];
  // Money went back (a refund, a chargeback): what is paid now, as of the issue date.
  return paid > 0 ? [{ at: `${invoice.issueDate}T00:00:00.000Z`, amount: fromMinorUnits(paid, invoice.currency) }] : [];
}

const SUBJECTS: Partial<Record<MessageAction["template"], (number: string) => string>> = {
  paymentReminder: (n) => `Reminder: invoice ${n}`,
  paymentFailed: (n) => `Your payment for invoice ${n} did not go through`,
  updatePaymentMethod: (n) => `Please update your payment method for invoice ${n}`,
};

function reminderText(contract: Contract, action: MessageAction, stored: StoredInvoice, link: string): string {
  const invoice = stored.invoice;
  const owed = `${toDecimalString(stored.balance)} ${invoice.currency}`;
  const hello = `Hello ${contract.customer.name},`;
  switch (action.template) {
    case "paymentFailed":
      return `${hello}\nthe automatic payment of ${owed} for invoice ${invoice.number} was declined. We will try again; to pay now or update your card or bank account: ${link}`;
    case "updatePaymentMethod":
      return `${hello}\nwe could not collect ${owed} for invoice ${invoice.number} from your stored payment method, and will not try it again. Please pay or add a new payment method: ${link}`;
    default:
      return `${hello}\n${action.tone === "courtesy" ? "a courtesy reminder: " : ""}${reminderSentence(action, stored)}\nPay securely: ${link}`;
  }
}

/** One reminder in words, its tone escalating with the step. */
function reminderSentence(action: MessageAction, stored: StoredInvoice): string {
  const invoice = stored.invoice;
  const owed = `${toDecimalString(stored.balance)} ${invoice.currency}`;
  switch (action.tone) {
    case "courtesy":
      return `invoice ${invoice.number} for ${owed} is due on ${invoice.dueDate}.`;
    case "due":
      return `invoice ${invoice.number} for ${owed} is due today.`;
    case "friendly":
      return `invoice ${invoice.number} for ${owed} was due on ${invoice.dueDate} and is still open.`;
    default:
      return `invoice ${invoice.number} for ${owed} is overdue since ${invoice.dueDate}. Please pay now to keep your account in good standing.`;
  }
}

/** A reminder whose time has come, with the invoice it is about and the contract that billed it. @internal */
export interface DueReminder {
  readonly action: MessageAction;
  readonly stored: StoredInvoice;
  readonly contract: Contract;
}

/**
 * The reminders due for one account on this run — from all its contracts — recipient by
 * recipient (a channel and an address): one due alone goes out under its own key; several (a
 * multi-site contract's invoices, two contracts of one customer, a late step caught up with the
 * next) go out as one message listing each, under the first one's key with `+N`, and each
 * reminder's own key is recorded as `"merged"` into it in the same transaction, so no rerun sends
 * any of them again. A merged message a crash left unsent is sent again under its key. @internal
 */
export async function sendReminders(ctx: RunContext, accountId: string, due: readonly DueReminder[]): Promise<void> {
  const recipients = new Map<string, { channel: "email" | "sms"; to: string; group: DueReminder[] }>();
  for (const d of due) {
    const channel = d.action.channel;
    if (channel === "portal") continue;
    const to = addressOf(d.contract, channel);
    if (to === undefined) continue;
    const id = `${channel} ${to}`;
    const known = recipients.get(id);
    if (known === undefined) recipients.set(id, { channel, to, group: [d] });
    else known.group.push(d);
  }
  for (const { channel, to, group } of recipients.values()) {
    const contract = (group[0] as DueReminder).contract;
    if (!maySendNow(ctx, contract, channel)) {
      ctx.report.heldForQuietHours += group.length;
      continue;
    }
    const records = await ctx.store.transaction(async (tx) => {
      const found = new Map<string, MessageRecord>();
      for (const d of group) {
        const record = await tx.getMessage(d.action.key);
        if (record !== undefined) found.set(d.action.key, record);
        const into = record?.status === "merged" ? record.mergedInto : undefined;
        const merged = into === undefined ? undefined : await tx.getMessage(into);
        if (merged !== undefined) found.set(merged.key, merged);
      }
      return found;
    });
    // A crash between the intent and the notifier's answer: the same message, again, under its key.
    for (const record of records.values()) {
      if (record.status !== "sending") continue;
      const inside = group.filter((d) => records.get(d.action.key)?.mergedInto === record.key).length;
      if (inside > 0 && (await sendStored(ctx, record, record.subject ?? record.kind))) ctx.report.reminders += inside;
      else {
        const single = group.find((d) => d.action.key === record.key);
        if (single !== undefined && (await sendAction(ctx, single.contract, accountId, single.action, single.stored))) ctx.report.reminders++;
      }
    }
    const fresh = group.filter((d) => !records.has(d.action.key));
    if (fresh.length === 0) continue;
    const [first] = fresh;
    if (first === undefined) continue;
    if (fresh.length === 1) {
      if (await sendAction(ctx, first.contract, accountId, first.action, first.stored)) ctx.report.reminders++;
      continue;
    }
    const key = `${first.action.key}+${fresh.length - 1}`;
    const numbers = fresh.map((d) => d.stored.invoice.number);
    const subject = `Reminder: invoices ${numbers.join(", ")}`;
    const text = [
      `Hello ${contract.customer.name},`,
      `a reminder about ${fresh.length} invoices:`,
      ...fresh.map((d) => `- ${reminderSentence(d.action, d.stored)} Pay securely: ${paymentLinkFor(ctx.settings, d.stored.invoice, d.stored.balance)}`),
    ].join("\n");
    // Branded: one reminder listing each invoice, in the tone of the latest step among them.
    const latest = fresh.reduce((a, d) => (d.action.at > a.action.at ? d : a), first);
    const template = templateOf(contract, latest.action, fresh.map((d) => d.stored), paymentLinkFor(ctx.settings, first.stored.invoice, first.stored.balance));
    const rendered = await contentFor(ctx, contract, { subject, text, template });
    const body = bodyFor(ctx, rendered, channel, key);
    let record: MessageRecord;
    try {
      record = await ctx.store.transaction(async (tx) => {
        const createdAt = ctx.now();
        const merged = await tx.insertMessage({ key, accountId, kind: "paymentReminder", channel, to, ...body, reference: numbers.join(", "), status: "sending", createdAt });
        for (const d of fresh) {
          await tx.insertMessage({ key: d.action.key, accountId, kind: "paymentReminder", channel, to, subject, text: `Sent in ${key}.`, reference: d.stored.invoice.number, status: "merged", mergedInto: key, createdAt });
        }
        return merged;
      });
    } catch (error) {
      if (error instanceof UniqueViolationError) continue;
      throw error;
    }
    if (await sendStored(ctx, record, body.subject)) ctx.report.reminders += fresh.length;
  }
}

/** The method auto-pay charges, in words. */
function described(contract: Contract): string {
  const method = contract.paymentMethod;
  if (method === undefined) return "your payment method";
  return `${method.kind === "ach" ? "bank account" : method.kind}${method.last4 === undefined ? "" : ` ending ${method.last4}`}`;
}

/** A reminder's or failure notice's template and model (rendered when the engine has a brand). */
function templateOf(contract: Contract, action: MessageAction, invoices: readonly StoredInvoice[], link: string): Templated | undefined {
  const [first] = invoices;
  if (first === undefined) return undefined;
  const customerName = contract.customer.name;
  if (action.template === "paymentReminder") {
    const total = invoices.reduce((t, s) => t + s.balance.minor, 0);
    return { kind: "paymentReminder", model: { customerName, tone: action.tone, invoices: invoices.map((s) => ({ number: s.invoice.number, dueDate: s.invoice.dueDate, balance: s.balance })), total: { ...first.balance, minor: total }, paymentLink: link } };
  }
  if (action.template === "paymentFailed") return { kind: "paymentFailed", model: { customerName, invoiceNumber: first.invoice.number, amount: first.balance, method: described(contract), updateLink: link } };
  if (action.template === "updatePaymentMethod") return { kind: "updatePaymentMethod", model: { customerName, invoiceNumber: first.invoice.number, amount: first.balance, method: described(contract), updateLink: link } };
  return undefined;
}

/** Sends one timeline message about an invoice under its own key, once (see {@link sendKeyed}). */
async function sendAction(ctx: RunContext, contract: Contract, accountId: string, action: MessageAction, stored: StoredInvoice): Promise<boolean> {
  const subjectOf = SUBJECTS[action.template];
  if (subjectOf === undefined) return false;
  const link = paymentLinkFor(ctx.settings, stored.invoice, stored.balance);
  return sendKeyed(ctx, contract, accountId, action, {
    subject: subjectOf(stored.invoice.number),
    text: reminderText(contract, action, stored, link),
    reference: stored.invoice.number,
    template: templateOf(contract, action, [stored], link),
  });
}

/** A retry the timeline planned and whose time has come: charged once, under the action's key. */
async function retry(ctx: RunContext, contract: Contract, accountId: string, action: ChargeAction, stored: StoredInvoice, asOf: string): Promise<boolean> {
  const attempts = await ctx.store.transaction((tx) => tx.listInvoiceAttempts(stored.invoice.number));
  // One charge at a time, and never one that is already made.
  if (attempts.some((a) => a.key === action.key || a.status === "started" || a.status === "unknown" || a.status === "pending")) return false;
  let attempt: ChargeAttempt | undefined;
  try {
    attempt = await ctx.store.transaction(async (tx) => {
      const current = await tx.getInvoice(stored.invoice.number);
      // Paid meanwhile: nothing to charge.
      if (current === undefined || current.invoice.status !== "open" || current.balance.minor <= 0) return undefined;
      return tx.insertAttempt({ key: action.key, invoiceNumber: current.invoice.number, accountId, amount: current.balance, paymentMethodToken: action.paymentMethodToken, startedAt: ctx.now(), status: "started" });
    });
  } catch (error) {
    if (error instanceof UniqueViolationError) return false;
    throw error;
  }
  if (attempt === undefined) return false;
  await charge(ctx, contract, accountId, attempt, asOf.slice(0, 10));
  return true;
}

/**
 * The follow-up stage (seed step 5 and the retries of the receivables note): reads the contract's
 * open invoices with their payments and charge attempts, asks the pure timeline
 * ({@link nextActions}) what is due by `asOf`, and performs the reminders (−3, 0, +5, +10 days by
 * default, escalating tone, none once paid), the failure notices (with the link to update the
 * payment method) and the retries of soft-declined auto-pay charges (24 h, 3 d, 7 d; never a hard
 * decline; the card networks' dated limits) — each under the action's stable key, once. The
 * auto-pay stage keeps the first charge and its upcoming-charge notice. With `wake`, it hears when
 * the timeline has something due next (the contract's next wake-up for this stage). @internal
 */
export async function followUp(ctx: RunContext, contract: Contract, accountId: string, asOf: string, cases: readonly AccountCase[] = [], deferReminders?: (due: readonly DueReminder[]) => void, wake?: WakeUp): Promise<void> {
  const counts = ctx.report;
  // A promise to pay holds the account's dunning until its day; the first run after it settles it.
  const promised = await settlePromises(ctx, contract, cases, asOf);
  const disputes = disputeFacts(cases);
  const since = addDays(asOf.slice(0, 10), -RECOVERY_LOOKBACK_DAYS);
  const { open, recovered, attempts, allocations, others } = await ctx.store.transaction(async (tx) => {
    const all = await tx.listContractInvoices(contract.id);
    const open = all.filter((s) => s.invoice.status === "open" && s.balance.minor > 0);
    const paid = all.filter((s) => s.invoice.status === "paid" && s.invoice.dueDate <= asOf.slice(0, 10));
    const attempts = new Map<string, readonly ChargeAttempt[]>();
    for (const s of open) attempts.set(s.invoice.number, await tx.listInvoiceAttempts(s.invoice.number));
    // The account's other contracts' open invoices: its dunning is one state over all of them.
    const others: { contract: Contract; invoices: StoredInvoice[] }[] = [];
    if (open.length > 0 || paid.length > 0) {
      for (const s of await tx.listOpenInvoices(accountId)) {
        if (s.invoice.contractId === contract.id || s.invoice.status !== "open" || s.balance.minor <= 0) continue;
        let group = others.find((o) => o.contract.id === s.invoice.contractId);
        if (group === undefined) {
          const stored = await tx.getContract(s.invoice.contractId);
          if (stored === undefined) continue;
          group = { contract: stored.contract, invoices: [] };
          others.push(group);
        }
        group.invoices.push(s);
        attempts.set(s.invoice.number, await tx.listInvoiceAttempts(s.invoice.number));
      }
    }
    // Dated payments of each invoice, from the payments' allocations.
    const allocations = new Map<string, { readonly on: CalendarDate; readonly amount: Money }[]>();
    if (open.length > 0 || paid.length > 0) {
      for (const payment of await tx.listPayments(accountId)) {
        for (const a of payment.allocations) {
          const list = allocations.get(a.invoiceNumber) ?? [];
          list.push({ on: payment.receivedOn, amount: a.amount });
          allocations.set(a.invoiceNumber, list);
        }
      }
    }
    // Paid after the due date, in the last weeks: the facts of a way back (past due → current),
    // which tells the FSM product to restore a suspended service.
    const lateAndRecent = (s: StoredInvoice): boolean => (allocations.get(s.invoice.number) ?? []).some((a) => a.on > s.invoice.dueDate && a.on >= since);
    const recovered = paid.filter(lateAndRecent);
    // The account's other contracts' invoices paid late in the last weeks, found through the
    // payments' allocations: the account's way back is planned from every contract's invoices.
    if (others.length > 0 || open.length > 0) {
      const mine = new Set(all.map((s) => s.invoice.number));
      for (const number of allocations.keys()) {
        if (mine.has(number) || others.some((o) => o.invoices.some((s) => s.invoice.number === number))) continue;
        if (!(allocations.get(number) ?? []).some((a) => a.on >= since)) continue;
        const s = await tx.getInvoice(number);
        if (s === undefined || s.invoice.status !== "paid" || s.invoice.dueDate > asOf.slice(0, 10) || !lateAndRecent(s)) continue;
        let group = others.find((o) => o.contract.id === s.invoice.contractId);
        if (group === undefined) {
          const stored = await tx.getContract(s.invoice.contractId);
          if (stored === undefined) continue;
          group = { contract: stored.contract, invoices: [] };
          others.push(group);
        }
        group.invoices.push(s);
      }
    }
    return { open, recovered, attempts, allocations, others };
  });
  if (open.length === 0 && recovered.length === 0) return;
  const method = contract.paymentMethod?.kind === "ach" ? "ach" : "card";
  const history: Record<string, InvoiceHistory> = {};
  for (const s of [...open, ...recovered, ...others.flatMap((o) => o.invoices)]) {
    history[s.invoice.number] = {
      payments: paymentFacts(s, (allocations.get(s.invoice.number) ?? []).map((a) => ({ at: startOfDayIn(a.on, contract.customer.timeZone), amount: a.amount }))),
      attempts: (attempts.get(s.invoice.number) ?? []).filter((a) => a.status !== "skipped").map((a) => attemptFact(a, method)),
      // While disputed: no reminders, no late fees, no collections for this invoice.
      ...(disputes.has(s.invoice.number) ? { disputes: disputes.get(s.invoice.number) ?? [] } : {}),
      // No late fee on a late fee (the FTC's Credit Practices Rule forbids pyramiding them).
      ...(s.invoice.kind === "lateFee" ? { waiveLateFees: true } : {}),
    };
  }
  // A method declined hard is charged no more (the auto-pay stage stops): invoices it has not
  // tried yet are reminded like any other, until the customer gives a new one. Invoices it did try
  // keep their own timeline (the "update your payment method" notice, then the late reminders).
  const token = contract.paymentMethod?.autoPay === true ? contract.paymentMethod.token : undefined;
  const blocked = token !== undefined && (await hardDeclined(ctx, contract, token));
  if (blocked && token !== undefined) {
    const raised = await raise(ctx.store, { id: `exception:hardDecline:${token}`, accountId, contractId: contract.id, exception: "hardDecline", reason: `auto-pay stopped: the payment method ${contract.paymentMethod?.last4 === undefined ? token : `ending ${contract.paymentMethod.last4}`} was declined hard`, action: "get a new card or bank account from the customer and update the contract's payment method" }, ctx.now());
    if (raised) counts.exceptionsRaised++;
  }
  const tried = (s: StoredInvoice): boolean => (history[s.invoice.number]?.attempts?.length ?? 0) > 0;
  const groups: { contract: Contract; invoices: StoredInvoice[] }[] =
    blocked && contract.paymentMethod !== undefined
      ? [
          { contract, invoices: [...open.filter(tried), ...recovered] },
          { contract: { ...contract, paymentMethod: { ...contract.paymentMethod, autoPay: false } }, invoices: open.filter((s) => !tried(s)) },
        ]
      : [{ contract, invoices: [...open, ...recovered] }];
  // The renewal stage plans the contract's term; here only the invoices and the account are
  // planned (the term's renewal schedule was a fifth of this stage's time in the engine bench).
  const plan = (g: { contract: Contract; invoices: readonly StoredInvoice[] }): TimelineAction[] =>
    nextActions(timelineFacts(g.contract, g.invoices.map((s) => s.invoice), { history, terms: false, ...(ctx.policy === undefined ? {} : { policy: ctx.policy }) }), asOf);
  const planned = groups.filter((g) => g.invoices.length > 0).map(plan);
  // Invoice actions from each group; the account's dunning from all its invoices together — this
  // contract's and the open ones of the account's other contracts.
  const accountPlan =
    others.length > 0
      ? nextActions(
          ((parts) => ({ ...(parts[0] as TimelineFacts), invoices: parts.flatMap((p) => p.invoices ?? []) }))(
            [{ contract, invoices: [...open, ...recovered] }, ...others].map((g) => timelineFacts(g.contract, g.invoices.map((s) => s.invoice), { history, terms: false, ...(ctx.policy === undefined ? {} : { policy: ctx.policy }) })),
          ),
          asOf,
        )
      : planned.length === 1
        ? (planned[0] ?? [])
        : plan({ contract, invoices: [...open, ...recovered] });
  const accountOpen = [...open, ...others.flatMap((o) => o.invoices)];
  // Each action's instant parsed once (the sort compares them many times).
  const timed = [...planned.flatMap((p) => p.filter((a) => a.about.kind === "invoice")), ...accountPlan.filter((a) => a.about.kind === "account")].map((a) => ({ a, ms: Date.parse(a.at) }));
  timed.sort((x, y) => x.ms - y.ms || (x.a.key < y.a.key ? -1 : x.a.key > y.a.key ? 1 : 0));
  const byNumber = new Map(open.map((s) => [s.invoice.number, s]));
  const now = Date.parse(asOf);
  const upcoming = timed.filter((t) => t.ms > now).map((t) => t.a);
  if (wake !== undefined) {
    const next = timed.find((t) => t.ms > now);
    if (next !== undefined) wake.at(next.ms, `${next.a.kind} ${next.a.key}`);
    // Planned again within weeks whatever the plan shows (late fees are listed a month ahead).
    wake.at(now + REPLAN_DAYS * 86_400_000, "the timeline planned again");
    // A payment made late leaves the way-back facts when it is older than the lookback.
    for (const list of allocations.values()) for (const a of list) if (a.on >= since) wake.day(addDays(a.on, RECOVERY_LOOKBACK_DAYS + 1), contract.customer.timeZone, "a late payment leaves the lookback");
  }
  const reminders: DueReminder[] = [];
  // Catching up (a promise held the ladder, or the engine did not run for days): steps up the
  // ladder that a later return to current (a payment) has overtaken are stale — the account is not
  // made delinquent, suspended or sent a final notice for what is already paid.
  const backToCurrent = timed.filter((t) => t.a.kind === "dunningTransition" && t.a.transition.to === "current" && t.ms <= now);
  const staleBefore = backToCurrent.length === 0 ? Number.NEGATIVE_INFINITY : Math.max(...backToCurrent.map((t) => t.ms));
  for (const { a: action, ms: at } of timed) {
    if (at > now) break;
    if (action.about.kind === "account") {
      if (at < staleBefore && !(action.kind === "dunningTransition" && movesBack(action))) continue;
      // A promise holds dunning forward (a payment still moves the account back).
      if (promised && !(action.kind === "dunningTransition" && movesBack(action))) continue;
      if (action.kind === "dunningTransition") {
        if (await performDunning(ctx, contract, accountId, action, accountOpen, upcoming)) counts.dunningTransitions++;
      } else if (action.kind === "message" && (action.template === "finalNotice" || action.template === "suspensionNotice")) {
        if (await sendDunningNotice(ctx, contract, accountId, action, accountOpen, upcoming)) counts.dunningNotices++;
      }
      continue;
    }
    const stored = action.about.kind === "invoice" ? byNumber.get(action.about.id) : undefined;
    if (stored === undefined) continue;
    if (action.kind === "message") {
      if (action.template === "upcomingCharge") continue; // the auto-pay stage's notice
      if (action.template === "paymentReminder") reminders.push({ action, stored, contract });
      else if (await sendAction(ctx, contract, accountId, action, stored)) counts.failureNotices++;
    } else if (action.kind === "charge" && action.reason === "retry") {
      if (await retry(ctx, contract, accountId, action, stored, asOf)) counts.retries++;
    } else if (action.kind === "task" && action.task === "resolvePaymentOutcome") {
      // Lookups run on every run; a charge still unanswered after days needs a person.
      const raised = await raise(ctx.store, { id: `exception:paymentUnresolved:${action.key}`, accountId, contractId: contract.id, invoiceNumbers: [stored.invoice.number], exception: "paymentUnresolved", reason: action.detail, action: "ask the gateway (or its dashboard) what became of the charge, and record the payment or let the engine charge again" }, ctx.now());
      if (raised) counts.exceptionsRaised++;
    } else if (action.kind === "lateFee") {
      if (await assessLateFee(ctx, contract, accountId, action, stored, asOf)) counts.lateFees++;
    }
  }
  // The run gathers an account's reminders from all its contracts and sends them together.
  if (reminders.length > 0) {
    // Sent (or held) after the contract is handled: the next run looks again, unless every one
    // went out already (a step stays listed until the next one is due).
    if (wake !== undefined && (await ctx.store.transaction(async (tx) => {
      for (const d of reminders) {
        const record = await tx.getMessage(d.action.key);
        if (record === undefined || record.status === "sending") return true;
        if (record.status === "merged" && (record.mergedInto === undefined || [undefined, "sending"].includes((await tx.getMessage(record.mergedInto))?.status))) return true;
      }
      return false;
    }))) wake.soon("reminders due");
    if (deferReminders !== undefined) deferReminders(reminders);
    else await sendReminders(ctx, accountId, reminders);
  }
}
