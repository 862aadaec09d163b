import type { Money, Percent, RoundingMode } from "../money/index.js";
import { DEFAULT_NETWORK_RULE_SETS, type NetworkRuleSet } from "./networkRules.js";

/**
 * Which channels a message goes out on:
 *
 * - `"preferred"` — the first usable channel in the customer's order of preference;
 * - `"all"` — every usable channel, preferred ones first.
 *
 * Either way, email is the fallback when no preferred channel is usable.
 */
export type ChannelStrategy = "preferred" | "all";

/** A time of day on the 24-hour clock, `"HH:MM"`, in the customer's time zone (e.g. `"08:00"`). */
export type TimeOfDay = string;

/** The hours in which messages may reach a customer, on the customer's own clock: `[opens, closes)`. */
export interface SendWindow {
  /** First minute messages may go out, e.g. `"08:00"`. */
  readonly opens: TimeOfDay;
  /** Messages must go out before this time, e.g. `"21:00"`. Must be later than `opens` on the same day. */
  readonly closes: TimeOfDay;
}

/** Rules shared by every message the timeline schedules. */
export interface MessagingPolicy {
  /** When messages may go out. Default 08:00–21:00 local, the usual rule for text messages. */
  readonly sendWindow: SendWindow;
}

/** How a message sounds, so templates can escalate: courtesy → due → friendly → urgent. */
export type Tone = "courtesy" | "due" | "friendly" | "urgent";

/** One reminder around the due date. */
export interface ReminderStep {
  /** Days from the due date: negative before it, 0 on it, positive after it. */
  readonly offsetDays: number;
  /** The tone of the message. */
  readonly tone: Tone;
}

/** Payment reminders (seed step 5). */
export interface ReminderPolicy {
  /** The sequence, in strictly increasing order of `offsetDays`. Default −3, 0, +5, +10. */
  readonly steps: readonly ReminderStep[];
  /** One channel (the customer's first usable) or every usable channel. Default `"preferred"`. */
  readonly channels: ChannelStrategy;
}

/** The unit of a retry delay. A day is exactly 24 hours. */
export type DelayUnit = "hours" | "days";

/** A wait between two payment attempts. */
export interface RetryDelay {
  /** How many units; at least 1. */
  readonly amount: number;
  /** Hours or days. */
  readonly unit: DelayUnit;
}

/**
 * What each retry delay counts from:
 *
 * - `"failure"` — the original failed charge: delays 24 hours, 3 days, 7 days put the retries on
 *   days 1, 3 and 7 after it. The delays must increase strictly. An attempt made late (or moved by
 *   a gateway's hint or a network limit) moves the rest of the schedule with it, keeping its spacing.
 * - `"previousAttempt"` — the attempt before it: the same delays put the retries on days 1, 4 and 11.
 */
export type RetryDelaysFrom = "failure" | "previousAttempt";

/** Retries of a failed automatic charge (seed step 6). */
export interface RetryPolicy {
  /**
   * The wait before each retry, counted as `delaysFrom` says. Default 24 hours, 3 days, 7 days.
   * Network limits apply on top, whatever this says.
   */
  readonly delays: readonly RetryDelay[];
  /**
   * Whether each delay counts from the original failure (default) or from the previous attempt.
   *
   * The default reads the seed's "retry after 24 hours, 3 days, 7 days" as a schedule after the
   * failure — retries on days 1, 3 and 7, all within the first week, the way Stripe's and
   * Chargebee's retry settings are written ("retry 3 days after the failure") — rather than as gaps
   * between attempts, which would stretch the same words to day 11. Either way a retry is never made
   * before the previous attempt's outcome is known.
   *
   * @example
   * ```ts
   * parseRetryPolicy({}).delaysFrom;                                // "failure": retries on days 1, 3, 7
   * parseRetryPolicy({ delaysFrom: "previousAttempt" }).delaysFrom; // retries on days 1, 4, 11
   * ```
   */
  readonly delaysFrom: RetryDelaysFrom;
  /**
   * The networks' retry limits, as dated rule sets; the rule in force on each attempt's date
   * applies. Default {@link DEFAULT_NETWORK_RULE_SETS} (Visa, Mastercard, NACHA).
   */
  readonly networkRules: readonly NetworkRuleSet[];
  /** Channels for failure notices. Default `"all"`: email and SMS (with consent). */
  readonly notify: ChannelStrategy;
  /** Business days a payment may stay "processing" before the timeline asks for its outcome. Default 4 (ACH clearing). */
  readonly clearingBusinessDays: number;
}

/** No late fee. */
export interface NoLateFee {
  /** Discriminant. */
  readonly kind: "none";
}

/** A fixed late fee. */
export interface FixedLateFee {
  /** Discriminant. */
  readonly kind: "fixed";
  /** The fee, more than zero. */
  readonly amount: Money;
}

/** A late fee that is a percentage of the overdue balance. */
export interface PercentageLateFee {
  /** Discriminant. */
  readonly kind: "percentage";
  /** Percent as a decimal string, more than 0 and at most 100: `"1.5"` is 1.5 %. */
  readonly percent: string;
}

/** How a late fee is computed. */
export type LateFeeCharge = NoLateFee | FixedLateFee | PercentageLateFee;

/** Charge the late fee once per invoice. */
export interface OnceRecurrence {
  /** Discriminant. */
  readonly kind: "once";
}

/** Charge the late fee again every month the invoice stays unpaid (bounded by the caps and `maxFeesPerInvoice`). */
export interface MonthlyRecurrence {
  /** Discriminant. */
  readonly kind: "monthly";
}

/** Whether a late fee is charged once or every month. */
export type LateFeeRecurrence = OnceRecurrence | MonthlyRecurrence;

/**
 * What a cap bounds:
 *
 * - `"fee"` — each late fee on its own;
 * - `"invoice"` — all late fees of one invoice together (a monthly fee is cut, then stops, when they reach it).
 */
export type LateFeeCapScope = "fee" | "invoice";

/**
 * What a percentage cap is a percentage of:
 *
 * - `"overdueBalance"` — the invoice's unpaid, overdue balance on the day the fee is assessed;
 * - `"invoiceTotal"` — the invoice's total;
 * - `"paymentDue"` — the payment that was due and not made: the balance left unpaid at the end of
 *   the due date (the total less what was paid by then). Statutes that cap a fee at "N % of the
 *   payment due" or "of the installment" mean this one.
 */
export type LateFeeCapBase = "overdueBalance" | "invoiceTotal" | "paymentDue";

/** A cap that is a fixed amount. */
export interface FixedLateFeeCap {
  /** Discriminant. */
  readonly kind: "fixed";
  /** The most a fee (or all fees of an invoice) may be, more than zero. */
  readonly amount: Money;
  /** One fee (default) or all fees of an invoice. */
  readonly per: LateFeeCapScope;
}

/** A cap that is a percentage of a base. */
export interface PercentageLateFeeCap {
  /** Discriminant. */
  readonly kind: "percentage";
  /** Percent as a decimal string, more than 0 and at most 100: `"10"` is 10 %. */
  readonly percent: Percent;
  /** The base the percentage is taken of. Default `"overdueBalance"`. */
  readonly of: LateFeeCapBase;
  /** One fee (default) or all fees of an invoice. */
  readonly per: LateFeeCapScope;
}

/**
 * A bound on late fees. Every cap that applies — the policy's own and the customer's
 * jurisdiction's — bounds the fee, so the lowest wins. A percentage cap is rounded down to the
 * minor unit: a cap is never exceeded by rounding.
 */
export type LateFeeCap = FixedLateFeeCap | PercentageLateFeeCap;

/**
 * The late-fee law of one jurisdiction, as data: caps and a count limit that apply on top of the
 * company's own policy for customers in that jurisdiction. The library ships none — the law is the
 * company's to state (with its counsel); this is where it goes.
 */
export interface JurisdictionLateFeeRule {
  /** The jurisdiction's caps; the lowest of these and the policy's caps wins. Default none. */
  readonly caps: readonly LateFeeCap[];
  /** The most late fees one invoice may incur there; `null` for no limit. Default `null`. */
  readonly maxFeesPerInvoice: number | null;
  /** Where the rule comes from (statute, section), shown in the fee's explanation. Default `null`. */
  readonly source: string | null;
}

/** How a late fee is billed: as a line on the next invoice, or as an invoice of its own. */
export type LateFeeBilling = "line" | "invoice";

/** The late-payment policy (the practice note's "clear late payment policy"). */
export interface LateFeePolicy {
  /** What the fee is. Default `{ kind: "none" }`: no late fee until the company states one. */
  readonly charge: LateFeeCharge;
  /** Days after the due date before a fee applies; the fee is assessed the day after. Default 10 (after the urgent notice). */
  readonly graceDays: number;
  /**
   * Smallest fee charged; a smaller computed fee is raised to it. `null` for none. A cap below it
   * still wins: the law (a jurisdiction's cap) bounds the company's minimum, not the other way.
   */
  readonly minimum: Money | null;
  /**
   * Bounds on each fee and on all fees of an invoice: fixed amounts or percentages of the overdue
   * balance, the invoice, or the payment due. The lowest that applies wins. Default none.
   *
   * @example `[{ kind: "fixed", amount: { amount: "25.00", currency: "USD" }, per: "fee" }, { kind: "percentage", percent: "10", of: "invoiceTotal", per: "invoice" }]`
   */
  readonly caps: readonly LateFeeCap[];
  /** The most late fees one invoice incurs; `null` (default) for no limit beyond the caps. A `"once"` recurrence charges one anyway. */
  readonly maxFeesPerInvoice: number | null;
  /** Once per invoice (default) or monthly. */
  readonly recurrence: LateFeeRecurrence;
  /**
   * Jurisdiction rules as data, keyed by the customer's `jurisdiction` (`CustomerFacts.jurisdiction`,
   * e.g. `"US-MD"`). A customer in `"US-MD"` is bound by the rules keyed `"US-MD"` and `"US"` both.
   * Default `{}`.
   */
  readonly jurisdictionCaps: Readonly<Record<string, JurisdictionLateFeeRule>>;
  /** No fee while the overdue balance is below this. `null` for any balance. */
  readonly minimumBalance: Money | null;
  /** How a percentage fee is rounded to the minor unit. Default `"halfUp"`. */
  readonly rounding: RoundingMode;
  /** A line on the next invoice (default) or an invoice of its own. */
  readonly billAs: LateFeeBilling;
}

/** A dunning step that a company may switch off. */
export interface OptionalDunningStep {
  /** Whether the step is used. */
  readonly enabled: boolean;
  /** Days past the earliest unpaid due date at which the step starts. */
  readonly afterDays: number;
}

/** When an account is handed to collections: the last resort. */
export interface CollectionsStep {
  /** Days past the earliest unpaid due date, at least. Default 60. */
  readonly afterDays: number;
  /** Overdue balance needed, at least; `null` for any balance above zero. */
  readonly minimumBalance: Money | null;
}

/** The account's dunning ladder: current → past_due → delinquent → suspended → collections → written_off. */
export interface DunningPolicy {
  /** Days past due at which the account is past due. Default 1, the day after the due date. */
  readonly pastDueAfterDays: number;
  /** Days past due at which the account is delinquent and gets a final notice. Default 30. */
  readonly delinquentAfterDays: number;
  /** Service interruption. Off by default (45 days when switched on); waits for retries to run out. */
  readonly suspension: OptionalDunningStep;
  /** Hand-over to an agency or legal action: only after every automated step. */
  readonly collections: CollectionsStep;
  /** Writing the debt off. On by default at 180 days. */
  readonly writeOff: OptionalDunningStep;
  /** Channels for the final and suspension notices. Default `"all"`. */
  readonly notify: ChannelStrategy;
}

/** What a renewal-notice window is counted back from. */
export type NoticeReference = "renewal" | "cancellationDeadline";

/** A statutory window for the notice of an automatic renewal, in days before a reference date (inclusive). */
export interface RenewalNoticeWindow {
  /** The date the window is counted back from. */
  readonly before: NoticeReference;
  /** The window opens this many days before the reference date (the earliest day to send). */
  readonly maxDaysBefore: number;
  /** The window closes this many days before the reference date (the last day to send). */
  readonly minDaysBefore: number;
}

/** Rules for contracts that renew by themselves. */
export interface AutoRenewalPolicy {
  /** Days before the renewal by which a cancellation must arrive. Default 30. */
  readonly cancellationNoticeDays: number;
  /** The notice window the timeline must send a renewal notice in; `null` for none. Default California's 15–45 days before renewal. */
  readonly notice: RenewalNoticeWindow | null;
}

/** Contract renewals (seed step 7). */
export interface RenewalPolicy {
  /** Days before the end of a fixed term at which the renewal offer goes out. Default 90. */
  readonly offerDaysBeforeEnd: number;
  /** Follow-ups when there is no answer, in days before the end, strictly decreasing. Default 60, 30. */
  readonly followUpDaysBeforeEnd: readonly number[];
  /** Days before the end at which, with no answer, the sales team is alerted. Default 30. */
  readonly salesAlertDaysBeforeEnd: number;
  /** Length of a renewed term in months (a contract may override it). Default 12. */
  readonly renewalTermMonths: number;
  /** Days of advance notice a price increase at renewal needs. Default 30. */
  readonly priceIncreaseNoticeDays: number;
  /** Channels for renewal messages. Default `"preferred"`. */
  readonly channels: ChannelStrategy;
  /** Rules for automatically renewing contracts. */
  readonly autoRenewal: AutoRenewalPolicy;
}

/** Every rule of the timeline: one object, stored as data, validated by {@link parseTimelinePolicy}. */
export interface TimelinePolicy {
  /** Send window. */
  readonly messaging: MessagingPolicy;
  /** Payment reminders. */
  readonly reminders: ReminderPolicy;
  /** Retries of failed automatic charges. */
  readonly retries: RetryPolicy;
  /** Late fees. */
  readonly lateFees: LateFeePolicy;
  /** Dunning and collections. */
  readonly dunning: DunningPolicy;
  /** Contract renewals. */
  readonly renewals: RenewalPolicy;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/**
 * The default send window: 08:00–21:00 on the customer's clock.
 *
 * @example
 * ```ts
 * DEFAULT_MESSAGING_POLICY.sendWindow; // { opens: "08:00", closes: "21:00" }
 * ```
 */
export const DEFAULT_MESSAGING_POLICY: MessagingPolicy = deepFreeze({ sendWindow: { opens: "08:00", closes: "21:00" } });

/**
 * The seed's reminder sequence: 3 days before the due date (courtesy), on it (payment due),
 * 5 days after (friendly) and 10 days after (urgent).
 *
 * @example
 * ```ts
 * DEFAULT_REMINDER_POLICY.steps.map((s) => s.offsetDays); // [-3, 0, 5, 10]
 * ```
 */
export const DEFAULT_REMINDER_POLICY: ReminderPolicy = deepFreeze({
  steps: [
    { offsetDays: -3, tone: "courtesy" },
    { offsetDays: 0, tone: "due" },
    { offsetDays: 5, tone: "friendly" },
    { offsetDays: 10, tone: "urgent" },
  ],
  channels: "preferred",
});

/**
 * The seed's retry schedule: 24 hours, 3 days and 7 days after the failed charge (days 1, 3 and 7);
 * the Visa, Mastercard and NACHA limits in force on each attempt's date; failure notices by email
 * and SMS; 4 business days for a payment to clear.
 *
 * @example
 * ```ts
 * DEFAULT_RETRY_POLICY.delays; // [{ amount: 24, unit: "hours" }, { amount: 3, unit: "days" }, { amount: 7, unit: "days" }]
 * DEFAULT_RETRY_POLICY.delaysFrom; // "failure"
 * ```
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = deepFreeze({
  delays: [
    { amount: 24, unit: "hours" },
    { amount: 3, unit: "days" },
    { amount: 7, unit: "days" },
  ],
  delaysFrom: "failure",
  networkRules: [...DEFAULT_NETWORK_RULE_SETS],
  notify: "all",
  clearingBusinessDays: 4,
});

/**
 * No late fee until the company states one; when it does, 10 grace days (after the +10 urgent
 * notice), once per invoice, rounded half-up, billed as a line on the next invoice.
 *
 * @example
 * ```ts
 * const policy = parseLateFeePolicy({ charge: { kind: "percentage", percent: "1.5" }, minimum: { amount: "5.00", currency: "USD" } });
 * policy.graceDays; // 10
 * ```
 */
export const DEFAULT_LATE_FEE_POLICY: LateFeePolicy = deepFreeze({
  charge: { kind: "none" },
  graceDays: 10,
  minimum: null,
  caps: [],
  maxFeesPerInvoice: null,
  recurrence: { kind: "once" },
  jurisdictionCaps: {},
  minimumBalance: null,
  rounding: "halfUp",
  billAs: "line",
});

/**
 * The default dunning ladder: past due the day after the due date, delinquent (final notice) at
 * 30 days, suspension off (45 days when on), collections at 60 days, written off at 180 days.
 *
 * @example
 * ```ts
 * DEFAULT_DUNNING_POLICY.collections.afterDays; // 60
 * ```
 */
export const DEFAULT_DUNNING_POLICY: DunningPolicy = deepFreeze({
  pastDueAfterDays: 1,
  delinquentAfterDays: 30,
  suspension: { enabled: false, afterDays: 45 },
  collections: { afterDays: 60, minimumBalance: null },
  writeOff: { enabled: true, afterDays: 180 },
  notify: "all",
});

/**
 * California's window for the notice of an automatic renewal of a term of a year or more: 15 to
 * 45 days before the renewal.
 *
 * @example
 * ```ts
 * parseRenewalPolicy({ autoRenewal: { notice: CALIFORNIA_RENEWAL_NOTICE } });
 * ```
 */
export const CALIFORNIA_RENEWAL_NOTICE: RenewalNoticeWindow = deepFreeze({ before: "renewal", maxDaysBefore: 45, minDaysBefore: 15 });

/**
 * New York's window for the notice of an automatic renewal of a service contract: 15 to 30 days
 * before the deadline for the customer's cancellation notice.
 *
 * @example
 * ```ts
 * parseRenewalPolicy({ autoRenewal: { notice: NEW_YORK_RENEWAL_NOTICE } });
 * ```
 */
export const NEW_YORK_RENEWAL_NOTICE: RenewalNoticeWindow = deepFreeze({
  before: "cancellationDeadline",
  maxDaysBefore: 30,
  minDaysBefore: 15,
});

/**
 * The seed's renewal workflow: offer 90 days before the end, follow-ups at 60 and 30 days, a
 * sales alert at 30 days with no answer, 12-month renewed terms, 30 days' notice of a price
 * increase; automatic renewals need cancellation 30 days ahead and a notice in California's window.
 *
 * @example
 * ```ts
 * DEFAULT_RENEWAL_POLICY.followUpDaysBeforeEnd; // [60, 30]
 * ```
 */
export const DEFAULT_RENEWAL_POLICY: RenewalPolicy = deepFreeze({
  offerDaysBeforeEnd: 90,
  followUpDaysBeforeEnd: [60, 30],
  salesAlertDaysBeforeEnd: 30,
  renewalTermMonths: 12,
  priceIncreaseNoticeDays: 30,
  channels: "preferred",
  autoRenewal: { cancellationNoticeDays: 30, notice: { ...CALIFORNIA_RENEWAL_NOTICE } },
});

/**
 * Every default together.
 *
 * @example
 * ```ts
 * nextActions({ customer, invoices, policy: DEFAULT_TIMELINE_POLICY }, "2027-01-01T12:00:00Z");
 * ```
 */
export const DEFAULT_TIMELINE_POLICY: TimelinePolicy = deepFreeze({
  messaging: DEFAULT_MESSAGING_POLICY,
  reminders: DEFAULT_REMINDER_POLICY,
  retries: DEFAULT_RETRY_POLICY,
  lateFees: DEFAULT_LATE_FEE_POLICY,
  dunning: DEFAULT_DUNNING_POLICY,
  renewals: DEFAULT_RENEWAL_POLICY,
});

/**
 * Every amount of money a policy states, with its path: the late fee and its bounds, and the
 * dunning minimum for collections. They must all be in the account's currency.
 *
 * @internal
 */
export function policyAmounts(policy: Pick<TimelinePolicy, "lateFees" | "dunning">): [readonly (string | number)[], Money][] {
  const out: [readonly (string | number)[], Money][] = [];
  const fees = policy.lateFees;
  if (fees.charge.kind === "fixed") out.push([["lateFees", "charge", "amount"], fees.charge.amount]);
  if (fees.minimum !== null) out.push([["lateFees", "minimum"], fees.minimum]);
  fees.caps.forEach((cap, i) => {
    if (cap.kind === "fixed") out.push([["lateFees", "caps", i, "amount"], cap.amount]);
  });
  for (const [key, rule] of Object.entries(fees.jurisdictionCaps)) {
    rule.caps.forEach((cap, i) => {
      if (cap.kind === "fixed") out.push([["lateFees", "jurisdictionCaps", key, "caps", i, "amount"], cap.amount]);
    });
  }
  if (fees.minimumBalance !== null) out.push([["lateFees", "minimumBalance"], fees.minimumBalance]);
  if (policy.dunning.collections.minimumBalance !== null) out.push([["dunning", "collections", "minimumBalance"], policy.dunning.collections.minimumBalance]);
  return out;
}
