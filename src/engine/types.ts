import type { CalendarDate, Instant } from "../calendar/index.js";
import type { Money } from "../money/index.js";
import type { AccountLock, ActivityEntry, BillingStore, Clock, Notifier, OutboxEvent, PaymentChannel, PaymentGateway } from "../ports/index.js";
import type { TaxProvider } from "../tax/index.js";
import type { InvoiceRoundingPolicy } from "../invoice/index.js";
import type { InvalidPaymentLink, VerifiedPaymentLink } from "./paymentLinks.js";

/** What the engine needs: the ports, and the settings of the automation. */
export interface BillingEngineOptions {
  /** Persistence. */
  readonly store: BillingStore;
  /** Account locks; default the store's own when it has `withAccountLock` (the memory store does). */
  readonly lock?: AccountLock;
  /** Charges stored payment methods. */
  readonly gateway: PaymentGateway;
  /** Sends email and SMS. */
  readonly notifier: Notifier;
  /** The only source of "now". */
  readonly clock: Clock;
  /** Computes taxes; without one nothing is taxed. */
  readonly tax?: TaxProvider;
  /**
   * Reminders, retries and the rest of the receivables timeline (`parseTimelinePolicy`); default
   * the seed's: reminders −3, 0, +5, +10 days, retries 24 h, 3 d, 7 d after a soft decline.
   */
  readonly policy?: import("../timeline/index.js").TimelinePolicy;
  /** Invoice rounding; default the library's. */
  readonly rounding?: InvoiceRoundingPolicy;
  /** Automation settings; every field has the seed's default. */
  readonly settings?: Partial<EngineSettings>;
  /**
   * Branded messages: with a brand, every message the engine sends is rendered from its template
   * (`renderMessage`: responsive HTML email with a plain-text part, a short SMS) in the customer's
   * locale and time zone; without one, plain text. `overrides` replaces templates per kind and
   * locale.
   */
  readonly messages?: {
    /**
     * The company, as `parseBrand` returns it.
     */
    readonly brand: import("../messages/index.js").Brand;
    /**
     * Templates replaced per kind and locale.
     */
    readonly overrides?: import("../messages/index.js").TemplateOverrides | undefined;
  };
}

/** The automation's settings. */
export interface EngineSettings {
  /**
   * Days before an auto-pay charge that the customer is told of it (default 3, the seed's −3
   * courtesy reminder); 0 sends no notice.
   */
  readonly upcomingChargeDays: number;
  /**
   * The first day the engine invoices: a period whose invoice was due before this day (its issue
   * date, lead days before its cycle date) was invoiced before the contract came into the store,
   * and is not billed again. Default none: every period from the term's start.
   */
  readonly billFrom?: CalendarDate | undefined;
  /**
   * The base of the payment link printed in messages, e.g. `"https://pay.example.com/p/"`. With
   * `paymentLinkKeys` a signed token follows ({@link createPaymentLink}: pay without logging in);
   * without keys the invoice number follows, a page of your portal behind its login.
   */
  readonly paymentLinkBase: string;
  /** Keys that sign payment links (the first signs; every one verifies, so keys can rotate). */
  readonly paymentLinkKeys?: readonly import("./paymentLinks.js").PaymentLinkKey[] | undefined;
  /** Days after the due date a payment link still works (default 30). */
  readonly paymentLinkExpiryDays: number;
  /**
   * Open and click tracking in branded emails (default on whenever the engine signs links, i.e.
   * has `paymentLinkKeys`): a 1×1 image and each http(s) link wrapped in a signed, expiring
   * tracking link ({@link createTrackingLink}, 90 days) that the hosted portal's `t/<token>`
   * records as the message's `opened` / `clicked` event (then redirects). `false` sends the HTML
   * as rendered.
   */
  readonly tracking?: boolean | undefined;
  /** Where tracking links point (default `t/` beside the payment link's page, where the hosted portal serves them). */
  readonly trackingLinkBase?: string | undefined;
  /** How long to wait for another worker's account lock, in ms (default 30,000). */
  readonly lockTimeoutMs: number;
  /** The tax category late fees are billed in (default `"late-fee"`, which few US states tax). */
  readonly lateFeeTaxCategory: string;
  /** What a renewal offers (seed step 7). */
  readonly renewal: RenewalSettings;
  /** The auto-pay enrollment drive. */
  readonly autoPay: AutoPaySettings;
  /**
   * The periodic account statement (open invoices, payments, credits, balance, aging), one per
   * account and period. Default `{ cadence: "none" }`: opt in with `{ cadence: "monthly" }`
   * (the 1st, only to accounts with something to tell, by email and the portal) — see
   * {@link StatementSettings}.
   */
  readonly statements?: StatementSettings | undefined;
}

/** How often a statement goes out. */
export type StatementCadence = "monthly" | "quarterly" | "none";

/**
 * The periodic account statement (the practice note's "keep clients up to date on their
 * accounts"). Each field has its default when left out, so `{ cadence: "monthly" }` is enough.
 *
 * Default off (`"none"`): a statement is a new message to every customer with a balance, each
 * period — like the auto-pay invitation, the company's own decision, not something an upgrade
 * starts sending. Once on, a demanding company gets what its customers expect: monthly on the 1st,
 * only to accounts with an open balance, credit on account or a payment or credit in the period
 * (a paid-up auto-pay customer is not mailed a page of zeros), by email and the portal (a
 * statement is a document; a text is for what is due).
 */
export interface StatementSettings {
  /** `"monthly"` (every month on `day`), `"quarterly"` (January, April, July and October on `day`) or `"none"` (default). */
  readonly cadence?: StatementCadence | undefined;
  /** The day of the month the statement is made, on the customer's clock: 1 to 28, so every month has it (default 1). */
  readonly day?: number | undefined;
  /** Only to accounts with an open balance, credit, or a payment or credit in the period (default true); false sends one to every account. */
  readonly onlyWithActivity?: boolean | undefined;
  /** The channels it may go by, taken in the customer's own order (default `["email", "portal"]`; add `"sms"` for a short text with the balance and the link, inside quiet hours and with consent as every text). */
  readonly channels?: readonly ("email" | "sms" | "portal")[] | undefined;
}

/** The auto-pay enrollment drive: invitations, the incentive, the enrollment page. */
export interface AutoPaySettings {
  /**
   * Invite customers not on auto-pay with their first invoice and after their second payment by
   * hand. Default false: an invitation is marketing, the company's own decision; it never goes by
   * text (under the TCPA a marketing text needs consent beyond the transactional consent the
   * reminders rely on), only by email or the portal.
   */
  readonly invite: boolean;
  /**
   * A discount while auto-pay stays on — `{ kind: "percent", percent: "5" }` off monitoring, or
   * `{ kind: "fixed", amount: "2.00" }` off each invoice, per month — added on enrollment and
   * stopped on cancellation. Default none.
   */
  readonly incentive?: AutoPayIncentive | undefined;
  /** Where the enrollment link points; a signed token follows when `paymentLinkKeys` is set. Default `"https://pay.example.com/autopay/"`. */
  readonly enrollmentLinkBase: string;
}

/** The auto-pay incentive: a percentage off monitoring, or a fixed amount off each invoice. */
export type AutoPayIncentive = PercentIncentive | FixedIncentive;

/** A percentage off the monitoring lines while auto-pay is on. */
export interface PercentIncentive {
  /** Discriminant. */
  readonly kind: "percent";
  /** The percentage, e.g. `"5"`. */
  readonly percent: string;
}

/** A fixed amount off each invoice while auto-pay is on. */
export interface FixedIncentive {
  /** Discriminant. */
  readonly kind: "fixed";
  /** Per month (or cycle, as the contract prices), e.g. `"2.00"`. */
  readonly amount: string;
}

/** A longer renewal term offered at today's prices. */
export interface LongerTermOffer {
  /** Its length in months, e.g. 36. */
  readonly months: number;
}

/** The method a customer enrolls in auto-pay, by the gateway's token (never a card number). */
export interface EnrollmentPaymentMethod {
  /** Card or ACH. */
  readonly kind: "card" | "ach";
  /** The gateway's token. */
  readonly token: string;
  /** Last 4 digits, for messages. */
  readonly last4?: string;
  /** Card expiry `"YYYY-MM"`. */
  readonly expiry?: string;
}

/** Who agreed to auto-pay, how, and to what text — what NACHA and the card networks require to keep. */
export interface AutoPayAuthorization {
  /** The customer's name as given. */
  readonly by: string;
  /** Signed online, recorded call, paper form. */
  readonly method: "web" | "phone" | "paper";
  /** The exact text agreed to. */
  readonly text: string;
}

/** A customer turning on auto-pay, with the authorization the card networks and NACHA require to keep. */
export interface AutoPayEnrollmentInput {
  /** The contract. */
  readonly contractId: string;
  /** The method, by the gateway's token (never a card number). */
  readonly paymentMethod: EnrollmentPaymentMethod;
  /** Who agreed, how, and to what text. */
  readonly authorization: AutoPayAuthorization;
}

/** A customer turning auto-pay off. */
export interface AutoPayCancellationInput {
  /** The contract. */
  readonly contractId: string;
  /** Who asked. */
  readonly by: string;
  /** Why. */
  readonly reason?: string;
}

/** What a renewal offers: the price of the next term, a longer term that keeps today's prices, upgrades to suggest. */
export interface RenewalSettings {
  /**
   * The price increase at each renewal, percent, e.g. `"3"`: every recurring line with a plain
   * rate gets a dated price change on the new term's first day (rounded half up to the cent),
   * announced in time by the price-increase notice — or not applied. Default none.
   */
  readonly priceIncreasePercent?: string | undefined;
  /** A longer term offered at today's prices, e.g. `{ months: 36 }`; default none. */
  readonly longerTerm?: LongerTermOffer | undefined;
  /** Upgrades suggested in the offer, in words (e.g. `"Video verification, 10.00 a month"`). Default none. */
  readonly upgrades: readonly string[];
  /**
   * Where the renewal messages' answer link points when `paymentLinkKeys` is set: a signed token
   * ({@link createRenewalLink}) follows, opened by the hosted portal's `renewal/<token>` page.
   * Default: `renewal/` beside the payment link's page (`https://pay.example.com/invoice/` →
   * `https://pay.example.com/renewal/`). Without keys the messages give the brand's email or phone.
   */
  readonly respondLinkBase?: string | undefined;
}

/** A customer's answer to a renewal offer (or, for an automatic renewal, a cancellation). */
export interface RenewalAnswerInput {
  /** The contract. */
  readonly contractId: string;
  /** With an acceptance: the months of the next term, when not the contract's renewal term (e.g. the longer term offered). */
  readonly termMonths?: number;
  /** With a decline: why. */
  readonly reason?: string;
  /**
   * The end of the term the answer is about (a renewal link carries it): when the contract's term
   * ends on another day — renewed or changed since the offer — the answer is refused
   * ({@link ValidationError} on `termEnd`) instead of landing on the new term.
   */
  readonly termEnd?: CalendarDate;
}

/** The default {@link EngineSettings}. */
export const DEFAULT_ENGINE_SETTINGS: EngineSettings = Object.freeze({
  upcomingChargeDays: 3,
  billFrom: undefined,
  paymentLinkBase: "https://pay.example.com/invoice/",
  paymentLinkKeys: undefined,
  paymentLinkExpiryDays: 30,
  lockTimeoutMs: 30_000,
  lateFeeTaxCategory: "late-fee",
  renewal: Object.freeze({ priceIncreasePercent: undefined, longerTerm: undefined, upgrades: Object.freeze([]) }),
  autoPay: Object.freeze({ invite: false, incentive: undefined, enrollmentLinkBase: "https://pay.example.com/autopay/" }),
});

/** Progress of a run, reported after each contract. */
export interface RunProgress {
  /** Contracts handled so far. */
  readonly done: number;
  /** The contract just handled. */
  readonly contractId: string;
}

/** Options of {@link BillingEngine.run}. */
export interface RunOptions {
  /** Do everything due up to this instant (ISO with an offset) or day; default the clock's now. */
  readonly asOf?: Instant | CalendarDate;
  /** Called after each contract. */
  readonly onProgress?: (progress: RunProgress) => void;
  /**
   * How many accounts are handled at once (default 1, at most 64). Each account's contracts are
   * still handled one after another, under its lock; what the run does is the same, but invoice
   * numbers are drawn in the order the accounts finish, not in contract order. Worth it on a
   * store whose every read is a round trip (PostgreSQL: size the pool at two clients per account
   * at once); on the memory store it only interleaves the same work.
   */
  readonly concurrency?: number;
}

/**
 * Options of {@link BillingEngine.runShard}: a run over the accounts of one shard
 * ({@link shardOf}`(accountId, shards) === shard`), for a queue that spreads a day's run over
 * several workers.
 */
export interface ShardRunOptions extends RunOptions {
  /** This worker's shard, from 0 to `shards − 1`. */
  readonly shard: number;
  /** How many shards the day is split into (the same for every worker of the day). */
  readonly shards: number;
}

/** A contract the run could not handle, and why; the run went on. */
export interface RunError {
  /** The contract. */
  readonly contractId: string;
  /** The error's message. */
  readonly message: string;
  /** Its code, when it has one. */
  readonly code?: string | undefined;
}

/** Auto-pay charges of a run, by the gateway's answer. */
export interface ChargeCounts {
  /** Captured. */
  readonly succeeded: number;
  /** Accepted and clearing (ACH). */
  readonly pending: number;
  /** Declined, hard or soft. */
  readonly declined: number;
  /** Waiting for the customer to authenticate. */
  readonly requiresAction: number;
  /** No answer: resolved by lookup on the next run. */
  readonly unknown: number;
}

/** What a run did. */
export interface RunReport {
  /** The instant the run worked to. */
  readonly asOf: Instant;
  /** Contracts looked at: those handled, and those a store with wake-ups left asleep (nothing due by `asOf`). */
  readonly contracts: number;
  /** Invoices issued (cycle, adjustment and final). */
  readonly invoicesIssued: number;
  /** Credit notes issued. */
  readonly creditNotesIssued: number;
  /** Messages accepted by the notifier (invoices, notices, receipts). */
  readonly messagesSent: number;
  /** Documents posted to the customer portal only. */
  readonly postedToPortal: number;
  /** Upcoming-charge notices sent. */
  readonly upcomingChargeNotices: number;
  /**
   * Payment reminders sent: each step of the sequence, per channel. Several due for one contract
   * on one run go out as one message, and count once each here (once in `messagesSent`).
   */
  readonly reminders: number;
  /** Notices of a failed automatic payment (to be retried, or please update the method). */
  readonly failureNotices: number;
  /** Retries of declined auto-pay charges made. */
  readonly retries: number;
  /**
   * Text messages not sent because it is night on the customer's clock (outside the policy's send
   * window, default 08:00–21:00): a later run inside the window sends them, or an invoice goes by
   * the customer's next channel. Run the engine at least once in every customer's daytime.
   */
  readonly heldForQuietHours: number;
  /**
   * Dunning transitions performed (current → past due → delinquent → suspended → collections →
   * written off, and back to current on payment), each an `account.dunning` event.
   */
  readonly dunningTransitions: number;
  /** Final and suspension notices sent. */
  readonly dunningNotices: number;
  /** Invoices written off to bad debt by the dunning policy's last step. */
  readonly writeOffs: number;
  /**
   * Late fees assessed (the late-fee policy, after its grace period): each a line of the
   * contract's next invoice or a late-fee invoice of its own, as the policy's `billAs` says.
   */
  readonly lateFees: number;
  /** Answers to settled disputes sent (a credit note, or the explanation of the charges upheld). */
  readonly disputeAnswers: number;
  /** Renewal offers, follow-ups, renewal notices and price-increase notices sent. */
  readonly renewalMessages: number;
  /** Contracts renewed (accepted offers and automatic renewals). */
  readonly renewals: number;
  /** Fixed terms that ended without an answer to the offer. */
  readonly renewalsLapsed: number;
  /** `renewal.salesAlert` events raised: no answer to the offer, a person should call. */
  readonly salesAlerts: number;
  /** Exceptions raised for a person (see {@link BillingEngine.listExceptions}). */
  readonly exceptionsRaised: number;
  /** Cards flagged as expiring before their next charge (the customer told, once per card and expiry). */
  readonly expiringCards: number;
  /** Auto-pay invitations sent (with the first invoice, after the second payment by hand). */
  readonly autoPayInvitations: number;
  /**
   * Periodic account statements sent (`settings.statements`): one per account and statement date,
   * by its first channel that took it or posted to the portal (also counted in `messagesSent` when sent).
   */
  readonly statementsSent: number;
  /** Auto-pay charges by outcome. */
  readonly charges: ChargeCounts;
  /** Domain events handed to subscribers. */
  readonly eventsPublished: number;
  /** Contracts that failed; the others were handled. */
  readonly errors: readonly RunError[];
  /** How long the run took, in ms (wall time, for the report only). */
  readonly durationMs: number;
}

/** A payment received outside auto-pay: a check, cash, an ACH transfer, a card in the portal. */
export interface PaymentInput {
  /** Your unique id of the payment (a second payment with the same id is refused). */
  readonly id: string;
  /** The account paying. */
  readonly accountId: string;
  /** The amount received. */
  readonly amount: Money;
  /** How it came in. */
  readonly channel: PaymentChannel;
  /** The day it was received. */
  readonly receivedOn: CalendarDate;
  /** Invoices to pay, in order; default the oldest open first. */
  readonly invoiceNumbers?: readonly string[];
  /** A check number, a lockbox batch, a gateway id. */
  readonly reference?: string;
  /** Who recorded it (a staff member's name or user id), for the activity log; default the engine (`"system"`). */
  readonly by?: string;
}

/** A refund of (part of) a payment. */
export interface RefundInput {
  /** Your unique id of the refund: a rerun with the same id resumes it and never refunds twice. */
  readonly id: string;
  /** The account. */
  readonly accountId: string;
  /** The payment refunded. */
  readonly paymentId: string;
  /** How much; default all that can still go back. */
  readonly amount?: Money;
  /** The day of the refund. */
  readonly on: CalendarDate;
  /** Why, in words. */
  readonly reason: string;
  /**
   * `"gateway"` refunds the charge through the payment gateway (the default for an auto-pay
   * payment); `"outside"` records money you sent back yourself (a check; the default otherwise).
   */
  readonly via?: "gateway" | "outside";
}

/** A chargeback: the card network pulled (part of) a card payment back. */
export interface ChargebackInput {
  /** Your unique id of it (e.g. the processor's dispute id). */
  readonly id: string;
  /** The account. */
  readonly accountId: string;
  /** The payment charged back. */
  readonly paymentId: string;
  /** How much; default all that can still go back. */
  readonly amount?: Money;
  /** The day it was charged back. */
  readonly on: CalendarDate;
  /** Why, in words. */
  readonly reason: string;
  /** The network's reason code, e.g. Visa `"13.1"`. */
  readonly code?: string;
}

/** An ACH return: the bank sent a debit back after it had settled. */
export interface AchReturnInput {
  /** Your unique id of it. */
  readonly id: string;
  /** The account. */
  readonly accountId: string;
  /** The payment returned. */
  readonly paymentId: string;
  /** The NACHA return code, e.g. `"R01"` (insufficient funds). */
  readonly code: string;
  /** The day of the return. */
  readonly on: CalendarDate;
  /** Why, in words; default the code's meaning is left to you. */
  readonly reason: string;
}

/** Writing an invoice off as bad debt. */
export interface WriteOffInput {
  /** The invoice. */
  readonly invoiceNumber: string;
  /** The day it is written off. */
  readonly on: CalendarDate;
  /** Why, e.g. `"uncollectible after collections"`. */
  readonly reason: string;
  /** Who decided it (a staff member's name or user id), for the activity log. */
  readonly by?: string;
}

/** What {@link BillingEngine.writeOff} wrote off. */
export interface WriteOffResult {
  /** The invoice written off. */
  readonly invoiceNumber: string;
  /** The amount written off as bad debt (its open balance). */
  readonly amount: Money;
}

/** A customer disputing an invoice, or some of its lines. */
export interface DisputeInput {
  /** Your unique id of the dispute (a second dispute with the same id is refused). */
  readonly id: string;
  /** The invoice disputed. */
  readonly invoiceNumber: string;
  /** The invoice lines disputed (their ids); default the whole invoice. */
  readonly lineIds?: readonly string[];
  /** Why the customer disputes it, in their words or yours. */
  readonly reason: string;
  /** Who recorded it (a staff member, `"portal"`); default `"staff"`. */
  readonly by?: string;
  /** First evidence, if any (a note, a document reference). */
  readonly evidence?: string;
}

/** Evidence attached to an open dispute. */
export interface DisputeEvidenceInput {
  /** The dispute. */
  readonly disputeId: string;
  /** Who attached it. */
  readonly by: string;
  /** What it is, or a reference to a stored document. */
  readonly text: string;
}

/** A dispute settled in the customer's favour: a credit note against the invoice. */
export interface DisputeCredited {
  /** The dispute. */
  readonly disputeId: string;
  /** Discriminant. */
  readonly outcome: "credited";
  /** Net amount to credit (before tax), a decimal string; default the disputed lines in full (the whole invoice when no lines were named). */
  readonly amount?: string;
  /** Printed on the credit note. */
  readonly reason: string;
}

/** A dispute answered by upholding the charge: the customer gets the explanation of every disputed line. */
export interface DisputeUpheld {
  /** The dispute. */
  readonly disputeId: string;
  /** Discriminant. */
  readonly outcome: "upheld";
  /** Words to put before the explanation, e.g. what the evidence showed. */
  readonly answer?: string;
}

/** How a dispute is settled. */
export type DisputeResolution = DisputeCredited | DisputeUpheld;

/** A customer's promise to pay by a day. */
export interface PromiseToPayInput {
  /** Your unique id of the promise. */
  readonly id: string;
  /** The account. */
  readonly accountId: string;
  /** The day the customer will pay by (their calendar), at most {@link MAX_PROMISE_DAYS} days ahead. */
  readonly promisedOn: CalendarDate;
  /** The invoices it covers; default every open invoice of the account. */
  readonly invoiceNumbers?: readonly string[];
  /** The amount promised; default what those invoices owe. */
  readonly amount?: Money;
}

/** The furthest ahead a promise to pay may reach, in days: dunning is paused, not abandoned. */
export const MAX_PROMISE_DAYS = 60;

/** One line of the exceptions queue: what needs a person, why, for how long, and what clears it. */
export interface ExceptionItem {
  /** The exception's id (an open dispute's id for `"disputeOpen"`): give it to {@link BillingEngine.resolveException}. */
  readonly id: string;
  /** What it is: an exception kind, or `"disputeOpen"`. */
  readonly kind: import("../ports/index.js").ExceptionKind | "disputeOpen";
  /** The account. */
  readonly accountId: string;
  /** The contract. */
  readonly contractId: string;
  /** The invoices it is about. */
  readonly invoiceNumbers: readonly string[];
  /** Why, in words. */
  readonly reason: string;
  /** What clears it, in words. */
  readonly action: string;
  /** When it was raised. */
  readonly openedAt: string;
  /** Whole days since. */
  readonly ageDays: number;
}

/** One account on the collections work list. */
export interface CollectionsItem {
  /** The account. */
  readonly accountId: string;
  /** Its age bucket by days past due. */
  readonly bucket: "1-30" | "31-60" | "61-90" | "90+";
  /** Days since the oldest overdue invoice (not disputed) was due. */
  readonly daysPastDue: number;
  /** What is overdue, disputed invoices left out. */
  readonly overdueBalance: Money;
  /** The account's dunning state (`"current"` … `"collections"`, `"written_off"`). */
  readonly dunningState: string;
  /** The overdue invoices counted. */
  readonly invoiceNumbers: readonly string[];
  /** Why it is on the list and what is under way, in words. */
  readonly reasons: readonly string[];
  /** Whether legal action was confirmed. */
  readonly legalAction: boolean;
}

/** A person confirming legal action on an account in collections. */
export interface LegalActionInput {
  /** The account. */
  readonly accountId: string;
  /** Who confirms it. */
  readonly confirmedBy: string;
  /** Why: the agency, the claim. */
  readonly reason: string;
}

/** A person resolving an exception. */
export interface ResolveExceptionInput {
  /** The exception's id. */
  readonly id: string;
  /** Who resolves it. */
  readonly by: string;
  /** What was done. */
  readonly note: string;
}

/** What {@link BillingEngine.verifyPaymentLink} found. */
export type PaymentLinkCheck = ValidPaymentLinkCheck | InvalidPaymentLink;

/** A payment link that verifies, with what became of its invoice. */
export interface ValidPaymentLinkCheck extends VerifiedPaymentLink {
  /** The invoice's status now: `"paid"` or `"void"` means there is nothing to pay by this link. */
  readonly invoiceStatus: "open" | "paid" | "void" | "uncollectible" | "unknown";
  /** What is left to pay now (zero when paid). */
  readonly balance: Money;
  /** The invoice itself, as issued (for the hosted invoice page); absent when no invoice has the number. */
  readonly invoice?: import("../invoice/index.js").Invoice | undefined;
}

/** What {@link BillingEngine.verifyRenewalLink} found. */
export type RenewalLinkCheck = ValidRenewalLinkCheck | import("./paymentLinks.js").InvalidRenewalLink;

/** A term the customer can accept on the renewal page. */
export interface RenewalTermOption {
  /** The new term's length in months. */
  readonly months: number;
  /** Whether it keeps today's prices (no renewal increase). */
  readonly keepsPrices: boolean;
}

/** A renewal message as it went out. */
export interface RenewalMessageSent {
  /** Its subject (email). */
  readonly subject?: string | undefined;
  /** Its plain text. */
  readonly text: string;
  /** When it was sent. */
  readonly sentAt: Instant;
}

/** A renewal-answer link that verifies, with where the renewal stands and what the offer said. */
export interface ValidRenewalLinkCheck {
  /** The token is ours, unaltered and in date. */
  readonly valid: true;
  /** The contract. */
  readonly contractId: string;
  /** The end of the term the link answers for. */
  readonly termEnd: CalendarDate;
  /** When the link stops working. */
  readonly expiresAt: Instant;
  /**
   * `"open"`: the customer can answer now; `"answered"`: this term's renewal was answered (see
   * `answer`); `"closed"`: no answer can be taken any more (the term is over or is no longer the
   * contract's current one, the contract was terminated or is gone).
   */
  readonly state: "open" | "answered" | "closed";
  /** The answer recorded for this term, when there is one. */
  readonly answer?: import("../ports/index.js").RenewalCase | undefined;
  /** The customer's name, for the page (never in the URL). */
  readonly customerName?: string | undefined;
  /** Whether the contract renews by itself (a decline then cancels the automatic renewal). */
  readonly autoRenew: boolean;
  /**
   * The terms the customer can accept, in months: the contract's renewal term first, then the
   * longer term at today's prices when the settings offer one.
   */
  readonly termOptions: readonly RenewalTermOption[];
  /**
   * The renewal message last sent for this term (the offer, a follow-up, or the automatic
   * renewal or price notice), as it went out: its new terms in its words.
   */
  readonly offer?: RenewalMessageSent | undefined;
}

/** A slice of an account's activity: from (inclusive) and to (exclusive), ISO instants or days (UTC). */
export interface ActivityRange {
  /** The first moment, e.g. `"2027-01-01"` or `"2027-01-01T12:00:00Z"`. */
  readonly from?: string | undefined;
  /** The moment after the last, exclusive. */
  readonly to?: string | undefined;
}

/** One line of an account's activity, with who did it. */
export interface ActivityItem extends ActivityEntry {
  /** A person's name or user id for a manual action; `"system"` for the engine. */
  readonly actor: string;
}

/** A customer's payment from an invoice's payment link (the hosted invoice page's "Pay"). */
export interface PayByLinkInput {
  /** The payment link's token (or its whole URL). */
  readonly token: string;
  /**
   * One id per payment form shown (8–64 letters, digits, `-`, `_`): the charge is keyed by it, so
   * a double click or a reload of the same form never charges twice.
   */
  readonly submissionId: string;
  /**
   * The gateway token of the card or bank account the customer entered on the page (tokenized by
   * the gateway's own script: never a card number). Default: the payment method on file.
   */
  readonly paymentMethodToken?: string | undefined;
}

/** What became of a payment by link. */
export type PayByLinkResult =
  | {
      /** The link cannot be trusted (forged, altered, unknown key, expired): nothing was charged. */
      readonly status: "invalidLink";
      /** Why, as {@link verifyPaymentLink} says. */
      readonly reason: "malformed" | "unknownKey" | "badSignature" | "expired";
      /** For an expired link: its invoice. */
      readonly invoiceNumber?: string | undefined;
    }
  | {
      /**
       * Nothing to pay: `alreadyPaid`, `void`; or nothing charged now: `inProgress` (another
       * charge of the invoice is in flight), `noPaymentMethod` (none entered, none on file).
       */
      readonly status: "alreadyPaid" | "void" | "inProgress" | "noPaymentMethod";
      /** The invoice. */
      readonly invoiceNumber: string;
      /** What is left to pay. */
      readonly balance: Money;
    }
  | {
      /** The charge's outcome: `succeeded` (booked, receipt sent), `pending` (a debit clearing), `declined`, `requires_action`, `unknown` (resolved by the next run). */
      readonly status: "succeeded" | "pending" | "declined" | "requires_action" | "unknown";
      /** The invoice. */
      readonly invoiceNumber: string;
      /** The amount charged. */
      readonly amount: Money;
      /** What is left to pay now. */
      readonly balance: Money;
      /** The charge's attempt key. */
      readonly attemptKey: string;
      /** For a decline: the gateway's code. */
      readonly declineCode?: string | undefined;
    };

/** What following a tracking link did. */
export interface TrackingLinkResult {
  /** Whether an event was recorded now (false for a bad token, an unknown message, or one already recorded). */
  readonly recorded: boolean;
  /** For a refused token: why. */
  readonly reason?: "malformed" | "unknownKey" | "badSignature" | "expired" | undefined;
  /** For a click: where the customer goes next. */
  readonly target?: string | undefined;
}

/** A delivery event from a provider's webhook. */
export interface DeliveryEventInput {
  /** The provider's message id. */
  readonly messageId: string;
  /** What happened. */
  readonly kind: "delivered" | "opened" | "clicked" | "bounced" | "complained" | "unsubscribed";
  /** When (ISO instant). */
  readonly at: Instant;
}

/** A subscriber to domain events: called at least once per event; drop an `id` seen before. */
export type EventSubscriber = (event: OutboxEvent) => void | Promise<void>;

/** The billing engine. */
export interface BillingEngine {
  /** Performs everything due up to `asOf`: issue, deliver, collect auto-pay; then publishes events. */
  run(options?: RunOptions): Promise<RunReport>;
  /**
   * Like {@link BillingEngine.run} over the accounts of one shard only (a stable hash of the
   * account id, {@link shardOf}): run shards 0 … n − 1 — in any order, on any processes, any of them
   * again — and the day is done once, as by one `run`. Account locks and the store's uniqueness
   * keep two workers that overlap (a retried shard, a worker thought dead) from doing anything twice.
   */
  runShard(options: ShardRunOptions): Promise<RunReport>;
  /** Records a payment and allocates it; what is left over becomes the account's credit. */
  recordPayment(payment: PaymentInput): Promise<import("../ports/index.js").PaymentRecord>;
  /**
   * Refunds (part of) a payment, exactly once per id: through the gateway for an auto-pay charge
   * (the intent stored before the call, resumed by a rerun), else recorded as sent outside. The
   * money comes first from the payment's credit still on account, then from what it paid, newest
   * invoice first — each such invoice is reopened and owed again.
   */
  refundPayment(refund: RefundInput): Promise<import("../ports/index.js").PaymentReversal>;
  /** Records a chargeback of a card payment: like a refund outside the gateway, it reopens what the money paid. */
  recordChargeback(chargeback: ChargebackInput): Promise<import("../ports/index.js").PaymentReversal>;
  /** Records an ACH return of a settled debit (the whole payment): it reopens what the money paid. */
  recordAchReturn(achReturn: AchReturnInput): Promise<import("../ports/index.js").PaymentReversal>;
  /** Writes what is left of an open invoice off as bad debt; a later payment of it is a recovery. */
  writeOff(writeOff: WriteOffInput): Promise<WriteOffResult>;
  /**
   * Checks a payment link's token with the engine's keys and clock, and says what became of its
   * invoice: a link for a paid or void invoice still verifies, and says so.
   */
  verifyPaymentLink(token: string): Promise<PaymentLinkCheck>;
  /**
   * Checks a renewal-answer link's token ({@link createRenewalLink}) with the engine's keys and
   * clock, and says where that term's renewal stands (open, answered, closed), the terms on offer
   * and the renewal message last sent for it — what the hosted portal's renewal page shows before
   * it calls `acceptRenewal` or `declineRenewal`. Needs `settings.paymentLinkKeys`.
   */
  verifyRenewalLink(token: string): Promise<RenewalLinkCheck>;
  /**
   * The customer pays an invoice from its payment link (the hosted invoice page's "Pay"): one
   * charge of the balance per `submissionId`, recorded before the gateway is called; a success is
   * booked as a portal payment and the receipt sent. Needs `settings.paymentLinkKeys`.
   */
  payByLink(input: PayByLinkInput): Promise<PayByLinkResult>;
  /**
   * Records what a signed tracking link says (a message `opened` or `clicked`, once each) and says
   * where a click leads. Needs `settings.paymentLinkKeys`.
   */
  followTrackingLink(token: string): Promise<TrackingLinkResult>;
  /** Records a provider's delivery event on its message; a bounce sends the next run to the next channel. */
  recordDeliveryEvent(event: DeliveryEventInput): Promise<void>;
  /**
   * Records a customer's dispute of an invoice (or of some of its lines), once per id: while it is
   * open the invoice gets no reminders, no late fees, no auto-pay charge and counts toward no
   * collections; the rest of the account goes on as usual. A `dispute.opened` event and activity.
   */
  openDispute(dispute: DisputeInput): Promise<import("../ports/index.js").DisputeCase>;
  /** Attaches evidence to an open dispute. */
  addDisputeEvidence(evidence: DisputeEvidenceInput): Promise<import("../ports/index.js").DisputeCase>;
  /**
   * Settles a dispute: `"credited"` issues a credit note against the invoice (the lines disputed,
   * or an amount) and tells the customer; `"upheld"` sends the customer the explanation trace of
   * every disputed line (price rule, proration, discounts, taxes, rounding) as the answer. Either
   * way the invoice's timeline resumes from where it stands: reminders, late fees, dunning.
   */
  resolveDispute(resolution: DisputeResolution): Promise<import("../ports/index.js").DisputeCase>;
  /**
   * Records a promise to pay by a day: the account's dunning (transitions and notices) waits until
   * then. The first run after the day closes it — kept when the invoices it covers are paid,
   * broken otherwise (`promiseToPay.kept` / `promiseToPay.broken`), and dunning catches up.
   */
  recordPromiseToPay(promise: PromiseToPayInput): Promise<import("../ports/index.js").PromiseToPayCase>;
  /**
   * Records the customer's acceptance of the renewal of a contract's current term (once per term):
   * the run renews it at the term's end — a new contract version from that day.
   */
  acceptRenewal(answer: RenewalAnswerInput): Promise<import("../ports/index.js").RenewalCase>;
  /**
   * Records the customer's decline of the renewal (for an automatically renewing contract, its
   * cancellation): service ends at the term's end (`service.end`).
   */
  declineRenewal(answer: RenewalAnswerInput): Promise<import("../ports/index.js").RenewalCase>;
  /**
   * The exceptions queue (the seed's "billing staff focus on exceptions"): a contract the run
   * could not bill, a charge the gateway has not answered, a bounced contact, a card expiring
   * before its next charge, a hard decline waiting for a new method, a renewal needing a call or
   * whose notice was missed, an open dispute — oldest first, each with its reason, age and the
   * action that clears it. The engine clears most by itself when their cause goes away.
   */
  listExceptions(): Promise<ExceptionItem[]>;
  /**
   * The collections work list: every account with an overdue balance, worst first, in its
   * 1–30 / 31–60 / 61–90 / 90+ bucket, with the reasons it is there (dunning state, the
   * invoices, a promise, a dispute, a hard decline, legal action).
   */
  collectionsWorkList(): Promise<CollectionsItem[]>;
  /**
   * Records legal action — a separate, last, manually confirmed step, refused unless the dunning
   * ladder has handed the account to collections.
   */
  recordLegalAction(input: LegalActionInput): Promise<void>;
  /** Resolves an exception by hand, audited (who, what was done) in the activity log. */
  resolveException(input: ResolveExceptionInput): Promise<import("../ports/index.js").ExceptionCase>;
  /**
   * Turns auto-pay on for a contract, with the authorization record (who, how, the text agreed
   * to): the contract's next version, and the incentive discount when the settings give one.
   * Refuses a card number where a token belongs, and names every problem at once.
   */
  enrollAutoPay(input: AutoPayEnrollmentInput): Promise<import("../ports/index.js").AutoPayAuthorizationCase>;
  /** Turns auto-pay off: the incentive stops, the authorization is closed. */
  cancelAutoPay(input: AutoPayCancellationInput): Promise<import("../contract/index.js").Contract>;
  /**
   * The account's trail, oldest first: every message (its channel and template in `details`),
   * delivery event, document, payment, state change and manual action — when, what, why (the
   * text) and who (`actor`: a person for a manual action, `"system"` for the engine). Append-only.
   * `from` and `to` (instants or days, UTC; `to` exclusive) narrow it.
   */
  activity(accountId: string, range?: ActivityRange): Promise<readonly ActivityItem[]>;
  /** The account's credit balance (overpayments not yet applied). */
  accountCredit(accountId: string, currency: string): Promise<Money>;
  /** Subscribes to domain events; returns the unsubscribe function. */
  subscribe(subscriber: EventSubscriber): () => void;
  /** Hands pending outbox events to the subscribers; returns how many. */
  publishEvents(): Promise<number>;
}
