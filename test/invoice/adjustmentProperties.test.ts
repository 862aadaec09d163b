/**
 * Properties of mid-period changes, terminations and recomputation with the issued invoices as
 * input (fast-check). Contracts are monthly from 2027-01-01, billed in advance, untaxed, so every
 * amount is a price and sums can be compared to the cent.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildContract, equipment, monitoring, type DiscountInput, type LineInput } from "../contract/builder.js";
import { computeAdjustments, computeInvoice, issueCreditNote, issueInvoice, type CreditNote, type CreditNoteDraft, type Invoice, type InvoiceDraft } from "../../src/invoice/index.js";
import type { Contract } from "../../src/contract/index.js";
import { centsText } from "./arbitraries.js";

const RUNS = { numRuns: 150 };
let counter = 0;
const issue = (draft: InvoiceDraft): Invoice => issueInvoice(draft, { counter: ++counter });
const issueNote = (draft: CreditNoteDraft): CreditNote => issueCreditNote(draft, { counter: ++counter });
const day = (month: number, d: number): string => `2027-${String(month).padStart(2, "0")}-${String(d).padStart(2, "0")}`;

/** What every issued document billed for a contract line, in cents. */
function billedFor(lineId: string, invoices: readonly Invoice[], notes: readonly CreditNote[]): number {
  let total = 0;
  for (const invoice of invoices) for (const line of invoice.lines) if (line.lineId === lineId) total += line.net.minor;
  for (const note of notes) {
    const invoice = invoices.find((i) => i.number === note.invoiceNumber);
    for (const line of note.lines) if (invoice?.lines.find((l) => l.id === line.invoiceLineId)?.lineId === lineId) total += line.net.minor;
  }
  return total;
}

/** Settles a contract at once and issues what comes out. */
function settle(contract: Contract, invoices: Invoice[], notes: CreditNote[], date: string): void {
  const { invoice, creditNotes } = computeAdjustments(contract, { issued: invoices, creditNotes: notes, date });
  if (invoice !== undefined) invoices.push(issue(invoice));
  for (const note of creditNotes) notes.push(issueNote(note));
}

const change = fc.record({ day: fc.integer({ min: 2, max: 31 }), rate: fc.integer({ min: 0, max: 99_999 }), quantity: fc.integer({ min: 0, max: 6 }) });

describe("mid-period changes (properties)", () => {
  it("after any sequence of changes in a billed month, charges less credits equal what was in force each day", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99_999 }), fc.integer({ min: 1, max: 6 }), fc.uniqueArray(change, { minLength: 1, maxLength: 4, selector: (c) => c.day }), (rate, quantity, changes) => {
        const sorted = [...changes].sort((a, b) => a.day - b.day);
        const at = (k: number): Contract =>
          buildContract({
            billing: { midPeriodChanges: "immediate" },
            lines: [
              equipment("L-cam", centsText(rate), {
                quantity,
                ...(k === 0 ? {} : { priceChanges: sorted.slice(0, k).map((c) => ({ effective: day(1, c.day), rate: centsText(c.rate) })) }),
                ...(k === 0 ? {} : { quantityChanges: sorted.slice(0, k).map((c) => ({ effective: day(1, c.day), quantity: c.quantity })) }),
              }),
            ],
          });
        const invoices: Invoice[] = [issue(computeInvoice(at(0), "2027-01"))];
        const notes: CreditNote[] = [];
        for (let k = 1; k <= sorted.length; k++) settle(at(k), invoices, notes, day(1, (sorted[k - 1] as { day: number }).day));
        // What January costs under the last contract, each segment rounded as billed…
        const final = computeInvoice(at(sorted.length), "2027-01");
        const due = final.lines.reduce((t, l) => t + l.net.minor, 0);
        expect(billedFor("L-cam", invoices, notes)).toBe(due);
        // …within half a cent per segment of the exact value of each day in force.
        const exact = [rate * quantity, ...sorted.map((c) => c.rate * c.quantity)].reduce((t, perMonth, k) => {
          const from = k === 0 ? 1 : (sorted[k - 1] as { day: number }).day;
          const to = k === sorted.length ? 32 : (sorted[k] as { day: number }).day;
          return t + (perMonth * (to - from)) / 31;
        }, 0);
        expect(Math.abs(due - exact)).toBeLessThanOrEqual(0.5 * final.lines.length + 1e-9);
        // And nothing issued for January is ever credited beyond what it billed.
        for (const invoice of invoices) {
          for (const line of invoice.lines) {
            const back = notes.filter((n) => n.invoiceNumber === invoice.number).flatMap((n) => n.lines.filter((l) => l.invoiceLineId === line.id));
            expect(back.reduce((t, l) => t - l.net.minor, 0)).toBeLessThanOrEqual(line.net.minor);
          }
        }
        // A second settlement finds nothing.
        const again = computeAdjustments(at(sorted.length), { issued: invoices, creditNotes: notes, date: "2027-02-01" });
        expect([again.invoice, again.creditNotes.length]).toEqual([undefined, 0]);
      }),
      RUNS,
    );
  });

  it("recomputing with the issued invoices as input bills no day twice, whatever changed and when", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 99_999 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 4 }),
        change,
        fc.boolean(),
        (rate, changedMonth, knownFrom, c, removed) => {
          const line = (withChange: boolean): LineInput =>
            monitoring("L-mon", centsText(rate), {
              ...(withChange ? { priceChanges: [{ effective: day(changedMonth, Math.min(c.day, 28)), rate: centsText(c.rate) }] } : {}),
              ...(withChange && removed ? { end: day(changedMonth, Math.min(c.day, 27) + 1) } : {}),
            });
          const before = buildContract({ lines: [line(false)] });
          const after = buildContract({ lines: [line(true)] });
          const invoices: Invoice[] = [];
          // The change is entered in month `knownFrom`: earlier months were issued without it.
          for (let m = 1; m <= 5; m++) invoices.push(issue(computeInvoice(m < knownFrom ? before : after, `2027-0${m}`, { issued: invoices })));
          // A rerun of any issued month bills nothing.
          for (let m = 1; m <= 5; m++) expect(computeInvoice(after, `2027-0${m}`, { issued: invoices }).lines).toEqual([]);
          // What months 1–4 cost under the contract now has been billed exactly once by the five
          // invoices (the fifth carries the last corrections), plus May itself.
          let due = 0;
          for (let m = 1; m <= 5; m++) due += computeInvoice(after, `2027-0${m}`).lines.reduce((t, l) => t + l.net.minor, 0);
          expect(billedFor("L-mon", invoices, [])).toBe(due);
        },
      ),
      RUNS,
    );
  });
});

describe("termination credits (properties)", () => {
  it("never give back more than was billed for the days after the end date", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 99_999 }),
        fc.constantFrom("monthly" as const, "quarterly" as const),
        fc.integer({ min: 1, max: 89 }),
        fc.constantFrom("prorate" as const, "wholeMonths" as const, "none" as const),
        (rate, cycle, offset, credit) => {
          const spec = { lines: [monitoring("L-mon", centsText(rate))], end: "2028-01-01", billing: { cycle, pricesPer: "month" as const } };
          const first = issue(computeInvoice(buildContract(spec), "2027-01"));
          const days = cycle === "monthly" ? 31 : 90;
          const after = offset % days;
          if (after === 0) return;
          const date = new Date(Date.UTC(2027, 0, 1 + after)).toISOString().slice(0, 10);
          const ended = buildContract({ ...spec, term: { earlyTermination: { credit } }, termination: { date, reason: "moved" } });
          const { creditNotes } = computeAdjustments(ended, { issued: [first], date });
          const back = creditNotes.reduce((t, n) => t - n.total.minor, 0);
          const billed = first.total.minor;
          // Billed for the days after the end date: the period's price × unused days / days, to the
          // cent above; under "wholeMonths", × unused whole months / months (the prices are per month).
          expect(back).toBeGreaterThanOrEqual(0);
          if (credit === "wholeMonths") {
            const boundaries = cycle === "monthly" ? ["2027-01-01", "2027-02-01"] : ["2027-01-01", "2027-02-01", "2027-03-01", "2027-04-01"];
            const unused = boundaries.length - 1 - boundaries.findIndex((b) => b >= date);
            expect(back).toBeLessThanOrEqual(Math.ceil((billed * unused) / (boundaries.length - 1)));
          } else {
            expect(back).toBeLessThanOrEqual(Math.ceil((billed * (days - after)) / days));
          }
          if (credit === "none") expect(back).toBe(0);
        },
      ),
      RUNS,
    );
  });
});

describe("discount stacking (properties)", () => {
  it("stacked discounts never take a line below zero, compounding or additive, capped or not", () => {
    const discount = fc.oneof(
      fc.record({ kind: fc.constant("percent" as const), percent: fc.integer({ min: 0, max: 100 }).map(String) }),
      fc.record({ kind: fc.constant("fixed" as const), amount: fc.integer({ min: 0, max: 20_000 }).map(centsText) }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 99_999 }), { minLength: 1, maxLength: 4 }),
        fc.array(discount, { minLength: 1, maxLength: 5 }),
        fc.constantFrom("compound" as const, "additive" as const),
        fc.option(fc.integer({ min: 0, max: 100 }).map(String), { nil: undefined }),
        fc.option(fc.integer({ min: 0, max: 30_000 }).map(centsText), { nil: undefined }),
        (rates, discounts, mode, capPercent, capAmount) => {
          const contract = buildContract({
            lines: rates.map((r, i) => monitoring(`L-${i}`, centsText(r))),
            discounts: discounts.map((d, i) => ({ id: `D-${i}`, description: `Discount ${i}`, appliesTo: { scope: "invoice" }, ...d }) as DiscountInput),
            discountStacking: { mode, ...(capPercent === undefined ? {} : { capPercent }), ...(capAmount === undefined ? {} : { capAmount }) },
          });
          const draft = computeInvoice(contract, "2027-01");
          for (const line of draft.lines) {
            expect(line.net.minor).toBeGreaterThanOrEqual(0);
            expect(line.discountTotal.minor).toBeLessThanOrEqual(line.amount.minor);
            if (capPercent !== undefined) expect(line.discountTotal.minor).toBeLessThanOrEqual(Math.round((line.amount.minor * Number(capPercent)) / 100) + 0);
          }
          if (capAmount !== undefined) expect(draft.discountTotal.minor).toBeLessThanOrEqual(Math.round(Number(capAmount) * 100));
        },
      ),
      RUNS,
    );
  });
});
