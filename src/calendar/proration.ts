import { ErrorCodes, IssueCollector } from "../errors/index.js";
import { ratio, type Ratio } from "../money/index.js";
import { civilFromDays, invalidDateMessage, tryParseDays, type CalendarDate } from "./date.js";

/**
 * How days are counted when prorating.
 *
 * - `"actual"` — actual days used ÷ actual days in the full period (22 of 31 days → 22/31). The default.
 * - `"30/360"` — every month counts as 30 days (US 30/360 day count), so every full month weighs the
 *   same; a full period of N months is N × 30 days.
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
  return fractionOfDays(ps, pe, fs, fe, dayCount, 0);
}

/**
 * Fraction of `[ps, pe)` within `[fs, fe)`, day numbers. `months` is the full period's length in
 * months for 30/360 (0 = derive it from the dates).
 * @internal
 */
export function fractionOfDays(ps: number, pe: number, fs: number, fe: number, dayCount: DayCount, months: number): Ratio {
  if (ps === fs && pe === fe) return ONE;
  if (dayCount === "actual") return ratio(pe - ps, fe - fs);
  const total = months > 0 ? months * 30 : Math.max(1, days360(fs, fe));
  const upTo = (x: number): number => (x >= fe ? total : Math.min(total, days360(fs, x)));
  return ratio(upTo(pe) - upTo(ps), total);
}

const ONE: Ratio = { numerator: 1, denominator: 1 };

/**
 * Days between two day numbers under the US 30/360 convention: day 31 counts as 30, and an end
 * on the 31st counts as 30 when the start is on the 30th or 31st.
 */
function days360(a: number, b: number): number {
  const [y1, m1, d1raw] = civilFromDays(a);
  const [y2, m2, d2raw] = civilFromDays(b);
  const d1 = Math.min(d1raw, 30);
  const d2 = d1 === 30 ? Math.min(d2raw, 30) : d2raw;
  return 360 * (y2 - y1) + 30 * (m2 - m1) + (d2 - d1);
}
