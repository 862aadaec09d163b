import type { CalendarDate } from "../calendar/index.js";
import { compareRatios, fromMinorUnits, ratio, type Money, type Ratio } from "../money/index.js";
import { owedOn, type Book } from "./book.js";
import type { PaymentHabits } from "./habits.js";
import { dayNumber } from "./days.js";

/** The next thing the engine will do about an account by itself. */
export interface NextAutomatedAction {
  /** The day. */
  readonly on: CalendarDate;
  /** What, in words (`"reminder +10 days (email)"`, `"dunning → suspended"`). */
  readonly action: string;
}

/** One account on the collections work list. */
export interface WorkListItem {
  /** The account. */
  readonly accountId: string;
  /** The customer's name. */
  readonly customerName: string;
  /** Everything it owes. */
  readonly balance: Money;
  /** Of it, past due. */
  readonly pastDue: Money;
  /** Days past due of its oldest past-due invoice. */
  readonly daysPastDue: number;
  /** The predicted risk (the habits' late-payment chance). */
  readonly risk: Ratio;
  /** past-due balance (minor units) × days past due × risk, exactly: the ranking. */
  readonly score: Ratio;
  /** Its past-due invoices, oldest first. */
  readonly invoices: readonly string[];
  /** What the engine will do next by itself, when known. */
  readonly nextAction?: NextAutomatedAction | undefined;
}

/**
 * The collections work list at the end of `asOf`: every account with a past-due balance, ranked
 * by past-due balance × days past due (of its oldest past-due invoice) × predicted risk, highest
 * first (ties: larger balance, then account id), each with its next automated action from
 * `nextActions` (the timeline's, given by the caller).
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
 * const habits = paymentHabits(book, readSignals(facts, book), "2027-03-31");
 * const [first] = collectionsWorkList(book, habits, "2027-03-31");
 * [first?.accountId, toDecimalString(first?.pastDue ?? usd("0")), first?.daysPastDue, first?.invoices]; // → ["A-1", "100.00", 31, ["INV-2"]]
 * ```
 */
export function collectionsWorkList(book: Book, habits: ReadonlyMap<string, PaymentHabits>, asOf: CalendarDate, nextActions: ReadonlyMap<string, NextAutomatedAction> = new Map()): WorkListItem[] {
  const accounts = new Map<string, { name: string; balance: number; pastDue: number; days: number; invoices: { number: string; due: CalendarDate }[] }>();
  const day = dayNumber(asOf);
  for (let i = 0; i < book.facts.length; i++) {
    const owed = owedOn(book, i, day);
    if (owed === 0) continue;
    const fact = book.facts[i] as (typeof book.facts)[number];
    const a = accounts.get(fact.accountId) ?? { name: fact.invoice.customerName, balance: 0, pastDue: 0, days: 0, invoices: [] };
    a.balance += owed;
    const days = day - (book.due[i] as number);
    if (days > 0) {
      a.pastDue += owed;
      if (days > a.days) a.days = days;
      a.invoices.push({ number: fact.invoice.number, due: fact.invoice.dueDate });
    }
    accounts.set(fact.accountId, a);
  }
  const items: WorkListItem[] = [];
  const half = ratio(1, 2);
  for (const [accountId, a] of accounts) {
    if (a.pastDue === 0) continue;
    const risk = habits.get(accountId)?.risk ?? half;
    const score = ratio(BigInt(a.pastDue) * BigInt(a.days) * BigInt(risk.numerator), BigInt(risk.denominator));
    const next = nextActions.get(accountId);
    items.push({
      accountId,
      customerName: a.name,
      balance: fromMinorUnits(a.balance, book.currency),
      pastDue: fromMinorUnits(a.pastDue, book.currency),
      daysPastDue: a.days,
      risk,
      score,
      invoices: a.invoices.sort((x, y) => (x.due < y.due ? -1 : x.due > y.due ? 1 : 0)).map((i) => i.number),
      ...(next === undefined ? {} : { nextAction: next }),
    });
  }
  return items.sort((x, y) => compareRatios(y.score, x.score) || y.pastDue.minor - x.pastDue.minor || (x.accountId < y.accountId ? -1 : 1));
}
