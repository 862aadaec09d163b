/**
 * The sentences that explain each tax amount, e.g.
 * `Texas state sales tax (rule tx-state, US-TX) 6.25 % of 39.99 = 2.499375 → 2.50 (halfUp, per line)`.
 *
 * @internal
 * @module
 */
import { toDecimalString, type Money } from "../money/index.js";
import { describeExact } from "./exactMath.js";
import type { ExactLine, ExactTax } from "./lineTaxes.js";
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
  const { rule } = tax;
  return (
    `${rule.taxName} (rule ${rule.id}, ${rule.jurisdiction.id}) ${formatPercent(tax.rate)} % of ` +
    `${describeExact(tax.base)}${baseNote(line, tax)} = ${describeExact(tax.unrounded)} → ${toDecimalString(amount)} (${how})`
  );
}
