import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { validationErrorOf } from "../support/errors.js";
import {
  addDays,
  addMonthsFromAnchor,
  anchorDate,
  compareDates,
  dateParts,
  daysBetween,
  daysInMonth,
  isCalendarDate,
  isLeapYear,
  parseCalendarDate,
} from "../../src/calendar/index.js";
import { calendarDate, codesOf } from "./arbitraries.js";

describe("calendar dates", () => {
  it("accepts real days and refuses days that do not exist", () => {
    expect(isCalendarDate("2028-02-29")).toBe(true);
    expect(isCalendarDate("2027-02-29")).toBe(false);
    expect(isCalendarDate("2026-02-30")).toBe(false);
    expect(isCalendarDate("2026-04-31")).toBe(false);
    expect(isCalendarDate("2026-13-01")).toBe(false);
    expect(isCalendarDate("2026-1-01")).toBe(false);
    expect(isCalendarDate("2026-01-01T00:00:00Z")).toBe(false);
    expect(isCalendarDate(20260101)).toBe(false);
  });

  it("names the field and the problem when a date does not exist", () => {
    expect(() => parseCalendarDate("2026-02-30", ["contract", "start"])).toThrow(
      'contract.start: "2026-02-30" is not a day of the calendar',
    );
    const error = validationErrorOf(() => parseCalendarDate("30/02/2026", ["start"]));
    expect(codesOf(error)).toEqual([["start", "invalid_date"]]);
    expect(error.message).toContain('expected a date "YYYY-MM-DD"');
  });

  it("knows leap years and month lengths", () => {
    expect([2024, 2028, 2000].map(isLeapYear)).toEqual([true, true, true]);
    expect([2026, 2100, 1900].map(isLeapYear)).toEqual([false, false, false]);
    expect(daysInMonth(2028, 2)).toBe(29);
    expect(daysInMonth(2027, 2)).toBe(28);
    expect(daysInMonth(2027, 4)).toBe(30);
    expect(daysInMonth(2027, 12)).toBe(31);
  });

  it("adds days across month, year and leap-day boundaries", () => {
    expect(addDays("2027-03-02", -5)).toBe("2027-02-25");
    expect(addDays("2028-03-02", -5)).toBe("2028-02-26");
    expect(addDays("2026-12-30", 3)).toBe("2027-01-02");
    expect(daysBetween("2026-03-10", "2026-04-01")).toBe(22);
    expect(daysBetween("2028-01-01", "2029-01-01")).toBe(366);
    expect(compareDates("2026-01-31", "2026-02-01")).toBe(-1);
    expect(dateParts("2027-01-31")).toEqual({ year: 2027, month: 1, day: 31 });
  });

  it("clamps an anchor day to the month end and returns to it afterwards", () => {
    expect([1, 2, 3, 4].map((m) => anchorDate(2028, m, 31))).toEqual(["2028-01-31", "2028-02-29", "2028-03-31", "2028-04-30"]);
    expect(addMonthsFromAnchor("2027-01-31", 1)).toBe("2027-02-28");
    expect(addMonthsFromAnchor("2027-01-31", 2)).toBe("2027-03-31");
    expect(addMonthsFromAnchor("2027-01-31", -2)).toBe("2026-11-30");
  });

  it("round-trips every date through addDays and daysBetween", () => {
    fc.assert(
      fc.property(calendarDate(), fc.integer({ min: -20_000, max: 20_000 }), (date, n) => {
        const moved = addDays(date, n);
        expect(isCalendarDate(moved)).toBe(true);
        expect(daysBetween(date, moved)).toBe(n);
        expect(addDays(moved, -n)).toBe(date);
      }),
      { numRuns: 1000 },
    );
  });

  it("agrees with the platform's UTC calendar for every day", () => {
    fc.assert(
      fc.property(calendarDate(), fc.integer({ min: -5000, max: 5000 }), (date, n) => {
        const reference = new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
        expect(addDays(date, n)).toBe(reference);
      }),
      { numRuns: 1000 },
    );
  });
});
