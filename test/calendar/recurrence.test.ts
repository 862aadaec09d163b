import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { validationErrorOf } from "../support/errors.js";
import { addDays, iterateRecurrenceDates, MAX_RECURRENCE_DATES, recurrenceDates } from "../../src/calendar/index.js";
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

  it("refuses a rule that yields more than MAX_RECURRENCE_DATES dates, naming the limit, instead of cutting it short", () => {
    const error = validationErrorOf(() => recurrenceDates("FREQ=DAILY;COUNT=20000", { start: "2000-01-01" }));
    expect(error.issues.map((i) => [i.path.join("."), i.code])).toEqual([["rule", "too_big"]]);
    expect(error.message).toContain("more than MAX_RECURRENCE_DATES (10000) dates");
    // An `until` far away is no different: 2000-01-01 to 2030-01-01 is 10,958 days.
    expect(() => recurrenceDates("FREQ=DAILY", { start: "2000-01-01", until: "2030-01-01" })).toThrow("MAX_RECURRENCE_DATES");
    expect(() => recurrenceDates("FREQ=DAILY", { start: "2000-01-01", count: MAX_RECURRENCE_DATES + 1 })).toThrow("count: expected a whole number from 0 to MAX_RECURRENCE_DATES (10000)");
  });

  it("returns exactly MAX_RECURRENCE_DATES dates when the rule yields that many, and a bounded slice of a longer rule with count", () => {
    // 10,000 days from 2000-01-01: day 10,000 is 2000-01-01 + 9,999 days = 2027-05-18.
    const all = recurrenceDates(`FREQ=DAILY;COUNT=${MAX_RECURRENCE_DATES}`, { start: "2000-01-01" });
    expect([all.length, all[all.length - 1]]).toEqual([MAX_RECURRENCE_DATES, "2027-05-18"]);
    expect(recurrenceDates("FREQ=DAILY;COUNT=20000", { start: "2000-01-01", count: 3 })).toEqual(["2000-01-01", "2000-01-02", "2000-01-03"]);
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
      ["count", "too_small"],
      ["rule", "invalid_recurrence"],
    ]);
  });

  it.each(["HOURLY", "MINUTELY", "SECONDLY"])("refuses a %s rule at once: its dates are calendar days", (freq) => {
    // Refused when read, before any walking: a SECONDLY rule from 2027 to 2030 would take minutes.
    expect(() => recurrenceDates(`FREQ=${freq}`, { start: "2027-01-01", from: "2030-01-01", count: 5 })).toThrow("finer than a day");
  });
});

describe("iterateRecurrenceDates", () => {
  it("walks an unbounded rule lazily, as far as the caller asks", () => {
    const dates: string[] = [];
    for (const date of iterateRecurrenceDates("FREQ=MONTHLY;BYDAY=1MO", { start: "2027-01-01" })) {
      if (date >= "2027-04-01") break;
      dates.push(date);
    }
    // The first Mondays of January, February and March 2027.
    expect(dates).toEqual(["2027-01-04", "2027-02-01", "2027-03-01"]);
  });

  it("walks past MAX_RECURRENCE_DATES with no limit: the 20,000th day from 2000-01-01 is 2054-10-03", () => {
    // The 20,000th date is 2000-01-01 + 19,999 days. 2000–2053 are 54 years with 14 leap days
    // (2000, 2004, …, 2052): 54 × 365 + 14 = 19,724 days, so 2054-01-01 is + 19,724 and the
    // remaining 275 days run Jan 31 + Feb 28 + … + Sep 30 (273) + 2 = Oct 3.
    let n = 0;
    let last = "";
    for (const date of iterateRecurrenceDates("FREQ=DAILY", { start: "2000-01-01" })) {
      last = date;
      if (++n === 20_000) break;
    }
    expect(last).toBe("2054-10-03");
  });

  it("yields the same dates as recurrenceDates for any bounded rule and window", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("FREQ=DAILY;INTERVAL=3", "FREQ=WEEKLY;BYDAY=MO,FR", "FREQ=MONTHLY;BYMONTHDAY=-1", "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29"),
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 0, max: 1500 }),
        (rule, fromOffset, length) => {
          const start = "2027-01-01";
          const from = addDays(start, fromOffset);
          const until = addDays(from, length);
          expect([...iterateRecurrenceDates(rule, { start, from, until })]).toEqual(recurrenceDates(rule, { start, from, until }));
          expect([...iterateRecurrenceDates(rule, { start, count: 7 })]).toEqual(recurrenceDates(rule, { start, count: 7 }));
        },
      ),
      { numRuns: 100 },
    );
  });

  it("checks the rule and the options at the call, before any date is asked for", () => {
    expect(() => iterateRecurrenceDates("FREQ=SOMETIMES", { start: "2027-02-30" })).toThrow(ValidationError);
    expect(() => iterateRecurrenceDates("FREQ=HOURLY", { start: "2027-01-01" })).toThrow("finer than a day");
  });
});
