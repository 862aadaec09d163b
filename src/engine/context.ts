import type { CalendarDate } from "../calendar/index.js";
import type { InvoiceRoundingPolicy } from "../invoice/index.js";
import type { Brand, TemplateOverrides } from "../messages/index.js";
import type { BillingStore, Notifier, PaymentGateway } from "../ports/index.js";
import type { TaxProvider } from "../tax/index.js";
import type { TimelinePolicy } from "../timeline/index.js";
import type { EngineSettings } from "./types.js";

/** A run's counters, filled in by the stages. @internal */
export interface RunCounters {
  contracts: number;
  invoicesIssued: number;
  creditNotesIssued: number;
  messagesSent: number;
  postedToPortal: number;
  upcomingChargeNotices: number;
  reminders: number;
  failureNotices: number;
  retries: number;
  heldForQuietHours: number;
  dunningTransitions: number;
  dunningNotices: number;
  writeOffs: number;
  lateFees: number;
  disputeAnswers: number;
  renewalMessages: number;
  renewals: number;
  renewalsLapsed: number;
  salesAlerts: number;
  exceptionsRaised: number;
  expiringCards: number;
  autoPayInvitations: number;
  statementsSent: number;
  charges: { succeeded: number; pending: number; declined: number; requiresAction: number; unknown: number };
}

/** What every stage of a run reads. @internal */
export interface RunContext {
  readonly store: BillingStore;
  readonly gateway: PaymentGateway;
  readonly notifier: Notifier;
  readonly tax: TaxProvider | undefined;
  readonly rounding: InvoiceRoundingPolicy | undefined;
  readonly settings: EngineSettings;
  /** The reminder, retry and dunning rules; undefined means the seed's defaults. */
  readonly policy: TimelinePolicy | undefined;
  /** The clock's instant, ISO. */
  readonly now: () => string;
  /** The brand and template overrides, when messages are rendered from templates. */
  readonly messages: { readonly brand: Brand; readonly overrides?: TemplateOverrides | undefined } | undefined;
  /** The calendar day an instant falls on in a zone, remembered per zone for the run's instant. */
  readonly dayIn: (instant: string, timeZone: string) => CalendarDate;
  readonly report: RunCounters;
}

/** Fresh counters. @internal */
export function newCounters(): RunCounters {
  return {
    contracts: 0,
    invoicesIssued: 0,
    creditNotesIssued: 0,
    messagesSent: 0,
    postedToPortal: 0,
    upcomingChargeNotices: 0,
    reminders: 0,
    failureNotices: 0,
    retries: 0,
    heldForQuietHours: 0,
    dunningTransitions: 0,
    dunningNotices: 0,
    writeOffs: 0,
    lateFees: 0,
    disputeAnswers: 0,
    renewalMessages: 0,
    renewals: 0,
    renewalsLapsed: 0,
    salesAlerts: 0,
    exceptionsRaised: 0,
    expiringCards: 0,
    autoPayInvitations: 0,
    statementsSent: 0,
    charges: { succeeded: 0, pending: 0, declined: 0, requiresAction: 0, unknown: 0 },
  };
}
