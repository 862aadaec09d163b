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
 * How a line is priced, per month (or per cycle). A closed union: each model is one small module,
 * dispatched by an exhaustive switch in {@link priceOf}.
 *
 * - `flat` — one amount whatever the quantity;
 * - `perUnit` — unit price × quantity;
 * - `package` — a price per started package of `size` units;
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
  | {
      /** Package price. */
      readonly model: "package";
      /** Price of one package, a decimal string. */
      readonly price: string;
      /** Units per package. */
      readonly size: number;
    }
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
