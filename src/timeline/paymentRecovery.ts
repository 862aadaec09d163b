import { addDays } from "../calendar/index.js";
import type { ChargeAction, MessageAction, TaskAction } from "./actions.js";
import type { CustomerFacts, InvoiceFacts } from "./facts.js";
import { addBusinessDays, localDate, startOfDay } from "./instant.js";
import { invoiceState, within, type InvoiceState } from "./invoiceState.js";
import { DEFAULT_TIMELINE_POLICY, type TimelinePolicy } from "./policies.js";
import { failureOf, planRetries } from "./retrySchedule.js";
import { base, messageActions, type Scheduled } from "./scheduled.js";

/** Options for {@link paymentRecoveryActions}. */
export interface PaymentRecoveryOptions {
  /** The customer: time zone, channels, and the auto-pay method to charge. */
  readonly customer: CustomerFacts;
  /** The policy; default {@link DEFAULT_TIMELINE_POLICY}. */
  readonly policy?: TimelinePolicy;
}

/** What {@link paymentRecoveryActions} returns: charges, customer messages and resolution tasks. */
export type PaymentRecoveryAction = ChargeAction | MessageAction | TaskAction;

/** {@link paymentRecoveryActions} over an invoice already read. @internal */
export function recoveryActions(state: InvoiceState, customer: CustomerFacts, policy: TimelinePolicy): Scheduled<PaymentRecoveryAction>[] {
  const { invoice } = state;
  const timeZone = customer.timeZone;
  const about = { kind: "invoice", id: invoice.id } as const;
  const out: Scheduled<PaymentRecoveryAction>[] = [];
  const task = (parts: readonly (string | number)[], atMs: number, detail: string): void => {
    if (atMs >= state.stopAt) return;
    out.push({ action: { kind: "task", ...base(about, parts, atMs, timeZone), task: "resolvePaymentOutcome", detail }, atMs });
  };

  // Outcomes to resolve: unknown ones at once, processing ones once clearing should be over.
  for (const { attempt, at } of state.attempts) {
    switch (attempt.outcome.kind) {
      case "unknown":
        task(["resolveOutcome", attempt.id], at, `the gateway gave no answer for attempt ${attempt.id}: find out whether it was charged before any new attempt`);
        break;
      case "processing": {
        const days = policy.retries.clearingBusinessDays;
        const deadline = startOfDay(addDays(addBusinessDays(localDate(at, timeZone), days), 1), timeZone);
        task(["resolveOutcome", attempt.id], deadline, `attempt ${attempt.id} is still processing after ${days} business days: ask the gateway for its outcome`);
        break;
      }
      case "succeeded":
      case "declined":
      case "returned":
        break;
    }
  }

  const autoPay = customer.autoPay;
  const plan = planRetries(state.attempts, policy.retries, autoPay?.token);

  // A notice for each failed automatic attempt.
  const automatic = state.attempts.filter((t) => (t.attempt.origin ?? "automatic") === "automatic");
  const lastAutomatic = automatic.at(-1);
  for (const timed of automatic) {
    const verdict = failureOf(timed);
    if (verdict === null) continue;
    const retried = autoPay !== undefined && plan.status === "retrying";
    const final = verdict.kind === "hard" || (timed === lastAutomatic && !retried);
    out.push(
      ...messageActions(
        {
          about,
          keyParts: ["failureNotice", timed.attempt.id],
          earliest: timed.outcomeAt,
          template: final ? "updatePaymentMethod" : "paymentFailed",
          tone: final ? "urgent" : "friendly",
          strategy: policy.retries.notify,
          until: state.stopAt,
          group: `failures:${invoice.id}`,
        },
        { customer, window: policy.messaging.sendWindow },
      ),
    );
  }

  // Charges: the auto-pay charge on the due date, then the planned retries.
  if (autoPay !== undefined) {
    const charge = (atMs: number, attempt: number, reason: ChargeAction["reason"], method: ChargeAction["method"]): void => {
      if (atMs >= state.stopAt || within(state.disputed, atMs)) return;
      out.push({
        action: { kind: "charge", ...base(about, ["charge", autoPay.token, attempt], atMs, timeZone), paymentMethodToken: autoPay.token, method, attempt, reason },
        atMs,
        // A charge not yet made must never be made once the invoice is paid or voided.
        ...(Number.isFinite(state.stopAt) ? { expiresAt: state.stopAt } : {}),
      });
    };
    switch (plan.status) {
      case "notAttempted": {
        const after = Math.max(startOfDay(invoice.dueDate, timeZone), ...state.attempts.map((t) => t.outcomeAt));
        charge(after, 1, "scheduled", autoPay.kind);
        break;
      }
      case "retrying":
        for (const retry of plan.retries) charge(Date.parse(retry.at), retry.attempt, "retry", retry.method);
        break;
      case "succeeded":
      case "processing":
      case "awaitingOutcome":
      case "exhausted":
      case "updatePaymentMethod":
        break;
    }
  }
  return out;
}

/**
 * What recovering an invoice's payment takes (seed steps 4 and 6): the auto-pay charge on the due
 * date, the retries of a failed charge (see {@link retrySchedule}), a notice to the customer after
 * each failed attempt (email and SMS by default: "payment failed" while retries remain, "update
 * your payment method" when none do), and a `resolvePaymentOutcome` task for an attempt whose
 * outcome is unknown or that is still processing after the clearing days. Nothing is scheduled
 * once the invoice is paid or voided, and no charge while a dispute is open.
 *
 * @example
 * ```ts
 * const customer = { id: "C-1", timeZone: "America/Chicago", autoPay: { id: "pm_1", kind: "card" },
 *   contact: { email: "pat@example.com", phone: "+15555550100", smsConsent: true }, channels: ["sms", "email"] } as const;
 * const invoice = { id: "INV-1", dueDate: "2027-03-10", total: money("49.99", "USD") };
 * paymentRecoveryActions(invoice, { customer }).map((a) => a.kind); // ["charge"] — on 2027-03-10
 * ```
 */
export function paymentRecoveryActions(invoice: InvoiceFacts, options: PaymentRecoveryOptions): PaymentRecoveryAction[] {
  const policy = options.policy ?? DEFAULT_TIMELINE_POLICY;
  return recoveryActions(invoiceState(invoice), options.customer, policy).map((s) => s.action);
}
