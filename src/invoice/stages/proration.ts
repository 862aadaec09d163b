import { daysBetween, prorationFraction, type BillingPeriod, type CalendarDate, type DayCount } from "../../calendar/index.js";
import { ratio, ratioToString, type Ratio } from "../../money/index.js";

/** The cycle a segment is prorated against, and how days are counted. @internal */
export interface ProrationBasis {
  /** Start of the full cycle. */
  readonly fullStart: CalendarDate;
  /** End (exclusive) of the full cycle. */
  readonly fullEnd: CalendarDate;
  /** Actual days or 30/360. */
  readonly dayCount: DayCount;
  /** The anchor day 30/360 counts whole months from; absent inside a stub billed as a full cycle. */
  readonly anchorDay: number | undefined;
}

/** The share of its cycle a segment bills, and how that share was counted. @internal */
export interface Proration {
  /** Whether the segment is the whole cycle. */
  readonly whole: boolean;
  /** The exact share. */
  readonly fraction: Ratio;
  /** The share as text: `"1"` or `"22/31"`. */
  readonly fractionText: string;
  /** How it was counted, e.g. `"22 of 31 days (actual)"`. */
  readonly text: string;
}

const WHOLE: Proration = { whole: true, fraction: ratio(1), fractionText: "1", text: "the whole cycle" };

/**
 * The basis a period's segments are prorated against. Under the `"full"` stub policy a short
 * first period counts as a whole cycle. @internal
 */
export function prorationBasis(period: BillingPeriod, stub: string, dayCount: DayCount, anchorDay: number): ProrationBasis {
  const fullStub = period.kind === "stub" && stub === "full";
  return fullStub
    ? { fullStart: period.start, fullEnd: period.end, dayCount, anchorDay: undefined }
    : { fullStart: period.fullStart, fullEnd: period.fullEnd, dayCount, anchorDay };
}

/**
 * The proration stage: the share of its full cycle the segment `[start, end)` bills — exact,
 * on actual days or 30/360. @internal
 */
export function prorate(start: CalendarDate, end: CalendarDate, basis: ProrationBasis): Proration {
  if (start === basis.fullStart && end === basis.fullEnd) return WHOLE;
  const fraction = prorationFraction(
    { start, end },
    { start: basis.fullStart, end: basis.fullEnd },
    basis.anchorDay === undefined ? { dayCount: basis.dayCount } : { dayCount: basis.dayCount, anchorDay: basis.anchorDay },
  );
  const fractionText = ratioToString(fraction);
  const text =
    basis.dayCount === "actual"
      ? `${daysBetween(start, end)} of ${daysBetween(basis.fullStart, basis.fullEnd)} days (actual)`
      : `${fractionText} of the cycle (30/360)`;
  return { whole: false, fraction, fractionText, text };
}
