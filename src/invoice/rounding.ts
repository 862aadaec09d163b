import type { RoundingMode } from "../money/index.js";
import type { TaxRoundingPolicy } from "../tax/index.js";

/** Where and how an invoice rounds. Every rounding point has its own named mode. */
export interface InvoiceRoundingPolicy {
  /** Rounding of each line amount (price × quantity × proration × escalator). */
  readonly line: RoundingMode;
  /** Rounding of each discount amount. */
  readonly discount: RoundingMode;
  /** Rounding of taxes. */
  readonly tax: TaxRoundingPolicy;
}

/**
 * The default rounding: half up everywhere, taxes per line, inclusive taxes rounded on the tax.
 *
 * @example
 * ```ts
 * DEFAULT_INVOICE_ROUNDING.line; // → "halfUp"
 * ```
 */
export const DEFAULT_INVOICE_ROUNDING: InvoiceRoundingPolicy = {
  line: "halfUp",
  discount: "halfUp",
  tax: { level: "line", mode: "halfUp", inclusive: "tax" },
};
