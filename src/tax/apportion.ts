import { addExact, fromMinorUnits, type ExactMoney, type Money } from "../money/index.js";
import { floorDiv, parts, signOf } from "./exactMath.js";

/**
 * Splits `target` minor units among exact amounts so that each share is its exact amount rounded
 * down or up, and the shares sum to `target` exactly (largest-remainder method).
 *
 * Every share starts at the floor of its exact amount; the units still missing go one at a time to
 * the amounts with the largest fractional parts, ties going to the earlier amount. When the exact
 * amounts sum below zero the whole split is mirrored (done on the negated amounts, then negated
 * back), so a credit note splits exactly as the invoice it reverses.
 *
 * `target` must lie between the sum of the floors and the sum of the ceilings of the exact
 * amounts; the rounded sum of the exact amounts always does, whatever the rounding mode.
 *
 * @throws Error when `target` is out of that range: a broken invariant, not bad input
 * @internal
 */
export function apportion(target: Money, exacts: readonly ExactMoney[]): Money[] {
  const values = exacts.map(parts);
  const mirrored = exacts.length > 0 && signOf(addExact(...exacts)) < 0;
  const t = mirrored ? -BigInt(target.minor) : BigInt(target.minor);
  const oriented = mirrored ? values.map((v) => ({ n: -v.n, d: v.d })) : values;

  const floors = oriented.map((v) => floorDiv(v.n, v.d));
  const remainders = oriented.map((v, i) => v.n - (floors[i] ?? 0n) * v.d);
  let missing = t - floors.reduce((a, b) => a + b, 0n);
  const fractional = oriented.map((_, i) => i).filter((i) => (remainders[i] ?? 0n) > 0n);
  if (missing < 0n || missing > BigInt(fractional.length)) {
    throw new Error(`apportion: ${target.minor} minor units cannot be split as rounded shares of the exact amounts`);
  }
  // Largest fractional part first (compare r_i/d_i with r_j/d_j by cross-multiplying), then earlier first.
  fractional.sort((i, j) => {
    const left = (remainders[i] ?? 0n) * (oriented[j]?.d ?? 1n);
    const right = (remainders[j] ?? 0n) * (oriented[i]?.d ?? 1n);
    return left > right ? -1 : left < right ? 1 : i - j;
  });
  const shares = [...floors];
  for (const i of fractional) {
    if (missing === 0n) break;
    shares[i] = (shares[i] ?? 0n) + 1n;
    missing -= 1n;
  }
  return shares.map((share) => fromMinorUnits(mirrored ? -share : share, target.currency));
}
