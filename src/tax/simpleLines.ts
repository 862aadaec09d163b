/**
 * The common case, computed directly: exclusive prices, taxes rounded per line, no exemption and no
 * compound tax. It gives exactly what the general path (exact lines, then rounding) gives — a
 * property test holds the two together — with far fewer intermediate objects, since this is what
 * a portfolio run spends most of its tax time on.
 *
 * @internal
 * @module
 */
import { exact, fromMinorUnits, multiply, round, type Money, type RoundingMode } from "../money/index.js";
import { describeExact } from "./exactMath.js";
import { explainSimpleTax } from "./explain.js";
import type { CompiledRule } from "./lineTaxes.js";
import type { LineTax, LineTaxResult, TaxableLine, TaxResult, TaxTotal } from "./types.js";

/** Whether every line can take the direct path. @internal */
export function simpleCase(rulesPerLine: readonly (readonly CompiledRule[])[]): boolean {
  for (const rules of rulesPerLine) for (const rule of rules) if (rule.compound) return false;
  return true;
}

/** Taxes of exclusive-price lines, rounded per line with `mode`. @internal */
export function simpleLineTaxes(
  lines: readonly TaxableLine[],
  rulesPerLine: readonly (readonly CompiledRule[])[],
  mode: RoundingMode,
  currency: string,
): TaxResult {
  const how = ` (${mode}, per line)`;
  const totals = new Map<string, { readonly first: LineTax; minor: number }>();
  const results: LineTaxResult[] = new Array<LineTaxResult>(lines.length);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as TaxableLine;
    const base = exact(line.amount);
    const taxes: LineTax[] = [];
    let baseText: string | undefined;
    for (const compiled of rulesPerLine[i] ?? []) {
      const term = compiled.terms.get(line.category);
      if (term === undefined) continue;
      const { rule } = compiled;
      const { rate } = term;
      const unrounded = multiply(base, rate);
      const amount = round(unrounded, mode);
      const tax: LineTax = {
        ruleId: rule.id,
        jurisdictionId: rule.jurisdiction.id,
        jurisdictionName: rule.jurisdiction.name,
        level: rule.jurisdiction.level,
        taxName: rule.taxName,
        rate,
        compound: false,
        base,
        unrounded,
        amount,
        explanation: explainSimpleTax(term.prefix, (baseText ??= describeExact(base)), unrounded, amount, how),
      };
      taxes.push(tax);
      const total = totals.get(rule.id);
      if (total === undefined) totals.set(rule.id, { first: tax, minor: amount.minor });
      else total.minor += amount.minor;
    }
    results[i] = { lineId: line.lineId, net: round(base, mode), taxes, waived: [] };
  }
  const taxTotals: TaxTotal[] = [];
  for (const { first, minor } of totals.values()) {
    const amount: Money = fromMinorUnits(minor, currency);
    taxTotals.push({ jurisdictionId: first.jurisdictionId, jurisdictionName: first.jurisdictionName, taxName: first.taxName, ruleId: first.ruleId, amount });
  }
  return { lines: results, totals: taxTotals };
}
