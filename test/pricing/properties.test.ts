import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { exactToString, type ExactMoney } from "../../src/money/index.js";
import { escalate, exactAmount, priceOf, type PackagePriceModel, type PriceTier } from "../../src/pricing/index.js";

const RUNS = { numRuns: 1000 } as const;

/** A price in ten-thousandths of a dollar (sub-cent prices included), 0.0000–999.9999. */
const tenThousandths = fc.integer({ min: 0, max: 9_999_999 });
const decimal4 = (n: number): string => `${Math.floor(n / 10_000)}.${String(n % 10_000).padStart(4, "0")}`;

/** Whether an exact amount equals `reference` ten-thousandths of a dollar, by cross-multiplying. */
function equalsTenThousandths(amount: ExactMoney, reference: bigint): boolean {
  // amount is numerator/denominator cents; reference/100 cents.
  return BigInt(amount.numerator) * 100n === reference * BigInt(amount.denominator);
}

interface TierSpec {
  readonly upTo: number | null;
  readonly unit: number;
  readonly fee: number | undefined;
}

/** 1–4 rising tiers, the last open-ended, each with an optional flat fee. */
const tierSpecs: fc.Arbitrary<TierSpec[]> = fc
  .tuple(
    fc.uniqueArray(fc.integer({ min: 1, max: 30 }), { minLength: 0, maxLength: 3 }),
    fc.array(fc.tuple(tenThousandths, fc.option(tenThousandths, { nil: undefined })), { minLength: 4, maxLength: 4 }),
  )
  .map(([bounds, prices]) => {
    const tops: (number | null)[] = [...[...bounds].sort((a, b) => a - b), null];
    return tops.map((upTo, i) => {
      const [unit, fee] = prices[i] ?? [0, undefined];
      return { upTo, unit, fee };
    });
  });

const toTiers = (specs: readonly TierSpec[]): PriceTier[] =>
  specs.map((s) => ({ upTo: s.upTo, unitPrice: decimal4(s.unit), ...(s.fee === undefined ? {} : { flatFee: decimal4(s.fee) }) }));

/** The tier a unit (counted from 1) falls in. */
const tierOf = (specs: readonly TierSpec[], unit: number): number => specs.findIndex((s) => s.upTo === null || unit <= s.upTo);

/** Whether a ≤ b, exactly. */
const le = (a: ExactMoney, b: ExactMoney): boolean => BigInt(a.numerator) * BigInt(b.denominator) <= BigInt(b.numerator) * BigInt(a.denominator);

interface PackageSpec {
  readonly base: number | undefined;
  readonly included: number;
  /** Units per block; undefined for an overage per unit. */
  readonly blockSize: number | undefined;
  readonly price: number;
}

/** A package: an optional base price, 0–30 included units, an overage per unit or per block of 1–12. */
const packageSpec: fc.Arbitrary<PackageSpec> = fc.record({
  base: fc.option(tenThousandths, { nil: undefined }),
  included: fc.integer({ min: 0, max: 30 }),
  blockSize: fc.option(fc.integer({ min: 1, max: 12 }), { nil: undefined }),
  price: tenThousandths,
});

const toPackage = (spec: PackageSpec): PackagePriceModel => ({
  model: "package",
  ...(spec.base === undefined ? {} : { basePrice: decimal4(spec.base) }),
  includedUnits: spec.included,
  overage: spec.blockSize === undefined ? { per: "unit", price: decimal4(spec.price) } : { per: "block", blockSize: spec.blockSize, price: decimal4(spec.price) },
});

describe("price model properties", () => {
  it("a graduated price is each unit at its tier's price plus the flat fee of every tier reached", () => {
    fc.assert(
      fc.property(tierSpecs, fc.integer({ min: 0, max: 60 }), (specs, quantity) => {
        let reference = 0n;
        const reached = new Set<number>();
        for (let unit = 1; unit <= quantity; unit++) {
          const t = tierOf(specs, unit);
          reference += BigInt(specs[t]?.unit ?? 0);
          reached.add(t);
        }
        for (const t of reached) reference += BigInt(specs[t]?.fee ?? 0);
        expect(equalsTenThousandths(priceOf({ model: "graduated", tiers: toTiers(specs) }, quantity, "USD").amount, reference)).toBe(true);
      }),
      RUNS,
    );
  });

  it("a volume price is every unit at the price of the tier the quantity reaches, plus that tier's fee", () => {
    fc.assert(
      fc.property(tierSpecs, fc.integer({ min: 0, max: 60 }), (specs, quantity) => {
        const tier = specs[tierOf(specs, quantity)];
        const reference = quantity === 0 ? 0n : BigInt(quantity) * BigInt(tier?.unit ?? 0) + BigInt(tier?.fee ?? 0);
        expect(equalsTenThousandths(priceOf({ model: "volume", tiers: toTiers(specs) }, quantity, "USD").amount, reference)).toBe(true);
      }),
      RUNS,
    );
  });

  it("a graduated price never falls when the quantity rises", () => {
    fc.assert(
      fc.property(tierSpecs, fc.integer({ min: 0, max: 59 }), (specs, quantity) => {
        const model = { model: "graduated", tiers: toTiers(specs) } as const;
        const a = priceOf(model, quantity, "USD").amount;
        const b = priceOf(model, quantity + 1, "USD").amount;
        expect(BigInt(a.numerator) * BigInt(b.denominator) <= BigInt(b.numerator) * BigInt(a.denominator)).toBe(true);
      }),
      RUNS,
    );
  });

  it("a package price is the base price plus the started blocks (or units) past the included units, counted unit by unit", () => {
    fc.assert(
      fc.property(packageSpec, fc.integer({ min: 0, max: 100 }), (spec, quantity) => {
        // Reference: walk the units one by one; the first unit past the included ones, and every
        // blockSize-th after it, starts a new block.
        let reference = BigInt(spec.base ?? 0);
        for (let unit = spec.included + 1; unit <= quantity; unit++) {
          if (spec.blockSize === undefined || (unit - spec.included - 1) % spec.blockSize === 0) reference += BigInt(spec.price);
        }
        expect(equalsTenThousandths(priceOf(toPackage(spec), quantity, "USD").amount, reference)).toBe(true);
      }),
      RUNS,
    );
  });

  it("a package price never falls when the quantity rises", () => {
    fc.assert(
      fc.property(packageSpec, fc.integer({ min: 0, max: 99 }), (spec, quantity) => {
        const model = toPackage(spec);
        expect(le(priceOf(model, quantity, "USD").amount, priceOf(model, quantity + 1, "USD").amount)).toBe(true);
      }),
      RUNS,
    );
  });

  it("included units cost nothing: any quantity up to includedUnits costs the base price alone", () => {
    fc.assert(
      fc.property(packageSpec, fc.nat(), (spec, n) => {
        const quantity = n % (spec.included + 1);
        expect(equalsTenThousandths(priceOf(toPackage(spec), quantity, "USD").amount, BigInt(spec.base ?? 0))).toBe(true);
      }),
      RUNS,
    );
  });

  it("per-unit overage is a package of blocks of one unit", () => {
    fc.assert(
      fc.property(packageSpec, fc.integer({ min: 0, max: 100 }), (spec, quantity) => {
        const perUnit = priceOf(toPackage({ ...spec, blockSize: undefined }), quantity, "USD").amount;
        const blocksOfOne = priceOf(toPackage({ ...spec, blockSize: 1 }), quantity, "USD").amount;
        expect(exactToString(perUnit)).toBe(exactToString(blocksOfOne));
      }),
      RUNS,
    );
  });

  it("a flat price is the same for every quantity, and a per-unit price is unit × quantity exactly", () => {
    fc.assert(
      fc.property(tenThousandths, fc.integer({ min: 0, max: 100 }), (price, quantity) => {
        expect(equalsTenThousandths(priceOf({ model: "flat", amount: decimal4(price) }, quantity, "USD").amount, BigInt(price))).toBe(true);
        expect(equalsTenThousandths(priceOf({ model: "perUnit", unitPrice: decimal4(price) }, quantity, "USD").amount, BigInt(price) * BigInt(quantity))).toBe(true);
      }),
      RUNS,
    );
  });
});

describe("escalator properties", () => {
  const percent = fc.integer({ min: 0, max: 1500 }).map((n) => `${Math.floor(n / 100)}.${String(n % 100).padStart(2, "0")}`);

  it("compounding n anniversaries is escalating one anniversary n times, exactly", () => {
    fc.assert(
      fc.property(tenThousandths, percent, fc.integer({ min: 1, max: 8 }), (price, pct, steps) => {
        const terms = { kind: "percent", percent: pct, compounding: true } as const;
        let stepwise = exactAmount(decimal4(price), "USD");
        for (let i = 0; i < steps; i++) stepwise = escalate(stepwise, 1, terms, 1).amount;
        expect(exactToString(escalate(exactAmount(decimal4(price), "USD"), 1, terms, steps).amount)).toBe(exactToString(stepwise));
      }),
      RUNS,
    );
  });

  it("a capped escalator never raises the price above price × (1 + cap), and never lowers it", () => {
    fc.assert(
      fc.property(tenThousandths, percent, percent, fc.boolean(), fc.integer({ min: 0, max: 10 }), (price, pct, cap, compounding, steps) => {
        const base = exactAmount(decimal4(price), "USD");
        const result = escalate(base, 1, { kind: "percent", percent: pct, compounding, capPercent: cap }, steps).amount;
        const ceiling = escalate(base, 1, { kind: "percent", percent: cap, compounding: false }, 1).amount;
        expect(le(result, ceiling)).toBe(true);
        expect(le(base, result)).toBe(true);
      }),
      RUNS,
    );
  });
});
