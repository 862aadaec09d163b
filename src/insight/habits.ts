import type { CalendarDate } from "../calendar/index.js";
import { ratio, type Ratio } from "../money/index.js";
import { accountsOf, NEVER, owedOn, PAID_BY_AUTOPAY, type Book } from "./book.js";
import { medianOfSorted, quantileOfSorted, roundRatio, share, sortedCopy } from "./exact.js";
import { CLICKED, marksOf, REMINDED, reminderIndexOf, remindersAt, type ReminderSent, type Signals } from "./signals.js";
import type { InsightFacts } from "./types.js";
import { dateOf, dayNumber, dayOfMonth, plus } from "./days.js";

/** What led to a payment. */
export type PaymentCause =
  | {
      /**
       * An auto-pay charge settled it.
       */
      readonly kind: "autoPay";
    }
  | {
      /**
       * A link in a message about it was clicked on or before the payment day.
       */
      readonly kind: "link";
    }
  | {
      /**
       * A reminder was the latest message before the payment.
       */
      readonly kind: "reminder";
      /**
       * Its step: days from the due date.
       */
      readonly step: number;
    }
  | {
      /**
       * Nothing did.
       */
      readonly kind: "unprompted";
    };

const AUTO_PAY: PaymentCause = { kind: "autoPay" };
const LINK: PaymentCause = { kind: "link" };
const UNPROMPTED: PaymentCause = { kind: "unprompted" };

/**
 * What led to an invoice's payment, in this order: an auto-pay charge settled it; else a link in a
 * message about it was clicked on or before the payment day; else the latest reminder sent on or
 * before that day; else nothing did (`"unprompted"`).
 */
export function causeOf(book: Book, i: number, signals: Signals): PaymentCause {
  return causeMarked(book, i, signals, marksOf(signals));
}

/** {@link causeOf}, with the signals' marks (when known) saying which maps to look in. */
function causeMarked(book: Book, i: number, signals: Signals, marks: Uint8Array | undefined): PaymentCause {
  const paid = book.paid[i] as number;
  if (paid === NEVER) return UNPROMPTED;
  if (((book.flags[i] as number) & PAID_BY_AUTOPAY) !== 0) return AUTO_PAY;
  const mark = marks === undefined ? CLICKED | REMINDED : (marks[i] as number);
  if (mark === 0) return UNPROMPTED;
  const on = dateOf(paid);
  const clicks = (mark & CLICKED) === 0 ? undefined : signals.clicks.get(i);
  if (clicks !== undefined) for (const d of clicks) if (d <= on) return LINK;
  if ((mark & REMINDED) === 0) return UNPROMPTED;
  let step: number | undefined;
  const index = marks === undefined ? undefined : reminderIndexOf(signals);
  if (index !== undefined) {
    const { from, to } = remindersAt(index, i);
    for (let k = from; k < to; k++) {
      const r = index.sent[k] as ReminderSent;
      if (r.on <= on) step = r.step;
    }
  } else {
    const reminders = signals.reminders.get(i);
    if (reminders === undefined) return UNPROMPTED;
    for (const r of reminders) if (r.on <= on) step = r.step;
  }
  return step === undefined ? UNPROMPTED : { kind: "reminder", step };
}

/** How many of a customer's payments each cause led to. */
export interface PaymentCauses {
  /** Auto-pay charges. */
  readonly autoPay: number;
  /** Link clicks. */
  readonly link: number;
  /** Reminders, by step (days from the due date, as a string key). */
  readonly reminders: Readonly<Record<string, number>>;
  /** Nothing. */
  readonly unprompted: number;
}

/** A customer's payment habits, from the invoices paid by a day. */
export interface PaymentHabits {
  /** The account. */
  readonly accountId: string;
  /** The customer's name. */
  readonly customerName: string;
  /** Invoices paid by the day. */
  readonly paid: number;
  /** Of those, paid on or before the due date. */
  readonly onTime: number;
  /** onTime ÷ paid, exactly; undefined without history. */
  readonly onTimeRate: Ratio | undefined;
  /** Mean days after the due date (0 for an invoice paid on time), exactly. */
  readonly meanDaysLate: Ratio | undefined;
  /** The day of the month most payments came in on (the earliest such day on a tie). */
  readonly typicalPaymentDay: number | undefined;
  /** How many payments each cause led to. */
  readonly ledBy: PaymentCauses;
  /** Invoices due by the day that were paid late or are still unpaid past due. */
  readonly late: number;
  /** Invoices due by the day. */
  readonly due: number;
  /**
   * The chance the next invoice is paid late, by Laplace's rule of succession:
   * (late + 1) ÷ (due + 2) — 1/2 for a customer with no history.
   */
  readonly risk: Ratio;
  /** Days from due to payment of each paid invoice (negative: early), for the predictions. */
  readonly delays: readonly number[];
}

/** Each account's number (its place in the map) of habits made by {@link paymentHabits}, for the model's memo. */
const numbers = new WeakMap<ReadonlyMap<string, PaymentHabits>, { get(accountId: string): number | undefined; readonly size: number }>();

/**
 * Each account's habits as of a day (accounts with at least one invoice issued by then).
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
 * const acme = paymentHabits(book, readSignals(facts, book), "2027-03-31").get("A-1");
 * [acme?.paid, acme?.onTime, acme?.typicalPaymentDay]; // → [1, 0, 5]
 * ratioToString(acme?.meanDaysLate ?? ratio(0)); // → "5"
 * ```
 */
export function paymentHabits(book: Book, signals: Signals, asOf: CalendarDate): Map<string, PaymentHabits> {
  const day = dayNumber(asOf);
  const n = book.facts.length;
  // Each account's invoices as one run of `members` (a group per account, in the order accounts
  // first appear), not an array per account.
  const known = accountsOf(book);
  const accounts: string[] = [];
  const counts: number[] = [];
  // Each invoice's group (-1: issued after the day).
  let groupOf: (i: number) => number;
  let ids: { get(accountId: string): number | undefined; readonly size: number };
  if (known !== undefined) {
    // The book numbered the accounts: renumber them in the order they first appear here (no
    // array per invoice: typed arrays beyond ≈ 60 MiB in all set off a full collection).
    const renumber = new Int32Array(known.ids.length).fill(-1);
    const { runStart, runAccount } = known;
    // Each invoice's book account, from the runs, for invoices asked in ascending order (from
    // the first run again when asked for an earlier one).
    let run = 0;
    let runFrom = 0;
    let runEnd = runStart.length > 1 ? (runStart[1] as number) : n;
    const bookAccount = (i: number): number => {
      if (i < runFrom) [run, runFrom, runEnd] = [0, 0, runStart.length > 1 ? (runStart[1] as number) : n];
      while (i >= runEnd) {
        run++;
        runFrom = runEnd;
        runEnd = runStart[run + 1] as number;
      }
      return runAccount[run] as number;
    };
    for (let i = 0; i < n; i++) {
      if ((book.issue[i] as number) > day) continue;
      const b = bookAccount(i);
      let g = renumber[b] as number;
      if (g < 0) {
        renumber[b] = g = accounts.length;
        accounts.push(known.ids[b] as string);
        counts.push(0);
      }
      counts[g] = (counts[g] as number) + 1;
    }
    ids = {
      get: (accountId) => {
        const b = known.numbers.get(accountId);
        const g = b === undefined ? -1 : (renumber[b] as number);
        return g < 0 ? undefined : g;
      },
      size: accounts.length,
    };
    groupOf = (i) => ((book.issue[i] as number) > day ? -1 : (renumber[bookAccount(i)] as number));
  } else {
    // The map is only read when the account changes: a store's invoices come account by account.
    const byId = new Map<string, number>();
    const group = new Int32Array(n).fill(-1);
    let lastId: string | undefined;
    let last = -1;
    for (let i = 0; i < n; i++) {
      if ((book.issue[i] as number) > day) continue;
      const accountId = (book.facts[i] as (typeof book.facts)[number]).accountId;
      if (accountId !== lastId) {
        let g = byId.get(accountId);
        if (g === undefined) {
          g = accounts.length;
          byId.set(accountId, g);
          accounts.push(accountId);
          counts.push(0);
        }
        lastId = accountId;
        last = g;
      }
      group[i] = last;
      counts[last] = (counts[last] as number) + 1;
    }
    ids = byId;
    groupOf = (i) => group[i] as number;
  }
  const from = new Int32Array(accounts.length + 1);
  for (let g = 0; g < accounts.length; g++) from[g + 1] = (from[g] as number) + (counts[g] as number);
  const next = from.slice(0, accounts.length);
  const members = new Int32Array(from[accounts.length] as number);
  for (let i = 0; i < n; i++) {
    const g = groupOf(i);
    if (g < 0) continue;
    const k = next[g] as number;
    members[k] = i;
    next[g] = k + 1;
  }
  const out = new Map<string, PaymentHabits>();
  const days = new Int32Array(32);
  const marks = marksOf(signals);
  for (let g = 0; g < accounts.length; g++) {
    const accountId = accounts[g] as string;
    out.set(accountId, habitsOf(book, accountId, members.subarray(from[g] as number, from[g + 1] as number), signals, marks, day, days));
  }
  numbers.set(out, ids);
  return out;
}

/** One account's habits; `days` is scratch (32 zeros, left zeroed) for the count of each day of the month. */
function habitsOf(book: Book, accountId: string, invoices: Int32Array, signals: Signals, marks: Uint8Array | undefined, asOf: number, days: Int32Array): PaymentHabits {
  // Made at their length (a list grown by push holds 17 items: ≈ 4 MiB more over the bench's
  // 83,334 accounts, all of it kept in the report).
  let paidCount = 0;
  for (let k = 0; k < invoices.length; k++) if ((book.paid[invoices[k] as number] as number) <= asOf) paidCount++;
  const delays: number[] = new Array<number>(paidCount);
  let filled = 0;
  let lateDays = 0;
  let onTime = 0;
  let late = 0;
  let due = 0;
  const ledBy = { autoPay: 0, link: 0, reminders: {} as Record<string, number>, unprompted: 0 };
  for (let k = 0; k < invoices.length; k++) {
    const i = invoices[k] as number;
    const dueDay = book.due[i] as number;
    const paidDay = book.paid[i] as number;
    const paid = paidDay <= asOf;
    if (dueDay <= asOf) {
      due++;
      if (paid ? paidDay > dueDay : asOf > dueDay && owedOn(book, i, asOf) > 0) late++;
    }
    if (!paid) continue;
    const delay = paidDay - dueDay;
    delays[filled++] = delay;
    if (delay > 0) lateDays += delay;
    else onTime++;
    const d = dayOfMonth(dateOf(paidDay));
    days[d] = (days[d] as number) + 1;
    const cause = causeMarked(book, i, signals, marks);
    if (cause.kind === "reminder") ledBy.reminders[String(cause.step)] = (ledBy.reminders[String(cause.step)] ?? 0) + 1;
    else ledBy[cause.kind]++;
  }
  // The most frequent day of the month, the earliest on a tie.
  let typical: number | undefined;
  let best = 0;
  for (let d = 1; d < 32; d++) {
    const count = days[d] as number;
    if (count > best) [typical, best] = [d, count];
    days[d] = 0;
  }
  return {
    accountId,
    customerName: (book.facts[invoices[invoices.length - 1] as number] as (typeof book.facts)[number]).invoice.customerName,
    paid: delays.length,
    onTime,
    onTimeRate: share(onTime, delays.length),
    // The exact mean of the days late (0 for an invoice paid on time); whole days add exactly.
    meanDaysLate: delays.length === 0 ? undefined : ratio(lateDays, delays.length),
    typicalPaymentDay: typical,
    ledBy,
    late,
    due,
    risk: ratio(late + 1, due + 2),
    delays,
  };
}

/** How a payment date was predicted. */
export type PredictionMethod = "autoPay" | "history" | "portfolio" | "dueDate";

/** A predicted payment date of an open invoice, with a range. */
export interface PaymentPrediction {
  /** The invoice. */
  readonly number: string;
  /** The account. */
  readonly accountId: string;
  /** What it owes at the prediction day (minor units). */
  readonly owedMinor: number;
  /** The day it is expected to be paid. */
  readonly expected: CalendarDate;
  /** The early end of the range (the 25th-percentile delay). */
  readonly earliest: CalendarDate;
  /** The late end of the range (the 75th-percentile delay). */
  readonly latest: CalendarDate;
  /** Where the delay came from. */
  readonly method: PredictionMethod;
}

const Q1 = ratio(1, 4);
const Q3 = ratio(3, 4);

/** When an invoice due on a day is expected to be paid, for one account. */
export type PaymentModel = (accountId: string, dueDate: CalendarDate) => Omit<PaymentPrediction, "number" | "accountId" | "owedMinor">;

/**
 * The payment model behind every prediction and the cash-flow forecast, as of the end of `asOf`:
 *
 * - an account on auto-pay, for an invoice due on or after `asOf`: the due date (`"autoPay"`);
 * - an account with paid invoices: the due date plus the median of its own delays (days from due
 *   to payment, rounded half away from zero), the range from their 25th to 75th percentiles
 *   (nearest rank) (`"history"`);
 * - an account without history: the same from every account's paid invoices (`"portfolio"`);
 * - nothing paid anywhere yet: the due date (`"dueDate"`).
 *
 * A day already past is moved to the day after `asOf` (the invoice was not paid by then).
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
 * model("A-1", "2027-04-30"); // → { expected: "2027-05-05", earliest: "2027-05-05", latest: "2027-05-05", method: "history" }
 * ```
 */
export function paymentModel(habits: ReadonlyMap<string, PaymentHabits>, facts: InsightFacts, asOf: CalendarDate): PaymentModel {
  const autoPay = new Set((facts.contracts ?? []).filter((c) => c.autoPay).map((c) => c.accountId));
  let count = 0;
  for (const h of habits.values()) count += h.delays.length;
  // Delays are differences of 32-bit day numbers.
  const all = new Int32Array(count);
  count = 0;
  for (const h of habits.values()) for (const d of h.delays) all[count++] = d;
  const portfolio = count === 0 ? undefined : statsOfSorted(all.sort());
  const tomorrow = plus(asOf, 1);
  // Each account's own delay statistics, computed when first asked: in a list by the account's
  // number when the habits come from paymentHabits (one map of 83,334 keys fewer in the bench).
  const numbered = numbers.get(habits);
  const ownList = new Array<DelayStats | undefined>(numbered?.size ?? 0);
  const own = new Map<string, DelayStats | undefined>();
  const ownStats = (accountId: string, delays: readonly number[]): DelayStats | undefined => {
    const n = numbered?.get(accountId);
    if (n === undefined) {
      if (!own.has(accountId)) own.set(accountId, delayStats(delays));
      return own.get(accountId);
    }
    let stats = ownList[n];
    if (stats === undefined) ownList[n] = stats = delayStats(delays);
    return stats;
  };
  return (accountId, dueDate) => {
    const h = habits.get(accountId);
    let method: PredictionMethod;
    let stats: DelayStats | undefined;
    if (autoPay.has(accountId) && dueDate >= asOf) method = "autoPay";
    else if (h !== undefined && h.delays.length > 0) {
      [method, stats] = ["history", ownStats(accountId, h.delays)];
    } else if (portfolio !== undefined) [method, stats] = ["portfolio", portfolio];
    else method = "dueDate";
    const at = (delay: number): CalendarDate => {
      const d = delay === 0 ? dueDate : plus(dueDate, delay);
      return d < tomorrow ? tomorrow : d;
    };
    return { expected: at(stats?.median ?? 0), earliest: at(stats?.q1 ?? 0), latest: at(stats?.q3 ?? 0), method };
  };
}

/**
 * Predicts the payment day of every invoice open at the end of `asOf`, by {@link paymentModel}.
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
 * // INV-2's due date plus Acme's 5 days is already past, so the next day
 * predictPayments(book, model, "2027-03-31").map((p) => [p.number, p.expected, p.method]); // → [["INV-2", "2027-04-01", "history"]]
 * ```
 */
export function predictPayments(book: Book, model: PaymentModel, asOf: CalendarDate): PaymentPrediction[] {
  const out: PaymentPrediction[] = [];
  const day = dayNumber(asOf);
  for (let i = 0; i < book.facts.length; i++) {
    const owed = owedOn(book, i, day);
    if (owed === 0) continue;
    const fact = book.facts[i] as (typeof book.facts)[number];
    const p = model(fact.accountId, fact.invoice.dueDate);
    out.push({ number: fact.invoice.number, accountId: fact.accountId, owedMinor: owed, expected: p.expected, earliest: p.earliest, latest: p.latest, method: p.method });
  }
  return out;
}

interface DelayStats {
  readonly median: number;
  readonly q1: number;
  readonly q3: number;
}

function delayStats(delays: readonly number[]): DelayStats | undefined {
  if (delays.length === 0) return undefined;
  return statsOfSorted(sortedCopy(delays));
}

function statsOfSorted(sorted: ArrayLike<number>): DelayStats {
  return { median: roundRatio(medianOfSorted(sorted)), q1: quantileOfSorted(sorted, Q1), q3: quantileOfSorted(sorted, Q3) };
}
