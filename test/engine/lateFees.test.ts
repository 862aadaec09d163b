/**
 * Late fees on the engine: assessed by the late-fee policy after its grace period, billed once —
 * on the next invoice (the default, as Chargebee and Recurly do) or on an invoice of their own —
 * never on a late-fee invoice, never while the invoice is disputed.
 */
import { describe, expect, it } from "vitest";
import { LATE_FEE_LINE_ID } from "../../src/invoice/index.js";
import { toDecimalString } from "../../src/money/index.js";
import { checkLedgerConserved } from "../../src/testing/index.js";
import { parseTimelinePolicy } from "../../src/timeline/index.js";
import { alarmContract, crashAtEveryStep, world, type World } from "./support.js";

// 52.49 a month (39.99 + 12.50, untaxed here), invoiced 5 days ahead, due on the 1st.
const policy = (billAs: "line" | "invoice") => parseTimelinePolicy({ lateFees: { charge: { kind: "fixed", amount: { amount: "10.00", currency: "USD" } }, graceDays: 10, billAs } });

async function daily(w: World, from: string, to: string): Promise<void> {
  for (let ms = Date.parse(`${from}T15:00:00Z`); ms <= Date.parse(`${to}T15:00:00Z`); ms += 86_400_000) {
    w.clock.set(new Date(ms).toISOString());
    await w.engine.run();
  }
}

/** Money conserved, and each invoice's receivable in the ledger equal to its balance. */
async function checkBooks(w: World, accountId: string): Promise<void> {
  const { ledger, payments, stored } = await w.store.transaction(async (tx) => ({ ledger: await tx.listLedger(accountId), payments: await tx.listPayments(accountId), stored: await tx.listOpenInvoices(accountId) }));
  expect(checkLedgerConserved(ledger, payments)).toEqual([]);
  for (const s of stored) {
    const account = `receivable:${s.invoice.number}`;
    const owed = ledger.reduce((t, e) => t + (e.debit === account ? e.amount.minor : 0) - (e.credit === account ? e.amount.minor : 0), 0);
    expect([s.invoice.number, owed]).toEqual([s.invoice.number, s.balance.minor]);
  }
}

async function invoices(w: World, contractId: string) {
  const stored = await w.store.transaction((tx) => tx.listContractInvoices(contractId));
  return stored.map((s) => `${s.invoice.number} ${s.invoice.kind} ${s.invoice.issueDate} ${toDecimalString(s.invoice.total)}`);
}

describe("late fees", () => {
  it("billAs line: assessed the day after the grace period, billed on the next invoice, the case closed", async () => {
    const w = await world([alarmContract("C-LF")], { policy: policy("line") });
    await daily(w, "2026-12-27", "2027-01-27");
    // Due Jan 1, ten days' grace: assessed Jan 12; February's invoice (issued Jan 27) carries it.
    expect(await invoices(w, "C-LF")).toEqual(["INV-2026-000001 cycle 2026-12-27 52.49", "INV-2027-000001 cycle 2027-01-27 62.49"]);
    const february = await w.store.transaction((tx) => tx.getInvoice("INV-2027-000001"));
    const line = february?.invoice.lines.find((l) => l.lineId === LATE_FEE_LINE_ID);
    expect([line?.description, line?.date, toDecimalString(line!.total)]).toEqual(["Late fee on invoice INV-2026-000001 (assessed 2027-01-12)", "2027-01-12", "10.00"]);
    const cases = await w.store.transaction((tx) => tx.listCases("CUST-C-LF"));
    expect(cases.map((c) => [c.id, c.kind, c.status, c.resolution])).toEqual([["invoice:INV-2026-000001:lateFee:2027-01-12", "lateFee", "closed", "billed on invoice INV-2027-000001"]]);
    const activity = await w.store.transaction((tx) => tx.listActivity("CUST-C-LF"));
    expect(activity.find((a) => a.kind === "lateFee.assessed")?.text).toBe("Late fee of 10.00 USD on invoice INV-2026-000001 (fixed fee 10.00 USD), to be billed on the next invoice");
    await checkBooks(w, "CUST-C-LF");
  });

  it("billAs invoice: a late-fee invoice of its own on the day, which earns no late fee itself", async () => {
    const w = await world([alarmContract("C-LFI")], { policy: policy("invoice") });
    let assessed = 0;
    for (let ms = Date.parse("2026-12-27T15:00:00Z"); ms <= Date.parse("2027-03-15T15:00:00Z"); ms += 86_400_000) {
      w.clock.set(new Date(ms).toISOString());
      assessed += (await w.engine.run()).lateFees;
    }
    const all = await invoices(w, "C-LFI");
    // Three cycle invoices unpaid (Jan, Feb, Mar): one fee each; none on the fee invoices.
    expect(all.filter((i) => i.includes(" lateFee "))).toEqual(["INV-2027-000001 lateFee 2027-01-12 10.00", "INV-2027-000003 lateFee 2027-02-12 10.00", "INV-2027-000005 lateFee 2027-03-12 10.00"]);
    expect(assessed).toBe(3);
    const feeInvoice = await w.store.transaction((tx) => tx.getInvoice("INV-2027-000001"));
    expect([feeInvoice?.invoice.dueDate, feeInvoice?.invoice.lines.map((l) => l.kind).join()]).toEqual(["2027-01-17", "fee"]);
    await checkBooks(w, "CUST-C-LFI");
  });

  it("no fee on an invoice paid within the grace period", async () => {
    const w = await world([alarmContract("C-LFP")], { policy: policy("line") });
    await daily(w, "2026-12-27", "2027-01-10");
    await w.engine.recordPayment({ id: "chk-1", accountId: "CUST-C-LFP", amount: { minor: 5249, currency: "USD" }, channel: "check", receivedOn: "2027-01-10" });
    await daily(w, "2027-01-11", "2027-01-27");
    expect(await invoices(w, "C-LFP")).toEqual(["INV-2026-000001 cycle 2026-12-27 52.49", "INV-2027-000001 cycle 2027-01-27 52.49"]);
  });

  it("a crash at every step of the assessing run still bills the fee once", async () => {
    const contracts = () => [alarmContract("C-LFX")];
    const options = { policy: policy("invoice") };
    const setUp = async () => {
      const w = await world(contracts(), options);
      await daily(w, "2026-12-27", "2027-01-11");
      w.clock.set("2027-01-12T15:00:00Z");
      return w;
    };
    const { expected } = await crashAtEveryStep(setUp, contracts, options);
    expect(expected.invoices.filter((i: string) => i.includes(" lateFee "))).toEqual(["INV-2027-000001 lateFee 2027-01-01 1000 open 1000"]);
  });
});
