/**
 * Disputes and promises to pay on the engine. A dispute pauses that invoice only (no reminders,
 * late fees, auto-pay or collections) and ends in a credit note or in the explanation trace as the
 * answer; a promise to pay holds the account's dunning until its day, then is kept or broken.
 */
import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/errors/index.js";
import { toDecimalString } from "../../src/money/index.js";
import type { OutboxEvent } from "../../src/ports/index.js";
import { parseTimelinePolicy } from "../../src/timeline/index.js";
import { alarmContract, autoPay, world, type World } from "./support.js";

// 52.49 a month (39.99 monitoring + 12.50 panel rental), issued 5 days ahead, due on the 1st;
// runs at 15:00 UTC (09:00 on the customer's clock in Chicago).
async function daily(w: World, from: string, to: string, onDay: (day: string) => Promise<void> = async () => undefined): Promise<void> {
  for (let ms = Date.parse(`${from}T15:00:00Z`); ms <= Date.parse(`${to}T15:00:00Z`); ms += 86_400_000) {
    const at = new Date(ms).toISOString();
    w.clock.set(at);
    await onDay(at.slice(0, 10));
    await w.engine.run();
  }
}

const reminders = async (w: World, accountId: string) =>
  (await w.store.transaction((tx) => tx.listMessages(accountId))).filter((m) => m.kind === "paymentReminder" && m.channel === "email").map((m) => `${String(m.createdAt).slice(0, 10)} ${m.reference}`);

function events(w: World, prefix: string): string[] {
  const seen: string[] = [];
  w.engine.subscribe((e: OutboxEvent) => {
    if (e.type.startsWith(prefix)) seen.push(`${e.type} ${String(e.at).slice(0, 10)}${e.data.to === undefined ? "" : ` ${String(e.data.to)}`}`);
  });
  return seen;
}

async function errorOf(fn: () => Promise<unknown>): Promise<ValidationError> {
  try {
    await fn();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error("expected a ValidationError");
}

describe("disputes", () => {
  it("pause reminders and late fees for that invoice only; upheld, the customer gets the explanation and reminders resume", async () => {
    const policy = parseTimelinePolicy({ lateFees: { charge: { kind: "fixed", amount: { amount: "10.00", currency: "USD" } }, graceDays: 10 } });
    const w = await world([alarmContract("C-DS")], { policy });
    await daily(w, "2026-12-27", "2027-01-02");
    const panel = (await w.store.transaction((tx) => tx.getInvoice("INV-2026-000001")))?.invoice.lines.find((l) => l.lineId === "L-panel");
    const dispute = await w.engine.openDispute({ id: "D-1", invoiceNumber: "INV-2026-000001", lineIds: [panel!.id], reason: "the panel was never installed" });
    expect([dispute.status, dispute.lineIds]).toEqual(["open", [panel!.id]]);
    await daily(w, "2027-01-03", "2027-01-14");
    // No +5 or +10 reminder and no late fee (Jan 12) while it is open.
    expect(await reminders(w, "CUST-C-DS")).toEqual(["2026-12-29 INV-2026-000001", "2027-01-01 INV-2026-000001"]);
    expect((await w.store.transaction((tx) => tx.listCases("CUST-C-DS"))).filter((c) => c.kind === "lateFee")).toEqual([]);
    await w.engine.addDisputeEvidence({ disputeId: "D-1", by: "technician", text: "install ticket #8812, signed by the customer on 2026-12-20" });
    const closed = await w.engine.resolveDispute({ disputeId: "D-1", outcome: "upheld", answer: "Our technician installed the panel on 2026-12-20 (ticket #8812)." });
    expect([closed.status, closed.outcome, closed.evidence.length]).toEqual(["closed", "upheld", 1]);
    w.clock.set("2027-01-15T15:00:00Z");
    expect((await w.engine.run()).disputeAnswers).toBe(1);
    const answer = w.notifier.sent.find((m) => m.request.kind === "disputeAnswer" && m.request.channel === "email");
    expect(answer?.request.text).toContain("Our technician installed the panel on 2026-12-20 (ticket #8812).");
    expect(answer?.request.text).toContain(`- ${panel!.description}: ${panel!.explanation.price}`);
    expect(answer?.request.text).toContain("total 12.50 USD");
    // A rerun sends it no more; the timeline goes on from where it stands (the late fee is due now).
    expect((await w.engine.run()).disputeAnswers).toBe(0);
    const fees = (await w.store.transaction((tx) => tx.listCases("CUST-C-DS"))).filter((c) => c.kind === "lateFee");
    expect(fees.map((c) => c.id)).toEqual(["invoice:INV-2026-000001:lateFee:2027-01-15"]);
  });

  it("credited: a credit note against the disputed lines, the balance lowered, the answer names the note", async () => {
    const w = await world([alarmContract("C-DC")]);
    await daily(w, "2026-12-27", "2027-01-03");
    const panel = (await w.store.transaction((tx) => tx.getInvoice("INV-2026-000001")))?.invoice.lines.find((l) => l.lineId === "L-panel");
    await w.engine.openDispute({ id: "D-2", invoiceNumber: "INV-2026-000001", lineIds: [panel!.id], reason: "panel removed in December" });
    const closed = await w.engine.resolveDispute({ disputeId: "D-2", outcome: "credited", reason: "panel removed on 2026-12-15" });
    expect([closed.outcome, closed.creditNoteNumber]).toEqual(["credited", "INV-CN-2027-000001"]);
    const stored = await w.store.transaction((tx) => tx.getInvoice("INV-2026-000001"));
    expect(toDecimalString(stored!.balance)).toBe("39.99");
    const notes = await w.store.transaction((tx) => tx.listContractCreditNotes("C-DC"));
    expect(notes.map((n) => [n.number, toDecimalString(n.total), n.reason])).toEqual([["INV-CN-2027-000001", "-12.50", "panel removed on 2026-12-15 (dispute D-2)"]]);
    w.clock.set("2027-01-04T15:00:00Z");
    await w.engine.run();
    expect(w.notifier.sent.find((m) => m.request.kind === "disputeAnswer")?.request.text).toContain("credited 12.50 USD on credit note INV-CN-2027-000001: panel removed on 2026-12-15.");
    // The answer tells of the credit note: it is not sent again on its own.
    expect(w.notifier.sent.filter((m) => m.request.kind === "creditNote")).toEqual([]);
    await expect(w.engine.resolveDispute({ disputeId: "D-2", outcome: "upheld" })).rejects.toThrow("dispute D-2 is already settled (credited)");
  });

  it("hold the auto-pay charge of the disputed invoice until settled", async () => {
    const w = await world([alarmContract("C-DA", { paymentMethod: autoPay("tok_visa") })]);
    await daily(w, "2026-12-27", "2026-12-30");
    await w.engine.openDispute({ id: "D-3", invoiceNumber: "INV-2026-000001", reason: "charged for a site we closed" });
    await daily(w, "2026-12-31", "2027-01-05");
    expect(w.gateway.capturedCount()).toBe(0);
    await w.engine.resolveDispute({ disputeId: "D-3", outcome: "upheld", answer: "The site closed on 2027-01-31." });
    await daily(w, "2027-01-06", "2027-01-06");
    expect(w.gateway.capturedCount()).toBe(1);
  });

  it("name every problem of a bad request at once, and a second dispute of one invoice is refused", async () => {
    const w = await world([alarmContract("C-DV")]);
    await daily(w, "2026-12-27", "2026-12-27");
    const bad = await errorOf(() => w.engine.openDispute({ id: "", invoiceNumber: "INV-2026-000001", lineIds: ["nope"], reason: " " }));
    expect(bad.issues.map((i) => `${i.path.join(".")}: ${i.message}`)).toEqual(["id: a dispute needs your id", "reason: say why the invoice is disputed", 'lineIds.0: invoice INV-2026-000001 has no line "nope"']);
    await expect(w.engine.openDispute({ id: "D-9", invoiceNumber: "INV-404", reason: "x" })).rejects.toThrow("no invoice INV-404");
    await w.engine.openDispute({ id: "D-4", invoiceNumber: "INV-2026-000001", reason: "wrong rate" });
    const again = await errorOf(() => w.engine.openDispute({ id: "D-5", invoiceNumber: "INV-2026-000001", reason: "wrong rate" }));
    expect(again.issues[0]?.message).toBe("invoice INV-2026-000001 is already disputed (D-4): add evidence to it instead");
  });
});

describe("promises to pay", () => {
  it("hold dunning until the day; broken, dunning catches up the next morning", async () => {
    const w = await world([alarmContract("C-PB")]);
    const seen = events(w, "account.dunning");
    const promises = events(w, "promiseToPay");
    await daily(w, "2026-12-27", "2027-01-20", async (day) => {
      if (day === "2027-01-20") await w.engine.recordPromiseToPay({ id: "P-1", accountId: "CUST-C-PB", promisedOn: "2027-02-05" });
    });
    await daily(w, "2027-01-21", "2027-02-07");
    // Delinquent falls due on Jan 31 (30 days past due), held while the promise runs, done on Feb 6.
    expect(seen).toEqual(["account.dunning 2027-01-02 past_due", "account.dunning 2027-02-06 delinquent"]);
    expect(promises).toEqual(["promiseToPay.recorded 2027-01-20", "promiseToPay.broken 2027-02-06"]);
  });

  it("kept: paid by the day, closed as kept, and no further dunning", async () => {
    const w = await world([alarmContract("C-PK")]);
    const seen = events(w, "account.dunning");
    const promises = events(w, "promiseToPay");
    await daily(w, "2026-12-27", "2027-01-25", async (day) => {
      if (day === "2027-01-20") await w.engine.recordPromiseToPay({ id: "P-2", accountId: "CUST-C-PK", promisedOn: "2027-01-25", invoiceNumbers: ["INV-2026-000001"] });
      if (day === "2027-01-24") await w.engine.recordPayment({ id: "chk-1", accountId: "CUST-C-PK", amount: { minor: 5249, currency: "USD" }, channel: "check", receivedOn: day });
    });
    await daily(w, "2027-01-26", "2027-01-26");
    expect(seen).toEqual(["account.dunning 2027-01-02 past_due", "account.dunning 2027-01-24 current"]);
    expect(promises).toEqual(["promiseToPay.recorded 2027-01-20", "promiseToPay.kept 2027-01-26"]);
  });

  it("kept after a step fell due: the held step is dropped, never performed late", async () => {
    const w = await world([alarmContract("C-PH")]);
    const seen = events(w, "account.dunning");
    await daily(w, "2026-12-27", "2027-02-06", async (day) => {
      if (day === "2027-01-20") await w.engine.recordPromiseToPay({ id: "P-5", accountId: "CUST-C-PH", promisedOn: "2027-02-05", invoiceNumbers: ["INV-2026-000001"] });
      if (day === "2027-02-05") {
        const open = await w.store.transaction((tx) => tx.listOpenInvoices("CUST-C-PH"));
        await w.engine.recordPayment({ id: "chk-5", accountId: "CUST-C-PH", amount: { minor: open.reduce((t, o) => t + o.balance.minor, 0), currency: "USD" }, channel: "check", receivedOn: day });
      }
    });
    // Delinquent fell due on Jan 31 under the promise; paid on Feb 5, the account goes back to current without it.
    expect(seen).toEqual(["account.dunning 2027-01-02 past_due", "account.dunning 2027-02-05 current"]);
    expect(w.notifier.sent.filter((m) => m.request.kind === "finalNotice")).toEqual([]);
  });

  it("refuse a day in the past or too far ahead, an invoice not open, and a duplicate id — all named", async () => {
    const w = await world([alarmContract("C-PV")]);
    await daily(w, "2026-12-27", "2027-01-03");
    const bad = await errorOf(() => w.engine.recordPromiseToPay({ id: "P-3", accountId: "CUST-C-PV", promisedOn: "2027-04-01", invoiceNumbers: ["INV-9"], amount: { minor: 100, currency: "EUR" } }));
    expect(bad.issues.map((i) => i.path.join("."))).toEqual(["promisedOn", "invoiceNumbers.0"]);
    expect((await errorOf(() => w.engine.recordPromiseToPay({ id: "P-3", accountId: "CUST-C-PV", promisedOn: "2026-12-01" }))).issues[0]?.message).toBe("2026-12-01 is in the past");
    await w.engine.recordPromiseToPay({ id: "P-4", accountId: "CUST-C-PV", promisedOn: "2027-01-10" });
    expect((await errorOf(() => w.engine.recordPromiseToPay({ id: "P-4", accountId: "CUST-C-PV", promisedOn: "2027-01-10" }))).issues[0]?.message).toBe("promise to pay P-4 is already recorded");
  });
});
