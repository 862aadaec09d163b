/** The public arbitraries generate what they say, and what they generate bills cleanly. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { computeInvoice, contractPeriods, createTaxTable } from "../../src/index.js";
import {
  checkInvoiceInvariants,
  contractArbitrary,
  paymentHistoryArbitrary,
  taxRulesArbitrary,
  timelinePolicyArbitrary,
} from "../../src/testing/index.js";

describe("rmr-billing/testing arbitraries", () => {
  it("contracts bill with every invariant kept, under random tax tables", () => {
    fc.assert(
      fc.property(contractArbitrary(), taxRulesArbitrary(), fc.integer({ min: 0, max: 3 }), (contract, rules, index) => {
        const periods = contractPeriods(contract, { count: 4 });
        const period = periods[index % periods.length];
        if (period === undefined) throw new Error("no period");
        const invoice = computeInvoice(contract, period, { tax: createTaxTable(rules) });
        expect(checkInvoiceInvariants(invoice)).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it("honours every knob", () => {
    fc.assert(
      fc.property(
        contractArbitrary({ sites: { min: 2, max: 2 }, linesPerSite: { max: 1 }, discounts: "none", taxes: false, autoPay: true, cycles: ["annual"], priceModels: false, midPeriodChanges: true, startBetween: ["2027-01-01", "2027-01-31"] }),
        (contract) => {
          expect(contract.sites).toHaveLength(2);
          expect(contract.sites.every((s) => s.lines.length === 1 && s.address.state === "BB")).toBe(true);
          expect(contract.discounts).toEqual([]);
          expect([contract.billing.cycle, contract.billing.midPeriodChanges, contract.paymentMethod?.autoPay]).toEqual(["annual", "nextInvoice", true]);
          expect(contract.term.start >= "2027-01-01" && contract.term.start <= "2027-01-31").toBe(true);
          expect(contract.sites.flatMap((s) => s.lines).every((l) => "rate" in l && l.rate !== undefined)).toBe(true);
        },
      ),
      { numRuns: 50 },
    );
  });

  it("timeline policies are valid, with their steps in order", () => {
    fc.assert(
      fc.property(timelinePolicyArbitrary(), (policy) => {
        const offsets = policy.reminders.steps.map((s) => s.offsetDays);
        expect([...offsets].sort((a, b) => a - b)).toEqual(offsets);
        expect(offsets).toContain(0);
        expect(policy.retries.delays.length).toBeGreaterThan(0);
      }),
      { numRuns: 100 },
    );
  });

  it("payment histories come in day order, within their bounds", () => {
    fc.assert(
      fc.property(paymentHistoryArbitrary({ days: 30, maxMinor: 500, maxEvents: 6 }), (events) => {
        expect(events.length).toBeGreaterThan(0);
        expect(events.length).toBeLessThanOrEqual(6);
        expect(events.map((e) => e.day)).toEqual([...events.map((e) => e.day)].sort((a, b) => a - b));
        for (const e of events) {
          expect(e.day).toBeLessThanOrEqual(30);
          if (e.minor !== undefined) expect(e.minor).toBeLessThanOrEqual(500);
        }
      }),
    );
    fc.assert(
      fc.property(paymentHistoryArbitrary({ reversals: false }), (events) => {
        expect(events.every((e) => e.kind === "payment")).toBe(true);
      }),
    );
  });
});
