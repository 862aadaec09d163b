/** Signed payment links: HMAC-SHA256 with a key id, expiring, constant-time compared. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createPaymentLink, verifyPaymentLink } from "../../src/engine/index.js";
import { money } from "../../src/money/index.js";
import { issuesOf } from "../support/errors.js";
import { alarmContract, world } from "./support.js";

const OLD = { id: "k-2026", secret: "an-old-secret-that-is-32-bytes-long!" };
const NEW = { id: "k-2027", secret: "a-new-secret-that-is-also-32-bytes-long" };
const BASE = "https://pay.example.com/p/";
const claims = { invoiceNumber: "INV-2026-000001", amount: money("52.49", "USD"), dueDate: "2027-01-01" };

describe("createPaymentLink / verifyPaymentLink", () => {
  const link = createPaymentLink(claims, { keys: [NEW, OLD], baseUrl: BASE });

  it("signs with the first key and verifies to the invoice and amount", () => {
    expect(link.url).toBe(`${BASE}${link.token}`);
    expect(link.token.startsWith("k-2027.")).toBe(true);
    expect(verifyPaymentLink(link.url, { keys: [NEW, OLD], now: "2027-01-10T12:00:00Z" })).toEqual({
      valid: true,
      invoiceNumber: "INV-2026-000001",
      amount: money("52.49", "USD"),
      expiresAt: "2027-01-31T23:59:59.000Z",
      keyId: "k-2027",
    });
  });

  it("expires at the end of the 30th day after the due date (or as configured)", () => {
    // Due 2027-01-01 + 30 days = 2027-01-31, through 23:59:59 UTC.
    expect(verifyPaymentLink(link.token, { keys: [NEW], now: "2027-01-31T23:59:59Z" }).valid).toBe(true);
    expect(verifyPaymentLink(link.token, { keys: [NEW], now: "2027-02-01T00:00:00Z" })).toEqual({ valid: false, reason: "expired", invoiceNumber: "INV-2026-000001" });
    expect(createPaymentLink({ ...claims, expiresAfterDays: 0 }, { keys: [NEW], baseUrl: BASE }).expiresAt).toBe("2027-01-01T23:59:59.000Z");
  });

  it("keeps verifying links of an old key while it is held, and refuses them once it is dropped", () => {
    const old = createPaymentLink(claims, { keys: [OLD], baseUrl: BASE });
    expect(verifyPaymentLink(old.token, { keys: [NEW, OLD], now: "2027-01-02T00:00:00Z" }).valid).toBe(true);
    expect(verifyPaymentLink(old.token, { keys: [NEW], now: "2027-01-02T00:00:00Z" })).toEqual({ valid: false, reason: "unknownKey" });
  });

  it("refuses an altered amount, a forged signature and junk", () => {
    const [keyId, payload, signature] = link.token.split(".") as [string, string, string];
    const claimsJson = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
    // No personal data: the invoice number, the amount in minor units, the currency, the expiry.
    expect(Object.keys(claimsJson).sort()).toEqual(["a", "c", "e", "i", "v"]);
    const cheaper = Buffer.from(JSON.stringify({ ...claimsJson, a: 1 })).toString("base64url");
    const now = "2027-01-02T00:00:00Z";
    expect(verifyPaymentLink(`${keyId}.${cheaper}.${signature}`, { keys: [NEW], now }).valid).toBe(false);
    expect(verifyPaymentLink(`${keyId}.${payload}.${"A".repeat(43)}`, { keys: [NEW], now })).toEqual({ valid: false, reason: "badSignature" });
    expect(verifyPaymentLink(`${keyId}.${payload}.short`, { keys: [NEW], now })).toEqual({ valid: false, reason: "badSignature" });
    expect(verifyPaymentLink("not-a-token", { keys: [NEW], now })).toEqual({ valid: false, reason: "malformed" });
    expect(verifyPaymentLink("", { keys: [NEW], now })).toEqual({ valid: false, reason: "malformed" });
  });

  it("any change to any character of the token is refused", () => {
    fc.assert(
      fc.property(fc.nat({ max: link.token.length - 1 }), fc.constantFrom(..."ABCxyz019-_."), (at, char) => {
        fc.pre(link.token[at] !== char);
        const changed = `${link.token.slice(0, at)}${char}${link.token.slice(at + 1)}`;
        const result = verifyPaymentLink(changed, { keys: [NEW, OLD], now: "2027-01-02T00:00:00Z" });
        // base64url's last character may carry unused bits; anything else must fail.
        if (result.valid) expect(Buffer.from(changed.split(".")[2] ?? "", "base64url")).toEqual(Buffer.from(link.token.split(".")[2] ?? "", "base64url"));
      }),
    );
  });

  it("lists every problem of the claims and keys", () => {
    expect(
      issuesOf(() => createPaymentLink({ invoiceNumber: "", amount: money("0.00", "USD"), dueDate: "2027-02-30", expiresAfterDays: -1 }, { keys: [{ id: "bad id", secret: "short" }, NEW, NEW], baseUrl: BASE })),
    ).toEqual([
      { path: ["invoiceNumber"], code: "required" },
      { path: ["amount"], code: "too_small" },
      { path: ["dueDate"], code: "invalid_date" },
      { path: ["expiresAfterDays"], code: "invalid_value" },
      { path: ["keys", 0, "id"], code: "invalid_value" },
      { path: ["keys", 0, "secret"], code: "too_small" },
      { path: ["keys", 2, "id"], code: "invalid_value" },
    ]);
    expect(issuesOf(() => verifyPaymentLink("x", { keys: [], now: "2027-01-01T00:00:00Z" }))).toEqual([{ path: ["keys"], code: "required" }]);
  });
});

describe("the engine's payment links", () => {
  it("prints a signed link in the invoice message; the link says when its invoice is paid", async () => {
    const w = await world([alarmContract("C-LK")], { settings: { paymentLinkBase: BASE, paymentLinkKeys: [NEW, OLD] } });
    await w.engine.run({ asOf: "2026-12-27T15:00:00Z" });
    const text = w.notifier.sent.find((m) => m.request.kind === "invoice")?.request.text ?? "";
    const url = /https:\/\/pay\.example\.com\/p\/\S+/.exec(text)?.[0] ?? "";
    expect(url).not.toBe("");
    expect(text).not.toContain("INV-2026-000001/");
    const open = await w.engine.verifyPaymentLink(url);
    expect(open).toMatchObject({ valid: true, invoiceNumber: "INV-2026-000001", invoiceStatus: "open", balance: money("52.49", "USD"), amount: money("52.49", "USD") });
    await w.engine.recordPayment({ id: "portal-1", accountId: "CUST-C-LK", amount: money("52.49", "USD"), channel: "portal", receivedOn: "2026-12-28" });
    expect(await w.engine.verifyPaymentLink(url)).toMatchObject({ valid: true, invoiceStatus: "paid", balance: money("0.00", "USD") });
    // Paying the paid invoice again by the link: the money is kept as credit, and said so.
    const twice = await w.engine.recordPayment({ id: "portal-2", accountId: "CUST-C-LK", amount: money("52.49", "USD"), channel: "portal", receivedOn: "2026-12-28", invoiceNumbers: ["INV-2026-000001"] });
    expect([twice.allocations, twice.unapplied.minor]).toEqual([[], 5249]);
  });
});
