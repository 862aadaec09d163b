import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  billingPeriods,
  cycleMonths,
  iterateBillingPeriods,
  MAX_BILLING_PERIODS,
  type BillingPeriod,
  type BillingScheduleOptions,
  type Cycle,
} from "../../src/calendar/index.js";
import { thrownBy } from "../support/errors.js";
import { ValidationError } from "../../src/errors/index.js";
import { money, multiply, ratioToString, round, toDecimalString } from "../../src/money/index.js";
import { calendarDate, codesOf, cycle, dayNumber, monthsOf } from "./arbitraries.js";

const span = (p: BillingPeriod): [string, string] => [p.start, p.end];
const frac = (p: BillingPeriod): string => ratioToString(p.fraction);

describe("billingPeriods", () => {
  it("keeps anchor 31 through a leap year: Jan 31, Feb 29, Mar 31, Apr 30", () => {
    const periods = billingPeriods({ start: "2027-12-31", cycle: "monthly", anchorDay: 31, count: 6 });
    expect(periods.map((p) => p.start)).toEqual(["2027-12-31", "2028-01-31", "2028-02-29", "2028-03-31", "2028-04-30", "2028-05-31"]);
    expect(periods.every((p) => p.kind === "full" && frac(p) === "1")).toBe(true);
    expect(periods[5]?.end).toBe("2028-06-30");
  });

  it("bills a stub from the 10th to the 1st of the next month at 22/31", () => {
    const [stub, first] = billingPeriods({ start: "2026-03-10", cycle: "monthly", anchorDay: 1, count: 2 });
    expect(stub).toEqual({
      index: 0,
      kind: "stub",
      start: "2026-03-10",
      end: "2026-04-01",
      fullStart: "2026-03-01",
      fullEnd: "2026-04-01",
      fraction: { numerator: 22, denominator: 31 },
      cycleDate: "2026-03-10",
      issueDate: "2026-03-05",
      dueDate: "2026-03-10",
    });
    expect(first).toMatchObject({ index: 1, kind: "full", start: "2026-04-01", end: "2026-05-01", issueDate: "2026-03-27", dueDate: "2026-04-01" });
    // A USD 39.99 monthly plan for that stub, rounded half up: 39.99 × 22/31 = 28.380…
    expect(toDecimalString(round(multiply(money("39.99", "USD"), (stub as BillingPeriod).fraction), "halfUp"))).toBe("28.38");
  });

  it("runs a quarterly contract that starts on a month end along the month ends", () => {
    const periods = billingPeriods({ start: "2026-01-31", cycle: "quarterly", count: 5 });
    expect(periods.map(span)).toEqual([
      ["2026-01-31", "2026-04-30"],
      ["2026-04-30", "2026-07-31"],
      ["2026-07-31", "2026-10-31"],
      ["2026-10-31", "2027-01-31"],
      ["2027-01-31", "2027-04-30"],
    ]);
  });

  it("runs an annual contract that starts on a leap day to Feb 28, back to Feb 29 in leap years", () => {
    const periods = billingPeriods({ start: "2028-02-29", cycle: "annual", count: 5 });
    expect(periods.map((p) => p.start)).toEqual(["2028-02-29", "2029-02-28", "2030-02-28", "2031-02-28", "2032-02-29"]);
  });

  it("issues the invoice 5 days before a cycle date that falls on the 2nd", () => {
    const periods = billingPeriods({ start: "2027-02-02", cycle: "monthly", count: 2 });
    expect(periods.map((p) => [p.cycleDate, p.issueDate])).toEqual([
      ["2027-02-02", "2027-01-28"],
      ["2027-03-02", "2027-02-25"],
    ]);
    const leap = billingPeriods({ start: "2028-03-02", cycle: "monthly", count: 1 });
    expect(leap[0]?.issueDate).toBe("2028-02-26");
  });

  it("ends with a prorated final period when the term stops mid-cycle", () => {
    const periods = billingPeriods({ start: "2027-01-31", end: "2027-06-15", cycle: "monthly" });
    expect(periods.map(span)).toEqual([
      ["2027-01-31", "2027-02-28"],
      ["2027-02-28", "2027-03-31"],
      ["2027-03-31", "2027-04-30"],
      ["2027-04-30", "2027-05-31"],
      ["2027-05-31", "2027-06-15"],
    ]);
    const last = periods[4] as BillingPeriod;
    expect(last.kind).toBe("final");
    expect([last.fullStart, last.fullEnd, frac(last)]).toEqual(["2027-05-31", "2027-06-30", "15/30"].map((x) => (x === "15/30" ? "0.5" : x)));
  });

  it("makes one short period when a contract starts and ends between anchors", () => {
    const periods = billingPeriods({ start: "2026-03-10", end: "2026-03-20", cycle: "monthly", anchorDay: 1 });
    expect(periods).toHaveLength(1);
    expect(periods[0]).toMatchObject({ kind: "stub", start: "2026-03-10", end: "2026-03-20", fullStart: "2026-03-01", fullEnd: "2026-04-01" });
    expect(frac(periods[0] as BillingPeriod)).toBe("10/31");
  });

  it("bills the stub as a full period, or skips it to the next anchor, by policy", () => {
    const full = billingPeriods({ start: "2026-03-10", cycle: "monthly", anchorDay: 1, count: 2, stub: "full" });
    expect(full.map((p) => [p.start, p.end, frac(p)])).toEqual([
      ["2026-03-10", "2026-04-01", "1"],
      ["2026-04-01", "2026-05-01", "1"],
    ]);
    const next = billingPeriods({ start: "2026-03-10", cycle: "monthly", anchorDay: 1, count: 2, stub: "nextAnchor" });
    expect(next.map((p) => [p.index, p.start, p.end])).toEqual([
      [0, "2026-04-01", "2026-05-01"],
      [1, "2026-05-01", "2026-06-01"],
    ]);
  });

  it("prorates a quarterly stub over the whole quarter it belongs to", () => {
    const [stub] = billingPeriods({ start: "2026-03-10", cycle: "quarterly", anchorDay: 1, count: 1 });
    expect(stub).toMatchObject({ start: "2026-03-10", end: "2026-04-01", fullStart: "2026-01-01", fullEnd: "2026-04-01" });
    expect(frac(stub as BillingPeriod)).toBe("11/45"); // 22/90
  });

  it("fixes the phase of long cycles with an anchor month", () => {
    const periods = billingPeriods({ start: "2026-05-15", cycle: "annual", anchorDay: 1, anchorMonth: 1, count: 2 });
    expect(periods.map(span)).toEqual([
      ["2026-05-15", "2027-01-01"],
      ["2027-01-01", "2028-01-01"],
    ]);
    expect(frac(periods[0] as BillingPeriod)).toBe("231/365");
    const quarters = billingPeriods({ start: "2026-05-15", cycle: "quarterly", anchorDay: 1, anchorMonth: 1, count: 2 });
    expect(quarters.map(span)).toEqual([
      ["2026-05-15", "2026-07-01"],
      ["2026-07-01", "2026-10-01"],
    ]);
  });

  it("bills in arrears on the period end, with no lead days by default", () => {
    const [stub, full] = billingPeriods({ start: "2026-03-10", cycle: "monthly", anchorDay: 1, timing: "arrears", count: 2 });
    expect([stub?.cycleDate, stub?.issueDate, stub?.dueDate]).toEqual(["2026-04-01", "2026-04-01", "2026-04-01"]);
    expect([full?.cycleDate, full?.issueDate]).toEqual(["2026-05-01", "2026-05-01"]);
  });

  it("sets due dates net N days after issue", () => {
    const [p] = billingPeriods({ start: "2027-01-01", cycle: "monthly", count: 1, paymentTerms: { kind: "net", days: 15 } });
    expect([p?.cycleDate, p?.issueDate, p?.dueDate]).toEqual(["2027-01-01", "2026-12-27", "2027-01-11"]);
    const [q] = billingPeriods({ start: "2027-01-01", cycle: "monthly", count: 1, leadDays: 10 });
    expect([q?.issueDate, q?.dueDate]).toEqual(["2026-12-22", "2027-01-01"]);
  });

  it("prorates with 30/360 when asked", () => {
    const [stub] = billingPeriods({ start: "2026-03-10", cycle: "monthly", anchorDay: 1, count: 1, dayCount: "30/360" });
    expect(frac(stub as BillingPeriod)).toBe("0.7");
    const [feb] = billingPeriods({ start: "2027-02-15", cycle: "monthly", anchorDay: 1, count: 1, dayCount: "30/360" });
    expect(frac(feb as BillingPeriod)).toBe("8/15");
  });

  it("returns the next periods after a date without walking from the start", () => {
    const periods = billingPeriods({ start: "2016-01-31", cycle: "monthly", from: "2027-02-10", count: 3 });
    expect(periods.map((p) => [p.index, p.start])).toEqual([
      [132, "2027-01-31"],
      [133, "2027-02-28"],
      [134, "2027-03-31"],
    ]);
  });

  it("stops at `until` for open-ended contracts", () => {
    const periods = billingPeriods({ start: "2027-01-01", cycle: "monthly", until: "2027-04-01" });
    expect(periods.map((p) => p.start)).toEqual(["2027-01-01", "2027-02-01", "2027-03-01"]);
  });

  it("lists every problem with the options at once", () => {
    let caught: unknown;
    try {
      billingPeriods({
        start: "2026-02-30",
        end: "2025-01-01",
        cycle: { everyMonths: 0 },
        anchorDay: 32,
        leadDays: -1,
        paymentTerms: { kind: "net", days: 1.5 },
        count: 12,
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    expect(codesOf(caught as ValidationError)).toEqual([
      ["start", "invalid_date"],
      ["cycle.everyMonths", "too_small"],
      ["anchorDay", "too_big"],
      ["leadDays", "too_small"],
      ["paymentTerms.days", "invalid_type"],
    ]);
    expect(() => billingPeriods({ start: "2027-03-01", end: "2027-01-01", cycle: "monthly" })).toThrow("end: the end 2027-01-01 must be after the start 2027-03-01");
    expect(() => billingPeriods({ start: "2027-03-01", cycle: "monthly" })).toThrow("needs `count` or `until`");
  });
});

describe("billingPeriods: the cycle", () => {
  it("refuses a name inherited by every object (toString, constructor) as a cycle", () => {
    for (const name of ["toString", "constructor", "__proto__", "hasOwnProperty"]) {
      const error = thrownBy(() => billingPeriods({ start: "2027-01-01", cycle: name as Cycle, count: 1 }));
      expect(error).toBeInstanceOf(ValidationError);
      expect(codesOf(error as ValidationError)).toEqual([["cycle", "invalid_option"]]);
      expect(() => cycleMonths(name as Cycle)).toThrow(TypeError);
    }
  });

  it("names what is wrong with a number of months: too small, too big or not whole", () => {
    const codeFor = (everyMonths: unknown) =>
      codesOf(thrownBy(() => billingPeriods({ start: "2027-01-01", cycle: { everyMonths } as Cycle, count: 1 })) as ValidationError);
    expect(codeFor(0)).toEqual([["cycle.everyMonths", "too_small"]]);
    expect(codeFor(-3)).toEqual([["cycle.everyMonths", "too_small"]]);
    expect(codeFor(121)).toEqual([["cycle.everyMonths", "too_big"]]);
    expect(codeFor(1.5)).toEqual([["cycle.everyMonths", "invalid_type"]]);
    expect(codeFor("2")).toEqual([["cycle.everyMonths", "invalid_type"]]);
    expect(billingPeriods({ start: "2027-01-01", cycle: { everyMonths: 120 }, count: 1 })[0]?.end).toBe("2037-01-01");
  });
});

describe("billingPeriods: the anchor month", () => {
  it("refuses an anchor month with a cycle that does not come back to the same month every year", () => {
    for (const everyMonths of [5, 7, 9, 24]) {
      const error = thrownBy(() => billingPeriods({ start: "2027-01-01", cycle: { everyMonths }, anchorMonth: 1, count: 2 }));
      expect(codesOf(error as ValidationError)).toEqual([["anchorMonth", "invalid_option"]]);
    }
  });

  it("starts every full period in a month of the anchor month's phase, for every cycle that divides the year", () => {
    fc.assert(
      fc.property(calendarDate(), fc.constantFrom(1, 2, 3, 4, 6, 12), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }), (start, months, anchorMonth, anchorDay) => {
        const periods = billingPeriods({ start, cycle: { everyMonths: months }, anchorDay, anchorMonth, count: 6 });
        for (const period of periods.filter((p) => p.kind === "full")) {
          const month = Number(period.start.slice(5, 7));
          expect((((month - anchorMonth) % months) + months) % months).toBe(0);
        }
        // The first full period starts at the first such anchor after the start: a stub is the tail of one cycle.
        const stub = periods[0]?.kind === "stub" ? periods[0] : undefined;
        if (stub !== undefined) expect([stub.fullStart < stub.start, stub.end === stub.fullEnd, stub.end === periods[1]?.start]).toEqual([true, true, true]);
        expect(periods[0]?.start).toBe(start);
      }),
      { numRuns: 1000 },
    );
  });

  it("starts a quarterly schedule on the quarter of the anchor month, with a stub before it", () => {
    const periods = billingPeriods({ start: "2027-05-10", cycle: "quarterly", anchorDay: 1, anchorMonth: 1, count: 2 });
    expect(periods.map(span)).toEqual([
      ["2027-05-10", "2027-07-01"],
      ["2027-07-01", "2027-10-01"],
    ]);
    expect(billingPeriods({ start: "2027-01-01", cycle: { everyMonths: 9 }, count: 2 }).map(span)).toEqual([
      ["2027-01-01", "2027-10-01"],
      ["2027-10-01", "2028-07-01"],
    ]);
  });
});

describe("billingPeriods: optional terms given as undefined", () => {
  it("treats an option set to undefined exactly as one left out (an optional column read from a database)", () => {
    const given = billingPeriods({
      start: "2026-03-10",
      end: undefined,
      cycle: "monthly",
      anchorDay: undefined,
      anchorMonth: undefined,
      timing: undefined,
      stub: undefined,
      leadDays: undefined,
      paymentTerms: undefined,
      dayCount: undefined,
      from: undefined,
      until: undefined,
      count: 3,
    });
    expect(given).toEqual(billingPeriods({ start: "2026-03-10", cycle: "monthly", count: 3 }));
    expect(given.map(span)).toEqual([
      ["2026-03-10", "2026-04-10"],
      ["2026-04-10", "2026-05-10"],
      ["2026-05-10", "2026-06-10"],
    ]);
  });

  it("still asks an open-ended schedule for a count or an end date when they are undefined", () => {
    expect(() => billingPeriods({ start: "2027-03-01", end: undefined, cycle: "monthly", count: undefined, until: undefined })).toThrow("needs `count` or `until`");
  });
});

describe("billingPeriods properties", () => {
  const terms = fc
    .record({
      start: calendarDate(dayNumber("1990-01-01"), dayNumber("2090-12-31")),
      length: fc.integer({ min: 1, max: 2000 }),
      anchorDay: fc.integer({ min: 1, max: 31 }),
      cycle: cycle(),
      stub: fc.constantFrom("prorate" as const, "full" as const, "nextAnchor" as const),
      timing: fc.constantFrom("advance" as const, "arrears" as const),
      dayCount: fc.constantFrom("actual" as const, "30/360" as const),
    })
    .map((t) => ({ ...t, end: new Date((dayNumber(t.start) + t.length) * 86_400_000).toISOString().slice(0, 10) }));

  it("tiles the term with no gap or overlap for any start, end, anchor and cycle", () => {
    fc.assert(
      fc.property(terms, (t) => {
        const periods = billingPeriods({ start: t.start, end: t.end, anchorDay: t.anchorDay, cycle: t.cycle, stub: t.stub, timing: t.timing, dayCount: t.dayCount });
        if (t.stub !== "nextAnchor") expect(periods[0]?.start).toBe(t.start);
        if (periods.length === 0) {
          expect(t.stub).toBe("nextAnchor");
          return;
        }
        expect(periods[periods.length - 1]?.end).toBe(t.end);
        periods.forEach((p, i) => {
          expect(p.index).toBe(i);
          expect(dayNumber(p.end)).toBeGreaterThan(dayNumber(p.start));
          if (i > 0) expect(p.start).toBe(periods[i - 1]?.end);
          expect(dayNumber(p.fullStart)).toBeLessThanOrEqual(dayNumber(p.start));
          expect(dayNumber(p.fullEnd)).toBeGreaterThanOrEqual(dayNumber(p.end));
          const f = p.fraction;
          // Under 30/360 the 31st of a month counts for nothing, so a one-day period on it is free.
          if (t.dayCount === "actual") expect(Number(f.numerator)).toBeGreaterThan(0);
          else expect(Number(f.numerator)).toBeGreaterThanOrEqual(0);
          expect(Number(f.numerator)).toBeLessThanOrEqual(Number(f.denominator));
          if (p.kind === "full") expect([p.start, p.end, ratioToString(f)]).toEqual([p.fullStart, p.fullEnd, "1"]);
          expect(p.cycleDate).toBe(t.timing === "advance" ? p.start : p.end);
          expect(dayNumber(p.cycleDate) - dayNumber(p.issueDate)).toBe(t.timing === "advance" ? 5 : 0);
        });
      }),
      { numRuns: 1000 },
    );
  });

  it("never drifts from the anchor over 30 years of cycles", () => {
    fc.assert(
      fc.property(calendarDate(dayNumber("1990-01-01"), dayNumber("2090-12-31")), fc.integer({ min: 1, max: 31 }), cycle(), (start, anchorDay, c) => {
        const months = monthsOf(c);
        const count = Math.floor(360 / months) + 1;
        const periods = billingPeriods({ start, anchorDay, cycle: c, count, stub: "nextAnchor" });
        const first = new Date(`${periods[0]?.start ?? ""}T00:00:00Z`);
        periods.forEach((p, i) => {
          // Independent reference: the anchor day clamped to the month, counted from the first anchor.
          const y = first.getUTCFullYear();
          const m = first.getUTCMonth() + i * months;
          const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
          const expected = new Date(Date.UTC(y, m, Math.min(anchorDay, lastDay))).toISOString().slice(0, 10);
          expect(p.start).toBe(expected);
        });
      }),
      { numRuns: 1000 },
    );
  });

  it("returns the same periods with a `from` window as filtering the whole list", () => {
    fc.assert(
      fc.property(terms, fc.integer({ min: 0, max: 2100 }), fc.integer({ min: 1, max: 15 }), (t, offset, count) => {
        const from = new Date((dayNumber(t.start) + offset) * 86_400_000).toISOString().slice(0, 10);
        const base: BillingScheduleOptions = { start: t.start, end: t.end, anchorDay: t.anchorDay, cycle: t.cycle, stub: t.stub };
        const all = billingPeriods(base).filter((p) => dayNumber(p.end) > dayNumber(from));
        expect(billingPeriods({ ...base, from, count })).toEqual(all.slice(0, count));
      }),
      { numRuns: 1000 },
    );
  });

  it("never charges a period more than the full-cycle rate, nor less than zero", () => {
    fc.assert(
      fc.property(terms, fc.integer({ min: 1, max: 1_000_000 }), (t, cents) => {
        const rate = money(`${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`, "USD");
        const periods = billingPeriods({ start: t.start, end: t.end, anchorDay: t.anchorDay, cycle: t.cycle, dayCount: t.dayCount });
        for (const p of periods) {
          const charged = round(multiply(rate, p.fraction), "halfEven").minor;
          expect(charged).toBeGreaterThanOrEqual(0);
          expect(charged).toBeLessThanOrEqual(rate.minor);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe("billingPeriods: long cycles without an anchor month take it from the contract start", () => {
  it("bills a quarterly contract from Feb 15 every Feb, May, Aug and Nov 15", () => {
    // No anchorDay, no anchorMonth: the start itself is the anchor, so there is no stub.
    const periods = billingPeriods({ start: "2027-02-15", cycle: "quarterly", count: 5 });
    expect(periods.map(span)).toEqual([
      ["2027-02-15", "2027-05-15"],
      ["2027-05-15", "2027-08-15"],
      ["2027-08-15", "2027-11-15"],
      ["2027-11-15", "2028-02-15"],
      ["2028-02-15", "2028-05-15"],
    ]);
    expect(periods.every((p) => p.kind === "full")).toBe(true);
  });

  it("bills a semiannual contract from Mar 31 on Sep 30 and Mar 31, the anchor day remembered", () => {
    expect(billingPeriods({ start: "2027-03-31", cycle: "semiannual", count: 3 }).map(span)).toEqual([
      ["2027-03-31", "2027-09-30"],
      ["2027-09-30", "2028-03-31"],
      ["2028-03-31", "2028-09-30"],
    ]);
  });

  it("bills an annual contract from Jul 1 every Jul 1", () => {
    expect(billingPeriods({ start: "2027-07-01", cycle: "annual", count: 2 }).map(span)).toEqual([
      ["2027-07-01", "2028-07-01"],
      ["2028-07-01", "2029-07-01"],
    ]);
  });

  it("starts the cycle at the first anchor day on or after the start when only the anchor day is given", () => {
    // Start May 15, anchor day 1, annual: the first anchor day on or after the start is Jun 1, so
    // the years run Jun 1 → Jun 1 and the stub May 15 → Jun 1 is 17 of the 365 days of the year
    // Jun 1 2025 → Jun 1 2026 it ends. This is Stripe's billing_cycle_anchor_config without a
    // month: "the billing_cycle_anchor is set to the next occurrence of the day_of_month".
    const periods = billingPeriods({ start: "2026-05-15", cycle: "annual", anchorDay: 1, count: 2 });
    expect(periods.map(span)).toEqual([
      ["2026-05-15", "2026-06-01"],
      ["2026-06-01", "2027-06-01"],
    ]);
    expect(frac(periods[0] as BillingPeriod)).toBe("17/365");
    // The same contract quarterly: quarters start in Jun, Sep, Dec and Mar; the stub is 17/92 of Mar 1 → Jun 1.
    const quarters = billingPeriods({ start: "2026-05-15", cycle: "quarterly", anchorDay: 1, count: 3 });
    expect(quarters.map(span)).toEqual([
      ["2026-05-15", "2026-06-01"],
      ["2026-06-01", "2026-09-01"],
      ["2026-09-01", "2026-12-01"],
    ]);
    expect(frac(quarters[0] as BillingPeriod)).toBe("17/92");
  });

  it("phases every cycle that divides the year from the start's month, whatever the start", () => {
    fc.assert(
      fc.property(calendarDate(), fc.constantFrom<Cycle>("quarterly", "semiannual", "annual"), fc.option(fc.integer({ min: 1, max: 31 }), { nil: undefined }), (start, c, anchorDay) => {
        const n = monthsOf(c);
        const periods = billingPeriods({ start, cycle: c, anchorDay, count: 6 });
        const [first] = periods;
        // Without an anchor day the start is the anchor: the first period is a full cycle from the start.
        if (anchorDay === undefined) expect(first).toMatchObject({ kind: "full", start });
        // The first full cycle starts at the first anchor day on or after the start: in the start's
        // month, or the next month when the anchor day has passed.
        const full = periods.filter((p) => p.kind === "full");
        const firstFull = full[0]?.start ?? "";
        const monthIndex = (date: string): number => Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1;
        expect(monthIndex(firstFull) - monthIndex(start)).toBeLessThanOrEqual(1);
        expect(dayNumber(firstFull) >= dayNumber(start)).toBe(true);
        for (const period of full) expect((monthIndex(period.start) - monthIndex(firstFull)) % n).toBe(0);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("iterateBillingPeriods: open-ended schedules, lazily", () => {
  it("walks an open-ended monthly schedule as far as the caller asks, anchor 31 remembered", () => {
    const starts: string[] = [];
    for (const period of iterateBillingPeriods({ start: "2027-01-31", cycle: "monthly", from: "2031-06-15" })) {
      if (period.start >= "2031-10-01") break;
      starts.push(period.start);
    }
    // The period containing 2031-06-15 began on May 31; then Jun 30, Jul 31, Aug 31, Sep 30.
    expect(starts).toEqual(["2031-05-31", "2031-06-30", "2031-07-31", "2031-08-31", "2031-09-30"]);
  });

  it("goes past any fixed number of periods: the 2,000th month of a schedule from 2027-01-01 starts 2193-08-01", () => {
    // Period i (from 0) starts i months after 2027-01: 1,999 months = 166 years 7 months → 2193-08.
    let last: BillingPeriod | undefined;
    let n = 0;
    for (const period of iterateBillingPeriods({ start: "2027-01-01", cycle: "monthly" })) {
      last = period;
      if (++n === 2000) break;
    }
    expect(last).toMatchObject({ index: 1999, start: "2193-08-01", end: "2193-09-01" });
  });

  it("stops at the term's end, `until` and `count` when they are given", () => {
    expect([...iterateBillingPeriods({ start: "2027-01-01", end: "2027-03-15", cycle: "monthly" })].map(span)).toEqual([
      ["2027-01-01", "2027-02-01"],
      ["2027-02-01", "2027-03-01"],
      ["2027-03-01", "2027-03-15"],
    ]);
    expect([...iterateBillingPeriods({ start: "2027-01-01", cycle: "quarterly", until: "2027-07-01" })].map((p) => p.start)).toEqual(["2027-01-01", "2027-04-01"]);
    expect([...iterateBillingPeriods({ start: "2027-01-01", cycle: "annual", count: 2 })].map((p) => p.start)).toEqual(["2027-01-01", "2028-01-01"]);
  });

  it("checks the options at the call, before any period is asked for", () => {
    const error = thrownBy(() => iterateBillingPeriods({ start: "2027-02-30", cycle: "monthly", anchorDay: 32 }));
    expect(codesOf(error as ValidationError)).toEqual([
      ["start", "invalid_date"],
      ["anchorDay", "too_big"],
    ]);
  });

  it("throws at the calendar's last day instead of stopping silently", () => {
    const periods = iterateBillingPeriods({ start: "9999-10-01", cycle: "monthly" });
    expect([periods.next().value?.start, periods.next().value?.start]).toEqual(["9999-10-01", "9999-11-01"]);
    // The December period would end on 10000-01-01, which no calendar date can say.
    expect(() => periods.next()).toThrow("would end after 9999-12-31, the last calendar date");
  });

  it("yields exactly the periods of billingPeriods with a count, for any schedule", () => {
    fc.assert(
      fc.property(
        calendarDate(dayNumber("1990-01-01"), dayNumber("2090-12-31")),
        cycle(),
        fc.integer({ min: 1, max: 31 }),
        fc.constantFrom("prorate" as const, "full" as const, "nextAnchor" as const),
        fc.integer({ min: 0, max: 3000 }),
        fc.integer({ min: 1, max: 40 }),
        (start, c, anchorDay, stub, offset, count) => {
          const from = new Date((dayNumber(start) + offset) * 86_400_000).toISOString().slice(0, 10);
          const options: BillingScheduleOptions = { start, cycle: c, anchorDay, stub, from };
          const lazy: BillingPeriod[] = [];
          for (const period of iterateBillingPeriods(options)) {
            lazy.push(period);
            if (lazy.length === count) break;
          }
          expect(lazy).toEqual(billingPeriods({ ...options, count }));
          // And they tile: each starts where the one before ended.
          lazy.forEach((p, i) => {
            if (i > 0) expect(p.start).toBe(lazy[i - 1]?.end);
          });
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe("billingPeriods: the array's limit", () => {
  it("refuses a count above MAX_BILLING_PERIODS, naming the limit", () => {
    const error = thrownBy(() => billingPeriods({ start: "2027-01-01", cycle: "monthly", count: MAX_BILLING_PERIODS + 1 }));
    expect(codesOf(error as ValidationError)).toEqual([["count", "too_big"]]);
    expect((error as ValidationError).message).toContain("from 0 to MAX_BILLING_PERIODS (100000)");
  });

  it("tells an open-ended schedule without a bound how to take one", () => {
    expect(() => billingPeriods({ start: "2027-03-01", cycle: "monthly" })).toThrow("take a bounded slice, or walk them lazily with iterateBillingPeriods");
  });
});
