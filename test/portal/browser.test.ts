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
      const opened = await page.goto(link);
      expect(opened?.status()).toBe(200);
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
