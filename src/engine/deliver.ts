import type { Contract } from "../contract/index.js";
import { DEFAULT_MESSAGING_POLICY, isWithinSendWindow, type MessageAction } from "../timeline/index.js";
import type { MessageRecord, NotifierChannel, StoreTransaction } from "../ports/index.js";
import { UniqueViolationError } from "../ports/index.js";
import { renderMessage, type MessageKind, type MessageModels } from "../messages/index.js";
import type { RunContext } from "./context.js";
import { createTrackingLink, portalRouteBase } from "./paymentLinks.js";

/** A message's template and the data it gets. @internal */
export type Templated = { readonly [K in MessageKind]: { readonly kind: K; readonly model: MessageModels[K] } }[MessageKind];

/** A message to deliver through the customer's channels. @internal */
export interface Outgoing {
  /** The key without the channel, e.g. `"invoice:RES-2027-000001:deliver"`. */
  readonly key: string;
  readonly kind: string;
  readonly subject: string;
  readonly text: string;
  readonly reference: string;
  /** Its template and model: rendered (HTML email, SMS) when the engine has a brand. */
  readonly template?: Templated | undefined;
}

/** What goes out on each channel: the plain text given, or the template rendered. @internal */
export interface ChannelContent {
  readonly email: { readonly subject: string; readonly text: string; readonly html?: string; readonly template?: string };
  readonly sms: { readonly subject: string; readonly text: string; readonly template?: string };
}

/**
 * Renders a message for the customer: with the engine's brand and a template, the branded email
 * (subject, HTML, text) and the SMS text (short, with the link) in the customer's locale and time
 * zone; otherwise the plain text as given, on both. @internal
 */
export async function contentFor(ctx: RunContext, contract: Contract, message: { readonly subject: string; readonly text: string; readonly template?: Templated | undefined }): Promise<ChannelContent> {
  const plain = { subject: message.subject, text: message.text };
  if (ctx.messages === undefined || message.template === undefined) return { email: plain, sms: plain };
  const { kind, model } = message.template;
  const rendered = await renderMessage(kind, model as never, { brand: ctx.messages.brand, locale: contract.customer.locale ?? "en-US", timeZone: contract.customer.timeZone, ...(ctx.messages.overrides === undefined ? {} : { overrides: ctx.messages.overrides }) });
  return {
    email: { subject: rendered.subject, text: rendered.text, html: rendered.html, template: rendered.templateId },
    sms: { subject: rendered.subject, text: rendered.sms.text, template: rendered.templateId },
  };
}

/** How long a tracking link records its event: 90 days from the send. */
const TRACKING_DAYS = 90;

/** Where tracking links point: the setting, else `t/` beside the payment link's page (the hosted portal's route); undefined when neither is known. @internal */
export function trackingLinkBase(settings: RunContext["settings"]): string | undefined {
  return settings.trackingLinkBase ?? portalRouteBase(settings.paymentLinkBase, "t/");
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = { amp: "&", quot: '"', apos: "'", lt: "<", gt: ">" };

/**
 * An attribute value as the HTML means it: named and numeric entities decoded — Handlebars writes
 * `=` as `&#x3D;` and `'` as `&#x27;`, so a URL with a query string comes out of a template that way.
 */
const attributeValue = (text: string): string =>
  text.replace(/&(?:#x([0-9a-f]+)|#(\d+)|([a-z]+));/gi, (whole, hex: string | undefined, dec: string | undefined, name: string | undefined) =>
    hex !== undefined ? String.fromCodePoint(parseInt(hex, 16)) : dec !== undefined ? String.fromCodePoint(Number(dec)) : (NAMED_ENTITIES[name ?? ""] ?? whole),
  );

/**
 * A branded email's HTML with open and click tracking (when the engine signs links and
 * `settings.tracking` is not `false`): each http(s) `href` becomes a signed click link leading to
 * it, and a 1×1 image (the open link) goes before `</body>`. Both carry the message's key, which
 * the hosted portal records as its `clicked` / `opened` event. `mailto:` and `tel:` links stay. @internal
 */
export function withTracking(ctx: RunContext, messageKey: string, html: string | undefined): string | undefined {
  const keys = ctx.settings.paymentLinkKeys;
  if (html === undefined || keys === undefined || ctx.settings.tracking === false) return html;
  const base = trackingLinkBase(ctx.settings);
  if (base === undefined) return html;
  const expiresAt = new Date(Date.parse(ctx.now()) + TRACKING_DAYS * 86_400_000).toISOString();
  // The HTML escapes "&" in attribute values; the target is the URL itself, and the token is URL-safe.
  // `href` the attribute (not `data-href`), any case; the value as written between its quotes.
  const clicked = html.replace(/(?<![\w-])href="(https?:\/\/[^"]+)"/gi, (_whole, href: string) => {
    const target = attributeValue(href);
    return `href="${createTrackingLink({ messageKey, event: "clicked", target, expiresAt }, { keys, baseUrl: base }).url}"`;
  });
  const pixel = `<img src="${createTrackingLink({ messageKey, event: "opened", expiresAt }, { keys, baseUrl: base }).url}" width="1" height="1" alt="" style="display:block;border:0;width:1px;height:1px" />`;
  const end = clicked.lastIndexOf("</body>");
  return end < 0 ? `${clicked}${pixel}` : `${clicked.slice(0, end)}${pixel}${clicked.slice(end)}`;
}

/** The body a channel's record stores: the email's HTML tracked under the record's key. @internal */
export function bodyFor(ctx: RunContext, content: ChannelContent, channel: NotifierChannel, key: string): ChannelContent["email"] | ChannelContent["sms"] {
  if (channel === "sms") return content.sms;
  const html = withTracking(ctx, key, content.email.html);
  return html === undefined ? content.email : { ...content.email, html };
}

/** What became of a delivery. @internal */
export type DeliveryOutcome = "sent" | "alreadySent" | "portal" | "failed" | "noChannel" | "held";

/** The address of a channel for a customer, if the customer can be reached there. @internal */
export function addressOf(contract: Contract, channel: NotifierChannel): string | undefined {
  const contact = contract.customer.contact;
  if (channel === "email") return contact.email;
  // No text message without consent (TCPA).
  return contact.smsConsent ? contact.phone : undefined;
}

/**
 * Whether a text message may go out now: only inside the policy's send window (default
 * 08:00–21:00) on the customer's own clock, the TCPA practice for calls and texts. Email has no
 * quiet hours. @internal
 */
export function maySendNow(ctx: RunContext, contract: Contract, channel: NotifierChannel): boolean {
  if (channel !== "sms") return true;
  const window = ctx.policy?.messaging.sendWindow ?? DEFAULT_MESSAGING_POLICY.sendWindow;
  return isWithinSendWindow(ctx.now(), { timeZone: contract.customer.timeZone, window });
}

/**
 * Delivers one message through the customer's channels in their order of preference, falling
 * to the next on a failure or a bounce: the intent is recorded under `key:channel` before the
 * notifier is called, and an intent found without an outcome (a crash in between) is sent again
 * under the same idempotency key, which the notifier does not send twice. The customer portal is
 * passive: a portal channel posts the document there (recorded) and needs no message. A text
 * message in the customer's quiet hours ({@link maySendNow}) is not sent: the delivery goes on to
 * the next channel, and when none is left it is `"held"` for a later run inside the window.
 * `onDelivered` runs inside the transaction that records a delivery (once per channel). @internal
 */
export async function deliver(
  ctx: RunContext,
  contract: Contract,
  accountId: string,
  message: Outgoing,
  onDelivered?: (tx: StoreTransaction, via: NotifierChannel | "portal") => Promise<void>,
): Promise<DeliveryOutcome> {
  let posted = false;
  let any = false;
  let held = false;
  // Every channel's record first: a message sent on any channel (a later one, while a text was
  // held for quiet hours) is delivered, and is never sent again on another.
  const records = await ctx.store.transaction(async (tx) => {
    const found = new Map<NotifierChannel, MessageRecord>();
    for (const channel of contract.customer.channels) {
      if (channel === "portal") continue;
      const record = await tx.getMessage(`${message.key}:${channel}`);
      if (record !== undefined) found.set(channel, record);
    }
    return found;
  });
  for (const record of records.values()) if (record.status === "accepted" || record.status === "delivered") return "alreadySent";
  let content: ChannelContent | undefined;
  for (const channel of contract.customer.channels) {
    if (channel === "portal") {
      const key = `${message.key}:portal`;
      const recorded = await ctx.store.transaction(async (tx) => {
        if ((await tx.getMessage(key)) !== undefined) return false;
        content ??= await contentFor(ctx, contract, message);
        await tx.insertMessage({ key, accountId, kind: message.kind, channel: "email", to: "portal", ...content.email, reference: message.reference, status: "portal", createdAt: ctx.now() });
        await onDelivered?.(tx, "portal");
        return true;
      });
      if (recorded) ctx.report.postedToPortal++;
      posted = true;
      continue;
    }
    const to = addressOf(contract, channel);
    if (to === undefined) continue;
    any = true;
    const key = `${message.key}:${channel}`;
    let record: MessageRecord | undefined = records.get(channel);
    if (record !== undefined && (record.status === "failed" || record.status === "bounced")) continue;
    if (!maySendNow(ctx, contract, channel)) {
      held = true;
      continue;
    }
    if (record === undefined) {
      content ??= await contentFor(ctx, contract, message);
      const body = bodyFor(ctx, content, channel, key);
      try {
        record = await ctx.store.transaction((tx) => tx.insertMessage({ key, accountId, kind: message.kind, channel, to, ...body, reference: message.reference, status: "sending", createdAt: ctx.now() }));
      } catch (error) {
        if (!(error instanceof UniqueViolationError)) throw error;
        return "alreadySent";
      }
    }
    // The outcome and onDelivered in one transaction: a crash can never leave one without the other.
    if (await sendStored(ctx, record, message.subject, (tx) => onDelivered?.(tx, channel) ?? Promise.resolve())) return "sent";
  }
  if (held) {
    ctx.report.heldForQuietHours++;
    return "held";
  }
  if (posted) return "portal";
  return any ? "failed" : "noChannel";
}

/** What a timeline message says. @internal */
export interface MessageContent {
  readonly subject: string;
  readonly text: string;
  /** The document it is about (an invoice number). */
  readonly reference: string;
  /** Its template and model: rendered when the engine has a brand. */
  readonly template?: Templated | undefined;
}

/**
 * Sends one timeline message (a reminder, a failure or dunning notice) under the action's key, on
 * the action's channel, once: the intent recorded before the notifier is called, an intent left
 * without an answer sent again under the same idempotency key. Nothing is sent to a channel the
 * customer cannot be reached on, nor a text in quiet hours (counted, and left for a later run).
 * @internal
 */
export async function sendKeyed(ctx: RunContext, contract: Contract, accountId: string, action: MessageAction, content: MessageContent): Promise<boolean> {
  if (action.channel === "portal") return false;
  const channel = action.channel;
  const to = addressOf(contract, channel);
  if (to === undefined) return false;
  if (!maySendNow(ctx, contract, channel)) {
    ctx.report.heldForQuietHours++;
    return false;
  }
  const { subject, reference } = content;
  let record = await ctx.store.transaction((tx) => tx.getMessage(action.key));
  if (record !== undefined && record.status !== "sending") return false;
  if (record === undefined) {
    const rendered = await contentFor(ctx, contract, content);
    const body = bodyFor(ctx, rendered, channel, action.key);
    try {
      record = await ctx.store.transaction((tx) => tx.insertMessage({ key: action.key, accountId, kind: action.template, channel, to, ...body, reference, status: "sending", createdAt: ctx.now() }));
    } catch (error) {
      if (error instanceof UniqueViolationError) return false;
      throw error;
    }
  }
  return sendStored(ctx, record, `${subject} (${action.template}${action.template === "paymentReminder" ? `, ${action.tone}` : ""})`);
}

/**
 * Sends a stored message intent under its key and records the notifier's answer with a line in
 * the activity log (`label`, then how it went) — on a first send, and on a rerun that finds the
 * intent without an answer. `onAccepted` runs in the same transaction as an accepted outcome.
 * @internal
 */
export async function sendStored(ctx: RunContext, record: MessageRecord, label: string, onAccepted?: (tx: StoreTransaction) => Promise<void>): Promise<boolean> {
  const result = await ctx.notifier.send({ idempotencyKey: record.key, channel: record.channel, to: record.to, kind: record.kind, ...(record.subject === undefined ? {} : { subject: record.subject }), ...(record.html === undefined ? {} : { html: record.html }), text: record.text });
  await ctx.store.transaction(async (tx) => {
    await tx.updateMessage(record.key, record.version, { status: result.status === "accepted" ? "accepted" : "failed", outcome: result });
    await tx.appendActivity({
      id: `${record.key}:${result.status}`,
      accountId: record.accountId,
      at: ctx.now(),
      kind: `message.${result.status}`,
      text: result.status === "accepted" ? `${label} sent by ${record.channel} to ${record.to}` : `${label} could not be sent by ${record.channel} to ${record.to}${result.reason === undefined ? "" : `: ${result.reason}`}`,
      reference: record.reference,
      details: { messageKey: record.key, channel: record.channel, kind: record.kind, ...(record.template === undefined ? {} : { template: record.template }) },
    });
    if (result.status === "accepted") await onAccepted?.(tx);
  });
  if (result.status !== "accepted") return false;
  ctx.report.messagesSent++;
  return true;
}
