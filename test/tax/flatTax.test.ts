import { describe, expect, it } from "vitest";
import { fc, test } from "@fast-check/vitest";
import { createTaxTable, flatTax, fromMinorUnits, money, type TaxProvider, type TaxableLine } from "../../src/index.js";
import { issuesOf } from "../support/errors.js";

const request = (provider: TaxProvider, lines: TaxableLine[]) =>
  provider.calculate({ currency: "USD", inclusive: false, exemptions: [], rounding: { level: "line", mode: "halfUp", inclusive: "tax" }, lines });

const line = (lineId: string, amount: string, category = "monitoring", state = "TX"): TaxableLine => ({
  lineId,
  category,
  amount: money(amount, "USD"),
  address: { country: "US", state },
  taxDate: "2027-01-01",
});

describe("flatTax()", () => {
  const texas = flatTax({ taxName: "Texas sales tax", percent: "8.25", country: "US", state: "TX" });

  it("charges one rate on every standard category in its place, with the table's explanation", () => {
    // 39.99 × 8.25 % = 3.299175 → 3.30; 12.00 × 8.25 % = 0.99 exactly.
    const result = request(texas, [line("L1", "39.99"), line("L2", "12.00", "equipment-rental")]);
    expect(result.lines.map((l) => l.taxes.map((t) => t.amount.minor))).toEqual([[330], [99]]);
    expect(result.lines[0]?.taxes[0]?.explanation).toBe("Texas sales tax (rule flat-tax, US-TX) 8.25 % of 39.99 = 3.299175 → 3.30 (halfUp, per line)");
  });

  it("does not tax late fees unless listed, nor sites in another state", () => {
    const result = request(texas, [line("L1", "5.00", "late-fee"), line("L2", "39.99", "monitoring", "CA")]);
    expect(result.lines.map((l) => l.taxes.length)).toEqual([0, 0]);
    const withFees = flatTax({ taxName: "VAT", percent: "20", country: "US", categories: ["late-fee"] });
    expect(request(withFees, [line("L1", "5.00", "late-fee")]).lines[0]?.taxes[0]?.amount.minor).toBe(100);
  });

  test.prop([fc.integer({ min: -10_000_000, max: 10_000_000 }), fc.integer({ min: 0, max: 100_000 })])(
    "gives exactly what the one-rule table gives",
    (minor, tenThousandths) => {
      const percent = `${Math.floor(tenThousandths / 10_000)}.${String(tenThousandths % 10_000).padStart(4, "0")}`;
      const flat = flatTax({ taxName: "Sales tax", percent, country: "US" });
      const table = createTaxTable([
        { id: "flat-tax", jurisdiction: { id: "US", name: "US", level: "country", country: "US" }, taxName: "Sales tax", ratesPercent: { monitoring: percent }, effectiveFrom: "1900-01-01" },
      ]);
      const l: TaxableLine = { ...line("L1", "0.00"), amount: fromMinorUnits(minor, "USD") };
      expect(request(flat, [l])).toEqual(request(table, [l]));
    },
  );

  it("lists every problem of its options", () => {
    expect(issuesOf(() => flatTax({ taxName: "", percent: "0.0825%", country: "usa", state: "", categories: ["Fees"], effectiveFrom: "2027-02-30", rate: "8" } as never))).toEqual([
      { path: ["rate"], code: "unknown_field" },
      { path: ["taxName"], code: "invalid_value" },
      { path: ["percent"], code: "invalid_decimal" },
      { path: ["country"], code: "invalid_value" },
      { path: ["state"], code: "invalid_value" },
      { path: ["categories", 0], code: "invalid_value" },
      { path: ["effectiveFrom"], code: "invalid_date" },
    ]);
    expect(issuesOf(() => flatTax({ taxName: "x", percent: "101", country: "US" }))).toEqual([{ path: ["percent"], code: "too_big" }]);
  });
});
