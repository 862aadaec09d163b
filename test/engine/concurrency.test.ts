/**
 * `run({ concurrency })`: several accounts handled at once does what one at a time does. Invoice
 * and credit-note numbers are drawn in the order accounts finish, so the two worlds are compared
 * with each number replaced by what it numbers (contract, period, kind, issue day), and the signed
 * links (which carry the number) by a placeholder, the simulated gateway's charge ids and the
 * notifier's message ids (counted
 * across accounts) by one name, and the customers act only through auto-pay (simulated habits are
 * drawn from the invoice numbers) — everything else must be identical: every
 * invoice, credit note, attempt, payment, ledger line, message, case, activity line and event, and
 * what the gateway and the notifier received.
 */
import { describe, expect, it } from "vitest";
import { createManualClock, createMemoryStore, createRecordingNotifier, createSimulatedGateway } from "../../src/adapters/memory/index.js";
import { createBillingEngine, ValidationError } from "../../src/index.js";
import { alarmContract } from "./support.js";
import { everything, simulatePortfolio, type WakeUpWorld } from "./wakeUpWorld.js";

/** The world's records with its numbers named by what they number, links and QR codes elided, global lists in key order. */
async function normalized(world: WakeUpWorld): Promise<unknown> {
  const names = new Map<string, string>();
  await world.store.transaction(async (tx) => {
    for (const id of world.contractIds) {
      for (const s of await tx.listContractInvoices(id)) names.set(s.invoice.number, `<${id} ${s.invoice.siteIds.join("+")} ${s.invoice.period.start} ${s.invoice.kind ?? "cycle"} ${s.invoice.issueDate}>`);
      for (const n of await tx.listContractCreditNotes(id)) names.set(n.number, `<credit ${id} ${n.invoiceNumber} ${n.date} ${n.total.minor}>`);
    }
  });
  const all = await everything(world);
  let text = JSON.stringify(all);
  // Credit-note numbers name an invoice number: replace them first, then the invoices'.
  for (const [number, name] of [...names].sort((a, b) => b[0].length - a[0].length)) text = text.split(number).join(name);
  for (const [number, name] of names) text = text.split(number).join(name);
  text = text.replace(/https:\/\/pay\.example\.com\/[A-Za-z0-9_\-./?=&%]+/g, "<link>").replace(/<svg[\s\S]*?<\/svg>/g, "<qr>").replace(/M\d[\d.hvHV M]*z/g, "<qr>").replace(/ch_\d+/g, "ch_N").replace(/msg_\d+/g, "msg_N");
  const parsed = JSON.parse(text) as { data: Record<string, unknown>; sent: unknown[] };
  // What the notifier received, across accounts: in the order of what it says.
  parsed.sent = parsed.sent.map((m) => JSON.stringify(m)).sort();
  const events = parsed.data["events"] as { id: string }[];
  parsed.data["events"] = [...events].sort((a, b) => a.id.localeCompare(b.id));
  return parsed;
}

describe("a run handling several accounts at once", () => {
  it("does what one account at a time does, record for record (a generated portfolio, seven months)", async () => {
    const one = await simulatePortfolio({ accounts: 24, seed: 7, from: "2026-12-27", to: "2027-07-31", wakeUps: true, quietCustomers: true });
    const many = await simulatePortfolio({ accounts: 24, seed: 7, from: "2026-12-27", to: "2027-07-31", wakeUps: true, concurrency: 6, quietCustomers: true });
    const [expected, got] = [await normalized(one), await normalized(many)];
    expect(JSON.stringify(expected)).not.toContain("INV-");
    const data = (got as { data: Record<string, unknown[]> }).data;
    // Real work on both: invoices, charges and messages.
    expect(Object.keys(data).filter((k) => k.startsWith("invoices:")).reduce((n, k) => n + (data[k]?.length ?? 0), 0)).toBeGreaterThan(24 * 5);
    expect([one.mostLocksHeld, many.mostLocksHeld]).toEqual([1, 6]);
    expect(many.gateway.capturedCount()).toBe(one.gateway.capturedCount());
    expect(many.gateway.capturedCount()).toBeGreaterThan(0);
    const want = expected as { data: Record<string, unknown>; charges: unknown; sent: unknown };
    const have = got as typeof want;
    for (const key of Object.keys(want.data)) expect({ [key]: have.data[key] }).toEqual({ [key]: want.data[key] });
    expect(Object.keys(have.data).sort()).toEqual(Object.keys(want.data).sort());
    expect(have.charges).toEqual(want.charges);
    expect(have.sent).toEqual(want.sent);
  }, 180_000);

  it("keeps the invoice numbers gap-free and the reports' counts the same", async () => {
    const contracts = Array.from({ length: 12 }, (_, i) => alarmContract(`C-${String(i).padStart(2, "0")}`));
    const reports = [];
    const numbers = [];
    for (const concurrency of [1, 5]) {
      const store = createMemoryStore();
      await store.transaction(async (tx) => {
        for (const c of contracts) await tx.putContract(c);
      });
      const clock = createManualClock("2026-12-27T15:00:00Z");
      const engine = createBillingEngine({ store, gateway: createSimulatedGateway({ clock }), notifier: createRecordingNotifier(), clock });
      const report = await engine.run({ asOf: "2026-12-27T15:00:00Z", concurrency });
      reports.push({ ...report, durationMs: 0 });
      numbers.push((await store.transaction(async (tx) => Promise.all(contracts.map((c) => tx.listContractInvoices(c.id))))).flat().map((s) => s.invoice.number).sort());
    }
    expect(reports[1]).toEqual(reports[0]);
    expect(reports[0]?.invoicesIssued).toBe(12);
    expect(numbers[1]).toEqual(numbers[0]);
    expect(numbers[0]).toEqual(Array.from({ length: 12 }, (_, i) => `INV-2026-${String(i + 1).padStart(6, "0")}`));
  });

  it("refuses a concurrency it cannot use, naming the field", async () => {
    const clock = createManualClock("2026-12-27T15:00:00Z");
    const engine = createBillingEngine({ store: createMemoryStore(), gateway: createSimulatedGateway({ clock }), notifier: createRecordingNotifier(), clock });
    for (const concurrency of [0, 65, 2.5, Number.NaN]) {
      const error = await engine.run({ concurrency }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues[0]?.path).toEqual(["concurrency"]);
      expect((error as ValidationError).message).toContain("from 1 to 64");
    }
  });
});
