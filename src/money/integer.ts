/**
 * Exact integer kernel: plain numbers while they stay safe integers, bigint beyond. Every result
 * that fits in a safe integer is returned as a number, so the common case never touches bigint.
 *
 * @internal
 * @module
 */

import type { RoundingMode } from "./rounding.js";

/** An exact integer: a safe-integer number, or a bigint when it would not fit. @internal */
export type Int = number | bigint;

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = -MAX_SAFE;

/** Returns a number when the bigint fits in a safe integer. */
export function narrow(value: bigint): Int {
  return value <= MAX_SAFE && value >= MIN_SAFE ? Number(value) : value;
}

export function big(value: Int): bigint {
  return typeof value === "bigint" ? value : BigInt(value);
}

export function mul(a: Int, b: Int): Int {
  if (typeof a === "number" && typeof b === "number") {
    const product = a * b;
    if (Number.isSafeInteger(product)) return product === 0 ? 0 : product;
  }
  return narrow(big(a) * big(b));
}

export function add(a: Int, b: Int): Int {
  if (typeof a === "number" && typeof b === "number") {
    const total = a + b;
    if (Number.isSafeInteger(total)) return total;
  }
  return narrow(big(a) + big(b));
}

export function sub(a: Int, b: Int): Int {
  if (typeof a === "number" && typeof b === "number") {
    const diff = a - b;
    if (Number.isSafeInteger(diff)) return diff;
  }
  return narrow(big(a) - big(b));
}

export function neg(a: Int): Int {
  return typeof a === "number" ? (a === 0 ? 0 : -a) : narrow(-a);
}

export function sign(a: Int): -1 | 0 | 1 {
  if (typeof a === "number") return a > 0 ? 1 : a < 0 ? -1 : 0;
  return a > 0n ? 1 : a < 0n ? -1 : 0;
}

export function cmp(a: Int, b: Int): -1 | 0 | 1 {
  if (typeof a === "number" && typeof b === "number") return a < b ? -1 : a > b ? 1 : 0;
  const x = big(a);
  const y = big(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function isZero(a: Int): boolean {
  return typeof a === "number" ? a === 0 : a === 0n;
}

function gcdBig(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

export function gcd(a: Int, b: Int): Int {
  if (typeof a === "number" && typeof b === "number") {
    let x = Math.abs(a);
    let y = Math.abs(b);
    while (y !== 0) {
      const t = x % y;
      x = y;
      y = t;
    }
    return x;
  }
  return narrow(gcdBig(big(a), big(b)));
}

/** 10^n as an Int. */
export function pow10(n: number): Int {
  return n <= 15 ? 10 ** n : narrow(10n ** BigInt(n));
}

/**
 * Divides `n` by `d` (d > 0) and rounds the quotient to an integer with `mode`.
 * The remainder decides; no floating point is involved.
 */
export function divRound(n: Int, d: Int, mode: RoundingMode): Int {
  if (typeof n === "number" && typeof d === "number") {
    const r = n % d;
    if (r === 0) return n / d;
    const q = (n - r) / d;
    const s = n < 0 ? -1 : 1;
    const twice = 2 * Math.abs(r);
    return q + s * roundStep(twice, d, q, mode);
  }
  const bn = big(n);
  const bd = big(d);
  const r = bn % bd;
  const q = bn / bd;
  if (r === 0n) return narrow(q);
  const s = bn < 0n ? -1n : 1n;
  const twice = 2n * (r < 0n ? -r : r);
  const half: -1 | 0 | 1 = twice < bd ? -1 : twice > bd ? 1 : 0;
  const step = stepFor(half, (q & 1n) === 0n, mode);
  return narrow(q + s * BigInt(step));
}

function roundStep(twice: number, d: number, q: number, mode: RoundingMode): 0 | 1 {
  const half: -1 | 0 | 1 = twice < d ? -1 : twice > d ? 1 : 0;
  return stepFor(half, q % 2 === 0, mode);
}

/** Whether to move one unit away from zero, given how the remainder compares with a half. */
function stepFor(half: -1 | 0 | 1, quotientIsEven: boolean, mode: RoundingMode): 0 | 1 {
  switch (mode) {
    case "down":
      return 0;
    case "up":
      return 1;
    case "halfUp":
      return half >= 0 ? 1 : 0;
    case "halfDown":
      return half > 0 ? 1 : 0;
    case "halfEven":
      return half > 0 || (half === 0 && !quotientIsEven) ? 1 : 0;
  }
}
