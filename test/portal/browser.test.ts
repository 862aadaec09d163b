/**
 * The hosted invoice page in a real browser: Debian's chromium driven by playwright-core (never a
 * downloaded browser). Open the payment link from the sent invoice message, see the amount, pay,
 * see "paid" — and the store says paid too. Outside CI, without /usr/bin/chromium, it says it
 * skipped; under CI (`.ci/run` installs chromium) a missing browser fails.
 */
import { existsSync, mkdirSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseBrand } from "../../src/messages/index.js";
import { createInvoicePortal, toNodeListener } from "../../src/portal/index.js";
import { alarmContract, world, type World } from "../engine/support.js";

const CHROMIUM = "/usr/bin/chromium";
const present = existsSync(CHROMIUM);
if (!present && process.env["CI"] === undefined) console.warn(`test/portal/browser.test.ts: skipped — no browser at ${CHROMIUM} (apt-get install -y chromium)`);
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

describe.skipIf(!present && process.env["CI"] === undefined)("the hosted invoice page in chromium", () => {
  let server: Server;
  let w: World;
  let link: string;

  beforeAll(async () => {
    server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    w = await world([alarmContract("C-BROWSER", { customer: { name: "Dana <b>Reyes</b>" } })], { settings: { paymentLinkKeys: [{ id: "k1", secret: "browser-test-secret-of-at-least-32-bytes" }], paymentLinkBase: `${base}invoice/` } });
    await w.engine.run({ asOf: "2026-12-27T15:00:00Z" });
    const portal = createInvoicePortal({ engine: w.engine, brand: { name: "Lone Star Alarm Co.", supportPhone: "+1 512 555 0100" }, paymentMethod: "token" });
    server.on("request", toNodeListener(portal));
    const message = w.notifier.sent.find((m) => m.request.kind === "invoice");
    link = /http:\/\/127\.0\.0\.1:\d+\/invoice\/\S+/.exec(message?.request.text ?? "")?.[0] ?? "";
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it("opens the link from the message, shows the amount, pays, and shows paid", async () => {
    expect(link).not.toBe("");
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
    try {
      const page = await browser.newPage();
      const violations: string[] = [];
      page.on("console", (m) => {
        if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
      });
      const opened = await page.goto(link);
      expect(opened?.status()).toBe(200);
      // The payment link's QR code: an inline SVG, drawn, 160 × 160 CSS pixels, and the CSP refuses nothing.
      const qr = await page.locator("[data-qr] svg").boundingBox();
      expect([qr?.width, qr?.height]).toEqual([160, 160]);
      expect(violations).toEqual([]);
      expect(await page.locator("[data-balance]").textContent()).toBe("52.49 USD");
      expect(await page.locator("[data-invoice]").textContent()).toBe("INV-2026-000001");
      // The customer's name is shown as text, not markup.
      expect(await page.locator("main").textContent()).toContain("Dana <b>Reyes</b>");
      mkdirSync(new URL("./.out/", import.meta.url), { recursive: true });
      await page.screenshot({ path: new URL("./.out/invoice-page.png", import.meta.url).pathname, fullPage: true });
      await page.click("#pay");
      await page.waitForSelector("[data-status=paid]");
      expect(await page.locator("h1").textContent()).toBe("Payment received — thank you");
      await page.screenshot({ path: new URL("./.out/receipt-page.png", import.meta.url).pathname, fullPage: true });
      // Reloading the result page re-posts the same form: still one charge.
      await page.reload();
      await page.waitForSelector("[data-status=paid]");
    } finally {
      await browser.close();
    }
    const stored = await w.store.transaction((tx) => tx.getInvoice("INV-2026-000001"));
    expect([stored?.invoice.status, stored?.balance.minor]).toEqual(["paid", 0]);
    expect(w.gateway.charges.map((c) => [c.request.amount.minor, c.captured])).toEqual([[5249, true]]);
  }, 60_000);
});

describe.skipIf(!present && process.env["CI"] === undefined)("the hosted renewal page in chromium", () => {
  let server: Server;
  let w: World;
  let link: string;

  beforeAll(async () => {
    server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const brand = parseBrand({ companyName: "Lone Star Alarm Co.", address: { line1: "400 Lavaca St", city: "Austin", region: "TX", postalCode: "78701", country: "US" }, supportPhone: "+1 512 555 0100" });
    // A fixed term ending 2027-04-01: the offer goes out on 2027-01-01, with its answer link.
    const contract = alarmContract("C-RENEW", { term: { start: "2026-04-01", end: "2027-04-01" }, customer: { channels: ["email"] } });
    w = await world([contract], { settings: { billFrom: "2026-12-27", paymentLinkKeys: [{ id: "k1", secret: "browser-test-secret-of-at-least-32-bytes" }], paymentLinkBase: `${base}invoice/`, renewal: { priceIncreasePercent: "3", longerTerm: { months: 36 }, upgrades: [] } }, messages: { brand } });
    await w.engine.run();
    w.clock.set("2027-01-01T15:00:00Z");
    await w.engine.run();
    server.on("request", toNodeListener(createInvoicePortal({ engine: w.engine, brand: { name: "Lone Star Alarm Co.", supportPhone: "+1 512 555 0100" } })));
    const offer = w.notifier.sent.find((m) => m.request.kind === "renewalOffer");
    link = /http:\/\/127\.0\.0\.1:\d+\/renewal\/\S+/.exec(offer?.request.text ?? "")?.[0] ?? "";
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it("opens the answer link from the offer, shows the terms, accepts the longer term, and the store has the answer", async () => {
    expect(link).not.toBe("");
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
    try {
      const page = await browser.newPage();
      const opened = await page.goto(link);
      expect(opened?.status()).toBe(200);
      expect(await page.locator("[data-term-end]").textContent()).toBe("2027-04-01");
      expect(await page.locator("[data-offer]").textContent()).toContain("36 months at today's prices: $52.49");
      mkdirSync(new URL("./.out/", import.meta.url), { recursive: true });
      await page.screenshot({ path: new URL("./.out/renewal-page.png", import.meta.url).pathname, fullPage: true });
      await page.click("#renew-36");
      await page.waitForSelector('[data-status="renewal accepted"]');
      expect(await page.locator("h1").textContent()).toBe("Your renewal is confirmed — thank you");
      // Reloading the result page: the answer stands, recorded once.
      await page.reload();
      await page.waitForSelector('[data-status="renewal accepted"]');
      expect(await page.locator("h1").textContent()).toBe("You have already answered this renewal offer");
    } finally {
      await browser.close();
    }
    const cases = (await w.store.transaction((tx) => tx.listCases("CUST-C-RENEW"))).filter((c) => c.kind === "renewal");
    expect(cases.map((c) => [c.id, c.kind === "renewal" ? c.decision : "", c.kind === "renewal" ? c.termMonths : 0])).toEqual([["renewal:C-RENEW:2027-04-01", "accepted", 36]]);
  }, 60_000);
});
