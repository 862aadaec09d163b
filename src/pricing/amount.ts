import { money, multiply, ratio, type ExactMoney } from "../money/index.js";

/**
 * A decimal price as an exact amount, even when it is finer than the currency's minor unit
 * (`"0.0125"` USD stays exactly 1.25 cents).
 *
 * @example
 * ```ts
 * exactAmount("0.0125", "USD"); // { currency: "USD", numerator: 5, denominator: 4 } (cents)
 * ```
 */
export function exactAmount(decimal: string, currency: string, quantity: number = 1): ExactMoney {
  return multiply(multiply(money(1, currency), ratio(decimal)), quantity);
}
