import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { billingPeriods, prorationFraction, type DayCount } from "../../src/calendar/index.js";
import { ValidationError } from "../../src/errors/index.js";
import { ratioToString, type Ratio } from "../../src/money/index.js";
import { calendarDate, codesOf, cycle, dayNumber } from "./arbitraries.js";

const iso = (day: number): string => new Date(day * 86_400_000).toISOString().slice(0, 10);

/** Exact sum of ratios with bigint, independent of the code under test. */
function sumRatios(values: readonly Ratio[]): [bigint, bigint] {
  let n = 0n;
  let d = 1n;
  for (const v of values) {
    n = n * BigInt(v.denominator) + BigInt(v.numerator) * d;
    d *= BigInt(v.denominator);
  }
  return [n, d];
}

describe("prorationFraction", () => {
  it("counts actual days used over actual days in the period", () => {
    const full = { start: "2026-03-01", end: "2026-04-01" };
    expect(ratioToString(prorationFraction({ start: "2026-03-10", end: "2026-04-01" }, full))).toBe("22/31");
    expect(ratioToString(prorationFraction({ start: "2026-03-01", end: "2026-03-15" }, full))).toBe("14/31");
    expect(ratioToString(prorationFraction(full, full))).toBe("1");
    expect(ratioToString(prorationFraction({ start: "2028-02-01", end: "2028-02-15" }, { start: "2028-02-01", end: "2028-03-01" }))).toBe("14/29");
  });

  it("counts every month as 30 days under 30/360", () => {
    const options = { dayCount: "30/360" as const };
    expect(ratioToString(prorationFraction({ start: "2026-03-10", end: "2026-04-01" }, { start: "2026-03-01", end: "2026-04-01" }, options))).toBe("0.7");
    expect(ratioToString(prorationFraction({ start: "2027-02-15", end: "2027-03-01" }, { start: "2027-02-01", end: "2027-03-01" }, options))).toBe("8/15");
    expect(ratioToString(prorationFraction({ start: "2027-01-01", end: "2027-02-01" }, { start: "2027-01-01", end: "2027-04-01" }, options))).toBe("1/3");
  });

  it("refuses a part outside its period and reports every bad field", () => {
    let caught: unknown;
    try {
      prorationFraction({ start: "2026-02-30", end: "2026-03-01" }, { start: "2026-03-01", end: "2026-13-01" });
    } catch (error) {
      caught = error;
    }
    expect(codesOf(caught as ValidationError)).toEqual([
      ["part.start", "invalid_date"],
      ["full.end", "invalid_date"],
    ]);
    expect(() => prorationFraction({ start: "2026-02-20", end: "2026-03-05" }, { start: "2026-03-01", end: "2026-04-01" })).toThrow(
      "part: the part must lie inside the full period",
    );
  });

  const dayCounts = fc.constantFrom<DayCount>("actual", "30/360");

  it("gives fractions that sum to exactly 1 when a period is split at any days", () => {
    fc.assert(
      fc.property(
        calendarDate(dayNumber("1990-01-01"), dayNumber("2090-12-31")),
        fc.integer({ min: 1, max: 31 }),
        cycle(),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 8 }),
        dayCounts,
        (start, anchorDay, c, cuts, dayCount) => {
          const [period] = billingPeriods({ start, anchorDay, cycle: c, count: 1, stub: "nextAnchor" });
          if (period === undefined) throw new Error("expected a period");
          const s = dayNumber(period.start);
          const e = dayNumber(period.end);
          const points = [...new Set(cuts.map((x) => s + Math.floor(x * (e - s))))].filter((d) => d > s && d < e).sort((a, b) => a - b);
          const bounds = [s, ...points, e];
          const parts = bounds.slice(1).map((end, i) => prorationFraction({ start: iso(bounds[i] as number), end: iso(end) }, period, { dayCount }));
          const [n, d] = sumRatios(parts);
          expect(n).toBe(d);
          for (const part of parts) expect(BigInt(part.numerator) >= 0n).toBe(true);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe("30/360 under a month-end anchor", () => {
  it("counts Jan 31 to Feb 28 as one whole month of a two-month period", () => {
    const half = prorationFraction({ start: "2027-01-31", end: "2027-02-28" }, { start: "2027-01-31", end: "2027-03-31" }, { dayCount: "30/360", anchorDay: 31 });
    expect(ratioToString(half)).toBe("0.5");
  });

  it("agrees with billingPeriods on a stub from the 10th to the month end", () => {
    const [stub] = billingPeriods({ start: "2027-02-10", cycle: "monthly", anchorDay: 31, count: 1, dayCount: "30/360" });
    expect([stub?.start, stub?.end, stub?.fullStart]).toEqual(["2027-02-10", "2027-02-28", "2027-01-31"]);
    expect(ratioToString(stub?.fraction ?? { numerator: 0, denominator: 1 })).toBe("2/3");
    const same = prorationFraction({ start: "2027-02-10", end: "2027-02-28" }, { start: "2027-01-31", end: "2027-02-28" }, { dayCount: "30/360", anchorDay: 31 });
    expect(ratioToString(same)).toBe("2/3");
  });
});

describe("30/360 over a span shorter than a month", () => {
  it("gives parts that sum to exactly 1 even across a 31st (a stub billed as a full period)", () => {
    const full = { start: "2027-01-20", end: "2027-01-31" };
    const options = { dayCount: "30/360" as const };
    const a = prorationFraction({ start: "2027-01-20", end: "2027-01-30" }, full, options);
    const b = prorationFraction({ start: "2027-01-30", end: "2027-01-31" }, full, options);
    const total = BigInt(a.numerator) * BigInt(b.denominator) + BigInt(b.numerator) * BigInt(a.denominator);
    expect(total).toBe(BigInt(a.denominator) * BigInt(b.denominator));
  });
});

describe("30/360 over a span that is not whole months between anchor days", () => {
  // A stub billed as a full cycle: 2027-01-15 to 2027-02-10 is 25 days under 30/360.
  const full = { start: "2027-01-15", end: "2027-02-10" };
  const options = { dayCount: "30/360" as const };

  it("weighs every day the same: Feb 8 and Feb 9 are each 1/25 (0.04)", () => {
    expect(ratioToString(prorationFraction({ start: "2027-02-09", end: "2027-02-10" }, full, options))).toBe("0.04");
    expect(ratioToString(prorationFraction({ start: "2027-02-08", end: "2027-02-09" }, full, options))).toBe("0.04");
    expect(ratioToString(prorationFraction({ start: "2027-01-15", end: "2027-02-09" }, full, options))).toBe("0.96");
  });

  it("splits into parts that sum to exactly 1 at any day", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 1, max: 120 }), fc.integer({ min: 1, max: 119 }), (offset, length, cut) => {
        const start = new Date(Date.UTC(2027, 0, 1 + offset)).toISOString().slice(0, 10);
        const end = new Date(Date.UTC(2027, 0, 1 + offset + length)).toISOString().slice(0, 10);
        const at = new Date(Date.UTC(2027, 0, 1 + offset + Math.min(cut, length))).toISOString().slice(0, 10);
        const span = { start, end };
        const a = prorationFraction({ start, end: at }, span, options);
        const b = prorationFraction({ start: at, end }, span, options);
        const total = BigInt(a.numerator) * BigInt(b.denominator) + BigInt(b.numerator) * BigInt(a.denominator);
        expect(total).toBe(BigInt(a.denominator) * BigInt(b.denominator));
        expect(a.numerator >= 0 && b.numerator >= 0).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("30/360 over a month that ends past its start day", () => {
  it("still counts Feb 28 → Mar 31 as one month of 30 days without an anchor day", () => {
    const full = { start: "2027-02-28", end: "2027-03-31" };
    expect(ratioToString(prorationFraction({ start: "2027-02-28", end: "2027-03-15" }, full, { dayCount: "30/360" }))).toBe("17/30");
    expect(ratioToString(prorationFraction({ start: "2027-03-15", end: "2027-03-31" }, full, { dayCount: "30/360" }))).toBe("13/30");
  });
});
