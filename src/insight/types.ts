import type { CalendarDate, Instant } from "../calendar/index.js";
import type { InvoiceKind, InvoiceLineKind } from "../invoice/index.js";
import type { Money } from "../money/index.js";

/**
 * One line of an invoice, as far as insight reads it: the recurring lines give RMR and the
 * revenue-recognition schedule. An issued invoice's `InvoiceLine` is one.
 */
export interface InvoiceFactLine {
  /** Stable id within the invoice (a credit-note line names it). */
  readonly id: string;
  /** The contract line it bills. */
  readonly lineId: string;
  /** The site it belongs to. */
  readonly siteId: string;
  /** What it bills; only `"recurring"` lines are RMR. */
  readonly kind: InvoiceLineKind;
  /** Text for the customer. */
  readonly description: string;
  /** The days a recurring line covers, `[start, end)`. */
  readonly servicePeriod?: DaySpan | undefined;
  /** The amount after discounts, before tax: what is recognized as revenue. */
  readonly net: Money;
  /** How the line was made: its proration fraction is read to normalize a stub to a month. */
  readonly explanation?: LineFraction | undefined;
}

/** Days `[start, end)`. */
export interface DaySpan {
  /** First day. */
  readonly start: CalendarDate;
  /** First day after. */
  readonly end: CalendarDate;
}

/** The part of a line's explanation insight reads. */
export interface LineFraction {
  /** The proration fraction of the full cycle: `"1"`, `"22/31"`. */
  readonly fraction: string;
}

/** An invoice's billing period, and the full cycle it is (part of). */
export interface PeriodFact extends DaySpan {
  /** Start of the full cycle. */
  readonly fullStart: CalendarDate;
  /** End (exclusive) of the full cycle. */
  readonly fullEnd: CalendarDate;
}

/** The document of an invoice fact: an issued `Invoice` is one. */
export interface InvoiceDocumentFact {
  /** The invoice number. */
  readonly number: string;
  /** The contract billed. */
  readonly contractId: string;
  /** The customer's name, shown in the report (escaped). */
  readonly customerName: string;
  /** The invoice currency. */
  readonly currency: string;
  /** A cycle's invoice, an adjustment, a final or a late-fee invoice. */
  readonly kind: InvoiceKind;
  /** `open`, `paid`, `void` (never counted by any metric) or `uncollectible` (written off on `closedOn`). */
  readonly status: "open" | "paid" | "void" | "uncollectible";
  /** The day it was issued. */
  readonly issueDate: CalendarDate;
  /** The day it was due. */
  readonly dueDate: CalendarDate;
  /** The total billed, tax included. */
  readonly total: Money;
  /** The day it was paid, voided or written off. */
  readonly closedOn?: CalendarDate | undefined;
  /** The billing period; `fullStart`/`fullEnd` give the cycle's length in months. */
  readonly period?: PeriodFact | undefined;
  /** The lines (needed for RMR and revenue recognition only). */
  readonly lines?: readonly InvoiceFactLine[] | undefined;
}

/** An issued invoice and its account: a stored invoice (`StoredInvoice`) is one. */
export interface InvoiceFact {
  /** The invoice. */
  readonly invoice: InvoiceDocumentFact;
  /** The account (customer id) billed. */
  readonly accountId: string;
}

/** The part of a payment that went to one invoice. */
export interface AllocationFact {
  /** The invoice paid. */
  readonly invoiceNumber: string;
  /** How much went to it. */
  readonly amount: Money;
}

/** Money received from a customer: a stored `PaymentRecord` is one. */
export interface ReceivedPaymentFact {
  /** Unique id. */
  readonly id: string;
  /** The account. */
  readonly accountId: string;
  /** The amount received. */
  readonly amount: Money;
  /** How it came in; `"autopay"` is a charge of the stored method. */
  readonly channel: string;
  /** The day it was received. */
  readonly receivedOn: CalendarDate;
  /** Each invoice it paid, and how much. */
  readonly allocations: readonly AllocationFact[];
}

/** A credit note against an invoice: an issued `CreditNote` is one. Totals are negative. */
export interface CreditNoteFact {
  /** Its number. */
  readonly number: string;
  /** The invoice corrected. */
  readonly invoiceNumber: string;
  /** Its date. */
  readonly date: CalendarDate;
  /** Why it was issued. */
  readonly reason: string;
  /** Total credited, tax included (negative). */
  readonly total: Money;
  /** The invoice lines credited, with the net credited (negative): revenue recognition reads them. */
  readonly lines?: readonly CreditedLineFact[] | undefined;
}

/** One line of a credit note. */
export interface CreditedLineFact {
  /** The invoice line credited. */
  readonly invoiceLineId: string;
  /** The net credited (negative). */
  readonly net: Money;
}

/** Money of a payment that went back (a refund, a chargeback, an ACH return): a stored `PaymentReversal` is one. */
export interface ReversalFact {
  /** The day it happened. */
  readonly on: CalendarDate;
  /** Only `"succeeded"` reversals move money. */
  readonly status: string;
  /** What each invoice the payment had paid is owed again. */
  readonly fromInvoices?: readonly AllocationFact[] | undefined;
}

/** Account credit (an overpayment kept) applied to an invoice after it was issued. */
export interface SettlementFact {
  /** The invoice settled. */
  readonly invoiceNumber: string;
  /** The day. */
  readonly on: CalendarDate;
  /** How much of the invoice it settled. */
  readonly amount: Money;
}

/** A delivery event of a message. */
export interface MessageEventFact {
  /** `"delivered"`, `"opened"`, `"clicked"`, `"bounced"`, … */
  readonly kind: string;
  /** When. */
  readonly at: Instant;
}

/**
 * A message to a customer: a stored `MessageRecord` is one. Reminders are `kind: "paymentReminder"`
 * with the step in the key (`invoice:<number>:reminder:<days from due>:<channel>`); an invoice's
 * delivery is `kind: "invoice"`.
 */
export interface MessageFact {
  /** The message key. */
  readonly key: string;
  /** The account. */
  readonly accountId: string;
  /** What it is. */
  readonly kind: string;
  /** The invoice number(s) it is about (`"A, B"` for a merged reminder). */
  readonly reference: string;
  /** Where it stands: `"failed"` and `"bounced"` did not reach the customer; `"sending"` is not known yet. */
  readonly status: string;
  /** When it was recorded. */
  readonly createdAt: Instant;
  /** Delivery events received (a `"clicked"` is a link click). */
  readonly events: readonly MessageEventFact[];
}

/** One charge of a stored payment method: a stored `ChargeAttempt` is one. */
export interface AttemptFact {
  /** The idempotency key: `…:autopay:<n>` for the charge on the due date, `…:charge:…` for a retry. */
  readonly key: string;
  /** The invoice charged. */
  readonly invoiceNumber: string;
  /** The account. */
  readonly accountId: string;
  /** `"succeeded"`, `"declined"`, … */
  readonly status: string;
  /** When it started. */
  readonly startedAt: Instant;
}

/** A contract, as insight reads it (the mapping from a stored contract is one line per field). */
export interface ContractFact {
  /** The contract's id. */
  readonly id: string;
  /** The account it bills. */
  readonly accountId: string;
  /** The customer's name. */
  readonly customerName: string;
  /** First day of service. */
  readonly start: CalendarDate;
  /** First day without service (the term's end or a termination), if known. */
  readonly end?: CalendarDate | undefined;
  /** Why it ended (a termination's reason), when it did. */
  readonly endReason?: string | undefined;
  /** Whether invoices are charged automatically. */
  readonly autoPay: boolean;
}

/** How the end of a contract's term turned out. */
export interface TermOutcomeFact {
  /** The contract. */
  readonly contractId: string;
  /** The account. */
  readonly accountId: string;
  /** The end of the term (first day after it). */
  readonly termEnd: CalendarDate;
  /** Renewed (by acceptance or automatically) or ended (declined, lapsed, cancelled). */
  readonly outcome: "renewed" | "ended";
  /** Why it ended, in the customer's words, when known. */
  readonly reason?: string | undefined;
}

/** A case kept on an account: an `"exception"` listing an invoice means a person had to act on it. */
export interface CaseFact {
  /** The kind of case: `"exception"` counts as a person involved. */
  readonly kind: string;
  /** The invoices it is about. */
  readonly invoiceNumbers: readonly string[];
}

/**
 * One recurring charge at a monthly rate over `[from, until)`: what RMR sums. Build them from
 * issued invoices with {@link recurringCharges}, or give your own.
 */
export interface RecurringCharge {
  /** The contract. */
  readonly contractId: string;
  /** The account. */
  readonly accountId: string;
  /** The customer's name. */
  readonly customerName: string;
  /** The contract line: `"<site>/<line>"`. */
  readonly lineKey: string;
  /** The line's description. */
  readonly description: string;
  /** The rate normalized to one month. */
  readonly monthly: Money;
  /** First day at this rate. */
  readonly from: CalendarDate;
  /** First day no longer at this rate; absent while it runs. */
  readonly until?: CalendarDate | undefined;
  /** Why it stopped, when it stopped for good (a termination reason, `"term ended"`, `"line removed"`). */
  readonly endReason?: string | undefined;
}

/** Everything insight reads. Only `currency` and `invoices` are required; each metric says what it needs. */
export interface InsightFacts {
  /** The report's currency: every amount must be in it. */
  readonly currency: string;
  /** Issued invoices (void ones are skipped by every metric). */
  readonly invoices: readonly InvoiceFact[];
  /** Payments received. */
  readonly payments?: readonly ReceivedPaymentFact[] | undefined;
  /** Credit notes. */
  readonly creditNotes?: readonly CreditNoteFact[] | undefined;
  /** Payment reversals. */
  readonly reversals?: readonly ReversalFact[] | undefined;
  /** Account credit applied to invoices. */
  readonly settlements?: readonly SettlementFact[] | undefined;
  /** Messages sent. */
  readonly messages?: readonly MessageFact[] | undefined;
  /** Charge attempts. */
  readonly attempts?: readonly AttemptFact[] | undefined;
  /** Contracts. */
  readonly contracts?: readonly ContractFact[] | undefined;
  /** Term ends and how they turned out. */
  readonly terms?: readonly TermOutcomeFact[] | undefined;
  /** Account cases (exceptions). */
  readonly cases?: readonly CaseFact[] | undefined;
  /** Recurring charges; derived from the invoices' recurring lines when absent. */
  readonly recurring?: readonly RecurringCharge[] | undefined;
}

/** A range of days `[from, to)`. */
export interface InsightRange {
  /** First day. */
  readonly from: CalendarDate;
  /** First day after. */
  readonly to: CalendarDate;
}
