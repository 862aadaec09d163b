import type { CalendarDate } from "../calendar/index.js";
import type { Money, RoundingMode } from "../money/index.js";
import type { LineTax, TaxTotal, WaivedTax } from "../tax/index.js";

/** How an invoice line came to be: every rule, fraction and rounding that made its amount. */
export interface LineExplanation {
  /** The price rule and tier, e.g. `"2 × 15.00"` or `"graduated: 4 × 15.00 (tier 1) + 2 × 12.00 (tier 2)"`. */
  readonly price: string;
  /** Where the price came from: the line's rate, a price change, a seasonal rate or a price book. */
  readonly priceSource: string;
  /** Months per billing cycle the monthly price was multiplied by (1 when rates are per cycle). */
  readonly cycleMonths: number;
  /** The proration fraction of the full cycle, e.g. `"22/31"`, or `"1"`. */
  readonly fraction: string;
  /** How the fraction was counted, e.g. `"22 of 31 days (actual)"`. */
  readonly proration: string;
  /** The escalator step, if any. */
  readonly escalator?: string | undefined;
  /** The seasonal override, if any. */
  readonly seasonal?: string | undefined;
  /** Each discount applied, in stacking order. */
  readonly discounts: readonly string[];
  /** Each tax charged or waived. */
  readonly taxes: readonly string[];
  /** The rounding mode of the line amount. */
  readonly rounding: RoundingMode;
  /** The exact amount before rounding, e.g. `"28.380967…"`. */
  readonly unrounded: string;
  /**
   * That amount rounded with `rounding`, e.g. `"28.38"`: the line's amount before discounts (for
   * tax-inclusive prices, the listed price, tax included).
   */
  readonly rounded: string;
}

/** A discount taken off one line. */
export interface LineDiscount {
  /** The discount's id in the contract. */
  readonly discountId: string;
  /** Its description. */
  readonly description: string;
  /** The amount taken off (positive). */
  readonly amount: Money;
  /**
   * Set when a stacking cap cut this discount: `"capPercent"` (all discounts on the line reached
   * the most they may take off its price) or `"capAmount"` (all discounts on the invoice did).
   */
  readonly cappedBy?: "capPercent" | "capAmount";
}

/** The days a recurring line covers, `[start, end)`. */
export interface ServicePeriod {
  /** First day. */
  readonly start: CalendarDate;
  /** First day after. */
  readonly end: CalendarDate;
}

/**
 * What a line bills: `"recurring"` (a period's service), `"oneTime"` (a dated charge),
 * `"adjustment"` (more for a period already invoiced: an upgrade, an added line or unit, a price
 * change that took effect inside it), `"credit"` (less for such a period: a downgrade, a removed
 * line, days after a termination), `"fee"` (an early-termination fee), `"accountCredit"` (the
 * account's credit balance — an overpayment — applied to the invoice).
 */
export type InvoiceLineKind = "recurring" | "oneTime" | "adjustment" | "credit" | "fee" | "accountCredit";

/**
 * What an adjustment or credit line changes: the billed period of one contract line, and by how
 * much at price level (before discounts and tax; tax included when prices include tax). What was
 * billed for a period is the sum of its original lines and of these changes, so a later change
 * is always measured against what was actually issued.
 */
export interface LineAdjustment {
  /** First day of the billed period corrected. */
  readonly periodStart: CalendarDate;
  /** First day after it. */
  readonly periodEnd: CalendarDate;
  /** The change at price level: positive for an adjustment, negative for a credit. */
  readonly price: Money;
}

/** One line of an invoice. */
export interface InvoiceLine {
  /** Stable id within the invoice: site, contract line and service start. */
  readonly id: string;
  /** The contract line it bills. */
  readonly lineId: string;
  /** The site it belongs to. */
  readonly siteId: string;
  /** What it bills. */
  readonly kind: InvoiceLineKind;
  /** Tax category. */
  readonly category: string;
  /** Text for the customer. */
  readonly description: string;
  /** Service period `[start, end)` for recurring lines; absent for one-time charges. */
  readonly servicePeriod?: ServicePeriod | undefined;
  /** The day a one-time charge fell on. */
  readonly date?: CalendarDate | undefined;
  /** Units. */
  readonly quantity: number;
  /** Price per unit per cycle before proration, as a decimal string, when the price is per unit. */
  readonly unitPrice?: string | undefined;
  /** The line amount before discounts, rounded (for tax-inclusive prices: net of the line's tax). */
  readonly amount: Money;
  /** Discounts on this line. */
  readonly discounts: readonly LineDiscount[];
  /** Sum of the discounts. */
  readonly discountTotal: Money;
  /** `amount − discountTotal`: the taxable amount, net of tax. */
  readonly net: Money;
  /** Taxes charged on the line. */
  readonly taxes: readonly LineTax[];
  /** Taxes waived by an exemption. */
  readonly waivedTaxes: readonly WaivedTax[];
  /** Sum of the taxes. */
  readonly taxTotal: Money;
  /** `net + taxTotal`. */
  readonly total: Money;
  /** How the amount was made. */
  readonly explanation: LineExplanation;
  /** For a credit line: the issued invoice line it gives back unused time of. */
  readonly corrects?: CorrectedLine | undefined;
  /** For an adjustment or credit line: the billed period it corrects, and by how much. */
  readonly adjusts?: LineAdjustment | undefined;
}

/** The issued invoice line a credit line corrects. */
export interface CorrectedLine {
  /** The issued invoice's number. */
  readonly invoiceNumber: string;
  /** The line's id on that invoice. */
  readonly invoiceLineId: string;
}

/** Totals of one site on a consolidated invoice. */
export interface SiteSubtotal {
  /** The site's id. */
  readonly siteId: string;
  /** The site's name. */
  readonly siteName: string;
  /** Sum of line amounts. */
  readonly subtotal: Money;
  /** Sum of discounts. */
  readonly discountTotal: Money;
  /** Sum of taxes. */
  readonly taxTotal: Money;
  /** Sum of line totals. */
  readonly total: Money;
}

/** How to pay an invoice. */
export interface PaymentInstructions {
  /** Whether the stored payment method will be charged automatically on the due date. */
  readonly autoPay: boolean;
  /** The stored method, e.g. `"card ending 4242"`. */
  readonly method?: string | undefined;
  /** The reference to quote with a payment (the contract id until the invoice is numbered). */
  readonly reference: string;
  /** A sentence for the customer. */
  readonly text: string;
}

/** The life of an invoice: draft → open (issued) → paid | void | uncollectible. */
export type InvoiceStatus = "draft" | "open" | "paid" | "void" | "uncollectible";

/** The billing period an invoice covers. */
export interface InvoicePeriod {
  /** Position of the period in the contract's sequence. */
  readonly index: number;
  /** First day. */
  readonly start: CalendarDate;
  /** First day after. */
  readonly end: CalendarDate;
  /** The cycle (billing) date: the period's first day when billed in advance, the day after its last when billed in arrears. */
  readonly cycleDate: CalendarDate;
  /** Start of the full cycle the period is (part of): differs from `start` for a stub or a final period. */
  readonly fullStart: CalendarDate;
  /** End (exclusive) of that full cycle. */
  readonly fullEnd: CalendarDate;
  /** `"stub"` for a short first period, `"final"` for a short last one (the term's end or a termination), else `"full"`. */
  readonly kind: "full" | "stub" | "final";
}

/**
 * What an invoice is: `"cycle"` (a period's regular invoice), `"adjustment"` (changes to periods
 * already invoiced, billed at once), `"final"` (the settlement of a terminated contract: the last
 * days, adjustments and the early-termination fee), `"lateFee"` (late fees billed on an invoice of
 * their own, when the late-fee policy bills them so).
 */
export type InvoiceKind = "cycle" | "adjustment" | "final" | "lateFee";

/** A custom field of the contract printed on the invoice (see `billing.invoiceFields`). */
export interface InvoiceField {
  /** The field's key in `customFields`. */
  readonly name: string;
  /** Its value. */
  readonly value: string | number | boolean;
}

/** The computed content of an invoice. */
export interface InvoiceContent {
  /** The contract billed. */
  readonly contractId: string;
  /** The customer billed. */
  readonly customerId: string;
  /** The customer's name. */
  readonly customerName: string;
  /** The sites on this invoice (all of them when consolidated, one for a per-site invoice). */
  readonly siteIds: readonly string[];
  /** Invoice currency. */
  readonly currency: string;
  /** The numbering series. */
  readonly series: string;
  /** What the invoice is: a cycle's invoice, an adjustment invoice or a final invoice. */
  readonly kind: InvoiceKind;
  /**
   * `"advance"`: the invoice bills its period before it starts (issued `leadDays` before the
   * cycle date, the period's first day). `"arrears"`: it bills the period after it ends (the
   * cycle date is the day after the period's last day). Either way `period` says exactly which
   * days are billed, `issueDate` when the invoice is dated and `dueDate` when it is due.
   */
  readonly timing: "advance" | "arrears";
  /** The billing period: for an adjustment or final invoice, the period it is issued in. */
  readonly period: InvoicePeriod;
  /** When it is issued (dated). */
  readonly issueDate: CalendarDate;
  /** When it is due. */
  readonly dueDate: CalendarDate;
  /** The contract's custom fields printed on the invoice, in `billing.invoiceFields` order. */
  readonly fields: readonly InvoiceField[];
  /** Whether the prices include tax. */
  readonly taxInclusive: boolean;
  /** The lines, grouped by site in contract order. */
  readonly lines: readonly InvoiceLine[];
  /** Per-site totals. */
  readonly siteSubtotals: readonly SiteSubtotal[];
  /** Sum of line amounts. */
  readonly subtotal: Money;
  /** Sum of discounts. */
  readonly discountTotal: Money;
  /** Each tax summed over the invoice, by jurisdiction and tax. */
  readonly taxTotals: readonly TaxTotal[];
  /** Sum of taxes. */
  readonly taxTotal: Money;
  /** `subtotal − discountTotal + taxTotal`, which is also the sum of line totals. */
  readonly total: Money;
  /** How to pay. */
  readonly paymentInstructions: PaymentInstructions;
}

/** A computed invoice that has no number yet and can still be recomputed or dropped. */
export interface InvoiceDraft extends InvoiceContent {
  /** Always `"draft"`. */
  readonly status: "draft";
}

/** An issued invoice: numbered and immutable (deeply frozen). Corrections are credit notes. */
export interface Invoice extends InvoiceContent {
  /** Status after issue. */
  readonly status: Exclude<InvoiceStatus, "draft">;
  /** The invoice number, unique and gap-free in its series. */
  readonly number: string;
  /** When it was paid, voided or written off. */
  readonly closedOn?: CalendarDate;
  /** Why it was voided or written off. */
  readonly closeReason?: string;
  /** The day a payment of it went back and it was owed again ({@link reopenInvoice}). */
  readonly reopenedOn?: CalendarDate;
  /** Why it was reopened. */
  readonly reopenReason?: string;
}
