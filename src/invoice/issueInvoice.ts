import type { CalendarDate } from "../calendar/index.js";
import { ErrorCodes } from "../errors/index.js";
import { deepFreeze } from "./freeze.js";
import { formatDocumentNumber, type NumberFormat } from "./numbering.js";
import { paymentText } from "./paymentText.js";
import type { Invoice, InvoiceDraft, InvoiceStatus } from "./types.js";

/** Thrown when an invoice or credit note is asked to move to a state it cannot reach. */
export class InvalidTransitionError extends Error {
  /** Always {@link ErrorCodes.invalidTransition}. */
  readonly code = ErrorCodes.invalidTransition;
  /** The state the document is in. */
  readonly from: string;
  /** The state asked for. */
  readonly to: string;

  /**
   * @param what - the document, e.g. `"invoice RES-2027-000001"`
   * @param from - its state
   * @param to - the state asked for
   */
  constructor(what: string, from: string, to: string) {
    super(`Cannot move ${what} from ${from} to ${to}`);
    this.name = "InvalidTransitionError";
    this.from = from;
    this.to = to;
  }
}

/** Options for {@link issueInvoice}. */
export interface IssueInvoiceOptions {
  /** The next counter of the series, from your sequence (see {@link sequenceKey}). */
  readonly counter: number;
  /** How the number looks. */
  readonly format?: NumberFormat;
}

/**
 * Issues a draft: gives it its number and freezes it. From here on the invoice never changes;
 * only its state moves (paid, void, uncollectible), and corrections are credit notes.
 *
 * @example
 * ```ts
 * const key = sequenceKey(draft.series, draft.issueDate);
 * const invoice = issueInvoice(draft, { counter: await sequence.next(key) });
 * invoice.number; // "RES-2027-000001"
 * ```
 */
export function issueInvoice(draft: InvoiceDraft, options: IssueInvoiceOptions): Invoice {
  if (draft.status !== "draft") throw new InvalidTransitionError("invoice", draft.status, "open");
  const number = formatDocumentNumber(draft.series, draft.issueDate, options.counter, options.format);
  const invoice: Invoice = {
    ...draft,
    status: "open",
    number,
    paymentInstructions: {
      ...draft.paymentInstructions,
      reference: number,
      text: paymentText(draft.paymentInstructions.autoPay, draft.paymentInstructions.method, draft.total, draft.dueDate, number),
    },
  };
  return deepFreeze(invoice);
}

/** Options for {@link markPaid}. */
export interface MarkPaidOptions {
  /** The day it was paid. */
  readonly on: CalendarDate;
}

/** Options for {@link voidInvoice} and {@link markUncollectible}. */
export interface CloseInvoiceOptions {
  /** The day it was closed. */
  readonly on: CalendarDate;
  /** Why, kept on the invoice. */
  readonly reason: string;
}

const NEXT: Readonly<Record<Invoice["status"], readonly InvoiceStatus[]>> = {
  open: ["paid", "void", "uncollectible"],
  uncollectible: ["paid"],
  paid: [],
  void: [],
};

function move(invoice: Invoice, to: Exclude<InvoiceStatus, "draft" | "open">, on: CalendarDate, reason?: string): Invoice {
  // A draft (never issued) or an unknown status has no way out: hasOwn, so "toString" is none.
  const allowed = Object.hasOwn(NEXT, invoice.status) ? NEXT[invoice.status] : [];
  if (!allowed.includes(to)) throw new InvalidTransitionError(`invoice ${invoice.number ?? "(draft)"}`, invoice.status, to);
  return deepFreeze({ ...invoice, status: to, closedOn: on, ...(reason === undefined ? {} : { closeReason: reason }) });
}

/**
 * Marks an open (or uncollectible) invoice paid. Returns a new invoice; the content is unchanged.
 *
 * @throws {@link InvalidTransitionError} from paid or void
 * @example
 * ```ts
 * markPaid(invoice, { on: "2027-01-01" }).status; // "paid"
 * ```
 */
export function markPaid(invoice: Invoice, options: MarkPaidOptions): Invoice {
  return move(invoice, "paid", options.on);
}

/**
 * Voids an open invoice (it should not have been issued). A paid invoice is corrected with a
 * credit note instead.
 *
 * @throws {@link InvalidTransitionError} unless the invoice is open
 * @example
 * ```ts
 * voidInvoice(invoice, { on: "2027-01-02", reason: "duplicate" }).status; // "void"
 * ```
 */
export function voidInvoice(invoice: Invoice, options: CloseInvoiceOptions): Invoice {
  return move(invoice, "void", options.on, options.reason);
}

/** Options for {@link reopenInvoice}. */
export interface ReopenInvoiceOptions {
  /** The day the payment went back. */
  readonly on: CalendarDate;
  /** Why, kept on the invoice (e.g. `"ACH return R01 of payment P-1"`). */
  readonly reason: string;
}

/**
 * Reopens a paid invoice whose payment went back — refunded, charged back, returned by the bank:
 * it is owed again. Returns a new invoice, `open`, with `reopenedOn` and `reopenReason`; the
 * content is unchanged.
 *
 * @throws {@link InvalidTransitionError} unless the invoice is paid
 * @example
 * ```ts
 * reopenInvoice(markPaid(invoice, { on: "2027-01-01" }), { on: "2027-01-06", reason: "ACH return R01" }).status; // "open"
 * ```
 */
export function reopenInvoice(invoice: Invoice, options: ReopenInvoiceOptions): Invoice {
  if (invoice.status !== "paid") throw new InvalidTransitionError(`invoice ${invoice.number ?? "(draft)"}`, invoice.status, "open");
  const { closedOn: _closedOn, closeReason: _closeReason, ...rest } = invoice;
  return deepFreeze({ ...rest, status: "open" as const, reopenedOn: options.on, reopenReason: options.reason });
}

/**
 * Writes an open invoice off as uncollectible (after collections). It may still be paid later.
 *
 * @throws {@link InvalidTransitionError} unless the invoice is open
 * @example
 * ```ts
 * markUncollectible(invoice, { on: "2027-06-01", reason: "written off after collections" }).status; // "uncollectible"
 * ```
 */
export function markUncollectible(invoice: Invoice, options: CloseInvoiceOptions): Invoice {
  return move(invoice, "uncollectible", options.on, options.reason);
}
