import { addExact, type ExactMoney } from "../money/index.js";
import { exactAmount } from "./amount.js";
import type { TieredPrice } from "./graduated.js";
import type { PriceTier } from "./types.js";

/**
 * A volume price: every unit is priced at the tier the whole quantity reaches (plus that tier's
 * flat fee). Cameras 1–4 at 15.00 and 5+ at 12.00: 6 cameras = 6 × 12.00 = 72.00. Zero units cost
 * nothing.
 *
 * @example
 * ```ts
 * volumePrice([{ upTo: 4, unitPrice: "15.00" }, { upTo: null, unitPrice: "12.00" }], 6, "USD").amount; // 72.00
 * ```
 */
export function volumePrice(tiers: readonly PriceTier[], quantity: number, currency: string): TieredPrice {
  if (quantity <= 0) return { amount: exactAmount("0", currency), charges: [] };
  const index = tiers.findIndex((tier) => tier.upTo === null || quantity <= tier.upTo);
  const at = index < 0 ? tiers.length - 1 : index;
  const tier = tiers[at] as PriceTier;
  const parts: ExactMoney[] = [exactAmount(tier.unitPrice, currency, quantity)];
  if (tier.flatFee !== undefined) parts.push(exactAmount(tier.flatFee, currency));
  return {
    amount: addExact(...parts),
    charges: [{ tier: at, units: quantity, unitPrice: tier.unitPrice, ...(tier.flatFee === undefined ? {} : { flatFee: tier.flatFee }) }],
  };
}
