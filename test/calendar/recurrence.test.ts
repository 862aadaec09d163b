import { describe, expect, it } from "vitest";
import { MAX_RECURRENCE_DATES, recurrenceDates } from "../../src/calendar/index.js";
import { ValidationError } from "../../src/errors/index.js";
import { codesOf } from "./arbitraries.js";

describe("recurrenceDates", () => {
  it("finds the last business day of each month", () => {
    expect(recurrenceDates("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", { start: "2027-01-01", count: 6 })).toEqual([
      "2027-01-29",
      "2027-02-26",
      "2027-03-31",
      "2027-04-30",
      "2027-05-31",
      "2027-06-30",
    ]);
  });

  it("accepts the RRULE: prefix and honours COUNT and UNTIL in the rule", () => {
    expect(recurrenceDates("RRULE:FREQ=WEEKLY;COUNT=3;BYDAY=FR", { start: "2027-01-01" })).toEqual(["2027-01-01", "2027-01-08", "2027-01-15"]);
    expect(recurrenceDates("FREQ=MONTHLY;BYMONTHDAY=15;UNTIL=20270401T000000Z", { start: "2027-01-01" })).toEqual(["2027-01-15", "2027-02-15", "2027-03-15"]);
  });

  it("bounds an open rule by the window given", () => {
    expect(recurrenceDates("FREQ=MONTHLY;BYMONTHDAY=-1", { start: "2027-01-01", from: "2028-01-15", until: "2028-04-30" })).toEqual([
      "2028-01-31",
      "2028-02-29",
      "2028-03-31",
    ]);
    expect(recurrenceDates("FREQ=DAILY", { start: "2027-12-30", count: 3 })).toEqual(["2027-12-30", "2027-12-31", "2028-01-01"]);
  });

  it("never returns more than MAX_RECURRENCE_DATES dates, whatever the rule's COUNT", () => {
    const dates = recurrenceDates("FREQ=DAILY;COUNT=20000", { start: "2000-01-01" });
    expect(dates).toHaveLength(MAX_RECURRENCE_DATES);
    expect(dates[MAX_RECURRENCE_DATES - 1]).toBe("2027-05-18");
    expect(() => recurrenceDates("FREQ=DAILY", { start: "2000-01-01", count: MAX_RECURRENCE_DATES + 1 })).toThrow("count: expected a whole number from 0 to 10000");
  });

  it("refuses an unbounded rule, a malformed one and DTSTART inside the rule", () => {
    expect(() => recurrenceDates("FREQ=MONTHLY", { start: "2027-01-01" })).toThrow("the rule is unbounded");
    expect(() => recurrenceDates("FREQ=SOMETIMES", { start: "2027-01-01", count: 1 })).toThrow(ValidationError);
    expect(() => recurrenceDates("DTSTART:20270101\nRRULE:FREQ=DAILY", { start: "2027-01-01", count: 1 })).toThrow("give the start date in options.start");
    let caught: unknown;
    try {
      recurrenceDates("", { start: "2027-02-30", count: -1 });
    } catch (error) {
      caught = error;
    }
    expect(codesOf(caught as ValidationError)).toEqual([
      ["start", "invalid_date"],
      ["count", "too_big"],
      ["rule", "invalid_recurrence"],
    ]);
  });

  it.each(["HOURLY", "MINUTELY", "SECONDLY"])("refuses a %s rule at once: its dates are calendar days", (freq) => {
    // Refused when read, before any walking: a SECONDLY rule from 2027 to 2030 would take minutes.
    expect(() => recurrenceDates(`FREQ=${freq}`, { start: "2027-01-01", from: "2030-01-01", count: 5 })).toThrow("finer than a day");
  });
});
