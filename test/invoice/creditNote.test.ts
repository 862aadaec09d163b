import { describe, expect, it } from "vitest";
import { thrownBy, validationErrorOf } from "../support/errors.js";
import { ErrorCodes, formatPath } from "../../src/errors/index.js";
import {
  computeInvoice,
  createCreditNote,
  InvalidTransitionError,
  issueCreditNote,
  issueInvoice,
  periodForMonth,
  voidInvoice,
  type CreditNote,
  type CreditNoteDraft,
  type Invoice,
  type InvoiceLine,
} from "../../src/invoice/index.js";
import { negate, ratio, sum } from "../../src/money/index.js";
import { buildContract, equipment, monitoring, site } from "../contract/builder.js";
import { CAPITAL_CITY_ADDRESS, capitalCity, dec, exampleland, lineOf } from "./support.js";

/**
 * An issued invoice in Capital City (state 4 % / 10 % + city 1 %):
 * L-mon 40.00 taxed 1.60 + 0.40; L-eq 12.50 taxed 1.25 + 0.13 (0.125 rounded half up).
 */
function issued(): Invoice {
  const contract = buildContract({ billing: { invoiceSeries: "RES" }, address: CAPITAL_CITY_ADDRESS, lines: [monitoring("L-mon", "40.00"), equipment("L-eq", "12.50")] });
  return issueInvoice(computeInvoice(contract, periodForMonth(contract, "2027-01"), { tax: capitalCity }), { counter: 1 });
}

const line = (invoice: Invoice, lineId: string): InvoiceLine => lineOf(invoice, lineId);

/** `[net, [tax amounts…], taxTotal, total]` of each credit-note line. */
const figures = (note: CreditNoteDraft | CreditNote): [string, string[], string, string][] =>
  note.lines.map((l) => [dec(l.net), l.taxes.map((t) => dec(t.amount)), dec(l.taxTotal), dec(l.total)]);

const asIssued = (draft: CreditNoteDraft, counter: number): CreditNote => issueCreditNote(draft, { counter });

describe("createCreditNote", () => {
  it("checks the invoice it corrects: two lines, each with two taxes", () => {
    const invoice = issued();
    expect([line(invoice, "L-mon"), line(invoice, "L-eq")].map((l) => [dec(l.net), l.taxes.map((t) => dec(t.amount))])).toEqual([
      ["40.00", ["1.60", "0.40"]],
      ["12.50", ["1.25", "0.13"]],
    ]);
  });

  it("credits half a line (share 0.5): the net and each tax reversed in proportion", () => {
    const invoice = issued();
    const note = createCreditNote(invoice, { lines: [{ invoiceLineId: line(invoice, "L-mon").id, share: "0.5" }], reason: "Outage, half a month", date: "2027-01-20" });
    expect(figures(note)).toEqual([["-20.00", ["-0.80", "-0.20"], "-1.00", "-21.00"]]);
    expect(note.lines[0]?.taxes.map((t) => [t.ruleId, t.jurisdictionId])).toEqual([
      ["xx-state", "US-XX"],
      ["xx-capital", "US-XX-CAP"],
    ]);
    expect([dec(note.subtotal), dec(note.taxTotal), dec(note.total)]).toEqual(["-20.00", "-1.00", "-21.00"]);
    expect(note).toMatchObject({ status: "draft", invoiceNumber: "RES-2026-000001", contractId: "C-TEST", currency: "USD", reason: "Outage, half a month", date: "2027-01-20" });
  });

  it("rounds each reversed tax of a partial credit on its own: half of 1.25 and 0.13 are 0.63 and 0.07", () => {
    const invoice = issued();
    const note = createCreditNote(invoice, { lines: [{ invoiceLineId: line(invoice, "L-eq").id, share: ratio(1, 2) }], reason: "x", date: "2027-01-20" });
    expect(figures(note)).toEqual([["-6.25", ["-0.63", "-0.07"], "-0.70", "-6.95"]]);
  });

  it("credits an amount of a line's net, with the taxes in the same proportion", () => {
    const invoice = issued();
    const note = createCreditNote(invoice, { lines: [{ invoiceLineId: line(invoice, "L-mon").id, amount: "10.00" }], reason: "x", date: "2027-01-20" });
    expect(figures(note)).toEqual([["-10.00", ["-0.40", "-0.10"], "-0.50", "-10.50"]]);
  });

  it("reverses a full line's taxes exactly, whatever their rounding", () => {
    const invoice = issued();
    const eq = line(invoice, "L-eq");
    const note = createCreditNote(invoice, { lines: [{ invoiceLineId: eq.id }], reason: "Returned equipment", date: "2027-01-20" });
    expect(figures(note)).toEqual([["-12.50", ["-1.25", "-0.13"], "-1.38", "-13.88"]]);
    expect(note.lines[0]?.taxes.map((t) => t.amount)).toEqual(eq.taxes.map((t) => negate(t.amount)));
    expect(note.lines[0]?.total).toEqual(negate(eq.total));
  });

  it("credits the whole invoice back to zero", () => {
    const invoice = issued();
    const note = createCreditNote(invoice, { lines: invoice.lines.map((l) => ({ invoiceLineId: l.id })), reason: "Cancelled", date: "2027-01-05" });
    expect(note.total).toEqual(negate(invoice.total));
    expect(note.taxTotal).toEqual(negate(invoice.taxTotal));
  });

  it("reverses exactly the taxes a line was charged when it is credited in two halves", () => {
    const invoice = issued();
    const eq = line(invoice, "L-eq");
    const first = asIssued(createCreditNote(invoice, { lines: [{ invoiceLineId: eq.id, share: "0.5" }], reason: "x", date: "2027-01-20" }), 1);
    const second = createCreditNote(invoice, { lines: [{ invoiceLineId: eq.id }], reason: "y", date: "2027-01-25", previous: [first] });
    expect(dec(sum([first.lines[0]?.net, second.lines[0]?.net].flatMap((m) => (m === undefined ? [] : [m])), "USD"))).toBe("-12.50");
    const reversed = eq.taxes.map((_, t) => dec(sum([first, second].flatMap((note) => note.lines.flatMap((l) => l.taxes[t]?.amount ?? [])), "USD")));
    expect(reversed).toEqual(eq.taxes.map((t) => dec(negate(t.amount))));
  });

  it("refuses to credit beyond what previous credit notes left, and says how much is left", () => {
    const invoice = issued();
    const mon = line(invoice, "L-mon");
    const first = asIssued(createCreditNote(invoice, { lines: [{ invoiceLineId: mon.id, share: "0.5" }], reason: "x", date: "2027-01-20" }), 1);
    const error = validationErrorOf(() => createCreditNote(invoice, { lines: [{ invoiceLineId: mon.id, share: "0.6" }], reason: "y", date: "2027-01-25", previous: [first] }));
    expect(error.issues).toEqual([{ path: ["lines", 0], code: ErrorCodes.tooBig, message: "the shares credited come to more than the whole line: only 20.00 of it is left to credit" }]);
    const byAmount = validationErrorOf(() => createCreditNote(invoice, { lines: [{ invoiceLineId: mon.id, amount: "24.00" }], reason: "y", date: "2027-01-25", previous: [first] }));
    expect(byAmount.issues).toEqual([{ path: ["lines", 0], code: ErrorCodes.tooBig, message: "only 20.00 of this line is left to credit, not 24.00" }]);
    const rest = createCreditNote(invoice, { lines: [{ invoiceLineId: mon.id }], reason: "y", date: "2027-01-25", previous: [first] });
    expect(figures(rest)).toEqual([["-20.00", ["-0.80", "-0.20"], "-1.00", "-21.00"]]);
  });

  it("adds shares exactly: two halves of a 39.99 line credit 20.00 then 19.99, the whole line and its whole tax", () => {
    const contract = buildContract({ lines: [monitoring("L-odd", "39.99")] });
    const invoice = issueInvoice(computeInvoice(contract, periodForMonth(contract, "2027-01"), { tax: exampleland }), { counter: 7 });
    const odd = line(invoice, "L-odd");
    expect([dec(odd.net), dec(odd.taxTotal)]).toEqual(["39.99", "1.60"]);
    const first = asIssued(createCreditNote(invoice, { lines: [{ invoiceLineId: odd.id, share: "0.5" }], reason: "x", date: "2027-01-20" }), 1);
    const second = createCreditNote(invoice, { lines: [{ invoiceLineId: odd.id, share: "0.5" }], reason: "y", date: "2027-01-25", previous: [first] });
    expect([dec(first.subtotal), dec(first.taxTotal)]).toEqual(["-20.00", "-0.80"]);
    expect([dec(second.subtotal), dec(second.taxTotal)]).toEqual(["-19.99", "-0.80"]);
    expect(second.lines[0]?.share).toEqual({ numerator: 1, denominator: 2 });
    // Both halves in one request come to the same.
    const both = createCreditNote(invoice, { lines: [{ invoiceLineId: odd.id, share: "0.5" }, { invoiceLineId: odd.id, share: "0.5" }], reason: "z", date: "2027-01-20" });
    expect(both.lines.map((l) => dec(l.net))).toEqual(["-20.00", "-19.99"]);
    expect(dec(both.total)).toBe("-41.59");
    // Thirds: 13.33, 13.33, 13.33 would leave a cent; added exactly they come to the whole 39.99.
    const thirds = createCreditNote(invoice, { lines: [1, 2, 3].map(() => ({ invoiceLineId: odd.id, share: { numerator: 1, denominator: 3 } })), reason: "t", date: "2027-01-20" });
    expect(thirds.lines.map((l) => dec(l.net))).toEqual(["-13.33", "-13.33", "-13.33"]);
    expect(dec(thirds.subtotal)).toBe("-39.99");
  });

  it("credits the line asked for even when site and line ids contain slashes", () => {
    const contract = buildContract({
      sites: [site("HQ/West", [monitoring("mon", "100.00")]), site("HQ", [monitoring("West/mon", "10.00")])],
    });
    const invoice = issueInvoice(computeInvoice(contract, periodForMonth(contract, "2027-01")), { counter: 3 });
    expect(new Set(invoice.lines.map((l) => l.id)).size).toBe(2);
    expect(invoice.lines.map((l) => l.id)).toEqual(["HQ%2FWest/mon/2027-01-01", "HQ/West%2Fmon/2027-01-01"]);
    const small = invoice.lines.find((l) => l.lineId === "West/mon");
    const note = createCreditNote(invoice, { lines: [{ invoiceLineId: small?.id ?? "" }], reason: "x", date: "2027-01-20" });
    expect(dec(note.subtotal)).toBe("-10.00");
  });

  it("refuses to number an issued credit note again, and to credit a draft invoice", () => {
    const invoice = issued();
    const mon = line(invoice, "L-mon");
    const note = issueCreditNote(createCreditNote(invoice, { lines: [{ invoiceLineId: mon.id }], reason: "x", date: "2027-01-20" }), { counter: 1 });
    const again = thrownBy(() => issueCreditNote(note as unknown as CreditNoteDraft, { counter: 2 }));
    expect(again).toBeInstanceOf(InvalidTransitionError);
    expect([(again as InvalidTransitionError).from, (again as InvalidTransitionError).to]).toEqual(["issued", "issued"]);
    const contract = buildContract({ lines: [monitoring("L-1", "39.99")] });
    const draft = computeInvoice(contract, periodForMonth(contract, "2027-01")) as unknown as Invoice;
    const onDraft = thrownBy(() => createCreditNote(draft, { lines: [{ invoiceLineId: draft.lines[0]?.id ?? "" }], reason: "x", date: "2027-01-20" }));
    expect(onDraft).toBeInstanceOf(InvalidTransitionError);
    expect((onDraft as InvalidTransitionError).from).toBe("draft");
  });

  it("counts earlier lines of the same request, so one line is never credited twice over", () => {
    const invoice = issued();
    const mon = line(invoice, "L-mon");
    const error = validationErrorOf(() => createCreditNote(invoice, { lines: [{ invoiceLineId: mon.id }, { invoiceLineId: mon.id }], reason: "x", date: "2027-01-20" }));
    expect(error.issues).toEqual([{ path: ["lines", 1], code: ErrorCodes.tooBig, message: "nothing of this line is left to credit" }]);
    const halves = createCreditNote(invoice, { lines: [{ invoiceLineId: mon.id, share: "0.5" }, { invoiceLineId: mon.id, share: "0.5" }], reason: "x", date: "2027-01-20" });
    expect(figures(halves)).toEqual([
      ["-20.00", ["-0.80", "-0.20"], "-1.00", "-21.00"],
      ["-20.00", ["-0.80", "-0.20"], "-1.00", "-21.00"],
    ]);
    expect(dec(halves.total)).toBe("-42.00");
  });

  it("ignores credit notes of other invoices when working out what is left", () => {
    const invoice = issued();
    const mon = line(invoice, "L-mon");
    const other = { ...asIssued(createCreditNote(invoice, { lines: [{ invoiceLineId: mon.id }], reason: "x", date: "2027-01-20" }), 1), invoiceNumber: "RES-2026-000099" };
    const note = createCreditNote(invoice, { lines: [{ invoiceLineId: mon.id }], reason: "y", date: "2027-01-25", previous: [other] });
    expect(dec(note.subtotal)).toBe("-40.00");
  });

  it("lists every problem of a request at once", () => {
    const invoice = issued();
    const mon = line(invoice, "L-mon");
    const eq = line(invoice, "L-eq");
    const error = validationErrorOf(() =>
      createCreditNote(invoice, {
        lines: [
          { invoiceLineId: "S-1/L-404/2027-01-01" },
          { invoiceLineId: mon.id, amount: "40.01" },
          { invoiceLineId: eq.id, amount: "1.00", share: "0.1" },
          { invoiceLineId: eq.id, amount: "0.00" },
          { invoiceLineId: eq.id, share: "1.5" },
        ],
        reason: "x",
        date: "2027-01-20",
      }),
    );
    expect(error.issues.map((i) => [formatPath(i.path), i.code])).toEqual([
      ["lines[0].invoiceLineId", ErrorCodes.invalidReference],
      ["lines[1]", ErrorCodes.tooBig],
      ["lines[2]", ErrorCodes.invalidValue],
      ["lines[3]", ErrorCodes.tooSmall],
      ["lines[4]", ErrorCodes.tooBig],
    ]);
  });

  it("refuses an empty credit note", () => {
    const error = validationErrorOf(() => createCreditNote(issued(), { lines: [], reason: "x", date: "2027-01-20" }));
    expect(error.issues.map((i) => [formatPath(i.path), i.code])).toEqual([["lines", ErrorCodes.tooSmall]]);
  });

  it("refuses to credit a void invoice", () => {
    const invoice = voidInvoice(issued(), { on: "2027-01-02", reason: "duplicate" });
    expect(() => createCreditNote(invoice, { lines: [{ invoiceLineId: line(invoice, "L-mon").id }], reason: "x", date: "2027-01-20" })).toThrow(InvalidTransitionError);
  });
});

describe("issueCreditNote", () => {
  it("numbers credit notes in their own series, apart from the invoices", () => {
    const invoice = issued();
    const draft = createCreditNote(invoice, { lines: [{ invoiceLineId: line(invoice, "L-mon").id, share: "0.5" }], reason: "x", date: "2027-01-20" });
    expect(draft.series).toBe("RES-CN");
    const note = issueCreditNote(draft, { counter: 1 });
    expect([note.status, note.number, note.invoiceNumber]).toEqual(["issued", "RES-CN-2027-000001", "RES-2026-000001"]);
    expect(note.number).not.toBe(invoice.number);
    const custom = createCreditNote(invoice, { lines: [{ invoiceLineId: line(invoice, "L-eq").id }], reason: "x", date: "2027-01-20", series: "CN" });
    expect(issueCreditNote(custom, { counter: 7, format: { year: false, padding: 4 } }).number).toBe("CN-0007");
  });

  it("freezes the issued credit note deeply", () => {
    const invoice = issued();
    const note = issueCreditNote(createCreditNote(invoice, { lines: [{ invoiceLineId: line(invoice, "L-mon").id }], reason: "x", date: "2027-01-20" }), { counter: 1 });
    expect(() => {
      (note.lines[0]?.net as { minor: number }).minor = 0;
    }).toThrow(TypeError);
    expect(() => {
      (note as { reason: string }).reason = "changed";
    }).toThrow(TypeError);
  });
});

describe("credit notes four ways: full, by line, by amount, by share", () => {
  const contract = buildContract({ lines: [monitoring("L-mon", "40.00"), equipment("L-panel", "10.00")] });
  const invoice = issueInvoice(computeInvoice(contract, "2027-01", { tax: exampleland }), { counter: 900 });
  // Exampleland: monitoring 40.00 + 4 % = 1.60; panel 10.00 + 10 % = 1.00; total 52.60.

  it("full: nothing said credits the whole invoice, taxes exactly", () => {
    const note = createCreditNote(invoice, { reason: "Cancelled before service", date: "2027-01-02" });
    expect([dec(note.subtotal), dec(note.taxTotal), dec(note.total)]).toEqual(["-50.00", "-2.60", "-52.60"]);
  });

  it("by amount: a net amount spread over the lines in proportion, taxes in proportion", () => {
    // 25.00 over 40.00 : 10.00 → 20.00 and 5.00; taxes 1.60 × 20/40 = 0.80 and 1.00 × 5/10 = 0.50.
    const note = createCreditNote(invoice, { amount: "25.00", reason: "Outage", date: "2027-01-20" });
    expect(note.lines.map((l) => [dec(l.net), dec(l.taxTotal)])).toEqual([
      ["-20.00", "-0.80"],
      ["-5.00", "-0.50"],
    ]);
  });

  it("by share: the same share of every line", () => {
    const note = createCreditNote(invoice, { share: "0.25", reason: "A week without service", date: "2027-01-20" });
    expect(note.lines.map((l) => dec(l.net))).toEqual(["-10.00", "-2.50"]);
  });

  it("refuses an amount beyond what is left, and more than one way at once", () => {
    expect(() => createCreditNote(invoice, { amount: "50.01", reason: "x", date: "2027-01-20" })).toThrow(/only 50\.00 of this invoice is left to credit, not 50\.01/);
    expect(() => createCreditNote(invoice, { amount: "1.00", share: "0.5", reason: "x", date: "2027-01-20" })).toThrow(/give one of lines, amount or share/);
  });
});
