/**
 * Late fees on invoices: the timeline assesses a fee (`lateFee` action); the invoice module bills
 * it — as a line of the next invoice (`billAs: "line"`, the default, as Chargebee and Recurly add
 * a late fee to the next invoice) or on an invoice of its own (`billAs: "invoice"`) — once: a fee
 * already on an issued invoice is never billed again.
 */
import { fc, test as propTest } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { buildContract, monitoring, site } from "../contract/builder.js";
import { computeAdjustments, computeInvoice, computeInvoices, computeLateFeeInvoice, issueInvoice, LATE_FEE_LINE_ID, type AssessedLateFee, type Invoice, type InvoiceDraft } from "../../src/invoice/index.js";
import { ValidationError } from "../../src/errors/index.js";
import { createTaxTable } from "../../src/tax/index.js";
import { fromMinorUnits, money } from "../../src/money/index.js";
import { dec, exampleland, EXAMPLELAND_RULES } from "./support.js";

let counter = 500;
const issue = (draft: InvoiceDraft): Invoice => issueInvoice(draft, { counter: ++counter });

const fee = (id: string, amount: string, date = "2027-01-12", invoiceNumber = "INV-2027-000001"): AssessedLateFee => ({ id, invoiceNumber, date, amount: money(amount, "USD"), explanation: `flat ${amount}` });

describe("a late fee as a line of the next invoice", () => {
  it("adds one untaxed fee line to the first site, undiscounted, and leaves the recurring lines as they were", () => {
    const contract = buildContract({ lines: [monitoring("L-mon", "45.00")] });
    const plain = computeInvoice(contract, "2027-02", { tax: exampleland });
    const withFee = computeInvoice(contract, "2027-02", { tax: exampleland, lateFees: [fee("lateFee:INV-2027-000001:1", "10.00")] });
    // 45.00 + 4 % = 46.80; the late fee is not taxed in Exampleland ("late-fee" has no rate): 56.80.
    expect([dec(plain.total), dec(withFee.total)]).toEqual(["46.80", "56.80"]);
    const line = withFee.lines.find((l) => l.lineId === LATE_FEE_LINE_ID);
    expect(line?.kind).toBe("fee");
    expect(line?.description).toBe("Late fee on invoice INV-2027-000001 (assessed 2027-01-12)");
    expect([dec(line!.amount), dec(line!.taxTotal), line?.date, line?.explanation.price]).toEqual(["10.00", "0.00", "2027-01-12", "flat 10.00"]);
  });

  it("taxes a fee in a category the provider taxes, on the day it was assessed", () => {
    const taxed = createTaxTable([{ ...EXAMPLELAND_RULES[0]!, ratesPercent: { monitoring: "4", "late-fee": "5" } }]);
    const contract = buildContract({ lines: [monitoring("L-mon", "45.00")] });
    const draft = computeInvoice(contract, "2027-02", { tax: taxed, lateFees: [fee("f1", "10.00")] });
    const line = draft.lines.find((l) => l.lineId === LATE_FEE_LINE_ID);
    expect([dec(line!.taxTotal), dec(draft.total)]).toEqual(["0.50", "57.30"]);
  });

  it("never bills a fee twice: given the invoice that carried it, the next one leaves it out", () => {
    const contract = buildContract({ lines: [monitoring("L-mon", "45.00")] });
    const fees = [fee("f1", "10.00")];
    const february = issue(computeInvoice(contract, "2027-02", { lateFees: fees }));
    const march = computeInvoice(contract, "2027-03", { issued: [february], lateFees: fees });
    expect(march.lines.some((l) => l.lineId === LATE_FEE_LINE_ID)).toBe(false);
    expect(dec(march.total)).toBe("45.00");
  });

  it("is not an early-termination fee: a contract terminated after a late fee still owes its termination fee", () => {
    const spec = { lines: [monitoring("L-mon", "45.00")], end: "2028-01-01", term: { earlyTermination: { fee: { kind: "fixed" as const, amount: "150.00" } } } };
    const february = issue(computeInvoice(buildContract(spec), "2027-02", { lateFees: [fee("f1", "10.00")] }));
    const ended = buildContract({ ...spec, termination: { date: "2027-03-01", reason: "cancelled" } });
    const { terminationFee } = computeAdjustments(ended, { issued: [february], date: "2027-03-01" });
    expect(terminationFee).toMatchObject({ status: "charged", amount: { minor: 15000 } });
  });

  it("puts the fees on the first site's invoice when sites are invoiced apart", () => {
    const contract = buildContract({
      sites: [
        site("S-1", [monitoring("L-a", "30.00")]),
        site("S-2", [monitoring("L-b", "20.00")]),
      ],
      billing: { consolidation: "perSite" },
    });
    const drafts = computeInvoices(contract, "2027-02", { lateFees: [fee("f1", "7.50")] });
    expect(drafts.map((d) => [d.siteIds.join(), dec(d.total)])).toEqual([
      ["S-1", "37.50"],
      ["S-2", "20.00"],
    ]);
  });

  it("names every bad fee at once", () => {
    const contract = buildContract({ lines: [monitoring("L-mon", "45.00")] });
    const bad: AssessedLateFee[] = [
      { ...fee("f1", "10.00"), amount: money("10.00", "EUR") },
      { ...fee("f2", "0.00") },
      { ...fee("f2", "5.00"), date: "2027-02-30" },
      { ...fee("f3", "5.00"), taxCategory: "penalty" },
    ];
    let error: unknown;
    try {
      computeInvoice(contract, "2027-02", { tax: exampleland, lateFees: bad });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.path.join("."))).toEqual([
      "lateFees.0.amount.currency",
      "lateFees.1.amount",
      "lateFees.2.id",
      "lateFees.2.date",
      "lateFees.3.taxCategory",
    ]);
  });
});

describe("a late fee on an invoice of its own", () => {
  it("is a lateFee invoice dated today, due as long after it as a cycle invoice is due after its issue", () => {
    const contract = buildContract({ lines: [monitoring("L-mon", "45.00")], billing: { paymentTerms: { kind: "net", days: 15 } } });
    const draft = computeLateFeeInvoice(contract, [fee("f1", "10.00"), fee("f2", "2.25", "2027-01-26")], { date: "2027-01-26", tax: exampleland });
    expect(draft?.kind).toBe("lateFee");
    expect([draft?.issueDate, draft?.dueDate, dec(draft!.total)]).toEqual(["2027-01-26", "2027-02-10", "12.25"]);
    expect(draft?.lines.map((l) => [l.kind, dec(l.total)])).toEqual([
      ["fee", "10.00"],
      ["fee", "2.25"],
    ]);
  });

  it("is nothing when every fee is already billed, and a late-fee invoice bills no billing period", () => {
    const contract = buildContract({ lines: [monitoring("L-mon", "45.00")] });
    const fees = [fee("f1", "10.00")];
    const lateFeeInvoice = issue(computeLateFeeInvoice(contract, fees, { date: "2027-01-26" })!);
    expect(computeLateFeeInvoice(contract, fees, { date: "2027-01-27", issued: [lateFeeInvoice] })).toBeUndefined();
    // The late-fee invoice is dated inside February's period, which is still billed in full.
    const february = computeInvoice(contract, "2027-02", { issued: [lateFeeInvoice], lateFees: fees });
    expect(dec(february.total)).toBe("45.00");
  });

  it("names a bad day and a bad fee together", () => {
    const contract = buildContract({ lines: [monitoring("L-mon", "45.00")] });
    let error: unknown;
    try {
      computeLateFeeInvoice(contract, [{ ...fee("f1", "10.00"), amount: money("10.00", "EUR") }], { date: "2027-13-01" });
    } catch (e) {
      error = e;
    }
    expect((error as ValidationError).issues.map((i) => i.path.join("."))).toEqual(["date", "lateFees.0.amount.currency"]);
  });

  propTest.prop([fc.array(fc.integer({ min: 1, max: 50_000 }), { minLength: 1, maxLength: 6 }), fc.integer({ min: 0, max: 5 })])(
    "bills every fee exactly once, to the cent, however the fees are split over invoices",
    (amounts, split) => {
      const contract = buildContract({ lines: [monitoring("L-mon", "45.00")] });
      const fees = amounts.map((minor, i) => ({ ...fee(`f${i}`, "1.00"), amount: fromMinorUnits(minor, "USD") }));
      const first = Math.min(split, fees.length);
      const issued: Invoice[] = [];
      const own = computeLateFeeInvoice(contract, fees.slice(0, first), { date: "2027-01-20" });
      if (own !== undefined) issued.push(issue(own));
      const next = computeInvoice(contract, "2027-02", { issued, lateFees: fees });
      const billed = [...issued, next].flatMap((i) => i.lines.filter((l) => l.lineId === LATE_FEE_LINE_ID));
      expect(billed.length).toBe(fees.length);
      expect(billed.reduce((t, l) => t + l.total.minor, 0)).toBe(amounts.reduce((t, a) => t + a, 0));
    },
  );
});
