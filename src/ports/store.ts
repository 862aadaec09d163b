/**
 * The persistence port. Everything the engine keeps goes through a {@link BillingStore}: a
 * transaction is all or nothing, every mutable record carries a version (a stale write fails
 * with {@link ConflictError}), and the uniqueness the engine relies on is enforced by the store
 * (a second insert fails with {@link UniqueViolationError}, which the engine reads as "already
 * done").
 *
 * The record types are plain data (JSON-safe but for `Money`, which serializes as minor units).
 */
import type { CalendarDate, Instant } from "../calendar/index.js";
import type { Contract } from "../contract/index.js";
import type { AssessedLateFee, CreditNote, Invoice } from "../invoice/index.js";
import type { Money } from "../money/index.js";
import type { ChargeResult } from "./gateway.js";
import type { DeliveryEventKind, NotifierChannel, SendResult } from "./notifier.js";

/** A contract as stored: the validated contract, its account and its version. */
export interface StoredContract {
  /** The contract. */
  readonly contract: Contract;
  /** The account (customer id) it bills. */
  readonly accountId: string;
  /** 1 on insert, +1 on every update. */
  readonly version: number;
}

/** An issued invoice as stored. Its content never changes; its status does, by version. */
export interface StoredInvoice {
  /** The invoice. */
  readonly invoice: Invoice;
  /** The account billed. */
  readonly accountId: string;
  /** What is left to pay (total less payments, credits and credit notes applied). */
  readonly balance: Money;
  /** 1 on insert, +1 on every update. */
  readonly version: number;
}

/** The state of a payment attempt: `started` is an intent whose outcome is not known yet. */
export type AttemptStatus = "started" | "succeeded" | "pending" | "requires_action" | "declined" | "unknown" | "skipped";

/** One charge of a stored payment method, recorded before the gateway is called. */
export interface ChargeAttempt {
  /** The idempotency key, also sent to the gateway: one charge per key, ever. */
  readonly key: string;
  /** The invoice paid. */
  readonly invoiceNumber: string;
  /** The account. */
  readonly accountId: string;
  /** The amount asked. */
  readonly amount: Money;
  /** The gateway's payment-method token. */
  readonly paymentMethodToken: string;
  /** When the intent was recorded. */
  readonly startedAt: Instant;
  /** Where it stands. */
  readonly status: AttemptStatus;
  /** The gateway's answer, once known. */
  readonly outcome?: ChargeResult | undefined;
  /** 1 on insert, +1 on every update. */
  readonly version: number;
}

/** How a payment came in. */
export type PaymentChannel = "card" | "ach" | "check" | "cash" | "portal" | "lockbox" | "autopay";

/** The part of a payment that went to one invoice. */
export interface PaymentAllocation {
  /** The invoice paid. */
  readonly invoiceNumber: string;
  /** How much of the payment went to it. */
  readonly amount: Money;
}

/** Money received from a customer, and where it went. */
export interface PaymentRecord {
  /** Unique id (your reference, or the attempt key for an auto-pay charge). */
  readonly id: string;
  /** The account. */
  readonly accountId: string;
  /** The amount received. */
  readonly amount: Money;
  /** How it came in. */
  readonly channel: PaymentChannel;
  /** The day it was received. */
  readonly receivedOn: CalendarDate;
  /** Each invoice it paid, and how much. */
  readonly allocations: readonly PaymentAllocation[];
  /** What was left over, kept as the account's credit. */
  readonly unapplied: Money;
  /** A check number, a lockbox batch, a gateway id. */
  readonly reference?: string | undefined;
}

/** How money received goes back: refunded by the business, pulled back by the card network, returned by the bank. */
export type ReversalKind = "refund" | "chargeback" | "achReturn";

/**
 * Money of a payment that went back, and what it took: first the payment's credit still on the
 * account, then its allocations, newest first — each invoice it reopens is owed again. A gateway
 * refund is stored `started` before the gateway is called (the intent, under its key) and
 * `succeeded` or `failed` after; chargebacks and returns are stored `succeeded` at once.
 */
export interface PaymentReversal {
  /** Your unique id of the reversal (the gateway's idempotency key is `refund:<id>`). */
  readonly id: string;
  /** What sent the money back. */
  readonly kind: ReversalKind;
  /** The account. */
  readonly accountId: string;
  /** The payment reversed. */
  readonly paymentId: string;
  /** How much went back. */
  readonly amount: Money;
  /** The day it happened. */
  readonly on: CalendarDate;
  /** Why, in words (kept in the activity log). */
  readonly reason: string;
  /** The network's or bank's code: a chargeback reason code, an ACH return code (`"R01"`). */
  readonly code?: string | undefined;
  /** Whether the money went back through the gateway (a refund of a gateway charge) or outside it. */
  readonly via: "gateway" | "outside";
  /** `started`: intent recorded, gateway not yet answered; then `succeeded` or `failed`. */
  readonly status: "started" | "succeeded" | "failed";
  /** Taken from the account's credit (what the payment left unapplied). */
  readonly fromCredit?: Money | undefined;
  /** Taken back from invoices the payment had paid: each is owed again by this much. */
  readonly fromInvoices?: readonly PaymentAllocation[] | undefined;
  /** The gateway's refund id. */
  readonly refundId?: string | undefined;
  /** Optimistic version. */
  readonly version: number;
}

/**
 * One double-entry ledger line: `amount` moves from `credit` to `debit` (both account names, e.g.
 * `"cash"`, `"receivable:RES-2027-000001"`, `"customer-credit:CUST-1"`). Append-only.
 */
export interface LedgerEntry {
  /** Unique id. */
  readonly id: string;
  /** The customer account. */
  readonly accountId: string;
  /** When it was recorded. */
  readonly at: Instant;
  /** What moved money: an invoice issued, a payment applied, a credit note, a refund, … */
  readonly kind: "invoice" | "payment" | "allocation" | "accountCredit" | "creditApplied" | "creditNote" | "refund" | "chargeback" | "achReturn" | "writeOff" | "recovery";
  /** The account debited. */
  readonly debit: string;
  /** The account credited. */
  readonly credit: string;
  /** The amount (positive). */
  readonly amount: Money;
  /** The document or payment behind it. */
  readonly reference: string;
}

/**
 * Where a message stands: `"sending"` is an intent whose outcome is not known yet. `"merged"` marks a message that went out inside another one (several
 * reminders for one customer on one day are one message): its `mergedInto` names that message.
 */
export type MessageStatus = "sending" | "accepted" | "failed" | "delivered" | "bounced" | "portal" | "merged";

/** A delivery event of a message, as reported by the notifier's provider. */
export interface DeliveryEvent {
  /** What happened. */
  readonly kind: DeliveryEventKind;
  /** When. */
  readonly at: Instant;
}

/** One message to a customer, recorded before the notifier is called. */
export interface MessageRecord {
  /** The message key (one message per key, ever), e.g. `"invoice:RES-2027-000001:deliver:email"`. */
  readonly key: string;
  /** The account. */
  readonly accountId: string;
  /** What it is about: `"invoice"`, `"receipt"`, `"upcomingCharge"`, … */
  readonly kind: string;
  /** The channel. */
  readonly channel: NotifierChannel;
  /** Address or number. */
  readonly to: string;
  /** The subject (email). */
  readonly subject?: string | undefined;
  /** The plain-text body. */
  readonly text: string;
  /** The HTML body (an email rendered from a template), when there is one. */
  readonly html?: string | undefined;
  /** The template it was rendered from, e.g. `"paymentReminder.urgent"`, when it was. */
  readonly template?: string | undefined;
  /** The document it is about, e.g. the invoice number. */
  readonly reference: string;
  /** Where it stands. */
  readonly status: MessageStatus;
  /** With status `"merged"`: the key of the message it went out in. */
  readonly mergedInto?: string | undefined;
  /** The notifier's answer, once known. */
  readonly outcome?: SendResult | undefined;
  /** Delivery events received. */
  readonly events: readonly DeliveryEvent[];
  /** When the intent was recorded. */
  readonly createdAt: Instant;
  /** 1 on insert, +1 on every update. */
  readonly version: number;
}

/** One line of an account's activity log: what happened, in words. Append-only. */
export interface ActivityEntry {
  /** Unique id. */
  readonly id: string;
  /** The account. */
  readonly accountId: string;
  /** When. */
  readonly at: Instant;
  /** What kind of thing happened, e.g. `"invoice.issued"`. */
  readonly kind: string;
  /** In words, e.g. `"Invoice RES-2027-000001 issued: 56.83 USD due 2027-01-01"`. */
  readonly text: string;
  /** The document, payment or message behind it. */
  readonly reference?: string | undefined;
  /** Who did it: a person's name or user id for a manual action; absent for the engine itself (`"system"`). */
  readonly actor?: string | undefined;
  /** What else there is to know, as text: for a message its `channel`, `template` and `messageKey`. */
  readonly details?: Readonly<Record<string, string>> | undefined;
}

/** A domain event waiting in the outbox to be handed to subscribers (at least once). */
export interface OutboxEvent {
  /** Unique id: a subscriber drops an id it has seen. */
  readonly id: string;
  /** E.g. `"invoice.issued"`, `"payment.succeeded"`. */
  readonly type: string;
  /** The account. */
  readonly accountId: string;
  /** When it happened. */
  readonly at: Instant;
  /** The facts, as plain data. */
  readonly data: Readonly<Record<string, unknown>>;
  /** When it was handed to the subscribers; absent while pending. */
  readonly publishedAt?: Instant | undefined;
}

/** What an account case is: a late fee waiting for the next invoice, a dispute, a promise to pay, a renewal answer. */
export type AccountCaseKind = "lateFee" | "dispute" | "promiseToPay" | "renewal" | "exception" | "autoPayAuthorization";

/**
 * Where a case stands: `"open"` while it is pending (the fee not billed yet, the dispute not
 * answered, the promised day not passed), `"closed"` once settled.
 */
export type AccountCaseStatus = "open" | "closed";

/** What every account case has. */
export interface AccountCaseBase {
  /** Unique id (a late fee's is its timeline action key). */
  readonly id: string;
  /** The account. */
  readonly accountId: string;
  /** The contract it is about. */
  readonly contractId: string;
  /** The invoices it is about. */
  readonly invoiceNumbers: readonly string[];
  /** Open or closed. */
  readonly status: AccountCaseStatus;
  /** When it was recorded. */
  readonly openedAt: Instant;
  /** When it was closed. */
  readonly closedAt?: Instant | undefined;
  /** How it was closed, in words (the dispute's answer, the invoice that billed the fee, …). */
  readonly resolution?: string | undefined;
  /** 1 on insert, +1 on every update. */
  readonly version: number;
}

/** A late fee assessed by the timeline, to be billed as a line of the contract's next invoice. */
export interface LateFeeCase extends AccountCaseBase {
  /** Discriminant. */
  readonly kind: "lateFee";
  /** The fee. */
  readonly fee: AssessedLateFee;
}

/** One piece of evidence attached to a dispute. */
export interface DisputeEvidence {
  /** When it was attached. */
  readonly at: Instant;
  /** Who attached it (the customer, a staff member, the engine). */
  readonly by: string;
  /** What it is, in words, or a reference to a stored document. */
  readonly text: string;
}

/** A customer's dispute of an invoice (or of some of its lines). */
export interface DisputeCase extends AccountCaseBase {
  /** Discriminant. */
  readonly kind: "dispute";
  /** The invoice lines disputed (their ids); empty for the whole invoice. */
  readonly lineIds: readonly string[];
  /** Why the customer disputes it. */
  readonly reason: string;
  /** Evidence attached, in order. */
  readonly evidence: readonly DisputeEvidence[];
  /** How it ended: a credit note, or the charge upheld. */
  readonly outcome?: "credited" | "upheld" | undefined;
  /** With outcome `"credited"`: the credit note's number. */
  readonly creditNoteNumber?: string | undefined;
}

/** A customer's promise to pay by a day: dunning waits until then. */
export interface PromiseToPayCase extends AccountCaseBase {
  /** Discriminant. */
  readonly kind: "promiseToPay";
  /** The day the customer promised to pay by (in their calendar). */
  readonly promisedOn: CalendarDate;
  /** What they promised; absent for everything the invoices owe. */
  readonly amount?: Money | undefined;
}

/** A customer's answer to the renewal of a contract's term (one per contract and term end). */
export interface RenewalCase extends AccountCaseBase {
  /** Discriminant. */
  readonly kind: "renewal";
  /** The end of the term the answer is about. */
  readonly termEnd: CalendarDate;
  /** Accepted (renew) or declined (end, or cancel an automatic renewal). */
  readonly decision: "accepted" | "declined";
  /** With an acceptance: the months of the new term, when the customer chose other than the contract's. */
  readonly termMonths?: number | undefined;
  /** With a decline: why, in the customer's words. */
  readonly reason?: string | undefined;
}

/**
 * What needs a person (the seed's "billing staff focus on exceptions"):
 *
 * - `"billingFailed"` — the run could not bill a contract (its error says why);
 * - `"paymentUnresolved"` — a charge the gateway has not answered for days;
 * - `"bouncedContact"` — a message bounced: the address or number is dead;
 * - `"expiringCard"` — the auto-pay card expires before its next charge;
 * - `"salesAlert"` — no answer to a renewal offer 30 days before the end: call the customer;
 * - `"renewalNoticeMissed"` / `"priceIncreaseNoticeMissed"` — a renewal notice was not sent in its window;
 * - `"hardDecline"` — auto-pay stopped on a hard decline: the customer must give a new method.
 */
export type ExceptionKind = "billingFailed" | "paymentUnresolved" | "bouncedContact" | "expiringCard" | "salesAlert" | "renewalNoticeMissed" | "priceIncreaseNoticeMissed" | "hardDecline";

/** An exception for a person, open until cleared (by the engine, when the cause goes away) or resolved by staff. */
export interface ExceptionCase extends AccountCaseBase {
  /** Discriminant. */
  readonly kind: "exception";
  /** Which exception. */
  readonly exception: ExceptionKind;
  /** Why, in words. */
  readonly reason: string;
  /** What clears it, in words. */
  readonly action: string;
  /** Who resolved it (staff), when they did. */
  readonly resolvedBy?: string | undefined;
}

/** The record of a customer's auto-pay authorization (what a card network or NACHA requires to keep). */
export interface AutoPayAuthorizationCase extends AccountCaseBase {
  /** Discriminant. */
  readonly kind: "autoPayAuthorization";
  /** The payment method's token. */
  readonly token: string;
  /** Card or ACH. */
  readonly methodKind: "card" | "ach";
  /** Who authorized it (the customer's name as given). */
  readonly authorizedBy: string;
  /** How: signed online, recorded call, paper form. */
  readonly method: "web" | "phone" | "paper";
  /** The exact text the customer agreed to. */
  readonly text: string;
}

/** Something kept open on an account until it is settled. */
export type AccountCase = LateFeeCase | DisputeCase | PromiseToPayCase | RenewalCase | ExceptionCase | AutoPayAuthorizationCase;

/** A change to an account case (its kind and id never change). */
export interface AccountCaseChange {
  /** The new status. */
  readonly status?: AccountCaseStatus;
  /** When it closed. */
  readonly closedAt?: Instant;
  /** How it closed. */
  readonly resolution?: string;
  /** Evidence to append (disputes). */
  readonly evidence?: DisputeEvidence;
  /** The dispute's outcome. */
  readonly outcome?: "credited" | "upheld";
  /** The credit note that settled a dispute. */
  readonly creditNoteNumber?: string;
  /** Who resolved an exception. */
  readonly resolvedBy?: string;
}

/** A page of a query: the records and the cursor of the next page (absent on the last). */
export interface Page<T> {
  /** The records. */
  readonly items: readonly T[];
  /** Pass as `after` for the next page. */
  readonly next?: string | undefined;
}

/** Which contracts {@link StoreTransaction.listContracts} pages. */
export interface ListContractsOptions {
  /** Only contracts with an id after this cursor (a page's `next`). */
  readonly after?: string;
  /** How many contracts the page covers (default 500), due and asleep together. */
  readonly limit?: number;
  /**
   * Only contracts with something due by this instant (ISO, with `Z` or an offset): a store with wake-ups (see
   * {@link StoreTransaction.setWakeUp}) returns the page's contracts whose wake-up is later and
   * whose account has not been written since as `asleep`, not in `items`. A store without
   * wake-ups ignores it and returns every contract (always correct, only slower).
   */
  readonly dueBy?: string;
}

/** A page of contracts. */
export interface ContractPage extends Page<StoredContract> {
  /**
   * With `dueBy`: the account ids of the page's contracts that have nothing due by then (one entry
   * per contract, in id order), so a run can count what it did not need to look at.
   */
  readonly asleep?: readonly string[] | undefined;
}

/** What one transaction can read and write. Every method is async; nothing is visible outside before commit. */
export interface StoreTransaction {
  /** A contract by id. */
  getContract(id: string): Promise<StoredContract | undefined>;
  /**
   * Inserts (without `expectedVersion`) or updates a contract. An update from a stale version
   * fails with {@link ConflictError}; an insert of a known id with {@link UniqueViolationError}.
   */
  putContract(contract: Contract, expectedVersion?: number): Promise<StoredContract>;
  /** Contracts in id order, a page at a time (`limit` default 500); with `dueBy`, only those with something due. */
  listContracts(options?: ListContractsOptions): Promise<ContractPage>;

  /**
   * Wake-ups (optional; a store offers both methods or neither). The account's write stamp: an
   * opaque text that changes with every write on the account's records — its contracts,
   * invoices, credit notes, attempts, payments, reversals, ledger, messages, cases, activity and
   * events (publishing events is not a write on the account). A rolled-back write may change it
   * too.
   */
  accountStamp?(accountId: string): Promise<string>;
  /**
   * Records a contract's next wake-up: the earliest instant (`at`, ISO) anything can be due for it, as the
   * engine worked it out from the state it read when the account's stamp was `accountStamp`.
   * `listContracts({ dueBy })` leaves the contract asleep while `at` is after `dueBy` and the
   * account's stamp is still that one: any write on the account since wakes it.
   */
  setWakeUp?(contractId: string, wakeUp: { readonly at: string; readonly accountStamp: string }): Promise<void>;

  /**
   * Stores an issued invoice. Unique: its number, and its contract, sites, period and kind (for an
   * adjustment or final invoice, also its issue date) — a second invoice for one period fails with
   * {@link UniqueViolationError}.
   */
  insertInvoice(invoice: Invoice, accountId: string): Promise<StoredInvoice>;
  /** An invoice by number. */
  getInvoice(number: string): Promise<StoredInvoice | undefined>;
  /** Moves an invoice on (status, balance) from the version read; the content is kept. */
  updateInvoice(number: string, expectedVersion: number, change: { readonly invoice?: Invoice; readonly balance?: Money }): Promise<StoredInvoice>;
  /** The invoices of a contract, oldest first. */
  listContractInvoices(contractId: string): Promise<readonly StoredInvoice[]>;
  /** An account's invoices with a balance left to pay, oldest due first. */
  listOpenInvoices(accountId: string): Promise<readonly StoredInvoice[]>;

  /** Stores an issued credit note (unique by number). */
  insertCreditNote(note: CreditNote, accountId: string): Promise<void>;
  /** The credit notes of a contract. */
  listContractCreditNotes(contractId: string): Promise<readonly CreditNote[]>;

  /** Records a payment attempt before the gateway is called (unique by key). */
  insertAttempt(attempt: Omit<ChargeAttempt, "version">): Promise<ChargeAttempt>;
  /** Records an attempt's outcome, from the version read. */
  updateAttempt(key: string, expectedVersion: number, change: { readonly status: AttemptStatus; readonly outcome?: ChargeResult }): Promise<ChargeAttempt>;
  /** An attempt by key. */
  getAttempt(key: string): Promise<ChargeAttempt | undefined>;
  /** An invoice's attempts, in the order they were started. */
  listInvoiceAttempts(invoiceNumber: string): Promise<readonly ChargeAttempt[]>;

  /** Records a payment (unique by id). */
  insertPayment(payment: PaymentRecord): Promise<void>;
  /** An account's payments, in the order received. */
  listPayments(accountId: string): Promise<readonly PaymentRecord[]>;
  /** Records a reversal (unique by id: a second insert fails with {@link UniqueViolationError} `reversals.id`). */
  insertReversal(reversal: Omit<PaymentReversal, "version">): Promise<PaymentReversal>;
  /** Moves a reversal on (`started` → `succeeded` | `failed`), checking its version. */
  updateReversal(id: string, expectedVersion: number, change: Partial<Pick<PaymentReversal, "status" | "fromCredit" | "fromInvoices" | "refundId">>): Promise<PaymentReversal>;
  /** One reversal by id. */
  getReversal(id: string): Promise<PaymentReversal | undefined>;
  /** An account's reversals, in the order recorded. */
  listReversals(accountId: string): Promise<readonly PaymentReversal[]>;
  /** Appends ledger entries (unique by id). */
  appendLedger(entries: readonly LedgerEntry[]): Promise<void>;
  /** An account's ledger, in order. */
  listLedger(accountId: string): Promise<readonly LedgerEntry[]>;

  /** Records a message before the notifier is called (unique by key). */
  insertMessage(message: Omit<MessageRecord, "version" | "events">): Promise<MessageRecord>;
  /** Records a message's outcome or a delivery event, from the version read. */
  updateMessage(key: string, expectedVersion: number, change: { readonly status?: MessageStatus; readonly outcome?: SendResult; readonly event?: DeliveryEvent }): Promise<MessageRecord>;
  /** A message by key. */
  getMessage(key: string): Promise<MessageRecord | undefined>;
  /** A message by the notifier's message id. */
  findMessageById(messageId: string): Promise<MessageRecord | undefined>;
  /** An account's messages, in the order recorded. */
  listMessages(accountId: string): Promise<readonly MessageRecord[]>;

  /** Records an account case (unique by id). */
  insertCase(record: Omit<AccountCase, "version">): Promise<AccountCase>;
  /** Changes a case, from the version read. */
  updateCase(id: string, expectedVersion: number, change: AccountCaseChange): Promise<AccountCase>;
  /** A case by id. */
  getCase(id: string): Promise<AccountCase | undefined>;
  /** An account's cases, in the order recorded. */
  listCases(accountId: string): Promise<readonly AccountCase[]>;

  /** Appends to an account's activity log. */
  appendActivity(entry: ActivityEntry): Promise<void>;
  /** An account's activity, in order. */
  listActivity(accountId: string): Promise<readonly ActivityEntry[]>;

  /** Appends a domain event to the outbox (unique by id). */
  appendEvent(event: OutboxEvent): Promise<void>;
  /** Events not yet published, oldest first. */
  listPendingEvents(limit: number): Promise<readonly OutboxEvent[]>;
  /** Marks events as handed to the subscribers. */
  markPublished(ids: readonly string[], at: Instant): Promise<void>;

  /**
   * The next counter of a numbering series key, inside this transaction: gap-free, because a
   * rolled-back transaction gives its number back.
   */
  nextCounter(key: string): Promise<number>;
}

/** The persistence port. */
export interface BillingStore {
  /**
   * Runs `fn` in a transaction: all its writes commit together when it resolves, none when it
   * throws (the error is rethrown).
   */
  transaction<T>(fn: (tx: StoreTransaction) => Promise<T>): Promise<T>;
}

/** Two workers never handle one account at once. */
export interface AccountLock {
  /**
   * Runs `fn` holding the account's lock (a lease: released when `fn` settles). Waits up to
   * `timeoutMs` (default 30 s) for another holder, then fails with `LockTimeoutError`.
   */
  withAccountLock<T>(accountId: string, fn: () => Promise<T>, options?: { readonly timeoutMs?: number }): Promise<T>;
}

