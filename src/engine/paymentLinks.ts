import { createHmac, timingSafeEqual } from "node:crypto";
import { addDays, isCalendarDate, parseInstant, type CalendarDate, type Instant } from "../calendar/index.js";
import { ErrorCodes, IssueCollector, ValidationError } from "../errors/index.js";
import { fromMinorUnits, isCurrencyCode, type Money } from "../money/index.js";

/** A signing key: an id printed in every token it signs, so keys can rotate. */
export interface PaymentLinkKey {
  /** Short id, letters, digits, `-` and `_` (e.g. `"2027-01"`). */
  readonly id: string;
  /** The secret: at least 32 bytes (a string's UTF-8 bytes count). Keep it out of source control. */
  readonly secret: string | Uint8Array;
}

/** What {@link createPaymentLink} signs. */
export interface PaymentLinkClaims {
  /** The invoice paid by the link. */
  readonly invoiceNumber: string;
  /** The amount the link asks for. */
  readonly amount: Money;
  /** The invoice's due date: the link expires `expiresAfterDays` after it. */
  readonly dueDate: CalendarDate;
  /** Days after the due date the link still works; default 30. */
  readonly expiresAfterDays?: number;
}

/** A signed payment link. */
export interface PaymentLink {
  /** The URL to print in a message: `baseUrl` + token. */
  readonly url: string;
  /** The token alone (URL-safe). */
  readonly token: string;
  /** The instant it stops working: the end of the expiry day, UTC. */
  readonly expiresAt: Instant;
  /** The key that signed it. */
  readonly keyId: string;
}

/** What {@link verifyPaymentLink} found. */
export type PaymentLinkVerification = VerifiedPaymentLink | InvalidPaymentLink;

/** A payment link that verifies. */
export interface VerifiedPaymentLink {
  /** The token is ours, unaltered and in date. */
  readonly valid: true;
  /** The invoice the link pays. */
  readonly invoiceNumber: string;
  /** The amount the link was made for (the balance when it was signed). */
  readonly amount: Money;
  /** When the link stops working. */
  readonly expiresAt: Instant;
  /** The id of the key that signed it. */
  readonly keyId: string;
}

/** A payment link that does not verify, and why. */
export interface InvalidPaymentLink {
  /** The token cannot be trusted: see `reason`. */
  readonly valid: false;
  /** `malformed`: not a token of ours; `unknownKey`: signed by a key no longer held; `badSignature`: altered; `expired`: past its date. */
  readonly reason: "malformed" | "unknownKey" | "badSignature" | "expired";
  /** For `expired`: what it was for, so the page can offer a fresh link. */
  readonly invoiceNumber?: string;
}

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const DEFAULT_EXPIRY_DAYS = 30;

function secretBytes(key: PaymentLinkKey): Buffer {
  return typeof key.secret === "string" ? Buffer.from(key.secret, "utf8") : Buffer.from(key.secret);
}

function checkKeys(issues: IssueCollector, keys: readonly PaymentLinkKey[], path: (string | number)[]): void {
  if (!Array.isArray(keys) || keys.length === 0) {
    issues.add(path, ErrorCodes.required, "at least one signing key { id, secret } is needed");
    return;
  }
  const seen = new Set<string>();
  keys.forEach((key, i) => {
    if (typeof key?.id !== "string" || !KEY_ID.test(key.id)) issues.add([...path, i, "id"], ErrorCodes.invalidValue, `a key id is 1–32 letters, digits, "-" or "_", got ${JSON.stringify(key?.id)}`);
    else if (seen.has(key.id)) issues.add([...path, i, "id"], ErrorCodes.invalidValue, `key id ${key.id} is used twice`);
    else seen.add(key.id);
    if (typeof key?.secret !== "string" && !(key?.secret instanceof Uint8Array)) issues.add([...path, i, "secret"], ErrorCodes.invalidType, "a secret is a string or bytes");
    else if (secretBytes(key).length < 32) issues.add([...path, i, "secret"], ErrorCodes.tooSmall, `a secret needs at least 32 bytes for HMAC-SHA256, got ${secretBytes(key).length}`);
  });
}

function sign(keyId: string, payload: string, key: PaymentLinkKey): Buffer {
  return createHmac("sha256", secretBytes(key)).update(`${keyId}.${payload}`).digest();
}

/**
 * A token's claims, once its signature checks out under the key its id names (compared in
 * constant time) — the part payment and enrollment links share; each then reads its own claims.
 */
function openToken(token: string, keys: readonly PaymentLinkKey[]): { ok: true; keyId: string; claims: Record<string, unknown> } | { ok: false; reason: "malformed" | "unknownKey" | "badSignature" } {
  const bare = typeof token === "string" ? token.slice(token.lastIndexOf("/") + 1) : "";
  const parts = bare.split(".");
  if (parts.length !== 3) return { ok: false, reason: "malformed" };
  const [keyId, payload, signature] = parts as [string, string, string];
  const key = keys.find((k) => k.id === keyId);
  if (key === undefined) return { ok: false, reason: KEY_ID.test(keyId) ? "unknownKey" : "malformed" };
  const expected = sign(keyId, payload, key);
  const given = Buffer.from(signature, "base64url");
  // Same length first (timingSafeEqual needs it); the comparison itself takes the same time whatever differs.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "badSignature" };
  try {
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as unknown;
    return typeof claims === "object" && claims !== null ? { ok: true, keyId, claims: claims as Record<string, unknown> } : { ok: false, reason: "malformed" };
  } catch {
    return { ok: false, reason: "malformed" };
  }
}

/**
 * Signs a payment link for one invoice and amount: HMAC-SHA256 under the first of `keys`, whose
 * id rides in the token so older keys still verify after a rotation. The token holds the invoice
 * number, the amount and the expiry — no name, address or email — and expires `expiresAfterDays`
 * (default 30) after the due date, at the end of that day (UTC).
 *
 * @param claims - the invoice, the amount and its due date
 * @param options - `keys` (the first signs), `baseUrl` the link starts with
 * @throws {@link ValidationError} listing every problem of the claims and keys
 * @example
 * ```ts
 * const keys = [{ id: "k1", secret: "a-secret-of-at-least-32-bytes-long!" }];
 * const link = createPaymentLink({ invoiceNumber: "INV-1", amount: money("52.49", "USD"), dueDate: "2027-01-01" }, { keys, baseUrl: "https://pay.example.com/p/" });
 * link.expiresAt; // "2027-01-31T23:59:59.000Z"
 * ```
 */
export function createPaymentLink(claims: PaymentLinkClaims, options: { readonly keys: readonly PaymentLinkKey[]; readonly baseUrl: string }): PaymentLink {
  const issues = new IssueCollector();
  if (typeof claims.invoiceNumber !== "string" || claims.invoiceNumber === "") issues.add(["invoiceNumber"], ErrorCodes.required, "a payment link needs the invoice number");
  if (!Number.isSafeInteger(claims.amount?.minor) || !(claims.amount.minor > 0) || !isCurrencyCode(claims.amount.currency)) issues.add(["amount"], ErrorCodes.tooSmall, "a payment link asks for money above zero in a known currency");
  if (!isCalendarDate(claims.dueDate)) issues.add(["dueDate"], ErrorCodes.invalidDate, `expected a day "YYYY-MM-DD", got ${JSON.stringify(claims.dueDate)}`);
  const days = claims.expiresAfterDays ?? DEFAULT_EXPIRY_DAYS;
  if (!Number.isSafeInteger(days) || days < 0) issues.add(["expiresAfterDays"], ErrorCodes.invalidValue, `expected whole days from 0, got ${String(days)}`);
  checkKeys(issues, options.keys, ["keys"]);
  if (!issues.ok) throw new ValidationError(issues.issues);
  const key = options.keys[0] as PaymentLinkKey;
  const expiresAt = `${addDays(claims.dueDate, days)}T23:59:59.000Z`;
  const payload = Buffer.from(
    JSON.stringify({ v: 1, i: claims.invoiceNumber, a: claims.amount.minor, c: claims.amount.currency, e: Math.floor(parseInstant(expiresAt) / 1000) }),
    "utf8",
  ).toString("base64url");
  const token = `${key.id}.${payload}.${sign(key.id, payload, key).toString("base64url")}`;
  return { url: `${options.baseUrl}${token}`, token, expiresAt, keyId: key.id };
}

/**
 * Checks a payment link's token: the signature under the key its id names (compared in constant
 * time), then the expiry against `now`. Says why a token is refused; never throws for a bad
 * token. Whether the invoice is still open is the store's to say: see `engine.verifyPaymentLink`.
 *
 * @param token - the token, or the whole URL (everything after the last `/`)
 * @param options - every key still accepted, and the moment to check the expiry at
 * @example
 * ```ts
 * verifyPaymentLink(link.token, { keys, now: "2027-01-10T12:00:00Z" }).valid; // true
 * verifyPaymentLink(link.token, { keys, now: "2027-02-01T00:00:00Z" });      // { valid: false, reason: "expired", invoiceNumber: "INV-1" }
 * ```
 */
export function verifyPaymentLink(token: string, options: { readonly keys: readonly PaymentLinkKey[]; readonly now: Instant }): PaymentLinkVerification {
  const issues = new IssueCollector();
  checkKeys(issues, options.keys, ["keys"]);
  if (!issues.ok) throw new ValidationError(issues.issues);
  const opened = openToken(token, options.keys);
  if (!opened.ok) return { valid: false, reason: opened.reason };
  const { keyId } = opened;
  const claims = opened.claims as { v?: unknown; i?: unknown; a?: unknown; c?: unknown; e?: unknown };
  if (claims.v !== 1 || typeof claims.i !== "string" || typeof claims.a !== "number" || typeof claims.c !== "string" || typeof claims.e !== "number") return { valid: false, reason: "malformed" };
  const expiresAt = new Date(claims.e * 1000).toISOString();
  if (parseInstant(options.now) > claims.e * 1000) return { valid: false, reason: "expired", invoiceNumber: claims.i };
  return { valid: true, invoiceNumber: claims.i, amount: fromMinorUnits(claims.a, claims.c), expiresAt, keyId };
}

/**
 * The link a message prints for an invoice: signed when the engine has keys and something is left
 * to pay, else the portal page of the invoice. @internal
 */
export function paymentLinkFor(
  settings: { readonly paymentLinkBase: string; readonly paymentLinkKeys?: readonly PaymentLinkKey[] | undefined; readonly paymentLinkExpiryDays: number },
  invoice: { readonly number: string; readonly dueDate: CalendarDate },
  amount: Money,
): string {
  if (settings.paymentLinkKeys === undefined || amount.minor <= 0) return `${settings.paymentLinkBase}${encodeURIComponent(invoice.number)}`;
  return createPaymentLink(
    { invoiceNumber: invoice.number, amount, dueDate: invoice.dueDate, expiresAfterDays: settings.paymentLinkExpiryDays },
    { keys: settings.paymentLinkKeys, baseUrl: settings.paymentLinkBase },
  ).url;
}

/** A signed enrollment link. */
export interface EnrollmentLink {
  /** The link to print: the base URL and the token. */
  readonly url: string;
  /** The token alone. */
  readonly token: string;
}

/** What an auto-pay enrollment link signs: the contract, and until when it works. */
export interface EnrollmentLinkClaims {
  /** The contract to enroll. */
  readonly contractId: string;
  /** The last moment the link works. */
  readonly expiresAt: Instant;
}

/**
 * Signs a link that lets a customer turn on auto-pay for one contract without logging in — the
 * same keys and HMAC-SHA256 as payment links, a payload of its own (an enrollment token is never
 * taken for a payment link, nor the other way round).
 *
 * @example
 * ```ts
 * const keys = [{ id: "k1", secret: "a-secret-of-at-least-32-bytes-long!" }];
 * const link = createEnrollmentLink({ contractId: "C-1", expiresAt: "2027-02-01T00:00:00Z" }, { keys, baseUrl: "https://pay.example.com/autopay/" });
 * verifyEnrollmentLink(link.token, { keys, now: "2027-01-15T00:00:00Z" }); // { valid: true, contractId: "C-1" }
 * ```
 */
export function createEnrollmentLink(claims: EnrollmentLinkClaims, options: { readonly keys: readonly PaymentLinkKey[]; readonly baseUrl: string }): EnrollmentLink {
  const issues = new IssueCollector();
  if (typeof claims.contractId !== "string" || claims.contractId === "") issues.add(["contractId"], ErrorCodes.required, "an enrollment link needs the contract id");
  checkKeys(issues, options.keys, ["keys"]);
  if (!issues.ok) throw new ValidationError(issues.issues);
  const key = options.keys[0] as PaymentLinkKey;
  const payload = Buffer.from(JSON.stringify({ v: 1, t: "enroll", k: claims.contractId, e: Math.floor(parseInstant(claims.expiresAt) / 1000) }), "utf8").toString("base64url");
  const token = `${key.id}.${payload}.${sign(key.id, payload, key).toString("base64url")}`;
  return { url: `${options.baseUrl}${token}`, token };
}

/** What {@link verifyEnrollmentLink} found. */
export type EnrollmentLinkVerification =
  | {
      /** Signed by a known key, not expired. */
      readonly valid: true;
      /** The contract to enroll. */
      readonly contractId: string;
    }
  | {
      /** Refused. */
      readonly valid: false;
      /** Why. */
      readonly reason: "malformed" | "unknownKey" | "badSignature" | "expired";
    };

/**
 * Checks an enrollment link's token (signature in constant time, then expiry); never throws for a bad token.
 *
 * @example
 * ```ts
 * const keys = [{ id: "k1", secret: "a-secret-of-at-least-32-bytes-long!" }];
 * const link = createEnrollmentLink({ contractId: "C-1", expiresAt: "2027-02-01T00:00:00Z" }, { keys, baseUrl: "https://pay.example.com/autopay/" });
 * verifyEnrollmentLink(link.url, { keys, now: "2027-01-15T00:00:00Z" }); // → { valid: true, contractId: "C-1" }
 * verifyEnrollmentLink(link.token, { keys, now: "2027-02-02T00:00:00Z" }); // → { valid: false, reason: "expired" }
 * verifyEnrollmentLink(link.token, { keys: [{ id: "k2", secret: "another-secret-of-32-bytes-or-more" }], now: "2027-01-15T00:00:00Z" }); // → { valid: false, reason: "unknownKey" }
 * ```
 */
export function verifyEnrollmentLink(token: string, options: { readonly keys: readonly PaymentLinkKey[]; readonly now: Instant }): EnrollmentLinkVerification {
  const opened = openToken(token, options.keys);
  if (!opened.ok) return { valid: false, reason: opened.reason };
  const claims = opened.claims as { v?: unknown; t?: unknown; k?: unknown; e?: unknown };
  if (claims.v !== 1 || claims.t !== "enroll" || typeof claims.k !== "string" || typeof claims.e !== "number") return { valid: false, reason: "malformed" };
  if (parseInstant(options.now) > claims.e * 1000) return { valid: false, reason: "expired" };
  return { valid: true, contractId: claims.k };
}

/** What a tracking link records when it is followed: a message opened (an image loaded) or a link in it clicked. */
export interface TrackingLinkClaims {
  /** The message's key (the engine's, not the provider's id: known before the message is sent). */
  readonly messageKey: string;
  /** `opened` (the pixel) or `clicked` (a link, then redirected to `target`). */
  readonly event: "opened" | "clicked";
  /** For `clicked`: where the customer goes next — signed, so the link is no open redirect. */
  readonly target?: string | undefined;
  /** The last moment the link records anything. */
  readonly expiresAt: Instant;
}

/**
 * Signs an open- or click-tracking link for a message: the same keys and HMAC-SHA256 as payment
 * links, a payload of its own (`t: "track"`). The token holds the message key, the event, the
 * target URL and the expiry — no name, address or email.
 *
 * @example
 * ```ts
 * const keys = [{ id: "k1", secret: "a-secret-of-at-least-32-bytes-long!" }];
 * const link = createTrackingLink({ messageKey: "invoice:INV-1:deliver:email", event: "clicked", target: "https://pay.example.com/invoice/…", expiresAt: "2027-03-01T00:00:00Z" }, { keys, baseUrl: "https://pay.example.com/t/" });
 * verifyTrackingLink(link.token, { keys, now: "2027-01-15T00:00:00Z" }).valid; // true
 * ```
 */
export function createTrackingLink(claims: TrackingLinkClaims, options: { readonly keys: readonly PaymentLinkKey[]; readonly baseUrl: string }): EnrollmentLink {
  const issues = new IssueCollector();
  if (typeof claims.messageKey !== "string" || claims.messageKey === "") issues.add(["messageKey"], ErrorCodes.required, "a tracking link needs the message key");
  if (claims.event !== "opened" && claims.event !== "clicked") issues.add(["event"], ErrorCodes.invalidOption, `expected "opened" or "clicked", got ${JSON.stringify(claims.event)}`);
  if (claims.event === "clicked" && !(typeof claims.target === "string" && /^https?:\/\//.test(claims.target))) issues.add(["target"], ErrorCodes.required, "a click-tracking link needs the http(s) URL it leads to");
  checkKeys(issues, options.keys, ["keys"]);
  if (!issues.ok) throw new ValidationError(issues.issues);
  const key = options.keys[0] as PaymentLinkKey;
  const body = { v: 1, t: "track", m: claims.messageKey, ev: claims.event, e: Math.floor(parseInstant(claims.expiresAt) / 1000), ...(claims.target === undefined ? {} : { u: claims.target }) };
  const payload = Buffer.from(JSON.stringify(body), "utf8").toString("base64url");
  const token = `${key.id}.${payload}.${sign(key.id, payload, key).toString("base64url")}`;
  return { url: `${options.baseUrl}${token}`, token };
}

/** What {@link verifyTrackingLink} found. */
export type TrackingLinkVerification =
  | {
      /** Signed by a known key, not expired. */
      readonly valid: true;
      /** The message's key. */
      readonly messageKey: string;
      /** What following the link records. */
      readonly event: "opened" | "clicked";
      /** Where a click leads. */
      readonly target?: string | undefined;
    }
  | {
      /** Refused. */
      readonly valid: false;
      /** Why. */
      readonly reason: "malformed" | "unknownKey" | "badSignature" | "expired";
      /** For an expired click link: where it led (the customer still gets there; nothing is recorded). */
      readonly target?: string | undefined;
    };

/**
 * Checks a tracking link's token (signature in constant time, then expiry); never throws for a bad token.
 *
 * @example
 * ```ts
 * const keys = [{ id: "k1", secret: "a-secret-of-at-least-32-bytes-long!" }];
 * const link = createTrackingLink({ messageKey: "invoice:INV-1:deliver:email", event: "clicked", target: "https://pay.example.com/invoice/INV-1", expiresAt: "2027-03-01T00:00:00Z" }, { keys, baseUrl: "https://pay.example.com/t/" });
 * verifyTrackingLink(link.token, { keys, now: "2027-01-15T00:00:00Z" });
 * // → { valid: true, messageKey: "invoice:INV-1:deliver:email", event: "clicked", target: "https://pay.example.com/invoice/INV-1" }
 * verifyTrackingLink(link.token, { keys, now: "2027-03-02T00:00:00Z" });
 * // → { valid: false, reason: "expired", target: "https://pay.example.com/invoice/INV-1" }
 * ```
 */
export function verifyTrackingLink(token: string, options: { readonly keys: readonly PaymentLinkKey[]; readonly now: Instant }): TrackingLinkVerification {
  const opened = openToken(token, options.keys);
  if (!opened.ok) return { valid: false, reason: opened.reason };
  const claims = opened.claims as { v?: unknown; t?: unknown; m?: unknown; ev?: unknown; e?: unknown; u?: unknown };
  if (claims.v !== 1 || claims.t !== "track" || typeof claims.m !== "string" || (claims.ev !== "opened" && claims.ev !== "clicked") || typeof claims.e !== "number") return { valid: false, reason: "malformed" };
  const target = typeof claims.u === "string" ? claims.u : undefined;
  if (parseInstant(options.now) > claims.e * 1000) return { valid: false, reason: "expired", ...(target === undefined ? {} : { target }) };
  return { valid: true, messageKey: claims.m, event: claims.ev, ...(target === undefined ? {} : { target }) };
}

/** What a renewal-answer link signs: the contract, the end of the term the answer is about, and until when it works. */
export interface RenewalLinkClaims {
  /** The contract whose renewal is answered. */
  readonly contractId: string;
  /** The end of the term offered for renewal (`contract.term.end`): an answer is about this term only. */
  readonly termEnd: CalendarDate;
  /** The last moment the link works. */
  readonly expiresAt: Instant;
}

/**
 * Signs a link that lets a customer accept or decline the renewal of one contract's term without
 * logging in (the hosted portal's `renewal/<token>` page) — the same keys and HMAC-SHA256 as
 * payment links, a payload of its own (`t: "renew"`: never taken for a payment, enrollment or
 * tracking link). The token holds the contract id, the term's end and the expiry — no name,
 * address or email.
 *
 * @example
 * ```ts
 * const keys = [{ id: "k1", secret: "a-secret-of-at-least-32-bytes-long!" }];
 * const link = createRenewalLink({ contractId: "C-1", termEnd: "2027-03-01", expiresAt: "2027-02-28T23:59:59Z" }, { keys, baseUrl: "https://pay.example.com/renewal/" });
 * verifyRenewalLink(link.token, { keys, now: "2027-01-15T00:00:00Z" }); // { valid: true, contractId: "C-1", termEnd: "2027-03-01", expiresAt: "2027-02-28T23:59:59.000Z" }
 * ```
 */
export function createRenewalLink(claims: RenewalLinkClaims, options: { readonly keys: readonly PaymentLinkKey[]; readonly baseUrl: string }): EnrollmentLink {
  const issues = new IssueCollector();
  if (typeof claims.contractId !== "string" || claims.contractId === "") issues.add(["contractId"], ErrorCodes.required, "a renewal link needs the contract id");
  if (!isCalendarDate(claims.termEnd)) issues.add(["termEnd"], ErrorCodes.invalidDate, `expected a day "YYYY-MM-DD", got ${JSON.stringify(claims.termEnd)}`);
  if (typeof claims.expiresAt !== "string" || Number.isNaN(Date.parse(claims.expiresAt))) issues.add(["expiresAt"], ErrorCodes.invalidValue, `expected an ISO instant, got ${JSON.stringify(claims.expiresAt)}`);
  checkKeys(issues, options.keys, ["keys"]);
  if (!issues.ok) throw new ValidationError(issues.issues);
  const key = options.keys[0] as PaymentLinkKey;
  const payload = Buffer.from(JSON.stringify({ v: 1, t: "renew", k: claims.contractId, d: claims.termEnd, e: Math.floor(parseInstant(claims.expiresAt) / 1000) }), "utf8").toString("base64url");
  const token = `${key.id}.${payload}.${sign(key.id, payload, key).toString("base64url")}`;
  return { url: `${options.baseUrl}${token}`, token };
}

/** What {@link verifyRenewalLink} found. */
export type RenewalLinkVerification = VerifiedRenewalLink | InvalidRenewalLink;

/** A renewal-answer link that verifies. */
export interface VerifiedRenewalLink {
  /** Signed by a known key, not expired. */
  readonly valid: true;
  /** The contract. */
  readonly contractId: string;
  /** The end of the term the answer is about. */
  readonly termEnd: CalendarDate;
  /** When the link stops working. */
  readonly expiresAt: Instant;
}

/** A renewal-answer link that does not verify, and why. */
export interface InvalidRenewalLink {
  /** Refused. */
  readonly valid: false;
  /** `malformed`: not a renewal token of ours; `unknownKey`: signed by a key no longer held; `badSignature`: altered; `expired`: past its date. */
  readonly reason: "malformed" | "unknownKey" | "badSignature" | "expired";
  /** For `expired`: the contract it was for. */
  readonly contractId?: string;
}

/**
 * Checks a renewal link's token (signature in constant time, then expiry); never throws for a bad token.
 *
 * @example
 * ```ts
 * const keys = [{ id: "k1", secret: "a-secret-of-at-least-32-bytes-long!" }];
 * const link = createRenewalLink({ contractId: "C-1", termEnd: "2027-03-01", expiresAt: "2027-02-28T23:59:59Z" }, { keys, baseUrl: "https://pay.example.com/renewal/" });
 * verifyRenewalLink(link.token, { keys, now: "2027-03-01T00:00:00Z" }); // → { valid: false, reason: "expired", contractId: "C-1" }
 * const enrollment = createEnrollmentLink({ contractId: "C-1", expiresAt: "2027-02-28T23:59:59Z" }, { keys, baseUrl: "https://pay.example.com/autopay/" });
 * verifyRenewalLink(enrollment.token, { keys, now: "2027-01-15T00:00:00Z" }); // → { valid: false, reason: "malformed" } (not a renewal token)
 * ```
 */
export function verifyRenewalLink(token: string, options: { readonly keys: readonly PaymentLinkKey[]; readonly now: Instant }): RenewalLinkVerification {
  const opened = openToken(token, options.keys);
  if (!opened.ok) return { valid: false, reason: opened.reason };
  const claims = opened.claims as { v?: unknown; t?: unknown; k?: unknown; d?: unknown; e?: unknown };
  if (claims.v !== 1 || claims.t !== "renew" || typeof claims.k !== "string" || typeof claims.d !== "string" || !isCalendarDate(claims.d) || typeof claims.e !== "number") return { valid: false, reason: "malformed" };
  if (parseInstant(options.now) > claims.e * 1000) return { valid: false, reason: "expired", contractId: claims.k };
  return { valid: true, contractId: claims.k, termEnd: claims.d, expiresAt: new Date(claims.e * 1000).toISOString() };
}

/**
 * Where renewal-answer links point: `settings.renewal.respondLinkBase`, else the portal's
 * `renewal/` next to the payment link's `invoice/` (`https://pay.example.com/invoice/` →
 * `https://pay.example.com/renewal/`); undefined when neither gives an http(s) URL ending in `/`. @internal
 */
export function renewalLinkBase(settings: { readonly paymentLinkBase: string; readonly renewal: { readonly respondLinkBase?: string | undefined } }): string | undefined {
  return settings.renewal.respondLinkBase ?? portalRouteBase(settings.paymentLinkBase, "renewal/");
}

/**
 * A route of the hosted portal beside the payment link's page: `https://pay.example.com/invoice/`
 * and `"t/"` give `https://pay.example.com/t/`; undefined when the payment link base is not an
 * http(s) URL ending in `/`. @internal
 */
export function portalRouteBase(paymentLinkBase: string, route: string): string | undefined {
  if (!/^https?:\/\/[^/]+\/(.*\/)?$/.test(paymentLinkBase)) return undefined;
  return `${new URL("../", paymentLinkBase).href}${route}`;
}

/**
 * The answer link a renewal message prints: signed for the contract's current term when the
 * engine has keys (and a base), expiring at the end of the term's last day (UTC); else undefined. @internal
 */
export function renewalLinkFor(
  settings: { readonly paymentLinkBase: string; readonly paymentLinkKeys?: readonly PaymentLinkKey[] | undefined; readonly renewal: { readonly respondLinkBase?: string | undefined } },
  contract: { readonly id: string; readonly term: { readonly end?: CalendarDate | undefined } },
): string | undefined {
  const keys = settings.paymentLinkKeys;
  const base = renewalLinkBase(settings);
  const end = contract.term.end;
  if (keys === undefined || base === undefined || end === undefined) return undefined;
  return createRenewalLink({ contractId: contract.id, termEnd: end, expiresAt: `${addDays(end, -1)}T23:59:59.000Z` }, { keys, baseUrl: base }).url;
}
