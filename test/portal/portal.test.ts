/**
 * The hosted invoice page as a `Request → Response` handler, over the memory adapters: open the
 * link from the delivered invoice, see the balance, pay once whatever the clicks, and the refusals
 * (403 forged, 410 expired, "already paid"), tracking links, security headers — and a crash at
 * every step of a payment, then the same form sent again, charges once.
 */
import qrcode from "qrcode-generator";
import { describe, expect, it } from "vitest";
import { createBillingEngine, createTrackingLink, type BillingEngineOptions } from "../../src/engine/index.js";
import { money } from "../../src/money/index.js";
import { createInvoicePortal } from "../../src/portal/index.js";
import { alarmContract, Crash, faulty, outcome, world, type World } from "../engine/support.js";

const keys = [{ id: "k1", secret: "portal-test-secret-of-at-least-32-bytes" }];
const settings = { paymentLinkKeys: keys, paymentLinkBase: "https://pay.example.com/invoice/" };
const brand = { name: "Lone Star Alarm <Co> & Sons", supportPhone: "+1 512 555 0100" };

async function issued(spec: Parameters<typeof alarmContract>[1] = {}): Promise<{ w: World; link: string; options: Partial<BillingEngineOptions> }> {
  const options: Partial<BillingEngineOptions> = { settings };
  const w = await world([alarmContract("C-WEB", spec)], options);
  await w.engine.run({ asOf: "2026-12-27T15:00:00Z" });
  const delivered = w.notifier.sent.find((m) => m.request.kind === "invoice");
  const link = /https:\/\/pay\.example\.com\/invoice\/\S+/.exec(delivered?.request.text ?? "")?.[0];
  if (link === undefined) throw new Error("the invoice message has no payment link");
  return { w, link, options };
}

const portalFor = (w: World, extra: { publicUrl?: string }) => createInvoicePortal({ engine: w.engine, brand, ...extra });
const post = (url: string, fields: Record<string, string>): Request => new Request(url, { method: "POST", body: new URLSearchParams(fields) });
const submissionOf = (html: string): string => /name="submissionId" value="([^"]+)"/.exec(html)?.[1] ?? "";

describe("the hosted invoice page", () => {
  it("shows the invoice from the link in the message, pays it once however often the form is sent, and sends the receipt", async () => {
    const { w, link } = await issued();
    const portal = createInvoicePortal({ engine: w.engine, brand, paymentMethod: "token" });
    const page = await portal(new Request(link));
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('data-invoice="INV-2026-000001"');
    expect(html).toContain('data-balance="52.49 USD"');
    // The brand is text, not markup.
    expect(html).toContain("Lone Star Alarm &lt;Co&gt; &amp; Sons");
    expect(html).not.toContain("<Co>");
    for (const [name, value] of Object.entries({ "cache-control": "no-store", "referrer-policy": "no-referrer", "x-frame-options": "DENY" })) expect(page.headers.get(name)).toBe(value);
    expect(page.headers.get("content-security-policy")).toContain("default-src 'none'");

    w.clock.set("2026-12-28T18:00:00Z");
    const submissionId = submissionOf(html);
    const paid = await portal(post(link, { submissionId, paymentMethodToken: "tok_visa" }));
    expect(paid.status).toBe(200);
    expect(await paid.text()).toContain("We received 52.49 USD for invoice INV-2026-000001");
    // A double click, and a second tab's form: still one charge.
    expect((await portal(post(link, { submissionId, paymentMethodToken: "tok_visa" }))).status).toBe(200);
    const again = await portal(post(link, { submissionId: "another-form-1234", paymentMethodToken: "tok_visa" }));
    expect(await again.text()).toContain("This invoice is already paid");
    expect(w.gateway.charges.map((c) => [c.request.idempotencyKey, c.request.amount.minor, c.request.paymentMethodToken])).toEqual([[`invoice:INV-2026-000001:portal:${submissionId}`, 5249, "tok_visa"]]);
    const stored = await w.store.transaction((tx) => tx.getInvoice("INV-2026-000001"));
    expect([stored?.invoice.status, stored?.balance.minor]).toEqual(["paid", 0]);
    const payments = await w.store.transaction((tx) => tx.listPayments("CUST-C-WEB"));
    expect(payments.map((p) => [p.channel, p.amount.minor, p.receivedOn])).toEqual([["portal", 5249, "2026-12-28"]]);
    expect(w.notifier.sent.filter((m) => m.request.kind === "receipt").map((m) => m.request.idempotencyKey)).toEqual([`payment:invoice:INV-2026-000001:portal:${submissionId}:receipt:email`]);
    // The page now says paid; the next runs send no reminder and charge nothing.
    expect(await (await portal(new Request(link))).text()).toContain('data-status="paid"');
    w.clock.set("2027-01-02T15:00:00Z");
    await w.engine.run();
    expect(w.gateway.charges.length).toBe(1);
  });

  it("refuses a forged link with 403 and an expired one with 410, charging nothing", async () => {
    const { w, link } = await issued();
    const portal = createInvoicePortal({ engine: w.engine, brand });
    const [head, payload, signature] = link.slice(link.lastIndexOf("/") + 1).split(".") as [string, string, string];
    const forged = `https://pay.example.com/invoice/${head}.${payload}.${signature.slice(0, -2)}AA`;
    expect((await portal(new Request(forged))).status).toBe(403);
    expect((await portal(post(forged, { submissionId: "forged-form-123" }))).status).toBe(403);
    expect((await portal(new Request("https://pay.example.com/invoice/not-a-token"))).status).toBe(403);
    // 30 days after the due date (Jan 1), at the end of that day: expired.
    w.clock.set("2027-02-01T00:00:01Z");
    const expired = await portal(new Request(link));
    expect([expired.status, (await expired.text()).includes("This payment link has expired")]).toEqual([410, true]);
    expect(w.gateway.charges).toEqual([]);
    expect((await portal(new Request("https://pay.example.com/elsewhere/x"))).status).toBe(404);
  });

  it("a declined card is shown with a fresh form; another card then pays", async () => {
    const { w, link } = await issued();
    w.gateway.script("tok_bad", { decline: "51", kind: "soft" });
    const portal = createInvoicePortal({ engine: w.engine, brand, paymentMethod: "token" });
    const first = submissionOf(await (await portal(new Request(link))).text());
    const declined = await portal(post(link, { submissionId: first, paymentMethodToken: "tok_bad" }));
    expect(declined.status).toBe(402);
    const retry = submissionOf(await declined.text());
    expect(retry).not.toBe(first);
    const paid = await portal(post(link, { submissionId: retry, paymentMethodToken: "tok_good" }));
    expect(paid.status).toBe(200);
    expect(w.gateway.capturedTotal("USD")).toBe(5249);
    // The customer's own declined attempt is not retried by the recovery policy.
    for (const day of ["2026-12-29", "2026-12-31", "2027-01-05"]) {
      w.clock.set(`${day}T15:00:00Z`);
      await w.engine.run();
    }
    expect(w.gateway.charges.map((c) => c.request.paymentMethodToken)).toEqual(["tok_bad", "tok_good"]);
  });

  it("pays with the card on file when the page asks for none", async () => {
    const { w, link } = await issued({ paymentMethod: { kind: "card", token: "tok_file", last4: "4242", autoPay: false } });
    const portal = createInvoicePortal({ engine: w.engine, brand });
    const html = await (await portal(new Request(link))).text();
    expect(html).not.toContain('name="paymentMethodToken"');
    expect((await portal(post(link, { submissionId: submissionOf(html) }))).status).toBe(200);
    expect(w.gateway.charges.map((c) => c.request.paymentMethodToken)).toEqual(["tok_file"]);
  });

  it("shows the link's QR code (inline SVG, under the strict CSP) on an open invoice, none once it is paid", async () => {
    const { w, link } = await issued();
    const matrixOf = (text: string): boolean[][] => {
      const qr = qrcode(0, "M");
      qr.addData(text, "Byte");
      qr.make();
      return Array.from({ length: qr.getModuleCount() }, (_, r) => Array.from({ length: qr.getModuleCount() }, (_, c) => qr.isDark(r, c)));
    };
    // The SVG path's runs of dark modules, read back into a matrix (4 modules of quiet zone).
    const drawn = (html: string): boolean[][] => {
      const svg = /<figure class="qr" data-qr><svg [^]*?<\/svg><figcaption>Scan to pay on your phone<\/figcaption><\/figure>/.exec(html)?.[0] ?? "";
      const n = Number(/viewBox="0 0 (\d+) /.exec(svg)?.[1]) - 8;
      const m = Array.from({ length: Math.max(n, 0) }, () => Array.from({ length: n }, () => false));
      for (const [, x, y, len] of svg.matchAll(/M(\d+) (\d+)h(\d+)v1h-\3z/g)) for (let c = 0; c < Number(len); c++) (m[Number(y) - 4] as boolean[])[Number(x) - 4 + c] = true;
      return m;
    };
    const page = await portalFor(w, {})(new Request(link));
    const html = await page.text();
    expect(drawn(html)).toEqual(matrixOf(link));
    // The CSP forbids every fetch but same-origin images and data: — the SVG is markup, it fetches nothing.
    expect(page.headers.get("content-security-policy")).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    expect(/<svg [^]*?<\/svg>/.exec(html)?.[0]).not.toMatch(/href|src=|url\(|<script/);
    // Behind a proxy the public address is given: the QR code encodes it, not the address the request came to.
    const token = link.slice(link.lastIndexOf("/") + 1);
    const proxied = await (await portalFor(w, { publicUrl: "https://billing.lonestar.example/pay/" })(new Request(`http://10.0.0.7:8080/invoice/${token}`))).text();
    expect(drawn(proxied)).toEqual(matrixOf(`https://billing.lonestar.example/pay/invoice/${token}`));
    expect(() => portalFor(w, { publicUrl: "ftp://x/" })).toThrow(TypeError);
    // Paid: nothing to scan.
    await w.engine.recordPayment({ id: "P-QR", accountId: "CUST-C-WEB", amount: money("52.49", "USD"), receivedOn: "2026-12-28", channel: "check" });
    const paid = await (await portalFor(w, {})(new Request(link))).text();
    expect(paid).toContain('data-status="paid"');
    expect(paid).not.toContain("<svg");
  });

  it("tracking links record an open and a click once each, and a click leads to its signed target", async () => {
    const { w, link } = await issued();
    const portal = createInvoicePortal({ engine: w.engine, brand });
    const messageKey = "invoice:INV-2026-000001:deliver:email";
    const click = createTrackingLink({ messageKey, event: "clicked", target: link, expiresAt: "2027-03-01T00:00:00Z" }, { keys, baseUrl: "https://pay.example.com/t/" });
    const open = createTrackingLink({ messageKey, event: "opened", expiresAt: "2027-03-01T00:00:00Z" }, { keys, baseUrl: "https://pay.example.com/t/" });
    const followed = await portal(new Request(click.url));
    expect([followed.status, followed.headers.get("location")]).toEqual([302, link]);
    const pixel = await portal(new Request(open.url));
    expect([pixel.status, pixel.headers.get("content-type")]).toEqual([200, "image/gif"]);
    await portal(new Request(open.url));
    const message = await w.store.transaction((tx) => tx.getMessage(messageKey));
    expect(message?.events.map((e) => e.kind)).toEqual(["clicked", "opened"]);
    // A forged tracking link records nothing and leads nowhere.
    const forged = await portal(new Request(`${open.url.slice(0, -3)}xyz`));
    expect([forged.status, forged.headers.get("location")]).toEqual([200, null]);
    expect((await w.store.transaction((tx) => tx.getMessage(messageKey)))?.events.length).toBe(2);
  });

  it("a crash at any step of a payment, then the same form sent again, charges once and books once", async () => {
    const submissionId = "form-crash-0001";
    const pay = async (w: World, engine = w.engine): Promise<void> => {
      const { link } = { link: /https:\/\/pay\.example\.com\/invoice\/\S+/.exec(w.notifier.sent.find((m) => m.request.kind === "invoice")?.request.text ?? "")?.[0] ?? "" };
      const portal = createInvoicePortal({ engine, brand, paymentMethod: "token" });
      await portal(post(link, { submissionId, paymentMethodToken: "tok_visa" }));
    };
    const setUp = async (): Promise<World> => {
      const { w } = await issued();
      w.clock.set("2026-12-28T18:00:00Z");
      return w;
    };
    const reference = await setUp();
    const counting = faulty(reference.store, reference.gateway, reference.notifier, Number.POSITIVE_INFINITY);
    await pay(reference, createBillingEngine({ store: counting.store, gateway: counting.gateway, notifier: counting.notifier, clock: reference.clock, settings }));
    const steps = counting.steps();
    const expected = await outcome(reference, [alarmContract("C-WEB")]);
    expect(steps).toBeGreaterThan(5);
    for (let at = 1; at <= steps; at++) {
      const w = await setUp();
      const f = faulty(w.store, w.gateway, w.notifier, at);
      await pay(w, createBillingEngine({ store: f.store, gateway: f.gateway, notifier: f.notifier, clock: w.clock, settings })).catch((error: unknown) => {
        if (!(error instanceof Crash)) throw error;
      });
      // The customer sends the same form again (a reload of the result page re-posts it).
      await pay(w);
      expect({ at, ...(await outcome(w, [alarmContract("C-WEB")])) }).toEqual({ at, ...expected });
    }
  });
});
