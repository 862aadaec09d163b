/**
 * The SMS notifier against a local HTTP server answering as a Twilio-style provider does (201 with
 * a sid; 429 and 5xx retryable; 400 permanent), its status callbacks turned into delivery events
 * the engine records, and the conformance suite.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSmsHttpNotifier, parseSmsStatusCallback, smsCallbackSignature, verifySmsStatusCallback } from "../../src/adapters/sms-http/index.js";
import { readFileSync } from "node:fs";
import { createManualClock, createMemoryStore, createRecordingNotifier, createSimulatedGateway } from "../../src/adapters/memory/index.js";
import { createBillingEngine, parseContract, renderMessage, type SendRequest } from "../../src/index.js";
import { describeNotifierContract } from "../../src/testing/index.js";
import { SAMPLES } from "../../examples/messages/samples.js";
import { brand } from "../messages/support.js";

const SID = "AC0123456789abcdef0123456789abcdef";
const TOKEN = "test-auth-token";

interface Call {
  readonly method: string;
  readonly path: string;
  readonly authorization: string | undefined;
  readonly contentType: string | undefined;
  readonly form: URLSearchParams;
}

const calls: Call[] = [];
let server: Server;
let base = "";
let next = 1;

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
  });
}

/**
 * The provider: numbers ending 0429 are rate-limited, 0500 hit a server error, 0400 are invalid
 * (code 21211), 0610 unsubscribed (21610, a 400 too); the rest get 201 and a sid. Wrong
 * credentials get 401.
 */
beforeAll(async () => {
  server = createServer(async (req, res) => {
    const form = new URLSearchParams(await body(req));
    calls.push({ method: req.method ?? "", path: req.url ?? "", authorization: req.headers.authorization, contentType: req.headers["content-type"], form });
    const json = (status: number, value: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(value));
    };
    if (req.headers.authorization !== `Basic ${Buffer.from(`${SID}:${TOKEN}`).toString("base64")}`) return json(401, { code: 20003, message: "Authenticate", status: 401 });
    if (req.method !== "POST" || req.url !== `/2010-04-01/Accounts/${SID}/Messages.json`) return json(404, { code: 20404, message: "Not found", status: 404 });
    const to = form.get("To") ?? "";
    if (to.endsWith("0429")) return json(429, { code: 20429, message: "Too Many Requests", status: 429 });
    if (to.endsWith("0500")) return json(503, { code: 20500, message: "Service unavailable", status: 503 });
    if (to.endsWith("0400")) return json(400, { code: 21211, message: "The 'To' number is not a valid phone number.", status: 400 });
    if (to.endsWith("0610")) return json(400, { code: 21610, message: "Attempt to send to unsubscribed recipient", status: 400 });
    const sid = `SM${String(next++).padStart(32, "0")}`;
    return json(201, { sid, status: "queued", to, from: form.get("From"), body: form.get("Body"), account_sid: SID });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const notifier = (extra: Partial<Parameters<typeof createSmsHttpNotifier>[0]> = {}) => createSmsHttpNotifier({ accountSid: SID, authToken: TOKEN, from: "+15125550100", baseUrl: base, ...extra });
const sms = (key: string, to: string, text = "Lone Star Alarm Co.: $54.11 due today. https://pay.example/i/1"): SendRequest => ({ idempotencyKey: key, channel: "sms", to, kind: "paymentReminder", text });

describe("createSmsHttpNotifier", () => {
  it("posts the form with basic auth and takes the provider's sid as the message id", async () => {
    const message = await renderMessage("paymentReminder", { ...SAMPLES.paymentReminder, tone: "due" }, { brand, locale: "es-US" });
    const result = await notifier({ statusCallback: "https://billing.example.com/hooks/sms-status" }).send({ ...sms("r:RES-2027-000042:0:sms", "+15125550123"), text: message.sms.text });
    expect(result).toEqual({ status: "accepted", messageId: expect.stringMatching(/^SM\d{32}$/) });
    const call = calls.at(-1);
    expect(call?.method).toBe("POST");
    expect(call?.path).toBe(`/2010-04-01/Accounts/${SID}/Messages.json`);
    expect(call?.contentType).toBe("application/x-www-form-urlencoded");
    expect(Object.fromEntries(call?.form ?? [])).toEqual({ To: "+15125550123", From: "+15125550100", Body: message.sms.text, StatusCallback: "https://billing.example.com/hooks/sms-status" });
    expect(message.sms.text).toBe(`Lone Star Alarm Co.: hoy vence $54.11. Pague: ${SAMPLES.paymentReminder.paymentLink}`);
  });

  it("sends from a messaging service when given one", async () => {
    await notifier({ from: "MG0123456789abcdef0123456789abcdef" }).send(sms("k-mg", "+15125550124"));
    expect(calls.at(-1)?.form.get("MessagingServiceSid")).toBe("MG0123456789abcdef0123456789abcdef");
    expect(calls.at(-1)?.form.has("From")).toBe(false);
  });

  it("sends a key once", async () => {
    const n = notifier();
    const before = calls.length;
    const first = await n.send(sms("k-once", "+15125550125"));
    expect(await n.send(sms("k-once", "+15125550125"))).toEqual(first);
    expect(calls.length - before).toBe(1);
  });

  it.each([
    ["429 Too Many Requests", "+15125550429", true, "HTTP 429 (20429: Too Many Requests)"],
    ["503 from the provider", "+15125550500", true, "HTTP 503 (20500: Service unavailable)"],
    ["400, an invalid number", "+15125550400", false, "HTTP 400 (21211: The 'To' number is not a valid phone number.)"],
    ["400, an unsubscribed number", "+15125550610", false, "HTTP 400 (21610: Attempt to send to unsubscribed recipient)"],
  ])("answers %s as a failure, retryable %s", async (_what, to, retryable, reason) => {
    expect(await notifier().send(sms(`k-${to}`, to))).toEqual({ status: "failed", retryable, reason });
  });

  it("treats wrong credentials as permanent", async () => {
    expect(await notifier({ authToken: "wrong" }).send(sms("k-401", "+15125550126"))).toEqual({ status: "failed", retryable: false, reason: "HTTP 401 (20003: Authenticate)" });
  });

  it("fails retryably when the provider cannot be reached, and a later send of the key goes through", async () => {
    let down = true;
    const flaky: typeof fetch = (input, init) => (down ? Promise.reject(new TypeError("fetch failed")) : fetch(input, init));
    const n = notifier({ fetch: flaky });
    expect(await n.send(sms("k-down", "+15125550127"))).toEqual({ status: "failed", retryable: true, reason: "no answer from the SMS provider: fetch failed" });
    down = false;
    expect(await n.send(sms("k-down", "+15125550127"))).toMatchObject({ status: "accepted" });
  });

  it("fails retryably on a timeout", async () => {
    const hanging: typeof fetch = (_input, init) => new Promise((_resolve, reject) => init?.signal?.addEventListener("abort", () => reject(init.signal?.reason)));
    const result = await notifier({ fetch: hanging, timeoutMs: 50 }).send(sms("k-slow", "+15125550128"));
    expect(result).toMatchObject({ status: "failed", retryable: true });
  });

  it("refuses an email request, not retryable", async () => {
    expect(await notifier().send({ idempotencyKey: "k-e", channel: "email", to: "a@example.com", kind: "invoice", text: "x" })).toEqual({ status: "failed", retryable: false, reason: "the SMS notifier sends text messages, not email" });
  });
});

describe("status callbacks", () => {
  const at = "2027-01-26T15:00:02Z";

  it("turns delivered, undelivered and failed into the engine's delivery events", () => {
    expect(parseSmsStatusCallback("MessageSid=SM1&MessageStatus=delivered&AccountSid=AC1", { at })).toEqual({ messageId: "SM1", kind: "delivered", at, providerStatus: "delivered" });
    expect(parseSmsStatusCallback({ MessageSid: "SM2", MessageStatus: "undelivered", ErrorCode: "30003" }, { at })).toEqual({ messageId: "SM2", kind: "bounced", at, providerStatus: "undelivered", errorCode: "30003" });
    expect(parseSmsStatusCallback(new URLSearchParams({ MessageSid: "SM3", MessageStatus: "failed", ErrorCode: "30006" }), { at })).toMatchObject({ kind: "bounced", errorCode: "30006" });
  });

  it("is no event for the statuses on the way, or a form without a sid", () => {
    for (const status of ["queued", "sending", "sent", "accepted", "scheduled"]) expect(parseSmsStatusCallback(`MessageSid=SM1&MessageStatus=${status}`, { at })).toBeUndefined();
    expect(parseSmsStatusCallback("MessageStatus=delivered", { at })).toBeUndefined();
  });

  it("checks the signature with the provider's documented example", () => {
    const url = "https://mycompany.com/myapp.php?foo=1&bar=2";
    const params = { CallSid: "CA1234567890ABCDE", Caller: "+14158675309", Digits: "1234", From: "+14158675309", To: "+18005551212" };
    expect(smsCallbackSignature("12345", url, params)).toBe("RSOYDt4T1cUTdK1PDd93/VVr8B8=");
    expect(verifySmsStatusCallback({ authToken: "12345", url, params, signature: "RSOYDt4T1cUTdK1PDd93/VVr8B8=" })).toBe(true);
    expect(verifySmsStatusCallback({ authToken: "12345", url, params: { ...params, Digits: "9999" }, signature: "RSOYDt4T1cUTdK1PDd93/VVr8B8=" })).toBe(false);
    expect(verifySmsStatusCallback({ authToken: "12345", url, params, signature: undefined })).toBe(false);
  });

  it("records a provider's bounce on the engine's message, and the next run sends the invoice by email", async () => {
    // Maria Rivera prefers SMS, then email. Her invoice goes out through the SMS provider; its
    // status callback says undelivered; the engine records the bounce and the next run emails it.
    const contract = parseContract(JSON.parse(readFileSync(new URL("../../examples/contracts/residential.json", import.meta.url), "utf8")));
    const clock = createManualClock("2026-12-27T16:00:00Z");
    const store = createMemoryStore();
    await store.transaction((tx) => tx.putContract(contract));
    const email = createRecordingNotifier();
    const text = notifier({ statusCallback: "https://billing.example.com/hooks/sms-status" });
    const engine = createBillingEngine({
      store,
      gateway: createSimulatedGateway({ clock }),
      notifier: { send: (r) => (r.channel === "sms" ? text.send(r) : email.send(r)) },
      clock,
      settings: { billFrom: "2026-12-27", paymentLinkBase: "https://pay.example.com/p/", paymentLinkKeys: [{ id: "k1", secret: "test-only-secret-0123456789abcdef!" }] },
    });
    await engine.run();
    const posted = calls.filter((c) => c.form.get("To") === "+15125550142");
    expect(posted).toHaveLength(1);
    expect(email.sent).toHaveLength(0);
    const [message] = await store.transaction((tx) => tx.listMessages("CUST-1001"));
    expect(message?.channel).toBe("sms");
    const sid = message?.outcome?.status === "accepted" ? message.outcome.messageId : "";
    expect(sid).toMatch(/^SM\d{32}$/);
    // The provider's callback, signed, as it arrives at the hook.
    const url = "https://billing.example.com/hooks/sms-status";
    const form = new URLSearchParams({ MessageSid: sid, MessageStatus: "undelivered", ErrorCode: "30003", AccountSid: SID, To: "+15125550142" });
    expect(verifySmsStatusCallback({ authToken: TOKEN, url, params: form, signature: smsCallbackSignature(TOKEN, url, form) })).toBe(true);
    const event = parseSmsStatusCallback(form.toString(), { at: "2026-12-27T16:00:05Z" });
    if (event === undefined) throw new Error("no event");
    await engine.recordDeliveryEvent(event);
    clock.set("2026-12-28T16:00:00Z");
    await engine.run();
    expect(email.sent.map((m) => [m.request.kind, m.request.to])).toEqual([["invoice", "maria.rivera@example.com"]]);
    const activity = await store.transaction((tx) => tx.listActivity("CUST-1001"));
    expect(activity.some((a) => a.kind === "message.bounced")).toBe(true);
  });
});

describeNotifierContract(() => notifier(), { describe, it }, { channel: "sms", to: "+15125550199" });
