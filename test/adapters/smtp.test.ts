/**
 * The SMTP notifier against a real SMTP server (smtp-server) on 127.0.0.1: messages arrive whole,
 * 4xx replies and refused connections are retryable, 5xx replies are not; the conformance suite.
 */
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SMTPServer } from "smtp-server";
import { createSmtpNotifier, messageIdFor, parseSmtpReport } from "../../src/adapters/smtp/index.js";
import { createManualClock, createMemoryStore, createRecordingNotifier, createSimulatedGateway } from "../../src/adapters/memory/index.js";
import { createBillingEngine, renderMessage, type SendRequest } from "../../src/index.js";
import { alarmContract } from "../engine/support.js";
import { describeNotifierContract } from "../../src/testing/index.js";
import { SAMPLES } from "../../examples/messages/samples.js";
import { brand } from "../messages/support.js";

interface Received {
  readonly from: string;
  readonly to: readonly string[];
  readonly raw: string;
}

const received: Received[] = [];
let server: SMTPServer;
let port = 0;

/** Rejects recipients as mail servers do: busy@ gets 451 (try later), nobody@ 550 (no such user). */
function startServer(): Promise<number> {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onRcptTo(address, _session, callback) {
      const reply = (code: number, text: string) => callback(Object.assign(new Error(text), { responseCode: code }));
      if (address.address.startsWith("busy@")) return reply(451, "4.3.2 Mailbox busy, try again later");
      if (address.address.startsWith("nobody@")) return reply(550, "5.1.1 No such user here");
      return callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const from = session.envelope.mailFrom === false ? "" : session.envelope.mailFrom.address;
        received.push({ from, to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString("utf8") });
        callback();
      });
    },
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.server.address() as AddressInfo).port)));
}

beforeAll(async () => {
  port = await startServer();
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const transport = () => ({ host: "127.0.0.1", port, secure: false, ignoreTLS: true, connectionTimeout: 3000 });
const from = "Lone Star Alarm Co. <billing@lonestar-alarm.example>";

/** The headers and decoded parts of a received MIME message (quoted-printable or base64 parts). */
function parse(raw: string): { headers: string; parts: Record<string, string> } {
  const [headers = "", ...rest] = raw.split(/\r\n\r\n/);
  const boundary = /boundary="?([^";\r\n]+)"?/.exec(headers)?.[1];
  const parts: Record<string, string> = {};
  if (boundary === undefined) return { headers, parts };
  for (const part of rest.join("\r\n\r\n").split(`--${boundary}`)) {
    const split = part.indexOf("\r\n\r\n");
    if (split < 0) continue;
    const head = part.slice(0, split);
    const type = /Content-Type: ([^;\r\n]+)/i.exec(head)?.[1];
    if (type === undefined) continue;
    let body = part.slice(split + 4).replace(/\r\n$/, "");
    if (/Content-Transfer-Encoding: quoted-printable/i.test(head)) {
      const bytes = body.replace(/=\r\n/g, "").replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
      body = Buffer.from(bytes, "latin1").toString("utf8");
    } else if (/Content-Transfer-Encoding: base64/i.test(head)) body = Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
    parts[type] = body.replace(/\r\n/g, "\n");
  }
  return { headers, parts };
}

describe("createSmtpNotifier", () => {
  it("delivers a rendered message whole: HTML and text parts, Message-ID from the key, List-Unsubscribe", async () => {
    const message = await renderMessage("accountStatement", { ...SAMPLES.accountStatement, customerName: "Smith & Sons" }, { brand, locale: "fr-CA" });
    const notifier = createSmtpNotifier({ transport: transport(), from, listUnsubscribe: "https://lonestar-alarm.example/unsubscribe?c=C-1001" });
    const request: SendRequest = { idempotencyKey: "statement:C-1001:2027-03:email", channel: "email", to: "maria@example.com", kind: "accountStatement", subject: message.subject, html: message.html, text: message.text };
    const result = await notifier.send(request);
    const id = messageIdFor(request.idempotencyKey, "lonestar-alarm.example");
    expect(result).toEqual({ status: "accepted", messageId: id.slice(1, -1) });
    const mail = received.at(-1);
    expect(mail?.from).toBe("billing@lonestar-alarm.example");
    expect(mail?.to).toEqual(["maria@example.com"]);
    const { headers, parts } = parse(mail?.raw ?? "");
    expect(headers).toContain(`Message-ID: ${id}`);
    expect(headers).toContain("List-Unsubscribe: <https://lonestar-alarm.example/unsubscribe?c=C-1001>");
    expect(headers).toContain("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
    expect(headers).toMatch(/Content-Type: multipart\/alternative/);
    expect(headers).toMatch(/Subject: =\?UTF-8\?/); // the accented subject, encoded
    expect(parts["text/plain"]).toBe(message.text);
    expect(parts["text/html"]).toBe(message.html);
    expect(message.html.length).toBeGreaterThan(10_000);
  });

  it("sends a key once: the second send answers the first message id and sends nothing", async () => {
    const notifier = createSmtpNotifier({ transport: transport(), from });
    const request: SendRequest = { idempotencyKey: "invoice:RES-2027-000042:deliver:email", channel: "email", to: "maria@example.com", kind: "invoice", subject: "Invoice", text: "Hello" };
    const before = received.length;
    const first = await notifier.send(request);
    const second = await notifier.send(request);
    expect(second).toEqual(first);
    expect(received.length - before).toBe(1);
  });

  it("gives the same Message-ID to a key sent again by a fresh process (after a crash)", async () => {
    const request: SendRequest = { idempotencyKey: "receipt:P-77:email", channel: "email", to: "maria@example.com", kind: "receipt", subject: "Receipt", text: "Thanks" };
    const a = await createSmtpNotifier({ transport: transport(), from }).send(request);
    const b = await createSmtpNotifier({ transport: transport(), from }).send(request);
    expect(a).toEqual(b);
    const ids = received.slice(-2).map((m) => /Message-ID: (<[^>]+>)/.exec(m.raw)?.[1]);
    expect(ids[0]).toBe(ids[1]);
  });

  it("fails retryably on a 4xx reply", async () => {
    const result = await createSmtpNotifier({ transport: transport(), from }).send({ idempotencyKey: "k-451", channel: "email", to: "busy@example.com", kind: "invoice", text: "x" });
    expect(result).toMatchObject({ status: "failed", retryable: true });
    expect(result.status === "failed" ? result.reason : "").toContain("451");
  });

  it("fails for good on a 5xx reply, and a later send of the key may try again", async () => {
    const notifier = createSmtpNotifier({ transport: transport(), from });
    const request: SendRequest = { idempotencyKey: "k-550", channel: "email", to: "nobody@example.com", kind: "invoice", text: "x" };
    const result = await notifier.send(request);
    expect(result).toMatchObject({ status: "failed", retryable: false });
    expect(result.status === "failed" ? result.reason : "").toContain("550 5.1.1 No such user here");
    expect(await notifier.send(request)).toMatchObject({ status: "failed" });
  });

  it("fails retryably when the connection is refused", async () => {
    const closed = new SMTPServer({ logger: false });
    const closedPort = await new Promise<number>((resolve) => closed.listen(0, "127.0.0.1", () => resolve((closed.server.address() as AddressInfo).port)));
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const result = await createSmtpNotifier({ transport: { host: "127.0.0.1", port: closedPort, secure: false, ignoreTLS: true }, from }).send({ idempotencyKey: "k-refused", channel: "email", to: "maria@example.com", kind: "invoice", text: "x" });
    expect(result).toMatchObject({ status: "failed", retryable: true });
    expect(result.status === "failed" ? result.reason : "").toMatch(/ECONNREFUSED/);
  });

  it("refuses an SMS request, not retryable", async () => {
    const result = await createSmtpNotifier({ transport: transport(), from }).send({ idempotencyKey: "k-sms", channel: "sms", to: "+15125550100", kind: "invoice", text: "x" });
    expect(result).toEqual({ status: "failed", retryable: false, reason: "the SMTP notifier sends email, not sms" });
  });
});

/** A bounce as Postfix sends it back to the envelope sender, quoting the original headers. */
function dsn(originalHeaders: string, action: string, status: string, diagnostic: string): string {
  return [
    "From: MAILER-DAEMON@mx.example.com (Mail Delivery System)",
    "To: billing@lonestar-alarm.example",
    "Subject: Undelivered Mail Returned to Sender",
    "Message-ID: <20270126150000.AB12C3@mx.example.com>",
    "MIME-Version: 1.0",
    'Content-Type: multipart/report; report-type=delivery-status;',
    '\tboundary="B1"',
    "",
    "--B1",
    "Content-Type: text/plain; charset=us-ascii",
    "",
    "I'm sorry to have to inform you that your message could not be delivered.",
    "",
    "--B1",
    "Content-Type: message/delivery-status",
    "",
    "Reporting-MTA: dns; mx.example.com",
    "",
    "Final-Recipient: rfc822; nobody@example.com",
    "Original-Recipient: rfc822;nobody@example.com",
    `Action: ${action}`,
    `Status: ${status}`,
    "Remote-MTA: dns; mail.example.com",
    `Diagnostic-Code: smtp; ${diagnostic}`,
    "",
    "--B1",
    "Content-Type: text/rfc822-headers",
    "",
    originalHeaders,
    "",
    "--B1--",
    "",
  ].join("\r\n");
}

describe("parseSmtpReport", () => {
  const at = "2027-01-26T15:00:00Z";

  it("finds the message a bounce is about by the Message-ID the notifier gave it", async () => {
    const request: SendRequest = { idempotencyKey: "invoice:RES-2027-000099:deliver:email", channel: "email", to: "maria@example.com", kind: "invoice", subject: "Invoice", text: "Hello" };
    const sent = await createSmtpNotifier({ transport: transport(), from }).send(request);
    const raw = received.at(-1)?.raw ?? "";
    const originalHeaders = raw.slice(0, raw.indexOf("\r\n\r\n"));
    const report = parseSmtpReport(dsn(originalHeaders, "failed", "5.1.1", "550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown"), { at });
    expect(sent.status === "accepted" ? sent.messageId : "").toBe(report?.messageId);
    expect(report).toEqual({
      messageId: messageIdFor(request.idempotencyKey, "lonestar-alarm.example").slice(1, -1),
      kind: "bounced",
      at,
      recipient: "nobody@example.com",
      status: "5.1.1",
      diagnostic: "550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown",
    });
  });

  it("is no event for a delay, nor for a mail that is not a report", () => {
    const headers = "From: billing@lonestar-alarm.example\r\nMessage-ID: <rmr.abc@lonestar-alarm.example>";
    expect(parseSmtpReport(dsn(headers, "delayed", "4.4.1", "451 4.4.1 try again later"), { at })).toBeUndefined();
    expect(parseSmtpReport(dsn(headers, "failed", "4.2.2", "452 4.2.2 mailbox full"), { at })).toBeUndefined();
    expect(parseSmtpReport("From: maria@example.com\r\nSubject: Re: Invoice\r\nMessage-ID: <x@y>\r\n\r\nThanks!", { at })).toBeUndefined();
  });

  it("reads a success notice as delivered", () => {
    const headers = "Message-ID: <rmr.abc@lonestar-alarm.example>";
    expect(parseSmtpReport(dsn(headers, "delivered", "2.0.0", "250 2.0.0 Ok"), { at })).toMatchObject({ messageId: "rmr.abc@lonestar-alarm.example", kind: "delivered" });
  });

  it("reads a feedback-loop complaint (ARF) as complained", () => {
    const arf = [
      "From: fbl@mailbox.example",
      "Message-ID: <fbl-1@mailbox.example>",
      'Content-Type: multipart/report; report-type=feedback-report; boundary="F"',
      "",
      "--F",
      "Content-Type: text/plain",
      "",
      "This is an email abuse report.",
      "--F",
      "Content-Type: message/feedback-report",
      "",
      "Feedback-Type: abuse",
      "User-Agent: FBL/1.0",
      "Version: 1",
      "Original-Rcpt-To: maria@example.com",
      "",
      "--F",
      "Content-Type: message/rfc822",
      "",
      "From: billing@lonestar-alarm.example",
      "Message-ID:",
      " <rmr.def@lonestar-alarm.example>",
      "Subject: Invoice",
      "",
      "Hello",
      "--F--",
    ].join("\r\n");
    expect(parseSmtpReport(arf, { at })).toEqual({ messageId: "rmr.def@lonestar-alarm.example", kind: "complained", at, feedbackType: "abuse", recipient: "maria@example.com" });
  });
});

describe("an SMTP bounce and a complaint, through the engine", () => {
  /** Two customers emailed first, texted second; email goes through the test's SMTP server, texts are recorded. */
  async function emailed() {
    const clock = createManualClock("2026-12-27T15:00:00Z");
    const store = createMemoryStore();
    const contracts = [alarmContract("C-DSN"), alarmContract("C-ARF")];
    await store.transaction(async (tx) => {
      for (const c of contracts) await tx.putContract(c);
    });
    const smtp = createSmtpNotifier({ transport: transport(), from });
    const texts = createRecordingNotifier();
    const engine = createBillingEngine({ store, gateway: createSimulatedGateway({ clock }), notifier: { send: (r) => (r.channel === "sms" ? texts.send(r) : smtp.send(r)) }, clock });
    const before = received.length;
    await engine.run();
    const mails = received.slice(before);
    return { clock, store, engine, texts, mails };
  }
  const headersOf = (raw: string): string => raw.slice(0, raw.indexOf("\r\n\r\n"));

  it("a hard bounce (DSN 5.1.1) read back by parseSmtpReport moves the next reminder to SMS and flags the contact", async () => {
    const { clock, store, engine, texts, mails } = await emailed();
    const mail = mails.find((m) => m.to.includes("c-dsn@example.com"));
    expect(mail).toBeDefined();
    const report = parseSmtpReport(dsn(headersOf(mail?.raw ?? ""), "failed", "5.1.1", "550 5.1.1 <c-dsn@example.com>: User unknown"), { at: "2026-12-27T15:05:00Z" });
    if (report === undefined) throw new Error("no report");
    await engine.recordDeliveryEvent(report);
    const record = (await store.transaction((tx) => tx.listMessages("CUST-C-DSN"))).find((m) => m.kind === "invoice" && m.channel === "email");
    expect([record?.status, record?.events.map((e) => e.kind)]).toEqual(["bounced", ["bounced"]]);
    clock.set("2026-12-29T15:00:00Z");
    await engine.run();
    const reminder = texts.sent.find((m) => m.request.kind === "paymentReminder" && m.request.to === "+15125550100" && m.request.idempotencyKey.includes(record?.reference ?? "?"));
    expect(reminder?.request.channel).toBe("sms");
    expect((await engine.listExceptions()).filter((e) => e.kind === "bouncedContact").map((e) => e.contractId)).toEqual(["C-DSN"]);
  });

  it("a feedback-loop complaint (ARF) counts as a bounce: the address is not emailed again until corrected", async () => {
    const { clock, store, engine, texts, mails } = await emailed();
    const mail = mails.find((m) => m.to.includes("c-arf@example.com"));
    const messageId = /^Message-ID:\s*(<[^>]+>)/im.exec(headersOf(mail?.raw ?? ""))?.[1] ?? "";
    expect(messageId).not.toBe("");
    const arf = ["From: fbl@mailbox.example", 'Content-Type: multipart/report; report-type=feedback-report; boundary="F"', "", "--F", "Content-Type: message/feedback-report", "", "Feedback-Type: abuse", "Version: 1", "Original-Rcpt-To: c-arf@example.com", "", "--F", "Content-Type: message/rfc822", "", `Message-ID: ${messageId}`, "Subject: Invoice", "", "Hello", "--F--"].join("\r\n");
    const report = parseSmtpReport(arf, { at: "2026-12-27T15:10:00Z" });
    expect(report?.kind).toBe("complained");
    if (report === undefined) throw new Error("no report");
    await engine.recordDeliveryEvent(report);
    const record = (await store.transaction((tx) => tx.listMessages("CUST-C-ARF"))).find((m) => m.kind === "invoice" && m.channel === "email");
    expect([record?.status, record?.events.map((e) => e.kind)]).toEqual(["bounced", ["complained"]]);
    clock.set("2026-12-29T15:00:00Z");
    const mailed = received.length;
    await engine.run();
    expect(received.slice(mailed).filter((m) => m.to.includes("c-arf@example.com"))).toEqual([]);
    expect(texts.sent.some((m) => m.request.kind === "paymentReminder" && m.request.idempotencyKey.includes(record?.reference ?? "?"))).toBe(true);
    expect((await engine.listExceptions()).filter((e) => e.kind === "bouncedContact").map((e) => e.contractId)).toEqual(["C-ARF"]);
  });
});

describeNotifierContract(() => createSmtpNotifier({ transport: transport(), from }), { describe, it });
