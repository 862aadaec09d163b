import { ErrorCodes, fail, type IssuePath } from "../errors/index.js";
import { tryParseDecimal } from "./decimal.js";
import { pow10 } from "./integer.js";
import { makeRatio, ratioToString, type Ratio } from "./ratio.js";

/**
 * A percentage, written the way people say it: a decimal string in percent, `"6.25"` for 6.25 %.
 *
 * Every rate in rmr-billing — tax rates, discounts, escalators, late fees, caps — is a `Percent`,
 * and every field that holds one says so in its name (`percent`, `ratePercent`, `capPercent`).
 * There are no fractions (`"0.0625"`) anywhere in the public API.
 */
export type Percent = string;

const PERCENT = /^\d+(\.\d+)?$/;

/**
 * Whether a value is a well-formed {@link Percent}: digits with an optional fraction, no sign.
 *
 * @example
 * ```ts
 * isPercent("6.25"); // → true
 * isPercent("-5");   // → false (no sign)
 * isPercent(6.25);   // → false (a number, not a string)
 * ```
 */
export function isPercent(value: unknown): value is Percent {
  return typeof value === "string" && PERCENT.test(value);
}

/**
 * A {@link Percent} as an exact ratio: `"6.25"` → 625/10000 = 1/16.
 *
 * @param percent - the percentage, e.g. `"6.25"`
 * @param path - where the value sits in the input, for the error
 * @throws {@link ValidationError} with `invalid_decimal` for anything but an unsigned decimal string
 * @example
 * ```ts
 * percentToRatio("6.25"); // { numerator: 1, denominator: 16 }
 * percentToRatio("100");  // { numerator: 1, denominator: 1 }
 * ```
 */
export function percentToRatio(percent: Percent, path: IssuePath = []): Ratio {
  const parsed = isPercent(percent) ? tryParseDecimal(percent) : undefined;
  if (parsed === undefined) {
    fail(path, ErrorCodes.invalidDecimal, `expected a percentage as a decimal string such as "6.25" (for 6.25 %), got ${JSON.stringify(percent)}`);
  }
  return makeRatio(parsed.digits, pow10(parsed.scale + 2));
}

/**
 * A ratio written as a percentage, exactly when it can be: 1/16 → `"6.25"`, 1/3 → `"100/3"`.
 *
 * @example
 * ```ts
 * ratioToPercent(percentToRatio("8.875")); // "8.875"
 * ```
 */
export function ratioToPercent(value: Ratio): Percent {
  return ratioToString(makeRatio(typeof value.numerator === "bigint" ? value.numerator * 100n : BigInt(value.numerator) * 100n, BigInt(value.denominator)));
}
