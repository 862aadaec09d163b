/**
 * Open and click tracking, end to end: the branded invoice email the engine sends carries a 1×1
 * image and its links wrapped in signed tracking links; loading the image and following a link
 * through the hosted portal records the message's `opened` and `clicked` events (once each) in
 * the store and the customer's activity, and the click lands where the link led.
 */
import { describe, expect, it } from "vitest";
import { parseBrand } from "../../src/messages/index.js";
import { createInvoicePortal } from "../../src/portal/index.js";
import { alarmContract, world } from "../engine/support.js";

const keys = [{ id: "k1", secret: "tracking-test-secret-of-at-least-32-bytes" }];
const brand = parseBrand({ companyName: "Lone Star Alarm Co.", address: { line1: "400 Lavaca St", city: "Austin", region: "TX", postalCode: "78701", country: "US" }, supportPhone: "+1 512 555 0100" });

async function invoiceEmail(tracking?: boolean) {
  const settings = { paymentLinkKeys: keys, paymentLinkBase: "https://pay.example.com/invoice/", ...(tracking === undefined ? {} : { tracking }) };
  const w = await world([alarmContract("C-TR", { customer: { channels: ["email"] } })], { settings, messages: { brand } });
  await w.engine.run({ asOf: "2026-12-27T15:00:00Z" });
  const sent = w.notifier.sent.find((m) => m.request.kind === "invoice")?.request;
  if (sent?.html === undefined) throw new Error("no HTML invoice email");
  return { w, html: sent.html, text: sent.text };
}

describe("open and click tracking", () => {
  it("the sent email's image and links record opened and clicked through the portal, once each, and the click lands on the payment page", async () => {
    const { w, html, text } = await invoiceEmail();
    const pixels = [...html.matchAll(/<img src="(https:\/\/pay\.example\.com\/t\/[^"]+)" width="1" height="1"/g)].map((m) => m[1] as string);
    expect(pixels).toHaveLength(1);
    const hrefs = [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1] as string);
    const web = hrefs.filter((h) => h.startsWith("http"));
    expect(web.length).toBeGreaterThan(0);
    // Every web link is a tracking link; the text part keeps the plain payment link.
    expect(web.every((h) => h.startsWith("https://pay.example.com/t/"))).toBe(true);
    const paymentLink = /https:\/\/pay\.example\.com\/invoice\/\S+/.exec(text)?.[0] as string;
    const portal = createInvoicePortal({ engine: w.engine, brand: { name: "Lone Star Alarm Co.", supportPhone: "+1 512 555 0100" } });
    w.clock.set("2026-12-27T18:00:00Z");
    const opened = await portal(new Request(pixels[0] as string));
    expect([opened.status, opened.headers.get("content-type")]).toEqual([200, "image/gif"]);
    // The click that leads to the payment page.
    const payHref = web.find((h) => h.length > 0) as string;
    const clicked = await portal(new Request(payHref));
    expect(clicked.status).toBeGreaterThanOrEqual(300);
    expect(clicked.status).toBeLessThan(400);
    const landing = clicked.headers.get("location") ?? "";
    expect(landing.startsWith("https://pay.example.com/")).toBe(true);
    // Again: nothing more is recorded.
    await portal(new Request(pixels[0] as string));
    await portal(new Request(payHref));
    const record = await w.store.transaction((tx) => tx.getMessage("invoice:INV-2026-000001:deliver:email"));
    expect(record?.events.map((e) => [e.kind, e.at])).toEqual([
      ["opened", "2026-12-27T18:00:00.000Z"],
      ["clicked", "2026-12-27T18:00:00.000Z"],
    ]);
    const trail = (await w.engine.activity("CUST-C-TR")).map((e) => e.kind);
    expect(trail.filter((k) => k === "message.opened" || k === "message.clicked")).toEqual(["message.opened", "message.clicked"]);
    // The payment link itself is among the places the email leads.
    const targets = await Promise.all(web.map(async (h) => (await portal(new Request(h))).headers.get("location")));
    expect(targets).toContain(paymentLink);
  });

  it("tracking: false sends the HTML as rendered: the payment link as it is, no image", async () => {
    const { html, text } = await invoiceEmail(false);
    const paymentLink = /https:\/\/pay\.example\.com\/invoice\/\S+/.exec(text)?.[0] as string;
    expect(html).not.toContain("https://pay.example.com/t/");
    expect(html).toContain(`href="${paymentLink}"`);
  });
});

describe("withTracking", () => {
  it("wraps each http(s) href — any case, entities decoded in the target — and leaves data-href, mailto: and tel: alone", async () => {
    const { withTracking } = await import("../../src/engine/deliver.js");
    const { verifyTrackingLink } = await import("../../src/engine/index.js");
    const ctx = { settings: { paymentLinkKeys: keys, paymentLinkBase: "https://pay.example.com/invoice/" }, now: () => "2027-01-01T00:00:00.000Z" } as unknown as Parameters<typeof withTracking>[0];
    const html = '<body><a HREF="https://pay.example.com/invoice/x?a&#x3D;1&amp;b=&#39;2&#39;">Pay</a><a href="mailto:help@example.com">Mail</a><a href="tel:+15125550100">Call</a><div data-href="https://example.com/not-a-link"></div></body>';
    const out = withTracking(ctx, "invoice:INV-1:deliver:email", html) as string;
    const wrapped = [...out.matchAll(/href="(https:\/\/pay\.example\.com\/t\/[^"]+)"/gi)].map((m) => m[1] as string);
    expect(wrapped).toHaveLength(1);
    const checked = verifyTrackingLink(wrapped[0]?.slice(wrapped[0].lastIndexOf("/") + 1) ?? "", { keys, now: "2027-01-02T00:00:00Z" });
    expect(checked.valid && [checked.messageKey, checked.event, checked.target]).toEqual(["invoice:INV-1:deliver:email", "clicked", "https://pay.example.com/invoice/x?a=1&b='2'"]);
    expect(out).toContain('href="mailto:help@example.com"');
    expect(out).toContain('href="tel:+15125550100"');
    expect(out).toContain('data-href="https://example.com/not-a-link"');
    expect(out).toMatch(/<img src="https:\/\/pay\.example\.com\/t\/[^"]+" width="1" height="1" alt="" [^>]*\/><\/body>$/);
  });
});
