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
/** While the book is built: the invoice was written off (uncollectible). */
const WRITTEN_OFF = 128;

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
  /** The day it was finally paid (`NEVER`, the largest int32, while open or when settled only by credits). */
  readonly paid: Int32Array;
  /** The day it was written off (`NEVER` if it was not). */
  readonly writtenOff: Int32Array;
  /** Bit flags: 1 a payment went to it, 2 a credit note corrected it, 4 an auto-pay payment settled it last. */
  readonly flags: Uint8Array;
  /** Where each invoice's entries start (`length` is invoices + 1). */
  readonly start: Int32Array;
  /** Each entry's day. */
  readonly entryDay: Int32Array;
  /** Each entry's amount, minor units. */
  readonly entryMinor: Float64Array;
  /** Each entry's kind: 0 a payment, 1 an auto-pay payment, 2 a credit, 3 a reversal. */
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
 *
 * @example
 * ```ts
 * // two invoices of 100.00 to Acme: INV-1 paid on 2027-02-05 (5 days late), INV-2 still open
 * const usd = (amount: string) => money(amount, "USD");
 * const bill = (number: string, issueDate: string, dueDate: string): InvoiceFact => ({ accountId: "A-1",
 *   invoice: { number, contractId: "C-1", customerName: "Acme", currency: "USD", kind: "cycle", status: "open", issueDate, dueDate, total: usd("100.00") } });
 * const facts: InsightFacts = { currency: "USD",
 *   invoices: [bill("INV-1", "2027-01-01", "2027-01-31"), bill("INV-2", "2027-02-01", "2027-02-28")],
 *   payments: [{ id: "P-1", accountId: "A-1", amount: usd("100.00"), channel: "check", receivedOn: "2027-02-05", allocations: [{ invoiceNumber: "INV-1", amount: usd("100.00") }] }] };
 * const book = buildBook(facts);
 * book.facts.map((f) => f.invoice.number); // → ["INV-1", "INV-2"]
 * agingAt(book, "2027-03-31").total; // → { minor: 10000, currency: "USD" }
 * ```
 */
export function buildBook(facts: InsightFacts): Book {
  const { currency } = facts;
  // One pass over each kind of fact: the insight bench (1,000,000 invoices, 900,000 payments) spent
  // ≈ 0.1–0.25 s on each walk over the invoices or payments (the objects are spread over 600 MiB),
  // and buildBook walked the invoices four times and the payments three.
  const all = facts.invoices;
  // Made at full length and cut to the invoices kept (growing a million-item array by push left
  // ≈ 16 MiB of discarded copies in the insight bench).
  const kept = new Array<InvoiceFact>(all.length);
  let issue = new Int32Array(all.length);
  let due = new Int32Array(all.length);
  let total = new Float64Array(all.length);
  let writtenOff = new Int32Array(all.length).fill(NEVER);
  // The flags, with WRITTEN_OFF marking uncollectible invoices until the flags are set.
  let flags = new Uint8Array(all.length);
  let ascending = true;
  let previous: string | undefined;
  let n = 0;
  // Each invoice's account by number (in the order accounts first appear), for the habits: read
  // here, where each fact is read anyway (the habits' own walk over the facts cost ≈ 0.3 s).
  // Kept as runs (where each run of one account starts, and its account): a store's invoices come
  // account by account, and an array per invoice was 4 MiB more of typed arrays.
  const runStart: number[] = [];
  const runAccount: number[] = [];
  const accountIds: string[] = [];
  const accountNumbers = new Map<string, number>();
  let lastAccount: string | undefined;
  for (const fact of all) {
    const inv = fact.invoice;
    if (inv.status === "void") continue;
    kept[n] = fact;
    if (fact.accountId !== lastAccount) {
      lastAccount = fact.accountId;
      let a = accountNumbers.get(lastAccount);
      if (a === undefined) {
        a = accountIds.length;
        accountNumbers.set(lastAccount, a);
        accountIds.push(lastAccount);
      }
      runStart.push(n);
      runAccount.push(a);
    }
    issue[n] = dayNumber(inv.issueDate);
    due[n] = dayNumber(inv.dueDate);
    total[n] = check(currency, inv.total);
    if (inv.status === "uncollectible") {
      flags[n] = WRITTEN_OFF;
      if (inv.closedOn !== undefined) writtenOff[n] = dayNumber(inv.closedOn);
    }
    if (ascending && previous !== undefined && !(previous < inv.number)) ascending = false;
    previous = inv.number;
    n++;
  }
  kept.length = n;
  // Views of the first `n` (void invoices are few): no copies.
  if (n < all.length) [issue, due, total, writtenOff, flags] = [issue.subarray(0, n), due.subarray(0, n), total.subarray(0, n), writtenOff.subarray(0, n), flags.subarray(0, n)];
  runStart.push(n);
  const find = invoiceFinder(kept, ascending);
  const payments = facts.payments ?? [];
  const notes = facts.creditNotes ?? [];
  const settlements = facts.settlements ?? [];
  const reversals = (facts.reversals ?? []).filter((r) => r.status === "succeeded");
  // Two passes over the settlements: count each invoice's, then place them. (Not one pass into
  // scratch columns: ≈ 16 MiB more of typed arrays set off a full garbage collection of the facts'
  // 600 MiB heap, ≈ 1 s, in the insight bench; so each invoice is found twice rather than
  // remembered — the finder's cursor makes a lookup cheap — and one array is the counts, then
  // where each invoice's entries start, then where the next goes.)
  const start = new Int32Array(n + 1);
  const aim = (i: number): void => {
    if (i >= 0) start[i + 1] = (start[i + 1] as number) + 1;
  };
  for (const p of payments) for (const a of p.allocations) aim(find(a.invoiceNumber));
  for (const c of notes) {
    const i = find(c.invoiceNumber);
    aim(i);
    if (i >= 0) flags[i] = (flags[i] as number) | CREDITED;
  }
  for (const s of settlements) aim(find(s.invoiceNumber));
  for (const r of reversals) for (const a of r.fromInvoices ?? []) aim(find(a.invoiceNumber));
  for (let i = 0; i < n; i++) start[i + 1] = (start[i] as number) + (start[i + 1] as number);
  const entries = start[n] as number;
  const entryDay = new Int32Array(entries);
  const entryMinor = new Float64Array(entries);
  const entryKind = new Uint8Array(entries);
  // `start[i]` moves on as invoice i's entries are placed (to where invoice i + 1's start).
  const next = start;
  const place = (i: number, day: CalendarDate, minor: number, kind: number): void => {
    const k = next[i] as number;
    next[i] = k + 1;
    entryDay[k] = dayNumber(day);
    entryMinor[k] = minor;
    entryKind[k] = kind;
  };
  for (const p of payments) {
    const kind = p.channel === "autopay" ? ENTRY_AUTOPAY : ENTRY_PAYMENT;
    for (const a of p.allocations) {
      const i = find(a.invoiceNumber);
      if (i >= 0) place(i, p.receivedOn, check(currency, a.amount), kind);
    }
  }
  for (const c of notes) {
    const i = find(c.invoiceNumber);
    if (i >= 0) place(i, c.date, -check(currency, c.total), ENTRY_CREDIT);
  }
  for (const s of settlements) {
    const i = find(s.invoiceNumber);
    if (i >= 0) place(i, s.on, check(currency, s.amount), ENTRY_CREDIT);
  }
  for (const r of reversals) {
    for (const a of r.fromInvoices ?? []) {
      const i = find(a.invoiceNumber);
      if (i >= 0) place(i, r.on, -check(currency, a.amount), ENTRY_REVERSAL);
    }
  }
  // Each `start[i]` is now where invoice i + 1's entries start: shifted back by one, they are the starts.
  start.copyWithin(1, 0, n);
  start[0] = 0;
  const paid = new Int32Array(n).fill(NEVER);
  for (let i = 0; i < n; i++) {
    const from = start[i] as number;
    const to = start[i + 1] as number;
    if (to - from > 1) sortEntries(entryDay, entryMinor, entryKind, from, to);
    // Walk the settlements: paid on the day the running total reached what it owed, for the last time.
    let owed = total[i] as number;
    let cleared = NEVER;
    let clearedKind = 0;
    const written = ((flags[i] as number) & WRITTEN_OFF) !== 0;
    let f = (flags[i] as number) & ~WRITTEN_OFF;
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
    if (!written && owed <= 0 && (f & HAS_PAYMENT) !== 0) {
      paid[i] = cleared === NEVER ? (issue[i] as number) : cleared;
      if (clearedKind === ENTRY_AUTOPAY) f |= PAID_BY_AUTOPAY;
    }
    flags[i] = f;
  }
  let index: Map<string, number> | undefined;
  const book: Book = {
    currency,
    facts: kept,
    // Built when first read: computeInsight finds invoices with `findInvoice`, which needs no map
    // when the invoices come in number order.
    get index(): ReadonlyMap<string, number> {
      return (index ??= indexByNumber(kept));
    },
    issue,
    due,
    total,
    paid,
    writtenOff,
    flags,
    start,
    entryDay,
    entryMinor,
    entryKind,
    creditNotes: notes,
  };
  finders.set(book, find);
  accountsOfBooks.set(book, { runStart, runAccount, ids: accountIds, numbers: accountNumbers });
  if (ascending) unique.add(book);
  return book;
}

/** Each invoice's index by its number (the last one for a number given twice). */
function indexByNumber(facts: readonly InvoiceFact[]): Map<string, number> {
  const index = new Map<string, number>();
  for (let i = 0; i < facts.length; i++) index.set((facts[i] as InvoiceFact).invoice.number, i);
  return index;
}

const finders = new WeakMap<Book, (number: string) => number>();

/** The accounts of a book's invoices: each invoice's account number, the ids by number, the numbers by id. */
export interface BookAccounts {
  /** Where each run of invoices of one account starts (and, last, the count of invoices). */
  readonly runStart: readonly number[];
  /** The account of each run. */
  readonly runAccount: readonly number[];
  readonly ids: readonly string[];
  readonly numbers: ReadonlyMap<string, number>;
}

const accountsOfBooks = new WeakMap<Book, BookAccounts>();

/** The accounts of a book made by {@link buildBook}; undefined for others. */
export function accountsOf(book: Book): BookAccounts | undefined {
  return accountsOfBooks.get(book);
}
/** Books whose invoice numbers are unique (ascending). */
const unique = new WeakSet<Book>();

/** {@link findInvoice} of a book whose invoice numbers are known to be unique, else undefined. */
export function uniqueFinderOf(book: Book): ((number: string) => number) | undefined {
  return unique.has(book) ? finders.get(book) : undefined;
}

/**
 * The index of the invoice numbered `number` in `book` (as `book.index.get`), or -1 when it is
 * not in it (void, or unknown).
 */
export function findInvoice(book: Book, number: string): number {
  return finderOf(book)(number);
}

/** {@link findInvoice} of one book, for many lookups. */
export function finderOf(book: Book): (number: string) => number {
  const find = finders.get(book);
  if (find !== undefined) return find;
  const { index } = book;
  return (number) => index.get(number) ?? -1;
}

/**
 * Finds invoices by number, as `indexByNumber(facts).get(number) ?? -1` would.
 *
 * The insight bench (1,000,000 invoices) spent ≈ 1.4 s of 7.1 s CPU in Map set/get with a million
 * string keys (the index, then every allocation and message looking its invoice up), and the map
 * (≈ 80 MiB with its growth) stayed alive to the end. A store returns invoices in number order,
 * and payments and messages mostly follow them: when the numbers are strictly ascending (so also
 * unique), a lookup tries the invoice after the last one found, then that one again, then a binary
 * search — no map at all. Numbers out of order (or repeated) fall back to the map.
 */
function invoiceFinder(kept: readonly InvoiceFact[], ascending: boolean): (number: string) => number {
  const n = kept.length;
  const numberOf = (i: number): string => (kept[i] as InvoiceFact).invoice.number;
  if (!ascending) {
    const index = indexByNumber(kept);
    return (number) => index.get(number) ?? -1;
  }
  let cursor = 0;
  return (number) => {
    const c = cursor;
    if (c < n && numberOf(c) === number) {
      cursor = c + 1;
      return c;
    }
    if (c > 0 && numberOf(c - 1) === number) return c - 1;
    let lo = 0;
    let hi = n - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const m = numberOf(mid);
      if (m < number) lo = mid + 1;
      else if (m > number) hi = mid - 1;
      else {
        cursor = mid + 1;
        return mid;
      }
    }
    return -1;
  };
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
