import { createHmac, timingSafeEqual } from "node:crypto";
import type { DeliveryEventKind } from "../../ports/index.js";

/** A status callback's form parameters: a raw form body, parsed `URLSearchParams`, or a plain object. */
export type SmsCallbackParams = string | URLSearchParams | Readonly<Record<string, string>>;

/**
 * A delivery event from a status callback, in the shape `engine.recordDeliveryEvent` takes
 * (`messageId`, `kind`, `at`), with what the provider said.
 */
export interface SmsDeliveryEvent {
  /** The provider's message sid (the `messageId` the notifier returned). */
  readonly messageId: string;
  /** `"delivered"`, or `"bounced"` for undelivered and failed. */
  readonly kind: DeliveryEventKind;
  /** When the callback was received (ISO instant): the form carries no time. */
  readonly at: string;
  /** The provider's `MessageStatus`. */
  readonly providerStatus: string;
  /** The provider's `ErrorCode`, when it gave one (e.g. `"30003"`, unreachable handset). */
  readonly errorCode?: string | undefined;
}

function toParams(params: SmsCallbackParams): URLSearchParams {
  if (typeof params === "string" || params instanceof URLSearchParams) return new URLSearchParams(params);
  return new URLSearchParams(Object.entries(params));
}

/**
 * Turns a provider's status callback (form body: `MessageSid`, `MessageStatus`, `ErrorCode`) into
 * the delivery event the engine records: `delivered` → `"delivered"`; `undelivered` and `failed`
 * → `"bounced"` (the engine moves the customer to their next channel); `read` → `"opened"`. The
 * statuses on the way (`queued`, `sending`, `sent`, `accepted`, `scheduled`) are no event:
 * `undefined`. Check the callback's signature first ({@link verifySmsStatusCallback}).
 *
 * @example
 * ```ts
 * const event = parseSmsStatusCallback("MessageSid=SM123&MessageStatus=undelivered&ErrorCode=30003", { at: "2027-01-26T15:00:02Z" });
 * // → { messageId: "SM123", kind: "bounced", at: "2027-01-26T15:00:02Z", providerStatus: "undelivered", errorCode: "30003" }
 * if (event !== undefined) await engine.recordDeliveryEvent(event);
 * ```
 */
export function parseSmsStatusCallback(params: SmsCallbackParams, options: { readonly at: string }): SmsDeliveryEvent | undefined {
  const form = toParams(params);
  const messageId = form.get("MessageSid") ?? form.get("SmsSid");
  const status = (form.get("MessageStatus") ?? form.get("SmsStatus") ?? "").toLowerCase();
  if (messageId === null || messageId === "" || status === "") return undefined;
  const kind: DeliveryEventKind | undefined = status === "delivered" ? "delivered" : status === "undelivered" || status === "failed" ? "bounced" : status === "read" ? "opened" : undefined;
  if (kind === undefined) return undefined;
  const errorCode = form.get("ErrorCode");
  return { messageId, kind, at: options.at, providerStatus: status, ...(errorCode === null || errorCode === "" ? {} : { errorCode }) };
}

/**
 * The signature a Twilio-style provider puts in `X-Twilio-Signature`: base64 HMAC-SHA1, keyed
 * with the auth token, of the full callback URL followed by every form parameter, sorted by name,
 * as name then value.
 *
 * @example
 * ```ts
 * smsCallbackSignature("auth-token-of-the-account", "https://billing.example.com/sms/status", "MessageSid=SM123&MessageStatus=delivered");
 * // → "nWpwUN1ELphqq/lF3lKQHLOvDBA="
 * smsCallbackSignature("auth-token-of-the-account", "https://billing.example.com/sms/status", { MessageStatus: "delivered", MessageSid: "SM123" });
 * // → "nWpwUN1ELphqq/lF3lKQHLOvDBA=" (the parameters are sorted, so their order does not matter)
 * ```
 */
export function smsCallbackSignature(authToken: string, url: string, params: SmsCallbackParams): string {
  const form = toParams(params);
  const entries = [...form.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const payload = url + entries.map(([k, v]) => k + v).join("");
  return createHmac("sha1", authToken).update(payload, "utf8").digest("base64");
}

/** What {@link verifySmsStatusCallback} checks. */
export interface VerifySmsCallbackInput {
  /** The auth token the provider signs with. */
  readonly authToken: string;
  /** The full URL the provider called, exactly as configured (scheme, host, path, query). */
  readonly url: string;
  /** The form parameters received. */
  readonly params: SmsCallbackParams;
  /** The `X-Twilio-Signature` header received. */
  readonly signature: string | null | undefined;
}

/**
 * Whether a status callback really comes from the provider: its signature matches
 * ({@link smsCallbackSignature}), compared in constant time. A missing signature is a no.
 *
 * @example
 * ```ts
 * const authToken = "auth-token-of-the-account";
 * const url = "https://billing.example.com/sms/status";
 * const params = "MessageSid=SM123&MessageStatus=delivered";
 * verifySmsStatusCallback({ authToken, url, params, signature: smsCallbackSignature(authToken, url, params) }); // → true
 * verifySmsStatusCallback({ authToken, url, params: "MessageSid=SM123&MessageStatus=failed", signature: smsCallbackSignature(authToken, url, params) }); // → false (altered)
 * verifySmsStatusCallback({ authToken, url, params, signature: undefined }); // → false
 * ```
 */
export function verifySmsStatusCallback(input: VerifySmsCallbackInput): boolean {
  if (input.signature === null || input.signature === undefined || input.signature === "") return false;
  const expected = Buffer.from(smsCallbackSignature(input.authToken, input.url, input.params));
  const given = Buffer.from(input.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
