/**
 * One tier of a graduated or volume price: units up to `upTo` (inclusive; `null` for the
 * open-ended last tier).
 */
export interface PriceTier {
  /** Last unit of the tier, inclusive; `null` for the last tier. */
  readonly upTo: number | null;
  /** Price of one unit in this tier, a decimal string (may be finer than a cent). */
  readonly unitPrice: string;
  /** Flat amount added when the tier is reached, a decimal string. */
  readonly flatFee?: string | undefined;
}

/**
 * How the units beyond a package's included ones are billed: each unit (`per: "unit"`, "then 5.00
 * per camera"), or each started block of `blockSize` units (`per: "block"`, "then 20.00 per 10
 * sensors or part of 10").
 *
 * @example
 * ```ts
 * const perCamera: PackageOverage = { per: "unit", price: "5.00" };
 * const perTenSensors: PackageOverage = { per: "block", blockSize: 10, price: "20.00" };
 * ```
 */
export type PackageOverage =
  | {
      /** Each unit beyond the included ones is billed. */
      readonly per: "unit";
      /** Price of one unit, a decimal string (may be finer than a cent). */
      readonly price: string;
    }
  | {
      /** Each started block of units beyond the included ones is billed whole. */
      readonly per: "block";
      /** Units in a block, at least 1. */
      readonly blockSize: number;
      /** Price of one block, a decimal string. */
      readonly price: string;
    };

/**
 * A package price: the first `includedUnits` cost nothing beyond the `basePrice` (if any), and the
 * units past them are billed by the `overage` — per unit or per started block. The base price is
 * charged whatever the quantity, zero included, like a flat price; with no base price and no
 * included units this is classic package pricing (every started block billed whole).
 *
 * Worked examples from published docs:
 * - Lago's package charge model (getlago.com/docs/guide/plans/charges/charge-models/package):
 *   5.00 per 100 units with the first 100 free, 201 units = 0 + 5.00 + 5.00 = 10.00;
 * - Stripe's flat fee and overages (docs.stripe.com/billing/subscriptions/usage-based-v1/use-cases/flat-fee-and-overages):
 *   100.00 a month with 1,000 units included, then 0.04 per unit.
 *
 * @example
 * ```ts
 * // "Video plan 30.00 with 4 cameras, then 5.00 per camera": 6 cameras = 30.00 + 2 × 5.00 = 40.00
 * const video: PackagePriceModel = { model: "package", basePrice: "30.00", includedUnits: 4, overage: { per: "unit", price: "5.00" } };
 * // Lago: 201 units = 2 started blocks of 100 past the 100 free = 10.00
 * const api: PackagePriceModel = { model: "package", includedUnits: 100, overage: { per: "block", blockSize: 100, price: "5.00" } };
 * ```
 */
export interface PackagePriceModel {
  /** Package price. */
  readonly model: "package";
  /** Charged whatever the quantity: the package itself, covering the included units; a decimal string. None when absent. */
  readonly basePrice?: string | undefined;
  /** Units that cost nothing beyond the base price; default 0. */
  readonly includedUnits?: number | undefined;
  /** How units beyond the included ones are billed. */
  readonly overage: PackageOverage;
}

/**
 * How a line is priced, per month (or per cycle). A closed union: each model is one small module,
 * dispatched by an exhaustive switch in {@link priceOf}.
 *
 * - `flat` — one amount whatever the quantity;
 * - `perUnit` — unit price × quantity;
 * - `package` — the first `includedUnits` free or in a `basePrice`, then an explicit `overage`:
 *   a price per started block of units, or per unit (see {@link PackagePriceModel});
 * - `graduated` — each unit at the price of the tier it falls in (e.g. cameras 1–4 at 15.00, 5+ at 12.00);
 * - `volume` — every unit at the price of the tier the whole quantity reaches.
 */
export type PriceModel =
  | {
      /** Flat price. */
      readonly model: "flat";
      /** The price, a decimal string. */
      readonly amount: string;
    }
  | {
      /** Per-unit price. */
      readonly model: "perUnit";
      /** Price of one unit, a decimal string. */
      readonly unitPrice: string;
    }
  | PackagePriceModel
  | {
      /** Graduated tiers. */
      readonly model: "graduated";
      /** The tiers, rising. */
      readonly tiers: readonly PriceTier[];
    }
  | {
      /** Volume tiers. */
      readonly model: "volume";
      /** The tiers, rising. */
      readonly tiers: readonly PriceTier[];
    };
