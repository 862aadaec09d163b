import type { CalendarDate } from "../calendar/index.js";
import type { Money } from "../money/index.js";
import type { DunningTransition } from "./dunning.js";
import type { Channel, PaymentMethodKind } from "./facts.js";
import type { LateFee } from "./lateFeeSchedule.js";
import type { Tone } from "./policies.js";

/** What an action is about. */
export type SubjectKind = "invoice" | "contract" | "account";

/** The invoice, contract or account an action is about. */
export interface ActionSubject {
  /** Invoice, contract or account (customer). */
  readonly kind: SubjectKind;
  /** Its id. */
  readonly id: string;
}

/** What every action has. */
export interface ActionBase {
  /**
   * Stable idempotency key: the same facts always give the same key, and performing the action
   * twice under it must have no second effect. Built from ids and policy positions, never from
   * the clock, e.g. `"invoice:INV-7:reminder:-3:email"`.
   */
  readonly key: string;
  /** When the action is due (ISO 8601 instant). */
  readonly at: string;
  /** The customer's calendar date of `at`. */
  readonly date: CalendarDate;
  /** What it is about. */
  readonly about: ActionSubject;
}

/**
 * The message templates the timeline asks for:
 *
 * - `"upcomingCharge"` — auto-pay customers, before the due date, instead of a payment request;
 * - `"paymentReminder"` — a step of the reminder sequence, with its tone;
 * - `"paymentFailed"` — an automatic charge failed and will be retried; please update the method;
 * - `"updatePaymentMethod"` — a charge failed and will not be retried (hard decline, retries used up);
 * - `"finalNotice"` — the account became delinquent;
 * - `"suspensionNotice"` — service is being interrupted;
 * - `"renewalOffer"` — renewal offer: current service, price after the escalator, upgrade options;
 * - `"renewalFollowUp"` — the offer again, no answer yet;
 * - `"renewalNotice"` — the notice of an automatic renewal required by the policy;
 * - `"priceIncreaseNotice"` — advance notice of a higher price at renewal.
 */
export type MessageTemplate =
  | "upcomingCharge"
  | "paymentReminder"
  | "paymentFailed"
  | "updatePaymentMethod"
  | "finalNotice"
  | "suspensionNotice"
  | "renewalOffer"
  | "renewalFollowUp"
  | "renewalNotice"
  | "priceIncreaseNotice";

/** Send a message to the customer. `at` is always inside the send window on the customer's clock. */
export interface MessageAction extends ActionBase {
  /** Discriminant. */
  readonly kind: "message";
  /** The channel, chosen by preference and consent; `"portal"` posts the message to the customer's portal and sends nothing. */
  readonly channel: Channel;
  /** The customer's BCP 47 locale to render the message in, e.g. `"en-US"`. */
  readonly locale: string;
  /** Which template. */
  readonly template: MessageTemplate;
  /** How it sounds. */
  readonly tone: Tone;
}

/** Why a charge is made: the auto-pay charge on the due date, or a retry of a failed one. */
export type ChargeReason = "scheduled" | "retry";

/** Charge the customer's stored payment method for an invoice. */
export interface ChargeAction extends ActionBase {
  /** Discriminant. */
  readonly kind: "charge";
  /** The method to charge. */
  readonly paymentMethodToken: string;
  /** Card or ACH. */
  readonly method: PaymentMethodKind;
  /** Position of this attempt among the charge's attempts on the method (1 = the first). */
  readonly attempt: number;
  /** Scheduled or retry. */
  readonly reason: ChargeReason;
}

/** Charge a late fee. */
export interface LateFeeAction extends ActionBase {
  /** Discriminant. */
  readonly kind: "lateFee";
  /** The fee with its explanation. */
  readonly fee: LateFee;
}

/** Record a change of the account's dunning state. */
export interface DunningAction extends ActionBase {
  /** Discriminant. */
  readonly kind: "dunningTransition";
  /** The transition with its reason. */
  readonly transition: DunningTransition;
}

/** A contract term: what accepting a renewal, or an automatic renewal, produces. */
export interface ContractTerm {
  /** First day of the term (inclusive): the old term's end. */
  readonly start: CalendarDate;
  /** First day after the term (exclusive). */
  readonly end: CalendarDate;
  /** The recurring price for the term, when known. */
  readonly recurringPrice?: Money;
}

/** Why a contract renews: the customer accepted the offer, or it renews by itself. */
export type RenewalTrigger = "accepted" | "automatic";

/** Start the contract's next term. */
export interface RenewContractAction extends ActionBase {
  /** Discriminant. */
  readonly kind: "renewContract";
  /** The new term. */
  readonly term: ContractTerm;
  /** Accepted offer or automatic renewal. */
  readonly trigger: RenewalTrigger;
}

/** Why service ends: the customer declined the renewal or cancelled an automatic one. */
export type EndOfServiceReason = "declined" | "cancelled";

/** End service at the end of the term. */
export interface EndServiceAction extends ActionBase {
  /** Discriminant. */
  readonly kind: "endService";
  /** Declined or cancelled. */
  readonly reason: EndOfServiceReason;
}

/**
 * Work for a person or for the engine:
 *
 * - `"resolvePaymentOutcome"` — ask the gateway what became of an attempt (unknown, or processing too long);
 * - `"salesOutreach"` — no answer to a renewal offer 30 days before the end: call the customer;
 * - `"renewalNoticeMissed"` — the renewal notice was not sent in its window: the contract is not renewed silently;
 * - `"priceIncreaseNoticeMissed"` — the price increase was not announced in time: renew at the current price;
 * - `"customerUnreachable"` — no usable channel for a message the timeline wanted to send.
 */
export type TaskKind = "resolvePaymentOutcome" | "salesOutreach" | "renewalNoticeMissed" | "priceIncreaseNoticeMissed" | "customerUnreachable";

/** A task for staff or the engine. */
export interface TaskAction extends ActionBase {
  /** Discriminant. */
  readonly kind: "task";
  /** Which task. */
  readonly task: TaskKind;
  /** What to do and why, in words. */
  readonly detail: string;
}

/** One dated thing the engine should do. A closed union: switch on `kind`. */
export type TimelineAction =
  | MessageAction
  | ChargeAction
  | LateFeeAction
  | DunningAction
  | RenewContractAction
  | EndServiceAction
  | TaskAction;
