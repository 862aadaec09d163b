import type { Instant } from "../calendar/index.js";

/**
 * A gateway's normalized reason for a card decline. Gateways name them differently; map yours to
 * the closest one, or leave it out and pass the raw codes.
 */
export type DeclineReason =
  | "insufficientFunds"
  | "issuerUnavailable"
  | "tryAgainLater"
  | "processingError"
  | "doNotHonor"
  | "genericDecline"
  | "suspectedFraud"
  | "velocityExceeded"
  | "lostCard"
  | "stolenCard"
  | "pickUpCard"
  | "closedAccount"
  | "invalidAccount"
  | "expiredCard"
  | "incorrectDetails"
  | "revokedAuthorization"
  | "stopPaymentOrder"
  | "transactionNotPermitted";

/** What the gateway said about a declined card charge. Every field is optional; codes win over the reason. */
export interface CardDecline {
  /** The gateway's normalized reason. */
  readonly reason?: DeclineReason;
  /** The issuer's response code (ISO 8583 field 39), e.g. `"51"` or `"R1"`. */
  readonly responseCode?: string;
  /** Mastercard's merchant advice code, e.g. `"03"` (do not try again) or `"25"` (retry after 24 hours). */
  readonly adviceCode?: string;
  /** The gateway's "retry after" hint: no new attempt before this instant. */
  readonly retryAfter?: Instant;
}

/** Soft declines may be retried; hard declines never are and go straight to "update payment method". */
export type DeclineKind = "soft" | "hard";

/** The verdict on a decline. */
export interface DeclineClassification {
  /** Soft (retry) or hard (never retry). */
  readonly kind: DeclineKind;
  /** Why, in words, naming the code that decided it. */
  readonly explanation: string;
  /** A Mastercard advice code's "retry after" delay in hours (codes 24–30), else `null`. */
  readonly retryAfterHours: number | null;
}

/**
 * Issuer response codes the card networks say never to retry (Visa's category 1, "issuer will
 * never approve"): pick-up card, invalid transaction, invalid account, no such issuer, lost,
 * stolen, closed account, not permitted, and revoked authorizations.
 *
 * @example
 * ```ts
 * NEVER_RETRY_RESPONSE_CODES.includes("43"); // true (stolen card)
 * ```
 */
export const NEVER_RETRY_RESPONSE_CODES: readonly string[] = Object.freeze(["04", "07", "12", "14", "15", "41", "43", "46", "57", "R0", "R1", "R3"]);

/**
 * Response codes that mean the stored details can no longer work (Visa's category 3: expired card,
 * wrong PIN or security code, authentication required). A recurring charge cannot correct them,
 * so they are hard declines too: the customer must update the payment method.
 *
 * @example
 * ```ts
 * UPDATE_DETAILS_RESPONSE_CODES.includes("54"); // true (expired card)
 * ```
 */
export const UPDATE_DETAILS_RESPONSE_CODES: readonly string[] = Object.freeze(["54", "55", "N7", "82", "1A"]);

/**
 * A lookup table. A Map rather than an object: a code from a gateway such as "constructor" or
 * "toString" must find nothing, not a property every object inherits.
 */
function table<K extends string, V>(entries: Readonly<Record<K, V>>): ReadonlyMap<K, V> {
  return new Map(Object.entries(entries) as [K, V][]);
}

const HARD_REASONS: ReadonlyMap<DeclineReason, boolean> = table<DeclineReason, boolean>({
  insufficientFunds: false,
  issuerUnavailable: false,
  tryAgainLater: false,
  processingError: false,
  doNotHonor: false,
  genericDecline: false,
  suspectedFraud: false,
  velocityExceeded: false,
  lostCard: true,
  stolenCard: true,
  pickUpCard: true,
  closedAccount: true,
  invalidAccount: true,
  expiredCard: true,
  incorrectDetails: true,
  revokedAuthorization: true,
  stopPaymentOrder: true,
  transactionNotPermitted: true,
});

const ADVICE_HARD: ReadonlyMap<string, string> = table<string, string>({
  "01": "new account information is available",
  "03": "do not try again",
  "21": "the cardholder cancelled recurring payments",
});

const ADVICE_RETRY_HOURS: ReadonlyMap<string, number> = table<string, number>({
  "24": 1,
  "25": 24,
  "26": 48,
  "27": 96,
  "28": 144,
  "29": 192,
  "30": 240,
});

/**
 * Classifies a card decline as soft (retry later) or hard (never retry; ask for a new payment
 * method).
 *
 * Hard: Mastercard advice codes 03 (do not try again), 21 (recurring payments cancelled) and 01
 * (new account information); the response codes in {@link NEVER_RETRY_RESPONSE_CODES} and
 * {@link UPDATE_DETAILS_RESPONSE_CODES}; and the reasons lost, stolen, pick-up, closed or invalid
 * account, expired, incorrect details, revoked authorization, stop-payment order and not permitted.
 * Everything else — insufficient funds, issuer unavailable, try again later, a plain "do not
 * honor" (05), an unknown code — is soft and retried within the network limits. Advice codes 24–30
 * carry a "retry after" delay.
 *
 * @example
 * ```ts
 * classifyDecline({ reason: "insufficientFunds" }).kind;          // "soft"
 * classifyDecline({ responseCode: "05", adviceCode: "03" }).kind; // "hard"
 * classifyDecline({ responseCode: "51", adviceCode: "25" });      // soft, retryAfterHours: 24
 * ```
 */
export function classifyDecline(decline: CardDecline): DeclineClassification {
  const advice = decline.adviceCode?.trim();
  const response = decline.responseCode?.trim().toUpperCase();
  const retryAfterHours = advice === undefined ? null : (ADVICE_RETRY_HOURS.get(advice) ?? null);
  const hard = (explanation: string): DeclineClassification => ({ kind: "hard", explanation, retryAfterHours: null });
  if (advice !== undefined) {
    const meaning = ADVICE_HARD.get(advice);
    if (meaning !== undefined) return hard(`Mastercard advice code ${advice}: ${meaning}; never retried`);
  }
  if (response !== undefined) {
    if (NEVER_RETRY_RESPONSE_CODES.includes(response)) {
      return hard(`response code ${response} is one the card networks say never to retry`);
    }
    if (UPDATE_DETAILS_RESPONSE_CODES.includes(response)) {
      return hard(`response code ${response}: the stored card details cannot be approved; the customer must update them`);
    }
  }
  if (decline.reason !== undefined && HARD_REASONS.get(decline.reason)) {
    return hard(`${decline.reason} is a hard decline; never retried`);
  }
  const because = decline.reason ?? (response === undefined ? "an unclassified decline" : `response code ${response}`);
  const hint = retryAfterHours === null ? "" : `; Mastercard advice code ${advice ?? ""} asks to wait ${retryAfterHours} hours`;
  return { kind: "soft", explanation: `${because} is a soft decline; retried within network limits${hint}`, retryAfterHours };
}

/** The verdict on a returned ACH debit. */
export interface AchReturnClassification {
  /** Soft (may be re-presented) or hard (never re-presented automatically). */
  readonly kind: DeclineKind;
  /** Whether a new authorization from the customer is needed before debiting again. */
  readonly requiresNewAuthorization: boolean;
  /** Why, in words. */
  readonly explanation: string;
}

const ACH_REPRESENTABLE: ReadonlyMap<string, string> = table<string, string>({
  R01: "insufficient funds",
  R09: "uncollected funds",
});

const ACH_NEW_AUTHORIZATION: ReadonlyMap<string, string> = table<string, string>({
  R02: "account closed",
  R03: "no account or unable to locate account",
  R04: "invalid account number",
  R05: "unauthorized debit to a consumer account",
  R07: "authorization revoked by the customer",
  R08: "payment stopped",
  R10: "customer advises the debit was not authorized",
  R29: "corporate customer advises the debit was not authorized",
  R51: "item related to a remotely created check is ineligible or improper",
});

/**
 * Classifies an ACH return code. R01 and R09 may be re-presented (within NACHA's limit, see
 * {@link NACHA_REINITIATION_RULES}); R02, R03, R04, R07, R08, R10 and the other unauthorized
 * returns (R05, R29, R51) need a new authorization; any other code is not re-presented
 * automatically.
 *
 * @example
 * ```ts
 * classifyAchReturn("R01").kind;                     // "soft"
 * classifyAchReturn("R07").requiresNewAuthorization; // true
 * ```
 */
export function classifyAchReturn(returnCode: string): AchReturnClassification {
  const code = returnCode.trim().toUpperCase();
  const representable = ACH_REPRESENTABLE.get(code);
  if (representable !== undefined) {
    return { kind: "soft", requiresNewAuthorization: false, explanation: `${code} (${representable}) may be re-presented within NACHA's reinitiation limit` };
  }
  const unauthorized = ACH_NEW_AUTHORIZATION.get(code);
  if (unauthorized !== undefined) {
    return { kind: "hard", requiresNewAuthorization: true, explanation: `${code} (${unauthorized}) is never re-presented without a new authorization` };
  }
  return { kind: "hard", requiresNewAuthorization: false, explanation: `${code} is not re-presented automatically` };
}
