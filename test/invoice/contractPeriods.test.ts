/**
 * A contract's periods without silent caps: an open-ended contract is walked lazily, and an array
 * is always a bounded slice the caller asked for.
 */
import { describe, expect, it } from "vitest";
import { issuesOf } from "../support/errors.js";
import { ErrorCodes } from "../../src/errors/index.js";
import { contractPeriods, iterateContractPeriods, periodContaining, type ContractPeriodsWindow } from "../../src/invoice/index.js";
import type { BillingPeriod } from "../../src/calendar/index.js";
import { buildContract } from "../contract/builder.js";

const openEnded = buildContract({ start: "2027-01-01" });

/** The first `n` periods of an iterator. */
function take(periods: Iterable<BillingPeriod>, n: number): BillingPeriod[] {
  const out: BillingPeriod[] = [];
  for (const period of periods) {
    if (out.length === n) break;
    out.push(period);
  }
  return out;
}

describe("iterateContractPeriods", () => {
  it("walks an open-ended contract past the old hidden cap of 1,200 periods", () => {
    // The 1,201st monthly period (index 1,200) starts 1,200 months = 100 years after 2027-01-01.
    const periods = take(iterateContractPeriods(openEnded), 1201);
    expect(periods).toHaveLength(1201);
    expect(periods[1200]).toMatchObject({ index: 1200, start: "2127-01-01", end: "2127-02-01" });
  });

  it("starts at the window's `from` and keeps each period's index in the contract's sequence", () => {
    // 2031-06-15 falls in the period starting 2031-06-01, 4 years 5 months = 53 months after the start.
    expect(take(iterateContractPeriods(openEnded, { from: "2031-06-15" }), 2).map((p) => [p.index, p.start])).toEqual([
      [53, "2031-06-01"],
      [54, "2031-07-01"],
    ]);
  });

  it("stops at the term's end for a contract with one", () => {
    const contract = buildContract({ start: "2027-01-01", end: "2027-04-01" });
    expect([...iterateContractPeriods(contract)].map((p) => p.start)).toEqual(["2027-01-01", "2027-02-01", "2027-03-01"]);
  });
});

describe("contractPeriods: a bounded slice, never a silent cap", () => {
  it("refuses an open-ended contract without `until` or `count`, naming what to give", () => {
    expect(issuesOf(() => contractPeriods(openEnded))).toEqual([{ path: ["until"], code: ErrorCodes.required }]);
    expect(() => contractPeriods(openEnded, {})).toThrow("contract C-TEST is open-ended: give the window an `until` or a `count`");
  });

  it.each<[ContractPeriodsWindow, number, string]>([
    // until 2127-01-01: every period starting before it, 100 years × 12 = 1,200 periods.
    [{ until: "2127-01-01" }, 1200, "2126-12-01"],
    // until 2227-01-01: 2,400 periods, twice the old hidden cap.
    [{ until: "2227-01-01" }, 2400, "2226-12-01"],
    [{ count: 1500 }, 1500, "2151-12-01"],
  ])("takes exactly the slice asked for: %j is %i periods, the last starting %s", (window, length, lastStart) => {
    const periods = contractPeriods(openEnded, window);
    expect([periods.length, periods[periods.length - 1]?.start]).toEqual([length, lastStart]);
  });

  it("still finds the period containing a day far into an open-ended contract", () => {
    expect(periodContaining(openEnded, "2140-03-15")).toMatchObject({ start: "2140-03-01", index: (2140 - 2027) * 12 + 2 });
  });
});
