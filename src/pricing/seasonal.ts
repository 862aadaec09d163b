import { addDays, isCalendarDate, type CalendarDate } from "../calendar/index.js";

/** A span of the year, every year: `from` inclusive to `to` exclusive, as `"MM-DD"`; may wrap past December. */
export interface Season {
  /** First day, `"MM-DD"`. */
  readonly from: string;
  /** First day after, `"MM-DD"`. */
  readonly to: string;
}

/**
 * Whether a date falls in a season. A season may wrap the year end (`from: "11-01", to: "03-01"`).
 *
 * @example
 * ```ts
 * inSeason({ from: "06-01", to: "09-01" }, "2027-08-31"); // true
 * inSeason({ from: "11-01", to: "03-01" }, "2027-01-15"); // true
 * ```
 */
export function inSeason(season: Season, date: CalendarDate): boolean {
  const day = date.slice(5);
  return season.from < season.to ? day >= season.from && day < season.to : day >= season.from || day < season.to;
}

/**
 * The days strictly inside `(start, end)` where any season begins or ends: where a seasonal price
 * splits a billing period. A boundary on Feb 29 falls on Mar 1 in common years.
 *
 * @example
 * ```ts
 * seasonBoundaries([{ from: "06-01", to: "09-01" }], "2027-05-15", "2027-06-15"); // ["2027-06-01"]
 * ```
 */
export function seasonBoundaries(seasons: readonly Season[], start: CalendarDate, end: CalendarDate): CalendarDate[] {
  const found = new Set<CalendarDate>();
  const first = Number(start.slice(0, 4));
  const last = Number(end.slice(0, 4));
  for (const season of seasons) {
    for (const mmdd of [season.from, season.to]) {
      for (let year = first; year <= last; year++) {
        const text = `${String(year).padStart(4, "0")}-${mmdd}`;
        const date = isCalendarDate(text) ? text : addDays(`${String(year).padStart(4, "0")}-02-28`, 1);
        if (date > start && date < end) found.add(date);
      }
    }
  }
  return [...found].sort();
}
