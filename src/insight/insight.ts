import { addDays, addMonthsFromAnchor, isCalendarDate, type CalendarDate } from "../calendar/index.js";
import { ErrorCodes, IssueCollector } from "../errors/index.js";
import { isCurrencyCode, type Money } from "../money/index.js";
import { agingAt, type AgingReport } from "./aging.js";
import { buildBook, uniqueFinderOf } from "./book.js";
import { collectionsWorkList, type NextAutomatedAction, type WorkListItem } from "./collections.js";
import { daysSalesOutstanding, daysToPayment, lastDay, type DaysSalesOutstanding, type DaysToPayment } from "./daysToPay.js";
import { cashFlowForecast, type CashFlowForecast } from "./forecast.js";
import { paymentHabits, paymentModel, predictPayments, type PaymentHabits, type PaymentPrediction } from "./habits.js";
import { autoPayEnrollment, billingAccuracy, failedPaymentRecovery, reminderEffectiveness, renewalRate, type BillingAccuracy, type Rate, type RecoveryRate, type ReminderStepEffect } from "./rates.js";
import { deferredRevenueOf, type DeferredRevenue, type RecognitionMethod } from "./revenue.js";
import { recurringCharges, rmrAt, rmrTrendAndMovement, type RmrMovement } from "./rmr.js";
import { readSignals } from "./signals.js";
import type { InsightFacts, InsightRange } from "./types.js";

/** Options of {@link computeInsight}. */
export interface InsightOptions {
  /** The day the report is as of (its end). */
  readonly asOf: CalendarDate;
  /** The period of the range metrics, `[from, to)`; default the twelve months up to and including `asOf`. */
  readonly range?: InsightRange | undefined;
  /** Days after a reminder within which a payment counts for it; default 5. */
  readonly reminderWindowDays?: number | undefined;
  /** How revenue is recognized; default `"daily"`. */
  readonly recognition?: RecognitionMethod | undefined;
  /** Days of the cash-flow forecast; default 90. */
  readonly forecastDays?: number | undefined;
  /** Each account's next automated action (from the timeline), for the work list. */
  readonly nextActions?: ReadonlyMap<string, NextAutomatedAction> | undefined;
}

/** RMR at one month's first day, and the movement that led to it. */
export interface RmrPoint {
  /** The month, `"YYYY-MM"`. */
  readonly month: string;
  /** RMR on its first day. */
  readonly rmr: Money;
  /** Movement from the previous month's first day to this month's: what brought RMR here. */
  readonly movement: Pick<RmrMovement, "new" | "expansion" | "contraction" | "churn">;
}

/** Reminder effectiveness, step by step. */
export interface ReminderReport {
  /** Days after a reminder within which a payment counts for it. */
  readonly withinDays: number;
  /** Each step. */
  readonly steps: readonly ReminderStepEffect[];
}

/** RMR in a report. */
export interface RmrReport {
  /** RMR in force on the as-of day. */
  readonly current: Money;
  /** Its movement over the range. */
  readonly movement: RmrMovement;
  /** Month by month. */
  readonly trend: readonly RmrPoint[];
}

/** Deferred revenue in a report, and how it was recognized. */
export interface RevenueReport extends DeferredRevenue {
  /** The recognition method. */
  readonly method: RecognitionMethod;
}

/** Every metric of a portfolio, as of a day. */
export interface InsightReport {
  /** The as-of day. */
  readonly asOf: CalendarDate;
  /** The range metrics' period. */
  readonly range: InsightRange;
  /** The currency. */
  readonly currency: string;
  /** Accounts receivable aging. */
  readonly aging: AgingReport;
  /** Days from issue to payment, over the range. */
  readonly daysToPayment: DaysToPayment;
  /** DSO over the range. */
  readonly dso: DaysSalesOutstanding;
  /** Each account's payment habits, as of the day. */
  readonly habits: readonly PaymentHabits[];
  /** A predicted payment day of each open invoice. */
  readonly predictions: readonly PaymentPrediction[];
  /** Auto-pay enrollment as of the day. */
  readonly autoPay: Rate;
  /** Terms ending in the range that renewed. */
  readonly renewals: Rate;
  /** Failed payments in the range recovered by retries. */
  readonly recovery: RecoveryRate;
  /** Reminder effectiveness over the range. */
  readonly reminders: ReminderReport;
  /** RMR in force on the as-of day, its movement from the range's first to its last day, and month by month. */
  readonly rmr: RmrReport;
  /** Billing accuracy over the range. */
  readonly accuracy: BillingAccuracy;
  /** Deferred revenue as of the day. */
  readonly revenue: RevenueReport;
  /** The collections work list. */
  readonly workList: readonly WorkListItem[];
  /** The cash-flow forecast. */
  readonly forecast: CashFlowForecast;
}

/**
 * Every metric at once, in one pass over the facts (indexed once, then read by each metric): AR
 * aging, days to payment and DSO, habits and predictions, auto-pay, renewal, recovery and reminder
 * rates, RMR and its movement, billing accuracy, deferred revenue, the collections work list and
 * the cash-flow forecast. Pure: the same facts and options always give the same report.
 *
 * @throws {@link ValidationError} listing every bad option (dates, range, numbers, currency)
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
 * const report = computeInsight(facts, { asOf: "2027-03-31" });
 * toDecimalString(report.aging.total); // → "100.00"
 * ratioToString(report.daysToPayment.mean ?? ratio(0)); // → "35"
 * report.workList.map((item) => [item.accountId, item.invoices]); // → [["A-1", ["INV-2"]]]
 * ```
 */
export function computeInsight(facts: InsightFacts, options: InsightOptions): InsightReport {
  const issues = new IssueCollector();
  const { asOf } = options;
  if (!isCalendarDate(asOf)) issues.add(["asOf"], ErrorCodes.invalidDate, `expected a calendar date YYYY-MM-DD, got ${JSON.stringify(asOf)}`);
  if (!isCurrencyCode(facts.currency)) issues.add(["currency"], ErrorCodes.unknownCurrency, `unknown currency ${JSON.stringify(facts.currency)}: expected an ISO 4217 code such as "USD"`);
  const window = options.reminderWindowDays ?? 5;
  if (!Number.isSafeInteger(window) || window < 0) issues.add(["reminderWindowDays"], ErrorCodes.outOfRange, `expected a whole number of days, 0 or more, got ${String(window)}`);
  const horizon = options.forecastDays ?? 90;
  if (!Number.isSafeInteger(horizon) || horizon < 1 || horizon > 366) issues.add(["forecastDays"], ErrorCodes.outOfRange, `expected a whole number of days from 1 to 366, got ${String(horizon)}`);
  const method = options.recognition ?? "daily";
  if (method !== "daily" && method !== "monthly") issues.add(["recognition"], ErrorCodes.invalidOption, `expected "daily" or "monthly", got ${JSON.stringify(method)}`);
  const r = options.range;
  if (r !== undefined) {
    if (!isCalendarDate(r.from)) issues.add(["range", "from"], ErrorCodes.invalidDate, `expected a calendar date YYYY-MM-DD, got ${JSON.stringify(r.from)}`);
    if (!isCalendarDate(r.to)) issues.add(["range", "to"], ErrorCodes.invalidDate, `expected a calendar date YYYY-MM-DD, got ${JSON.stringify(r.to)}`);
    if (isCalendarDate(r.from) && isCalendarDate(r.to) && r.to <= r.from) issues.add(["range", "to"], ErrorCodes.endBeforeStart, `the range must end after it starts: ${r.from} → ${r.to}`);
  }
  issues.throwIfAny();

  const end = addDays(asOf, 1);
  const range = r ?? { from: addMonthsFromAnchor(end, -12), to: end };
  const { currency } = facts;
  const book = buildBook(facts);
  const unique = uniqueFinderOf(book);
  const signals = readSignals(facts, book);
  const habits = paymentHabits(book, signals, asOf);
  const model = paymentModel(habits, facts, asOf);
  const charges = facts.recurring ?? recurringCharges(facts.invoices, facts.contracts ?? []);
  const firstMonth = `${range.from.slice(0, 7)}-01`;
  const months: CalendarDate[] = [];
  for (let k = 0; addMonthsFromAnchor(firstMonth, k) <= asOf; k++) months.push(addMonthsFromAnchor(firstMonth, k));
  const rmr = rmrTrendAndMovement(charges, { before: addMonthsFromAnchor(firstMonth, -1), days: months }, { from: range.from, to: lastDay(range.to) > range.from ? lastDay(range.to) : range.to }, currency);
  const trend: RmrPoint[] = rmr.trend.map((p) => ({
    month: p.day.slice(0, 7),
    rmr: p.rmr,
    movement: { new: p.new, expansion: p.expansion, contraction: p.contraction, churn: p.churn },
  }));
  return {
    asOf,
    range,
    currency,
    aging: agingAt(book, asOf),
    daysToPayment: daysToPayment(book, range),
    dso: daysSalesOutstanding(book, range),
    habits: [...habits.values()].sort((a, b) => (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0)),
    predictions: predictPayments(book, model, asOf),
    autoPay: autoPayEnrollment(facts, asOf),
    renewals: renewalRate(facts, range),
    recovery: failedPaymentRecovery(book, signals, range),
    reminders: { withinDays: window, steps: reminderEffectiveness(book, signals, range, window) },
    rmr: { current: rmrAt(charges, asOf, currency), movement: rmr.movement, trend },
    accuracy: billingAccuracy(book, signals, range),
    revenue: { ...deferredRevenueOf(facts.invoices, facts.creditNotes ?? [], asOf, currency, method, unique === undefined ? undefined : (number) => book.facts[unique(number)]), method },
    workList: collectionsWorkList(book, habits, asOf, options.nextActions),
    forecast: cashFlowForecast(book, model, facts, asOf, horizon),
  };
}
