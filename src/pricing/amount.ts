import { currencyExponent, multiply, ratio, type ExactMoney } from "../money/index.js";

// Price lists repeat the same few decimal strings across a whole portfolio: each price is turned
// into an exact amount once per currency (amounts are immutable data, so sharing them is safe).
const byCurrency = new Map<string, Map<string, ExactMoney>>();
const MAX_CACHED = 10_000;

function unitAmount(decimal: string, currency: string): ExactMoney {
  let prices = byCurrency.get(currency);
  if (prices === undefined) {
    prices = new Map();
    byCurrency.set(currency, prices);
  }
  let price = prices.get(decimal);
  if (price === undefined) {
    const unit: ExactMoney = { currency, numerator: 10 ** currencyExponent(currency), denominator: 1 };
    price = multiply(unit, ratio(decimal));
    if (prices.size >= MAX_CACHED) prices.clear();
    prices.set(decimal, price);
  }
  return price;
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
  const price = unitAmount(decimal, currency);
  return quantity === 1 ? price : multiply(price, quantity);
}
