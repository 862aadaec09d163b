import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  computeInvoice,
  computeInvoices,
  createCreditNote,
  DEFAULT_INVOICE_ROUNDING,
  issueCreditNote,
  issueInvoice,
  type CreditNote,
  type InvoiceDraft,
  type InvoiceRoundingPolicy,
} from "../../src/invoice/index.js";
import { sum, type Money } from "../../src/money/index.js";
import { createTaxTable, type TaxProvider } from "../../src/tax/index.js";
import { buildContract, site } from "../contract/builder.js";
import { contractOf, contractSeed, dateOf, dayOf, DOWNTOWN_BETA, periodOf, priceModel, roundingPolicy, taxProvider, taxRules, type ContractSeed } from "./arbitraries.js";

const RUNS = { numRuns: 1000 } as const;
const minor = (values: readonly Money[]): number => values.reduce((acc, m) => acc + m.minor, 0);

function draftOf(seed: ContractSeed, tax: TaxProvider | undefined, rounding: InvoiceRoundingPolicy): InvoiceDraft {
  const contract = contractOf(seed);
  return computeInvoice(contract, periodOf(contract, seed.periodIndex), { ...(tax === undefined ? {} : { tax }), rounding });
}

describe("invoice properties", () => {
  it("adds up: total = subtotal − discounts + taxes = Σ line totals; each line total = net + taxes, net = amount − discounts", () => {
    fc.assert(
      fc.property(contractSeed(), taxProvider, roundingPolicy, (seed, tax, rounding) => {
        const draft = draftOf(seed, tax, rounding);
        expect(draft.total.minor).toBe(draft.subtotal.minor - draft.discountTotal.minor + draft.taxTotal.minor);
        expect(draft.total.minor).toBe(minor(draft.lines.map((l) => l.total)));
        expect(draft.subtotal.minor).toBe(minor(draft.lines.map((l) => l.amount)));
        expect(draft.discountTotal.minor).toBe(minor(draft.lines.map((l) => l.discountTotal)));
        expect(draft.taxTotal.minor).toBe(minor(draft.lines.map((l) => l.taxTotal)));
        expect(draft.taxTotal.minor).toBe(minor(draft.taxTotals.map((t) => t.amount)));
        for (const line of draft.lines) {
          expect(line.total.minor).toBe(line.net.minor + line.taxTotal.minor);
          expect(line.net.minor).toBe(line.amount.minor - line.discountTotal.minor);
          expect(line.taxTotal.minor).toBe(minor(line.taxes.map((t) => t.amount)));
          expect(line.discountTotal.minor).toBe(minor(line.discounts.map((d) => d.amount)));
        }
        expect(minor(draft.siteSubtotals.map((s) => s.total))).toBe(draft.total.minor);
      }),
      RUNS,
    );
  });

  it("never goes negative: amounts, discounts, nets, taxes and totals of an ordinary invoice are ≥ 0", () => {
    fc.assert(
      fc.property(contractSeed(), taxProvider, roundingPolicy, (seed, tax, rounding) => {
        const draft = draftOf(seed, tax, rounding);
        for (const line of draft.lines) {
          const values = [line.amount, line.discountTotal, line.net, line.taxTotal, line.total, ...line.discounts.map((d) => d.amount), ...line.taxes.map((t) => t.amount)];
          expect(values.every((m) => m.minor >= 0)).toBe(true);
          // A discount never takes more than the listed line.
          expect(line.discountTotal.minor).toBeLessThanOrEqual(line.amount.minor + (draft.taxInclusive ? line.taxTotal.minor : 0));
        }
        expect([draft.subtotal, draft.discountTotal, draft.taxTotal, draft.total].every((m) => m.minor >= 0)).toBe(true);
      }),
      RUNS,
    );
  });

  it("keeps tax-inclusive listed prices as the total: taxes change the split, never what the customer pays", () => {
    fc.assert(
      fc.property(contractSeed().map((s) => ({ ...s, taxInclusive: true })), taxProvider, roundingPolicy, (seed, tax, rounding) => {
        const taxed = draftOf(seed, tax, rounding);
        const untaxed = draftOf(seed, undefined, rounding);
        expect(untaxed.taxTotal.minor).toBe(0);
        expect(taxed.lines.map((l) => l.total.minor)).toEqual(untaxed.lines.map((l) => l.total.minor));
        // The listed line amounts after discounts are the untaxed invoice's nets.
        expect(taxed.total.minor).toBe(minor(untaxed.lines.map((l) => l.net)));
      }),
      RUNS,
    );
  });
});

describe("consolidated against per-site invoices", () => {
  function compare(seed: ContractSeed, tax: TaxProvider, level: "line" | "invoice"): { difference: number; bound: number } {
    const rounding: InvoiceRoundingPolicy = { ...DEFAULT_INVOICE_ROUNDING, tax: { ...DEFAULT_INVOICE_ROUNDING.tax, level } };
    const consolidatedContract = contractOf(seed, { billing: { consolidation: "consolidated" } });
    const perSiteContract = contractOf(seed, { billing: { consolidation: "perSite" } });
    const period = periodOf(consolidatedContract, seed.periodIndex);
    const [consolidated] = computeInvoices(consolidatedContract, period, { tax, rounding });
    const perSite = computeInvoices(perSiteContract, period, { tax, rounding });
    const perSiteTotal = sum(
      perSite.map((d) => d.total),
      "USD",
    );
    return {
      difference: Math.abs(perSiteTotal.minor - (consolidated?.total.minor ?? 0)),
      bound: perSite.reduce((acc, d) => acc + d.taxTotals.length, 0),
    };
  }

  const check = (discounts: "all" | "percent") => () => {
    fc.assert(
      fc.property(contractSeed(discounts), taxProvider, (seed, tax) => {
        expect(compare(seed, tax, "line").difference).toBe(0);
        const perInvoice = compare(seed, tax, "invoice");
        expect(perInvoice.difference).toBeLessThanOrEqual(perInvoice.bound);
      }),
      RUNS,
    );
  };

  it("differ by at most one minor unit per tax per invoice rounded per invoice, and not at all rounded per line", check("all"));

  it("differ by at most one minor unit per tax per invoice, and not at all per line, with percent discounts only", check("percent"));
});

describe("proration properties", () => {
  it("a period split at any day sums to the full-period charge within one minor unit", () => {
    const seed = fc.record({
      start: fc.integer({ min: dayOf("2024-01-01"), max: dayOf("2027-12-31") }),
      anchorDay: fc.integer({ min: 1, max: 31 }),
      cycle: fc.constantFrom("monthly" as const, "quarterly" as const),
      stub: fc.constantFrom("prorate" as const, "full" as const, "nextAnchor" as const),
      dayCount: fc.constantFrom("actual" as const, "30/360" as const),
      price: priceModel,
      quantity: fc.integer({ min: 0, max: 20 }),
      periodIndex: fc.integer({ min: 0, max: 3 }),
      split: fc.nat(),
    });
    fc.assert(
      fc.property(seed, (s) => {
        const make = (priceChanges: { effective: string; price: typeof s.price }[]) =>
          buildContract({
            start: dateOf(s.start),
            billing: { cycle: s.cycle, pricesPer: "month", anchorDay: s.anchorDay, stub: s.stub, dayCount: s.dayCount },
            lines: [{ kind: "monitoring", id: "L-1", tier: "basic", price: s.price, quantity: s.quantity, taxCategory: "monitoring", ...(priceChanges.length === 0 ? {} : { priceChanges }) }],
          });
        const whole = make([]);
        const period = periodOf(whole, s.periodIndex);
        const length = dayOf(period.end) - dayOf(period.start);
        fc.pre(length >= 2);
        const day = dateOf(dayOf(period.start) + 1 + (s.split % (length - 1)));
        const split = make([{ effective: day, price: s.price }]);
        const full = computeInvoice(whole, period);
        const parts = computeInvoice(split, period);
        expect(parts.lines.map((l) => l.servicePeriod)).toEqual([
          { start: period.start, end: day },
          { start: day, end: period.end },
        ]);
        expect(Math.abs(parts.total.minor - full.total.minor)).toBeLessThanOrEqual(1);
      }),
      RUNS,
    );
  });
});

describe("credit note properties", () => {
  it("crediting a line in any number of parts reverses exactly its net and the taxes it was charged", () => {
    fc.assert(
      fc.property(
        taxRules,
        fc.integer({ min: 1, max: 99_999 }),
        fc.constantFrom("monitoring", "equipment-rental"),
        fc.array(fc.integer({ min: 1, max: 99 }), { minLength: 1, maxLength: 4 }),
        (rules, cents, category, percents) => {
          const contract = buildContract({
            sites: [site("S-1", [{ kind: "monitoring", id: "L-1", tier: "basic", rate: `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`, taxCategory: category }], { address: DOWNTOWN_BETA })],
          });
          const period = periodOf(contract, 0);
          const invoice = issueInvoice(computeInvoice(contract, period, { tax: createTaxTable(rules) }), { counter: 1 });
          const line = invoice.lines[0];
          if (line === undefined) throw new Error("one line expected");
          const notes: CreditNote[] = [];
          for (const percent of percents) {
            const credited = 0 - minor(notes.flatMap((n) => n.lines.map((l) => l.net)));
            const wanted = Math.floor((line.net.minor * percent) / 100);
            if (wanted < 1 || credited + wanted >= line.net.minor) continue;
            const amount = `${Math.floor(wanted / 100)}.${String(wanted % 100).padStart(2, "0")}`;
            notes.push(issueCreditNote(createCreditNote(invoice, { lines: [{ invoiceLineId: line.id, amount }], reason: "part", date: "2027-01-20", previous: notes }), { counter: notes.length + 1 }));
          }
          notes.push(issueCreditNote(createCreditNote(invoice, { lines: [{ invoiceLineId: line.id }], reason: "rest", date: "2027-01-21", previous: notes }), { counter: notes.length + 1 }));
          expect(0 - minor(notes.flatMap((n) => n.lines.map((l) => l.net)))).toBe(line.net.minor);
          const reversed = line.taxes.map((_, t) => 0 - minor(notes.flatMap((n) => n.lines.flatMap((l) => l.taxes[t]?.amount ?? []))));
          expect(reversed).toEqual(line.taxes.map((t) => t.amount.minor));
        },
      ),
      RUNS,
    );
  });
});
