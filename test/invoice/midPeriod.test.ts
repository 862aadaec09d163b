/**
 * Changes inside a period already invoiced in advance, measured against what was issued (Kill
 * Bill's model: "the invoice is the difference between what should have been billed and what was
 * billed", docs.killbill.io, "Invoice subsystem"). Stripe's proration docs describe the same
 * outcome for an upgrade mid-cycle: a charge for the remaining time at the new price less the
 * unused time at the old one (stripe.com/docs/billing/subscriptions/prorations).
 *
 * Every example is January 2027 (31 days), billed in advance, so a day is exactly 1/31 of a month.
 */
import { describe, expect, it } from "vitest";
import type { ContractSpec, LineInput } from "../contract/builder.js";
import { buildContract, equipment, monitoring } from "../contract/builder.js";
import {
  computeAdjustments,
  computeInvoice,
  computeInvoices,
  createCreditNote,
  issueCreditNote,
  issueInvoice,
  type CreditNote,
  type Invoice,
  type InvoiceDraft,
} from "../../src/invoice/index.js";
import type { Contract } from "../../src/contract/index.js";
import { dec, exampleland } from "./support.js";

let counter = 0;
const issue = (draft: InvoiceDraft): Invoice => issueInvoice(draft, { counter: ++counter });
const issueNote = (draft: Parameters<typeof issueCreditNote>[0]): CreditNote => issueCreditNote(draft, { counter: ++counter });

function contract(lines: readonly LineInput[], policy: "nextInvoice" | "immediate" | "none" = "nextInvoice", spec: ContractSpec = {}): Contract {
  return buildContract({ lines, ...spec, billing: { midPeriodChanges: policy, ...spec.billing } });
}

/** The kind, period and amount of each line. */
const lines = (draft: InvoiceDraft): string[][] => draft.lines.map((l) => [l.kind, l.lineId, l.servicePeriod?.start ?? l.date ?? "", dec(l.net)]);

describe("an upgrade inside a period billed in advance", () => {
  // 31.00 a month; on Jan 11 the customer upgrades to 62.00. January was issued at 31.00.
  const before = contract([monitoring("L-mon", "31.00")]);
  const january = issue(computeInvoice(before, "2027-01"));
  const upgraded = (policy: "nextInvoice" | "immediate" | "none") => contract([monitoring("L-mon", "31.00", { priceChanges: [{ effective: "2027-01-11", rate: "62.00" }] })], policy);

  it("nextInvoice: the next invoice carries the prorated difference, explained", () => {
    const february = computeInvoice(upgraded("nextInvoice"), "2027-02", { issued: [january] });
    // Due for January now: 31.00 × 10/31 + 62.00 × 21/31 = 10.00 + 42.00 = 52.00; issued 31.00 → +21.00.
    expect(lines(february)).toEqual([
      ["recurring", "L-mon", "2027-02-01", "62.00"],
      ["adjustment", "L-mon", "2027-01-11", "21.00"],
    ]);
    const adjustment = february.lines[1];
    expect(adjustment?.adjusts).toEqual({ periodStart: "2027-01-01", periodEnd: "2027-02-01", price: { minor: 2100, currency: "USD" } });
    expect(adjustment?.explanation.price).toBe(`52.00 due for 2027-01-01 to 2027-02-01 under the contract now − 31.00 billed on ${january.number}`);
    expect(adjustment?.description).toBe(`Adjustment: Cellular monitoring — 2027-01-11 to 2027-02-01 (period 2027-01-01 to 2027-02-01, billed on ${january.number})`);
    expect(dec(february.total)).toBe("83.00");
  });

  it("immediate: an adjustment invoice now, and nothing on the next cycle's invoice", () => {
    const now = upgraded("immediate");
    const { invoice, creditNotes } = computeAdjustments(now, { issued: [january], date: "2027-01-11" });
    expect(creditNotes).toEqual([]);
    expect(invoice?.kind).toBe("adjustment");
    expect(invoice?.issueDate).toBe("2027-01-11");
    expect(lines(invoice as InvoiceDraft)).toEqual([["adjustment", "L-mon", "2027-01-11", "21.00"]]);
    const adjustment = issue(invoice as InvoiceDraft);
    // Under "immediate" the cycle invoice never sweeps up earlier periods.
    expect(lines(computeInvoice(now, "2027-02", { issued: [january, adjustment] }))).toEqual([["recurring", "L-mon", "2027-02-01", "62.00"]]);
    // And asking again finds nothing more to bill.
    const again = computeAdjustments(now, { issued: [january, adjustment], date: "2027-01-12" });
    expect([again.invoice, again.creditNotes]).toEqual([undefined, []]);
  });

  it("none: invoiced periods stay as billed", () => {
    const none = upgraded("none");
    expect(lines(computeInvoice(none, "2027-02", { issued: [january] }))).toEqual([["recurring", "L-mon", "2027-02-01", "62.00"]]);
    const { invoice, creditNotes } = computeAdjustments(none, { issued: [january], date: "2027-01-11" });
    expect([invoice, creditNotes]).toEqual([undefined, []]);
  });
});

describe("a downgrade inside a period billed in advance", () => {
  it("immediate: a credit note naming the invoice, with its tax reversed as billed", () => {
    // 62.00 a month, Exampleland taxes monitoring at 4 %: January issued 62.00 + 2.48 tax.
    const january = issue(computeInvoice(contract([monitoring("L-mon", "62.00")]), "2027-01", { tax: exampleland }));
    const down = contract([monitoring("L-mon", "62.00", { priceChanges: [{ effective: "2027-01-11", rate: "31.00" }] })], "immediate");
    const { invoice, creditNotes } = computeAdjustments(down, { issued: [january], date: "2027-01-11", tax: exampleland });
    expect(invoice).toBeUndefined();
    // Due now: 62.00 × 10/31 + 31.00 × 21/31 = 20.00 + 21.00 = 41.00 → 21.00 back; its tax share
    // 2.48 × 21/62 = 0.84 exactly.
    expect(creditNotes.map((n) => [n.invoiceNumber, dec(n.subtotal), dec(n.taxTotal), dec(n.total)])).toEqual([[january.number, "-21.00", "-0.84", "-21.84"]]);
    expect(creditNotes[0]?.lines[0]?.adjusts?.price).toEqual({ minor: -2100, currency: "USD" });
    // Issued, the note settles it: nothing more to give back.
    const note = issueNote(creditNotes[0] as Parameters<typeof issueCreditNote>[0]);
    expect(computeAdjustments(down, { issued: [january], creditNotes: [note], date: "2027-01-12", tax: exampleland }).creditNotes).toEqual([]);
  });

  it("nextInvoice: a credit line on the next invoice", () => {
    const january = issue(computeInvoice(contract([monitoring("L-mon", "62.00")]), "2027-01"));
    const down = contract([monitoring("L-mon", "62.00", { priceChanges: [{ effective: "2027-01-11", rate: "31.00" }] })]);
    expect(lines(computeInvoice(down, "2027-02", { issued: [january] }))).toEqual([
      ["recurring", "L-mon", "2027-02-01", "31.00"],
      ["credit", "L-mon", "2027-01-11", "-21.00"],
    ]);
  });
});

describe("several changes in one period", () => {
  it("never credit more than was charged, nor charge the same days twice", () => {
    // 31.00; up to 62.00 on Jan 11 (adjusted at once: +21.00); back to 31.00 on Jan 21.
    const january = issue(computeInvoice(contract([monitoring("L-mon", "31.00")]), "2027-01"));
    const up = contract([monitoring("L-mon", "31.00", { priceChanges: [{ effective: "2027-01-11", rate: "62.00" }] })], "immediate");
    const upInvoice = issue(computeAdjustments(up, { issued: [january], date: "2027-01-11" }).invoice as InvoiceDraft);
    const down = contract(
      [
        monitoring("L-mon", "31.00", {
          priceChanges: [
            { effective: "2027-01-11", rate: "62.00" },
            { effective: "2027-01-21", rate: "31.00" },
          ],
        }),
      ],
      "immediate",
    );
    const { creditNotes } = computeAdjustments(down, { issued: [january, upInvoice], date: "2027-01-21" });
    // Due now: 10.00 + 62.00 × 10/31 + 31.00 × 11/31 = 10.00 + 20.00 + 11.00 = 41.00; billed
    // 31.00 + 21.00 = 52.00 → 11.00 back, shared by the two lines that billed it: 11.00 × 31/52 =
    // 6.56 (6.557…) from January's line and 4.44 from the adjustment.
    expect(creditNotes.map((n) => [n.invoiceNumber, dec(n.total)])).toEqual([
      [january.number, "-6.56"],
      [upInvoice.number, "-4.44"],
    ]);
    const total = january.total.minor + upInvoice.total.minor + creditNotes.reduce((t, n) => t + n.total.minor, 0);
    expect(total).toBe(4100);
  });
});

describe("quantity changes, lines added and removed", () => {
  it("a camera added on the 16th bills its share of January on the next invoice", () => {
    // 3 cameras × 10.00 issued for January; a fourth from Jan 16 (16 of 31 days).
    const january = issue(computeInvoice(contract([equipment("L-cam", "10.00", { quantity: 3 })]), "2027-01"));
    const more = contract([equipment("L-cam", "10.00", { quantity: 3, quantityChanges: [{ effective: "2027-01-16", quantity: 4 }] })]);
    const february = computeInvoice(more, "2027-02", { issued: [january] });
    // Due for January: 30.00 × 15/31 = 14.52 (14.516…) + 40.00 × 16/31 = 20.65 (20.645…) = 35.17;
    // issued 30.00 → +5.17 (each segment rounded as it would be billed: one cent above 10.00 × 16/31 = 5.16).
    expect(lines(february)).toEqual([
      ["recurring", "L-cam", "2027-02-01", "40.00"],
      ["adjustment", "L-cam", "2027-01-16", "5.17"],
    ]);
    expect(february.lines[0]?.quantity).toBe(4);
  });

  it("a line added on the 20th of an invoiced month", () => {
    const january = issue(computeInvoice(contract([monitoring("L-mon", "39.99")]), "2027-01"));
    const added = contract([monitoring("L-mon", "39.99"), equipment("L-cam", "15.00", { start: "2027-01-20" })]);
    // 15.00 × 12/31 = 5.806… → 5.81.
    expect(lines(computeInvoice(added, "2027-02", { issued: [january] }))).toEqual([
      ["recurring", "L-mon", "2027-02-01", "39.99"],
      ["recurring", "L-cam", "2027-02-01", "15.00"],
      ["adjustment", "L-cam", "2027-01-20", "5.81"],
    ]);
  });

  it("a quantity change in a period not yet invoiced splits the line", () => {
    const more = contract([equipment("L-cam", "10.00", { quantity: 3, quantityChanges: [{ effective: "2027-01-16", quantity: 4 }] })]);
    expect(lines(computeInvoice(more, "2027-01"))).toEqual([
      ["recurring", "L-cam", "2027-01-01", "14.52"],
      ["recurring", "L-cam", "2027-01-16", "20.65"],
    ]);
  });
});

describe("price changes on any day", () => {
  it("on the first day of a period: the whole period at the new price", () => {
    const c = contract([monitoring("L-mon", "30.00", { priceChanges: [{ effective: "2027-02-01", rate: "35.00" }] })]);
    expect(lines(computeInvoice(c, "2027-01"))).toEqual([["recurring", "L-mon", "2027-01-01", "30.00"]]);
    expect(lines(computeInvoice(c, "2027-02"))).toEqual([["recurring", "L-mon", "2027-02-01", "35.00"]]);
  });

  it("on the first day of a line: from that day, never the line's own rate", () => {
    const c = contract([monitoring("L-mon", "20.00", { start: "2027-01-10", priceChanges: [{ effective: "2027-01-10", rate: "31.00" }] })]);
    // 31.00 × 22/31 = 22.00: the line's 20.00 is never in force.
    expect(lines(computeInvoice(c, "2027-01"))).toEqual([["recurring", "L-mon", "2027-01-10", "22.00"]]);
  });

  it("on the last day of a period: one day at the new price", () => {
    const c = contract([monitoring("L-mon", "31.00", { priceChanges: [{ effective: "2027-01-31", rate: "62.00" }] })]);
    // 31.00 × 30/31 = 30.00 and 62.00 × 1/31 = 2.00.
    expect(lines(computeInvoice(c, "2027-01"))).toEqual([
      ["recurring", "L-mon", "2027-01-01", "30.00"],
      ["recurring", "L-mon", "2027-01-31", "2.00"],
    ]);
  });
});

describe("issued invoices are an input", () => {
  const c = contract([monitoring("L-mon", "31.00"), equipment("L-cam", "12.00")]);
  const january = issue(computeInvoice(c, "2027-01"));

  it("a rerun of an issued period bills nothing", () => {
    expect(computeInvoice(c, "2027-01", { issued: [january] }).lines).toEqual([]);
    expect(computeInvoices(c, "2027-01", { issued: [january] })).toEqual([]);
  });

  it("a price fix for a billed month is credited against what was issued, once", () => {
    // The rate was keyed wrong: 30.00, not 31.00, from the start.
    const fixed = contract([monitoring("L-mon", "30.00"), equipment("L-cam", "12.00")]);
    const february = computeInvoice(fixed, "2027-02", { issued: [january] });
    expect(lines(february)).toEqual([
      ["recurring", "L-mon", "2027-02-01", "30.00"],
      ["recurring", "L-cam", "2027-02-01", "12.00"],
      ["credit", "L-mon", "2027-01-01", "-1.00"],
    ]);
    const issuedFebruary = issue(february);
    expect(lines(computeInvoice(fixed, "2027-03", { issued: [january, issuedFebruary] }))).toEqual([
      ["recurring", "L-mon", "2027-03-01", "30.00"],
      ["recurring", "L-cam", "2027-03-01", "12.00"],
    ]);
  });

  it("a goodwill credit note is not undone, and caps what a later change can give back", () => {
    // 31.00 of January's monitoring credited as goodwill (a 20.00 outage credit), then the line is removed on Jan 11.
    const goodwill = issueNote(createCreditNote(january, { lines: [{ invoiceLineId: january.lines[0]?.id as string, amount: "20.00" }], reason: "Outage", date: "2027-01-05" }));
    const removed = contract([monitoring("L-mon", "31.00", { end: "2027-01-11" }), equipment("L-cam", "12.00")]);
    const february = computeInvoice(removed, "2027-02", { issued: [january], creditNotes: [goodwill] });
    // 21 days would give back 21.00, but only 31.00 − 20.00 = 11.00 is left to credit.
    expect(lines(february)).toEqual([
      ["recurring", "L-cam", "2027-02-01", "12.00"],
      ["credit", "L-mon", "2027-01-11", "-11.00"],
    ]);
  });
});

describe("invoice document fields", () => {
  it("says what it is, how it is timed, the full period and the custom fields asked for", () => {
    const c = buildContract({
      billing: { timing: "arrears", invoiceFields: ["crmAccount", "panelZone"] },
      customFields: { crmAccount: "ACME-7", panelZone: 4, pets: true },
      notes: "Gate code 1234",
    });
    const draft = computeInvoice(c, "2027-01-15");
    expect([draft.kind, draft.timing, draft.period.start, draft.period.end, draft.period.cycleDate, draft.period.kind]).toEqual(["cycle", "arrears", "2027-01-01", "2027-02-01", "2027-02-01", "full"]);
    expect(draft.fields).toEqual([
      { name: "crmAccount", value: "ACME-7" },
      { name: "panelZone", value: 4 },
    ]);
  });

  it("refuses a period notation it cannot read, naming it", () => {
    const c = buildContract();
    expect(() => computeInvoice(c, "January")).toThrow(/expected a billing period, a day "YYYY-MM-DD" or a month "YYYY-MM", got "January"/);
  });
});
