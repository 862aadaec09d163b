import { addExact, type ExactMoney } from "../money/index.js";
import { exactAmount } from "./amount.js";
import type { PriceTier } from "./types.js";

/** What one tier contributed to a tiered price. */
export interface TierCharge {
  /** The tier's position, from 0. */
  readonly tier: number;
  /** Units charged in this tier. */
  readonly units: number;
  /** The tier's unit price. */
  readonly unitPrice: string;
  /** The tier's flat fee, if any and charged. */
  readonly flatFee?: string;
}

/** A tiered price and how it was made. */
export interface TieredPrice {
  /** The exact amount. */
  readonly amount: ExactMoney;
  /** The tiers that contributed. */
  readonly charges: readonly TierCharge[];
}

/**
 * A graduated price: each unit is priced at the tier it falls in, and each tier reached adds its
 * flat fee. Cameras 1–4 at 15.00 and 5+ at 12.00: 6 cameras = 4 × 15.00 + 2 × 12.00 = 84.00.
 *
 * @example
 * ```ts
 * graduatedPrice([{ upTo: 4, unitPrice: "15.00" }, { upTo: null, unitPrice: "12.00" }], 6, "USD").amount; // 84.00
 * ```
 */
export function graduatedPrice(tiers: readonly PriceTier[], quantity: number, currency: string): TieredPrice {
  const parts: ExactMoney[] = [exactAmount("0", currency)];
  const charges: TierCharge[] = [];
  let below = 0;
  for (let i = 0; i < tiers.length && below < quantity; i++) {
    const tier = tiers[i] as PriceTier;
    const top = tier.upTo === null ? quantity : Math.min(tier.upTo, quantity);
    const units = top - below;
    if (units <= 0) continue;
    parts.push(exactAmount(tier.unitPrice, currency, units));
    if (tier.flatFee !== undefined) parts.push(exactAmount(tier.flatFee, currency));
    charges.push({ tier: i, units, unitPrice: tier.unitPrice, ...(tier.flatFee === undefined ? {} : { flatFee: tier.flatFee }) });
    below = top;
  }
  return { amount: addExact(...parts), charges };
}
