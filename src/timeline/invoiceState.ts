import type { IssuePath } from "../errors/index.js";
import { compare, subtract, sum, zero, type Money } from "../money/index.js";
import type { InvoiceFacts, PaymentAttempt } from "./facts.js";
import { millis } from "./instant.js";

/** A half-open span of time `[from, to)` in epoch milliseconds; `to` may be `Infinity`. @internal */
export interface Interval {
  readonly from: number;
  readonly to: number;
}

/** Whether `ms` falls inside any of the intervals. @internal */
export function within(intervals: readonly Interval[], ms: number): boolean {
  return intervals.some((span) => span.from <= ms && ms < span.to);
}

/** The end of the holds covering `ms`, following holds that overlap each other; `undefined` if none covers it. @internal */
export function holdEnd(holds: readonly Interval[], ms: number): number | undefined {
  let end: number | undefined;
  let point = ms;
  for (;;) {
    const covering = holds.filter((span) => span.from <= point && point < span.to);
    if (covering.length === 0) return end;
    end = Math.max(...covering.map((span) => span.to));
    point = end;
  }
}

/** The attempts of an invoice in time order (ties by id), with their instants read once. @internal */
export interface TimedAttempt {
  readonly attempt: PaymentAttempt;
  readonly at: number;
  readonly outcomeAt: number;
}

/** Attempts with their instants read once, in time order (ties by id). @internal */
export function timedAttempts(attempts: readonly PaymentAttempt[], path: IssuePath): TimedAttempt[] {
  return attempts
    .map((attempt, i): TimedAttempt => {
      const at = millis(attempt.at, [...path, i, "at"]);
      const outcomeAt = attempt.outcomeAt === undefined ? at : Math.max(at, millis(attempt.outcomeAt, [...path, i, "outcomeAt"]));
      return { attempt, at, outcomeAt };
    })
    .sort((a, b) => a.at - b.at || (a.attempt.id < b.attempt.id ? -1 : a.attempt.id > b.attempt.id ? 1 : 0));
}

/** An invoice's facts read once: instants as milliseconds, attempts in order. @internal */
export interface InvoiceState {
  readonly invoice: InvoiceFacts;
  /** Payments in time order. */
  readonly payments: readonly { readonly at: number; readonly amount: Money }[];
  /** When the payments first covered the total (`-Infinity` for a zero invoice, `Infinity` if never). */
  readonly paidAt: number;
  /** When the invoice was voided, or `Infinity`. */
  readonly voidedAt: number;
  /** Nothing about the invoice happens at or after this instant: paid or voided. */
  readonly stopAt: number;
  /** Attempts in time order. */
  readonly attempts: readonly TimedAttempt[];
  /** Spans in which a payment was in flight (processing, or an unknown outcome). */
  readonly inFlight: readonly Interval[];
  /** Spans in which a dispute was open. */
  readonly disputed: readonly Interval[];
}

/** Reads an invoice's facts once. @internal */
export function invoiceState(invoice: InvoiceFacts): InvoiceState {
  const path = ["invoices", invoice.id];
  const payments = (invoice.payments ?? [])
    .map((payment, i) => ({ at: millis(payment.at, [...path, "payments", i, "at"]), amount: payment.amount }))
    .sort((a, b) => a.at - b.at);
  let paidAt = Number.POSITIVE_INFINITY;
  if (invoice.total.minor <= 0) paidAt = Number.NEGATIVE_INFINITY;
  else {
    let paid = zero(invoice.total.currency);
    for (const payment of payments) {
      paid = sum([paid, payment.amount], invoice.total.currency);
      if (compare(paid, invoice.total) >= 0) {
        paidAt = payment.at;
        break;
      }
    }
  }
  const voidedAt = invoice.voidedAt === undefined ? Number.POSITIVE_INFINITY : millis(invoice.voidedAt, [...path, "voidedAt"]);
  const attempts = timedAttempts(invoice.attempts ?? [], [...path, "attempts"]);
  const inFlight: Interval[] = [];
  for (const timed of attempts) {
    const kind = timed.attempt.outcome.kind;
    if (kind === "processing" || kind === "unknown") inFlight.push({ from: timed.at, to: Number.POSITIVE_INFINITY });
    else if (timed.outcomeAt > timed.at) inFlight.push({ from: timed.at, to: timed.outcomeAt });
  }
  const disputed = (invoice.disputes ?? []).map((dispute, i): Interval => ({
    from: millis(dispute.openedAt, [...path, "disputes", i, "openedAt"]),
    to: dispute.closedAt === undefined ? Number.POSITIVE_INFINITY : millis(dispute.closedAt, [...path, "disputes", i, "closedAt"]),
  }));
  return { invoice, payments, paidAt, voidedAt, stopAt: Math.min(paidAt, voidedAt), attempts, inFlight, disputed };
}

/** The unpaid balance just before `ms`: the total less the payments received before it, never below zero. @internal */
export function balanceBefore(state: InvoiceState, ms: number): Money {
  const currency = state.invoice.total.currency;
  const received = sum(
    state.payments.filter((payment) => payment.at < ms).map((payment) => payment.amount),
    currency,
  );
  const left = subtract(state.invoice.total, received);
  return left.minor > 0 ? left : zero(currency);
}
