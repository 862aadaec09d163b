import type { CreditNote } from "../invoice/index.js";
import { fromMinorUnits } from "../money/index.js";
import type { CreditNoteMessage } from "./models.js";

/** Options of {@link creditNoteMessage}. */
export interface CreditNoteMessageOptions {
  /** The customer's name as billed. */
  readonly customerName: string;
  /** Where the customer sees the credit note (the invoice's page, a portal). */
  readonly documentLink: string;
  /** The reason in words for the customer; default the credit note's own. */
  readonly reason?: string | undefined;
}

/**
 * The model of the `creditNote` template for an issued credit note: its number, the invoice it
 * credits, the amount credited as the customer reads it (positive, its taxes included) and why.
 *
 * @example
 * ```ts
 * const invoice = issueInvoice(computeInvoice(contract, "2027-01"), { counter: 1 });
 * const note = issueCreditNote(createCreditNote(invoice, { amount: "10.00", reason: "Monitoring outage, 2027-01-10 to 2027-01-17", date: "2027-01-20" }), { counter: 1 });
 * const model = creditNoteMessage(note, { customerName: "Maria Rivera", documentLink: "https://pay.example.com/c/1" });
 * model.amount.minor > 0; // → true
 * ```
 */
export function creditNoteMessage(note: CreditNote, options: CreditNoteMessageOptions): CreditNoteMessage {
  return {
    customerName: options.customerName,
    creditNoteNumber: note.number,
    invoiceNumber: note.invoiceNumber,
    amount: fromMinorUnits(-note.total.minor, note.currency),
    reason: options.reason ?? note.reason,
    documentLink: options.documentLink,
  };
}
