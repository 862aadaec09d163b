import type { CalendarDate } from "../calendar/index.js";
import { between } from "./days.js";
import { CurrencyMismatchError } from "../errors/index.js";
import type { Money } from "../money/index.js";
import type { CreditNoteFact, InsightFacts, InvoiceFact } from "./types.js";

/** One change to what an invoice owes: positive settles (a payment, a credit), negative reopens (a reversal). */
export interface BookEntry {
  /** The day. */
  readonly on: CalendarDate;
  /** Minor units settled (negative: owed again). */
  readonly minor: number;
  /** `"payment"`, `"credit"` (a credit note or account credit) or `"reversal"`. */
  readonly source: "payment" | "credit" | "reversal";
  /** For a payment: its channel. */
  readonly channel?: string | undefined;
}

/** An invoice (never a void one) and what settled it, day by day. */
export interface BookInvoice {
  /** The fact. */
  readonly fact: InvoiceFact;
  /** Its settlements in date order. */
  entries: readonly BookEntry[];
  /** The day the last settlement left nothing to pay, if it is paid; undefined while open. */
  paidOn: CalendarDate | undefined;
  /** The channel of the payment that settled it last, when a payment did. */
  paidBy: string | undefined;
  /** Whether any payment (not only credits) went to it. */
  hasPayment: boolean;
  /** Whether a credit note corrected it. */
  credited: boolean;
}

/** Every non-void invoice of the facts, with its settlements: built once, read by every metric. */
export interface Book {
  /** The currency. */
  readonly currency: string;
  /** Invoices by number. */
  readonly byNumber: ReadonlyMap<string, BookInvoice>;
  /** Invoices in the order given. */
  readonly invoices: readonly BookInvoice[];
  /** The credit notes given. */
  readonly creditNotes: readonly CreditNoteFact[];
}

/** The entries of an invoice nothing settled yet: one shared empty list, never written to. */
const NONE: readonly BookEntry[] = Object.freeze([]);

function add(b: BookInvoice, entry: BookEntry): void {
  if (b.entries === NONE) b.entries = [entry];
  else (b.entries as BookEntry[]).push(entry);
}

function check(currency: string, value: Money): number {
  if (value.currency !== currency) throw new CurrencyMismatchError(currency, value.currency);
  return value.minor;
}

/**
 * Indexes the facts: each invoice's payments, credit notes, account credit and reversals in date
 * order, and the day it was finally paid. Void invoices are left out here, so no metric counts them.
 *
 * @throws {@link CurrencyMismatchError} for an amount in another currency than `facts.currency`
 */
export function buildBook(facts: InsightFacts): Book {
  const { currency } = facts;
  const byNumber = new Map<string, BookInvoice>();
  const invoices: BookInvoice[] = [];
  for (const fact of facts.invoices) {
    if (fact.invoice.status === "void") continue;
    check(currency, fact.invoice.total);
    const entry: BookInvoice = { fact, entries: NONE, paidOn: undefined, paidBy: undefined, hasPayment: false, credited: false };
    byNumber.set(fact.invoice.number, entry);
    invoices.push(entry);
  }
  for (const p of facts.payments ?? []) {
    for (const a of p.allocations) {
      const b = byNumber.get(a.invoiceNumber);
      if (b === undefined) continue;
      add(b, { on: p.receivedOn, minor: check(currency, a.amount), source: "payment", channel: p.channel });
      b.hasPayment = true;
    }
  }
  for (const n of facts.creditNotes ?? []) {
    const b = byNumber.get(n.invoiceNumber);
    if (b === undefined) continue;
    add(b, { on: n.date, minor: -check(currency, n.total), source: "credit" });
    b.credited = true;
  }
  for (const s of facts.settlements ?? []) {
    const b = byNumber.get(s.invoiceNumber);
    if (b !== undefined) add(b, { on: s.on, minor: check(currency, s.amount), source: "credit" });
  }
  for (const r of facts.reversals ?? []) {
    if (r.status !== "succeeded") continue;
    for (const a of r.fromInvoices ?? []) {
      const b = byNumber.get(a.invoiceNumber);
      if (b !== undefined) add(b, { on: r.on, minor: -check(currency, a.amount), source: "reversal" });
    }
  }
  for (const b of invoices) {
    if (b.entries.length > 1) (b.entries as BookEntry[]).sort((x, y) => (x.on < y.on ? -1 : x.on > y.on ? 1 : 0));
    // Walk the settlements: the invoice is paid on the day the running total reached what it owes, for the last time.
    let owed = b.fact.invoice.total.minor;
    let clearedOn: CalendarDate | undefined;
    let by: string | undefined;
    for (const e of b.entries) {
      const before = owed;
      owed -= e.minor;
      if (owed <= 0 && before > 0) {
        clearedOn = e.on;
        by = e.channel;
      } else if (owed > 0) clearedOn = undefined;
    }
    if (owed <= 0 && b.hasPayment && b.fact.invoice.status !== "uncollectible") {
      b.paidOn = clearedOn ?? b.fact.invoice.issueDate;
      b.paidBy = by;
    }
  }
  return { currency, byNumber, invoices, creditNotes: facts.creditNotes ?? [] };
}

/** What an invoice owed at the end of `day` (0 before it was issued and after it was written off). */
export function owedOn(b: BookInvoice, day: CalendarDate): number {
  const inv = b.fact.invoice;
  if (inv.issueDate > day) return 0;
  if (inv.status === "uncollectible" && inv.closedOn !== undefined && inv.closedOn <= day) return 0;
  let owed = inv.total.minor;
  for (const e of b.entries) {
    if (e.on > day) break;
    owed -= e.minor;
  }
  return owed > 0 ? owed : 0;
}

/** Whether the invoice was paid by the end of `day`. */
export function paidBy(b: BookInvoice, day: CalendarDate): boolean {
  return b.paidOn !== undefined && b.paidOn <= day;
}

/** Days from the due date to `day` (negative before it is due). */
export function daysPastDue(b: BookInvoice, day: CalendarDate): number {
  return between(b.fact.invoice.dueDate, day);
}
