import type { ExactMoney } from "../money/index.js";
import { exactAmount } from "./amount.js";

/**
 * A flat price: the amount, whatever the quantity.
 *
 * @example
 * ```ts
 * flatPrice("49.00", "USD"); // exactly 49.00
 * ```
 */
export function flatPrice(amount: string, currency: string): ExactMoney {
  return exactAmount(amount, currency);
}
