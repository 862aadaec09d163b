import { ErrorCodes, fail, type IssuePath } from "../errors/index.js";
import { decimalScale, formatDecimal, parseDecimal, scaledDigits } from "./decimal.js";
import { decimalText, isDecimal, type Decimal } from "./decimalJs.js";
import { big, cmp, gcd, isZero, mul, narrow, neg, pow10, sign, type Int } from "./integer.js";

/** The path of a value given directly (not inside an input object). */
const ROOT: IssuePath = Object.freeze([]);

/**
 * An exact rational number `numerator / denominator` (denominator always positive): a tax or
 * discount rate, an escalator factor, a proration fraction. Multiplying money by a ratio stays
 * exact until an explicit {@link round}.
 *
 * Treat the fields as read-only data; build ratios with {@link ratio}. A part is a plain integer
 * `number` when it fits in a safe integer and a `bigint` otherwise.
 */
export interface Ratio {
  /** The numerator; may be negative. */
  readonly numerator: number | bigint;
  /** The denominator; always positive. */
  readonly denominator: number | bigint;
}

/** What {@link ratio} accepts as a value: a decimal string, an integer, or a ratio already built. */
export type RatioInput = string | number | bigint | Ratio | Decimal;

/**
 * Builds an exact ratio, reduced to lowest terms.
 *
 * - `ratio("0.0725")` — a decimal string (7.25 %);
 * - `ratio(22, 31)` — integer numerator and denominator (a proration fraction);
 * - `ratio("1.03")` — an escalator factor.
 *
 * A JavaScript number with a fractional part is refused: write the rate as a string.
 *
 * @param value - the numerator, a decimal string, an integer, or a Ratio
 * @param denominator - optional integer (or decimal string) to divide by; must not be zero
 * @throws {@link ValidationError} for a malformed decimal, a float, or a zero denominator
 * @example
 * ```ts
 * ratio("0.25"); // { numerator: 1, denominator: 4 }
 * ratio(22, 31); // { numerator: 22, denominator: 31 }
 * ```
 */
export function ratio(value: RatioInput, denominator?: RatioInput, path: IssuePath = ROOT): Ratio {
  const top = toRatio(value, path);
  if (denominator === undefined) return top;
  const bottom = toRatio(denominator, path);
  if (isZero(bottom.numerator)) fail(path, ErrorCodes.divisionByZero, "ratio denominator must not be zero");
  return makeRatio(
    mul(top.numerator, bottom.denominator),
    mul(top.denominator, bottom.numerator),
  );
}

function toRatio(value: RatioInput, path: IssuePath): Ratio {
  if (typeof value === "object" && isDecimal(value)) value = decimalText(value, path);
  if (typeof value === "string") {
    const { digits, scale } = parseDecimal(value, path);
    return makeRatio(digits, pow10(scale));
  }
  if (typeof value === "number") {
    if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
      fail(path, ErrorCodes.outOfRange, `the number ${value} is beyond the safe-integer range: pass it as a bigint or a decimal string`);
    }
    if (!Number.isSafeInteger(value)) {
      fail(path, ErrorCodes.floatAmount, `expected an integer or a decimal string, got the number ${value}: write it as a string such as "${String(value)}"`);
    }
    return { numerator: value === 0 ? 0 : value, denominator: 1 };
  }
  if (typeof value === "bigint") return makeRatio(value, 1);
  return makeRatio(value.numerator, value.denominator);
}

/** Normalizes sign and reduces to lowest terms. @internal */
export function makeRatio(numerator: Int, denominator: Int): Ratio {
  if (isZero(denominator)) fail([], ErrorCodes.divisionByZero, "ratio denominator must not be zero");
  let n = numerator;
  let d = denominator;
  if (sign(d) < 0) {
    n = neg(n);
    d = neg(d);
  }
  if (isZero(n)) return { numerator: 0, denominator: 1 };
  const g = gcd(n, d);
  if (g === 1 || g === 1n) return { numerator: toInt(n), denominator: toInt(d) };
  return { numerator: divExact(n, g), denominator: divExact(d, g) };
}

/** A bigint that fits in a safe integer becomes a number, as the {@link Ratio} contract says. */
function toInt(a: Int): Int {
  return typeof a === "bigint" ? narrow(a) : a;
}

function divExact(a: Int, b: Int): Int {
  if (typeof a === "number" && typeof b === "number") return a / b;
  return narrow(big(a) / big(b));
}

/**
 * Compares two ratios exactly: −1, 0 or 1.
 *
 * @example
 * ```ts
 * compareRatios(ratio("100.00000000000000001"), ratio(100)); // 1
 * compareRatios(ratio(1, 3), ratio("0.3333")); // 1
 * ```
 */
export function compareRatios(a: Ratio, b: Ratio): -1 | 0 | 1 {
  return cmp(mul(a.numerator, b.denominator), mul(b.numerator, a.denominator));
}

/**
 * The ratio as a decimal string when it has a finite decimal expansion, else as `"n/d"`.
 *
 * @example
 * ```ts
 * ratioToString(ratio("0.0725")); // "0.0725"
 * ratioToString(ratio(22, 31));   // "22/31"
 * ```
 */
export function ratioToString(value: Ratio): string {
  const { numerator, denominator } = value;
  if (denominator === 1) return String(numerator);
  if (typeof denominator === "number" && typeof numerator === "number") {
    // Fast path in plain numbers: explanations format many of these.
    const scale = decimalScale(denominator);
    const digits = scale < 0 ? Number.NaN : scaledDigits(numerator, denominator, scale);
    if (!Number.isNaN(digits)) return formatDecimal(digits, scale);
    if (hasOtherFactor(denominator)) return `${numerator}/${denominator}`;
  }
  let d = BigInt(denominator);
  let twos = 0;
  let fives = 0;
  while (d % 2n === 0n) {
    d /= 2n;
    twos++;
  }
  while (d % 5n === 0n) {
    d /= 5n;
    fives++;
  }
  if (d !== 1n) return `${numerator}/${denominator}`;
  const scale = Math.max(twos, fives);
  const factor = 10n ** BigInt(scale) / BigInt(denominator);
  return formatDecimal(narrow(BigInt(numerator) * factor), scale);
}

/** Whether a denominator has a prime factor other than 2 and 5 (so the decimal repeats). */
function hasOtherFactor(denominator: number): boolean {
  let d = denominator;
  while (d % 2 === 0) d /= 2;
  while (d % 5 === 0) d /= 5;
  return d !== 1;
}
