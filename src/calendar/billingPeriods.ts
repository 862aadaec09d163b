import { ErrorCodes, IssueCollector, type IssuePath } from "../errors/index.js";
import type { Ratio } from "../money/index.js";
import { checkCycle, type Cycle } from "./cycle.js";
import { anchorDays, civilFromDays, formatDays, invalidDateMessage, tryParseDays, type CalendarDate } from "./date.js";
import { fractionOfDays, type DayCount } from "./proration.js";

/** When a period is billed: at its start (`"advance"`, usual for monitoring) or after it ends (`"arrears"`). */
export type BillingTiming = "advance" | "arrears";

/**
 * What to do with the first, short period when a contract starts between anchor days.
 *
 * - `"prorate"` — bill the stub for the share of its full cycle it covers (the default);
 * - `"full"` — bill the stub as if it were a full cycle;
 * - `"nextAnchor"` — do not bill the stub; billing starts at the first anchor date.
 */
export type StubPolicy = "prorate" | "full" | "nextAnchor";

/**
 * When an invoice is due: on the cycle date itself, or `days` after the invoice is issued (net N).
 */
export type PaymentTerms =
  | {
      /** Due on the cycle date. */
      readonly kind: "onCycleDate";
    }
  | {
      /** Due a number of days after the invoice is issued. */
      readonly kind: "net";
      /** Days after the issue date, 0–366. */
      readonly days: number;
    };

/** Days between issuing an invoice and its cycle date when billing in advance: the seed's 5 days. */
export const DEFAULT_LEAD_DAYS = 5;

/** Default payment terms: due on the cycle date. */
export const DEFAULT_PAYMENT_TERMS: PaymentTerms = { kind: "onCycleDate" };

/** Terms and window for {@link billingPeriods}. */
export interface BillingScheduleOptions {
  /** First day of service (inclusive). */
  readonly start: CalendarDate;
  /** First day without service (exclusive; a 12-month term from 2026-03-10 ends 2027-03-10). Omit for an open-ended contract. */
  readonly end?: CalendarDate | undefined;
  /** Billing cycle. */
  readonly cycle: Cycle;
  /** Day of the month periods start on, 1–31, clamped to short months. Default: the start's day. */
  readonly anchorDay?: number | undefined;
  /**
   * For cycles longer than a month, a month (1–12) that periods start in, fixing the phase (e.g. 1
   * with an annual cycle bills every January). Default: taken from the contract start — the first
   * full cycle begins on the first anchor day on or after the start, so a quarterly contract from
   * Feb 15 bills Feb, May, Aug and Nov 15, and one from May 15 with anchor day 1 bills Jun, Sep,
   * Dec and Mar 1 after a stub May 15 → Jun 1 (Stripe's `billing_cycle_anchor_config` without a
   * month: the next occurrence of the day).
   */
  readonly anchorMonth?: number | undefined;
  /** Bill in advance (default) or in arrears. */
  readonly timing?: BillingTiming | undefined;
  /** Treatment of a first, short period. Default `"prorate"`. */
  readonly stub?: StubPolicy | undefined;
  /** Days the invoice is issued before its cycle date. Default {@link DEFAULT_LEAD_DAYS} in advance, 0 in arrears. */
  readonly leadDays?: number | undefined;
  /** When the invoice is due. Default {@link DEFAULT_PAYMENT_TERMS}. */
  readonly paymentTerms?: PaymentTerms | undefined;
  /** Day count for proration. Default `"actual"`. */
  readonly dayCount?: DayCount | undefined;
  /** Only periods that end after this date (e.g. today, for "the next 12 periods"). */
  readonly from?: CalendarDate | undefined;
  /** Only periods that start before this date. */
  readonly until?: CalendarDate | undefined;
  /** At most this many periods. An open-ended contract needs `count` or `until`. */
  readonly count?: number | undefined;
}

/** One billing period and the dates derived from it. */
export interface BillingPeriod {
  /** Position in the contract's sequence of billed periods, from 0 — stable whatever the window. */
  readonly index: number;
  /** `"stub"` for a short first period, `"final"` for a short last one, else `"full"`. */
  readonly kind: "full" | "stub" | "final";
  /** First day of the period (inclusive). */
  readonly start: CalendarDate;
  /** First day after the period (exclusive). */
  readonly end: CalendarDate;
  /** Start of the full cycle this period is (part of). */
  readonly fullStart: CalendarDate;
  /** End (exclusive) of the full cycle this period is (part of). */
  readonly fullEnd: CalendarDate;
  /** Share of the full cycle to charge: 1 for a full period, exact days ÷ days for a prorated one. */
  readonly fraction: Ratio;
  /** The billing date: the period start in advance, the period end in arrears. */
  readonly cycleDate: CalendarDate;
  /** When the invoice is issued: cycle date − lead days. */
  readonly issueDate: CalendarDate;
  /** When payment is due, from the payment terms. */
  readonly dueDate: CalendarDate;
}

const ONE: Ratio = { numerator: 1, denominator: 1 };

/** Validated terms in day numbers. @internal */
export interface CompiledSchedule {
  readonly start: number;
  readonly end: number;
  readonly interval: number;
  readonly anchorDay: number;
  readonly firstMonth: number;
  readonly advance: boolean;
  readonly stub: StubPolicy;
  readonly leadDays: number;
  readonly netDays: number;
  readonly dayCount: DayCount;
  readonly from: number;
  readonly until: number;
  readonly count: number;
}

const STUBS: readonly string[] = ["prorate", "full", "nextAnchor"];

function checkInteger(
  issues: IssueCollector,
  path: IssuePath,
  value: unknown,
  min: number,
  max: number,
  what: string,
): number | undefined {
  if (typeof value !== "number" || !Number.isInteger(value)) {
    issues.add(path, ErrorCodes.invalidType, `expected ${what} as a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
    return undefined;
  }
  if (value < min) {
    issues.add(path, ErrorCodes.tooSmall, `expected ${what} from ${min} to ${max}, got ${value}`);
    return undefined;
  }
  if (value > max) {
    issues.add(path, ErrorCodes.tooBig, `expected ${what} from ${min} to ${max}, got ${value}`);
    return undefined;
  }
  return value;
}

function checkDate(issues: IssueCollector, key: string, value: unknown, required: boolean): number | undefined {
  if (value === undefined && !required) return undefined;
  const days = tryParseDays(value);
  if (days === undefined) issues.add([key], ErrorCodes.invalidDate, invalidDateMessage(value));
  return days;
}

/**
 * Validates schedule options, reporting every problem at once.
 * @internal
 */
export function compileSchedule(options: BillingScheduleOptions): CompiledSchedule {
  const issues = new IssueCollector();
  const start = checkDate(issues, "start", options.start, true);
  const end = checkDate(issues, "end", options.end, false);
  const from = checkDate(issues, "from", options.from, false);
  const until = checkDate(issues, "until", options.until, false);
  if (start !== undefined && end !== undefined && end <= start) {
    issues.add(["end"], ErrorCodes.endBeforeStart, `the end ${options.end} must be after the start ${options.start}`);
  }
  const interval = checkCycle(options.cycle, ["cycle"], issues);
  const anchorDay =
    options.anchorDay === undefined
      ? start === undefined
        ? undefined
        : civilFromDays(start)[2]
      : checkInteger(issues, ["anchorDay"], options.anchorDay, 1, 31, "an anchor day");
  let anchorMonth =
    options.anchorMonth === undefined ? undefined : checkInteger(issues, ["anchorMonth"], options.anchorMonth, 1, 12, "an anchor month");
  if (anchorMonth !== undefined && interval !== undefined && 12 % interval !== 0) {
    // Every 5, 9 or 24 months does not come back to one month of the year: no month can be "the"
    // month periods start in.
    issues.add(["anchorMonth"], ErrorCodes.invalidOption, `an anchor month needs a cycle that divides the year (1, 2, 3, 4, 6 or 12 months), not ${interval} months: leave it out and the term's start sets the phase`);
    anchorMonth = undefined;
  }
  const timing = options.timing ?? "advance";
  if (timing !== "advance" && timing !== "arrears") {
    issues.add(["timing"], ErrorCodes.invalidOption, `expected "advance" or "arrears", got ${JSON.stringify(timing)}`);
  }
  const stub = options.stub ?? "prorate";
  if (!STUBS.includes(stub)) {
    issues.add(["stub"], ErrorCodes.invalidOption, `expected "prorate", "full" or "nextAnchor", got ${JSON.stringify(stub)}`);
  }
  const leadDays =
    options.leadDays === undefined
      ? timing === "arrears"
        ? 0
        : DEFAULT_LEAD_DAYS
      : checkInteger(issues, ["leadDays"], options.leadDays, 0, 366, "lead days");
  const terms = options.paymentTerms ?? DEFAULT_PAYMENT_TERMS;
  let netDays = -1;
  if (terms.kind === "net") {
    netDays = checkInteger(issues, ["paymentTerms", "days"], terms.days, 0, 366, "net days") ?? 0;
  } else if (terms.kind !== "onCycleDate") {
    issues.add(["paymentTerms", "kind"], ErrorCodes.invalidOption, `expected "onCycleDate" or "net", got ${JSON.stringify((terms as { kind: unknown }).kind)}`);
  }
  const dayCount = options.dayCount ?? "actual";
  if (dayCount !== "actual" && dayCount !== "30/360") {
    issues.add(["dayCount"], ErrorCodes.invalidOption, `expected "actual" or "30/360", got ${JSON.stringify(dayCount)}`);
  }
  const count = options.count === undefined ? undefined : checkInteger(issues, ["count"], options.count, 0, 100_000, "a period count");
  if (options.end === undefined && options.count === undefined && options.until === undefined) {
    issues.add(["end"], ErrorCodes.invalidOption, "an open-ended contract needs `count` or `until` to bound the periods");
  }
  issues.throwIfAny();
  // Every value below was checked above; the fallbacks are unreachable.
  const s = start ?? 0;
  const ad = anchorDay ?? 1;
  const n = interval ?? 1;
  const [sy, sm] = civilFromDays(s);
  let firstMonth = sy * 12 + sm - 1;
  if (anchorMonth !== undefined) {
    const phase = (anchorMonth - 1) % n;
    firstMonth -= (((firstMonth - phase) % n) + n) % n;
  }
  if (anchorDays(firstMonth, ad) < s) firstMonth += anchorMonth === undefined ? 1 : n;
  return {
    start: s,
    end: end ?? Number.POSITIVE_INFINITY,
    interval: n,
    anchorDay: ad,
    firstMonth,
    advance: timing === "advance",
    stub,
    leadDays: leadDays ?? 0,
    netDays,
    dayCount,
    from: from ?? Number.NEGATIVE_INFINITY,
    until: until ?? Number.POSITIVE_INFINITY,
    count: count ?? Number.POSITIVE_INFINITY,
  };
}

/**
 * The billing periods of a contract, tiling its term with no gap and no overlap: an optional short
 * first period (stub) when the start is not on the anchor day, full cycles counted from the anchor
 * (never chained, so anchor 31 gives Jan 31, Feb 28, Mar 31, Apr 30), and a short final period when
 * the term ends mid-cycle. Each period carries its proration fraction, cycle, issue and due dates.
 *
 * Periods are half-open `[start, end)`. A quarterly, semi-annual or annual cycle without an
 * `anchorMonth` takes its phase from the start: the first full cycle begins on the first anchor day
 * on or after the start (the start itself when `anchorDay` is left out).
 *
 * @throws {@link ValidationError} listing every invalid option (anchor 32, `"2026-02-30"`, end before start, …)
 * @example
 * ```ts
 * const [stub, first] = billingPeriods({ start: "2026-03-10", cycle: "monthly", anchorDay: 1, count: 2 });
 * // stub:  { start: "2026-03-10", end: "2026-04-01", kind: "stub", fraction: 22/31,
 * //          cycleDate: "2026-03-10", issueDate: "2026-03-05", dueDate: "2026-03-10" }
 * // first: { start: "2026-04-01", end: "2026-05-01", kind: "full", issueDate: "2026-03-27", … }
 * billingPeriods({ start: "2027-02-15", cycle: "quarterly", count: 4 }).map((p) => p.start);
 * // ["2027-02-15", "2027-05-15", "2027-08-15", "2027-11-15"]: the phase comes from the start
 * ```
 */
export function billingPeriods(options: BillingScheduleOptions): BillingPeriod[] {
  return periodsOf(compileSchedule(options));
}

/** Generates the periods of validated terms. @internal */
export function periodsOf(c: CompiledSchedule): BillingPeriod[] {
  const out: BillingPeriod[] = [];
  if (c.count === 0) return out;
  const b0 = anchorDays(c.firstMonth, c.anchorDay);
  const hasStub = b0 > c.start;
  const billStub = hasStub && c.stub !== "nextAnchor";
  const offset = billStub ? 1 : 0;
  if (billStub) {
    const end = b0 < c.end ? b0 : c.end;
    if (end > c.from && c.start < c.until) {
      const fullStart = anchorDays(c.firstMonth - c.interval, c.anchorDay);
      const fraction = c.stub === "full" ? ONE : fractionOfDays(c.start, end, fullStart, b0, c.dayCount, c.anchorDay);
      out.push(makePeriod(c, 0, "stub", c.start, end, fullStart, b0, fraction));
      if (out.length >= c.count) return out;
    }
  }
  // Jump straight to the first cycle that ends after `from`, then walk forward.
  let k = 0;
  if (c.from > b0) {
    const [fy, fm] = civilFromDays(c.from);
    k = Math.max(0, Math.floor((fy * 12 + fm - 1 - c.firstMonth) / c.interval) - 1);
  }
  let ps = anchorDays(c.firstMonth + k * c.interval, c.anchorDay);
  while (ps < c.end && ps < c.until) {
    const pe = anchorDays(c.firstMonth + (k + 1) * c.interval, c.anchorDay);
    if ((pe < c.end ? pe : c.end) > c.from) {
      if (pe <= c.end) {
        out.push(makePeriod(c, k + offset, "full", ps, pe, ps, pe, ONE));
      } else {
        const fraction = fractionOfDays(ps, c.end, ps, pe, c.dayCount, c.anchorDay);
        out.push(makePeriod(c, k + offset, "final", ps, c.end, ps, pe, fraction));
      }
      if (out.length >= c.count) break;
    }
    ps = pe;
    k++;
  }
  return out;
}

function makePeriod(
  c: CompiledSchedule,
  index: number,
  kind: BillingPeriod["kind"],
  start: number,
  end: number,
  fullStart: number,
  fullEnd: number,
  fraction: Ratio,
): BillingPeriod {
  // Format each distinct day once: for a full period the full cycle is the period itself, and the
  // cycle and due dates are usually one of its ends.
  const startText = formatDays(start);
  const endText = formatDays(end);
  const cycle = c.advance ? start : end;
  const cycleText = c.advance ? startText : endText;
  const issue = cycle - c.leadDays;
  const issueText = c.leadDays === 0 ? cycleText : formatDays(issue);
  return {
    index,
    kind,
    start: startText,
    end: endText,
    fullStart: fullStart === start ? startText : formatDays(fullStart),
    fullEnd: fullEnd === end ? endText : formatDays(fullEnd),
    fraction,
    cycleDate: cycleText,
    issueDate: issueText,
    dueDate: c.netDays < 0 ? cycleText : c.netDays === 0 ? issueText : formatDays(issue + c.netDays),
  };
}
