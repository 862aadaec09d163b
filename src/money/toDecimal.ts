import { currencyExponent } from "./currencies.js";
import { D, type Decimal } from "./decimalJs.js";
import type { ExactMoney } from "./exact.js";
import type { Money } from "./money.js";

/**
 * Money or an exact amount as a decimal.js `Decimal` in major units: `USD 129.99` →
 * `Decimal("129.99")`. Exact for money and for every exact amount with a terminating decimal
 * expansion; an amount such as 10.00 ÷ 3 is given to 60 significant digits (round half even).
 *
 * @example
 * ```ts
 * toDecimal(money("129.99", "USD")).toFixed(); // "129.99"
 * toDecimal(divide(money("10.00", "USD"), 4)).toFixed(); // "2.5"
 * ```
 */
export function toDecimal(value: Money | ExactMoney): Decimal {
  const scale = new D(10).pow(currencyExponent(value.currency));
  if ("minor" in value) return new D(value.minor).div(scale);
  return new D(value.numerator.toString()).div(new D(value.denominator.toString())).div(scale);
}
