/**
 * Pricing: flat, per-unit, package (included units, then overage per unit or per block), graduated
 * and volume prices behind one closed union, plus seasonal spans and anniversary escalators.
 * Everything stays exact until the invoice rounds a line.
 *
 * @module
 */
export { exactAmount } from "./amount.js";
export {
  anniversariesBetween,
  anniversariesPassed,
  escalate,
  type EscalatedPrice,
  type EscalatorTerms,
} from "./escalator.js";
export { flatPrice } from "./flat.js";
export { graduatedPrice, type TierCharge, type TieredPrice } from "./graduated.js";
export { packagePrice, type PackageCharge } from "./package.js";
export { perUnitPrice } from "./perUnit.js";
export { priceOf, type PriceQuote } from "./priceOf.js";
export { inSeason, seasonBoundaries, type Season } from "./seasonal.js";
export type { PackageOverage, PackagePriceModel, PriceModel, PriceTier } from "./types.js";
export { volumePrice } from "./volume.js";
