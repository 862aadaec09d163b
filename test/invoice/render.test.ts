import { describe, expect, it } from "vitest";
import {
  computeInvoice,
  createCreditNote,
  issueInvoice,
  periodForMonth,
  renderInvoiceText,
  toJsonDocument,
  type InvoiceDraft,
} from "../../src/invoice/index.js";
import { formatMoney, money, multiply } from "../../src/money/index.js";
import { buildContract, equipment, monitoring } from "../contract/builder.js";
import { dec, exampleland, onlyLine } from "./support.js";

/** 2 × 39.99 monitoring and 12.50 equipment (exempt), 10 % off everything. */
function sampleDraft(): InvoiceDraft {
  const contract = buildContract({
    billing: { invoiceSeries: "RES" },
    customer: { taxExemptions: [{ certificateId: "EX-1", categories: ["equipment-rental"] }] },
    lines: [monitoring("L-1", "39.99", { quantity: 2 }), equipment("L-2", "12.50")],
    discounts: [{ id: "D-1", description: "Promo 10 %", kind: "percent", percent: "10", appliesTo: { scope: "invoice" } }],
  });
  return computeInvoice(contract, periodForMonth(contract, "2027-01"), { tax: exampleland });
}

/** The right-hand column of the row starting with `label`. */
function rowValue(text: string, label: string): string | undefined {
  const row = text.split("\n").find((l) => l.trimStart().startsWith(label));
  return row?.slice(label.length + row.indexOf(label)).trim();
}

describe("renderInvoiceText", () => {
  it("shows a draft's header, lines, discounts, taxes, waived taxes and totals", () => {
    const text = renderInvoiceText(sampleDraft());
    const lines = text.split("\n");
    expect(lines[1]).toBe("DRAFT INVOICE (RES, not yet numbered)");
    expect(text).toContain("Bill to:   Test Customer (CUST-1)");
    expect(text).toContain("Period:    2027-01-01 to 2027-02-01 (exclusive) · period #0");
    expect(text).toContain("■ Site S-1 [S-1]");
    expect(rowValue(text, "Cellular monitoring · qty 2 · 2027-01-01 to 2027-02-01")).toBe("$79.98");
    expect(text).toContain("Exampleland sales tax: exempt: certificate EX-1");
    expect(rowValue(text, "Subtotal")).toBe("$92.48");
    expect(rowValue(text, "Discounts")).toBe("−$9.25");
    expect(rowValue(text, "Exampleland sales tax (Exampleland)")).toBe("$2.88");
    expect(rowValue(text, "TOTAL USD")).toBe("$86.11");
    expect(lines.every((l) => l.length <= 96 || l.startsWith("Please pay") || l.trimStart().startsWith("↳"))).toBe(true);
  });

  it("explains each line under it, and leaves the explanations out when asked", () => {
    const draft = sampleDraft();
    expect(renderInvoiceText(draft)).toContain("↳ 2 × 39.99 (contract rate) × 1 month(s) × 1");
    expect(renderInvoiceText(draft, { explain: false })).not.toContain("↳");
  });

  it("shows an issued invoice's number and state, and formats amounts in the customer's locale", () => {
    const invoice = issueInvoice(sampleDraft(), { counter: 1 });
    const text = renderInvoiceText(invoice, { locale: "fr-CA" });
    expect(text.split("\n")[1]).toBe("INVOICE RES-2026-000001 — OPEN");
    expect(rowValue(text, "TOTAL USD")).toBe(formatMoney(invoice.total, { locale: "fr-CA" }));
    expect(text).toContain("Reference: RES-2026-000001");
  });

  it("keeps every row within the width asked for, cutting long descriptions", () => {
    const text = renderInvoiceText(sampleDraft(), { width: 60, explain: false });
    const rows = text.split("\n").filter((l) => !l.startsWith("Please pay") && !l.includes("exempt:"));
    expect(rows.every((l) => l.length <= 60)).toBe(true);
    expect(text).toContain("…");
  });
});

/** Every `[path, value]` of a JSON value where the value is a number. */
function numbersIn(value: unknown, path = ""): [string, number][] {
  if (typeof value === "number") return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((item, i) => numbersIn(item, `${path}[${i}]`));
  if (typeof value === "object" && value !== null) return Object.entries(value).flatMap(([key, inner]) => numbersIn(inner, path === "" ? key : `${path}.${key}`));
  return [];
}

/** Every object of a JSON value that has a `currency` key. */
function moneyObjects(value: unknown): Record<string, unknown>[] {
  if (Array.isArray(value)) return value.flatMap(moneyObjects);
  if (typeof value !== "object" || value === null) return [];
  const record = value as Record<string, unknown>;
  const inner = Object.values(record).flatMap(moneyObjects);
  return "currency" in record && "amount" in record ? [record, ...inner] : inner;
}

describe("toJsonDocument", () => {
  it("turns Money into { amount: '129.99', currency }", () => {
    expect(toJsonDocument(money("129.99", "USD"))).toEqual({ amount: "129.99", currency: "USD" });
    expect(toJsonDocument(money("-20.00", "USD"))).toEqual({ amount: "-20.00", currency: "USD" });
    expect(toJsonDocument(money(1500, "JPY"))).toEqual({ amount: "1500", currency: "JPY" });
    expect(toJsonDocument(money("1.234", "KWD"))).toEqual({ amount: "1.234", currency: "KWD" });
  });

  it("writes exact amounts as decimal strings and never as floats", () => {
    expect(toJsonDocument(multiply(money("0.10", "USD"), "0.3333"))).toEqual({ amount: "0.03333", currency: "USD" });
  });

  it("never outputs a JS number for money anywhere in an invoice: numbers are only counts", () => {
    const document = toJsonDocument(issueInvoice(sampleDraft(), { counter: 1 }));
    const keys = new Set(numbersIn(document).map(([path]) => path.replace(/^.*\./, "").replace(/\[\d+\]$/, "")));
    expect([...keys].sort()).toEqual(["cycleMonths", "index", "quantity"]);
    const monies = moneyObjects(document);
    expect(monies.length).toBeGreaterThan(20);
    for (const m of monies) expect([typeof m["amount"], typeof m["currency"]]).toEqual(["string", "string"]);
    expect(JSON.stringify(document)).not.toContain('"minor"');
  });

  it("writes the invoice's totals and tax rates as strings", () => {
    const document = toJsonDocument(sampleDraft()) as Record<string, unknown>;
    expect(document["total"]).toEqual({ amount: "86.11", currency: "USD" });
    const lines = document["lines"] as Record<string, unknown>[];
    const taxes = lines[0]?.["taxes"] as Record<string, unknown>[];
    expect(taxes[0]).toMatchObject({ rate: "0.04", base: { amount: "71.98", currency: "USD" }, unrounded: { amount: "2.8792", currency: "USD" }, amount: { amount: "2.88", currency: "USD" } });
  });

  it("writes a credit note's negative amounts as strings", () => {
    const invoice = issueInvoice(sampleDraft(), { counter: 1 });
    const lineId = invoice.lines[0]?.id ?? "";
    const document = toJsonDocument(createCreditNote(invoice, { lines: [{ invoiceLineId: lineId }], reason: "x", date: "2027-01-20" })) as Record<string, unknown>;
    expect(document["total"]).toEqual({ amount: "-74.86", currency: "USD" });
    expect(numbersIn(document)).toEqual([]);
  });

  it("gives plain data that survives a JSON round trip unchanged", () => {
    const document = toJsonDocument(sampleDraft());
    expect(JSON.parse(JSON.stringify(document))).toEqual(document);
  });

  it("writes bigints as strings", () => {
    expect(toJsonDocument({ counter: 12345678901234567890n })).toEqual({ counter: "12345678901234567890" });
  });
});

describe("renderInvoiceText: the rounding step of each line", () => {
  it("shows the listed price rounding to itself for a tax-inclusive line, not to the amount net of tax", () => {
    const contract = buildContract({ billing: { currency: "KWD", taxInclusive: true }, lines: [monitoring("L-1", "11.000", { taxCategory: "equipment-rental" })] });
    const draft = computeInvoice(contract, periodForMonth(contract, "2027-01"), { tax: exampleland });
    const line = onlyLine(draft);
    expect([dec(line.amount), dec(line.taxTotal), dec(line.total)]).toEqual(["10.000", "1.000", "11.000"]);
    expect(line.explanation).toMatchObject({ unrounded: "11.000", rounded: "11.000" });
    expect(renderInvoiceText(draft)).toContain("= 11.000 → 11.000 (halfUp)");
  });

  it("shows an unused-time credit rounding from a negative exact amount to its negative amount", () => {
    const billed = buildContract({ billing: { currency: "JPY" }, lines: [monitoring("L-1", "3100")] });
    const january = issueInvoice(computeInvoice(billed, periodForMonth(billed, "2027-01")), { counter: 1 });
    const ended = buildContract({ billing: { currency: "JPY" }, lines: [monitoring("L-1", "3100", { end: "2027-01-20" })] });
    const february = computeInvoice(ended, periodForMonth(ended, "2027-02"), { issued: [january] });
    const credit = february.lines.find((l) => l.kind === "credit");
    // 3100 × 12/31 = 1200 exactly.
    expect(credit?.explanation).toMatchObject({ unrounded: "-1200", rounded: "-1200" });
    expect(renderInvoiceText(february)).toContain("= -1200 → -1200 (halfUp)");
  });
});
