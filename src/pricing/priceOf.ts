import type { ExactMoney } from "../money/index.js";
import { flatPrice } from "./flat.js";
import { graduatedPrice, type TierCharge } from "./graduated.js";
import { describePackage, packagePrice } from "./package.js";
import { perUnitPrice } from "./perUnit.js";
import type { PriceModel } from "./types.js";
import { volumePrice } from "./volume.js";

/** A price for a quantity, and the sentence that explains it. */
export interface PriceQuote {
  /** The exact amount, before any proration, escalator or rounding. */
  readonly amount: ExactMoney;
  /** How it was priced, e.g. `"graduated: 4 × 15.00 (tier 1) + 2 × 12.00 (tier 2)"`. */
  readonly rule: string;
  /** For tiered models, the tiers that contributed. */
  readonly tiers?: readonly TierCharge[];
}

function describeTiers(charges: readonly TierCharge[]): string {
  if (charges.length === 0) return "no units";
  return charges
    .map((c) => `${c.units} × ${c.unitPrice} (tier ${c.tier + 1})${c.flatFee === undefined ? "" : ` + ${c.flatFee} flat`}`)
    .join(" + ");
}

/**
 * Prices a quantity under a model: the one dispatch over the closed {@link PriceModel} union.
 *
 * @example
 * ```ts
 * priceOf({ model: "volume", tiers: [{ upTo: 4, unitPrice: "15.00" }, { upTo: null, unitPrice: "12.00" }] }, 6, "USD").rule;
 * // "volume: 6 × 12.00 (tier 2)"
 * ```
 */
export function priceOf(model: PriceModel, quantity: number, currency: string): PriceQuote {
  switch (model.model) {
    case "flat":
      return { amount: flatPrice(model.amount, currency), rule: `flat ${model.amount}` };
    case "perUnit":
      return { amount: perUnitPrice(model.unitPrice, quantity, currency), rule: `${quantity} × ${model.unitPrice}` };
    case "package": {
      const charge = packagePrice(model, quantity, currency);
      return { amount: charge.amount, rule: describePackage(model, quantity, charge) };
    }
    case "graduated": {
      const result = graduatedPrice(model.tiers, quantity, currency);
      return { amount: result.amount, rule: `graduated: ${describeTiers(result.charges)}`, tiers: result.charges };
    }
    case "volume": {
      const result = volumePrice(model.tiers, quantity, currency);
      return { amount: result.amount, rule: `volume: ${describeTiers(result.charges)}`, tiers: result.charges };
    }
  }
}
