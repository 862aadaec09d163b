/**
 * `billing.midPeriodChanges: "immediate"` on the engine: a price change inside a January already
 * invoiced is billed by the first run that knows of it (recorded on Jan 10, effective Jan 11) as
 * an adjustment invoice for the rest of the period (delivered like any invoice), a decrease
 * credited by a credit note naming the invoice — once each, however often the run comes;
 * February's invoice carries no adjustment.
 */
import { describe, expect, it } from "vitest";
import { toDecimalString } from "../../src/money/index.js";
import { buildContract, monitoring } from "../contract/builder.js";
import { world } from "./support.js";

// 31.00 a month from 2027-01-01 (invoiced Dec 27): days are 1.00 each in January.
const withChange = (rate: string) =>
  buildContract({ id: "C-MP", lines: [monitoring("L-mon", "31.00", { priceChanges: [{ effective: "2027-01-11", rate }] })], billing: { midPeriodChanges: "immediate" }, customer: { id: "CUST-C-MP", name: "Mid Period", contact: { email: "mp@example.com" }, channels: ["email"] } });

async function january(rate: string) {
  const w = await world([buildContract({ id: "C-MP", lines: [monitoring("L-mon", "31.00")], billing: { midPeriodChanges: "immediate" }, customer: { id: "CUST-C-MP", name: "Mid Period", contact: { email: "mp@example.com" }, channels: ["email"] } })], { settings: { billFrom: "2026-12-27" } });
  await w.engine.run({ asOf: "2026-12-27T15:00:00Z" });
  // The change is recorded on Jan 10 for Jan 11 (a CRM sync, an upgrade call).
  await w.store.transaction(async (tx) => {
    const stored = await tx.getContract("C-MP");
    if (stored === undefined) throw new Error("no contract");
    await tx.putContract(withChange(rate), stored.version);
  });
  const days = [];
  for (const day of ["2027-01-10", "2027-01-11", "2027-01-12", "2027-01-27"]) {
    w.clock.set(`${day}T15:00:00Z`);
    days.push((await w.engine.run()).invoicesIssued + (await w.engine.run()).invoicesIssued);
  }
  const stored = await w.store.transaction(async (tx) => ({ invoices: await tx.listContractInvoices("C-MP"), notes: await tx.listContractCreditNotes("C-MP") }));
  return { w, days, ...stored };
}

describe('midPeriodChanges "immediate" on the engine', () => {
  it("an upgrade from Jan 11: 21 days × 1.00 more billed by the next run as an adjustment invoice, delivered, once; February at the new price", async () => {
    const { w, days, invoices, notes } = await january("62.00");
    // Invoices issued by the two runs of each day: Jan 10 (the adjustment), 11, 12, 27 (February).
    expect(days).toEqual([1, 0, 0, 1]);
    expect(invoices.map((s) => [s.invoice.kind ?? "cycle", s.invoice.issueDate, toDecimalString(s.invoice.total)])).toEqual([
      ["cycle", "2026-12-27", "31.00"],
      ["adjustment", "2027-01-10", "21.00"],
      ["cycle", "2027-01-27", "62.00"],
    ]);
    expect(notes).toEqual([]);
    const delivered = w.notifier.sent.filter((m) => m.request.kind === "invoice").map((m) => m.request.subject);
    expect(delivered.some((s) => s?.includes(invoices[1]?.invoice.number ?? "?") === true)).toBe(true);
    expect(invoices[2]?.invoice.lines.map((l) => l.kind)).toEqual(["recurring"]);
  });

  it("a downgrade from Jan 11: 21 days × 0.50 credited by the next run in a credit note naming January's invoice, once", async () => {
    const { days, invoices, notes } = await january("15.50");
    expect(days).toEqual([0, 0, 0, 1]);
    expect(invoices.map((s) => [s.invoice.kind ?? "cycle", toDecimalString(s.invoice.total)])).toEqual([
      ["cycle", "31.00"],
      ["cycle", "15.50"],
    ]);
    expect(notes.map((n) => [n.invoiceNumber, n.date, toDecimalString(n.total)])).toEqual([[invoices[0]?.invoice.number, "2027-01-10", "-10.50"]]);
  });
});
