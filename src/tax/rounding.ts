/**
 * From exact taxes to money: rounding per line or per invoice, for exclusive and tax-inclusive
 * prices, with every amount explained.
 *
 * @internal
 * @module
 */
import { addExact, apportion, round, subtract, sum, toDecimalString, type ExactMoney, type Money } from "../money/index.js";

import { describeExact } from "./exactMath.js";
import { explainTax } from "./explain.js";
import type { ExactLine } from "./lineTaxes.js";
import type { LineTax, LineTaxResult, TaxResult, TaxRoundingPolicy, TaxTotal } from "./types.js";

/** Per line, per tax: the rounded amount and how it was reached. */
interface Rounded {
  readonly amounts: Money[][];
  readonly how: string[][];
}

function emptyGrid<T>(lines: readonly ExactLine[], fill: T): T[][] {
  return lines.map((line) => line.taxes.map(() => fill));
}

function set<T>(grid: T[][], line: number, tax: number, value: T): void {
  const row = grid[line];
  if (row !== undefined) row[tax] = value;
}

function roundPerLine(lines: readonly ExactLine[], policy: TaxRoundingPolicy, currency: string): Rounded {
  const { mode } = policy;
  const amounts = emptyGrid<Money>(lines, { minor: 0, currency });
  const how = emptyGrid(lines, "");
  lines.forEach((line, i) => {
    if (line.listed !== undefined && policy.inclusive === "net") {
      // Round the net; the taxes are what is left of the price, split by their exact amounts.
      const roundedNet = round(line.net, mode);
      const taxTotal = subtract(line.listed, roundedNet);
      const shares = apportion(taxTotal, line.taxes.map((tax) => tax.unrounded));
      const fromNet = `${toDecimalString(line.listed)} − the net ${describeExact(line.net)} rounded ${mode} to ${toDecimalString(roundedNet)}, per line`;
      shares.forEach((share, t) => {
        set(amounts, i, t, share);
        set(how, i, t, shares.length === 1 ? fromNet : `share of the line's taxes ${toDecimalString(taxTotal)} = ${fromNet}`);
      });
      return;
    }
    const note = line.listed === undefined ? `${mode}, per line` : `${mode} on the tax, per line`;
    line.taxes.forEach((tax, t) => {
      set(amounts, i, t, round(tax.unrounded, mode));
      set(how, i, t, note);
    });
  });
  return { amounts, how };
}

/** Where each tax (rule) appears on the invoice, in first-seen order. */
interface RuleGroup {
  readonly ruleId: string;
  readonly places: { readonly line: number; readonly tax: number; readonly exact: ExactMoney }[];
}

function groupByRule(lines: readonly ExactLine[]): RuleGroup[] {
  const groups = new Map<string, RuleGroup>();
  lines.forEach((line, i) => {
    line.taxes.forEach((tax, t) => {
      let group = groups.get(tax.rule.id);
      if (group === undefined) {
        group = { ruleId: tax.rule.id, places: [] };
        groups.set(tax.rule.id, group);
      }
      group.places.push({ line: i, tax: t, exact: tax.unrounded });
    });
  });
  return [...groups.values()];
}

function roundPerInvoice(lines: readonly ExactLine[], policy: TaxRoundingPolicy, currency: string, inclusive: boolean): Rounded {
  const { mode } = policy;
  const amounts = emptyGrid<Money>(lines, { minor: 0, currency });
  const how = emptyGrid(lines, "");
  const groups = groupByRule(lines);
  const exactTotals = groups.map((group) => addExact(...group.places.map((place) => place.exact)));

  let totals: Money[];
  let fromTotal: (total: Money, index: number) => string;
  if (inclusive && policy.inclusive === "net") {
    // Round the invoice's net once; its taxes are the listed total minus that net, split over the
    // taxes by their exact totals (and below, over the lines by their exact amounts).
    const listed = sum(
      lines.map((line) => line.listed ?? round(line.net, mode)),
      currency,
    );
    const exactNet = lines.length === 0 ? { currency, numerator: 0, denominator: 1 } : addExact(...lines.map((line) => line.net));
    const roundedNet = round(exactNet, mode);
    totals = apportion(subtract(listed, roundedNet), exactTotals);
    const source = `the invoice's tax-inclusive ${toDecimalString(listed)} − its net ${describeExact(exactNet)} rounded ${mode} to ${toDecimalString(roundedNet)}`;
    fromTotal = (total) => `this line's share of ${toDecimalString(total)}, this tax's part of ${source}, per invoice`;
  } else {
    totals = exactTotals.map((total) => round(total, mode));
    fromTotal = (total, index) => {
      const exactTotal = exactTotals[index];
      const exactText = exactTotal === undefined ? "" : describeExact(exactTotal);
      return `this line's share of ${toDecimalString(total)}: the invoice's exact ${exactText} rounded ${mode} once, per invoice`;
    };
  }

  groups.forEach((group, g) => {
    const total = totals[g] ?? { minor: 0, currency };
    const shares = apportion(
      total,
      group.places.map((place) => place.exact),
    );
    const note = fromTotal(total, g);
    group.places.forEach((place, k) => {
      set(amounts, place.line, place.tax, shares[k] ?? { minor: 0, currency });
      set(how, place.line, place.tax, note);
    });
  });
  return { amounts, how };
}

/**
 * Rounds the exact taxes of an invoice's lines by the policy and assembles the result: every
 * line's taxes (explained), its net, and each tax's total.
 *
 * - Level `"line"`: each tax of each line is rounded on its own; for tax-inclusive prices with
 *   `inclusive: "net"`, the line's net is rounded and the taxes are the rest of the price.
 * - Level `"invoice"`: each tax is summed exactly over the invoice, rounded once, and spread over
 *   its lines by their exact amounts (largest remainder); with `inclusive: "net"`, the invoice's
 *   net is rounded once and the taxes are the rest of the listed total.
 *
 * For tax-inclusive prices a line's net is its listed price minus its taxes, so net + taxes is the
 * listed price exactly, per line, at either level. For exclusive prices the net is the line's
 * amount (rounded with the mode if it was exact).
 *
 * @internal
 */
export function roundTaxes(lines: readonly ExactLine[], policy: TaxRoundingPolicy, currency: string, inclusive: boolean): TaxResult {
  const rounded = policy.level === "line" ? roundPerLine(lines, policy, currency) : roundPerInvoice(lines, policy, currency, inclusive);
  const totals = new Map<string, { readonly first: LineTax; readonly amounts: Money[] }>();
  const results: LineTaxResult[] = lines.map((line, i) => {
    const taxes: LineTax[] = line.taxes.map((tax, t) => {
      const amount = rounded.amounts[i]?.[t] ?? { minor: 0, currency };
      return {
        ruleId: tax.rule.id,
        jurisdictionId: tax.rule.jurisdiction.id,
        jurisdictionName: tax.rule.jurisdiction.name,
        level: tax.rule.jurisdiction.level,
        taxName: tax.rule.taxName,
        rate: tax.rate,
        compound: tax.compound,
        base: tax.base,
        unrounded: tax.unrounded,
        amount,
        explanation: explainTax(line, tax, amount, rounded.how[i]?.[t] ?? ""),
      };
    });
    for (const tax of taxes) {
      const total = totals.get(tax.ruleId);
      if (total === undefined) totals.set(tax.ruleId, { first: tax, amounts: [tax.amount] });
      else total.amounts.push(tax.amount);
    }
    const taxSum = sum(
      taxes.map((tax) => tax.amount),
      currency,
    );
    const net = line.listed === undefined ? round(line.net, policy.mode) : subtract(line.listed, taxSum);
    return { lineId: line.lineId, net, taxes, waived: line.waived };
  });
  const taxTotals: TaxTotal[] = [...totals.values()].map(({ first, amounts }) => ({
    jurisdictionId: first.jurisdictionId,
    jurisdictionName: first.jurisdictionName,
    taxName: first.taxName,
    ruleId: first.ruleId,
    amount: sum(amounts, currency),
  }));
  return { lines: results, totals: taxTotals };
}
