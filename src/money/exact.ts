import { CurrencyMismatchError, ErrorCodes, fail, IssueCollector, ValidationError, type IssuePath } from "../errors/index.js";
import { currencyExponent, knownExponent } from "./currencies.js";
import { decimalScale, formatDecimal, parseDecimal, scaledDigits, tryParseDecimal } from "./decimal.js";
import { decimalText, isDecimal, type Decimal } from "./decimalJs.js";
import { add as addInt, divRound, gcd, mul, narrow, pow10, type Int } from "./integer.js";
import { unsafeMoney, type Money } from "./money.js";
import { makeRatio, ratio, ratioToString, type Ratio, type RatioInput } from "./ratio.js";
import type { RoundingMode } from "./rounding.js";

/**
 * An exact, not yet rounded amount: `numerator / denominator` minor units of `currency`.
 *
 * This is what multiplying money by a rate, a quantity or a proration fraction gives. It stays
 * exact through any number of multiplications and additions and becomes {@link Money} only at
 * {@link round}, with a named {@link RoundingMode}.
 */
export interface ExactMoney {
  /** ISO 4217 code. */
  readonly currency: string;
  /** Numerator, in minor units. */
  readonly numerator: number | bigint;
  /** Denominator; always positive. */
  readonly denominator: number | bigint;
}

function isExact(value: Money | ExactMoney): value is ExactMoney {
  return (value as ExactMoney).denominator !== undefined;
}

/**
 * Turns money into an exact amount (a no-op for an exact amount).
 *
 * @example
 * ```ts
 * exact(money("1.00", "USD")); // { currency: "USD", numerator: 100, denominator: 1 }
 * ```
 */
export function exact(value: Money | ExactMoney): ExactMoney {
  return isExact(value) ? value : { currency: value.currency, numerator: value.minor, denominator: 1 };
}

/** 10^0 … 10^15 as numbers. */
const TEN_TO: readonly number[] = Array.from({ length: 16 }, (_, k) => 10 ** k);

const ROOT: IssuePath = Object.freeze([]);
const CURRENCY: IssuePath = Object.freeze(["currency"]);

/**
 * A decimal amount in major units as an exact amount, even when it is finer than the currency's
 * minor unit: a price of 0.0125 USD a unit stays exactly 1.25 cents until something is rounded.
 * This is how prices and fees from a contract become amounts.
 *
 * @param decimal - a decimal string such as `"29.99"`, `"-5"` or `"0.0125"`
 * @param currency - ISO 4217 code from the pinned table
 * @param path - where the decimal came from (e.g. `["sites", 0, "lines", 2, "rate"]`), for the error
 * @throws {@link ValidationError} naming every problem: a malformed decimal (at `path`) and an
 *   unknown currency (at `["currency"]`)
 * @example
 * ```ts
 * exactMoney("29.99", "USD");  // { currency: "USD", numerator: 2999, denominator: 1 }
 * exactMoney("0.0125", "USD"); // { currency: "USD", numerator: 5, denominator: 4 } (cents)
 * ```
 */
export function exactMoney(decimal: string | Decimal, currency: string, path: IssuePath = ROOT): ExactMoney {
  if (typeof decimal === "object" && isDecimal(decimal)) decimal = decimalText(decimal, path);
  const exponent = typeof currency === "string" ? knownExponent(currency) : undefined;
  const parsed = typeof decimal === "string" ? tryParseDecimal(decimal) : undefined;
  if (exponent !== undefined && parsed !== undefined) {
    const { digits, scale } = parsed;
    if (typeof digits === "number" && scale <= exponent) {
      // The usual price: no finer than the minor unit, in plain numbers.
      const minor = digits * (TEN_TO[exponent - scale] as number);
      if (Number.isSafeInteger(minor)) return { currency, numerator: minor, denominator: 1 };
    }
    return reduce(currency, mul(digits, pow10(exponent)), pow10(scale));
  }
  const issues = new IssueCollector();
  if (parsed === undefined) {
    issues.add(path, ErrorCodes.invalidDecimal, `expected a decimal string such as "129.99", got ${JSON.stringify(decimal)}`);
  }
  if (exponent === undefined) {
    issues.add(CURRENCY, ErrorCodes.unknownCurrency, `unknown currency ${JSON.stringify(currency)}: expected an ISO 4217 code such as "USD"`);
  }
  throw new ValidationError(issues.issues);
}

/**
 * Multiplies money by a factor, exactly. Nothing is rounded: call {@link round} with a mode.
 *
 * @param value - money or an exact amount
 * @param factor - a {@link Ratio}, a decimal string (`"0.0725"`) or an integer (a quantity)
 * @example
 * ```ts
 * const tax = multiply(money("29.99", "USD"), "0.0725"); // exactly 2.174275
 * round(tax, "halfUp"); // USD 2.17
 * round(multiply(money("31.00", "USD"), ratio(22, 31)), "halfUp"); // USD 22.00
 * ```
 */
export function multiply(value: Money | ExactMoney, factor: RatioInput): ExactMoney {
  const f = typeof factor === "object" && !isDecimal(factor) ? factor : ratio(factor, undefined, ["factor"]);
  const e = exact(value);
  if (f.denominator === 1) {
    return { currency: e.currency, numerator: mul(e.numerator, f.numerator), denominator: e.denominator };
  }
  return reduce(e.currency, mul(e.numerator, f.numerator), mul(e.denominator, f.denominator));
}

/**
 * Divides money by a non-zero factor, exactly.
 *
 * @throws {@link ValidationError} with code `division_by_zero`
 * @example
 * ```ts
 * round(divide(money("100.00", "USD"), 3), "halfEven"); // USD 33.33
 * ```
 */
export function divide(value: Money | ExactMoney, divisor: RatioInput): ExactMoney {
  const d = typeof divisor === "object" && !isDecimal(divisor) ? divisor : ratio(divisor, undefined, ["divisor"]);
  if (d.numerator === 0 || d.numerator === 0n) fail(["divisor"], ErrorCodes.divisionByZero, "cannot divide money by zero");
  return multiply(value, makeRatio(d.denominator, d.numerator));
}

/**
 * Adds exact amounts (or money) without rounding.
 *
 * @throws {@link CurrencyMismatchError} naming both currencies
 * @example
 * ```ts
 * const a = multiply(money("0.01", "USD"), ratio(1, 3));
 * round(addExact(a, a, a), "halfUp"); // USD 0.01, where rounding each third first would give 0.00
 * ```
 */
export function addExact(...values: readonly (Money | ExactMoney)[]): ExactMoney {
  const first = values[0];
  if (first === undefined) fail([], ErrorCodes.invalidType, "addExact needs at least one amount");
  let acc = exact(first);
  for (let i = 1; i < values.length; i++) {
    const next = exact(values[i] as Money | ExactMoney);
    if (next.currency !== acc.currency) throw new CurrencyMismatchError(acc.currency, next.currency);
    if (next.denominator === acc.denominator) {
      acc = { currency: acc.currency, numerator: addInt(acc.numerator, next.numerator), denominator: acc.denominator };
    } else {
      acc = reduce(
        acc.currency,
        addInt(mul(acc.numerator, next.denominator), mul(next.numerator, acc.denominator)),
        mul(acc.denominator, next.denominator),
      );
    }
  }
  return acc;
}

function reduce(currency: string, numerator: Int, denominator: Int): ExactMoney {
  if (typeof numerator === "number" && typeof denominator === "number" && denominator > 0) {
    // The usual case, in plain numbers: one gcd, no intermediate ratio.
    if (numerator === 0) return { currency, numerator: 0, denominator: 1 };
    const g = gcd(numerator, denominator) as number;
    return g === 1 ? { currency, numerator, denominator } : { currency, numerator: numerator / g, denominator: denominator / g };
  }
  const g = gcd(numerator, denominator);
  if (g === 1 || g === 1n || g === 0 || g === 0n) return { currency, numerator, denominator };
  const r = makeRatio(numerator, denominator);
  return { currency, numerator: r.numerator, denominator: r.denominator };
}

/**
 * Rounds an exact amount to the currency's minor unit with a named mode. This is the only way an
 * exact amount becomes {@link Money}.
 *
 * @example
 * ```ts
 * round(multiply(money("2.99", "USD"), "0.04"), "halfUp");   // USD 0.12 (exactly 0.1196)
 * round(multiply(money("0.25", "USD"), "0.5"), "halfEven"); // USD 0.12 (tie 0.125 → even)
 * round(multiply(money("0.25", "USD"), "0.5"), "halfUp");   // USD 0.13
 * ```
 */
export function round(value: Money | ExactMoney, mode: RoundingMode): Money {
  const e = exact(value);
  const minor = e.denominator === 1 ? e.numerator : divRound(e.numerator, e.denominator, mode);
  if (typeof minor !== "number") {
    fail([], ErrorCodes.outOfRange, `amount is too large to represent exactly (more than ${Number.MAX_SAFE_INTEGER} minor units)`);
  }
  return unsafeMoney(minor, e.currency);
}

/**
 * The exact amount written out for an explanation: a finite decimal in major units when it has
 * one (`"2.174275"`), otherwise the fraction of major units (`"682/31"`).
 *
 * @example
 * ```ts
 * exactToString(multiply(money("29.99", "USD"), "0.0725")); // "2.174275"
 * ```
 */
export function exactToString(value: ExactMoney): string {
  const exponent = currencyExponent(value.currency);
  const { numerator, denominator } = value;
  if (denominator === 1) return formatDecimal(numerator, exponent);
  if (typeof numerator === "number" && typeof denominator === "number") {
    // Fast path in plain numbers for terminating decimals (tax amounts, rates × cents).
    const scale = decimalScale(denominator);
    const digits = scale < 0 ? Number.NaN : scaledDigits(numerator, denominator, scale);
    if (!Number.isNaN(digits)) return trimmedDecimal(digits, scale + exponent, exponent);
  }
  const major = makeRatio(value.numerator, mul(value.denominator, pow10(exponent)));
  const text = ratioToString(major);
  if (text.includes("/")) return text;
  const { digits, scale } = parseDecimal(text, []);
  return scale >= exponent ? text : formatDecimal(mul(digits, pow10(exponent - scale)), exponent);
}

/**
 * `digits / 10^places` written out, with trailing zeros dropped down to `minPlaces` decimals —
 * trimmed on the integer, so the digits are written once.
 */
function trimmedDecimal(digits: number, places: number, minPlaces: number): string {
  let n = digits;
  let p = places;
  while (p > minPlaces && n % 10 === 0) {
    n /= 10;
    p--;
  }
  return formatDecimal(n, p);
}

/**
 * The exact amount as a decimal in major units cut (towards zero) to `places` decimals, with `…`
 * appended when digits were cut: for explanations, where `"8.870967…"` reads better than `"275/31"`.
 *
 * @example
 * ```ts
 * exactToDecimalString(multiply(money("12.50", "USD"), ratio(22, 31)), 6); // "8.870967…"
 * exactToDecimalString(multiply(money("29.99", "USD"), "0.0725"), 6);      // "2.174275"
 * ```
 */
export function exactToDecimalString(value: ExactMoney, places: number): string {
  if (value.denominator === 1) return exactToString(value);
  const exponent = currencyExponent(value.currency);
  const scale = Math.max(places, exponent);
  const n = BigInt(value.numerator) * 10n ** BigInt(scale);
  const d = BigInt(value.denominator) * 10n ** BigInt(exponent);
  const q = n / d;
  if (q * d === n) {
    const text = exactToString(value);
    if (!text.includes("/")) return text;
  }
  return `${q === 0n && n < 0n ? "-" : ""}${formatDecimal(narrow(q), scale)}…`;
}

/**
 * Turns an exact amount into a {@link Ratio} of major units, e.g. to compare it or explain it.
 *
 * @example
 * ```ts
 * exactToRatio(exact(money("1.50", "USD"))); // { numerator: 3, denominator: 2 }
 * ```
 */
export function exactToRatio(value: ExactMoney): Ratio {
  return makeRatio(value.numerator, mul(value.denominator, pow10(currencyExponent(value.currency))));
}
