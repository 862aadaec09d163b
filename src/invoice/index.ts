/**
 * Invoices: compute a draft for a period (pure), explain every line, number and issue it, move it
 * through its states, and correct it with credit notes.
 *
 * @module
 */
export {
  computeAdjustments,
  computeInvoice,
  computeInvoices,
  computeLateFeeInvoice,
  streamInvoices,
  type Adjustments,
  type ComputeLateFeeInvoiceOptions,
  type ComputeAdjustmentsOptions,
  type StreamInvoicesOptions,
  type ComputeInvoiceOptions,
} from "./computeInvoice.js";
export { TERMINATION_FEE_LINE_ID, type TerminationFeeOutcome } from "./stages/terminationFee.js";
export { ACCOUNT_CREDIT_LINE_ID } from "./stages/credits.js";
export { DEFAULT_LATE_FEE_TAX_CATEGORY, LATE_FEE_LINE_ID, lateFeeLineId, type AssessedLateFee } from "./stages/lateFees.js";
export { DEFAULT_INVOICE_ROUNDING, type InvoiceRoundingPolicy } from "./rounding.js";
export { contractPeriods, iterateContractPeriods, periodContaining, periodForMonth, scheduleOf, type ContractPeriodsWindow } from "./periods.js";
export type {
  CorrectedLine,
  Invoice,
  InvoiceContent,
  InvoiceDraft,
  InvoiceField,
  InvoiceKind,
  InvoiceLine,
  LineAdjustment,
  InvoiceLineKind,
  InvoicePeriod,
  InvoiceStatus,
  LineDiscount,
  LineExplanation,
  PaymentInstructions,
  ServicePeriod,
  SiteSubtotal,
} from "./types.js";
export {
  createCreditNote,
  issueCreditNote,
  type CreditedTax,
  type CreditNote,
  type CreditNoteDraft,
  type CreditNoteLine,
  type CreditNoteOptions,
  type CreditRequestLine,
  type IssueCreditNoteOptions,
} from "./creditNote.js";
export {
  InvalidTransitionError,
  issueInvoice,
  markPaid,
  markUncollectible,
  reopenInvoice,
  voidInvoice,
  type CloseInvoiceOptions,
  type IssueInvoiceOptions,
  type MarkPaidOptions,
  type ReopenInvoiceOptions,
} from "./issueInvoice.js";
export { formatDocumentNumber, sequenceKey, type NumberFormat } from "./numbering.js";
export { renderInvoiceText, type RenderTextOptions } from "./renderText.js";
export { toJsonDocument } from "./serialize.js";
