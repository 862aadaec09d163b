/**
 * The auto-pay enrollment drive: invitations (first invoice, after the second payment by hand) by
 * email with a signed enrollment link; enrollment with the authorization record NACHA and the card
 * networks require; an incentive that applies while auto-pay stays on and stops when it is off.
 */
import { describe, expect, it } from "vitest";
import { verifyEnrollmentLink } from "../../src/engine/index.js";
import { ValidationError } from "../../src/errors/index.js";
import { toDecimalString } from "../../src/money/index.js";
import { alarmContract, world, type World } from "./support.js";

const KEYS = [{ id: "k1", secret: "a-test-secret-of-at-least-32-bytes!!" }];
const settings = { paymentLinkKeys: KEYS, autoPay: { invite: true, incentive: { kind: "percent" as const, percent: "5" }, enrollmentLinkBase: "https://pay.example.com/autopay/" } };
const AGREED = "I authorize Example Alarm Co. to charge my card each month for my monitoring invoices until I cancel.";

async function daily(w: World, from: string, to: string, onDay: (day: string) => Promise<void> = async () => undefined): Promise<void> {
  for (let ms = Date.parse(`${from}T15:00:00Z`); ms <= Date.parse(`${to}T15:00:00Z`); ms += 86_400_000) {
    const at = new Date(ms).toISOString();
    w.clock.set(at);
    await onDay(at.slice(0, 10));
    await w.engine.run();
  }
}

const payOpen = async (w: World, day: string) => {
  for (const s of await w.store.transaction((tx) => tx.listOpenInvoices("CUST-C-A"))) {
    await w.engine.recordPayment({ id: `chk-${s.invoice.number}`, accountId: "CUST-C-A", amount: s.balance, channel: "check", receivedOn: day });
  }
};

describe("auto-pay enrollment", () => {
  it("invites with the first invoice and after the second payment by hand, by email only, with a link that verifies", async () => {
    const w = await world([alarmContract("C-A")], { settings });
    await daily(w, "2026-12-27", "2027-02-03", async (day) => {
      if (day === "2027-01-01" || day === "2027-02-01") await payOpen(w, day);
    });
    const invitations = w.notifier.sent.filter((m) => m.request.kind === "autoPayInvitation");
    expect(invitations.map((m) => `${m.request.idempotencyKey} ${m.request.channel}`)).toEqual(["autopay:C-A:invite:onboarding:email email", "autopay:C-A:invite:afterPayments:email email"]);
    expect(invitations[0]?.request.text).toContain("and save 5 % on your monitoring for as long as auto-pay stays on");
    const link = /https:\/\/pay\.example\.com\/autopay\/(\S+)/.exec(invitations[0]?.request.text ?? "")?.[1] ?? "";
    expect(verifyEnrollmentLink(link, { keys: KEYS, now: "2027-01-10T00:00:00Z" })).toEqual({ valid: true, contractId: "C-A" });
    expect(verifyEnrollmentLink(link, { keys: KEYS, now: "2027-02-01T00:00:00Z" })).toEqual({ valid: false, reason: "expired" });
  });

  it("enrolled: the authorization kept, the next invoice 5 % off monitoring and charged; cancelled: full price, paid by hand", async () => {
    const w = await world([alarmContract("C-A")], { settings });
    await daily(w, "2026-12-27", "2027-01-10", async (day) => {
      if (day === "2027-01-01") await payOpen(w, day);
      if (day === "2027-01-10") {
        const record = await w.engine.enrollAutoPay({ contractId: "C-A", paymentMethod: { kind: "card", token: "tok_new", last4: "1881", expiry: "2029-12" }, authorization: { by: "Customer C-A", method: "web", text: AGREED } });
        expect([record.kind, record.authorizedBy, record.method, record.text, record.token]).toEqual(["autoPayAuthorization", "Customer C-A", "web", AGREED, "tok_new"]);
      }
    });
    await daily(w, "2027-01-11", "2027-02-02");
    const february = (await w.store.transaction((tx) => tx.listContractInvoices("C-A"))).find((s) => s.invoice.period.start === "2027-02-01");
    // 39.99 − 5 % (2.00, 1.9995 rounded) = 37.99, + 12.50 panel = 50.49, charged on Feb 1.
    expect([toDecimalString(february!.invoice.total), february!.invoice.status]).toEqual(["50.49", "paid"]);
    expect(w.gateway.charges.map((c) => `${c.request.paymentMethodToken} ${c.request.amount.minor}`)).toEqual(["tok_new 5049"]);
    await w.engine.cancelAutoPay({ contractId: "C-A", by: "Customer C-A", reason: "prefers checks" });
    await daily(w, "2027-02-03", "2027-03-02");
    const march = (await w.store.transaction((tx) => tx.listContractInvoices("C-A"))).find((s) => s.invoice.period.start === "2027-03-01");
    expect([toDecimalString(march!.invoice.total), march!.invoice.status]).toEqual(["52.49", "open"]);
    expect(w.gateway.charges).toHaveLength(1);
    const cases = await w.store.transaction((tx) => tx.listCases("CUST-C-A"));
    expect(cases.filter((c) => c.kind === "autoPayAuthorization").map((c) => [c.status, c.resolution])).toEqual([["closed", "cancelled by Customer C-A: prefers checks"]]);
  });

  it("refuses a card number for a token and an authorization without its text, naming both; nothing is written", async () => {
    const w = await world([alarmContract("C-A")], { settings });
    let error: unknown;
    try {
      await w.engine.enrollAutoPay({ contractId: "C-A", paymentMethod: { kind: "card", token: "4111 1111 1111 1111" }, authorization: { by: "Customer C-A", method: "web", text: "ok" } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.path.join("."))).toEqual(["authorization.text", "paymentMethod.token"]);
    expect((error as ValidationError).message).not.toContain("4111 1111 1111 1111");
    const stored = await w.store.transaction((tx) => tx.getContract("C-A"));
    expect([stored?.version, stored?.contract.paymentMethod?.autoPay ?? false]).toEqual([1, false]);
  });
});
