import { describe, expect, it } from "vitest";
import { ErrorCodes, formatPath, ValidationError } from "../../src/errors/index.js";
import { contractPeriods, periodContaining, periodForMonth } from "../../src/invoice/index.js";
import { buildContract } from "../contract/builder.js";

function issuesOf(action: () => unknown): [string, string][] {
  try {
    action();
  } catch (error) {
    if (error instanceof ValidationError) return error.issues.map((i) => [formatPath(i.path), i.code]);
    throw error;
  }
  throw new Error("expected a ValidationError, but the call returned normally");
}

/** Starts on the 10th, anchored on the 1st, ends 2028-03-10. */
const residential = () => buildContract({ start: "2026-03-10", end: "2028-03-10" });

describe("periodForMonth", () => {
  it("finds the stub of a contract starting mid-month, with its issue and due dates", () => {
    expect(periodForMonth(residential(), "2026-03")).toMatchObject({
      index: 0,
      kind: "stub",
      start: "2026-03-10",
      end: "2026-04-01",
      cycleDate: "2026-03-10",
      issueDate: "2026-03-05",
      dueDate: "2026-03-10",
    });
  });

  it("finds the period starting in a month, counting periods from the contract's start", () => {
    expect(periodForMonth(residential(), "2027-01")).toMatchObject({ index: 10, kind: "full", start: "2027-01-01", end: "2027-02-01" });
  });

  it("finds a period anchored on the 15th by the month it starts in", () => {
    const contract = buildContract({ start: "2026-06-15", billing: { anchorDay: 15 } });
    expect(periodForMonth(contract, "2026-10")).toMatchObject({ start: "2026-10-15", end: "2026-11-15" });
  });

  it("falls back to the period containing the month's first day when none starts in it", () => {
    const contract = buildContract({ start: "2027-01-01", billing: { cycle: "quarterly", pricesPer: "month", anchorMonth: 1 } });
    expect(periodForMonth(contract, "2027-02")).toMatchObject({ start: "2027-01-01", end: "2027-04-01" });
  });

  it("finds the short final period of a contract ending mid-month", () => {
    expect(periodForMonth(residential(), "2028-03")).toMatchObject({ kind: "final", start: "2028-03-01", end: "2028-03-10" });
  });

  it("refuses a malformed month and a month the contract does not bill", () => {
    expect(issuesOf(() => periodForMonth(residential(), "2027-1"))).toEqual([["period", ErrorCodes.invalidDate]]);
    expect(issuesOf(() => periodForMonth(residential(), "2027-13"))).toEqual([["period", ErrorCodes.invalidDate]]);
    expect(issuesOf(() => periodForMonth(residential(), "2026-02"))).toEqual([["period", ErrorCodes.invalidValue]]);
    expect(issuesOf(() => periodForMonth(residential(), "2028-04"))).toEqual([["period", ErrorCodes.invalidValue]]);
  });
});

describe("periodContaining", () => {
  it("finds the period containing a day, its first and its last", () => {
    const contract = residential();
    expect(periodContaining(contract, "2027-01-15")).toMatchObject({ start: "2027-01-01", end: "2027-02-01" });
    expect(periodContaining(contract, "2027-01-01").start).toBe("2027-01-01");
    expect(periodContaining(contract, "2027-01-31").start).toBe("2027-01-01");
    expect(periodContaining(contract, "2026-03-10").start).toBe("2026-03-10");
  });

  it("refuses a day before the start or on or after the end", () => {
    const contract = residential();
    expect(issuesOf(() => periodContaining(contract, "2026-03-09"))).toEqual([["date", ErrorCodes.invalidValue]]);
    expect(issuesOf(() => periodContaining(contract, "2028-03-10"))).toEqual([["date", ErrorCodes.invalidValue]]);
  });
});

describe("contractPeriods", () => {
  it("tiles the term with contiguous periods numbered from 0", () => {
    const periods = contractPeriods(residential());
    expect(periods).toHaveLength(25);
    expect(periods[0]?.start).toBe("2026-03-10");
    expect(periods[periods.length - 1]?.end).toBe("2028-03-10");
    periods.forEach((period, i) => {
      expect(period.index).toBe(i);
      const next = periods[i + 1];
      if (next !== undefined) expect(next.start).toBe(period.end);
    });
  });

  it("keeps each period's index whatever the window", () => {
    const windowed = contractPeriods(residential(), { from: "2027-01-01", count: 2 });
    expect(windowed.map((p) => [p.index, p.start])).toEqual([
      [10, "2027-01-01"],
      [11, "2027-02-01"],
    ]);
  });

  it("lists an open-ended contract's periods up to a count or a day", () => {
    const contract = buildContract({ start: "2027-01-01" });
    expect(contractPeriods(contract, { count: 3 }).map((p) => p.start)).toEqual(["2027-01-01", "2027-02-01", "2027-03-01"]);
    expect(contractPeriods(contract, { until: "2027-03-01" }).map((p) => p.start)).toEqual(["2027-01-01", "2027-02-01"]);
  });
});
