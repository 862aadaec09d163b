import type { ExactMoney } from "../money/index.js";
import { exactAmount } from "./amount.js";

/**
 * A per-unit price: unit price × quantity, exact even for sub-cent unit prices.
 *
 * @example
 * ```ts
 * perUnitPrice("0.125", 3, "USD"); // exactly 0.375
 * ```
 */
export function perUnitPrice(unitPrice: string, quantity: number, currency: string): ExactMoney {
  return exactAmount(unitPrice, currency, quantity);
}
