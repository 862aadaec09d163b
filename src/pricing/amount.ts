import { currencyExponent, multiply, ratio, type ExactMoney, type Ratio } from "../money/index.js";

// Price lists repeat the same few decimal strings across a whole portfolio: parse each once.
const parsed = new Map<string, Ratio>();
const MAX_CACHED = 10_000;

function rateOf(decimal: string): Ratio {
  let r = parsed.get(decimal);
  if (r === undefined) {
    r = ratio(decimal);
    if (parsed.size >= MAX_CACHED) parsed.clear();
    parsed.set(decimal, r);
  }
  return r;
}

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
  const unit: ExactMoney = { currency, numerator: 10 ** currencyExponent(currency), denominator: 1 };
  const price = multiply(unit, rateOf(decimal));
  return quantity === 1 ? price : multiply(price, quantity);
}
