/**
 * The hosted renewal page: the answer link from a renewal offer opens the offer (the agreement,
 * the term's end, the new terms as the message stated them) with Accept and Decline; the answer is
 * recorded once through the engine (acceptRenewal / declineRenewal) and the run then renews or
 * ends the agreement; forged links get 403, expired ones 410, an answered offer says so.
 */
import { describe, expect, it } from "vitest";
import { createRenewalLink } from "../../src/engine/index.js";
import { parseBrand } from "../../src/messages/index.js";
import { toDecimalString } from "../../src/money/index.js";
import type { RenewalCase } from "../../src/ports/index.js";
import { createInvoicePortal } from "../../src/portal/index.js";
import { alarmContract, world, type World } from "../engine/support.js";

const keys = [{ id: "k1", secret: "renewal-portal-secret-of-at-least-32-bytes" }];
const brand = parseBrand({ companyName: "Lone Star Alarm Co.", address: { line1: "400 Lavaca St", city: "Austin", region: "TX", postalCode: "78701", country: "US" }, supportPhone: "+1 512 555 0100" });
const portalBrand = { name: "Lone Star Alarm <Co>", supportPhone: "+1 512 555 0100" };

// A fixed term ending 2027-04-01 (39.99 monitoring + 12.50 panel, +3 % at renewal, or 36 months at
// today's prices): the offer goes out 90 days before, on 2027-01-01.
async function offered(name = "Dana Reyes", autoRenew = false): Promise<{ w: World; link: string }> {
  const contract = alarmContract("C-R", { term: { start: "2026-04-01", end: "2027-04-01", autoRenew }, customer: { name, channels: ["email"] } });
  const w = await world([contract], { settings: { billFrom: "2026-12-27", paymentLinkKeys: keys, renewal: { priceIncreasePercent: "3", longerTerm: { months: 36 }, upgrades: [] } }, messages: { brand } });
  await w.engine.run();
  for (const day of autoRenew ? ["2027-01-01", "2027-02-15"] : ["2027-01-01"]) {
    w.clock.set(`${day}T15:00:00Z`);
    await w.engine.run();
  }
  const message = w.notifier.sent.find((m) => m.request.kind === (autoRenew ? "renewalNotice" : "renewalOffer"));
  const link = /https:\/\/pay\.example\.com\/renewal\/[A-Za-z0-9_.-]+/.exec(message?.request.text ?? "")?.[0];
  if (link === undefined) throw new Error("the renewal message has no answer link");
  return { w, link };
}

const post = (url: string, fields: Record<string, string>, headers: Record<string, string> = {}): Request => new Request(url, { method: "POST", body: new URLSearchParams(fields), headers });
const renewalCases = async (w: World): Promise<RenewalCase[]> => (await w.store.transaction((tx) => tx.listCases("CUST-C-R"))).filter((c): c is RenewalCase => c.kind === "renewal");

describe("the hosted renewal page", () => {
  it("shows the offer from the link in the message, with an Accept for each term and a Decline, under the portal's security headers", async () => {
    const { w, link } = await offered("Dana <b>Reyes</b> & Sons");
    const portal = createInvoicePortal({ engine: w.engine, brand: portalBrand });
    const page = await portal(new Request(link));
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<dd data-contract="C-R">C-R</dd>');
    expect(html).toContain('<dd data-term-end="2027-04-01">2027-04-01</dd>');
    // The new terms as the offer stated them: 39.99 × 1.03 = 41.19, 12.50 × 1.03 = 12.88 → 54.07; today 52.49.
    expect(html).toContain("<p>your agreement C-R ends on April 1, 2027. Renew for 12 months at $54.07 a month (today $52.49), or choose another option:</p>");
    expect(html).toContain("<p>- 36 months at today&#x27;s prices: $52.49</p>");
    // Not the message's own link line, nor its signature block.
    expect(html).not.toContain("Renew: https://");
    expect(html).not.toContain("Questions? Call us at");
    expect([...html.matchAll(/<button type="submit" name="choice" value="([^"]+)"[^>]*>([^<]+)<\/button>/g)].map((m) => [m[1], m[2]])).toEqual([
      ["renew:12", "Renew for 12 months"],
      ["renew:36", "Renew for 36 months at today&#x27;s prices"],
      ["decline", "Do not renew"],
    ]);
    expect(html).toContain(`<form method="post" action="${new URL(link).pathname}" class="answer">`);
    // Names are text, not markup.
    expect(html).toContain("Dana &lt;b&gt;Reyes&lt;/b&gt; &amp; Sons");
    expect(html).toContain("Lone Star Alarm &lt;Co&gt;");
    expect(html).not.toMatch(/<b>|<Co>/);
    for (const [name, value] of Object.entries({ "cache-control": "no-store", "referrer-policy": "no-referrer", "x-frame-options": "DENY" })) expect(page.headers.get(name)).toBe(value);
    expect(page.headers.get("content-security-policy")).toContain("form-action 'self'");
    // Nothing is recorded by looking.
    expect(await renewalCases(w)).toEqual([]);
  });

  it("Accept records the answer once (a double click, a second tab), and the run renews for the term chosen", async () => {
    const { w, link } = await offered();
    const portal = createInvoicePortal({ engine: w.engine, brand: portalBrand });
    w.clock.set("2027-01-05T16:00:00Z");
    const accepted = await portal(post(link, { choice: "renew:36" }));
    expect(accepted.status).toBe(200);
    const html = await accepted.text();
    expect(html).toContain("<h1>Your renewal is confirmed — thank you</h1>");
    expect(html).toContain("Your agreement C-R renews on 2027-04-01 for 36 months.");
    expect(html).toContain('data-status="renewal accepted"');
    const again = await portal(post(link, { choice: "decline" }));
    expect([again.status, (await again.text()).includes("You have already answered this renewal offer")]).toEqual([200, true]);
    expect((await (await portal(new Request(link))).text())).toContain("You have already answered this renewal offer");
    expect((await renewalCases(w)).map((c) => [c.id, c.decision, c.termMonths, c.termEnd, c.closedAt])).toEqual([["renewal:C-R:2027-04-01", "accepted", 36, "2027-04-01", "2027-01-05T16:00:00.000Z"]]);
    // The run renews the agreement at its end for 36 months, at today's prices (52.49 a month, no increase).
    w.clock.set("2027-03-27T15:00:00Z");
    await w.engine.run();
    const stored = await w.store.transaction((tx) => tx.getContract("C-R"));
    expect(stored?.contract.term.end).toBe("2030-04-01");
    const april = (await w.store.transaction((tx) => tx.listContractInvoices("C-R"))).find((i) => i.invoice.period.start === "2027-04-01");
    expect(toDecimalString(april?.invoice.total ?? { minor: -1, currency: "USD" })).toBe("52.49");
    // The link now names a term that is over: the page says it was answered.
    expect((await (await portal(new Request(link))).text())).toContain("You have already answered this renewal offer");
  });

  it("Decline records the decline with the customer's words; an automatic renewal's is a cancellation", async () => {
    const { w, link } = await offered();
    const portal = createInvoicePortal({ engine: w.engine, brand: portalBrand });
    const declined = await portal(post(link, { choice: "decline", reason: "  moving to Dallas  " }));
    expect(declined.status).toBe(200);
    expect(await declined.text()).toContain("Agreement C-R will not be renewed: service ends on 2027-04-01.");
    expect((await renewalCases(w)).map((c) => [c.decision, c.reason])).toEqual([["declined", "moving to Dallas"]]);

    const auto = await offered("Sam Ortiz", true);
    const autoPortal = createInvoicePortal({ engine: auto.w.engine, brand: portalBrand });
    const shown = await (await autoPortal(new Request(auto.link))).text();
    expect(shown).toContain("Your agreement renews by itself on 2027-04-01 unless you cancel it.");
    expect(shown).toContain('value="decline" id="decline" class="secondary">Cancel the automatic renewal</button>');
    const cancelled = await (await autoPortal(post(auto.link, { choice: "decline" }))).text();
    expect(cancelled).toContain("The automatic renewal of agreement C-R is cancelled: service ends on 2027-04-01.");
    expect((await renewalCases(auto.w)).map((c) => [c.decision, c.reason])).toEqual([["declined", undefined]]);
  });

  it("refuses a forged link with 403, an expired one with 410, an answer not offered with 400 and a cross-site post with 403 — recording nothing", async () => {
    const { w, link } = await offered();
    const portal = createInvoicePortal({ engine: w.engine, brand: portalBrand });
    const [head, payload, signature] = link.slice(link.lastIndexOf("/") + 1).split(".") as [string, string, string];
    const forged = `https://pay.example.com/renewal/${head}.${payload}.${signature.slice(0, -2)}AA`;
    expect((await portal(new Request(forged))).status).toBe(403);
    expect((await portal(post(forged, { choice: "renew:12" }))).status).toBe(403);
    // A payment token is not a renewal token.
    const invoiceMessage = w.notifier.sent.find((m) => m.request.kind === "invoice");
    const paymentToken = /https:\/\/pay\.example\.com\/invoice\/([A-Za-z0-9_.-]+)/.exec(invoiceMessage?.request.text ?? "")?.[1] ?? "none";
    expect((await portal(new Request(`https://pay.example.com/renewal/${paymentToken}`))).status).toBe(403);
    const odd = await portal(post(link, { choice: "renew:24" }));
    expect([odd.status, (await odd.text()).includes("Nothing was recorded.")]).toEqual([400, true]);
    expect((await portal(post(link, {}))).status).toBe(400);
    const crossSite = await portal(post(link, { choice: "renew:12" }, { "sec-fetch-site": "cross-site" }));
    expect([crossSite.status, (await crossSite.text()).includes("Please answer from the renewal page")]).toEqual([403, true]);
    expect((await portal(new Request(link, { method: "PUT" }))).status).toBe(405);
    expect(await renewalCases(w)).toEqual([]);
    // The link works to the end of the term's last day (UTC), then 410.
    w.clock.set("2027-04-01T00:00:01Z");
    const expired = await portal(new Request(link));
    expect([expired.status, (await expired.text()).includes("This renewal link has expired")]).toEqual([410, true]);
    expect((await portal(post(link, { choice: "renew:12" }))).status).toBe(410);
    expect(await renewalCases(w)).toEqual([]);
  });

  it("a link for a term that is no longer the current one says the offer is closed (410)", async () => {
    const { w } = await offered();
    const portal = createInvoicePortal({ engine: w.engine, brand: portalBrand });
    const old = createRenewalLink({ contractId: "C-R", termEnd: "2026-04-01", expiresAt: "2027-06-01T00:00:00Z" }, { keys, baseUrl: "https://pay.example.com/renewal/" });
    const page = await portal(new Request(old.url));
    expect([page.status, (await page.text()).includes("This renewal offer is closed")]).toEqual([410, true]);
    expect((await portal(post(old.url, { choice: "renew:12" }))).status).toBe(410);
    expect(await renewalCases(w)).toEqual([]);
  });
});
