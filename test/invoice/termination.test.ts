/**
 * A contract ended before its term: billing stops on the termination date, days billed in
 * advance past it come back by policy as credit notes naming the invoices they correct, and an
 * early-termination fee is charged once, on a final invoice. Alarm-industry contracts commonly
 * charge a share (often 75–90 %) of the remaining contract value, or a number of months; Chargebee
 * ("Cancel subscriptions: credit for unused time", chargebee.com/docs) prorates to the day by
 * default and can credit nothing; Zuora can credit only whole billing periods.
 */
import { describe, expect, it } from "vitest";
import type { ContractSpec, LineInput } from "../contract/builder.js";
import { buildContract, equipment, monitoring } from "../contract/builder.js";
import { computeAdjustments, computeInvoice, contractPeriods, issueCreditNote, issueInvoice, type Invoice, type InvoiceDraft } from "../../src/invoice/index.js";
import type { Contract } from "../../src/contract/index.js";
import { dec, exampleland } from "./support.js";

let counter = 100;
const issue = (draft: InvoiceDraft): Invoice => issueInvoice(draft, { counter: ++counter });

type EarlyTermination = NonNullable<NonNullable<ContractSpec["term"]>["earlyTermination"]>;

function terminated(
  date: string,
  reason: "cancelled" | "moved" | "nonPayment" | "deceased" | "serviceUnavailable" | "replaced" | "other",
  early: EarlyTermination = {},
  lines: readonly LineInput[] = [monitoring("L-mon", "45.00")],
  spec: ContractSpec = {},
): Contract {
  return buildContract({ lines, end: "2028-01-01", ...spec, term: { earlyTermination: early, ...spec.term }, termination: { date, reason } });
}

const running = (lines: readonly LineInput[] = [monitoring("L-mon", "45.00")], spec: ContractSpec = {}): Contract => buildContract({ lines, end: "2028-01-01", ...spec });

describe("termination credits", () => {
  it("prorate: the days after the termination date come back to the day, on a credit note naming the invoice", () => {
    const january = issue(computeInvoice(running(), "2027-01"));
    const ended = terminated("2027-01-11", "moved");
    const { invoice, creditNotes, terminationFee } = computeAdjustments(ended, { issued: [january], date: "2027-01-11" });
    // Jan 1–11 stays due: 45.00 × 10/31 = 14.52 (14.516…); 45.00 − 14.52 = 30.48 comes back.
    expect(creditNotes.map((n) => [n.invoiceNumber, dec(n.total), n.date])).toEqual([[january.number, "-30.48", "2027-01-11"]]);
    expect(creditNotes[0]?.reason).toBe("Contract terminated on 2027-01-11 (moved): days billed past it given back (prorate)");
    expect(creditNotes[0]?.lines[0]?.description).toBe(`Credit: Cellular monitoring — 2027-01-11 to 2027-02-01 (billed on ${january.number})`);
    expect([invoice, terminationFee]).toEqual([undefined, undefined]);
  });

  it("billing stops on the termination date: no period after it", () => {
    const ended = terminated("2027-03-15", "cancelled");
    const periods = contractPeriods(ended);
    expect(periods.map((p) => [p.start, p.end, p.kind])).toEqual([
      ["2027-01-01", "2027-02-01", "full"],
      ["2027-02-01", "2027-03-01", "full"],
      ["2027-03-01", "2027-03-15", "final"],
    ]);
    // March bills 14 of 31 days: 45.00 × 14/31 = 20.32 (20.322…).
    expect(dec(computeInvoice(ended, "2027-03").total)).toBe("20.32");
  });

  it("wholeMonths: only whole unused months of a prepaid year come back", () => {
    // 40.00 a month billed yearly in advance: 480.00 for 2027. Ended on March 10: April to
    // December are whole unused months, 9 × 40.00 = 360.00 back; March is kept whole.
    const spec: ContractSpec = { billing: { cycle: "annual", pricesPer: "month" } };
    const year = issue(computeInvoice(running([monitoring("L-mon", "40.00")], spec), "2027-01"));
    expect(dec(year.total)).toBe("480.00");
    const ended = terminated("2027-03-10", "moved", { credit: "wholeMonths" }, [monitoring("L-mon", "40.00")], spec);
    const { creditNotes } = computeAdjustments(ended, { issued: [year], date: "2027-03-10" });
    expect(creditNotes.map((n) => dec(n.total))).toEqual(["-360.00"]);
    // Prorated to the day instead: 480.00 × 68/365 = 89.42 (89.424…) kept, 390.58 back.
    const daily = terminated("2027-03-10", "moved", { credit: "prorate" }, [monitoring("L-mon", "40.00")], spec);
    expect(computeAdjustments(daily, { issued: [year], date: "2027-03-10" }).creditNotes.map((n) => dec(n.total))).toEqual(["-390.58"]);
  });

  it("none: nothing comes back", () => {
    const january = issue(computeInvoice(running(), "2027-01"));
    const { creditNotes, invoice } = computeAdjustments(terminated("2027-01-11", "cancelled", { credit: "none" }), { issued: [january], date: "2027-01-11" });
    expect([creditNotes, invoice]).toEqual([[], undefined]);
  });

  it("a backdated termination credits every invoice billed past it, each on its own note", () => {
    const c = running();
    const january = issue(computeInvoice(c, "2027-01"));
    const february = issue(computeInvoice(c, "2027-02", { issued: [january] }));
    const ended = terminated("2027-01-20", "nonPayment");
    const { creditNotes } = computeAdjustments(ended, { issued: [january, february], date: "2027-02-10" });
    // January keeps 45.00 × 19/31 = 27.58 (27.580…): 17.42 back; February comes back whole.
    expect(creditNotes.map((n) => [n.invoiceNumber, dec(n.total)])).toEqual([
      [january.number, "-17.42"],
      [february.number, "-45.00"],
    ]);
  });

  it("reverses the tax as billed, and settles once: a rerun finds nothing", () => {
    const c = running([monitoring("L-mon", "45.00"), equipment("L-panel", "10.00")]);
    const january = issue(computeInvoice(c, "2027-01", { tax: exampleland }));
    const ended = terminated("2027-01-11", "moved", {}, [monitoring("L-mon", "45.00"), equipment("L-panel", "10.00")]);
    const first = computeAdjustments(ended, { issued: [january], date: "2027-01-11", tax: exampleland });
    // Monitoring 30.48 back with 4 %: 1.80 × 30.48/45.00 = 1.22 (1.2192); panel 10.00 − 3.23 (3.225…) = 6.77
    // back with 10 %: 1.00 × 6.77/10.00 = 0.68 (0.677).
    expect(first.creditNotes[0]?.lines.map((l) => [dec(l.net), dec(l.taxTotal)])).toEqual([
      ["-30.48", "-1.22"],
      ["-6.77", "-0.68"],
    ]);
    const note = issueCreditNote(first.creditNotes[0] as Parameters<typeof issueCreditNote>[0], { counter: 1 });
    const again = computeAdjustments(ended, { issued: [january], creditNotes: [note], date: "2027-01-12", tax: exampleland });
    expect([again.invoice, again.creditNotes]).toEqual([undefined, []]);
  });
});

describe("the final invoice", () => {
  it("bills the last days of service when their period was not invoiced (billing in arrears)", () => {
    const ended = terminated("2027-01-20", "moved", {}, [monitoring("L-mon", "45.00")], { billing: { timing: "arrears" } });
    const { invoice, creditNotes } = computeAdjustments(ended, { issued: [], date: "2027-01-20" });
    // 45.00 × 19/31 = 27.58 (27.580…), dated the day of the settlement.
    expect([invoice?.kind, invoice?.issueDate, dec(invoice?.total ?? { minor: 0, currency: "USD" }), creditNotes]).toEqual(["final", "2027-01-20", "27.58", []]);
  });
});

describe("the early-termination fee", () => {
  const fee = (early: EarlyTermination, date = "2027-07-01", reason: "cancelled" | "deceased" = "cancelled") =>
    computeAdjustments(terminated(date, reason, early, [monitoring("L-mon", "45.00"), equipment("L-panel", "10.00")]), { issued: [], date });

  it("fixed: a set amount, with its own line, tax category and explanation", () => {
    const { invoice, terminationFee } = fee({ fee: { kind: "fixed", amount: "150.00" } });
    const line = invoice?.lines.find((l) => l.kind === "fee");
    expect([line?.description, line?.category, line?.date, dec(line?.net ?? { minor: 0, currency: "USD" })]).toEqual([
      "Early termination fee (contract ended 2027-07-01: cancelled)",
      "fee",
      "2027-07-01",
      "150.00",
    ]);
    expect(terminationFee).toEqual({ status: "charged", amount: { minor: 15000, currency: "USD" }, explanation: "fixed fee 150.00 = 150.00" });
  });

  it("months: N months of the recurring charges in force on the termination date", () => {
    // 3 × (45.00 + 10.00) = 165.00.
    expect(fee({ fee: { kind: "months", months: 3 } }).terminationFee).toEqual({
      status: "charged",
      amount: { minor: 16500, currency: "USD" },
      explanation: "3 months × 55.00 monthly recurring charges in force on 2027-07-01 = 165.00",
    });
  });

  it("remainingValue: a percentage of what the rest of the term would have billed, optionally capped", () => {
    // July to December: 6 × 55.00 = 330.00; 75 % = 247.50.
    expect(fee({ fee: { kind: "remainingValue", percent: "75" } }).terminationFee).toMatchObject({ status: "charged", amount: { minor: 24750 } });
    // Ended on July 16: 55.00 × 16/31 = 28.39 (28.387…) + 5 × 55.00 = 303.39; 75 % = 227.54 (227.5425).
    expect(fee({ fee: { kind: "remainingValue", percent: "75" } }, "2027-07-16").terminationFee).toMatchObject({ amount: { minor: 22754 } });
    const capped = fee({ fee: { kind: "remainingValue", percent: "75" }, capAmount: "200.00" }).terminationFee;
    expect(capped).toEqual({
      status: "charged",
      amount: { minor: 20000, currency: "USD" },
      explanation: "75 % of the remaining contract value 330.00 (recurring charges from 2027-07-01 to the term's end 2028-01-01), capped at 200.00 = 200.00",
    });
  });

  it("is waived for the reasons the terms list", () => {
    const { invoice, terminationFee } = fee({ fee: { kind: "fixed", amount: "150.00" }, waivedFor: ["deceased"] }, "2027-07-01", "deceased");
    expect(invoice?.lines.some((l) => l.kind === "fee") ?? false).toBe(false);
    expect(terminationFee).toMatchObject({ status: "waived", reason: "deceased" });
  });

  it("is charged once: a settlement that sees the final invoice issued charges no second fee", () => {
    const ended = terminated("2027-07-01", "cancelled", { fee: { kind: "fixed", amount: "150.00" } });
    const first = computeAdjustments(ended, { issued: [], date: "2027-07-01" });
    const final = issue(first.invoice as InvoiceDraft);
    const again = computeAdjustments(ended, { issued: [final], date: "2027-07-02" });
    expect([again.invoice, again.terminationFee]).toEqual([undefined, { status: "alreadyBilled" }]);
  });

  it("has no place when the contract ends at its term's end: a termination must fall inside the term", () => {
    expect(() => fee({ fee: { kind: "fixed", amount: "150.00" } }, "2028-01-01")).toThrow(/termination\.date/);
  });
});
