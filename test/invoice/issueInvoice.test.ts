import { describe, expect, it } from "vitest";
import { thrownBy } from "../support/errors.js";
import { ErrorCodes, formatPath, ValidationError } from "../../src/errors/index.js";
import {
  computeInvoice,
  formatDocumentNumber,
  InvalidTransitionError,
  issueInvoice,
  markPaid,
  markUncollectible,
  periodForMonth,
  sequenceKey,
  voidInvoice,
  type Invoice,
  type InvoiceDraft,
} from "../../src/invoice/index.js";
import { buildContract, monitoring } from "../contract/builder.js";
import { exampleland } from "./support.js";

function draftInvoice(): InvoiceDraft {
  const contract = buildContract({ billing: { invoiceSeries: "RES" }, lines: [monitoring("L-1", "39.99")] });
  return computeInvoice(contract, periodForMonth(contract, "2027-01"), { tax: exampleland });
}

describe("formatDocumentNumber and sequenceKey", () => {
  it("formats series, issue year and a zero-padded counter: RES-2027-000123", () => {
    expect(formatDocumentNumber("RES", "2027-01-27", 123)).toBe("RES-2027-000123");
    expect(formatDocumentNumber("RES", "2027-12-31", 1)).toBe("RES-2027-000001");
  });

  it("follows the number format: no year, padding, prefix and separator", () => {
    expect(formatDocumentNumber("CN", "2027-02-03", 7, { year: false, padding: 4 })).toBe("CN-0007");
    expect(formatDocumentNumber("RES", "2027-02-03", 42, { prefix: "INV", separator: "/" })).toBe("INV/2027/000042");
    expect(formatDocumentNumber("RES", "2027-02-03", 999999)).toBe("RES-2027-999999");
  });

  it("refuses a counter that is not a positive whole number or has more digits than the padding", () => {
    for (const counter of [0, -1, 1.5, Number.NaN]) {
      const error = thrownBy(() => formatDocumentNumber("RES", "2027-01-27", counter));
      expect(error).toBeInstanceOf(ValidationError);
      if (error instanceof ValidationError) expect(error.issues.map((i) => [formatPath(i.path), i.code])).toEqual([["counter", ErrorCodes.tooSmall]]);
    }
    const tooLong = thrownBy(() => formatDocumentNumber("RES", "2027-01-27", 1_000_000));
    expect(tooLong instanceof ValidationError ? tooLong.issues.map((i) => i.code) : []).toEqual([ErrorCodes.tooBig]);
  });

  it("refuses a padding outside 1–18 digits", () => {
    const error = thrownBy(() => formatDocumentNumber("RES", "2027-01-27", 1, { padding: 0 }));
    expect(error instanceof ValidationError ? error.issues.map((i) => formatPath(i.path)) : []).toContain("format.padding");
  });

  it("refuses a blank prefix and an issue date that is not a day, listing both", () => {
    const error = thrownBy(() => formatDocumentNumber(" ", "bad", 1));
    expect(error instanceof ValidationError ? error.issues.map((i) => [formatPath(i.path), i.code]) : []).toEqual([
      ["series", ErrorCodes.invalidValue],
      ["issueDate", ErrorCodes.invalidDate],
    ]);
    const prefix = thrownBy(() => formatDocumentNumber("RES", "2027-01-27", 1, { prefix: "" }));
    expect(prefix instanceof ValidationError ? prefix.issues.map((i) => formatPath(i.path)) : []).toEqual(["format.prefix"]);
    expect(thrownBy(() => sequenceKey("RES", "2027-02-30"))).toBeInstanceOf(ValidationError);
    // Without the year in the number, the date is not read.
    expect(formatDocumentNumber("CN", "whenever", 7, { year: false, padding: 4 })).toBe("CN-0007");
  });

  it("keys a sequence by series and year, so counters restart each year, or by series alone without the year", () => {
    expect(sequenceKey("RES", "2027-01-27")).toBe("RES-2027");
    expect(sequenceKey("RES", "2028-01-01")).toBe("RES-2028");
    expect(sequenceKey("RES", "2027-01-27", { year: false })).toBe("RES");
    expect(sequenceKey("RES", "2027-01-27", { separator: "/" })).toBe("RES/2027");
  });
});

describe("issueInvoice", () => {
  it("numbers the draft in its series by its issue date and opens it", () => {
    const draft = draftInvoice();
    const invoice = issueInvoice(draft, { counter: 17 });
    expect(invoice.status).toBe("open");
    expect(invoice.number).toBe("RES-2026-000017");
    expect(invoice.issueDate).toBe("2026-12-27");
    expect(invoice.total).toEqual(draft.total);
    expect(invoice.lines).toEqual(draft.lines);
  });

  it("quotes the invoice number, not the contract id, in the payment instructions", () => {
    const invoice = issueInvoice(draftInvoice(), { counter: 1 });
    expect(invoice.paymentInstructions.reference).toBe("RES-2026-000001");
    expect(invoice.paymentInstructions.text).toBe(
      "Please pay 41.59 USD by 2027-01-01: online with the secure payment link, by ACH transfer, or by check quoting RES-2026-000001.",
    );
  });

  it("freezes the issued invoice deeply: changing it throws in strict mode", () => {
    const invoice = issueInvoice(draftInvoice(), { counter: 1 });
    expect(Object.isFrozen(invoice)).toBe(true);
    expect(() => {
      (invoice as { total: unknown }).total = { minor: 0, currency: "USD" };
    }).toThrow(TypeError);
    const line = invoice.lines[0];
    expect(line).toBeDefined();
    expect(() => {
      (line?.amount as { minor: number }).minor = 1;
    }).toThrow(TypeError);
    expect(() => {
      (invoice.lines as unknown[]).push("extra");
    }).toThrow(TypeError);
    expect(() => {
      (line?.taxes[0]?.amount as { minor: number }).minor = 0;
    }).toThrow(TypeError);
    expect(() => {
      (invoice.period as { end: string }).end = "2099-01-01";
    }).toThrow(TypeError);
    expect(invoice.lines[0]?.amount.minor).toBe(3999);
  });

  it("refuses to issue an invoice a second time", () => {
    const invoice = issueInvoice(draftInvoice(), { counter: 1 });
    const error = thrownBy(() => issueInvoice(invoice as unknown as InvoiceDraft, { counter: 2 }));
    expect(error).toBeInstanceOf(InvalidTransitionError);
    if (error instanceof InvalidTransitionError) {
      expect([error.code, error.from, error.to]).toEqual([ErrorCodes.invalidTransition, "open", "open"]);
    }
  });

  it("refuses a bad counter and leaves nothing issued", () => {
    expect(thrownBy(() => issueInvoice(draftInvoice(), { counter: 0 }))).toBeInstanceOf(ValidationError);
  });
});

describe("invoice states", () => {
  const open = (): Invoice => issueInvoice(draftInvoice(), { counter: 1 });

  it("moves an open invoice to paid, void or uncollectible, keeping the content and the date", () => {
    const paid = markPaid(open(), { on: "2027-01-02" });
    expect([paid.status, paid.closedOn, paid.number]).toEqual(["paid", "2027-01-02", "RES-2026-000001"]);
    expect(paid.total).toEqual(open().total);
    const voided = voidInvoice(open(), { on: "2027-01-03", reason: "duplicate" });
    expect([voided.status, voided.closedOn, voided.closeReason]).toEqual(["void", "2027-01-03", "duplicate"]);
    const written = markUncollectible(open(), { on: "2027-06-01", reason: "written off after collections" });
    expect([written.status, written.closeReason]).toEqual(["uncollectible", "written off after collections"]);
  });

  it("lets an uncollectible invoice still be paid", () => {
    const written = markUncollectible(open(), { on: "2027-06-01", reason: "collections" });
    expect(markPaid(written, { on: "2027-07-01" }).status).toBe("paid");
  });

  it("returns a new frozen invoice and leaves the old one as it was", () => {
    const before = open();
    const after = markPaid(before, { on: "2027-01-02" });
    expect(before.status).toBe("open");
    expect(Object.isFrozen(after)).toBe(true);
  });

  it.each([
    ["paid", "void", (i: Invoice) => voidInvoice(markPaid(i, { on: "2027-01-02" }), { on: "2027-01-03", reason: "x" })],
    ["paid", "paid", (i: Invoice) => markPaid(markPaid(i, { on: "2027-01-02" }), { on: "2027-01-03" })],
    ["paid", "uncollectible", (i: Invoice) => markUncollectible(markPaid(i, { on: "2027-01-02" }), { on: "2027-01-03", reason: "x" })],
    ["void", "paid", (i: Invoice) => markPaid(voidInvoice(i, { on: "2027-01-02", reason: "x" }), { on: "2027-01-03" })],
    ["void", "void", (i: Invoice) => voidInvoice(voidInvoice(i, { on: "2027-01-02", reason: "x" }), { on: "2027-01-03", reason: "y" })],
    ["uncollectible", "void", (i: Invoice) => voidInvoice(markUncollectible(i, { on: "2027-01-02", reason: "x" }), { on: "2027-01-03", reason: "y" })],
    ["uncollectible", "uncollectible", (i: Invoice) => markUncollectible(markUncollectible(i, { on: "2027-01-02", reason: "x" }), { on: "2027-01-03", reason: "y" })],
  ])("refuses to move an invoice from %s to %s", (from, to, move) => {
    const error = thrownBy(() => move(open()));
    expect(error).toBeInstanceOf(InvalidTransitionError);
    if (error instanceof InvalidTransitionError) {
      expect([error.from, error.to, error.code]).toEqual([from, to, ErrorCodes.invalidTransition]);
      expect(error.message).toBe(`Cannot move invoice RES-2026-000001 from ${from} to ${to}`);
    }
  });
});

describe("invoice states: what was never issued", () => {
  it("refuses to pay, void or write off a draft, naming it a draft", () => {
    const draft = draftInvoice() as unknown as Invoice;
    for (const [to, move] of [
      ["paid", () => markPaid(draft, { on: "2027-01-02" })],
      ["void", () => voidInvoice(draft, { on: "2027-01-02", reason: "x" })],
      ["uncollectible", () => markUncollectible(draft, { on: "2027-01-02", reason: "x" })],
    ] as const) {
      const error = thrownBy(move);
      expect(error).toBeInstanceOf(InvalidTransitionError);
      if (error instanceof InvalidTransitionError) {
        expect([error.from, error.to]).toEqual(["draft", to]);
        expect(error.message).toBe(`Cannot move invoice (draft) from draft to ${to}`);
      }
    }
  });
});

describe("issuing, whatever the ids look like", () => {
  it("puts the invoice number in the payment text without touching amounts or dates that contain the contract id", () => {
    const contract = buildContract({ id: "9", lines: [monitoring("L-1", "39.99")] });
    const invoice = issueInvoice(computeInvoice(contract, periodForMonth(contract, "2027-01")), { counter: 7, format: { prefix: "INV" } });
    expect(invoice.paymentInstructions.text).toBe(
      "Please pay 39.99 USD by 2027-01-01: online with the secure payment link, by ACH transfer, or by check quoting INV-2026-000007.",
    );
    expect(invoice.paymentInstructions.reference).toBe("INV-2026-000007");
  });

  it("gives two series printed with one prefix one counter, so their numbers never collide", () => {
    expect(sequenceKey("RES", "2027-01-05", { prefix: "INV" })).toBe(sequenceKey("COM", "2027-03-01", { prefix: "INV" }));
    expect(sequenceKey("RES", "2027-01-05")).not.toBe(sequenceKey("COM", "2027-01-05"));
  });
});
