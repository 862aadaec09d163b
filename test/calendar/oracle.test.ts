import { addMonths, differenceInCalendarDays } from "date-fns";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { billingPeriods, daysBetween } from "../../src/calendar/index.js";

const iso = (date: Date): string =>
  `${String(date.getFullYear()).padStart(4, "0")}-${String(date.getMonth() + 1).padStart(2, "0")}-${String(date.getDate()).padStart(2, "0")}`;

// date-fns is an independent oracle: addMonths counted from the anchor itself (never chained)
// clamps to the month end exactly as billing anchors do.
describe("the calendar agrees with date-fns", () => {
  it("starts every period where date-fns addMonths from the first anchor lands", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1990, max: 2080 }), fc.integer({ min: 1, max: 31 }), fc.constantFrom(1, 2, 3, 6, 12), (year, anchorDay, months) => {
        const start = `${year}-01-${String(anchorDay).padStart(2, "0")}`;
        const periods = billingPeriods({ start, cycle: { everyMonths: months }, count: 40 });
        const first = new Date(year, 0, anchorDay);
        periods.forEach((p, k) => expect(p.start).toBe(iso(addMonths(first, k * months))));
      }),
      { numRuns: 1000 },
    );
  });

  it("counts days between dates like date-fns", () => {
    fc.assert(
      fc.property(fc.integer({ min: -20_000, max: 20_000 }), fc.integer({ min: -20_000, max: 20_000 }), (a, b) => {
        const x = new Date(2000, 0, 1 + a);
        const y = new Date(2000, 0, 1 + b);
        expect(daysBetween(iso(x), iso(y))).toBe(differenceInCalendarDays(y, x));
      }),
      { numRuns: 1000 },
    );
  });
});
