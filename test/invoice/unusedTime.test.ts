import { describe, expect, it } from "vitest";
import { computeInvoice, createCreditNote, issueCreditNote, issueInvoice, periodForMonth, voidInvoice, type CreditNote, type Invoice } from "../../src/invoice/index.js";
import { buildContract, equipment, monitoring } from "../contract/builder.js";
import { negate } from "../../src/money/index.js";
import { dec, exampleland } from "./support.js";

/** Issues the January 2027 invoice of a contract with both lines for the whole month. */
function januaryInvoice(): Invoice {
  const contract = buildContract({ lines: [monitoring("L-mon", "39.99"), equipment("L-panel", "12.40")] });
  return issueInvoice(computeInvoice(contract, periodForMonth(contract, "2027-01"), { tax: exampleland }), { counter: 1 });
}

describe("unused advance-billed time", () => {
  it("comes back as a credit line on the next invoice when a line is removed mid-period", () => {
    const january = januaryInvoice();
    // The panel is returned on Jan 20: January was billed in advance for the whole month.
    const contract = buildContract({ lines: [monitoring("L-mon", "39.99"), equipment("L-panel", "12.40", { end: "2027-01-20" })] });
    const february = computeInvoice(contract, periodForMonth(contract, "2027-02"), { tax: exampleland, issued: [january] });
    const credit = february.lines.find((l) => l.kind === "credit");
    // 12.40 × 12/31 unused = 4.80 exactly; Exampleland taxes equipment rental at 10 %.
    expect(credit).toMatchObject({ lineId: "L-panel", servicePeriod: { start: "2027-01-20", end: "2027-02-01" }, corrects: { invoiceNumber: january.number } });
    expect([dec(credit?.amount ?? february.total), dec(credit?.taxTotal ?? february.total), dec(credit?.total ?? february.total)]).toEqual(["-4.80", "-0.48", "-5.28"]);
    // The remainder is simply not billed any more: February has the monitoring line and the credit.
    expect(february.lines.map((l) => [l.kind, l.lineId])).toEqual([
      ["recurring", "L-mon"],
      ["credit", "L-panel"],
    ]);
    expect(dec(february.total)).toBe(dec({ minor: 3999 + 160 - 528, currency: "USD" }));
  });

  it("is credited once: a later invoice that knows the credit was given adds no second one", () => {
    const january = januaryInvoice();
    const contract = buildContract({ lines: [monitoring("L-mon", "39.99"), equipment("L-panel", "12.40", { end: "2027-01-20" })] });
    const february = issueInvoice(computeInvoice(contract, periodForMonth(contract, "2027-02"), { tax: exampleland, issued: [january] }), { counter: 2 });
    const march = computeInvoice(contract, periodForMonth(contract, "2027-03"), { tax: exampleland, issued: [january, february] });
    expect(march.lines.map((l) => l.kind)).toEqual(["recurring"]);
  });

  it("gives the credit again when the invoice that carried it was voided", () => {
    const january = januaryInvoice();
    const contract = buildContract({ lines: [monitoring("L-mon", "39.99"), equipment("L-panel", "12.40", { end: "2027-01-20" })] });
    const february = issueInvoice(computeInvoice(contract, periodForMonth(contract, "2027-02"), { tax: exampleland, issued: [january] }), { counter: 2 });
    const voided = voidInvoice(february, { on: "2027-02-02", reason: "re-issued" });
    const again = computeInvoice(contract, periodForMonth(contract, "2027-02"), { tax: exampleland, issued: [january, voided] });
    const credit = again.lines.find((l) => l.kind === "credit");
    expect([dec(credit?.amount ?? again.total), dec(credit?.taxTotal ?? again.total)]).toEqual(["-4.80", "-0.48"]);
    const march = computeInvoice(contract, periodForMonth(contract, "2027-03"), { tax: exampleland, issued: [january, voided] });
    expect(march.lines.filter((l) => l.kind === "credit").map((l) => dec(l.total))).toEqual(["-5.28"]);
  });

  it("asks for no payment when credits exceed charges, with auto-pay or without", () => {
    const january = januaryInvoice();
    // Everything ends on Jan 2: almost all of January comes back, and February bills nothing.
    const contract = buildContract({
      lines: [monitoring("L-mon", "39.99", { end: "2027-01-02" }), equipment("L-panel", "12.40", { end: "2027-01-02" })],
      paymentMethod: { kind: "card", token: "tok_visa", last4: "4242", autoPay: true },
    });
    const february = computeInvoice(contract, periodForMonth(contract, "2027-02"), { tax: exampleland, issued: [january] });
    expect(february.total.minor).toBeLessThan(0);
    expect(february.paymentInstructions.text).toBe(`Nothing to pay: this invoice leaves a credit of ${dec(negate(february.total))} USD in your favour (reference C-TEST).`);
    const issuedFebruary = issueInvoice(february, { counter: 2 });
    expect(issuedFebruary.paymentInstructions.text).toContain(`(reference ${issuedFebruary.number})`);
    expect(issuedFebruary.paymentInstructions.text).not.toContain("charged");
  });

  it("never credits a line beyond what was billed, counting what credit notes gave back", () => {
    const january = januaryInvoice();
    const panel = january.lines.find((l) => l.lineId === "L-panel");
    expect([dec(panel?.net ?? january.total), dec(panel?.taxTotal ?? january.total)]).toEqual(["12.40", "1.24"]);
    const note = (amount: string, counter: number) =>
      issueCreditNote(createCreditNote(january, { lines: [{ invoiceLineId: panel?.id ?? "", amount }], reason: "goodwill", date: "2027-01-25" }), { counter });
    const contract = buildContract({ lines: [monitoring("L-mon", "39.99"), equipment("L-panel", "12.40", { end: "2027-01-20" })] });
    const creditOf = (creditNotes: readonly CreditNote[]) => {
      const draft = computeInvoice(contract, periodForMonth(contract, "2027-02"), { tax: exampleland, issued: [january], creditNotes });
      const credit = draft.lines.find((l) => l.kind === "credit");
      return credit === undefined ? "none" : `${dec(credit.net)} ${dec(credit.taxTotal)}`;
    };
    // Unused: 12/31 of 12.40 = 4.80 and of 1.24 = 0.48.
    expect(creditOf([])).toBe("-4.80 -0.48");
    // A note gave back 6.20 (tax 0.62): 6.20 and 0.62 are left, more than the unused time.
    expect(creditOf([note("6.20", 1)])).toBe("-4.80 -0.48");
    // A note gave back 10.00 (tax 1.00): only 2.40 and 0.24 are left to give.
    expect(creditOf([note("10.00", 2)])).toBe("-2.40 -0.24");
    // The whole line was credited by a note: nothing is left.
    expect(creditOf([note("12.40", 3)])).toBe("none");
  });

  it("credits only the net actually charged when the line had a discount", () => {
    const discounted = buildContract({
      lines: [equipment("L-panel", "12.40")],
      discounts: [{ id: "D", description: "Half off", kind: "percent", percent: "50", appliesTo: { scope: "invoice" } }],
    });
    const january = issueInvoice(computeInvoice(discounted, periodForMonth(discounted, "2027-01")), { counter: 1 });
    const removed = buildContract({
      lines: [equipment("L-panel", "12.40", { end: "2027-01-20" })],
      discounts: [{ id: "D", description: "Half off", kind: "percent", percent: "50", appliesTo: { scope: "invoice" } }],
    });
    const february = computeInvoice(removed, periodForMonth(removed, "2027-02"), { issued: [january] });
    // 6.20 was charged; 12/31 of it is 2.40.
    expect(february.lines.map((l) => [l.kind, dec(l.net)])).toEqual([["credit", "-2.40"]]);
    expect(dec(february.total)).toBe("-2.40");
  });

  it("gives nothing back when the contract still bills the whole period", () => {
    const january = januaryInvoice();
    const contract = buildContract({ lines: [monitoring("L-mon", "39.99"), equipment("L-panel", "12.40")] });
    const february = computeInvoice(contract, periodForMonth(contract, "2027-02"), { tax: exampleland, issued: [january] });
    expect(february.lines.some((l) => l.kind === "credit")).toBe(false);
  });
});

describe("unused advance-billed time, more cases", () => {
  it("gives back the tax-inclusive price on a tax-inclusive contract, reversing the tax as billed", () => {
    const before = buildContract({ billing: { taxInclusive: true }, lines: [equipment("L-cam", "11.00", { quantity: 2 })] });
    const january = issueInvoice(computeInvoice(before, periodForMonth(before, "2027-01"), { tax: exampleland }), { counter: 1 });
    expect([dec(january.lines[0]?.net ?? january.total), dec(january.taxTotal), dec(january.total)]).toEqual(["20.00", "2.00", "22.00"]);
    // One camera was never installed: the contract now says quantity 1 from the start.
    const after = buildContract({ billing: { taxInclusive: true }, lines: [equipment("L-cam", "11.00", { quantity: 1 })] });
    const february = computeInvoice(after, periodForMonth(after, "2027-02"), { tax: exampleland, issued: [january] });
    const credit = february.lines.find((l) => l.kind === "credit");
    expect([dec(credit?.net ?? february.total), dec(credit?.taxTotal ?? february.total), dec(credit?.total ?? february.total)]).toEqual(["-10.00", "-1.00", "-11.00"]);
    expect(credit?.taxes[0]?.explanation).toBe(`reverses 0.5 of the Exampleland sales tax charged on ${january.number} (2.00): -1.00`);
  });

  it("gives each billed segment its own credit line with its own id when a month was split by a price change", () => {
    const before = buildContract({ lines: [equipment("L-eq", "10.00", { priceChanges: [{ effective: "2027-01-15", rate: "12.00" }] })] });
    const january = issueInvoice(computeInvoice(before, periodForMonth(before, "2027-01")), { counter: 1 });
    expect(january.lines).toHaveLength(2);
    const after = buildContract({ lines: [equipment("L-eq", "10.00", { priceChanges: [{ effective: "2027-01-15", rate: "12.00" }], end: "2027-01-10" })] });
    const february = computeInvoice(after, periodForMonth(after, "2027-02"), { issued: [january] });
    const ids = february.lines.map((l) => l.id);
    expect(new Set(ids).size).toBe(ids.length);
    // Jan 1–15 was billed 10.00 × 14/31 = 4.52; Jan 1–10 now costs 10.00 × 9/31 = 2.90: 1.62 back.
    // Jan 15–31 (12.00 × 17/31 = 6.58) is not due at all any more.
    expect(february.lines.map((l) => [l.servicePeriod?.start, dec(l.net)])).toEqual([
      ["2027-01-10", "-1.62"],
      ["2027-01-15", "-6.58"],
    ]);
  });
});
