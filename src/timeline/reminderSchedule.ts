import { addDays, compareDates } from "../calendar/index.js";
import type { MessageAction, TaskAction } from "./actions.js";
import type { CustomerFacts, InvoiceFacts } from "./facts.js";
import { localInstant, startOfDay } from "./instant.js";
import { invoiceState, type InvoiceState } from "./invoiceState.js";
import { DEFAULT_TIMELINE_POLICY, type TimelinePolicy } from "./policies.js";
import { recoveryEndsAt } from "./retrySchedule.js";
import { messageActions, type Scheduled } from "./scheduled.js";

/** Options for {@link reminderSchedule}. */
export interface ReminderScheduleOptions {
  /** The customer: time zone, channels and consent, auto-pay. */
  readonly customer: CustomerFacts;
  /** The policy; default {@link DEFAULT_TIMELINE_POLICY}. */
  readonly policy?: TimelinePolicy;
}

/** {@link reminderSchedule} over an invoice already read. @internal */
export function reminderActions(state: InvoiceState, customer: CustomerFacts, policy: TimelinePolicy): Scheduled<MessageAction | TaskAction>[] {
  const { invoice } = state;
  const timeZone = customer.timeZone;
  const window = policy.messaging.sendWindow;
  const about = { kind: "invoice", id: invoice.id } as const;
  const held = [...state.inFlight, ...state.disputed];
  const autoPay = customer.autoPay !== undefined;
  const endOfRecovery = recoveryEndsAt(state, customer.autoPay, policy.retries);
  // The auto-pay charge the "upcoming charge" notice announces; a customer's own attempt is not it.
  const firstAttempt = state.attempts.find((t) => (t.attempt.origin ?? "automatic") === "automatic")?.at ?? Number.POSITIVE_INFINITY;
  const out: Scheduled<MessageAction | TaskAction>[] = [];
  for (const step of policy.reminders.steps) {
    const date = addDays(invoice.dueDate, step.offsetDays);
    if (invoice.issueDate !== undefined && compareDates(date, invoice.issueDate) < 0) continue;
    const earliest = localInstant(date, window.opens, timeZone);
    const upcoming = autoPay && step.offsetDays < 0;
    if (upcoming && earliest >= firstAttempt) continue;
    if (autoPay && !upcoming && earliest <= endOfRecovery) continue;
    out.push(
      ...messageActions(
        {
          about,
          keyParts: [upcoming ? "upcomingCharge" : "reminder", step.offsetDays],
          earliest,
          template: upcoming ? "upcomingCharge" : "paymentReminder",
          tone: step.tone,
          strategy: policy.reminders.channels,
          until: state.stopAt,
          held,
          group: `reminders:${invoice.id}`,
          ...(upcoming ? { expiresAt: startOfDay(invoice.dueDate, timeZone) } : {}),
        },
        { customer, window },
      ),
    );
  }
  return out;
}

/**
 * The reminder messages of an invoice (seed step 5), dated in the customer's time zone.
 *
 * Each step of the policy (default −3 courtesy, 0 due, +5 friendly, +10 urgent) goes out at the
 * opening of the send window on its day, on the channels the customer's preference and consent
 * allow. Reminders stop the moment the invoice is paid or voided, and none goes out while a payment
 * is processing or a dispute is open. Auto-pay customers get an "upcoming charge" notice instead of
 * the steps before the due date; after it, reminders wait until automated recovery (the charge and
 * its retries) has run out. A step with no usable channel becomes a `customerUnreachable` task.
 *
 * @example
 * ```ts
 * const customer = { id: "C-1", timeZone: "America/New_York",
 *   contact: { email: "pat@example.com" }, channels: ["email"] } as const;
 * const invoice = { id: "INV-1", dueDate: "2027-03-10", total: money("49.99", "USD") };
 * reminderSchedule(invoice, { customer }).map((a) => a.date);
 * // ["2027-03-07", "2027-03-10", "2027-03-15", "2027-03-20"]
 * ```
 */
export function reminderSchedule(invoice: InvoiceFacts, options: ReminderScheduleOptions): (MessageAction | TaskAction)[] {
  const policy = options.policy ?? DEFAULT_TIMELINE_POLICY;
  return reminderActions(invoiceState(invoice), options.customer, policy).map((s) => s.action);
}
