/**
 * Ports: the small interfaces through which the engine reaches the outside world — persistence,
 * account locks, the payment gateway, the notifier, the clock and document numbering. Adapters
 * implement them; `rmr-billing/memory` ships the in-memory reference implementations, and
 * `rmr-billing/testing` the conformance suites every adapter must pass.
 *
 * @module
 */
export type { Clock } from "./clock.js";
export type { Sequence } from "./sequence.js";
export { ConflictError, LockTimeoutError, UniqueViolationError } from "./errors.js";
export type {
  AccountCase,
  AccountCaseBase,
  AccountCaseChange,
  AccountCaseKind,
  AccountCaseStatus,
  AccountLock,
  ActivityEntry,
  DisputeCase,
  DisputeEvidence,
  LateFeeCase,
  PromiseToPayCase,
  RenewalCase,
  ExceptionCase,
  ExceptionKind,
  AutoPayAuthorizationCase,
  AttemptStatus,
  BillingStore,
  DeliveryEvent,
  LedgerEntry,
  MessageRecord,
  MessageStatus,
  OutboxEvent,
  Page,
  ContractPage,
  ListContractsOptions,
  ChargeAttempt,
  PaymentAllocation,
  PaymentChannel,
  PaymentRecord,
  PaymentReversal,
  ReversalKind,
  StoreTransaction,
  StoredContract,
  StoredInvoice,
} from "./store.js";
export type { ChargeDeclined, ChargeNotFound, ChargeRequest, ChargeResult, LookupResult, PaymentGateway, RefundRequest, RefundResult } from "./gateway.js";
export type { DeliveryEventKind, Notifier, NotifierChannel, SendRequest, SendResult } from "./notifier.js";
