import { addDays, addMonthsFromAnchor, compareDates, type CalendarDate } from "../calendar/index.js";
import { add, zero, type Money } from "../money/index.js";
import type { InvoiceFacts } from "./facts.js";
import { firstDayStartingFrom, startOfDay } from "./instant.js";
import { balanceBefore, holdEnd, invoiceState, type InvoiceState } from "./invoiceState.js";
import { lateFee } from "./lateFee.js";
import { DEFAULT_LATE_FEE_POLICY, type LateFeeBilling, type LateFeePolicy } from "./policies.js";

/** A late fee assessed on an invoice. */
export interface LateFee {
  /** 1 for the invoice's first late fee, 2 for the second (monthly fees), … */
  readonly sequence: number;
  /** The day it is assessed, in the customer's calendar. */
  readonly date: CalendarDate;
  /** The fee. */
  readonly amount: Money;
  /** The overdue balance it was computed on. */
  readonly basis: Money;
  /** How it was computed. */
  readonly explanation: string;
  /** A line on the next invoice or an invoice of its own. */
  readonly billAs: LateFeeBilling;
}

/** Options for {@link lateFeeSchedule}. */
export interface LateFeeScheduleOptions {
  /** The customer's time zone: a fee is assessed at the start of its day there. */
  readonly timeZone: string;
  /** The late-fee policy; default {@link DEFAULT_LATE_FEE_POLICY} (no fee). */
  readonly policy?: LateFeePolicy;
  /** Assess up to and including this date (monthly fees go on as long as the invoice is unpaid). */
  readonly until: CalendarDate;
  /** The customer's jurisdiction, e.g. `"US-MD"`: its rules in the policy's `jurisdictionCaps` apply too. */
  readonly jurisdiction?: string;
}

/** {@link lateFeeSchedule} over an invoice already read. @internal */
export function lateFeesOf(state: InvoiceState, policy: LateFeePolicy, timeZone: string, until: CalendarDate, jurisdiction?: string): LateFee[] {
  const { invoice } = state;
  if (policy.charge.kind === "none" || invoice.waiveLateFees === true) return [];
  const holds = [...state.inFlight, ...state.disputed];
  const first = addDays(invoice.dueDate, policy.graceDays + 1);
  const monthly = policy.recurrence.kind === "monthly";
  const fees: LateFee[] = [];
  let charged = zero(invoice.total.currency);
  // The payment that was due: what was left unpaid when the due date ended.
  const paymentDue = balanceBefore(state, startOfDay(addDays(invoice.dueDate, 1), timeZone));
  const context = { invoiceTotal: invoice.total, paymentDue, ...(jurisdiction === undefined ? {} : { jurisdiction }) };
  for (let period = 0; ; period++) {
    const periodStart = monthly ? addMonthsFromAnchor(first, period) : first;
    const periodEnd = monthly ? addMonthsFromAnchor(first, period + 1) : undefined;
    let day = periodStart;
    while (compareDates(day, until) <= 0 && (periodEnd === undefined || compareDates(day, periodEnd) < 0)) {
      const dayStart = startOfDay(day, timeZone);
      if (dayStart >= state.stopAt) return fees;
      const heldUntil = holdEnd(holds, dayStart);
      if (heldUntil !== undefined) {
        if (heldUntil === Number.POSITIVE_INFINITY) return fees;
        day = firstDayStartingFrom(heldUntil, timeZone);
        continue;
      }
      const basis = balanceBefore(state, dayStart);
      const result = lateFee(basis, { policy, alreadyCharged: charged, feesCharged: fees.length, ...context });
      if (result.kind === "none") {
        if (result.reason === "capReached" || result.reason === "maxFeesReached" || !monthly) return fees;
        break;
      }
      fees.push({ sequence: fees.length + 1, date: day, amount: result.amount, basis, explanation: result.explanation, billAs: result.billAs });
      charged = add(charged, result.amount);
      break;
    }
    if (!monthly || compareDates(periodEnd ?? periodStart, until) > 0) return fees;
  }
}

/**
 * The late fees an unpaid invoice incurs up to a date.
 *
 * The first fee is assessed the day after the grace period (due date + grace days + 1); a monthly
 * policy assesses again on the same day of each following month (anchored: Jan 31 → Feb 28 →
 * Mar 31) until a per-invoice cap or `maxFeesPerInvoice` is reached. A day on which a payment is processing or a dispute is open is
 * skipped, and the fee falls on the first day after; the invoice being paid or voided ends
 * everything. Each fee is computed by {@link lateFee} on the balance overdue at the start of its day.
 *
 * @example
 * ```ts
 * const policy = parseLateFeePolicy({ charge: { kind: "fixed", amount: { amount: "10.00", currency: "USD" } }, graceDays: 10 });
 * const invoice = { id: "INV-1", dueDate: "2027-03-10", total: money("49.99", "USD") };
 * lateFeeSchedule(invoice, { timeZone: "America/Denver", policy, until: "2027-12-31" });
 * // [{ sequence: 1, date: "2027-03-21", amount: USD 10.00, … }]
 * ```
 */
export function lateFeeSchedule(invoice: InvoiceFacts, options: LateFeeScheduleOptions): LateFee[] {
  return lateFeesOf(invoiceState(invoice), options.policy ?? DEFAULT_LATE_FEE_POLICY, options.timeZone, options.until, options.jurisdiction);
}
