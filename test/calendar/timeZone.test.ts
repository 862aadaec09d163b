import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { instantAt, isValidTimeZone, parseInstant, parseTimeZone, toCalendarDate } from "../../src/calendar/index.js";
import { validationErrorOf } from "../support/errors.js";
import { ValidationError } from "../../src/errors/index.js";
import { codesOf } from "./arbitraries.js";

describe("time zones", () => {
  it("puts instants near midnight UTC on the right day in Tokyo", () => {
    expect(toCalendarDate("2026-03-31T14:59:59Z", "Asia/Tokyo")).toBe("2026-03-31");
    expect(toCalendarDate("2026-03-31T15:00:00Z", "Asia/Tokyo")).toBe("2026-04-01");
    expect(toCalendarDate("2026-12-31T23:30:00Z", "Asia/Tokyo")).toBe("2027-01-01");
    expect(toCalendarDate(new Date("2027-01-01T00:10:00Z"), "UTC")).toBe("2027-01-01");
  });

  it("follows New York across the spring and autumn clock changes", () => {
    // Spring forward on 2026-03-08: local midnight is 05:00Z before, 04:00Z after the change.
    expect(toCalendarDate("2026-03-08T04:59:00Z", "America/New_York")).toBe("2026-03-07");
    expect(toCalendarDate("2026-03-08T05:00:00Z", "America/New_York")).toBe("2026-03-08");
    expect(toCalendarDate("2026-03-09T03:59:00Z", "America/New_York")).toBe("2026-03-08");
    expect(toCalendarDate("2026-03-09T04:00:00Z", "America/New_York")).toBe("2026-03-09");
    // Fall back on 2026-11-01.
    expect(toCalendarDate("2026-11-01T03:59:00Z", "America/New_York")).toBe("2026-10-31");
    expect(toCalendarDate("2026-11-01T04:00:00Z", "America/New_York")).toBe("2026-11-01");
    expect(toCalendarDate("2026-11-02T04:59:00Z", "America/New_York")).toBe("2026-11-01");
    expect(toCalendarDate("2026-11-02T05:00:00Z", "America/New_York")).toBe("2026-11-02");
  });

  it("finds the instant of a local wall-clock time, across DST gaps and overlaps", () => {
    expect(instantAt("2026-07-01", "08:00", "America/New_York").toISOString()).toBe("2026-07-01T12:00:00.000Z");
    expect(instantAt("2026-01-15", "21:00", "America/New_York").toISOString()).toBe("2026-01-16T02:00:00.000Z");
    // 02:30 does not exist on 2026-03-08 in New York: moved forward by the hour skipped.
    expect(instantAt("2026-03-08", "02:30", "America/New_York").toISOString()).toBe("2026-03-08T07:30:00.000Z");
    // 01:30 happens twice on 2026-11-01: the first one (EDT).
    expect(instantAt("2026-11-01", "01:30", "America/New_York").toISOString()).toBe("2026-11-01T05:30:00.000Z");
    expect(instantAt("2026-04-01", "08:00", "Asia/Tokyo").toISOString()).toBe("2026-03-31T23:00:00.000Z");
  });

  it("refuses unknown zones, which @date-fns/tz would silently read as UTC", () => {
    expect(isValidTimeZone("America/New_York")).toBe(true);
    expect(isValidTimeZone("Mars/Olympus_Mons")).toBe(false);
    expect(isValidTimeZone("")).toBe(false);
    expect(() => parseTimeZone("Europe/Atlantis", ["customer", "timeZone"])).toThrow('customer.timeZone: unknown time zone "Europe/Atlantis"');
  });

  it("reports a bad instant and a bad zone together", () => {
    let caught: unknown;
    try {
      toCalendarDate("2026-03-08 04:30", "Nowhere/Land");
    } catch (error) {
      caught = error;
    }
    expect(codesOf(caught as ValidationError)).toEqual([
      ["instant", "invalid_instant"],
      ["timeZone", "unknown_time_zone"],
    ]);
  });

  const zones = fc.constantFrom("UTC", "America/New_York", "America/Los_Angeles", "Asia/Tokyo", "Australia/Lord_Howe", "Asia/Kolkata", "Pacific/Chatham", "Europe/London");

  it("agrees with Intl for any instant and zone", () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2060, 0, 1) }), zones, (ms, zone) => {
        const parts = new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" }).format(ms);
        expect(toCalendarDate(ms, zone)).toBe(parts);
      }),
      { numRuns: 1000 },
    );
  });

  it("lands instantAt on the asked local date and time whenever that time exists", () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1) / 86_400_000, max: Date.UTC(2050, 0, 1) / 86_400_000 }), fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), zones, (day, hour, minute, zone) => {
        const date = new Date(day * 86_400_000).toISOString().slice(0, 10);
        const time = `${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`;
        const at = instantAt(date, time, zone);
        const local = new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(at);
        const [shownDate, shownTime] = local.split(", ");
        // Either the wall time exists and is hit exactly, or it is skipped and we land just after it.
        if (shownDate === date && shownTime === time) return;
        expect(at.getTime()).toBeGreaterThan(instantAt(date, "00:00", zone).getTime());
      }),
      { numRuns: 1000 },
    );
  });
});

describe("parseInstant", () => {
  it("reads a Date, integer milliseconds and ISO strings with Z or an offset as the same instant", () => {
    const ms = Date.UTC(2027, 0, 1, 9, 0, 0);
    expect(parseInstant(new Date(ms))).toBe(ms);
    expect(parseInstant(ms)).toBe(ms);
    expect(parseInstant("2027-01-01T09:00:00Z")).toBe(ms);
    expect(parseInstant("2027-01-01T04:00-05:00")).toBe(ms);
    expect(parseInstant("2027-01-01T14:30:00.000+05:30")).toBe(ms);
  });

  it.each([
    ["a string without an offset", "2027-01-01T09:00:00"],
    ["a day that does not exist (February 30)", "2027-02-30T10:00:00Z"],
    ["a day that does not exist (April 31)", "2027-04-31T12:00:00Z"],
    ["February 29 of a common year", "2027-02-29T00:00:00Z"],
    ["a minute that does not exist", "2027-01-01T10:60:00Z"],
    ["a date alone", "2027-01-01"],
    ["a fraction of a millisecond count", 1.5],
    ["an invalid Date", new Date(Number.NaN)],
  ])("refuses %s with invalid_instant at the path given", (_, instant) => {
    const error = validationErrorOf(() => parseInstant(instant, ["facts", "asOf"]));
    expect(error.issues.map((i) => [i.path, i.code])).toEqual([[["facts", "asOf"], "invalid_instant"]]);
  });

  it("accepts February 29 of a leap year", () => {
    expect(parseInstant("2028-02-29T12:00:00Z")).toBe(Date.UTC(2028, 1, 29, 12));
  });

  it("refuses to put a day that does not exist on the calendar", () => {
    expect(() => toCalendarDate("2027-04-31T12:00:00Z", "UTC")).toThrow(ValidationError);
  });
});
