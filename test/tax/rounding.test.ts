import { describe, expect, it } from "vitest";
import { money, toDecimalString } from "../../src/money/index.js";
import { createTaxTable, type LineTaxResult, type TaxRule } from "../../src/tax/index.js";
import { calculate, LAKEWAY, line, onlyLine, PER_INVOICE, PER_LINE, TEXAS_RULES, taxAmounts, totalAmounts } from "./support.js";

const texas = createTaxTable(TEXAS_RULES);
const amountsOf = (lines: readonly LineTaxResult[], ruleId: string) =>
  lines.map((l) => {
    const tax = l.taxes.find((t) => t.ruleId === ruleId);
    return tax === undefined ? undefined : toDecimalString(tax.amount);
  });
// Three lines of 5.33 in Lakeway: state tax 0.333125 and county tax 0.02665 on each.
const threeLines = [line("A", "5.33", { address: LAKEWAY }), line("B", "5.33", { address: LAKEWAY }), line("C", "5.33", { address: LAKEWAY })];

describe("rounding per line and per invoice", () => {
  it("per line rounds each 0.333125 to 0.33, 0.99 in all", () => {
    const result = calculate(texas, threeLines, { rounding: PER_LINE });
    expect(amountsOf(result.lines, "tx-state")).toEqual(["0.33", "0.33", "0.33"]);
    expect(amountsOf(result.lines, "travis-county")).toEqual(["0.03", "0.03", "0.03"]);
    expect(totalAmounts(result)).toEqual([
      ["tx-state", "0.99"],
      ["travis-county", "0.09"],
    ]);
  });

  it("per invoice rounds each tax's exact sum once (0.999375 → 1.00, 0.07995 → 0.08) and spreads it without losing a cent", () => {
    const result = calculate(texas, threeLines, { rounding: PER_INVOICE });
    expect(amountsOf(result.lines, "tx-state")).toEqual(["0.34", "0.33", "0.33"]);
    expect(amountsOf(result.lines, "travis-county")).toEqual(["0.03", "0.03", "0.02"]);
    expect(totalAmounts(result)).toEqual([
      ["tx-state", "1.00"],
      ["travis-county", "0.08"],
    ]);
    expect(result.lines[0]?.taxes[0]?.explanation).toBe(
      "Texas state sales tax (rule tx-state, US-TX) 6.25 % of 5.33 = 0.333125 → 0.34 (this line's share of 1.00: the invoice's exact 0.999375 rounded halfUp once, per invoice)",
    );
  });

  it("gives the spare cent to the line with the largest remainder, not simply the first", () => {
    // 5.30 → 0.33125, 5.38 → 0.33625, 5.33 → 0.333125: 1.000625 → 1.00; the spare cent goes to 0.33625.
    const lines = [line("A", "5.30", { address: LAKEWAY }), line("B", "5.38", { address: LAKEWAY }), line("C", "5.33", { address: LAKEWAY })];
    expect(amountsOf(calculate(texas, lines, { rounding: PER_INVOICE }).lines, "tx-state")).toEqual(["0.33", "0.34", "0.33"]);
  });

  it("spreads an invoice total only over the lines that carry the tax", () => {
    const lines = [line("A", "5.33", { address: LAKEWAY }), line("B", "5.33", { address: LAKEWAY, category: "installation" })];
    const result = calculate(texas, lines, { rounding: PER_INVOICE });
    expect(amountsOf(result.lines, "travis-county")).toEqual(["0.03", undefined]);
    expect(amountsOf(result.lines, "tx-state")).toEqual(["0.34", "0.33"]); // 0.66625 → 0.67
  });

  it("rounds per invoice with the policy's mode", () => {
    const result = calculate(texas, threeLines, { rounding: { level: "invoice", mode: "down", inclusive: "tax" } });
    expect(totalAmounts(result)).toEqual([
      ["tx-state", "0.99"],
      ["travis-county", "0.07"],
    ]);
  });

  it("keeps the net of exclusive lines whatever the rounding level", () => {
    const result = calculate(texas, threeLines, { rounding: PER_INVOICE });
    expect(result.lines.map((l) => toDecimalString(l.net))).toEqual(["5.33", "5.33", "5.33"]);
  });

  it("rounds in the currency's own minor unit", () => {
    const japan: TaxRule = {
      id: "jp-consumption",
      jurisdiction: { id: "JP", name: "Japan", level: "country", country: "JP" },
      taxName: "Consumption tax",
      ratesPercent: { monitoring: "10" },
      effectiveFrom: "2019-10-01",
    };
    const table = createTaxTable([japan]);
    const lines = ["A", "B", "C"].map((id) => line(id, money(333, "JPY"), { address: { country: "JP" } }));
    expect(amountsOf(calculate(table, lines, { currency: "JPY" }).lines, "jp-consumption")).toEqual(["33", "33", "33"]);
    expect(amountsOf(calculate(table, lines, { currency: "JPY", rounding: PER_INVOICE }).lines, "jp-consumption")).toEqual(["34", "33", "33"]);
  });
});

describe("credit lines", () => {
  it("taxes a negative amount as the mirror of the positive one", () => {
    const result = onlyLine(calculate(texas, [line("L1", "-39.99")]));
    expect(taxAmounts(result)).toEqual([
      ["tx-state", "-2.50"],
      ["travis-county", "-0.20"],
      ["austin-city", "-0.40"],
      ["austin-downtown-district", "-0.20"],
    ]);
    expect(toDecimalString(result.net)).toBe("-39.99");
  });

  it("reverses an invoice rounded per invoice cent for cent in a credit note of all its lines", () => {
    const credits = threeLines.map((l) => line(l.lineId, "-5.33", { address: LAKEWAY }));
    const result = calculate(texas, credits, { rounding: PER_INVOICE });
    expect(amountsOf(result.lines, "tx-state")).toEqual(["-0.34", "-0.33", "-0.33"]);
    expect(amountsOf(result.lines, "travis-county")).toEqual(["-0.03", "-0.03", "-0.02"]);
  });

  it("nets a charge and its credit on one invoice to zero tax per invoice", () => {
    const result = calculate(texas, [line("A", "5.33", { address: LAKEWAY }), line("B", "-5.33", { address: LAKEWAY })], { rounding: PER_INVOICE });
    expect(amountsOf(result.lines, "tx-state")).toEqual(["0.33", "-0.33"]);
    expect(totalAmounts(result)).toEqual([
      ["tx-state", "0.00"],
      ["travis-county", "0.00"],
    ]);
  });
});
