/**
 * Exact arithmetic on rates (sums and products of {@link Ratio}s) for the tax module.
 *
 * @internal
 * @module
 */
import { ratio, ratioToString, type Ratio } from "../money/index.js";

/** The rate 0. @internal */
export const ZERO_RATE: Ratio = { numerator: 0, denominator: 1 };

/** `a + b`, exactly. @internal */
export function addRates(a: Ratio, b: Ratio): Ratio {
  const an = BigInt(a.numerator);
  const ad = BigInt(a.denominator);
  const bn = BigInt(b.numerator);
  const bd = BigInt(b.denominator);
  return ratio(an * bd + bn * ad, ad * bd);
}

/** `a × b`, exactly. @internal */
export function multiplyRates(a: Ratio, b: Ratio): Ratio {
  return ratio(BigInt(a.numerator) * BigInt(b.numerator), BigInt(a.denominator) * BigInt(b.denominator));
}

/** `1 + Σ rates`, exactly. @internal */
export function onePlus(rates: readonly Ratio[]): Ratio {
  return rates.reduce(addRates, { numerator: 1, denominator: 1 });
}

// A table's rates are a few objects reused for every line: their text is worked out once each.
const percentText = new WeakMap<Ratio, string>();

/** A rate as a percentage for an explanation: `0.0625` → `"6.25"`. @internal */
export function formatPercent(rate: Ratio): string {
  let text = percentText.get(rate);
  if (text === undefined) {
    text = ratioToString(ratio(BigInt(rate.numerator) * 100n, BigInt(rate.denominator)));
    percentText.set(rate, text);
  }
  return text;
}
