import type { CalendarDate } from "../calendar/index.js";
import { CurrencyMismatchError } from "../errors/index.js";
import type { Money } from "../money/index.js";
import type { CreditNoteFact, InsightFacts, InvoiceFact } from "./types.js";
import { dateOf, dayNumber } from "./days.js";

/** A day number that never comes: an invoice not paid, not written off. */
export const NEVER = 2_147_483_647;

/** What an entry of the book is: a payment (by hand or auto-pay), a credit (a credit note or account credit), a reversal. */
export const ENTRY_PAYMENT = 0;
/** An auto-pay payment. */
export const ENTRY_AUTOPAY = 1;
/** A credit note or account credit. */
export const ENTRY_CREDIT = 2;
/** Money of a payment that went back. */
export const ENTRY_REVERSAL = 3;

/** Flag: a payment (not only credits) went to the invoice. */
export const HAS_PAYMENT = 1;
/** Flag: a credit note corrected it. */
export const CREDITED = 2;
/** Flag: an auto-pay payment settled it last. */
export const PAID_BY_AUTOPAY = 4;

/**
 * Every non-void invoice of the facts and what settled it, in columns: built once, read by every
 * metric. Invoice `i` is `facts[i]`; its days are day numbers (days since 1970-01-01); its
 * settlements are entries `start[i]` to `start[i + 1]`, in date order, positive when they settle
 * (a payment, a credit) and negative when they reopen (a reversal). Amounts are integer minor units.
 */
export interface Book {
  /** The currency. */
  readonly currency: string;
  /** The invoices, void ones left out. */
  readonly facts: readonly InvoiceFact[];
  /** Each invoice's index by its number. */
  readonly index: ReadonlyMap<string, number>;
  /** Issue day. */
  readonly issue: Int32Array;
  /** Due day. */
  readonly due: Int32Array;
  /** Total, minor units. */
  readonly total: Float64Array;
  /** The day it was finally paid ({@link NEVER} while open or when settled only by credits). */
  readonly paid: Int32Array;
  /** The day it was written off ({@link NEVER} if it was not). */
  readonly writtenOff: Int32Array;
  /** {@link HAS_PAYMENT}, {@link CREDITED}, {@link PAID_BY_AUTOPAY}. */
  readonly flags: Uint8Array;
  /** Where each invoice's entries start (`length` is invoices + 1). */
  readonly start: Int32Array;
  /** Each entry's day. */
  readonly entryDay: Int32Array;
  /** Each entry's amount, minor units. */
  readonly entryMinor: Float64Array;
  /** Each entry's kind ({@link ENTRY_PAYMENT}, …). */
  readonly entryKind: Uint8Array;
  /** The credit notes given. */
  readonly creditNotes: readonly CreditNoteFact[];
}

function check(currency: string, value: Money): number {
  if (value.currency !== currency) throw new CurrencyMismatchError(currency, value.currency);
  return value.minor;
}

/**
 * Indexes the facts: each invoice's payments, credit notes, account credit and reversals in date
 * order, and the day it was finally paid (the day its balance reached zero for the last time, when
 * a payment went to it). Void invoices are left out here, so no metric counts them.
 *
 * @throws {@link CurrencyMismatchError} for an amount in another currency than `facts.currency`
 */
export function buildBook(facts: InsightFacts): Book {
  const { currency } = facts;
  const kept: InvoiceFact[] = [];
  for (const fact of facts.invoices) if (fact.invoice.status !== "void") kept.push(fact);
  const n = kept.length;
  const index = new Map<string, number>();
  const issue = new Int32Array(n);
  const due = new Int32Array(n);
  const total = new Float64Array(n);
  const writtenOff = new Int32Array(n).fill(NEVER);
  for (let i = 0; i < n; i++) {
    const inv = (kept[i] as InvoiceFact).invoice;
    index.set(inv.number, i);
    issue[i] = dayNumber(inv.issueDate);
    due[i] = dayNumber(inv.dueDate);
    total[i] = check(currency, inv.total);
    if (inv.status === "uncollectible" && inv.closedOn !== undefined) writtenOff[i] = dayNumber(inv.closedOn);
  }
  const payments = facts.payments ?? [];
  const notes = facts.creditNotes ?? [];
  const settlements = facts.settlements ?? [];
  const reversals = (facts.reversals ?? []).filter((r) => r.status === "succeeded");
  // Two passes: count each invoice's entries, then place them. The first pass remembers which
  // invoice each allocation went to (-1: none of these), so the second looks nothing up again.
  const count = new Int32Array(n + 1);
  let allocations = 0;
  for (const p of payments) allocations += p.allocations.length;
  const target = new Int32Array(allocations);
  let first = true;
  const visit = (fn: (i: number, day: CalendarDate, minor: number, kind: number) => void): void => {
    let t = 0;
    for (const p of payments) {
      const kind = p.channel === "autopay" ? ENTRY_AUTOPAY : ENTRY_PAYMENT;
      for (const a of p.allocations) {
        let i: number;
        if (first) {
          i = index.get(a.invoiceNumber) ?? -1;
          target[t++] = i;
        } else i = target[t++] as number;
        if (i >= 0) fn(i, p.receivedOn, check(currency, a.amount), kind);
      }
    }
    for (const c of notes) {
      const i = index.get(c.invoiceNumber);
      if (i !== undefined) fn(i, c.date, -check(currency, c.total), ENTRY_CREDIT);
    }
    for (const s of settlements) {
      const i = index.get(s.invoiceNumber);
      if (i !== undefined) fn(i, s.on, check(currency, s.amount), ENTRY_CREDIT);
    }
    for (const r of reversals) {
      for (const a of r.fromInvoices ?? []) {
        const i = index.get(a.invoiceNumber);
        if (i !== undefined) fn(i, r.on, -check(currency, a.amount), ENTRY_REVERSAL);
      }
    }
  };
  visit((i) => {
    count[i + 1] = (count[i + 1] as number) + 1;
  });
  first = false;
  const start = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) start[i + 1] = (start[i] as number) + (count[i + 1] as number);
  const entries = start[n] as number;
  const entryDay = new Int32Array(entries);
  const entryMinor = new Float64Array(entries);
  const entryKind = new Uint8Array(entries);
  const next = start.slice(0, n);
  visit((i, day, minor, kind) => {
    const k = next[i] as number;
    next[i] = k + 1;
    entryDay[k] = dayNumber(day);
    entryMinor[k] = minor;
    entryKind[k] = kind;
  });
  const flags = new Uint8Array(n);
  const paid = new Int32Array(n).fill(NEVER);
  for (let i = 0; i < n; i++) {
    const from = start[i] as number;
    const to = start[i + 1] as number;
    if (to - from > 1) sortEntries(entryDay, entryMinor, entryKind, from, to);
    // Walk the settlements: paid on the day the running total reached what it owed, for the last time.
    let owed = total[i] as number;
    let cleared = NEVER;
    let clearedKind = 0;
    let f = 0;
    for (let k = from; k < to; k++) {
      const kind = entryKind[k] as number;
      if (kind === ENTRY_PAYMENT || kind === ENTRY_AUTOPAY) f |= HAS_PAYMENT;
      const before = owed;
      owed -= entryMinor[k] as number;
      if (owed <= 0 && before > 0) {
        cleared = entryDay[k] as number;
        clearedKind = kind;
      } else if (owed > 0) cleared = NEVER;
    }
    if ((kept[i] as InvoiceFact).invoice.status !== "uncollectible" && owed <= 0 && (f & HAS_PAYMENT) !== 0) {
      paid[i] = cleared === NEVER ? (issue[i] as number) : cleared;
      if (clearedKind === ENTRY_AUTOPAY) f |= PAID_BY_AUTOPAY;
    }
    flags[i] = f;
  }
  for (const c of notes) {
    const i = index.get(c.invoiceNumber);
    if (i !== undefined) flags[i] = (flags[i] as number) | CREDITED;
  }
  return { currency, facts: kept, index, issue, due, total, paid, writtenOff, flags, start, entryDay, entryMinor, entryKind, creditNotes: notes };
}

/** Insertion sort of one invoice's entries by day (they are few), keeping the order of a day's entries. */
function sortEntries(day: Int32Array, minor: Float64Array, kind: Uint8Array, from: number, to: number): void {
  for (let k = from + 1; k < to; k++) {
    const d = day[k] as number;
    const m = minor[k] as number;
    const t = kind[k] as number;
    let j = k - 1;
    while (j >= from && (day[j] as number) > d) {
      day[j + 1] = day[j] as number;
      minor[j + 1] = minor[j] as number;
      kind[j + 1] = kind[j] as number;
      j--;
    }
    day[j + 1] = d;
    minor[j + 1] = m;
    kind[j + 1] = t;
  }
}

/** What invoice `i` owed at the end of day number `day` (0 before it was issued and after it was written off). */
export function owedOn(book: Book, i: number, day: number): number {
  if ((book.issue[i] as number) > day || (book.writtenOff[i] as number) <= day) return 0;
  let owed = book.total[i] as number;
  const to = book.start[i + 1] as number;
  for (let k = book.start[i] as number; k < to; k++) {
    if ((book.entryDay[k] as number) > day) break;
    owed -= book.entryMinor[k] as number;
  }
  return owed > 0 ? owed : 0;
}

/** The day invoice `i` was paid, as a date; undefined if it was not. */
export function paidDate(book: Book, i: number): CalendarDate | undefined {
  const p = book.paid[i] as number;
  return p === NEVER ? undefined : dateOf(p);
}
