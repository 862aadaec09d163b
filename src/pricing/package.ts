import type { ExactMoney } from "../money/index.js";
import { exactAmount } from "./amount.js";

/**
 * A package price: every started package of `size` units costs `price` (10 sensors in packs of 4
 * are 3 packs).
 *
 * @example
 * ```ts
 * packagePrice("20.00", 4, 10, "USD"); // exactly 60.00
 * ```
 */
export function packagePrice(price: string, size: number, quantity: number, currency: string): ExactMoney {
  return exactAmount(price, currency, Math.ceil(quantity / size));
}
