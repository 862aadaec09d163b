import { addExact, type ExactMoney } from "../money/index.js";
import { exactAmount } from "./amount.js";
import type { PackagePriceModel } from "./types.js";

/** A package price for a quantity, and how it was made. */
export interface PackageCharge {
  /** The exact amount: base price + overage. */
  readonly amount: ExactMoney;
  /** Units covered by the package at no extra charge: the quantity, up to `includedUnits`. */
  readonly includedUnits: number;
  /** Units past the included ones. */
  readonly overageUnits: number;
  /** What the overage bills: the overage units (`per: "unit"`) or the started blocks (`per: "block"`). */
  readonly billedOverage: number;
}

/**
 * A package price: the base price (if any), the first `includedUnits` at no extra charge, then the
 * overage per unit or per started block of `blockSize` units. A started block is billed whole;
 * quantities up to the included units cost the base price alone.
 *
 * Lago's worked example (getlago.com/docs/guide/plans/charges/charge-models/package): 5.00 per
 * 100 units with the first 100 free, so 201 units = 0 (first 100) + 5.00 (next 100) + 5.00 (last
 * unit) = 10.00.
 *
 * @example
 * ```ts
 * packagePrice({ model: "package", includedUnits: 100, overage: { per: "block", blockSize: 100, price: "5.00" } }, 201, "USD").amount; // exactly 10.00
 * packagePrice({ model: "package", basePrice: "30.00", includedUnits: 4, overage: { per: "unit", price: "5.00" } }, 6, "USD").amount;    // exactly 40.00
 * packagePrice({ model: "package", overage: { per: "block", blockSize: 4, price: "20.00" } }, 10, "USD").billedOverage;                  // 3 packs
 * ```
 */
export function packagePrice(model: PackagePriceModel, quantity: number, currency: string): PackageCharge {
  const included = model.includedUnits ?? 0;
  const overageUnits = Math.max(0, quantity - included);
  const billedOverage = model.overage.per === "unit" ? overageUnits : Math.ceil(overageUnits / model.overage.blockSize);
  const overage = exactAmount(model.overage.price, currency, billedOverage);
  return {
    amount: model.basePrice === undefined ? overage : addExact(exactAmount(model.basePrice, currency), overage),
    includedUnits: Math.min(Math.max(0, quantity), included),
    overageUnits,
    billedOverage,
  };
}

/**
 * The sentence that explains a package price, e.g.
 * `"package: 30.00 incl. 4 units + 2 × 5.00 per unit (6 units)"`.
 * @internal
 */
export function describePackage(model: PackagePriceModel, quantity: number, charge: PackageCharge): string {
  const included = model.includedUnits ?? 0;
  const parts: string[] = [];
  if (model.basePrice !== undefined) parts.push(included > 0 ? `${model.basePrice} incl. ${included} units` : `${model.basePrice} base`);
  else if (included > 0) parts.push(`first ${included} units included`);
  const per = model.overage.per === "unit" ? "per unit" : `per ${model.overage.blockSize} units`;
  if (charge.billedOverage > 0 || parts.length === 0) parts.push(`${charge.billedOverage} × ${model.overage.price} ${per}`);
  return `package: ${parts.join(" + ")} (${quantity} units)`;
}
