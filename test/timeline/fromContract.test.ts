/*
 * timelineFacts: the bridge from a contract and its issued invoices to the timeline's facts, so
 * nobody rebuilds the customer, the invoices or the term by hand.
 */
import { describe, expect, it } from "vitest";
import { computeInvoice, issueInvoice, markPaid, voidInvoice, type Invoice } from "../../src/invoice/index.js";
import { money } from "../../src/money/index.js";
import { nextActions, parseTimelinePolicy, timelineFacts } from "../../src/timeline/index.js";
import { ErrorCodes } from "../../src/errors/index.js";
import { buildContract, monitoring } from "../contract/builder.js";
import { validationErrorOf } from "../support/errors.js";

const CARD = { kind: "card", token: "tok_visa_4242", last4: "4242", expiry: "2029-08", autoPay: true } as const;

function contractWith(spec: Parameters<typeof buildContract>[0] = {}) {
  return buildContract({
    id: "C-77",
    end: "2030-01-01",
    lines: [monitoring("L-1", "39.99")],
    customer: { id: "CUST-77", channels: ["sms", "email"], contact: { name: "Ana Ruiz", email: "ana@example.com", phone: "+15125550100", smsConsent: true }, locale: "es-US" },
    address: { line1: "1 Main St", city: "Baltimore", state: "MD", postalCode: "21201", country: "US" },
    term: { autoRenew: true, renewalTermMonths: 12, cancellationNoticeDays: 30 },
    ...spec,
  });
}

function issued(contract: ReturnType<typeof buildContract>, month: string, counter: number): Invoice {
  return issueInvoice(computeInvoice(contract, month), { counter });
}

describe("timelineFacts", () => {
  it("reads the customer as the contract has it, the jurisdiction from the first site, and the auto-pay card", () => {
    const contract = contractWith({ paymentMethod: CARD });
    const facts = timelineFacts(contract, [], { cardNetwork: " Visa " });
    expect(facts.customer).toEqual({
      id: "CUST-77",
      timeZone: "America/Chicago",
      contact: { name: "Ana Ruiz", email: "ana@example.com", phone: "+15125550100", smsConsent: true },
      channels: ["sms", "email"],
      locale: "es-US",
      autoPay: { kind: "card", token: "tok_visa_4242", expiry: "2029-08", network: "visa" },
      jurisdiction: "US-MD",
    });
    expect(facts.invoices).toEqual([]);
  });

  it("gives no auto-pay when the method is not on auto-pay, and the country alone when the address has no state", () => {
    const contract = contractWith({
      paymentMethod: { ...CARD, autoPay: false },
      address: { line1: "1 King St", city: "Toronto", postalCode: "M5H 1A1", country: "CA" },
    });
    const { customer } = timelineFacts(contract, []);
    expect(customer.autoPay).toBeUndefined();
    expect(customer.jurisdiction).toBe("CA");
    expect(timelineFacts(contract, [], { jurisdiction: "CA-ON" }).customer.jurisdiction).toBe("CA-ON");
  });

  it("reads each issued invoice by its number, to the cent and the day, with the history given", () => {
    const contract = contractWith();
    const jan = issued(contract, "2027-01", 1);
    const payments = [{ amount: money("10.00", "USD"), at: "2027-01-20T15:00:00Z" }];
    const facts = timelineFacts(contract, [jan], { history: { [jan.number]: { payments, waiveLateFees: true } } });
    expect(facts.invoices).toEqual([{ id: jan.number, issueDate: jan.issueDate, dueDate: jan.dueDate, total: jan.total, payments, waiveLateFees: true }]);
    expect(jan.total).toEqual(money("39.99", "USD"));
  });

  it("marks a void invoice void from the start of its closing day in the customer's zone, and leaves out paid invoices without history", () => {
    const contract = contractWith();
    const jan = markPaid(issued(contract, "2027-01", 1), { on: "2027-01-10" });
    const feb = voidInvoice(issued(contract, "2027-02", 2), { on: "2027-02-03", reason: "duplicate" });
    const facts = timelineFacts(contract, [jan, feb]);
    expect((facts.invoices ?? []).map((i) => i.id)).toEqual([feb.number]);
    // Midnight in Chicago (UTC−6 in February) is 06:00 UTC.
    expect(facts.invoices?.[0]?.voidedAt).toBe("2027-02-03T06:00:00.000Z");
  });

  it("reads the current term: automatic renewal, its length and notice, and the term history", () => {
    const contract = contractWith();
    const facts = timelineFacts(contract, [], { term: { recurringPrice: money("39.99", "USD") } });
    expect(facts.contracts).toEqual([
      { id: "C-77", start: "2027-01-01", end: "2030-01-01", renewal: "automatic", renewalTermMonths: 12, cancellationNoticeDays: 30, recurringPrice: money("39.99", "USD") },
    ]);
    expect(timelineFacts(buildContract({ id: "C-77" }), []).contracts).toEqual([]);
    expect(timelineFacts(contractWith({ termination: { date: "2028-06-01", reason: "moved" } }), []).contracts).toEqual([]);
  });

  it("refuses every problem at once: auto-pay on a check, an invoice of another contract, a paid invoice whose payments fall short", () => {
    const contract = contractWith({ paymentMethod: { kind: "check", autoPay: true, token: "tok_x" } as never });
    const other = issued(contractWith({ id: "C-OTHER" }), "2027-01", 1);
    const paid = markPaid(issued(contract, "2027-02", 2), { on: "2027-02-05" });
    const error = validationErrorOf(() =>
      timelineFacts(contract, [other, paid], { history: { [paid.number]: { payments: [{ amount: money("39.98", "USD"), at: "2027-02-05T12:00:00Z" }] } } }),
    );
    expect(error.issues.map((i) => [i.path.join("."), i.code])).toEqual([
      ["paymentMethod.kind", ErrorCodes.invalidValue],
      ["invoices.0.contractId", ErrorCodes.invalidValue],
      ["invoices.1.status", ErrorCodes.invalidValue],
    ]);
  });

  it("feeds nextActions directly: the default reminders at −3, 0, +5 and +10 days of the due date, over SMS first", () => {
    const contract = contractWith();
    const jan = issued(contract, "2027-01", 1);
    const actions = nextActions(timelineFacts(contract, [jan], { policy: parseTimelinePolicy({}) }), `${jan.issueDate}T12:00:00Z`);
    const reminders = actions.filter((a) => a.key.startsWith(`invoice:${jan.number}:reminder:`)).map((a) => [a.date, a.key.split(":").slice(3).join(":")]);
    expect(jan.dueDate).toBe("2027-01-01");
    expect(reminders).toEqual([
      ["2026-12-29", "-3:sms"],
      ["2027-01-01", "0:sms"],
      ["2027-01-06", "5:sms"],
      ["2027-01-11", "10:sms"],
    ]);
  });
});
