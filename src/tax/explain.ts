/**
 * The sentences that explain each tax amount, e.g.
 * `Texas state sales tax (rule tx-state, US-TX) 6.25 % of 39.99 = 2.499375 → 2.50 (halfUp, per line)`.
 *
 * @internal
 * @module
 */
import { toDecimalString, type ExactMoney, type Money, type Ratio } from "../money/index.js";
import { describeExact } from "./exactMath.js";
import type { ExactLine, ExactTax } from "./lineTaxes.js";
import type { TaxRule } from "./types.js";
import { formatPercent } from "./rates.js";

/** What the base is, when it is not simply the line's amount. */
function baseNote(line: ExactLine, tax: ExactTax): string {
  const listed = line.listed === undefined ? "" : `the net of the tax-inclusive ${toDecimalString(line.listed)}`;
  if (tax.compound) {
    return ` (${line.listed === undefined ? describeExact(line.net) : listed} plus the non-compound taxes, compound)`;
  }
  return listed === "" ? "" : ` (${listed})`;
}

/**
 * The sentence for one tax of one line; `how` says how the unrounded amount became the amount.
 *
 * @internal
 */
export function explainTax(line: ExactLine, tax: ExactTax, amount: Money, how: string): string {
  return `${prefixOf(tax.rule, tax.rate)}${describeExact(tax.base)}${baseNote(line, tax)} = ${describeExact(tax.unrounded)} → ${toDecimalString(amount)} (${how})`;
}

/**
 * The same sentence for a simple tax on an exclusive price (no note on the base), from the
 * opening for its rule and rate ({@link explanationPrefix}), the base already written out and the
 * closing `" (how)"`.
 *
 * @internal
 */
export function explainSimpleTax(prefix: string, baseText: string, unrounded: ExactMoney, amount: Money, howSuffix: string): string {
  return `${prefix}${baseText} = ${describeExact(unrounded)} → ${toDecimalString(amount)}${howSuffix}`;
}

/**
 * The opening of every sentence about a tax at one rule and rate, e.g.
 * `"Texas state sales tax (rule tx-state, US-TX) 6.25 % of "`.
 *
 * @internal
 */
export function explanationPrefix(rule: TaxRule, rate: Ratio): string {
  return `${rule.taxName} (rule ${rule.id}, ${rule.jurisdiction.id}) ${formatPercent(rate)} % of `;
}

// A table's rules and rates are a few objects reused for every line: the opening of each
// sentence is written once per rule and rate.
const prefixes = new WeakMap<TaxRule, WeakMap<Ratio, string>>();

function prefixOf(rule: TaxRule, rate: Ratio): string {
  let byRate = prefixes.get(rule);
  if (byRate === undefined) {
    byRate = new WeakMap();
    prefixes.set(rule, byRate);
  }
  let text = byRate.get(rate);
  if (text === undefined) {
    text = explanationPrefix(rule, rate);
    byRate.set(rate, text);
  }
  return text;
}
