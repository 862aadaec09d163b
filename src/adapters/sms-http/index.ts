/**
 * `rmr-billing/sms-http`: the `Notifier` port for text messages over a provider's REST API (the
 * Twilio-style form), and its status callbacks turned into delivery events.
 *
 * @module
 */
export { createSmsHttpNotifier, type SmsHttpNotifierOptions, type SmsSentKeys } from "./notifier.js";
export { parseSmsStatusCallback, smsCallbackSignature, verifySmsStatusCallback, type SmsCallbackParams, type SmsDeliveryEvent, type VerifySmsCallbackInput } from "./callback.js";
