import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, iterateBillingPeriods } from "../../src/calendar/index.js";
import { parseContract, type Contract } from "../../src/contract/index.js";
import { nextChargeDate } from "../../src/import/warnings.js";

/** The first due date on or after `asOf`, straight from the billing calendar (no memo). */
function reference(c: Contract, asOf: string): string | undefined {
  const end = c.term.end;
  if (end !== undefined && end <= asOf) return undefined;
  const b = c.billing;
  let n = 0;
  for (const p of iterateBillingPeriods({ start: c.term.start, end, cycle: b.cycle, anchorDay: b.anchorDay, anchorMonth: b.anchorMonth, timing: b.timing, stub: b.stub, leadDays: b.leadDays, paymentTerms: b.paymentTerms, dayCount: b.dayCount, from: asOf })) {
    if (p.dueDate >= asOf) return p.dueDate;
    if (++n > 24) break;
  }
  return undefined;
}

const contractArb = fc
  .record({
    // Few starts, terms and days, so that contracts differing in one field meet in the memo.
    start: fc.constantFrom("2026-01-15", "2026-03-01", "2026-05-31"),
    months: fc.constantFrom(12, 40, undefined),
    cycle: fc.constantFrom<"monthly" | "quarterly" | "annual" | { everyMonths: number }>("monthly", "quarterly", "annual", { everyMonths: 2 }),
    anchorDay: fc.option(fc.integer({ min: 1, max: 31 }), { nil: undefined }),
    timing: fc.constantFrom("advance" as const, "arrears" as const),
    leadDays: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
    net: fc.option(fc.integer({ min: 0, max: 30 }), { nil: undefined }),
  })
  .map((r) =>
    parseContract({
      id: "C-1",
      customer: { id: "CU-1", name: "Ann", contact: { email: "ann@example.com" }, timeZone: "America/Chicago" },
      billing: { currency: "USD", cycle: r.cycle, ...(r.cycle === "monthly" ? {} : { pricesPer: "month" }), ...(r.anchorDay === undefined ? {} : { anchorDay: r.anchorDay }), timing: r.timing, ...(r.leadDays === undefined ? {} : { leadDays: r.leadDays }), ...(r.net === undefined ? {} : { paymentTerms: { kind: "net", days: r.net } }) },
      term: { start: r.start, ...(r.months === undefined ? {} : { end: addDays(r.start, r.months * 30) }) },
      sites: [{ id: "S-1", name: "Home", address: { line1: "1 Main", city: "Austin", postalCode: "78701", country: "US" }, lines: [{ id: "L-1", kind: "monitoring", tier: "basic", rate: "30", taxCategory: "monitoring" }] }],
    }),
  );

describe("nextChargeDate", () => {
  it("gives the billing calendar's first due date on or after the day, asked once or again, whatever was asked before", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(contractArb, fc.constantFrom("2026-06-01", "2026-06-20", "2027-01-05")), { minLength: 1, maxLength: 8 }), (asks) => {
        for (const [contract, asOf] of [...asks, ...asks]) expect(nextChargeDate(contract, asOf)).toBe(reference(contract, asOf));
      }),
      { numRuns: 500 },
    );
  });
});
