/**
 * Receivables insight: AR aging, days to payment and DSO, payment habits and predicted payment
 * days, auto-pay, renewal, recovery and reminder rates, RMR and its movement, billing accuracy,
 * revenue recognition, the collections work list and a cash-flow forecast — pure functions over
 * stored facts (invoices, payments, credit notes, messages, attempts, contracts) — and the report
 * a finance person opens: one self-contained HTML page, the same data as JSON, a terminal summary.
 *
 * Only the metrics, the report and their types are exported; the helpers they share (the book's
 * columns and flags, the exact statistics, HTML escaping) stay inside the module.
 *
 * @module
 */
export { AGING_BUCKETS, agingAt, agingBucketOf, type AccountAging, type AgedInvoice, type AgingBucket, type AgingBucketName, type AgingReport } from "./aging.js";
export { buildBook, type Book } from "./book.js";
export { collectionsWorkList, type NextAutomatedAction, type WorkListItem } from "./collections.js";
export { daysSalesOutstanding, daysToPayment, type DaysSalesOutstanding, type DaysToPayment } from "./daysToPay.js";
export { cashFlowForecast, scheduledInvoices, type CashFlowForecast, type ForecastWeek, type ScheduledInvoice } from "./forecast.js";
export { paymentHabits, paymentModel, predictPayments, type PaymentCause, type PaymentCauses, type PaymentHabits, type PaymentModel, type PaymentPrediction, type PredictionMethod } from "./habits.js";
export { renderInsightHtml, type InsightHtmlOptions } from "./html.js";
export { computeInsight, type InsightOptions, type InsightReport, type ReminderReport, type RevenueReport, type RmrPoint, type RmrReport } from "./insight.js";
export { insightToJson } from "./json.js";
export { autoPayEnrollment, billingAccuracy, failedPaymentRecovery, reminderEffectiveness, renewalRate, type BillingAccuracy, type Rate, type RecoveryRate, type ReminderStepEffect } from "./rates.js";
export { deferredRevenue, recognitionCsv, recognitionSchedule, type DeferredRevenue, type RecognitionMethod, type RecognitionRow } from "./revenue.js";
export { recurringCharges, rmrAt, rmrMovement, rmrTrend, type RmrChange, type RmrMovement, type RmrTrendPoint } from "./rmr.js";
export { readSignals, type AttemptSeen, type ReminderSent, type Signals } from "./signals.js";
export { insightSummary } from "./summary.js";
export type {
  AllocationFact,
  AttemptFact,
  CaseFact,
  ContractFact,
  CreditedLineFact,
  CreditNoteFact,
  DaySpan,
  InsightFacts,
  InsightRange,
  InvoiceDocumentFact,
  InvoiceFact,
  InvoiceFactLine,
  LineFraction,
  MessageEventFact,
  MessageFact,
  PeriodFact,
  ReceivedPaymentFact,
  RecurringCharge,
  ReversalFact,
  SettlementFact,
  TermOutcomeFact,
} from "./types.js";
