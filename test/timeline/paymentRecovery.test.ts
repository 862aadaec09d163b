import { describe, expect, it } from "vitest";
import { money } from "../../src/money/index.js";
import { paymentRecoveryActions, type PaymentAttempt, type PaymentRecoveryAction } from "../../src/timeline/index.js";
import { ACH, CARD, contactBoth, customer, declined, invoice } from "./support.js";

const NY = "America/New_York";
const autoPayer = customer(NY, { autoPay: CARD, contact: contactBoth(true) });

function summary(actions: readonly PaymentRecoveryAction[]): string[] {
  return actions.map((a) => {
    switch (a.kind) {
      case "charge":
        return `${a.at} charge #${a.attempt} ${a.reason}`;
      case "message":
        return `${a.at} ${a.template} ${a.channel}`;
      case "task":
        return `${a.at} ${a.task}`;
    }
  });
}

describe("payment recovery", () => {
  it("charges an auto-pay customer at the start of the due date", () => {
    const actions = paymentRecoveryActions(invoice("INV-1", "2027-03-10"), { customer: autoPayer });
    expect(actions).toEqual([
      {
        kind: "charge",
        key: "invoice:INV-1:charge:pm_card:1",
        at: "2027-03-10T05:00:00.000Z",
        date: "2027-03-10",
        about: { kind: "invoice", id: "INV-1" },
        paymentMethodToken: "pm_card",
        method: "card",
        attempt: 1,
        reason: "scheduled",
      },
    ]);
    expect(paymentRecoveryActions(invoice("INV-1", "2027-03-10"), { customer: customer(NY) })).toEqual([]);
  });

  it("notifies by email and SMS after a failure and plans the retries as charges", () => {
    const actions = paymentRecoveryActions(invoice("INV-1", "2027-03-10", "120.00", { attempts: [declined("a1", "2027-03-10T05:00:00Z")] }), { customer: autoPayer });
    expect(summary(actions)).toEqual([
      // 00:00 local is outside the send window: the notices wait for 08:00.
      "2027-03-10T13:00:00.000Z paymentFailed sms",
      "2027-03-10T13:00:00.000Z paymentFailed email",
      "2027-03-11T05:00:00.000Z charge #2 retry",
      // 24 hours, 3 days and 7 days after the failure of 03-10 05:00 UTC.
      "2027-03-13T05:00:00.000Z charge #3 retry",
      "2027-03-17T05:00:00.000Z charge #4 retry",
    ]);
    expect(actions.map((a) => a.key)).toContain("invoice:INV-1:failureNotice:a1:sms");
  });

  it("asks for a new payment method after a hard decline and charges nothing more", () => {
    const hard = invoice("INV-1", "2027-03-10", "120.00", { attempts: [declined("a1", "2027-03-10T16:00:00Z", { reason: "closedAccount" })] });
    expect(summary(paymentRecoveryActions(hard, { customer: autoPayer }))).toEqual([
      "2027-03-10T16:00:00.000Z updatePaymentMethod sms",
      "2027-03-10T16:00:00.000Z updatePaymentMethod email",
    ]);
  });

  it("turns the last failure's notice into a request for a new payment method once retries are used up", () => {
    const attempts = ["2027-03-10T16:00:00Z", "2027-03-11T16:00:00Z", "2027-03-14T16:00:00Z", "2027-03-21T16:00:00Z"].map((at, i) => declined(`a${i}`, at));
    const actions = paymentRecoveryActions(invoice("INV-1", "2027-03-10", "120.00", { attempts }), { customer: customer(NY, { autoPay: CARD }) });
    expect(actions.map((a) => (a.kind === "message" ? a.template : a.kind))).toEqual(["paymentFailed", "paymentFailed", "paymentFailed", "updatePaymentMethod"]);
  });

  it("charges a new auto-pay method at once after the old one was declined", () => {
    const old = declined("a1", "2027-03-10T16:00:00Z", { reason: "stolenCard" }, { token: "pm_old", kind: "card" });
    const actions = paymentRecoveryActions(invoice("INV-1", "2027-03-10", "120.00", { attempts: [old] }), { customer: customer(NY, { autoPay: CARD }) });
    expect(actions.filter((a) => a.kind === "charge").map((a) => [a.at, a.key])).toEqual([["2027-03-10T16:00:00.000Z", "invoice:INV-1:charge:pm_card:1"]]);
  });

  it("asks to resolve a timed-out attempt and attempts nothing until then", () => {
    const timeout: PaymentAttempt = { id: "a2", at: "2027-03-11T05:00:00Z", method: CARD, outcome: { kind: "unknown" } };
    const actions = paymentRecoveryActions(invoice("INV-1", "2027-03-10", "120.00", { attempts: [declined("a1", "2027-03-10T05:00:00Z"), timeout] }), {
      customer: autoPayer,
    });
    expect(summary(actions).filter((s) => !s.includes("paymentFailed"))).toEqual(["2027-03-11T05:00:00.000Z resolvePaymentOutcome"]);
  });

  it("asks for the outcome of an ACH debit still processing after four business days", () => {
    // Initiated Thursday 2027-03-11: four business days end Wednesday 03-17.
    const clearing: PaymentAttempt = { id: "d1", at: "2027-03-11T15:00:00Z", method: ACH, outcome: { kind: "processing" } };
    const actions = paymentRecoveryActions(invoice("INV-1", "2027-03-10", "120.00", { attempts: [clearing] }), { customer: customer(NY, { autoPay: ACH }) });
    expect(summary(actions)).toEqual(["2027-03-18T04:00:00.000Z resolvePaymentOutcome"]);
    expect(actions[0]?.key).toBe("invoice:INV-1:resolveOutcome:d1");
  });

  it("schedules nothing once the invoice is paid, and no charge while it is disputed", () => {
    const paid = invoice("INV-1", "2027-03-10", "120.00", {
      attempts: [declined("a1", "2027-03-10T05:00:00Z")],
      payments: [{ at: "2027-03-12T15:00:00Z", amount: money("120.00", "USD") }],
    });
    expect(summary(paymentRecoveryActions(paid, { customer: autoPayer }))).toEqual([
      "2027-03-10T13:00:00.000Z paymentFailed sms",
      "2027-03-10T13:00:00.000Z paymentFailed email",
      "2027-03-11T05:00:00.000Z charge #2 retry",
    ]);
    const disputed = invoice("INV-1", "2027-03-10", "120.00", { disputes: [{ openedAt: "2027-03-01T12:00:00Z" }] });
    expect(paymentRecoveryActions(disputed, { customer: autoPayer })).toEqual([]);
  });

  it("tells a customer no longer on auto-pay that nothing will be retried", () => {
    const actions = paymentRecoveryActions(invoice("INV-1", "2027-03-10", "120.00", { attempts: [declined("a1", "2027-03-10T16:00:00Z")] }), { customer: customer(NY) });
    expect(summary(actions)).toEqual(["2027-03-10T16:00:00.000Z updatePaymentMethod email"]);
  });
});
