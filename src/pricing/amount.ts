import { exactMoney, multiply, type ExactMoney } from "../money/index.js";

/**
 * A decimal price as an exact amount, even when it is finer than the currency's minor unit
 * (`"0.0125"` USD stays exactly 1.25 cents), optionally times a whole quantity.
 *
 * @throws {@link ValidationError} for a malformed decimal or an unknown currency
 * @example
 * ```ts
 * exactAmount("0.0125", "USD"); // { currency: "USD", numerator: 5, denominator: 4 } (cents)
 * exactAmount("7.50", "USD", 2); // exactly 15.00
 * ```
 */
export function exactAmount(decimal: string, currency: string, quantity: number = 1): ExactMoney {
  const price = exactMoney(decimal, currency);
  return quantity === 1 ? price : multiply(price, quantity);
}
