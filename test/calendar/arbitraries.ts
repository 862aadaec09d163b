import fc from "fast-check";
import type { CalendarDate, Cycle } from "../../src/calendar/index.js";
import type { ValidationError } from "../../src/errors/index.js";

const DAY = 86_400_000;
const FIRST = Date.UTC(1970, 0, 1) / DAY;
const LAST = Date.UTC(2150, 11, 31) / DAY;

/** Any calendar date from 1970 to 2150, built independently of the code under test. */
export function calendarDate(min = FIRST, max = LAST): fc.Arbitrary<CalendarDate> {
  return fc.integer({ min, max }).map((day) => new Date(day * DAY).toISOString().slice(0, 10));
}

/** Day number of a date, by the platform's UTC calendar (independent reference). */
export function dayNumber(date: CalendarDate): number {
  return Date.parse(`${date}T00:00:00Z`) / DAY;
}

/** Any billing cycle. */
export function cycle(): fc.Arbitrary<Cycle> {
  return fc.oneof(
    fc.constantFrom<Cycle>("monthly", "quarterly", "semiannual", "annual"),
    fc.integer({ min: 1, max: 24 }).map((everyMonths): Cycle => ({ everyMonths })),
  );
}

/** Months in a cycle, computed independently. */
export function monthsOf(value: Cycle): number {
  if (typeof value === "object") return value.everyMonths;
  return { monthly: 1, quarterly: 3, semiannual: 6, annual: 12 }[value];
}

/** `[path, code]` pairs of a ValidationError, for compact assertions. */
export function codesOf(error: ValidationError): [string, string][] {
  return error.issues.map((issue) => [issue.path.join("."), issue.code]);
}
