/**
 * Pricing rules as an invoice bills them: package prices with included units, and grandfathered
 * price-book versions. Every amount is checked to the cent with its arithmetic.
 */
import { describe, expect, it } from "vitest";
import { computeInvoice, periodForMonth, type InvoiceDraft } from "../../src/invoice/index.js";
import { buildContract, PLAIN_ADDRESS, priced, type ContractSpec } from "../contract/builder.js";
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

describe("computeInvoice: grandfathered price-book versions", () => {
  /** A site on the "metro" book, billed for its "video" entry. */
  const videoSite = [{ id: "S-1", name: "Store", address: PLAIN_ADDRESS, priceBook: "metro", lines: [{ kind: "monitoring" as const, id: "L-1", tier: "video", priceKey: "video", taxCategory: "monitoring" }] }];
  /** The metro book: video at 30.00, and a 2027 price list at 35.00 for contracts from 2027-01-01. */
  const metro = (existingContractsFrom?: string): NonNullable<ContractSpec["priceBooks"]> => ({
    metro: {
      prices: { video: { model: "flat", amount: "30.00" } },
      versions: [{ name: "2027 list", newContractsFrom: "2027-01-01", ...(existingContractsFrom === undefined ? {} : { existingContractsFrom }), prices: { video: { model: "flat", amount: "35.00" } } }],
    },
  });

  it("keeps the old price for a contract started before the version, until its renewal", () => {
    const spec: ContractSpec = { start: "2026-03-10", end: "2028-03-10", priceBooks: metro(), sites: videoSite };
    const line = onlyLine(bill(spec, "2028-02"));
    expect(dec(line.amount)).toBe("30.00");
    expect(line.explanation.priceSource).toBe('price book "metro" entry "video" (version "2027 list" (new contracts from 2027-01-01) kept until 2028-03-10: the contract started before it)');
  });

  it("gives a contract started on the version's day the new price from its first day", () => {
    const line = onlyLine(bill({ start: "2027-01-01", end: "2028-01-01", priceBooks: metro(), sites: videoSite }, "2027-01"));
    expect(dec(line.amount)).toBe("35.00");
    expect(line.explanation.priceSource).toBe('price book "metro" entry "video", version "2027 list" (new contracts from 2027-01-01)');
  });

  it("gives the renewed term, which starts at the old term's end, the new price", () => {
    // renewedTerm starts the next term on 2028-03-10: a term starting after 2027-01-01.
    expect(dec(onlyLine(bill({ start: "2028-03-10", end: "2029-03-10", priceBooks: metro(), sites: videoSite }, "2028-04")).amount)).toBe("35.00");
  });

  it("moves an existing contract on a stated date, splitting the period there: 14/31 × 30.00 + 17/31 × 35.00", () => {
    const spec: ContractSpec = { start: "2026-03-10", end: "2028-03-10", priceBooks: metro("2027-07-15"), sites: videoSite };
    const july = bill(spec, "2027-07");
    // Jul 1 → Jul 15 is 14 of 31 days at 30.00: 13.548… → 13.55; Jul 15 → Aug 1 is 17 days at 35.00: 19.193… → 19.19.
    expect(july.lines.map((l) => [l.servicePeriod?.start, l.explanation.fraction, dec(l.amount)])).toEqual([
      ["2027-07-01", "14/31", "13.55"],
      ["2027-07-15", "17/31", "19.19"],
    ]);
    expect(dec(july.total)).toBe("32.74");
    expect(july.lines[1]?.explanation.priceSource).toBe('price book "metro" entry "video", version "2027 list" (new contracts from 2027-01-01), for existing contracts from 2027-07-15');
    expect(dec(onlyLine(bill(spec, "2027-06")).amount)).toBe("30.00");
    expect(dec(onlyLine(bill(spec, "2027-08")).amount)).toBe("35.00");
  });

  it("keeps an open-ended contract's price under \"renewal\": it never renews", () => {
    const line = onlyLine(bill({ start: "2026-03-10", priceBooks: metro(), sites: videoSite }, "2031-01"));
    expect(dec(line.amount)).toBe("30.00");
    expect(line.explanation.priceSource).toContain("kept: the contract started before it and does not renew");
  });

  it("restarts an escalator from the day an existing contract moves to the version, like any newly agreed price", () => {
    // 3 % a year from 2026-03-10. June 2027, after the first anniversary (2027-03-10): 30.00 × 1.03
    // = 30.90. The version applies from 2027-07-15, a newly agreed price: August 2027 is 35.00 with
    // no escalation; after the next anniversary (2028-03-10), 35.00 × 1.03 = 36.05.
    const spec: ContractSpec = { start: "2026-03-10", end: "2029-03-10", term: { escalator: { kind: "percent", percent: "3" } }, priceBooks: metro("2027-07-15"), sites: videoSite };
    expect(dec(onlyLine(bill(spec, "2027-06")).amount)).toBe("30.90"); // 30.00 × 1.03
    expect(dec(onlyLine(bill(spec, "2027-08")).amount)).toBe("35.00");
    expect(dec(onlyLine(bill(spec, "2028-04")).amount)).toBe("36.05");
  });
});
