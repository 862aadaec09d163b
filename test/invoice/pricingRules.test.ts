/**
 * Pricing rules as an invoice bills them: package prices with included units, and grandfathered
 * price-book versions. Every amount is checked to the cent with its arithmetic.
 */
import { describe, expect, it } from "vitest";
import { computeInvoice, periodForMonth, type InvoiceDraft } from "../../src/invoice/index.js";
import { buildContract, priced, type ContractSpec } from "../contract/builder.js";
import { dec, onlyLine } from "./support.js";

/** The invoice of a spec's contract for the period starting in `month`. */
function bill(spec: ContractSpec, month: string): InvoiceDraft {
  const contract = buildContract(spec);
  return computeInvoice(contract, periodForMonth(contract, month));
}

describe("computeInvoice: a package with included units", () => {
  // "Video plan: 30.00 a month with the first 4 cameras, then 5.00 per camera."
  const video = { model: "package", basePrice: "30.00", includedUnits: 4, overage: { per: "unit", price: "5.00" } } as const;

  it("bills 6 cameras as 30.00 + (6 − 4) × 5.00 = 40.00 and explains it", () => {
    const line = onlyLine(bill({ lines: [priced("L-video", video, { quantity: 6 })] }, "2027-01"));
    expect(dec(line.amount)).toBe("40.00");
    expect(line.explanation.price).toBe("package: 30.00 incl. 4 units + 2 × 5.00 per unit (6 units)");
  });

  it("bills 3 cameras, inside the included 4, at the base price alone: 30.00", () => {
    expect(dec(onlyLine(bill({ lines: [priced("L-video", video, { quantity: 3 })] }, "2027-01")).amount)).toBe("30.00");
  });

  it("prorates the whole package in a stub: 22/31 × 40.00 = 28.387… → 28.39", () => {
    // Start 2027-01-10 with anchor day 1: the stub is Jan 10 → Feb 1, 22 of January's 31 days.
    const line = onlyLine(bill({ start: "2027-01-10", lines: [priced("L-video", video, { quantity: 6 })] }, "2027-01"));
    expect(line.explanation.fraction).toBe("22/31");
    expect(dec(line.amount)).toBe("28.39");
  });

  it("bills a quarter of monthly package prices as 3 × 40.00 = 120.00", () => {
    const draft = bill({ billing: { cycle: "quarterly", anchorMonth: 1, pricesPer: "month" }, lines: [priced("L-video", video, { quantity: 6 })] }, "2027-01");
    expect(dec(onlyLine(draft).amount)).toBe("120.00");
  });

  it("bills sensors past 10 included ones in started blocks of 5 at 12.00: 23 sensors = ⌈13/5⌉ × 12.00 = 36.00", () => {
    const sensors = { model: "package", includedUnits: 10, overage: { per: "block", blockSize: 5, price: "12.00" } } as const;
    const line = onlyLine(bill({ lines: [priced("L-sensors", sensors, { quantity: 23 })] }, "2027-01"));
    expect(dec(line.amount)).toBe("36.00");
    expect(line.explanation.price).toBe("package: first 10 units included + 3 × 12.00 per 5 units (23 units)");
  });
});
