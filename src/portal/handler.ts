import { randomUUID } from "node:crypto";
import Handlebars from "handlebars";
import type { BillingEngine, PayByLinkResult, PaymentLinkCheck, ValidRenewalLinkCheck } from "../engine/index.js";
import { ValidationError } from "../errors/index.js";
import type { Invoice } from "../invoice/index.js";
import { qrSvg } from "../messages/index.js";
import { toDecimalString, type Money } from "../money/index.js";

/** Who the page is from: the company's name and how to reach it. */
export interface PortalBrand {
  /** The company's name, e.g. `"Lone Star Alarm Co."`. */
  readonly name: string;
  /** Its support phone, shown on every page. */
  readonly supportPhone?: string | undefined;
  /** Its main colour, a CSS hex colour such as `"#0b5fff"` (anything else is ignored). */
  readonly colour?: string | undefined;
}

/** Options of {@link createInvoicePortal}. */
export interface InvoicePortalOptions {
  /** The engine whose links the portal opens (its `settings.paymentLinkKeys` sign and check them). */
  readonly engine: BillingEngine;
  /** The company shown on the pages. */
  readonly brand: PortalBrand;
  /**
   * Where the portal is mounted, ending in `/` (default `"/"`): it answers `<base>invoice/<token>`
   * (the payment link: `GET` shows, `POST` pays), `<base>renewal/<token>` (a renewal offer's answer
   * link: `GET` shows the offer, `POST` accepts or declines) and `<base>t/<token>` (tracking links).
   */
  readonly basePath?: string | undefined;
  /**
   * The payment method field of the form: `"onFile"` (default) pays with the card or bank account
   * on file; `"token"` shows a field for a gateway token (what the gateway's own card form gives —
   * the memory gateway takes any, e.g. `"tok_visa"`).
   */
  readonly paymentMethod?: "onFile" | "token" | undefined;
  /** One id per payment form shown (default `crypto.randomUUID`). */
  readonly newSubmissionId?: (() => string) | undefined;
  /**
   * The portal's public address, ending in `/` (e.g. `"https://pay.example.com/"`): the QR code of
   * an open invoice's page (scan it to pay on a phone) encodes `<publicUrl>invoice/<token>`.
   * Default: the address the request came to — set it when a proxy in front changes the host or
   * the scheme.
   */
  readonly publicUrl?: string | undefined;
}

/** The hosted invoice page, as a web-standard handler: mount it in node:http, Express, Fastify or Hono. */
export type InvoicePortal = (request: Request) => Promise<Response>;

// The pages: Handlebars escapes every {{value}} (a customer called <script> is text).
const PAGE = Handlebars.compile(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{title}} — {{brand.name}}</title>
<style>
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f4f5f7;color:#1d2430}
header{background:{{colour}};color:#fff;padding:16px 24px;font-weight:600;font-size:18px}
main{max-width:640px;margin:24px auto;background:#fff;border-radius:8px;padding:24px;box-shadow:0 1px 3px rgba(0,0,0,.08)}
h1{font-size:22px;margin:0 0 8px} .status{display:inline-block;padding:2px 10px;border-radius:12px;font-size:14px;font-weight:600}
.open{background:#fff4d6;color:#8a5a00}.paid{background:#dcf5e3;color:#17622f}.void,.problem{background:#fde2e2;color:#8f1d1d}
table{width:100%;border-collapse:collapse;margin:16px 0}td{padding:6px 0;border-bottom:1px solid #eceef1}td.amount{text-align:right;white-space:nowrap}
tr.total td{font-weight:700;border-bottom:none}.balance{font-size:28px;font-weight:700;margin:8px 0}
button{background:{{colour}};color:#fff;border:0;border-radius:6px;padding:12px 24px;font-size:16px;cursor:pointer}
input{font-size:16px;padding:8px;border:1px solid #c9ced6;border-radius:6px;width:14em}
footer{text-align:center;color:#667085;font-size:13px;margin:16px}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px}dl.facts dt{color:#667085}dl.facts dd{margin:0}
section.offer{border-left:4px solid {{colour}};padding:4px 16px;margin:16px 0;background:#f8f9fb}section.offer h2{font-size:17px}section.offer p{margin:6px 0}
button.secondary{background:#fff;color:#8f1d1d;border:1px solid #8f1d1d}
figure.qr{margin:24px 0 0;text-align:center}figure.qr svg{width:160px;height:160px}figure.qr figcaption{font-size:14px;color:#667085}
</style></head>
<body><header>{{brand.name}}</header><main>
<h1>{{title}}</h1>
{{#if status}}<p><span class="status {{statusClass}}" data-status="{{status}}">{{status}}</span></p>{{/if}}
{{#each paragraphs}}<p>{{this}}</p>{{/each}}
{{#if invoice}}
<p>Invoice <strong data-invoice="{{invoice.number}}">{{invoice.number}}</strong> for {{invoice.customerName}} — service {{invoice.period.start}} to {{invoice.period.end}} (exclusive), due {{invoice.dueDate}}.</p>
<table>{{#each lines}}<tr><td>{{description}}</td><td class="amount">{{amount}}</td></tr>{{/each}}
{{#each taxes}}<tr><td>{{name}}</td><td class="amount">{{amount}}</td></tr>{{/each}}
<tr class="total"><td>Total</td><td class="amount" data-total="{{total}}">{{total}}</td></tr></table>
<p>Balance due</p><p class="balance" data-balance="{{balance}}">{{balance}}</p>
{{/if}}
{{#if form}}
<form method="post" action="{{form.action}}">
<input type="hidden" name="submissionId" value="{{form.submissionId}}">
{{#if form.tokenField}}<p><label>Card (gateway token) <input name="paymentMethodToken" value="tok_visa" autocomplete="off"></label></p>{{/if}}
<button type="submit" id="pay">Pay {{balance}}</button>
</form>
{{/if}}
{{#if renewal}}
<dl class="facts"><dt>Agreement</dt><dd data-contract="{{renewal.contractId}}">{{renewal.contractId}}</dd>{{#if renewal.customerName}}<dt>For</dt><dd>{{renewal.customerName}}</dd>{{/if}}<dt>Current term ends</dt><dd data-term-end="{{renewal.termEnd}}">{{renewal.termEnd}}</dd></dl>
{{#if renewal.offer}}<section class="offer" data-offer>{{#if renewal.offer.subject}}<h2>{{renewal.offer.subject}}</h2>{{/if}}{{#each renewal.offer.lines}}<p>{{this}}</p>{{/each}}</section>{{/if}}
{{/if}}
{{#if renewalForm}}
<form method="post" action="{{renewalForm.action}}" class="answer">
{{#each renewalForm.accept}}<p><button type="submit" name="choice" value="renew:{{months}}" id="renew-{{months}}">{{label}}</button></p>{{/each}}
<p><label>Anything we should know? (optional) <input name="reason" maxlength="500" autocomplete="off"></label></p>
<p><button type="submit" name="choice" value="decline" id="decline" class="secondary">{{renewalForm.declineLabel}}</button></p>
</form>
{{/if}}
{{#if qr}}<figure class="qr" data-qr>{{{qr}}}<figcaption>Scan to pay on your phone</figcaption></figure>{{/if}}
</main><footer>{{brand.name}}{{#if brand.supportPhone}} · Questions? Call {{brand.supportPhone}}{{/if}}</footer></body></html>`);

/** Every response: no caching, no referrer, no framing, no script, forms only to the portal itself. */
const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  "referrer-policy": "no-referrer",
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
};

// A 1×1 transparent GIF, the open-tracking pixel.
const PIXEL = Uint8Array.from(Buffer.from("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7", "base64"));

const money = (m: Money): string => `${toDecimalString(m)} ${m.currency}`;

interface PageModel {
  readonly title: string;
  readonly status?: string;
  readonly statusClass?: string;
  readonly paragraphs?: readonly string[];
  readonly invoice?: Invoice;
  readonly balance?: Money;
  readonly form?: { readonly action: string; readonly submissionId: string; readonly tokenField: boolean };
  /** The page's payment link, shown as a QR code. */
  readonly qrLink?: string;
  /** A renewal answer page: the agreement, its term end, the offer as it was sent. */
  readonly renewal?: { readonly contractId: string; readonly customerName?: string | undefined; readonly termEnd: string; readonly offer?: { readonly subject?: string | undefined; readonly lines: readonly string[] } | undefined };
  /** The renewal answer form. */
  readonly renewalForm?: { readonly action: string; readonly accept: readonly { readonly months: number; readonly label: string }[]; readonly declineLabel: string };
}

/**
 * The hosted invoice page as a framework-agnostic `Request → Response` handler. `GET` a payment
 * link shows the invoice, its status and what is left to pay (with the link's QR code, an inline
 * SVG, to pay from a phone); "Pay" (`POST`) charges the balance
 * through the engine ({@link BillingEngine.payByLink}: once per form, whatever the clicks) and
 * shows the receipt. A forged or altered link gets 403, an expired one 410, a paid one "already
 * paid"; tracking links record `opened` (a 1×1 image) or `clicked` (then a redirect to the signed
 * target). Every response carries a strict CSP, `no-referrer` and `no-store`; no URL holds a
 * name, address or email.
 *
 * @example
 * ```ts
 * const portal = createInvoicePortal({ engine, brand: { name: "Lone Star Alarm Co." } });
 * // node:http: createServer(async (req, res) => { const r = await portal(toRequest(req)); … })
 * ```
 */
export function createInvoicePortal(options: InvoicePortalOptions): InvoicePortal {
  const base = options.basePath ?? "/";
  if (!base.startsWith("/") || !base.endsWith("/")) throw new TypeError(`basePath starts and ends with "/", got ${JSON.stringify(base)}`);
  const colour = options.brand.colour !== undefined && /^#[0-9a-fA-F]{3,8}$/.test(options.brand.colour) ? options.brand.colour : "#0b5fff";
  const newId = options.newSubmissionId ?? randomUUID;
  const html = (status: number, model: PageModel): Response => {
    const invoice = model.invoice;
    const body = PAGE({
      ...model,
      brand: options.brand,
      colour,
      lines: invoice?.lines.map((l) => ({ description: l.description, amount: money(l.net) })) ?? [],
      taxes: invoice?.taxTotals.map((t) => ({ name: `${t.taxName} (${t.jurisdictionName})`, amount: money(t.amount) })) ?? [],
      total: invoice === undefined ? undefined : money(invoice.total),
      balance: model.balance === undefined ? undefined : money(model.balance),
      // Our own markup: qrSvg escapes its label and writes no other text (the template inserts it raw).
      qr: model.qrLink === undefined ? undefined : qrSvg(model.qrLink, { label: "Scan to pay" }),
    });
    return new Response(body, { status, headers: { ...SECURITY_HEADERS, "content-type": "text/html; charset=utf-8" } });
  };
  const refused = (reason: "malformed" | "unknownKey" | "badSignature" | "expired"): Response =>
    reason === "expired"
      ? html(410, { title: "This payment link has expired", status: "expired", statusClass: "problem", paragraphs: [`Payment links expire for your security. Call ${options.brand.supportPhone ?? options.brand.name} for a new one, or use the link in your latest invoice or reminder.`] })
      : html(403, { title: "This payment link is not valid", status: "invalid link", statusClass: "problem", paragraphs: ["The link was changed or is not one of ours. Please use the link exactly as it came in your invoice."] });

  const publicUrl = options.publicUrl;
  if (publicUrl !== undefined && !/^https?:\/\/[^/]+\/(.*\/)?$/.test(publicUrl)) throw new TypeError(`publicUrl is an http(s) URL ending in "/", got ${JSON.stringify(publicUrl)}`);
  const linkOf = (url: URL, token: string): string => (publicUrl === undefined ? `${url.origin}${url.pathname}` : `${publicUrl}invoice/${token}`);

  const show = (check: Extract<PaymentLinkCheck, { valid: true }>, path: string, link: string): Response => {
    const invoice = check.invoice;
    if (check.invoiceStatus === "paid") return html(200, { title: "This invoice is already paid", status: "paid", statusClass: "paid", ...(invoice === undefined ? {} : { invoice }), balance: check.balance, paragraphs: ["Thank you — there is nothing left to pay."] });
    if (check.invoiceStatus === "void" || invoice === undefined) return html(410, { title: "This invoice was cancelled", status: "void", statusClass: "void", paragraphs: ["There is nothing to pay on it. Your account shows what is open."] });
    return html(200, { title: `Invoice ${invoice.number}`, status: check.invoiceStatus, statusClass: "open", invoice, balance: check.balance, form: { action: path, submissionId: newId(), tokenField: options.paymentMethod === "token" }, qrLink: link });
  };

  const answer = (result: PayByLinkResult, check: Extract<PaymentLinkCheck, { valid: true }>, path: string): Response => {
    const invoice = check.invoice;
    const withInvoice = invoice === undefined ? {} : { invoice };
    switch (result.status) {
      case "invalidLink":
        return refused(result.reason);
      case "succeeded":
        return html(200, { title: "Payment received — thank you", status: "paid", statusClass: "paid", ...withInvoice, balance: result.balance, paragraphs: [`We received ${money(result.amount)} for invoice ${result.invoiceNumber}. A receipt is on its way.`] });
      case "alreadyPaid":
        return html(200, { title: "This invoice is already paid", status: "paid", statusClass: "paid", ...withInvoice, balance: result.balance, paragraphs: ["Nothing was charged: there is nothing left to pay."] });
      case "void":
        return html(410, { title: "This invoice was cancelled", status: "void", statusClass: "void", paragraphs: ["Nothing was charged."] });
      case "pending":
        return html(202, { title: "Payment on its way", status: "pending", statusClass: "open", ...withInvoice, balance: result.balance, paragraphs: [`Your bank payment of ${money(result.amount)} is being processed; it takes a few business days.`] });
      case "inProgress":
        return html(409, { title: "A payment is already in progress", status: "in progress", statusClass: "open", ...withInvoice, balance: result.balance, paragraphs: ["An earlier payment of this invoice is still being processed. Please check back later before paying again."] });
      case "declined":
        return html(402, { title: "The payment did not go through", status: "declined", statusClass: "problem", ...withInvoice, balance: result.balance, paragraphs: ["Your bank declined the payment. Nothing was charged. Try another card or call us."], form: { action: path, submissionId: newId(), tokenField: options.paymentMethod === "token" } });
      case "noPaymentMethod":
        return html(422, { title: "No payment method", status: "open", statusClass: "open", ...withInvoice, balance: result.balance, paragraphs: ["There is no card or bank account on file. Please enter one."], form: { action: path, submissionId: newId(), tokenField: true } });
      default:
        return html(202, { title: "We are confirming your payment", status: result.status, statusClass: "open", ...withInvoice, balance: result.balance, paragraphs: ["The payment needs a moment to confirm. Do not pay again: we will email you the outcome."] });
    }
  };

  const contact = options.brand.supportPhone === undefined ? `Contact ${options.brand.name}` : `Call ${options.brand.supportPhone}`;
  const renewalRefused = (reason: "malformed" | "unknownKey" | "badSignature" | "expired"): Response =>
    reason === "expired"
      ? html(410, { title: "This renewal link has expired", status: "expired", statusClass: "problem", paragraphs: [`The offer's answer link works until the end of the agreement's term. ${contact} about your agreement.`] })
      : html(403, { title: "This renewal link is not valid", status: "invalid link", statusClass: "problem", paragraphs: ["The link was changed or is not one of ours. Please use the link exactly as it came in your renewal message."] });
  /** The offer's lines as it was sent, without its signature block ("-- ") and the line of the answer link itself (this page). */
  const offerLines = (text: string): string[] => {
    const lines = text.split("\n");
    const signature = lines.findIndex((l) => l === "-- " || l === "--");
    return (signature < 0 ? lines : lines.slice(0, signature)).filter((l) => l.trim() !== "" && !/\/renewal\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/.test(l));
  };
  const renewalModel = (check: ValidRenewalLinkCheck): NonNullable<PageModel["renewal"]> => ({
    contractId: check.contractId,
    customerName: check.customerName,
    termEnd: check.termEnd,
    ...(check.offer === undefined ? {} : { offer: { subject: check.offer.subject, lines: offerLines(check.offer.text) } }),
  });
  /** The answer on record: `now` when this request recorded it, else the page says it was answered before. */
  const answered = (check: ValidRenewalLinkCheck, now: boolean): Response => {
    const a = check.answer;
    const accepted = a?.decision === "accepted";
    const months = a?.termMonths ?? check.termOptions[0]?.months;
    const said = accepted
      ? `Your agreement ${check.contractId} renews on ${check.termEnd}${months === undefined ? "" : ` for ${months} months`}. You will get a confirmation before the new term starts.`
      : check.autoRenew
        ? `The automatic renewal of agreement ${check.contractId} is cancelled: service ends on ${check.termEnd}.`
        : `Agreement ${check.contractId} will not be renewed: service ends on ${check.termEnd}.`;
    const title = !now ? "You have already answered this renewal offer" : accepted ? "Your renewal is confirmed — thank you" : "Your answer is recorded";
    return html(200, { title, status: accepted ? "renewal accepted" : "renewal declined", statusClass: accepted ? "paid" : "void", renewal: renewalModel(check), paragraphs: [said, `To change your answer, ${options.brand.supportPhone === undefined ? `contact ${options.brand.name}` : `call ${options.brand.supportPhone}`}.`] });
  };
  const showRenewal = (check: ValidRenewalLinkCheck, path: string, status = 200, note?: string): Response => {
    if (check.state === "answered") return answered(check, false);
    if (check.state === "closed") return html(410, { title: "This renewal offer is closed", status: "closed", statusClass: "void", renewal: renewalModel(check), paragraphs: [`The term this offer was for is over or was already changed. ${contact} about your agreement.`] });
    const accept = check.termOptions.map((o, i) => ({ months: o.months, label: i === 0 ? `Renew for ${o.months} months` : `Renew for ${o.months} months${o.keepsPrices ? " at today's prices" : ""}` }));
    return html(status, {
      title: `Renew agreement ${check.contractId}?`,
      status: "awaiting your answer",
      statusClass: "open",
      renewal: renewalModel(check),
      paragraphs: [...(note === undefined ? [] : [note]), check.autoRenew ? `Your agreement renews by itself on ${check.termEnd} unless you cancel it.` : `Your agreement ends on ${check.termEnd} unless you renew it.`],
      renewalForm: { action: path, accept, declineLabel: check.autoRenew ? "Cancel the automatic renewal" : "Do not renew" },
    });
  };
  const renewalRoute = async (request: Request, url: URL, token: string): Promise<Response> => {
    const check = await options.engine.verifyRenewalLink(token);
    if (!check.valid) return renewalRefused(check.reason);
    if (request.method === "GET" || request.method === "HEAD") return showRenewal(check, url.pathname);
    if (request.method !== "POST") return new Response(null, { status: 405, headers: { ...SECURITY_HEADERS, allow: "GET, POST" } });
    // A form posted from another site (the browser says so) is refused: only this page answers.
    if (request.headers.get("sec-fetch-site") === "cross-site") return html(403, { title: "Please answer from the renewal page", paragraphs: ["Nothing was recorded. Open the link from your renewal message and answer there."] });
    if (check.state !== "open") return showRenewal(check, url.pathname);
    const form = await request.formData().catch(() => undefined);
    const choice = form?.get("choice");
    const reasonField = form?.get("reason");
    const reason = typeof reasonField === "string" && reasonField.trim() !== "" ? reasonField.trim().slice(0, 500) : undefined;
    const months = typeof choice === "string" && /^renew:\d{1,3}$/.test(choice) ? Number(choice.slice(6)) : undefined;
    const offered = months === undefined ? undefined : check.termOptions.find((o) => o.months === months);
    if (choice !== "decline" && offered === undefined) return showRenewal(check, url.pathname, 400, "Please choose one of the answers below. Nothing was recorded.");
    let recorded = false;
    try {
      // The term the link is about: a term renewed meanwhile refuses the answer, not records it on the new term.
      if (choice === "decline") await options.engine.declineRenewal({ contractId: check.contractId, termEnd: check.termEnd, ...(reason === undefined ? {} : { reason }) });
      else await options.engine.acceptRenewal({ contractId: check.contractId, termEnd: check.termEnd, ...(offered === undefined || offered === check.termOptions[0] ? {} : { termMonths: offered.months }) });
      recorded = true;
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      // Answered meanwhile (a double click, a second tab) or closed: the page says where it stands now.
    }
    const after = await options.engine.verifyRenewalLink(token);
    if (!after.valid) return renewalRefused(after.reason);
    return after.state === "answered" ? answered(after, recorded) : showRenewal(after, url.pathname, 409, "Your answer could not be recorded.");
  };

  return async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    if (!url.pathname.startsWith(base)) return html(404, { title: "Not found" });
    const [route, token, ...rest] = url.pathname.slice(base.length).split("/");
    if (token === undefined || token === "" || rest.length > 0) return html(404, { title: "Not found" });
    if (route === "t" && request.method === "GET") {
      const followed = await options.engine.followTrackingLink(token);
      if (followed.target !== undefined) return new Response(null, { status: 302, headers: { ...SECURITY_HEADERS, location: followed.target } });
      return new Response(PIXEL, { status: 200, headers: { ...SECURITY_HEADERS, "content-type": "image/gif" } });
    }
    if (route === "renewal") return renewalRoute(request, url, token);
    if (route !== "invoice") return html(404, { title: "Not found" });
    const check = await options.engine.verifyPaymentLink(token);
    if (!check.valid) return refused(check.reason);
    if (request.method === "GET" || request.method === "HEAD") return show(check, url.pathname, linkOf(url, token));
    if (request.method !== "POST") return new Response(null, { status: 405, headers: { ...SECURITY_HEADERS, allow: "GET, POST" } });
    const form = await request.formData().catch(() => undefined);
    const submissionId = form?.get("submissionId");
    const methodToken = form?.get("paymentMethodToken");
    if (typeof submissionId !== "string" || !/^[A-Za-z0-9_-]{8,64}$/.test(submissionId)) return html(400, { title: "Please try again", paragraphs: ["The payment form was incomplete. Nothing was charged."], ...(check.invoice === undefined ? {} : { invoice: check.invoice }), balance: check.balance, form: { action: url.pathname, submissionId: newId(), tokenField: options.paymentMethod === "token" } });
    const result = await options.engine.payByLink({ token, submissionId, ...(typeof methodToken === "string" && methodToken.trim() !== "" ? { paymentMethodToken: methodToken.trim() } : {}) });
    return answer(result, check, url.pathname);
  };
}

/**
 * Mounts a web-standard handler on `node:http`: `createServer(toNodeListener(portal))`. The body
 * is read whole (a payment form is a few hundred bytes; over 64 KiB is refused with 413).
 *
 * @example
 * ```ts
 * import { createServer } from "node:http";
 * createServer(toNodeListener(createInvoicePortal({ engine, brand }))).listen(8080, "127.0.0.1");
 * ```
 */
export function toNodeListener(handler: (request: Request) => Promise<Response>): (req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse) => void {
  const LIMIT = 64 * 1024;
  return (req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > LIMIT && !refused) {
        refused = true;
        res.writeHead(413, SECURITY_HEADERS).end();
        req.destroy();
      } else if (!refused) chunks.push(chunk);
    });
    req.on("end", () => {
      if (refused) return;
      const host = req.headers.host ?? "127.0.0.1";
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
      const method = req.method ?? "GET";
      const request = new Request(`http://${host}${req.url ?? "/"}`, { method, headers, ...(method === "GET" || method === "HEAD" ? {} : { body: Buffer.concat(chunks) }) });
      handler(request)
        .then(async (response) => {
          const out: Record<string, string> = {};
          response.headers.forEach((value, name) => {
            out[name] = value;
          });
          res.writeHead(response.status, out);
          res.end(Buffer.from(await response.arrayBuffer()));
        })
        .catch((error: unknown) => {
          // The customer sees no internals; the operator's log does.
          console.error("rmr-billing portal:", error);
          res.writeHead(500, { ...SECURITY_HEADERS, "content-type": "text/plain; charset=utf-8" });
          res.end("Something went wrong on our side. Nothing was charged twice; please try again in a minute.");
        });
    });
  };
}
