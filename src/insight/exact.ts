import { ratio, type Ratio } from "../money/index.js";

/**
 * Exact statistics over whole numbers (days, minor units) and their display. Everything stays a
 * {@link Ratio} until it is shown.
 */

/** `part / whole` exactly, or `undefined` when there is nothing to divide by. */
export function share(part: number | bigint, whole: number | bigint): Ratio | undefined {
  return whole === 0 || whole === 0n ? undefined : ratio(BigInt(part), BigInt(whole));
}

/** The exact mean of whole numbers; `undefined` for none. */
export function mean(values: readonly number[]): Ratio | undefined {
  if (values.length === 0) return undefined;
  let total = 0;
  for (const v of values) total += v;
  // Whole numbers add exactly while the sum stays a safe integer; beyond, in bigints.
  if (Number.isSafeInteger(total)) return ratio(total, values.length);
  let big = 0n;
  for (const v of values) big += BigInt(v);
  return ratio(big, values.length);
}

/** The exact median of whole numbers (the mean of the middle two for an even count); `undefined` for none. */
export function median(values: readonly number[]): Ratio | undefined {
  return values.length === 0 ? undefined : medianOfSorted(sortedCopy(values));
}

/**
 * The `q`-quantile (0 ≤ q ≤ 1) of whole numbers by the nearest-rank method: the smallest value
 * with at least `q` of the values at or below it. `undefined` for none.
 */
export function quantile(values: readonly number[], q: Ratio): number | undefined {
  return values.length === 0 ? undefined : quantileOfSorted(sortedCopy(values), q);
}

/**
 * Whole numbers in ascending order, as a typed array: its numeric sort needs no comparator (the
 * insight bench sorted 800,000 delays four times with `(a, b) => a - b`: ≈ 0.4 s of 7.1 s CPU).
 */
export function sortedCopy(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort();
}

/** {@link median} of values already in ascending order (at least one). */
export function medianOfSorted(sorted: ArrayLike<number>): Ratio {
  const mid = sorted.length >> 1;
  if (sorted.length % 2 === 1) return ratio(sorted[mid] as number);
  return ratio((sorted[mid - 1] as number) + (sorted[mid] as number), 2);
}

/** {@link quantile} of values already in ascending order (at least one). */
export function quantileOfSorted(sorted: ArrayLike<number>, q: Ratio): number {
  const n = BigInt(sorted.length);
  const rank = (BigInt(q.numerator) * n + BigInt(q.denominator) - 1n) / BigInt(q.denominator);
  const index = Math.min(sorted.length - 1, Math.max(0, Number(rank) - 1));
  return sorted[index] as number;
}

/** A ratio rounded half away from zero to a whole number. */
export function roundRatio(value: Ratio): number {
  const n = BigInt(value.numerator);
  const d = BigInt(value.denominator);
  const q = (2n * (n < 0n ? -n : n) + d) / (2n * d);
  return Number(n < 0n ? -q : q);
}

/**
 * A ratio as a decimal string with `places` digits, rounded half away from zero — for display
 * only. `fixed(ratio(7, 8), 3)` is `"0.875"`, `fixed(ratio(2, 3), 1)` is `"0.7"`.
 */
export function fixed(value: Ratio, places: number): string {
  const n = BigInt(value.numerator);
  const d = BigInt(value.denominator);
  const scale = 10n ** BigInt(places);
  const abs = n < 0n ? -n : n;
  const q = (2n * abs * scale + d) / (2n * d);
  const digits = q.toString().padStart(places + 1, "0");
  const text = places === 0 ? digits : `${digits.slice(0, -places)}.${digits.slice(-places)}`;
  return n < 0n && q !== 0n ? `-${text}` : text;
}

/** A share as a percentage for display, e.g. `"87.5 %"`; `"—"` when undefined. */
export function percent(value: Ratio | undefined, places = 1): string {
  return value === undefined ? "—" : `${fixed({ numerator: BigInt(value.numerator) * 100n, denominator: value.denominator }, places)} %`;
}
