import type { CalendarDate } from "../calendar/index.js";
import { fromMinorUnits, type Money } from "../money/index.js";
import { owedOn, type Book } from "./book.js";
import type { PaymentModel } from "./habits.js";
import type { InsightFacts, InvoiceFact } from "./types.js";
import { between, dayNumber, monthIndex, plus, plusMonths } from "./days.js";

/** One week of the cash-flow forecast. */
export interface ForecastWeek {
  /** Its first day. */
  readonly start: CalendarDate;
  /** Expected receipts in the week. */
  readonly expected: Money;
  /** Expected receipts from the forecast's first day through the week's last. */
  readonly cumulative: Money;
  /** The low end of that cumulative figure (every customer at the late end of their habits). */
  readonly low: Money;
  /** The high end (every customer at the early end). */
  readonly high: Money;
}

/** A cash-flow forecast. */
export interface CashFlowForecast {
  /** The first day forecast (the day after the as-of day). */
  readonly from: CalendarDate;
  /** The first day after it. */
  readonly to: CalendarDate;
  /** Receipts expected in the whole window. */
  readonly expected: Money;
  /** Its low end. */
  readonly low: Money;
  /** Its high end. */
  readonly high: Money;
  /** Of the expected receipts, from invoices open today. */
  readonly fromOpenInvoices: Money;
  /** Of them, from invoices not issued yet (each contract's next cycles). */
  readonly fromScheduledInvoices: Money;
  /** Week by week. */
  readonly weeks: readonly ForecastWeek[];
}

/**
 * The cash-flow forecast for the `days` days after `asOf` (default 90): what invoices open at the
 * end of `asOf` still owe, plus the invoices each contract in service will be sent next (its latest
 * cycle invoice repeated at its cycle: same total, issue and due dates a cycle later, while the
 * contract runs), each received on the day the account's payment model predicts. The expected
 * figure uses each account's median delay; the range uses the 75th-percentile delay and leaves out
 * invoices already more than 90 days past due (low), and the 25th-percentile delay (high).
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
 * const model = paymentModel(paymentHabits(book, readSignals(facts, book), "2027-03-31"), facts, "2027-03-31");
 * const forecast = cashFlowForecast(book, model, facts, "2027-03-31", 14);
 * [forecast.from, forecast.to, toDecimalString(forecast.expected)]; // → ["2027-04-01", "2027-04-15", "100.00"]
 * forecast.weeks.map((w) => `${w.start}: ${toDecimalString(w.expected)}`); // → ["2027-04-01: 100.00", "2027-04-08: 0.00"]
 * ```
 */
export function cashFlowForecast(book: Book, model: PaymentModel, facts: InsightFacts, asOf: CalendarDate, days = 90): CashFlowForecast {
  const from = plus(asOf, 1);
  const to = plus(from, days);
  const weekCount = Math.ceil(days / 7);
  const weekly = { expected: new Array<number>(weekCount).fill(0), low: new Array<number>(weekCount).fill(0), high: new Array<number>(weekCount).fill(0) };
  const first = dayNumber(from);
  const week = (d: CalendarDate): number => {
    const k = dayNumber(d) - first;
    return k < 0 || k >= days ? -1 : Math.floor(k / 7);
  };
  let fromOpen = 0;
  let fromScheduled = 0;
  // Each flow goes straight into its weeks: nothing is kept per invoice.
  const receive = (minor: number, accountId: string, dueDate: CalendarDate, open: boolean, doubtful: boolean): void => {
    const p = model(accountId, dueDate);
    const e = week(p.expected);
    if (e >= 0) {
      weekly.expected[e] = (weekly.expected[e] as number) + minor;
      if (open) fromOpen += minor;
      else fromScheduled += minor;
    }
    const l = week(p.latest);
    if (l >= 0 && !doubtful) weekly.low[l] = (weekly.low[l] as number) + minor;
    const h = week(p.earliest);
    if (h >= 0) weekly.high[h] = (weekly.high[h] as number) + minor;
  };
  const day = dayNumber(asOf);
  for (let i = 0; i < book.facts.length; i++) {
    const owed = owedOn(book, i, day);
    if (owed === 0) continue;
    const fact = book.facts[i] as (typeof book.facts)[number];
    receive(owed, fact.accountId, fact.invoice.dueDate, true, day - (book.due[i] as number) > 90);
  }
  eachScheduledInvoice(book, facts, asOf, to, (contractId, accountId, issueDate, dueDate, minor) => receive(minor, accountId, dueDate, false, false));
  const m = (minor: number): Money => fromMinorUnits(minor, book.currency);
  const weeks: ForecastWeek[] = [];
  let cum = 0;
  let low = 0;
  let high = 0;
  for (let i = 0; i < weekCount; i++) {
    cum += weekly.expected[i] as number;
    low += weekly.low[i] as number;
    high += weekly.high[i] as number;
    weeks.push({ start: plus(from, 7 * i), expected: m(weekly.expected[i] as number), cumulative: m(cum), low: m(Math.min(low, cum)), high: m(Math.max(high, cum)) });
  }
  return { from, to, expected: m(cum), low: m(Math.min(low, cum)), high: m(Math.max(high, cum)), fromOpenInvoices: m(fromOpen), fromScheduledInvoices: m(fromScheduled), weeks };
}

/** An invoice a contract will be sent, projected from its latest cycle invoice. */
export interface ScheduledInvoice {
  /** The contract. */
  readonly contractId: string;
  /** The account. */
  readonly accountId: string;
  /** The projected issue day. */
  readonly issueDate: CalendarDate;
  /** The projected due day. */
  readonly dueDate: CalendarDate;
  /** The projected total, in minor units. */
  readonly minor: number;
}

/**
 * The cycle invoices each contract in service (by `facts.contracts`) will be sent after `asOf` and
 * before `until`: its latest cycle invoice repeated every cycle (the months from the period's full
 * start to its full end), same total, while the period starts before the contract's end.
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
 * // INV-2 billed February; C-1 is in service, so March and April are projected from it
 * const monthly: InsightFacts = { ...facts,
 *   invoices: [bill("INV-1", "2027-01-01", "2027-01-31"), { ...bill("INV-2", "2027-02-01", "2027-02-28"), invoice: { ...bill("INV-2", "2027-02-01", "2027-02-28").invoice, period: { start: "2027-02-01", end: "2027-03-01", fullStart: "2027-02-01", fullEnd: "2027-03-01" } } }],
 *   contracts: [{ id: "C-1", accountId: "A-1", customerName: "Acme", start: "2027-01-01", autoPay: false }] };
 * scheduledInvoices(buildBook(monthly), monthly, "2027-02-15", "2027-05-01").map((s) => [s.issueDate, s.dueDate, s.minor]); // → [["2027-03-01", "2027-03-28", 10000], ["2027-04-01", "2027-04-28", 10000]]
 * ```
 */
export function scheduledInvoices(book: Book, facts: InsightFacts, asOf: CalendarDate, until: CalendarDate): ScheduledInvoice[] {
  const out: ScheduledInvoice[] = [];
  eachScheduledInvoice(book, facts, asOf, until, (contractId, accountId, issueDate, dueDate, minor) => out.push({ contractId, accountId, issueDate, dueDate, minor }));
  return out;
}

/** Calls `fn` with each invoice {@link scheduledInvoices} lists, without keeping them. */
function eachScheduledInvoice(book: Book, facts: InsightFacts, asOf: CalendarDate, until: CalendarDate, fn: (contractId: string, accountId: string, issueDate: CalendarDate, dueDate: CalendarDate, minor: number) => void): void {
  // Each contract's latest cycle invoice (its index in the book; the first of a day's), by issue
  // day numbers, with the map written only where the contract changes (a contract's invoices
  // usually come together): the insight bench spent ≈ 0.2 s on a lookup and a string comparison
  // per invoice.
  const latest = new Map<string, number>();
  const asOfDay = dayNumber(asOf);
  let runContract: string | undefined;
  let runBest = -1;
  const flush = (): void => {
    if (runContract === undefined) return;
    const prev = latest.get(runContract);
    if (prev === undefined || (book.issue[prev] as number) < (book.issue[runBest] as number)) latest.set(runContract, runBest);
  };
  for (let i = 0; i < book.facts.length; i++) {
    const inv = (book.facts[i] as InvoiceFact).invoice;
    if (inv.kind !== "cycle" || inv.period === undefined || (book.issue[i] as number) > asOfDay) continue;
    if (inv.contractId !== runContract) {
      flush();
      [runContract, runBest] = [inv.contractId, i];
    } else if ((book.issue[runBest] as number) < (book.issue[i] as number)) runBest = i;
  }
  flush();
  for (const c of facts.contracts ?? []) {
    if (c.end !== undefined && c.end <= asOf) continue;
    const b = latest.get(c.id);
    if (b === undefined) continue;
    const inv = (book.facts[b] as InvoiceFact).invoice;
    const period = inv.period as NonNullable<typeof inv.period>;
    const months = monthsBetween(period.fullStart, period.fullEnd);
    for (let k = 1; k <= 60; k++) {
      const start = plusMonths(period.fullStart, months * k);
      if (c.end !== undefined && start >= c.end) break;
      const shift = between(period.fullStart, start);
      const issueDate = plus(inv.issueDate, shift);
      if (issueDate >= until) break;
      if (issueDate <= asOf) continue;
      fn(c.id, c.accountId, issueDate, plus(inv.dueDate, shift), inv.total.minor);
    }
  }
}

function monthsBetween(start: CalendarDate, end: CalendarDate): number {
  const months = monthIndex(end) - monthIndex(start);
  return months > 0 ? months : 1;
}
