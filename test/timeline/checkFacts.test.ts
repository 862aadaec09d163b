import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/errors/index.js";
import { checkTimelineFacts, nextActions, type InvoiceFacts, type TimelineFacts } from "../../src/timeline/index.js";
import { codesOf, customer, factsArb, invoice, thrown } from "./support.js";

const NY = "America/New_York";

describe("checkTimelineFacts: hand-built facts", () => {
  it("names every problem at once, each at its path", () => {
    const facts = {
      customer: { id: "", timeZone: "Mars/Olympus", contact: { email: 42 }, channels: ["fax"] },
      invoices: [
        { id: "INV-1", issueDate: "2027-03-10", dueDate: "2027-03-01", total: { minor: 1.5, currency: "USD" } },
        {
          id: "INV-2",
          dueDate: "2027-02-30",
          total: { minor: 12_000, currency: "USD" },
          payments: [{ at: "yesterday", amount: { minor: 500, currency: "EUR" } }],
          attempts: [
            { id: "a1", at: "2027-03-01T10:00:00Z", method: { kind: "card", token: "pm_1" }, outcome: { kind: "declined" }, outcomeAt: "2027-03-01T09:00:00Z" },
            { id: "a1", at: "2027-03-02T10:00:00Z", method: { kind: "cash", token: "" }, outcome: { kind: "maybe" } },
          ],
          disputes: [{ openedAt: "2027-03-05T00:00:00Z", closedAt: "2027-03-04T00:00:00Z" }],
        },
      ],
      contracts: [{ id: "C-1", start: "2027-01-01", end: "2026-01-01", renewal: "sometimes", renewalTermMonths: 0 }],
    };
    const error = thrown(() => checkTimelineFacts(facts, "2027-13-01T00:00:00Z")) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(codesOf(error)).toEqual([
      ["asOf", "invalid_instant"],
      ["customer.id", "invalid_value"],
      ["customer.timeZone", "unknown_time_zone"],
      ["customer.contact.email", "invalid_value"],
      ["customer.channels.0", "invalid_option"],
      ["invoices.0.dueDate", "end_before_start"],
      ["invoices.0.total.minor", "invalid_value"],
      ["invoices.1.dueDate", "invalid_date"],
      ["invoices.1.payments.0.at", "invalid_instant"],
      ["invoices.1.payments.0.amount.currency", "currency_mismatch"],
      ["invoices.1.attempts.0.outcome.decline", "required"],
      ["invoices.1.attempts.0.outcomeAt", "end_before_start"],
      ["invoices.1.attempts.1.id", "invalid_reference"],
      ["invoices.1.attempts.1.method.kind", "invalid_option"],
      ["invoices.1.attempts.1.method.token", "invalid_value"],
      ["invoices.1.attempts.1.outcome.kind", "invalid_option"],
      ["invoices.1.disputes.0.closedAt", "end_before_start"],
      ["contracts.0.end", "end_before_start"],
      ["contracts.0.renewal", "invalid_option"],
      ["contracts.0.renewalTermMonths", "invalid_value"],
    ]);
  });

  it("is what nextActions does first: bad facts are refused before anything is planned", () => {
    const bad: TimelineFacts = { customer: customer(NY), invoices: [invoice("INV-1", "2027-03-10", "120.00", { payments: [{ at: "2027-03-11T00:00:00Z", amount: { minor: -100, currency: "USD" } as never }] })] };
    const error = thrown(() => nextActions(bad, "2027-03-01T12:00:00Z")) as ValidationError;
    expect(codesOf(error)).toEqual([["invoices.0.payments.0.amount.minor", "invalid_value"]]);
  });

  it("takes one invoice listed twice, and refuses two different invoices under one id", () => {
    const one = invoice("INV-1", "2027-03-10");
    expect(() => checkTimelineFacts({ customer: customer(NY), invoices: [one, { ...one }] }, "2027-03-01T00:00:00Z")).not.toThrow();
    const error = thrown(() => checkTimelineFacts({ customer: customer(NY), invoices: [one, invoice("INV-1", "2027-04-10")] }, "2027-03-01T00:00:00Z")) as ValidationError;
    expect(codesOf(error)).toEqual([["invoices.1.id", "invalid_reference"]]);
  });

  it("passes every well-formed set of facts (property)", () => {
    fc.assert(
      fc.property(factsArb, ({ facts, asOf }) => {
        checkTimelineFacts(facts, asOf);
      }),
      { numRuns: 300 },
    );
  });

  it("refuses a broken date, amount or instant at exactly its path, whatever else the facts hold (property)", () => {
    type Break = { readonly path: (i: number) => string; readonly apply: (inv: InvoiceFacts) => InvoiceFacts };
    const breaks: Break[] = [
      { path: (i) => `invoices.${i}.dueDate`, apply: (inv) => ({ ...inv, issueDate: undefined as never, dueDate: inv.dueDate.replace(/-\d\d$/, "-32") }) },
      { path: (i) => `invoices.${i}.total.minor`, apply: (inv) => ({ ...inv, total: { ...inv.total, minor: inv.total.minor + 0.5 } }) },
      { path: (i) => `invoices.${i}.voidedAt`, apply: (inv) => ({ ...inv, voidedAt: `${inv.dueDate} noon` }) },
    ];
    fc.assert(
      fc.property(factsArb.filter(({ facts }) => (facts.invoices ?? []).length > 0), fc.nat(), fc.constantFrom(...breaks), ({ facts, asOf }, pick, broken) => {
        const invoices = facts.invoices ?? [];
        const i = pick % invoices.length;
        const target = invoices[i] as InvoiceFacts;
        const { issueDate: _issued, ...rest } = broken.apply(target);
        const changed = { ...facts, invoices: invoices.map((inv, j) => (j === i ? (rest as InvoiceFacts) : inv)) };
        const error = thrown(() => nextActions(changed, asOf)) as ValidationError;
        expect(error).toBeInstanceOf(ValidationError);
        expect(codesOf(error).map(([p]) => p)).toEqual([broken.path(i)]);
      }),
      { numRuns: 200 },
    );
  });
});
