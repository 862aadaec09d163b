import { ErrorCodes, IssueCollector } from "../errors/index.js";
import { addExact, type ExactMoney } from "./exact.js";
import { big, isZero, narrow, sign, type Int } from "./integer.js";
import { fromMinorUnits, unsafeMoney, type Money } from "./money.js";
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

  // Exact share i = amount × ratio_i / Σ ratios; with a common denominator D the ratios are
  // integers w_i = ratio_i × D and share i = amount × w_i / Σ w.
  let common: Int = 1;
  for (const r of parsed) {
    if (r.denominator !== 1) common = lcm(common, r.denominator);
  }
  const weights = parsed.map((r) => big(r.numerator) * (big(common) / big(r.denominator)));
  const weightSum = weights.reduce((a, b) => a + b, 0n);
  const minor = BigInt(amount.minor);
  const shares = largestRemainder(
    minor,
    weights.map((w) => ({ n: minor * w, d: weightSum })),
    minor < 0n,
  );
  return shares.map((share) => unsafeMoney(Number(share), amount.currency));
}

/**
 * Rounds exact amounts to whole minor units that sum to `target` exactly: each share is its exact
 * amount rounded down or up, never further (largest-remainder method, the same rule as
 * {@link allocate}). Use it to spread a total rounded once — an invoice's tax, a refund — back over
 * the exact amounts it was computed from.
 *
 * Every share starts at the floor of its exact amount; the units still missing go one at a time to
 * the amounts with the largest fractional parts, ties going to the earlier amount. When the exact
 * amounts sum below zero the whole split is mirrored, so a credit note splits exactly as the
 * invoice it reverses.
 *
 * @param target - the rounded total; it must lie between the sum of the floors and the sum of the
 *   ceilings of the exact amounts, which the rounded sum of the exact amounts always does
 * @param exacts - the exact amounts, in the target's currency
 * @throws Error when `target` is out of that range
 * @example
 * ```ts
 * const third = divide(money("10.00", "USD"), 3); // 3.333… exactly
 * apportion(money("10.00", "USD"), [third, third, third]).map(toDecimalString); // ["3.34", "3.33", "3.33"]
 * ```
 */
export function apportion(target: Money, exacts: readonly ExactMoney[]): Money[] {
  const values = exacts.map((e) => ({ n: BigInt(e.numerator), d: BigInt(e.denominator) }));
  const mirrored = exacts.length > 0 && sign(addExact(...exacts).numerator) < 0;
  return largestRemainder(BigInt(target.minor), values, mirrored).map((share) => fromMinorUnits(share, target.currency));
}

/**
 * The one largest-remainder rule behind {@link allocate} and {@link apportion}: shares of
 * `target` units, each the floor or the ceiling of its exact value n/d (d > 0), summing to `target`.
 * Mirrored (done on the negated values, then negated back) when the exact values sum below zero,
 * which the caller says.
 */
function largestRemainder(target: bigint, values: readonly { readonly n: bigint; readonly d: bigint }[], mirrored: boolean): bigint[] {
  const t = mirrored ? -target : target;
  const floors: bigint[] = [];
  const remainders: bigint[] = [];
  const denominators: bigint[] = [];
  let given = 0n;
  for (const v of values) {
    const n = mirrored ? -v.n : v.n;
    let q = n / v.d;
    if (n % v.d !== 0n && n < 0n) q -= 1n;
    floors.push(q);
    remainders.push(n - q * v.d);
    denominators.push(v.d);
    given += q;
  }
  let missing = t - given;
  const fractional: number[] = [];
  for (let i = 0; i < values.length; i++) if ((remainders[i] as bigint) > 0n) fractional.push(i);
  if (missing < 0n || missing > BigInt(fractional.length)) {
    throw new Error(`allocation: ${target} minor units cannot be split as rounded shares of the exact amounts`);
  }
  // Largest fractional part first (r_i/d_i against r_j/d_j by cross-multiplying), then earlier first.
  fractional.sort((i, j) => {
    const left = (remainders[i] as bigint) * (denominators[j] as bigint);
    const right = (remainders[j] as bigint) * (denominators[i] as bigint);
    return left > right ? -1 : left < right ? 1 : i - j;
  });
  for (let k = 0; missing > 0n; k++, missing--) {
    const i = fractional[k] as number;
    floors[i] = (floors[i] as bigint) + 1n;
  }
  return mirrored ? floors.map((share) => -share) : floors;
}

function lcm(a: Int, b: Int): Int {
  let x = big(a);
  let y = big(b);
  const product = x * y;
  while (y !== 0n) [x, y] = [y, x % y];
  return narrow(product / x);
}
