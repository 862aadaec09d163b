import { addDays, addMonthsFromAnchor, anchorDate, compareDates, dateParts, type CalendarDate, type Instant } from "../calendar/index.js";
import { compare } from "../money/index.js";
import { ErrorCodes, fail } from "../errors/index.js";
import type { ContractTerm, EndServiceAction, MessageAction, RenewContractAction, TaskAction, TaskKind } from "./actions.js";
import type { ContractFacts, CustomerFacts } from "./facts.js";
import { localDate, localInstant, millis, startOfDay } from "./instant.js";
import { DEFAULT_RENEWAL_POLICY, DEFAULT_TIMELINE_POLICY, type TimelinePolicy } from "./policies.js";
import { base, messageActions, type Scheduled } from "./scheduled.js";

/** Which price a renewed term carries. */
export type RenewedPrice = "renewal" | "current";

/** Options for {@link renewedTerm}. */
export interface RenewedTermOptions {
  /** Months in the new term; default the contract's `renewalTermMonths`, else 12. */
  readonly termMonths?: number;
  /** The price after the escalator (`"renewal"`, default) or the current price (an increase not announced in time). */
  readonly price?: RenewedPrice;
}

/**
 * The next term of a contract: it starts where the current one ends and runs for the renewal term
 * (counted from the anchor, so a term ending Jan 31 renews to Jan 31, and a monthly term that
 * started on the 31st and ended Feb 28 renews to Mar 31), at the renewed price.
 *
 * @example
 * ```ts
 * renewedTerm({ id: "K-1", start: "2026-03-10", end: "2027-03-10", renewal: "fixedTerm" });
 * // { start: "2027-03-10", end: "2028-03-10" }
 * ```
 */
export function renewedTerm(contract: ContractFacts, options: RenewedTermOptions = {}): ContractTerm {
  const months = options.termMonths ?? contract.renewalTermMonths ?? DEFAULT_RENEWAL_POLICY.renewalTermMonths;
  if (!Number.isSafeInteger(months) || months < 1) {
    fail(["termMonths"], ErrorCodes.tooSmall, `expected a renewal term of at least 1 whole month, got ${months}`);
  }
  const price = (options.price ?? "renewal") === "renewal" ? (contract.renewalPrice ?? contract.recurringPrice) : contract.recurringPrice;
  return {
    start: contract.end,
    end: renewedEnd(contract.start, contract.end, months),
    ...(price === undefined ? {} : { recurringPrice: price }),
  };
}

/**
 * The end of a renewal of `months` months. A term of whole months keeps the day of the contract's
 * start as its anchor — a term from Jan 31 that ended Feb 28 renews to Mar 31, not Mar 28 — and
 * any other term counts from its own end.
 */
function renewedEnd(start: CalendarDate, end: CalendarDate, months: number): CalendarDate {
  const anchorDay = dateParts(start).day;
  const { year, month } = dateParts(end);
  if (anchorDate(year, month, anchorDay) !== end) return addMonthsFromAnchor(end, months);
  const index = year * 12 + (month - 1) + months;
  return anchorDate(Math.floor(index / 12), (index % 12) + 1, anchorDay);
}

/** Options for {@link renewalSchedule}. */
export interface RenewalScheduleOptions {
  /** The customer: time zone and channels. */
  readonly customer: CustomerFacts;
  /** The policy; default {@link DEFAULT_TIMELINE_POLICY}. */
  readonly policy?: TimelinePolicy;
  /** Now: decides whether a notice can still be sent in its window or was missed. */
  readonly asOf: Instant;
}

/** What {@link renewalSchedule} returns: messages, tasks, renewals and ends of service. */
export type RenewalAction = MessageAction | TaskAction | RenewContractAction | EndServiceAction;

const latest = (a: CalendarDate, b: CalendarDate): CalendarDate => (compareDates(a, b) >= 0 ? a : b);
const earliest = (a: CalendarDate, b: CalendarDate): CalendarDate => (compareDates(a, b) <= 0 ? a : b);

/** {@link renewalSchedule} with what {@link nextActions} needs to drop stale messages. @internal */
export function renewalActions(contract: ContractFacts, customer: CustomerFacts, policy: TimelinePolicy, asOf: number): Scheduled<RenewalAction>[] {
  if (compareDates(contract.end, contract.start) <= 0) {
    fail(["contracts", contract.id, "end"], ErrorCodes.endBeforeStart, `the term ends ${contract.end}, not after it starts ${contract.start}`);
  }
  const rules = policy.renewals;
  const timeZone = customer.timeZone;
  const window = policy.messaging.sendWindow;
  const about = { kind: "contract", id: contract.id } as const;
  const term = contract.end;
  const endsAt = startOfDay(contract.end, timeZone);
  const today = localDate(asOf, timeZone);
  const opening = (date: CalendarDate): number => localInstant(date, window.opens, timeZone);
  const group = `renewal:${contract.id}:${term}`;
  const out: Scheduled<RenewalAction>[] = [];
  const message = (date: CalendarDate, parts: readonly (string | number)[], template: MessageAction["template"], tone: MessageAction["tone"], until: number, grouped: boolean): void => {
    out.push(
      ...messageActions(
        {
          about,
          keyParts: [term, ...parts],
          earliest: opening(latest(date, contract.start)),
          template,
          tone,
          strategy: rules.channels,
          until: Math.min(until, endsAt),
          expiresAt: endsAt,
          ...(grouped ? { group } : {}),
        },
        { customer, window },
      ),
    );
  };
  const task = (atMs: number, task: TaskKind, parts: readonly (string | number)[], detail: string, expires: boolean): void => {
    out.push({ action: { kind: "task", ...base(about, [term, ...parts], atMs, timeZone), task, detail }, atMs, ...(expires ? { expiresAt: endsAt } : {}) });
  };
  const endService = (reason: EndServiceAction["reason"]): void => {
    out.push({ action: { kind: "endService", ...base(about, [term, "endService"], endsAt, timeZone), reason }, atMs: endsAt });
  };
  const renew = (atMs: number, trigger: RenewContractAction["trigger"], price: "renewal" | "current"): void => {
    const next = renewedTerm(contract, { termMonths: contract.renewalTermMonths ?? rules.renewalTermMonths, price });
    out.push({ action: { kind: "renewContract", ...base(about, [term, "renew"], atMs, timeZone), term: next, trigger }, atMs });
  };

  switch (contract.renewal) {
    case "fixedTerm": {
      const answeredAt = contract.response === undefined ? Number.POSITIVE_INFINITY : millis(contract.response.at, ["contracts", contract.id, "response", "at"]);
      const offerDate = latest(addDays(term, -rules.offerDaysBeforeEnd), contract.start);
      message(offerDate, ["offer"], "renewalOffer", "courtesy", answeredAt, true);
      for (const days of rules.followUpDaysBeforeEnd) {
        const date = addDays(term, -days);
        if (compareDates(date, offerDate) > 0) message(date, ["followUp", days], "renewalFollowUp", "friendly", answeredAt, true);
      }
      const alertAt = opening(latest(addDays(term, -rules.salesAlertDaysBeforeEnd), contract.start));
      if (alertAt < answeredAt && alertAt < endsAt) {
        task(alertAt, "salesOutreach", ["salesOutreach"], `no answer to the renewal offer ${rules.salesAlertDaysBeforeEnd} days before the end: reach out personally`, true);
      }
      switch (contract.response?.decision) {
        case "accepted":
          renew(answeredAt, "accepted", "renewal");
          break;
        case "declined":
          endService("declined");
          break;
        case undefined:
          break;
      }
      break;
    }
    case "automatic": {
      const auto = rules.autoRenewal;
      const noticeDays = contract.cancellationNoticeDays ?? auto.cancellationNoticeDays;
      if (!Number.isSafeInteger(noticeDays) || noticeDays < 0) {
        fail(["contracts", contract.id, "cancellationNoticeDays"], ErrorCodes.tooSmall, `expected the cancellation notice as a whole number of days of at least 0, got ${noticeDays}`);
      }
      const deadline = addDays(term, -noticeDays);
      const cancelledAt = contract.cancelledAt === undefined ? Number.POSITIVE_INFINITY : millis(contract.cancelledAt, ["contracts", contract.id, "cancelledAt"]);
      const cancelled = cancelledAt !== Number.POSITIVE_INFINITY && compareDates(localDate(cancelledAt, timeZone), deadline) <= 0;
      const sentOn = (at: Instant | undefined, path: string): CalendarDate | undefined =>
        at === undefined ? undefined : localDate(millis(at, ["contracts", contract.id, path]), timeZone);

      let noticeMissed = false;
      let noticeOpens: CalendarDate | undefined;
      if (auto.notice !== null) {
        const reference = auto.notice.before === "renewal" ? term : deadline;
        const opens = latest(addDays(reference, -auto.notice.maxDaysBefore), contract.start);
        const closes = addDays(reference, -auto.notice.minDaysBefore);
        noticeOpens = opens;
        const sent = sentOn(contract.renewalNoticeSentAt, "renewalNoticeSentAt");
        const inWindow = sent !== undefined && compareDates(sent, opens) >= 0 && compareDates(sent, closes) <= 0;
        if (!inWindow && !cancelled) {
          if (compareDates(today, closes) <= 0) message(opens, ["renewalNotice"], "renewalNotice", "courtesy", cancelledAt, false);
          else {
            noticeMissed = true;
            task(opening(addDays(closes, 1)), "renewalNoticeMissed", ["renewalNoticeMissed"], `the renewal notice was not sent between ${opens} and ${closes}: do not renew without the customer's consent`, false);
          }
        }
      }

      let priceMissed = false;
      const increase =
        contract.recurringPrice !== undefined && contract.renewalPrice !== undefined && compare(contract.renewalPrice, contract.recurringPrice) > 0;
      if (increase && !cancelled) {
        const by = addDays(term, -rules.priceIncreaseNoticeDays);
        const sent = sentOn(contract.priceIncreaseNoticeSentAt, "priceIncreaseNoticeSentAt");
        if (sent === undefined || compareDates(sent, by) > 0) {
          if (compareDates(today, by) <= 0) message(earliest(by, noticeOpens ?? by), ["priceIncreaseNotice"], "priceIncreaseNotice", "courtesy", cancelledAt, false);
          else {
            priceMissed = true;
            task(opening(addDays(by, 1)), "priceIncreaseNoticeMissed", ["priceIncreaseNoticeMissed"], `the price increase was not announced by ${by}: renew at the current price`, false);
          }
        }
      }

      if (cancelled) endService("cancelled");
      else if (!noticeMissed) renew(endsAt, "automatic", priceMissed ? "current" : "renewal");
      break;
    }
  }
  return out;
}

/**
 * The renewal actions of a contract's current term (seed step 7).
 *
 * Fixed-term contracts: a renewal offer 90 days before the end (current service, the price after
 * the escalator, upgrade options), follow-ups at 60 and 30 days while there is no answer, and a
 * sales alert at 30 days with no answer. Accepting renews the contract into a new term (see
 * {@link renewedTerm}); declining ends service at the end of the term.
 *
 * Automatically renewing contracts renew at the end unless cancelled by the cancellation deadline
 * (default 30 days before). The renewal notice the policy requires is scheduled on the first day of
 * its window; if the window has closed without it, the contract is flagged
 * (`renewalNoticeMissed`), not silently renewed. A price increase needs notice at least 30 days
 * (by policy) before the renewal; if that was missed, the contract renews at the current price and
 * is flagged.
 *
 * @example
 * ```ts
 * const contract = { id: "K-1", start: "2024-06-01", end: "2027-06-01", renewal: "fixedTerm" } as const;
 * renewalSchedule(contract, { customer, asOf: "2027-01-01T00:00:00Z" }).map((a) => `${a.kind} ${a.date}`);
 * // ["message 2027-03-03", "message 2027-04-02", "message 2027-05-02", "task 2027-05-02"]
 * ```
 */
export function renewalSchedule(contract: ContractFacts, options: RenewalScheduleOptions): RenewalAction[] {
  const policy = options.policy ?? DEFAULT_TIMELINE_POLICY;
  return renewalActions(contract, options.customer, policy, millis(options.asOf, ["asOf"])).map((s) => s.action);
}
