/**
 * The billing engine: `createBillingEngine` and its run (issue, deliver, collect auto-pay, remind,
 * retry, late fees, dunning), disputes and promises to pay, the payments ledger, delivery events,
 * the event outbox and `simulate` (days of billing in-process) — the imperative shell over
 * the pure core, reaching the world only through the ports.
 *
 * @module
 */
export { createBillingEngine } from "./engine.js";
export { shardOf } from "./shard.js";
export { simulate, type CustomerBehaviour, type PaymentHabit, type SettableClock, type SimulatedDispute, type SimulatedPromise, type SimulationOptions, type SimulationResult, type SimulationTotals } from "./simulate.js";
export { createEnrollmentLink, verifyEnrollmentLink, type EnrollmentLink, type EnrollmentLinkClaims, type EnrollmentLinkVerification } from "./paymentLinks.js";
export { createTrackingLink, verifyTrackingLink, type TrackingLinkClaims, type TrackingLinkVerification } from "./paymentLinks.js";
export { createRenewalLink, verifyRenewalLink, type InvalidRenewalLink, type RenewalLinkClaims, type RenewalLinkVerification, type VerifiedRenewalLink } from "./paymentLinks.js";
export { createPaymentLink, verifyPaymentLink, type PaymentLink, type PaymentLinkClaims, type PaymentLinkKey, type PaymentLinkVerification, type VerifiedPaymentLink, type InvalidPaymentLink } from "./paymentLinks.js";
export {
  DEFAULT_ENGINE_SETTINGS,
  MAX_PROMISE_DAYS,
  type DisputeCredited,
  type DisputeEvidenceInput,
  type DisputeInput,
  type DisputeResolution,
  type DisputeUpheld,
  type PromiseToPayInput,
  type ExceptionItem,
  type CollectionsItem,
  type LegalActionInput,
  type AutoPaySettings,
  type AutoPayIncentive,
  type PercentIncentive,
  type FixedIncentive,
  type LongerTermOffer,
  type EnrollmentPaymentMethod,
  type AutoPayAuthorization,
  type AutoPayEnrollmentInput,
  type AutoPayCancellationInput,
  type ResolveExceptionInput,
  type RenewalAnswerInput,
  type RenewalSettings,
  type BillingEngine,
  type BillingEngineOptions,
  type ChargeCounts,
  type DeliveryEventInput,
  type EngineSettings,
  type EventSubscriber,
  type AchReturnInput,
  type ChargebackInput,
  type PaymentInput,
  type PaymentLinkCheck,
  type PayByLinkInput,
  type ActivityItem,
  type ActivityRange,
  type PayByLinkResult,
  type TrackingLinkResult,
  type ValidPaymentLinkCheck,
  type RenewalLinkCheck,
  type ValidRenewalLinkCheck,
  type RenewalTermOption,
  type RenewalMessageSent,
  type WriteOffResult,
  type RefundInput,
  type WriteOffInput,
  type RunError,
  type RunOptions,
  type RunProgress,
  type RunReport,
  type ShardRunOptions,
  type StatementCadence,
  type StatementSettings,
} from "./types.js";
export { nextStatementDate, statementPeriod, type StatementPeriod } from "./statements.js";
