/**
 * The billing engine: `createBillingEngine` and its run (issue, deliver, collect auto-pay, remind,
 * retry), the payments ledger, delivery events and the event outbox — the imperative shell over
 * the pure core, reaching the world only through the ports.
 *
 * @module
 */
export { createBillingEngine } from "./engine.js";
export { createPaymentLink, verifyPaymentLink, type PaymentLink, type PaymentLinkClaims, type PaymentLinkKey, type PaymentLinkVerification, type VerifiedPaymentLink, type InvalidPaymentLink } from "./paymentLinks.js";
export {
  DEFAULT_ENGINE_SETTINGS,
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
  type ValidPaymentLinkCheck,
  type WriteOffResult,
  type RefundInput,
  type WriteOffInput,
  type RunError,
  type RunOptions,
  type RunProgress,
  type RunReport,
} from "./types.js";
