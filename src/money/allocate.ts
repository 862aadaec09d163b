import { ErrorCodes, IssueCollector } from "../errors/index.js";
import { add, big, cmp, isZero, mul, narrow, sign, type Int } from "./integer.js";
import { unsafeMoney, type Money } from "./money.js";
import { ratio, type RatioInput } from "./ratio.js";

/**
 * Splits money into shares proportional to `ratios` without losing or inventing a minor unit.
 *
 * Each share first gets the exact share rounded towards zero; the units left over go one at a time
 * to the shares with the largest remainders, ties going to the earlier share (largest-remainder
 * method, deterministic). So the shares always sum to the whole, and each is within one minor unit
 * of its exact share. Negative amounts (a credit) are split the same way, mirrored. A zero ratio
 * always gets zero.
 *
 * @param amount - the money to split
 * @param ratios - non-negative weights: integers, decimal strings (`"0.3"`) or {@link Ratio}s; at least one above zero
 * @throws {@link ValidationError} listing every negative or malformed ratio, or an all-zero list
 * @example
 * ```ts
 * allocate(money("100.00", "USD"), [1, 1, 1]).map(toDecimalString); // ["33.34", "33.33", "33.33"]
 * allocate(money("-0.05", "USD"), [3, 7]).map(toDecimalString);     // ["-0.02", "-0.03"]
 * ```
 */
export function allocate(amount: Money, ratios: readonly RatioInput[]): Money[] {
  const issues = new IssueCollector();
  const parsed = ratios.map((value, index) => {
    try {
      const r = ratio(value, undefined, ["ratios", index]);
      if (sign(r.numerator) < 0) {
        issues.add(["ratios", index], ErrorCodes.invalidRatio, `ratio must not be negative, got ${String(value)}`);
      }
      return r;
    } catch {
      issues.add(["ratios", index], ErrorCodes.invalidRatio, `expected a non-negative integer or decimal string, got ${String(value)}`);
      return { numerator: 0, denominator: 1 };
    }
  });
  if (ratios.length === 0) issues.add(["ratios"], ErrorCodes.invalidRatio, "at least one ratio is needed");
  else if (issues.ok && parsed.every((r) => isZero(r.numerator))) {
    issues.add(["ratios"], ErrorCodes.invalidRatio, "ratios must not all be zero");
  }
  issues.throwIfAny();

  // Bring every ratio to one common denominator so the weights are integers.
  let common: Int = 1;
  for (const r of parsed) {
    if (r.denominator !== 1) common = lcm(common, r.denominator);
  }
  const weights = parsed.map((r) => (r.denominator === common ? r.numerator : mul(r.numerator, div(common, r.denominator))));
  return allocateByWeights(amount, weights);
}

/** Largest-remainder split of `amount` by integer weights (non-negative, not all zero). @internal */
export function allocateByWeights(amount: Money, weights: readonly Int[]): Money[] {
  const negative = amount.minor < 0;
  const total = Math.abs(amount.minor);
  let weightSum: Int = 0;
  for (const w of weights) weightSum = add(weightSum, w);
  const shares: number[] = new Array<number>(weights.length);
  const remainders: Int[] = new Array<Int>(weights.length);
  let given = 0;
  for (let i = 0; i < weights.length; i++) {
    const product = mul(total, weights[i] as Int);
    let q: number;
    let r: Int;
    if (typeof product === "number" && typeof weightSum === "number") {
      r = product % weightSum;
      q = (product - r) / weightSum;
    } else {
      const bp = big(product);
      const bw = big(weightSum);
      q = Number(bp / bw);
      r = narrow(bp % bw);
    }
    shares[i] = q;
    remainders[i] = r;
    given += q;
  }
  let left = total - given;
  if (left > 0) {
    const order = weights.map((_, i) => i);
    order.sort((a, b) => cmp(remainders[b] as Int, remainders[a] as Int) || a - b);
    for (let k = 0; left > 0; k++, left--) {
      const i = order[k] as number;
      shares[i] = (shares[i] as number) + 1;
    }
  }
  return shares.map((share) => unsafeMoney(negative ? -share : share, amount.currency));
}

function div(a: Int, b: Int): Int {
  if (typeof a === "number" && typeof b === "number") return a / b;
  return narrow(big(a) / big(b));
}

function lcm(a: Int, b: Int): Int {
  let x = big(a);
  let y = big(b);
  const product = x * y;
  while (y !== 0n) [x, y] = [y, x % y];
  return narrow(product / x);
}
