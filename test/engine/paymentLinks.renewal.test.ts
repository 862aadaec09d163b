/**
 * Renewal-answer links: signed like payment links (a payload of their own, no personal data),
 * printed in the renewal messages when the engine has keys (else the brand's email or phone), and
 * checked by the engine against the store — open, answered, closed — with the offer as it was sent.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createEnrollmentLink, createPaymentLink, createRenewalLink, createTrackingLink, verifyEnrollmentLink, verifyPaymentLink, verifyRenewalLink, verifyTrackingLink } from "../../src/engine/index.js";
import { renewalLinkFor } from "../../src/engine/paymentLinks.js";
import { parseBrand } from "../../src/messages/index.js";
import { money } from "../../src/money/index.js";
import { issuesOf } from "../support/errors.js";
import { alarmContract, world } from "./support.js";

const KEY = { id: "k-2027", secret: "a-renewal-secret-that-is-32-bytes-long" };
const OLD = { id: "k-2026", secret: "an-old-secret-that-is-32-bytes-long!" };
const BASE = "https://pay.example.com/renewal/";
const claims = { contractId: "C-R", termEnd: "2027-04-01", expiresAt: "2027-03-31T23:59:59Z" };
const brand = parseBrand({ companyName: "Lone Star Alarm Co.", address: { line1: "400 Lavaca St", city: "Austin", region: "TX", postalCode: "78701", country: "US" }, supportPhone: "+1 512 555 0100", supportEmail: "care@lonestar.example" });

describe("createRenewalLink / verifyRenewalLink", () => {
  const link = createRenewalLink(claims, { keys: [KEY, OLD], baseUrl: BASE });

  it("signs with the first key, verifies to the contract and the term, and expires after its moment", () => {
    expect(link.url).toBe(`${BASE}${link.token}`);
    expect(link.token.startsWith("k-2027.")).toBe(true);
    expect(verifyRenewalLink(link.url, { keys: [OLD, KEY], now: "2027-03-31T23:59:59Z" })).toEqual({ valid: true, contractId: "C-R", termEnd: "2027-04-01", expiresAt: "2027-03-31T23:59:59.000Z" });
    expect(verifyRenewalLink(link.token, { keys: [KEY], now: "2027-04-01T00:00:00Z" })).toEqual({ valid: false, reason: "expired", contractId: "C-R" });
    expect(verifyRenewalLink(link.token, { keys: [OLD], now: "2027-01-01T00:00:00Z" })).toEqual({ valid: false, reason: "unknownKey" });
  });

  it("holds the contract id, the term's end and the expiry — nothing else, no personal data", () => {
    const payload = JSON.parse(Buffer.from(link.token.split(".")[1] ?? "", "base64url").toString("utf8")) as Record<string, unknown>;
    expect(payload).toEqual({ v: 1, t: "renew", k: "C-R", d: "2027-04-01", e: Date.parse("2027-03-31T23:59:59Z") / 1000 });
  });

  it("is never taken for a payment, enrollment or tracking link, nor they for it", () => {
    const now = "2027-01-01T00:00:00Z";
    expect(verifyPaymentLink(link.token, { keys: [KEY], now })).toEqual({ valid: false, reason: "malformed" });
    expect(verifyEnrollmentLink(link.token, { keys: [KEY], now })).toEqual({ valid: false, reason: "malformed" });
    expect(verifyTrackingLink(link.token, { keys: [KEY], now })).toEqual({ valid: false, reason: "malformed" });
    const others = [
      createPaymentLink({ invoiceNumber: "INV-1", amount: money("52.49", "USD"), dueDate: "2027-01-01" }, { keys: [KEY], baseUrl: BASE }).token,
      createEnrollmentLink({ contractId: "C-R", expiresAt: "2027-03-01T00:00:00Z" }, { keys: [KEY], baseUrl: BASE }).token,
      createTrackingLink({ messageKey: "m", event: "opened", expiresAt: "2027-03-01T00:00:00Z" }, { keys: [KEY], baseUrl: BASE }).token,
    ];
    for (const token of others) expect(verifyRenewalLink(token, { keys: [KEY], now })).toEqual({ valid: false, reason: "malformed" });
  });

  it("any change to any character of the token is refused", () => {
    fc.assert(
      fc.property(fc.nat({ max: link.token.length - 1 }), fc.constantFrom(..."ABCxyz019-_."), (at, char) => {
        fc.pre(link.token[at] !== char);
        const changed = `${link.token.slice(0, at)}${char}${link.token.slice(at + 1)}`;
        const result = verifyRenewalLink(changed, { keys: [KEY, OLD], now: "2027-01-02T00:00:00Z" });
        // base64url's last character may carry unused bits; anything else must fail.
        if (result.valid) expect(Buffer.from(changed.split(".")[2] ?? "", "base64url")).toEqual(Buffer.from(link.token.split(".")[2] ?? "", "base64url"));
      }),
    );
  });

  it("lists every problem of the claims and keys", () => {
    const issues = issuesOf(() => createRenewalLink({ contractId: "", termEnd: "2027-02-30", expiresAt: "soon" }, { keys: [{ id: "bad id", secret: "short" }], baseUrl: BASE }));
    expect(issues.map((i) => `${i.path.join(".")}: ${i.code}`)).toEqual(["contractId: required", "termEnd: invalid_date", "expiresAt: invalid_value", "keys.0.id: invalid_value", "keys.0.secret: too_small"]);
  });
});

describe("the renewal link a message prints", () => {
  it("property: it works to the end of the term's last day (UTC) and not a second after, for any term end", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: 0, max: 86_399 }), (dayOffset, second) => {
        const end = new Date(Date.UTC(2026, 0, 1) + dayOffset * 86_400_000).toISOString().slice(0, 10);
        const url = renewalLinkFor({ paymentLinkBase: "https://pay.example.com/invoice/", paymentLinkKeys: [KEY], renewal: {} }, { id: "C-P", term: { end } });
        expect(url?.startsWith("https://pay.example.com/renewal/k-2027.")).toBe(true);
        const lastDay = Date.parse(`${end}T00:00:00Z`) - 86_400_000;
        const at = (ms: number) => new Date(ms).toISOString();
        expect(verifyRenewalLink(url ?? "", { keys: [KEY], now: at(lastDay + second * 1000) })).toMatchObject({ valid: true, contractId: "C-P", termEnd: end });
        expect(verifyRenewalLink(url ?? "", { keys: [KEY], now: at(lastDay + 86_400_000 + second * 1000) })).toMatchObject({ valid: false, reason: "expired" });
      }),
    );
  });

  it("is none without keys, without a term end, or without a base to point at", () => {
    const contract = { id: "C-P", term: { end: "2027-04-01" } };
    expect(renewalLinkFor({ paymentLinkBase: "https://pay.example.com/invoice/", renewal: {} }, contract)).toBeUndefined();
    expect(renewalLinkFor({ paymentLinkBase: "https://pay.example.com/invoice/", paymentLinkKeys: [KEY], renewal: {} }, { id: "C-P", term: {} })).toBeUndefined();
    expect(renewalLinkFor({ paymentLinkBase: "pay?invoice=", paymentLinkKeys: [KEY], renewal: {} }, contract)).toBeUndefined();
    expect(renewalLinkFor({ paymentLinkBase: "https://pay.example.com/", paymentLinkKeys: [KEY], renewal: {} }, contract)?.startsWith("https://pay.example.com/renewal/")).toBe(true);
    expect(renewalLinkFor({ paymentLinkBase: "https://x.example/billing/invoice/", paymentLinkKeys: [KEY], renewal: {} }, contract)?.startsWith("https://x.example/billing/renewal/")).toBe(true);
  });
});

// A fixed term ending 2027-04-01: the offer goes out 90 days before, on 2027-01-01.
const fixed = (autoRenew = false) => alarmContract("C-R", { term: { start: "2026-04-01", end: "2027-04-01", autoRenew }, customer: { channels: ["email"] } });
const RENEWAL = { priceIncreasePercent: "3", longerTerm: { months: 36 }, upgrades: [] };

// An automatic renewal's notice goes out in California's window, 45 to 15 days before: on 2027-02-15.
async function offered(settings: Record<string, unknown>, contract = fixed(), days = ["2027-01-01"]) {
  const w = await world([contract], { settings: { billFrom: "2026-12-27", renewal: RENEWAL, ...settings }, messages: { brand } });
  await w.engine.run();
  for (const day of days) {
    w.clock.set(`${day}T15:00:00Z`);
    await w.engine.run();
  }
  const offer = w.notifier.sent.find((m) => m.request.kind === "renewalOffer" || m.request.kind === "renewalNotice");
  if (offer === undefined) throw new Error("no renewal message was sent");
  return { w, offer: offer.request };
}

describe("the engine's renewal links", () => {
  it("prints a signed link beside the payment link's page in the branded offer, and says the offer is open", async () => {
    const { w, offer } = await offered({ paymentLinkKeys: [KEY], paymentLinkBase: "https://pay.example.com/invoice/" });
    const url = /https:\/\/pay\.example\.com\/renewal\/[A-Za-z0-9_.-]+/.exec(offer.html ?? "")?.[0] ?? "";
    expect(url).not.toBe("");
    expect(offer.text).toContain(`Renew: ${url}`);
    expect(offer.html).not.toContain("mailto:");
    const check = await w.engine.verifyRenewalLink(url);
    expect(check).toMatchObject({ valid: true, contractId: "C-R", termEnd: "2027-04-01", expiresAt: "2027-03-31T23:59:59.000Z", state: "open", customerName: "Customer C-R", autoRenew: false });
    // The renewal term at +3 %, and the longer term at today's prices.
    expect(check.valid && check.termOptions).toEqual([{ months: 12, keepsPrices: false }, { months: 36, keepsPrices: true }]);
    // The offer as it went out: 39.99 × 1.03 = 41.19 and 12.50 × 1.03 = 12.88, 54.07 a month; today 52.49.
    expect(check.valid && check.offer?.text).toContain("Renew for 12 months at $54.07 a month (today $52.49)");
    expect(check.valid && check.offer?.text).toContain("36 months at today's prices: $52.49");
    expect(check.valid && check.offer?.sentAt).toBe("2027-01-01T15:00:00.000Z");
  });

  it("says answered once the renewal is answered, with the answer", async () => {
    const { w, offer } = await offered({ paymentLinkKeys: [KEY] });
    const url = /https:\/\/pay\.example\.com\/renewal\/[A-Za-z0-9_.-]+/.exec(offer.html ?? "")?.[0] ?? "";
    await w.engine.acceptRenewal({ contractId: "C-R", termMonths: 36 });
    expect(await w.engine.verifyRenewalLink(url)).toMatchObject({ valid: true, state: "answered", answer: { kind: "renewal", decision: "accepted", termMonths: 36, termEnd: "2027-04-01" } });
  });

  it("says closed for a term that is not the contract's current one, and for a contract it does not know", async () => {
    const { w } = await offered({ paymentLinkKeys: [KEY] });
    const past = createRenewalLink({ contractId: "C-R", termEnd: "2026-04-01", expiresAt: "2027-06-01T00:00:00Z" }, { keys: [KEY], baseUrl: BASE });
    expect(await w.engine.verifyRenewalLink(past.token)).toMatchObject({ valid: true, state: "closed" });
    const unknown = createRenewalLink({ contractId: "C-NONE", termEnd: "2027-04-01", expiresAt: "2027-06-01T00:00:00Z" }, { keys: [KEY], baseUrl: BASE });
    expect(await w.engine.verifyRenewalLink(unknown.token)).toEqual({ valid: true, contractId: "C-NONE", termEnd: "2027-04-01", expiresAt: "2027-06-01T00:00:00.000Z", state: "closed", autoRenew: false, termOptions: [] });
  });

  it("uses settings.renewal.respondLinkBase when given; an automatic renewal's notice carries the link too", async () => {
    const { w, offer } = await offered({ paymentLinkKeys: [KEY], renewal: { ...RENEWAL, respondLinkBase: "https://billing.lonestar.example/answer/" } }, fixed(true), ["2027-01-01", "2027-02-15"]);
    expect(offer.subject).toContain("renews");
    const url = /https:\/\/billing\.lonestar\.example\/answer\/k-2027\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/.exec(offer.html ?? "")?.[0] ?? "";
    expect(url).not.toBe("");
    expect(await w.engine.verifyRenewalLink(url)).toMatchObject({ valid: true, state: "open", autoRenew: true, termEnd: "2027-04-01" });
  });

  it("without keys, the offer still points to the brand's email (the fallback)", async () => {
    const { offer } = await offered({});
    expect(offer.text).toContain("Renew: mailto:care@lonestar.example?subject=Renewal%20of%20agreement%20C-R");
    expect(offer.html).not.toContain("/renewal/");
  });

  it("the engine refuses to check renewal links without keys", async () => {
    const w = await world([fixed()]);
    await expect(w.engine.verifyRenewalLink("x")).rejects.toThrow(TypeError);
  });
});
