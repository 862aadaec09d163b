import type { CalendarDate } from "../calendar/index.js";
import { fromMinorUnits, type Money } from "../money/index.js";
import { owedOn, type Book } from "./book.js";
import { dayNumber } from "./days.js";

/** The aging buckets, by days past due: not yet due (or due today), 1–30, 31–60, 61–90, over 90. */
export const AGING_BUCKETS = ["current", "1-30", "31-60", "61-90", "90+"] as const;

/** One aging bucket's name. */
export type AgingBucketName = (typeof AGING_BUCKETS)[number];

/**
 * The bucket of a number of days past due: 0 or less is current, 30 is `"1-30"`, 31 is `"31-60"`.
 *
 * @example
 * ```ts
 * agingBucketOf(0);  // → "current"
 * agingBucketOf(31); // → "31-60"
 * agingBucketOf(91); // → "90+"
 * ```
 */
export function agingBucketOf(daysPastDue: number): AgingBucketName {
  if (daysPastDue <= 0) return "current";
  if (daysPastDue <= 30) return "1-30";
  if (daysPastDue <= 60) return "31-60";
  if (daysPastDue <= 90) return "61-90";
  return "90+";
}

/** An invoice behind an aging bucket. */
export interface AgedInvoice {
  /** Its number. */
  readonly number: string;
  /** The account. */
  readonly accountId: string;
  /** The day it was due. */
  readonly dueDate: CalendarDate;
  /** Days past due at the aging date (0 or less: not past due). */
  readonly daysPastDue: number;
  /** What it still owed. */
  readonly owed: Money;
}

/** One bucket: its total and the invoices in it (oldest due first). */
export interface AgingBucket {
  /** The bucket. */
  readonly bucket: AgingBucketName;
  /** What its invoices owe. */
  readonly total: Money;
  /** The invoices, oldest due first. */
  readonly invoices: readonly AgedInvoice[];
}

/** The aging of one account. */
export interface AccountAging {
  /** The account. */
  readonly accountId: string;
  /** The customer's name, as on its invoices. */
  readonly customerName: string;
  /** Everything it owes. */
  readonly total: Money;
  /** Its buckets, in {@link AGING_BUCKETS} order. */
  readonly buckets: readonly AgingBucket[];
}

/** Accounts receivable aging as of a day. */
export interface AgingReport {
  /** The aging date. */
  readonly asOf: CalendarDate;
  /** Total receivables: everything owed on invoices issued by `asOf`. */
  readonly total: Money;
  /** The buckets over all accounts, in {@link AGING_BUCKETS} order. */
  readonly buckets: readonly AgingBucket[];
  /** Each account that owes something, largest balance first. */
  readonly accounts: readonly AccountAging[];
}

/**
 * Accounts receivable aging as of the end of `asOf`: what every invoice issued by then still owed
 * (its total less payments, credit notes and account credit received by then, plus reversals),
 * bucketed by days past its due date. Void invoices never count; a written-off invoice stops
 * counting on the day it was written off.
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
 * const aging = agingAt(buildBook(facts), "2027-03-31");
 * toDecimalString(aging.total); // → "100.00"
 * aging.buckets.map((b) => `${b.bucket}: ${toDecimalString(b.total)}`); // → ["current: 0.00", "1-30: 0.00", "31-60: 100.00", "61-90: 0.00", "90+: 0.00"]
 * aging.buckets[2]?.invoices.map((i) => [i.number, i.daysPastDue]); // → [["INV-2", 31]]
 * ```
 */
export function agingAt(book: Book, asOf: CalendarDate): AgingReport {
  const { currency } = book;
  const all = new Map<AgingBucketName, AgedInvoice[]>(AGING_BUCKETS.map((b) => [b, []]));
  const accounts = new Map<string, { name: string; items: AgedInvoice[] }>();
  const day = dayNumber(asOf);
  let total = 0;
  for (let i = 0; i < book.facts.length; i++) {
    const owed = owedOn(book, i, day);
    if (owed === 0) continue;
    total += owed;
    const fact = book.facts[i] as (typeof book.facts)[number];
    const inv = fact.invoice;
    const item: AgedInvoice = { number: inv.number, accountId: fact.accountId, dueDate: inv.dueDate, daysPastDue: day - (book.due[i] as number), owed: fromMinorUnits(owed, currency) };
    (all.get(agingBucketOf(item.daysPastDue)) as AgedInvoice[]).push(item);
    const acc = accounts.get(item.accountId) ?? { name: inv.customerName, items: [] };
    acc.items.push(item);
    accounts.set(item.accountId, acc);
  }
  // An account's empty buckets are one shared (read-only) bucket per name: most accounts owe in
  // one or two, and the insight bench's report kept ≈ 10 MiB of empty ones.
  const empty = new Map<AgingBucketName, AgingBucket>(AGING_BUCKETS.map((bucket) => [bucket, { bucket, total: fromMinorUnits(0, currency), invoices: [] }]));
  const bucketsOf = (items: readonly AgedInvoice[]): AgingBucket[] =>
    AGING_BUCKETS.map((bucket) => {
      const list = items.filter((i) => agingBucketOf(i.daysPastDue) === bucket);
      if (list.length === 0) return empty.get(bucket) as AgingBucket;
      list.sort(byDue);
      return { bucket, total: fromMinorUnits(sumMinor(list), currency), invoices: list };
    });
  const buckets = AGING_BUCKETS.map((bucket) => {
    const list = (all.get(bucket) as AgedInvoice[]).sort(byDue);
    return { bucket, total: fromMinorUnits(sumMinor(list), currency), invoices: list };
  });
  const accountRows = [...accounts].map(([accountId, { name, items }]) => ({ accountId, customerName: name, total: fromMinorUnits(sumMinor(items), currency), buckets: bucketsOf(items) }));
  accountRows.sort((a, b) => b.total.minor - a.total.minor || (a.accountId < b.accountId ? -1 : 1));
  return { asOf, total: fromMinorUnits(total, currency), buckets, accounts: accountRows };
}

function sumMinor(items: readonly AgedInvoice[]): number {
  let s = 0;
  for (const i of items) s += i.owed.minor;
  return s;
}

function byDue(a: AgedInvoice, b: AgedInvoice): number {
  return a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.number < b.number ? -1 : 1;
}
