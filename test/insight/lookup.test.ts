import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildBook, computeInsight, insightToJson, readSignals, type InsightFacts, type InvoiceFact, type MessageFact, type ReceivedPaymentFact } from "../../src/index.js";
import { paidDate } from "../../src/insight/book.js";
import { invoice, payment, reminder } from "./support.js";

/**
 * The book finds invoices by number without a map when their numbers ascend (a cursor, then a
 * binary search) and with one otherwise; these pin what each way finds.
 */
const facts = (invoices: InvoiceFact[], payments: ReceivedPaymentFact[] = [], messages: MessageFact[] = []): InsightFacts => ({ currency: "USD", invoices, payments, messages });
const inv = (number: string, accountId = "A") => invoice(number, accountId, { issue: "2027-01-01", due: "2027-01-15", total: "100.00" });

describe("finding invoices by number", () => {
  it("places payments on their invoices whether the numbers ascend or not, and leaves unknown numbers out", () => {
    for (const numbers of [["INV-1", "INV-2", "INV-3"], ["INV-3", "INV-1", "INV-2"]]) {
      const book = buildBook(
        facts(
          numbers.map((n) => inv(n)),
          // Out of order, one twice (two halves), one unknown.
          [payment("P1", "A", "2027-01-20", "INV-3", "100.00"), payment("P2", "A", "2027-01-10", "INV-1", "50.00"), payment("P3", "A", "2027-01-12", "INV-1", "50.00"), payment("P4", "A", "2027-01-05", "INV-9", "100.00")],
        ),
      );
      const paid = Object.fromEntries(book.facts.map((f, i) => [f.invoice.number, paidDate(book, i) ?? null]));
      expect(paid).toEqual({ "INV-1": "2027-01-12", "INV-2": null, "INV-3": "2027-01-20" });
      expect([...book.index].sort()).toEqual(numbers.map((n, i) => [n, i]).sort());
    }
  });

  it("gives a number used twice to its last invoice, as the map does", () => {
    const book = buildBook(facts([inv("INV-1", "A"), inv("INV-1", "B")], [payment("P1", "B", "2027-01-14", "INV-1", "100.00")]));
    expect([paidDate(book, 0), paidDate(book, 1)]).toEqual([undefined, "2027-01-14"]);
    expect(book.index.get("INV-1")).toBe(1);
  });

  it("reads reminders per invoice, one per step and by step, whichever way they are found", () => {
    for (const numbers of [["INV-1", "INV-2"], ["INV-2", "INV-1"]]) {
      const book = buildBook(facts(numbers.map((n) => inv(n))));
      const signals = readSignals(
        facts([], [], [reminder("INV-2", "A", 5, "2027-01-20"), reminder("INV-1", "A", 0, "2027-01-15"), reminder("INV-2", "A", -3, "2027-01-12"), reminder("INV-2", "A", 5, "2027-01-21")]),
        book,
      );
      const at = (n: string) => signals.reminders.get(book.index.get(n) as number);
      expect(at("INV-2")).toEqual([
        { step: -3, on: "2027-01-12" },
        { step: 5, on: "2027-01-20" },
      ]);
      expect(at("INV-1")).toEqual([{ step: 0, on: "2027-01-15" }]);
    }
  });

  it("gives the same report for invoices in number order as for the same invoices renamed out of order (property)", () => {
    // Invoice k is "INV-<k padded>" (ascending) in one portfolio and "INV-<reversed digits>" in the
    // other; everything else is equal, so the reports are equal once the numbers are mapped back.
    const draft = fc.array(fc.record({ account: fc.integer({ min: 0, max: 4 }), paidAfter: fc.option(fc.integer({ min: -5, max: 80 })), part: fc.boolean(), reminded: fc.option(fc.constantFrom(-3, 0, 5)) }), { minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(draft, (drafts) => {
        const build = (name: (k: number) => string): InsightFacts => {
          const invoices: InvoiceFact[] = [];
          const payments: ReceivedPaymentFact[] = [];
          const messages: MessageFact[] = [];
          drafts.forEach((d, k) => {
            const number = name(k);
            // A due day of its own (aging breaks ties by number).
            const dueOffset = 2 * k;
            const due = new Date(Date.UTC(2027, 0, 1 + dueOffset)).toISOString().slice(0, 10);
            invoices.push(invoice(number, `A-${d.account}`, { issue: "2027-01-01", due, total: "90.00" }));
            if (d.paidAfter !== null) {
              const on = new Date(Date.UTC(2027, 0, 1 + dueOffset + d.paidAfter)).toISOString().slice(0, 10);
              if (d.part) payments.push(payment(`P-${k}-a`, `A-${d.account}`, due, number, "30.00"));
              payments.push(payment(`P-${k}`, `A-${d.account}`, on, number, d.part ? "60.00" : "90.00"));
            }
            if (d.reminded !== null) messages.push(reminder(number, `A-${d.account}`, d.reminded, new Date(Date.UTC(2027, 0, 1 + dueOffset + d.reminded)).toISOString().slice(0, 10)));
          });
          // Payments and messages in reverse: the cursor misses and the search (or the map) finds them.
          return { currency: "USD", invoices, payments: payments.reverse(), messages: messages.reverse() };
        };
        const ascending = (k: number) => `INV-${String(k).padStart(3, "0")}`;
        const scrambled = (k: number) => `INV-${String(k).padStart(3, "0").split("").reverse().join("")}x`;
        const options = { asOf: "2027-03-31" };
        const a = JSON.stringify(insightToJson(computeInsight(build(ascending), options)));
        const b = JSON.stringify(insightToJson(computeInsight(build(scrambled), options)));
        const back = drafts.reduce((text, _d, k) => text.split(`"${scrambled(k)}"`).join(`"${ascending(k)}"`), b);
        expect(JSON.parse(back)).toEqual(JSON.parse(a));
      }),
      { numRuns: 40 },
    );
  });
});
