import { describe, expect, it } from "vitest";
import { computeInvoice, computeInvoices, periodForMonth, type InvoiceDraft } from "../../src/invoice/index.js";
import { sum } from "../../src/money/index.js";
import { buildContract, equipment, monitoring, site, type ContractSpec } from "../contract/builder.js";
import { dec, exampleland, totals, withTaxRounding } from "./support.js";

/**
 * Two sites whose equipment tax is exactly half a cent each (10 % of 0.05): rounded per invoice,
 * the consolidated invoice rounds 0.01 once while each per-site invoice rounds its 0.005 up.
 */
const twoSites = (consolidation: "consolidated" | "perSite", extra: Partial<ContractSpec> = {}): ContractSpec => ({
  billing: { consolidation },
  sites: [
    site("A", [monitoring("A-mon", "12.50"), equipment("A-eq", "0.05")]),
    site("B", [monitoring("B-mon", "12.50"), equipment("B-eq", "0.05")]),
  ],
  ...extra,
});

function drafts(spec: ContractSpec, rounding: "line" | "invoice"): InvoiceDraft[] {
  const contract = buildContract(spec);
  return computeInvoices(contract, periodForMonth(contract, "2027-01"), { tax: exampleland, rounding: withTaxRounding({ level: rounding }) });
}

const grandTotal = (list: readonly InvoiceDraft[]): string => dec(sum(list.map((d) => d.total), "USD"));

describe("consolidated and per-site invoices", () => {
  it("bills every site on one invoice when consolidated, and one invoice per site when perSite", () => {
    const consolidated = drafts(twoSites("consolidated"), "line");
    expect(consolidated.map((d) => d.siteIds)).toEqual([["A", "B"]]);
    const perSite = drafts(twoSites("perSite"), "line");
    expect(perSite.map((d) => [d.siteIds, d.lines.map((l) => l.lineId)])).toEqual([
      [["A"], ["A-mon", "A-eq"]],
      [["B"], ["B-mon", "B-eq"]],
    ]);
  });

  it("gives the same totals per site as consolidated when taxes are rounded per line", () => {
    const [consolidated] = drafts(twoSites("consolidated"), "line");
    const perSite = drafts(twoSites("perSite"), "line");
    expect(consolidated === undefined ? [] : totals(consolidated)).toEqual(["25.10", "0.00", "1.02", "26.12"]);
    expect(perSite.map(totals)).toEqual([
      ["12.55", "0.00", "0.51", "13.06"],
      ["12.55", "0.00", "0.51", "13.06"],
    ]);
    expect(grandTotal(perSite)).toBe("26.12");
  });

  it("differs by at most one cent per tax per invoice when taxes are rounded per invoice", () => {
    const [consolidated] = drafts(twoSites("consolidated"), "invoice");
    const perSite = drafts(twoSites("perSite"), "invoice");
    // Consolidated: 0.50 + 0.005 + 0.50 + 0.005 = 1.01 exactly; per site: 0.505 → 0.51 twice.
    expect(consolidated === undefined ? [] : totals(consolidated)).toEqual(["25.10", "0.00", "1.01", "26.11"]);
    expect(perSite.map((d) => dec(d.taxTotal))).toEqual(["0.51", "0.51"]);
    const difference = Math.abs(sum(perSite.map((d) => d.total), "USD").minor - (consolidated?.total.minor ?? 0));
    const taxesPerInvoice = Math.max(...perSite.map((d) => d.taxTotals.length));
    expect(difference).toBe(1);
    expect(difference).toBeLessThanOrEqual(taxesPerInvoice * perSite.length);
  });

  it("matches the consolidated invoice's site subtotals with the per-site invoices when rounding per line", () => {
    const [consolidated] = drafts(twoSites("consolidated"), "line");
    const perSite = drafts(twoSites("perSite"), "line");
    expect(consolidated?.siteSubtotals.map((s) => [s.siteId, dec(s.total)])).toEqual(perSite.map((d) => [d.siteIds[0], dec(d.total)]));
  });

  it("gives no invoice to a site with nothing to bill in the period", () => {
    const spec: ContractSpec = {
      start: "2026-06-01",
      billing: { consolidation: "perSite" },
      sites: [site("A", [monitoring("A-mon", "12.50")]), site("B", [monitoring("B-mon", "12.50", { start: "2027-03-01" })])],
    };
    expect(drafts(spec, "line").map((d) => d.siteIds)).toEqual([["A"]]);
  });

  it("bills only the sites asked for", () => {
    const contract = buildContract(twoSites("consolidated"));
    const draft = computeInvoice(contract, periodForMonth(contract, "2027-01"), { siteIds: ["B"] });
    expect(draft.siteIds).toEqual(["B"]);
    expect(draft.lines.map((l) => l.siteId)).toEqual(["B", "B"]);
  });

  it("gives an invoice-wide fixed coupon once per period on a per-site contract, not once per site", () => {
    const coupon = { discounts: [{ id: "P-welcome", description: "Welcome coupon", kind: "fixed" as const, amount: "5.00", appliesTo: { scope: "invoice" as const } }] };
    const [consolidated] = drafts(twoSites("consolidated", coupon), "line");
    const perSite = drafts(twoSites("perSite", coupon), "line");
    expect(consolidated === undefined ? "" : dec(consolidated.discountTotal)).toBe("5.00");
    expect(dec(sum(perSite.map((d) => d.discountTotal), "USD"))).toBe("5.00");
  });
});
