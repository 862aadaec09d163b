/**
 * decimal.js at the boundary: a CRM's own code often holds amounts as `Decimal` values, so every
 * entry point that takes a decimal string also takes a `Decimal`, and money converts to one on the
 * way out. Inside, amounts stay integer minor units and exact ratios — decimal.js is never on the
 * hot path.
 *
 * @module
 */
import DecimalJs from "decimal.js";
import { ErrorCodes, fail, type IssuePath } from "../errors/index.js";
import type { ExactMoney } from "./exact.js";
import { currencyExponent } from "./currencies.js";
import type { Money } from "./money.js";

/** A decimal.js value, from this package's copy or the caller's own (any version 10). */
export type Decimal = DecimalJs;

/**
 * A private decimal.js constructor (never `Decimal.set`, which would change the caller's global
 * settings): enough precision for any amount the library holds, exact for every terminating one.
 */
const D = DecimalJs.clone({ precision: 60, rounding: DecimalJs.ROUND_HALF_EVEN, toExpNeg: -60, toExpPos: 60 });

/**
 * Whether a value is a decimal.js `Decimal` — by decimal.js's own test, so a `Decimal` from the
 * caller's copy of the package, or from one of its clones, counts too.
 */
export function isDecimal(value: unknown): value is Decimal {
  return typeof value === "object" && value !== null && DecimalJs.isDecimal(value);
}

/**
 * A `Decimal` as the plain decimal string the rest of the library reads (`"129.99"`, never an
 * exponent), or an error naming the field for `NaN` and infinities. @internal
 */
export function decimalText(value: Decimal, path: IssuePath): string {
  if (!value.isFinite()) fail(path, ErrorCodes.invalidDecimal, `expected a finite Decimal such as new Decimal("129.99"), got ${value.toString()}`);
  return value.toFixed();
}

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
