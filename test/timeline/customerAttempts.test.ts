// A customer's own payment attempts on an auto-pay account, and a fixed late fee's currency.
import { describe, expect, it } from "vitest";
import { CurrencyMismatchError } from "../../src/errors/index.js";
import { money } from "../../src/money/index.js";
import { dunningTransitions, lateFee, nextActions, parseLateFeePolicy, type InvoiceFacts, type TimelineFacts } from "../../src/timeline/index.js";

const card = { token: "pm_1", kind: "card" } as const;
const otherCard = { token: "pm_2", kind: "card" } as const;
const customer = { id: "C-1", timeZone: "America/New_York", autoPay: card, contact: { email: "pat@example.com" }, channels: ["email"] as const };
const base: InvoiceFacts = { id: "INV-1", dueDate: "2027-03-10", total: money("100.00", "USD") };
const autoDeclined = { id: "a1", at: "2027-03-10T05:00:00Z", method: card, outcome: { kind: "declined" as const, decline: { reason: "insufficientFunds" as const } } };
const keys = (facts: TimelineFacts, asOf: string) => nextActions(facts, asOf).map((a) => `${a.date} ${a.kind} ${a.key}`);

describe("a customer's partial payment on an auto-pay account", () => {
  // The customer pays 40.00 of 100.00 through the portal with another card, and (as the docs ask:
  // "record a successful charge as a payment too") the engine records the attempt and the payment.
  const portal = { id: "c1", at: "2027-03-10T20:00:00Z", method: otherCard, origin: "customer" as const, outcome: { kind: "succeeded" as const } };
  const payment = { at: "2027-03-10T20:00:00Z", amount: money("40.00", "USD") };

  it("keeps the planned retries of the failed auto-pay charge for the 60.00 still owed", () => {
    const facts: TimelineFacts = { customer, invoices: [{ ...base, attempts: [autoDeclined, portal], payments: [payment] }] };
    const list = keys(facts, "2027-03-11T12:00:00Z");
    // Same plan as when only the payment is recorded (24 h, 3 d, 7 d after the 00:00 EST decline).
    expect(list).toContain("2027-03-11 charge invoice:INV-1:charge:pm_1:2");
    expect(list).toContain("2027-03-13 charge invoice:INV-1:charge:pm_1:3");
    expect(list).toContain("2027-03-17 charge invoice:INV-1:charge:pm_1:4");
  });

  it("the failure notice still says the charge will be retried (not 'update your payment method')", () => {
    const facts: TimelineFacts = { customer, invoices: [{ ...base, attempts: [autoDeclined, portal], payments: [payment] }] };
    const notice = nextActions(facts, "2027-03-10T14:00:00Z").find((a) => a.key === "invoice:INV-1:failureNotice:a1:email");
    expect(notice).toMatchObject({ template: "paymentFailed" });
  });

  it("the account is still projected to collections and write-off (60 and 180 days)", () => {
    const facts: TimelineFacts = { customer, invoices: [{ ...base, attempts: [autoDeclined, portal], payments: [payment] }] };
    expect(dunningTransitions(facts).map((t) => `${t.to} ${t.date}`)).toEqual([
      "past_due 2027-03-11",
      "delinquent 2027-04-09",
      "collections 2027-05-09",
      "written_off 2027-09-06",
    ]);
  });

  it("a partial portal payment before the due date does not cancel the auto-pay charge on the due date", () => {
    const early = { ...portal, at: "2027-03-05T15:00:00Z", method: card };
    const facts: TimelineFacts = { customer, invoices: [{ ...base, attempts: [early], payments: [{ ...payment, at: early.at }] }] };
    expect(keys(facts, "2027-03-01T12:00:00Z")).toContain("2027-03-10 charge invoice:INV-1:charge:pm_1:1");
  });
});

describe("a customer's own failed attempt before the auto-pay charge", () => {
  it("still announces the auto-pay charge of 2027-03-10 on 2027-03-07", () => {
    const mine = { id: "c1", at: "2027-03-05T15:00:00Z", method: otherCard, origin: "customer" as const, outcome: { kind: "declined" as const, decline: { reason: "insufficientFunds" as const } } };
    const facts: TimelineFacts = { customer, invoices: [{ ...base, attempts: [mine] }] };
    const list = keys(facts, "2027-03-01T12:00:00Z");
    expect(list).toContain("2027-03-10 charge invoice:INV-1:charge:pm_1:1"); // the charge is still made…
    expect(list).toContain("2027-03-07 message invoice:INV-1:upcomingCharge:-3:email"); // …so it must be announced
  });
});

describe("a fixed late fee in another currency than the balance", () => {
  it("refuses (CurrencyMismatchError) instead of returning a USD fee on a EUR balance", () => {
    const policy = parseLateFeePolicy({ charge: { kind: "fixed", amount: { amount: "5.00", currency: "USD" } } });
    expect(() => lateFee(money("100.00", "EUR"), { policy })).toThrow(CurrencyMismatchError);
  });
});
