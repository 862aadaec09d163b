import type { CalendarDate } from "../calendar/index.js";
import { ratio, type Ratio } from "../money/index.js";
import { NEVER, owedOn, PAID_BY_AUTOPAY, type Book } from "./book.js";
import { mean, median, quantile, roundRatio, share } from "./exact.js";
import type { Signals } from "./signals.js";
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
  const paid = book.paid[i] as number;
  if (paid === NEVER) return UNPROMPTED;
  if (((book.flags[i] as number) & PAID_BY_AUTOPAY) !== 0) return AUTO_PAY;
  const on = dateOf(paid);
  const clicks = signals.clicks.get(i);
  if (clicks !== undefined) for (const d of clicks) if (d <= on) return LINK;
  const reminders = signals.reminders.get(i);
  if (reminders === undefined) return UNPROMPTED;
  let step: number | undefined;
  for (const r of reminders) if (r.on <= on) step = r.step;
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

/** Each account's habits as of a day (accounts with at least one invoice issued by then). */
export function paymentHabits(book: Book, signals: Signals, asOf: CalendarDate): Map<string, PaymentHabits> {
  const day = dayNumber(asOf);
  const groups = new Map<string, number[]>();
  for (let i = 0; i < book.facts.length; i++) {
    if ((book.issue[i] as number) > day) continue;
    const accountId = (book.facts[i] as (typeof book.facts)[number]).accountId;
    const list = groups.get(accountId);
    if (list === undefined) groups.set(accountId, [i]);
    else list.push(i);
  }
  const out = new Map<string, PaymentHabits>();
  for (const [accountId, invoices] of groups) out.set(accountId, habitsOf(book, accountId, invoices, signals, day));
  return out;
}

function habitsOf(book: Book, accountId: string, invoices: readonly number[], signals: Signals, asOf: number): PaymentHabits {
  const delays: number[] = [];
  const lateness: number[] = [];
  const days = new Map<number, number>();
  let onTime = 0;
  let late = 0;
  let due = 0;
  const ledBy = { autoPay: 0, link: 0, reminders: {} as Record<string, number>, unprompted: 0 };
  for (const i of invoices) {
    const dueDay = book.due[i] as number;
    const paidDay = book.paid[i] as number;
    const paid = paidDay <= asOf;
    if (dueDay <= asOf) {
      due++;
      if (paid ? paidDay > dueDay : asOf > dueDay && owedOn(book, i, asOf) > 0) late++;
    }
    if (!paid) continue;
    const on = dateOf(paidDay);
    const delay = paidDay - dueDay;
    delays.push(delay);
    lateness.push(delay > 0 ? delay : 0);
    if (delay <= 0) onTime++;
    const day = dayOfMonth(on);
    days.set(day, (days.get(day) ?? 0) + 1);
    const cause = causeOf(book, i, signals);
    if (cause.kind === "reminder") ledBy.reminders[String(cause.step)] = (ledBy.reminders[String(cause.step)] ?? 0) + 1;
    else ledBy[cause.kind]++;
  }
  let typical: number | undefined;
  let best = 0;
  for (const [day, n] of days) if (n > best || (n === best && typical !== undefined && day < typical)) [typical, best] = [day, n];
  return {
    accountId,
    customerName: (book.facts[invoices[invoices.length - 1] as number] as (typeof book.facts)[number]).invoice.customerName,
    paid: delays.length,
    onTime,
    onTimeRate: share(onTime, delays.length),
    meanDaysLate: mean(lateness),
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
 */
export function paymentModel(habits: ReadonlyMap<string, PaymentHabits>, facts: InsightFacts, asOf: CalendarDate): PaymentModel {
  const autoPay = new Set((facts.contracts ?? []).filter((c) => c.autoPay).map((c) => c.accountId));
  const all: number[] = [];
  for (const h of habits.values()) for (const d of h.delays) all.push(d);
  const portfolio = delayStats(all);
  const tomorrow = plus(asOf, 1);
  const own = new Map<string, DelayStats | undefined>();
  return (accountId, dueDate) => {
    const h = habits.get(accountId);
    let method: PredictionMethod;
    let stats: DelayStats | undefined;
    if (autoPay.has(accountId) && dueDate >= asOf) method = "autoPay";
    else if (h !== undefined && h.delays.length > 0) {
      if (!own.has(accountId)) own.set(accountId, delayStats(h.delays));
      [method, stats] = ["history", own.get(accountId)];
    } else if (portfolio !== undefined) [method, stats] = ["portfolio", portfolio];
    else method = "dueDate";
    const at = (delay: number): CalendarDate => {
      const d = delay === 0 ? dueDate : plus(dueDate, delay);
      return d < tomorrow ? tomorrow : d;
    };
    return { expected: at(stats?.median ?? 0), earliest: at(stats?.q1 ?? 0), latest: at(stats?.q3 ?? 0), method };
  };
}

/** Predicts the payment day of every invoice open at the end of `asOf`, by {@link paymentModel}. */
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
  const sorted = [...delays].sort((a, b) => a - b);
  const m = median(sorted);
  if (m === undefined) return undefined;
  return { median: roundRatio(m), q1: quantile(sorted, Q1) as number, q3: quantile(sorted, Q3) as number };
}
