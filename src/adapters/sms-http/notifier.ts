import type { Notifier, SendRequest, SendResult } from "../../ports/index.js";

/** Where the notifier remembers the answer each idempotency key got (default: in memory). */
export interface SmsSentKeys {
  /** The answer given to a key, if any. */
  get(key: string): SendResult | undefined | Promise<SendResult | undefined>;
  /** Remembers an accepted message under its key. */
  set(key: string, result: SendResult): void | Promise<void>;
}

/** Options for {@link createSmsHttpNotifier}. */
export interface SmsHttpNotifierOptions {
  /** The account id in the path and the basic-auth user, e.g. `"AC…"`. */
  readonly accountSid: string;
  /** The basic-auth password (auth token or API secret). */
  readonly authToken: string;
  /** The sending number in E.164 (`"+15125550100"`), or a messaging service id (`"MG…"`, sent as `MessagingServiceSid`). */
  readonly from: string;
  /** The API's origin; default `"https://api.twilio.com"`. */
  readonly baseUrl?: string | undefined;
  /** The URL the provider posts status callbacks to (see {@link parseSmsStatusCallback}), or a function of the request giving it. */
  readonly statusCallback?: string | ((request: SendRequest) => string | undefined) | undefined;
  /** The `fetch` to call (default the global one): inject it to test, to add a proxy or tracing. */
  readonly fetch?: typeof fetch | undefined;
  /** How long to wait for the provider, in ms; default 10 000 (a timeout is retryable). */
  readonly timeoutMs?: number | undefined;
  /** Where the answers per key are kept; default in memory. */
  readonly sentKeys?: SmsSentKeys | undefined;
}

interface ProviderAnswer {
  readonly sid?: unknown;
  readonly code?: unknown;
  readonly message?: unknown;
}

/**
 * The SMS `Notifier` port over a Twilio-style REST API: `POST
 * /2010-04-01/Accounts/{sid}/Messages.json` with a form body (`To`, `From` or
 * `MessagingServiceSid`, `Body`, `StatusCallback`) and basic auth. `201` with a `sid` is accepted
 * (the sid is the message id the status callbacks quote); `429`, `5xx`, a timeout or a network
 * error is a retryable failure; any other `4xx` (an invalid or unsubscribed number) is permanent,
 * with the provider's code and message as the reason. A key sent before answers what it answered
 * then and sends nothing. Only SMS: an email request fails, not retryable.
 *
 * @example
 * ```ts
 * const notifier = createSmsHttpNotifier({
 *   accountSid: "AC0123456789abcdef0123456789abcdef",
 *   authToken: process.env.SMS_AUTH_TOKEN ?? "",
 *   from: "+15125550100",
 *   statusCallback: "https://billing.example.com/hooks/sms-status",
 * });
 * ```
 */
export function createSmsHttpNotifier(options: SmsHttpNotifierOptions): Notifier {
  const call = options.fetch ?? fetch;
  const base = (options.baseUrl ?? "https://api.twilio.com").replace(/\/+$/, "");
  const url = `${base}/2010-04-01/Accounts/${encodeURIComponent(options.accountSid)}/Messages.json`;
  const auth = `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString("base64")}`;
  const memory = new Map<string, SendResult>();
  const sentKeys: SmsSentKeys = options.sentKeys ?? { get: (k) => memory.get(k), set: (k, r) => void memory.set(k, r) };
  return {
    async send(request) {
      if (request.channel !== "sms") return { status: "failed", retryable: false, reason: `the SMS notifier sends text messages, not ${request.channel}` };
      const known = await sentKeys.get(request.idempotencyKey);
      if (known !== undefined) return known;
      const form = new URLSearchParams({ To: request.to, Body: request.text });
      form.set(options.from.startsWith("MG") ? "MessagingServiceSid" : "From", options.from);
      const callback = typeof options.statusCallback === "function" ? options.statusCallback(request) : options.statusCallback;
      if (callback !== undefined) form.set("StatusCallback", callback);
      let response: Response;
      try {
        response = await call(url, {
          method: "POST",
          headers: { Authorization: auth, "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
          body: form.toString(),
          signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        });
      } catch (error) {
        return { status: "failed", retryable: true, reason: `no answer from the SMS provider: ${error instanceof Error ? error.message : String(error)}` };
      }
      const raw = await response.text().catch(() => "");
      let answer: ProviderAnswer = {};
      try {
        answer = JSON.parse(raw) as ProviderAnswer;
      } catch {
        // Not JSON (a proxy's error page): the status code decides.
      }
      if (response.status === 200 || response.status === 201) {
        if (typeof answer.sid !== "string" || answer.sid === "") return { status: "failed", retryable: true, reason: `the SMS provider answered ${response.status} without a message sid` };
        const result: SendResult = { status: "accepted", messageId: answer.sid };
        await sentKeys.set(request.idempotencyKey, result);
        return result;
      }
      const said = [answer.code, answer.message].filter((p) => p !== undefined && p !== null).map(String).join(": ");
      const reason = `HTTP ${response.status}${said === "" ? "" : ` (${said})`}`;
      const retryable = response.status === 429 || response.status === 408 || response.status >= 500;
      return { status: "failed", retryable, reason };
    },
  };
}
