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


/** A decimal.js value, from this package's copy or the caller's own (any version 10). */
export type Decimal = DecimalJs;

/**
 * A private decimal.js constructor (never `Decimal.set`, which would change the caller's global
 * settings): enough precision for any amount the library holds, exact for every terminating one.
 * @internal
 */
export const D = DecimalJs.clone({ precision: 60, rounding: DecimalJs.ROUND_HALF_EVEN, toExpNeg: -60, toExpPos: 60 });

/**
 * Whether a value is a decimal.js `Decimal` — by decimal.js's own test, so a `Decimal` from the
 * caller's copy of the package, or from one of its clones, counts too.
 *
 * @example
 * ```ts
 * import Decimal from "decimal.js";
 * isDecimal(new Decimal("129.99")); // → true
 * isDecimal("129.99");              // → false
 * ```
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
