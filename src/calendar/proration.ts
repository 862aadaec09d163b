import { ErrorCodes, IssueCollector } from "../errors/index.js";
import { ratio, type Ratio } from "../money/index.js";
import { anchorDays, civilFromDays, invalidDateMessage, tryParseDays, type CalendarDate } from "./date.js";

/**
 * How days are counted when prorating.
 *
 * - `"actual"` — actual days used ÷ actual days in the full period (22 of 31 days → 22/31). The default.
 * - `"30/360"` — every month counts as 30 days, so every full month weighs the same: a full period
 *   of N months is N × 30 days, and a day's share is counted in 30-day months from the anchor
 *   (the 31st counts as the 30th).
 */
export type DayCount = "actual" | "30/360";

/** A half-open range of calendar dates `[start, end)`. */
export interface DateRange {
  /** First day, included. */
  readonly start: CalendarDate;
  /** First day after the range, excluded. */
  readonly end: CalendarDate;
}

/** Options for {@link prorationFraction}. */
export interface ProrationOptions {
  /** Day-count convention; default `"actual"`. */
  readonly dayCount?: DayCount;
  /**
   * For 30/360, the billing anchor day (1–31) the full period starts on, when a short month clamped
   * it (a period starting Feb 28 under anchor 31). Default: the full period's own start day.
   */
  readonly anchorDay?: number;
}

/**
 * The share of a full billing period that a part of it covers, as an exact {@link Ratio}
 * (never a float): multiply money by it and round once, at the end.
 *
 * Fractions of the pieces of a split period always sum to exactly 1, under either day count.
 *
 * @param part - the sub-period used, inside `full`
 * @param full - the full billing period
 * @throws {@link ValidationError} for invalid dates, an empty full period, or a part outside it
 * @example
 * ```ts
 * prorationFraction(
 *   { start: "2026-03-10", end: "2026-04-01" },
 *   { start: "2026-03-01", end: "2026-04-01" },
 * ); // 22/31
 * ```
 */
export function prorationFraction(part: DateRange, full: DateRange, options: ProrationOptions = {}): Ratio {
  const issues = new IssueCollector();
  const read = (value: unknown, path: (string | number)[]): number => {
    const days = tryParseDays(value);
    if (days === undefined) issues.add(path, ErrorCodes.invalidDate, invalidDateMessage(value));
    return days ?? 0;
  };
  const ps = read(part.start, ["part", "start"]);
  const pe = read(part.end, ["part", "end"]);
  const fs = read(full.start, ["full", "start"]);
  const fe = read(full.end, ["full", "end"]);
  const dayCount = options.dayCount ?? "actual";
  if (dayCount !== "actual" && dayCount !== "30/360") {
    issues.add(["dayCount"], ErrorCodes.invalidOption, `expected "actual" or "30/360", got ${JSON.stringify(dayCount)}`);
  }
  if (issues.ok) {
    if (fe <= fs) issues.add(["full", "end"], ErrorCodes.endBeforeStart, "the full period must end after it starts");
    if (pe < ps) issues.add(["part", "end"], ErrorCodes.endBeforeStart, "the part must not end before it starts");
    if (ps < fs || pe > fe) issues.add(["part"], ErrorCodes.tooBig, "the part must lie inside the full period");
  }
  issues.throwIfAny();
  return fractionOfDays(ps, pe, fs, fe, dayCount, options.anchorDay ?? 0);
}

/**
 * Fraction of `[ps, pe)` within `[fs, fe)`, day numbers. Under 30/360 every month of the full
 * period counts 30 days: a day's position is 30 × the anchor months passed since `fs` plus its
 * 30/360 day within the current anchor month, where the anchor date counts as day `anchorDay`
 * (so Feb 28 under anchor 31 is a whole month, like Jan 31 → Feb 28 is). `anchorDay` 0 means the
 * day of `fs`.
 * @internal
 */
export function fractionOfDays(ps: number, pe: number, fs: number, fe: number, dayCount: DayCount, anchorDay: number): Ratio {
  if (ps === fs && pe === fe) return ONE;
  if (dayCount === "actual") return ratio(pe - ps, fe - fs);
  const [fy, fm, fd] = civilFromDays(fs);
  const [ey, em] = civilFromDays(fe);
  const first = fy * 12 + fm - 1;
  const months = ey * 12 + em - 1 - first;
  const anchor = anchorDay > 0 ? anchorDay : fd;
  if (months < 1 || fe < anchorDays(first + months, anchor)) {
    // A span shorter than the months between its calendar months (a stub billed as a full cycle,
    // 2027-01-15 to 2027-02-10, is 25 days, not a month): positions are counted in 30/360 days
    // from its start, so each day weighs the same and split parts still sum to 1.
    const span = Math.max(1, days360(fs, fe));
    const at = (x: number): number => (x >= fe ? span : x <= fs ? 0 : Math.min(span, Math.max(0, days360(fs, x))));
    return ratio(at(pe) - at(ps), span);
  }
  const total = months * 30;
  const nominal = Math.min(anchor, 30);
  const upTo = (x: number): number => {
    if (x >= fe) return total;
    if (x <= fs) return 0;
    // The last anchor date on or before x: whole months passed, then the day within the month.
    const [xy, xm, xd] = civilFromDays(x);
    let k = xy * 12 + xm - 1 - first;
    if (k > 0 && anchorDays(first + k, anchor) > x) k--;
    const anchorMonth = first + k;
    const [ay, am] = [Math.floor(anchorMonth / 12), (anchorMonth % 12) + 1];
    const within = 30 * ((xy - ay) * 12 + (xm - am)) + Math.min(xd, 30) - nominal;
    return Math.min(total, 30 * k + Math.min(30, Math.max(0, within)));
  };
  return ratio(upTo(pe) - upTo(ps), total);
}

const ONE: Ratio = { numerator: 1, denominator: 1 };

/**
 * Days between two day numbers under the US 30/360 convention: day 31 counts as 30, and an end
 * on the 31st counts as 30 when the start is on the 30th or 31st. Used for spans shorter than a month.
 */
function days360(a: number, b: number): number {
  const [y1, m1, d1raw] = civilFromDays(a);
  const [y2, m2, d2raw] = civilFromDays(b);
  const d1 = Math.min(d1raw, 30);
  const d2 = d1 === 30 ? Math.min(d2raw, 30) : d2raw;
  return 360 * (y2 - y1) + 30 * (m2 - m1) + (d2 - d1);
}
