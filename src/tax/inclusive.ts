import { divide, type ExactMoney, type Money, type Ratio } from "../money/index.js";
import { multiplyRates, onePlus } from "./rates.js";

/**
 * What a tax-inclusive price is divided by to get its net: `(1 + s) × (1 + c)`, where `s` is the
 * sum of the simple rates and `c` the sum of the compound rates, because each compound tax is
 * charged on the net plus the simple taxes: price = net + net·s + net·(1 + s)·c.
 *
 * @example
 * ```ts
 * ratioToString(inclusiveFactor([ratio("0.04")], []));            // "1.04"
 * ratioToString(inclusiveFactor([ratio("0.05")], [ratio("0.095")])); // "1.14975"
 * ```
 */
export function inclusiveFactor(simpleRates: readonly Ratio[], compoundRates: readonly Ratio[]): Ratio {
  return multiplyRates(onePlus(simpleRates), onePlus(compoundRates));
}

/**
 * The exact net of a tax-inclusive price: price ÷ {@link inclusiveFactor}. Nothing is rounded.
 *
 * @example
 * ```ts
 * exactToString(netOfInclusivePrice(money("2.99", "USD"), [ratio("0.04")], [])); // "2.875"
 * ```
 */
export function netOfInclusivePrice(
  price: Money | ExactMoney,
  simpleRates: readonly Ratio[],
  compoundRates: readonly Ratio[],
): ExactMoney {
  return divide(price, inclusiveFactor(simpleRates, compoundRates));
}
