/**
 * Collection and renewal timelines: the pure rules that decide what should happen to an invoice, an
 * account or a contract, and when — reminders, auto-pay charges and retries, late fees, dunning and
 * collections, renewals — and {@link nextActions}, which merges them into one dated list of
 * actions with stable idempotency keys for the engine to perform.
 *
 * Everything here is pure: it takes facts, a policy and a date, and returns data.
 *
 * @module
 */
export type {
  ActionBase,
  ActionSubject,
  ChargeAction,
  ChargeReason,
  ContractTerm,
  DunningAction,
  EndOfServiceReason,
  EndServiceAction,
  LateFeeAction,
  MessageAction,
  MessageTemplate,
  RenewalTrigger,
  RenewContractAction,
  SubjectKind,
  TaskAction,
  TaskKind,
  TimelineAction,
} from "./actions.js";
export { selectChannels, type ChannelFacts } from "./channels.js";
export {
  classifyAchReturn,
  classifyDecline,
  NEVER_RETRY_RESPONSE_CODES,
  UPDATE_DETAILS_RESPONSE_CODES,
  type AchReturnClassification,
  type CardDecline,
  type DeclineClassification,
  type DeclineKind,
  type DeclineReason,
} from "./declines.js";
export {
  dunningState,
  dunningTransitions,
  type DunningReason,
  type DunningState,
  type DunningStatus,
  type DunningTransition,
} from "./dunning.js";
export type {
  AttemptDeclined,
  AttemptOrigin,
  AttemptOutcome,
  AttemptProcessing,
  AttemptReturned,
  AttemptSucceeded,
  AttemptUnknown,
  Channel,
  ContactFacts,
  ContractFacts,
  CustomerFacts,
  DisputeFact,
  InvoiceFacts,
  PaymentAttempt,
  PaymentFact,
  PaymentMethodFacts,
  PaymentMethodKind,
  RenewalDecision,
  RenewalKind,
  RenewalResponse,
  TimelineFacts,
} from "./facts.js";
export { lateFee, type LateFeeCharged, type LateFeeOptions, type LateFeeResult, type LateFeeSkipped, type NoLateFeeReason } from "./lateFee.js";
export { lateFeeSchedule, type LateFee, type LateFeeScheduleOptions } from "./lateFeeSchedule.js";
export {
  DEFAULT_NETWORK_RULE_SETS,
  MASTERCARD_RETRY_RULES,
  NACHA_REINITIATION_RULES,
  ruleInForce,
  VISA_RETRY_RULES,
  type NetworkRetryRule,
  type NetworkRuleSet,
  type NetworkScope,
  type NetworkWindow,
} from "./networkRules.js";
export { nextActions } from "./nextActions.js";
export { checkTimelineFacts } from "./checkFacts.js";
export { timelineFacts, type InvoiceHistory, type TermHistory, type TimelineFactsOptions } from "./fromContract.js";
export {
  parseDunningPolicy,
  parseLateFeePolicy,
  parseMessagingPolicy,
  parseReminderPolicy,
  parseRenewalPolicy,
  parseRetryPolicy,
  parseTimelinePolicy,
  safeParseTimelinePolicy,
  type SafeParseTimelinePolicyResult,
} from "./parseTimelinePolicy.js";
export { paymentRecoveryActions, type PaymentRecoveryAction, type PaymentRecoveryOptions } from "./paymentRecovery.js";
export {
  CALIFORNIA_RENEWAL_NOTICE,
  DEFAULT_DUNNING_POLICY,
  DEFAULT_LATE_FEE_POLICY,
  DEFAULT_MESSAGING_POLICY,
  DEFAULT_REMINDER_POLICY,
  DEFAULT_RENEWAL_POLICY,
  DEFAULT_RETRY_POLICY,
  DEFAULT_TIMELINE_POLICY,
  NEW_YORK_RENEWAL_NOTICE,
  type AutoRenewalPolicy,
  type ChannelStrategy,
  type CollectionsStep,
  type DelayUnit,
  type DunningPolicy,
  type FixedLateFee,
  type FixedLateFeeCap,
  type JurisdictionLateFeeRule,
  type LateFeeCap,
  type LateFeeCapBase,
  type LateFeeCapScope,
  type PercentageLateFeeCap,
  type LateFeeBilling,
  type LateFeeCharge,
  type LateFeePolicy,
  type LateFeeRecurrence,
  type MessagingPolicy,
  type MonthlyRecurrence,
  type NoLateFee,
  type NoticeReference,
  type OnceRecurrence,
  type OptionalDunningStep,
  type PercentageLateFee,
  type ReminderPolicy,
  type ReminderStep,
  type RenewalNoticeWindow,
  type RenewalPolicy,
  type RetryDelay,
  type RetryDelaysFrom,
  type RetryPolicy,
  type SendWindow,
  type TimelinePolicy,
  type TimeOfDay,
  type Tone,
} from "./policies.js";
export { reminderSchedule, type ReminderScheduleOptions } from "./reminderSchedule.js";
export {
  renewalSchedule,
  renewedTerm,
  type RenewalAction,
  type RenewalScheduleOptions,
  type RenewedPrice,
  type RenewedTermOptions,
} from "./renewalSchedule.js";
export {
  retrySchedule,
  type PlannedRetry,
  type RetrySchedule,
  type RetryScheduleOptions,
  type RetryStatus,
} from "./retrySchedule.js";
export { earliestSendTime, isWithinSendWindow, type SendWindowOptions } from "./sendWindow.js";
