import { createHash } from "node:crypto";
import { createTransport, type Transporter } from "nodemailer";
import type SMTPTransport from "nodemailer/lib/smtp-transport/index.js";
import type { Notifier, SendRequest, SendResult } from "../../ports/index.js";

/**
 * Where a notifier remembers the answer it gave each idempotency key, so a key seen again is not
 * sent twice. The default is an in-process map; give one backed by your database to keep the
 * promise across restarts (the engine's store already never re-sends a message with an outcome).
 */
export interface SentKeys {
  /** The answer given to a key, if any. */
  get(key: string): SendResult | undefined | Promise<SendResult | undefined>;
  /** Remembers an accepted message under its key. */
  set(key: string, result: SendResult): void | Promise<void>;
}

/** Options for {@link createSmtpNotifier}. */
export interface SmtpNotifierOptions {
  /** nodemailer SMTP transport options (`{ host, port, secure, auth }`), a connection URL, or a transporter you made. */
  readonly transport: SMTPTransport.Options | string | Transporter;
  /** The sender, e.g. `"Lone Star Alarm Co. <billing@lonestar-alarm.example>"`. */
  readonly from: string;
  /** A reply-to address. */
  readonly replyTo?: string | undefined;
  /**
   * The unsubscribe target for the `List-Unsubscribe` header: a URL (`https:` adds the one-click
   * `List-Unsubscribe-Post` of RFC 8058) or a `mailto:`, or a function of the request giving one.
   */
  readonly listUnsubscribe?: string | ((request: SendRequest) => string | undefined) | undefined;
  /** The domain of the `Message-ID`s; default the `from` address's domain. */
  readonly messageIdDomain?: string | undefined;
  /** Where the answers per key are kept; default in memory. */
  readonly sentKeys?: SentKeys | undefined;
}

/**
 * The `Message-ID` of the message sent under an idempotency key: the same key always gives the
 * same id, so a message sent again after a crash is recognisably the same message (receivers and
 * bounce processors can drop the copy), and a bounce quoting it leads back to the key.
 *
 * @example
 * ```ts
 * messageIdFor("invoice:RES-2027-000001:deliver:email", "lonestar-alarm.example"); // → "<rmr.ad435c9dc8af6d95737befd89df78c4e@lonestar-alarm.example>"
 * ```
 */
export function messageIdFor(idempotencyKey: string, domain: string): string {
  return `<rmr.${createHash("sha256").update(idempotencyKey).digest("hex").slice(0, 32)}@${domain}>`;
}

function isTransporter(value: SmtpNotifierOptions["transport"]): value is Transporter {
  return typeof value === "object" && typeof (value as Transporter).sendMail === "function";
}

function domainOf(from: string): string {
  const address = /<([^>]+)>/.exec(from)?.[1] ?? from;
  return address.split("@")[1]?.trim() || "localhost";
}

interface SmtpError {
  readonly code?: string;
  readonly responseCode?: number;
  readonly response?: string;
  readonly message?: string;
}

/**
 * What a failed send means: the server's reply code decides — 4xx (try later: greylisting, a full
 * mailbox, a busy server) is retryable, 5xx (no such user, rejected) is not; no reply at all (a
 * refused or dropped connection, a timeout) is retryable; a message nodemailer could not build
 * (no recipient, a bad address) is not.
 */
function failure(error: unknown): SendResult {
  const e = (typeof error === "object" && error !== null ? error : {}) as SmtpError;
  const reason = e.response ?? e.message ?? String(error);
  if (typeof e.responseCode === "number") return { status: "failed", retryable: e.responseCode < 500, reason };
  if (e.code === "EENVELOPE" || e.code === "EMESSAGE") return { status: "failed", retryable: false, reason };
  return { status: "failed", retryable: true, reason };
}

/**
 * The email `Notifier` port over SMTP: each message as `multipart/alternative` with the plain
 * text and, when given, the HTML; a `Message-ID` derived from the idempotency key
 * ({@link messageIdFor}); `List-Unsubscribe` when configured. A key sent before answers what it
 * answered then and sends nothing. Failures are values: 4xx replies and connection failures are
 * retryable, 5xx replies are not. Only email: an SMS request fails, not retryable.
 *
 * @example
 * ```ts
 * const notifier = createSmtpNotifier({
 *   transport: { host: "smtp.example.com", port: 587, auth: { user: "billing", pass: process.env.SMTP_PASSWORD } },
 *   from: "Lone Star Alarm Co. <billing@lonestar-alarm.example>",
 *   listUnsubscribe: "https://lonestar-alarm.example/unsubscribe",
 * });
 * ```
 */
export function createSmtpNotifier(options: SmtpNotifierOptions): Notifier {
  const transporter = isTransporter(options.transport) ? options.transport : createTransport(options.transport);
  const domain = options.messageIdDomain ?? domainOf(options.from);
  const memory = new Map<string, SendResult>();
  const sentKeys: SentKeys = options.sentKeys ?? { get: (k) => memory.get(k), set: (k, r) => void memory.set(k, r) };
  return {
    async send(request) {
      if (request.channel !== "email") return { status: "failed", retryable: false, reason: `the SMTP notifier sends email, not ${request.channel}` };
      const known = await sentKeys.get(request.idempotencyKey);
      if (known !== undefined) return known;
      const messageId = messageIdFor(request.idempotencyKey, domain);
      const unsubscribe = typeof options.listUnsubscribe === "function" ? options.listUnsubscribe(request) : options.listUnsubscribe;
      const headers: Record<string, string> = { "X-RMR-Kind": request.kind };
      if (unsubscribe !== undefined) {
        headers["List-Unsubscribe"] = `<${unsubscribe}>`;
        if (unsubscribe.startsWith("https:")) headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click";
      }
      try {
        const info = (await transporter.sendMail({
          from: options.from,
          to: request.to,
          ...(options.replyTo === undefined ? {} : { replyTo: options.replyTo }),
          subject: request.subject ?? request.kind,
          text: request.text,
          ...(request.html === undefined ? {} : { html: request.html }),
          messageId,
          headers,
        })) as { rejected?: readonly unknown[]; response?: string };
        if (info.rejected !== undefined && info.rejected.length > 0) return { status: "failed", retryable: false, reason: `rejected: ${info.response ?? "recipient refused"}` };
      } catch (error) {
        return failure(error);
      }
      const result: SendResult = { status: "accepted", messageId: messageId.slice(1, -1) };
      await sentKeys.set(request.idempotencyKey, result);
      return result;
    },
  };
}
