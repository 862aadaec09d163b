/**
 * Small exact helpers over {@link ExactMoney} the tax module needs and the money module does not
 * export: negation, subtraction, sign, floor, and a readable form for explanations.
 *
 * @internal
 * @module
 */
import { addExact, currencyExponent, exactToString, multiply, type ExactMoney, type Money } from "../money/index.js";

/** `−a`, exactly. @internal */
export function negateExact(a: Money | ExactMoney): ExactMoney {
  return multiply(a, -1);
}

/** `a − b`, exactly. @internal */
export function subtractExact(a: Money | ExactMoney, b: Money | ExactMoney): ExactMoney {
  return addExact(a, negateExact(b));
}

/** Numerator and denominator as bigints (denominator positive). @internal */
export function parts(a: ExactMoney): { readonly n: bigint; readonly d: bigint } {
  return { n: BigInt(a.numerator), d: BigInt(a.denominator) };
}

/** −1, 0 or 1. @internal */
export function signOf(a: ExactMoney): -1 | 0 | 1 {
  const n = BigInt(a.numerator);
  return n > 0n ? 1 : n < 0n ? -1 : 0;
}

/** `⌊n / d⌋` for `d > 0`. @internal */
export function floorDiv(n: bigint, d: bigint): bigint {
  const q = n / d;
  return n % d !== 0n && n < 0n ? q - 1n : q;
}

/** Places shown for an amount without a finite decimal form: four beyond the minor unit. */
const EXTRA_PLACES = 4;

/**
 * An exact amount for an explanation, in major units: the exact decimal when it has one
 * (`"2.499375"`), otherwise `"≈"` and the value to four places beyond the minor unit
 * (`"≈2.875240"` for USD). This is display text only; no amount is ever computed from it.
 *
 * @internal
 */
export function describeExact(a: ExactMoney): string {
  const text = exactToString(a);
  if (!text.includes("/")) return text;
  const exponent = currencyExponent(a.currency);
  const places = exponent + EXTRA_PLACES;
  const scale = 10n ** BigInt(EXTRA_PLACES);
  const { n, d } = parts(a);
  // Minor units × 10^4 = major units × 10^places, to the nearest, ties away from zero; only ever shown.
  const negative = n < 0n;
  const magnitude = ((negative ? -n : n) * scale * 2n + d) / (2n * d);
  const digits = magnitude.toString().padStart(places + 1, "0");
  const body = `${digits.slice(0, digits.length - places)}.${digits.slice(digits.length - places)}`;
  return `≈${negative ? "-" : ""}${body}`;
}
