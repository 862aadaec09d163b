import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/errors/index.js";
import {
  add,
  addExact,
  allocate,
  compare,
  currencyExponent,
  equals,
  exactToRatio,
  fromMinorUnits,
  money,
  multiply,
  parseMoney,
  ratio,
  round,
  ROUNDING_MODES,
  serializeMoney,
  subtract,
  sum,
  type ExactMoney,
  type Money,
  type RoundingMode,
} from "../../src/money/index.js";

const RUNS = { numRuns: 1000 } as const;
const MAX = Number.MAX_SAFE_INTEGER;
const BIG_MAX = BigInt(MAX);

// ---------------------------------------------------------------------------------------------
// Independent bigint reference for rounding n / d (d > 0) to an integer. It works from the floor
// and the ceiling of the quotient, unlike the library, which works from the truncated quotient.
// ---------------------------------------------------------------------------------------------

function floorDiv(n: bigint, d: bigint): bigint {
  const q = n / d;
  return n % d !== 0n && n < 0n ? q - 1n : q;
}

function referenceRound(n: bigint, d: bigint, mode: RoundingMode): bigint {
  const floor = floorDiv(n, d);
  const rest = n - floor * d; // 0 <= rest < d
  if (rest === 0n) return floor;
  const ceil = floor + 1n;
  const towardZero = n < 0n ? ceil : floor;
  const awayFromZero = n < 0n ? floor : ceil;
  const twice = 2n * rest;
  switch (mode) {
    case "down":
      return towardZero;
    case "up":
      return awayFromZero;
    case "halfUp":
      return twice < d ? floor : twice > d ? ceil : awayFromZero;
    case "halfDown":
      return twice < d ? floor : twice > d ? ceil : towardZero;
    case "halfEven":
      return twice < d ? floor : twice > d ? ceil : floor % 2n === 0n ? floor : ceil;
  }
}

describe("the bigint rounding reference itself", () => {
  it("matches the documented examples", () => {
    const at = (mode: RoundingMode, n: bigint) => referenceRound(n, 10n, mode);
    expect(ROUNDING_MODES.map((mode) => at(mode, 23455n))).toEqual([2346n, 2346n, 2345n, 2346n, 2345n]);
    expect(ROUNDING_MODES.map((mode) => at(mode, 23445n))).toEqual([2345n, 2344n, 2344n, 2345n, 2344n]);
    expect(ROUNDING_MODES.map((mode) => at(mode, -23445n))).toEqual([-2345n, -2344n, -2344n, -2345n, -2344n]);
    expect(ROUNDING_MODES.map((mode) => at(mode, -23441n))).toEqual([-2344n, -2344n, -2344n, -2345n, -2344n]);
  });
});

// ---------------------------------------------------------------------------------------------
// Arbitraries
// ---------------------------------------------------------------------------------------------

const currencyArb = fc.constantFrom("JPY", "KRW", "USD", "EUR", "KWD", "BHD", "TND", "CLF");
const safeMinorArb = fc.oneof(
  fc.integer({ min: -MAX, max: MAX }),
  fc.integer({ min: -100_000, max: 100_000 }),
  fc.constantFrom(0, 1, -1, MAX, -MAX),
);
const moneyArb = fc.tuple(safeMinorArb, currencyArb).map(([minor, currency]) => fromMinorUnits(minor, currency));
const modeArb = fc.constantFrom(...ROUNDING_MODES);
/** Denominators that make ties likely, and arbitrary ones. */
const denominatorArb = fc.oneof(
  fc.constantFrom(1, 2, 3, 4, 8, 10, 100, 1000, 10_000),
  fc.integer({ min: 1, max: 1_000_000_000 }),
  fc.integer({ min: 1, max: MAX }),
);
const numeratorArb = fc.oneof(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.integer({ min: -MAX, max: MAX }));

function big(value: number | bigint): bigint {
  return typeof value === "bigint" ? value : BigInt(value);
}

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

describe("properties", () => {
  it("round-trips any amount through its serialized form exactly", () => {
    fc.assert(
      fc.property(safeMinorArb, currencyArb, (minor, currency) => {
        const original = fromMinorUnits(minor, currency);
        const json = serializeMoney(original);
        const places = currencyExponent(currency);
        const shape = places === 0 ? /^-?\d+$/ : new RegExp(`^-?\\d+\\.\\d{${places}}$`);
        expect(json.amount).toMatch(shape);
        expect(json.currency).toBe(currency);
        const back: unknown = JSON.parse(JSON.stringify(json));
        expect(parseMoney(back)).toEqual({ minor, currency });
        expect(money(json.amount, currency)).toEqual(original);
      }),
      RUNS,
    );
  });

  it("splits any amount by any non-negative integer ratios into shares that sum to the whole, each within one minor unit of its exact share", () => {
    const weightArb = fc.oneof(fc.nat({ max: 10 }), fc.nat({ max: 1_000_000 }), fc.nat({ max: MAX }));
    const ratiosArb = fc
      .array(weightArb, { minLength: 1, maxLength: 12 })
      .filter((weights) => weights.some((w) => w > 0));
    fc.assert(
      fc.property(safeMinorArb, ratiosArb, (minor, weights) => {
        const amount = fromMinorUnits(minor, "USD");
        const shares = allocate(amount, weights);
        expect(shares).toHaveLength(weights.length);
        const total = weights.reduce((acc, w) => acc + BigInt(w), 0n);
        let given = 0n;
        shares.forEach((share, i) => {
          const w = BigInt(weights[i] ?? Number.NaN);
          const s = BigInt(share.minor);
          given += s;
          expect(share.currency).toBe("USD");
          // |share − amount·w/W| < 1  ⇔  |share·W − amount·w| < W
          const gap = s * total - BigInt(minor) * w;
          expect(gap < 0n ? -gap : gap).toBeLessThan(total);
          if (w === 0n) expect(share.minor).toBe(0);
          // A share never has the opposite sign of the amount.
          expect(minor >= 0 ? s >= 0n : s <= 0n).toBe(true);
        });
        expect(given).toBe(BigInt(minor));
        expect(sum(shares, "USD")).toEqual(amount);
      }),
      RUNS,
    );
  });

  it("splits by fractional ratios with the same guarantees", () => {
    const partArb = fc.tuple(fc.nat({ max: 1000 }), fc.integer({ min: 1, max: 1000 }));
    const partsArb = fc.array(partArb, { minLength: 1, maxLength: 6 }).filter((parts) => parts.some(([n]) => n > 0));
    fc.assert(
      fc.property(safeMinorArb, partsArb, (minor, parts) => {
        const shares = allocate(
          fromMinorUnits(minor, "EUR"),
          parts.map(([n, d]) => ratio(n, d)),
        );
        // Integer weights: n_i / d_i scaled by the product of all denominators.
        const product = parts.reduce((acc, [, d]) => acc * BigInt(d), 1n);
        const weights = parts.map(([n, d]) => (BigInt(n) * product) / BigInt(d));
        const total = weights.reduce((acc, w) => acc + w, 0n);
        let given = 0n;
        shares.forEach((share, i) => {
          const w = weights[i] ?? 0n;
          given += BigInt(share.minor);
          const gap = BigInt(share.minor) * total - BigInt(minor) * w;
          expect(gap < 0n ? -gap : gap).toBeLessThan(total);
        });
        expect(given).toBe(BigInt(minor));
      }),
      RUNS,
    );
  });

  it("rounds m × n/d exactly as an independent bigint reference does, for every mode", () => {
    fc.assert(
      fc.property(moneyArb, numeratorArb, denominatorArb, modeArb, (m, n, d, mode) => {
        const expected = referenceRound(BigInt(m.minor) * BigInt(n), BigInt(d), mode);
        const product = multiply(m, ratio(n, d));
        if (expected >= -BIG_MAX && expected <= BIG_MAX) {
          expect(round(product, mode)).toEqual({ minor: Number(expected), currency: m.currency });
        } else {
          expect(() => round(product, mode)).toThrow(ValidationError);
        }
      }),
      RUNS,
    );
  });

  it("rounds a price times a decimal rate like the reference", () => {
    const rateArb = fc
      .tuple(fc.integer({ min: -99_999_999, max: 99_999_999 }), fc.integer({ min: 0, max: 8 }))
      .map(([digits, scale]) => ({ digits, scale }));
    fc.assert(
      fc.property(fc.integer({ min: -10_000_000_000, max: 10_000_000_000 }), rateArb, modeArb, (minor, rate, mode) => {
        const sign = rate.digits < 0 ? "-" : "";
        const text = String(Math.abs(rate.digits)).padStart(rate.scale + 1, "0");
        const decimal = rate.scale === 0 ? `${sign}${text}` : `${sign}${text.slice(0, -rate.scale)}.${text.slice(-rate.scale)}`;
        const expected = referenceRound(BigInt(minor) * BigInt(rate.digits), 10n ** BigInt(rate.scale), mode);
        const product = multiply(fromMinorUnits(minor, "USD"), decimal);
        if (expected >= -BIG_MAX && expected <= BIG_MAX) {
          expect(round(product, mode)).toEqual({ minor: Number(expected), currency: "USD" });
        } else {
          expect(() => round(product, mode)).toThrow(ValidationError);
        }
      }),
      RUNS,
    );
  });

  it("rounds exact halves whose numerator passes 2^53 like the reference", () => {
    // A tie always reduces to (2q ± 1) / 2; for |q| ≥ 2^52 the numerator no longer fits in a
    // safe integer while the rounded result still does.
    const qArb = fc.oneof(
      fc.integer({ min: 2 ** 52, max: MAX - 1 }),
      fc.integer({ min: -(MAX - 1), max: -(2 ** 52) }),
      fc.integer({ min: -1_000_000, max: 1_000_000 }),
    );
    fc.assert(
      fc.property(qArb, fc.constantFrom(-1, 1), modeArb, (q, step, mode) => {
        const twice = addExact(multiply(fromMinorUnits(q, "USD"), 2), fromMinorUnits(step, "USD"));
        const half = multiply(twice, ratio(1, 2));
        const expected = referenceRound(2n * BigInt(q) + BigInt(step), 2n, mode);
        expect(round(half, mode)).toEqual({ minor: Number(expected), currency: "USD" });
      }),
      RUNS,
    );
  });

  it("rounds a*b + c over d like the reference when the numerator is any size", () => {
    fc.assert(
      fc.property(safeMinorArb, numeratorArb, safeMinorArb, denominatorArb, modeArb, (a, b, c, d, mode) => {
        const value = multiply(addExact(multiply(fromMinorUnits(a, "EUR"), b), fromMinorUnits(c, "EUR")), ratio(1, d));
        const expected = referenceRound(BigInt(a) * BigInt(b) + BigInt(c), BigInt(d), mode);
        if (expected >= -BIG_MAX && expected <= BIG_MAX) {
          expect(round(value, mode)).toEqual({ minor: Number(expected), currency: "EUR" });
        } else {
          expect(() => round(value, mode)).toThrow(ValidationError);
        }
      }),
      RUNS,
    );
  });

  describe("addExact", () => {
    const partArb = fc.tuple(
      fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }),
      fc.integer({ min: -1000, max: 1000 }),
      fc.integer({ min: 1, max: 1000 }),
    );
    const partsArb = fc.array(partArb, { minLength: 1, maxLength: 8 });
    const build = ([minor, n, d]: [number, number, number]): ExactMoney =>
      multiply(fromMinorUnits(minor, "USD"), ratio(n, d));

    /** Σ minor_i·n_i/d_i as a bigint fraction (not reduced). */
    function referenceSum(parts: readonly [number, number, number][]): { num: bigint; den: bigint } {
      let num = 0n;
      let den = 1n;
      for (const [minor, n, d] of parts) {
        num = num * BigInt(d) + BigInt(minor) * BigInt(n) * den;
        den *= BigInt(d);
      }
      return { num, den };
    }

    it("is commutative", () => {
      fc.assert(
        fc.property(partsArb, fc.nat(), (parts, seed) => {
          const values = parts.map(build);
          // A rotation and a reversal of the same parts.
          const k = seed % values.length;
          const rotated = [...values.slice(k), ...values.slice(0, k)];
          const reversed = [...values].reverse();
          const [a, b] = [values[0], values[values.length - 1]];
          if (a !== undefined && b !== undefined) {
            expect(exactToRatio(addExact(a, b))).toEqual(exactToRatio(addExact(b, a)));
          }
          const reference = exactToRatio(addExact(...values));
          expect(exactToRatio(addExact(...rotated))).toEqual(reference);
          expect(exactToRatio(addExact(...reversed))).toEqual(reference);
        }),
        RUNS,
      );
    });

    it("is exact, and rounding once differs from rounding each part by at most half a unit per part", () => {
      fc.assert(
        fc.property(partsArb, (parts) => {
          const total = addExact(...parts.map(build));
          const { num, den } = referenceSum(parts);
          // Same value as the reference fraction: cross-multiplication.
          expect(big(total.numerator) * den).toBe(num * big(total.denominator));
          expect(total.currency).toBe("USD");

          const once = round(total, "halfUp");
          expect(BigInt(once.minor)).toBe(referenceRound(num, den, "halfUp"));

          const each = parts.reduce((acc, part) => acc + round(build(part), "halfUp").minor, 0);
          expect(Math.abs(once.minor - each) * 2).toBeLessThanOrEqual(parts.length);
        }),
        RUNS,
      );
    });
  });

  describe("add, subtract and compare", () => {
    const halfRange = Math.floor(MAX / 2);
    const pairArb = fc
      .tuple(
        fc.integer({ min: -halfRange, max: halfRange }),
        fc.integer({ min: -halfRange, max: halfRange }),
        currencyArb,
      )
      .map(([a, b, currency]): [Money, Money] => [fromMinorUnits(a, currency), fromMinorUnits(b, currency)]);

    it("undoes an addition with a subtraction, and vice versa", () => {
      fc.assert(
        fc.property(pairArb, ([a, b]) => {
          expect(subtract(add(a, b), b)).toEqual(a);
          expect(add(subtract(a, b), b)).toEqual(a);
          expect(add(a, b)).toEqual(add(b, a));
          expect(add(a, b).minor).toBe(a.minor + b.minor);
        }),
        RUNS,
      );
    });

    it("compares antisymmetrically and in agreement with the difference", () => {
      fc.assert(
        fc.property(pairArb, ([a, b]) => {
          const ab = compare(a, b);
          expect(compare(b, a)).toBe(ab === 0 ? 0 : -ab);
          expect(ab).toBe(Math.sign(subtract(a, b).minor) || 0);
          expect(ab === 0).toBe(equals(a, b));
          expect(compare(a, a)).toBe(0);
        }),
        RUNS,
      );
    });
  });
});
