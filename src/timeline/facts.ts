import type { CalendarDate, Instant } from "../calendar/index.js";
import type { Money } from "../money/index.js";
import type { CardDecline } from "./declines.js";
import type { TimelinePolicy } from "./policies.js";

/**
 * A channel a customer can be reached on — the contract's `customer.channels` values:
 *
 * - `"email"` and `"sms"` send the message (SMS only with consent);
 * - `"portal"` posts it to the customer's portal account and sends nothing: the customer sees it
 *   when they sign in. It needs no address, so it is always usable when the customer lists it.
 */
export type Channel = "email" | "sms" | "portal";

/**
 * Who receives invoices and reminders: the contract's `customer.contact`, field for field, so a
 * parsed contract's contact is passed as it is.
 */
export interface ContactFacts {
  /** Name to address the messages to. */
  readonly name?: string | undefined;
  /** Email address, if the customer has one. */
  readonly email?: string | undefined;
  /** Mobile number for text messages (E.164), if the customer has one. */
  readonly phone?: string | undefined;
  /** Whether the customer agreed to receive text messages. Absent means no: no SMS without consent. */
  readonly smsConsent?: boolean | undefined;
}

/** How a payment method moves money: a card charge or an ACH debit. */
export type PaymentMethodKind = "card" | "ach";

/**
 * A stored payment method, identified by the gateway's token — never card data. The field names
 * are the contract's (`paymentMethod.token`, `kind`, `expiry`); {@link timelineFacts} fills them in.
 */
export interface PaymentMethodFacts {
  /** Card or ACH: decides which network rules apply to retries. */
  readonly kind: PaymentMethodKind;
  /** The gateway's token for the stored card or bank account, e.g. `"pm_1Nx…"`. */
  readonly token: string;
  /** Card expiry `"YYYY-MM"`: the card works through the last day of that month. */
  readonly expiry?: string;
  /**
   * The card network, lower case (`"visa"`, `"mastercard"`, …), to pick its retry rules. Unknown
   * (absent), a card is held to every card network's rules.
   */
  readonly network?: string;
}

/**
 * The customer (account) a timeline is about. Its fields are a subset of the contract's
 * `Customer` — same names, same meaning — so `contract.customer` can be passed as it is (extra
 * fields such as `name` or `taxExemptions` are ignored); the fields only a timeline knows
 * (`autoPay`, `bouncedChannels`, `jurisdiction`) are optional. {@link timelineFacts} fills them in
 * from a contract.
 */
export interface CustomerFacts {
  /** Account id; account-level actions (dunning) are keyed by it. */
  readonly id: string;
  /** IANA time zone of the customer: messages go out within the send window of this zone's clock. */
  readonly timeZone: string;
  /** Who receives the messages, and what they allow. */
  readonly contact: ContactFacts;
  /** Channels in the customer's order of preference, e.g. `["sms", "email"]`. Default `["email"]`, like the contract. */
  readonly channels?: readonly Channel[];
  /** BCP 47 locale for the messages, e.g. `"en-US"` (the default, like the contract). */
  readonly locale?: string;
  /** Channels whose last message bounced (a dead address or number); they are skipped. */
  readonly bouncedChannels?: readonly Channel[];
  /** The method charged automatically on the due date, when the customer is enrolled in auto-pay. */
  readonly autoPay?: PaymentMethodFacts;
  /**
   * Where the customer's late-fee law comes from, e.g. `"US-MD"` or `"CA"`: the key into the late-fee
   * policy's `jurisdictionCaps`. Absent, only the policy's own caps apply.
   */
  readonly jurisdiction?: string;
}

/** Money received for an invoice and settled. Payments, not attempts, decide the balance. */
export interface PaymentFact {
  /** When the payment was received. */
  readonly at: Instant;
  /** The amount, in the invoice's currency. */
  readonly amount: Money;
}

/** The attempt went through; the matching payment is recorded in {@link InvoiceFacts.payments}. */
export interface AttemptSucceeded {
  /** Discriminant. */
  readonly kind: "succeeded";
}

/** The attempt was accepted and is still clearing (an ACH debit takes up to a few business days). */
export interface AttemptProcessing {
  /** Discriminant. */
  readonly kind: "processing";
}

/** The gateway gave no answer (a timeout): the money may or may not have moved. Not a failure. */
export interface AttemptUnknown {
  /** Discriminant. */
  readonly kind: "unknown";
}

/** A card charge the issuer declined. */
export interface AttemptDeclined {
  /** Discriminant. */
  readonly kind: "declined";
  /** What the gateway said about the decline. */
  readonly decline: CardDecline;
}

/** An ACH debit the customer's bank returned. */
export interface AttemptReturned {
  /** Discriminant. */
  readonly kind: "returned";
  /** NACHA return reason code, e.g. `"R01"` (insufficient funds). */
  readonly returnCode: string;
}

/** What came of a payment attempt. */
export type AttemptOutcome = AttemptSucceeded | AttemptProcessing | AttemptUnknown | AttemptDeclined | AttemptReturned;

/** Who started a payment attempt: the engine's auto-pay charge, or the customer (portal, payment link). */
export type AttemptOrigin = "automatic" | "customer";

/** One attempt to collect an invoice through the gateway. */
export interface PaymentAttempt {
  /** Gateway or engine id of the attempt; failure notices and resolution tasks are keyed by it. */
  readonly id: string;
  /** When the attempt was made. */
  readonly at: Instant;
  /** The method charged. */
  readonly method: PaymentMethodFacts;
  /** Who started it. Default `"automatic"`. Only automatic attempts are retried. */
  readonly origin?: AttemptOrigin;
  /** What came of it, as far as is known. */
  readonly outcome: AttemptOutcome;
  /** When the outcome became known (an ACH return arrives days after the debit). Default: `at`. */
  readonly outcomeAt?: Instant;
}

/** A dispute raised on an invoice. While it is open there are no reminders, no late fees and no collections. */
export interface DisputeFact {
  /** When the customer disputed the invoice. */
  readonly openedAt: Instant;
  /** When the dispute was settled; absent while it is still open. */
  readonly closedAt?: Instant;
}

/** What the timeline needs to know about one invoice. */
export interface InvoiceFacts {
  /** Invoice id; the invoice's actions are keyed by it. */
  readonly id: string;
  /** When the invoice was issued. Reminders that would fall before it are skipped. */
  readonly issueDate?: CalendarDate;
  /** When payment is due, in the customer's calendar. */
  readonly dueDate: CalendarDate;
  /** The amount the invoice asks for. */
  readonly total: Money;
  /** Settled payments. The invoice is paid at the moment they add up to the total. */
  readonly payments?: readonly PaymentFact[];
  /** Charge attempts through the gateway, automatic or started by the customer. */
  readonly attempts?: readonly PaymentAttempt[];
  /** When the invoice was voided, if it was. */
  readonly voidedAt?: Instant;
  /** Disputes raised on the invoice. */
  readonly disputes?: readonly DisputeFact[];
  /** Waives every late fee on this invoice. */
  readonly waiveLateFees?: boolean;
}

/** How a contract's term ends: it stops unless renewed (`"fixedTerm"`) or renews by itself (`"automatic"`). */
export type RenewalKind = "fixedTerm" | "automatic";

/** A customer's answer to a renewal offer. */
export type RenewalDecision = "accepted" | "declined";

/** The customer's answer to the renewal offer of a fixed-term contract. */
export interface RenewalResponse {
  /** Accepted or declined. */
  readonly decision: RenewalDecision;
  /** When the customer answered. */
  readonly at: Instant;
}

/** What the timeline needs to know about one contract term. */
export interface ContractFacts {
  /** Contract id; its renewal actions are keyed by it and by the term's end. */
  readonly id: string;
  /** First day of the current term (inclusive). */
  readonly start: CalendarDate;
  /** First day after the current term (exclusive): a 12-month term from 2026-03-10 ends 2027-03-10. */
  readonly end: CalendarDate;
  /** Fixed term (a renewal offer is needed) or automatic renewal. */
  readonly renewal: RenewalKind;
  /** The recurring charge of the current term, per billing cycle. */
  readonly recurringPrice?: Money;
  /** The recurring charge after the escalator, for the next term (from the pricing module). */
  readonly renewalPrice?: Money;
  /** Length of the next term in months; default the renewal policy's `renewalTermMonths`. */
  readonly renewalTermMonths?: number;
  /** The customer's answer to the renewal offer (fixed-term contracts). */
  readonly response?: RenewalResponse;
  /** When the customer cancelled an automatically renewing contract. */
  readonly cancelledAt?: Instant;
  /** When the renewal notice required by the policy was sent. */
  readonly renewalNoticeSentAt?: Instant;
  /** When the notice of a price increase at renewal was sent. */
  readonly priceIncreaseNoticeSentAt?: Instant;
  /**
   * Days before the renewal by which this contract's cancellation must arrive (the contract's
   * `term.cancellationNoticeDays`); default the renewal policy's `autoRenewal.cancellationNoticeDays`.
   */
  readonly cancellationNoticeDays?: number;
}

/**
 * Everything {@link nextActions} looks at for one account: the customer, their invoices and
 * contracts, and the policy. The same facts always give the same actions.
 */
export interface TimelineFacts {
  /** The customer. */
  readonly customer: CustomerFacts;
  /** The customer's invoices, open or settled. All in one currency. */
  readonly invoices?: readonly InvoiceFacts[];
  /** The customer's contracts, each with its current term. */
  readonly contracts?: readonly ContractFacts[];
  /** The policy; default {@link DEFAULT_TIMELINE_POLICY}. Build it with {@link parseTimelinePolicy}. */
  readonly policy?: TimelinePolicy;
}
