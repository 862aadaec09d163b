/**
 * The handle's read cache (src/engine/readCache.ts) is invisible to the handle: any sequence of
 * reads and writes, in transactions that commit or roll back, reads through the cache exactly
 * what it reads from the store itself — while the reads it repeats are answered from memory.
 */
import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { createMemoryStore } from "../../src/adapters/memory/index.js";
import { computeInvoice, issueInvoice, type Invoice } from "../../src/invoice/index.js";
import { fromMinorUnits } from "../../src/money/index.js";
import type { BillingStore, StoreTransaction } from "../../src/ports/index.js";
import { handleReads } from "../../src/engine/readCache.js";
import { conformanceContract } from "../../src/testing/index.js";

const contract = conformanceContract("C-1");
const ACCOUNT = contract.customer.id;
const invoiceFor = (month: number): Invoice => issueInvoice(computeInvoice(contract, `2027-${String(month).padStart(2, "0")}`), { counter: month });

type Op =
  | { readonly kind: "getInvoice"; readonly month: number }
  | { readonly kind: "listContractInvoices" }
  | { readonly kind: "listInvoiceAttempts"; readonly month: number }
  | { readonly kind: "getAttempt"; readonly month: number; readonly n: number }
  | { readonly kind: "listContractCreditNotes" }
  | { readonly kind: "listOpenInvoices" }
  | { readonly kind: "insertInvoice"; readonly month: number }
  | { readonly kind: "payInvoice"; readonly month: number; readonly cents: number }
  | { readonly kind: "insertAttempt"; readonly month: number; readonly n: number }
  | { readonly kind: "settleAttempt"; readonly month: number; readonly n: number }
  | { readonly kind: "appendActivity"; readonly n: number };

const month = fc.integer({ min: 1, max: 3 });
const n = fc.integer({ min: 1, max: 3 });
const op: fc.Arbitrary<Op> = fc.oneof(
  month.map((m) => ({ kind: "getInvoice" as const, month: m })),
  fc.constant({ kind: "listContractInvoices" as const }),
  month.map((m) => ({ kind: "listInvoiceAttempts" as const, month: m })),
  fc.record({ month, n }).map((r) => ({ kind: "getAttempt" as const, ...r })),
  fc.constant({ kind: "listContractCreditNotes" as const }),
  fc.constant({ kind: "listOpenInvoices" as const }),
  month.map((m) => ({ kind: "insertInvoice" as const, month: m })),
  fc.record({ month, cents: fc.integer({ min: 0, max: 6000 }) }).map((r) => ({ kind: "payInvoice" as const, ...r })),
  fc.record({ month, n }).map((r) => ({ kind: "insertAttempt" as const, ...r })),
  fc.record({ month, n }).map((r) => ({ kind: "settleAttempt" as const, ...r })),
  n.map((k) => ({ kind: "appendActivity" as const, n: k })),
);
/** Transactions of a few operations each; some end in an error (rolled back). */
const script = fc.array(fc.record({ ops: fc.array(op, { minLength: 1, maxLength: 5 }), fails: fc.boolean() }), { minLength: 1, maxLength: 12 });

/** Runs one operation; a write the store refuses (a second insert, a stale version) is an outcome too. */
async function apply(tx: StoreTransaction, o: Op, seq: { activity: number }): Promise<unknown> {
  const number = (m: number) => invoiceFor(m).number;
  try {
    switch (o.kind) {
      case "getInvoice":
        return await tx.getInvoice(number(o.month));
      case "listContractInvoices":
        return await tx.listContractInvoices(contract.id);
      case "listInvoiceAttempts":
        return await tx.listInvoiceAttempts(number(o.month));
      case "getAttempt":
        return await tx.getAttempt(`${number(o.month)}:try:${o.n}`);
      case "listContractCreditNotes":
        return await tx.listContractCreditNotes(contract.id);
      case "listOpenInvoices":
        return await tx.listOpenInvoices(ACCOUNT);
      case "insertInvoice":
        return await tx.insertInvoice(invoiceFor(o.month), ACCOUNT);
      case "payInvoice": {
        const stored = await tx.getInvoice(number(o.month));
        return stored === undefined ? "none" : await tx.updateInvoice(stored.invoice.number, stored.version, { balance: fromMinorUnits(o.cents, "USD") });
      }
      case "insertAttempt": {
        const invoice = invoiceFor(o.month);
        return await tx.insertAttempt({ key: `${invoice.number}:try:${o.n}`, invoiceNumber: invoice.number, accountId: ACCOUNT, amount: invoice.total, paymentMethodToken: "tok", startedAt: "2027-01-01T00:00:00.000Z", status: "started" });
      }
      case "settleAttempt": {
        const attempt = await tx.getAttempt(`${number(o.month)}:try:${o.n}`);
        return attempt === undefined ? "none" : await tx.updateAttempt(attempt.key, attempt.version, { status: "succeeded", outcome: { status: "succeeded", chargeId: `ch_${o.n}` } });
      }
      case "appendActivity":
        return await tx.appendActivity({ id: `a-${++seq.activity}`, accountId: ACCOUNT, at: "2027-01-02T00:00:00.000Z", kind: "note", text: `note ${o.n}` });
    }
  } catch (error) {
    return `refused: ${(error as Error).name}`;
  }
}

/** What the script read and wrote, transaction by transaction, on `store`. */
async function play(store: BillingStore, steps: readonly { ops: readonly Op[]; fails: boolean }[]): Promise<unknown[]> {
  const seen: unknown[] = [];
  const seq = { activity: 0 };
  for (const step of steps) {
    try {
      await store.transaction(async (tx) => {
        for (const o of step.ops) seen.push([o.kind, await apply(tx, o, seq)]);
        if (step.fails) throw new Error("rolled back");
      });
    } catch (error) {
      seen.push((error as Error).message);
    }
  }
  return seen;
}

async function storeWithContract(): Promise<ReturnType<typeof createMemoryStore>> {
  const store = createMemoryStore();
  await store.transaction(async (tx) => {
    await tx.putContract(contract);
    await tx.insertInvoice(invoiceFor(1), ACCOUNT);
  });
  return store;
}

describe("the handle's read cache", () => {
  test.prop([script], { numRuns: 150 })("reads exactly what the store reads, through commits, rollbacks and refused writes", async (steps) => {
    const plain = await play(await storeWithContract(), steps);
    const cached = await play(handleReads(await storeWithContract()), steps);
    expect(cached).toEqual(plain);
  });

  it("answers a repeated read from memory, and the invoices of a contract answer each getInvoice", async () => {
    const reads = handleReads(await storeWithContract());
    const number = invoiceFor(1).number;
    await reads.transaction((tx) => tx.listContractInvoices(contract.id));
    const again = await reads.transaction(async (tx) => [await tx.listContractInvoices(contract.id), await tx.getInvoice(number), await tx.getInvoice(number)] as const);
    expect(again[0].map((s) => s.invoice.number)).toEqual([number]);
    expect(again[1]?.balance).toEqual(fromMinorUnits(3999, "USD"));
    expect(reads.counts).toEqual({ hits: 3, misses: 1 });
    // A write of another family (activity) forgets nothing; an invoice's update forgets the invoices.
    await reads.transaction((tx) => tx.appendActivity({ id: "a-1", accountId: ACCOUNT, at: "2027-01-02T00:00:00.000Z", kind: "note", text: "n" }));
    await reads.transaction((tx) => tx.getInvoice(number));
    expect(reads.counts).toEqual({ hits: 4, misses: 1 });
    await reads.transaction(async (tx) => tx.updateInvoice(number, 1, { balance: fromMinorUnits(0, "USD") }));
    expect((await reads.transaction((tx) => tx.getInvoice(number)))?.balance).toEqual(fromMinorUnits(0, "USD"));
    expect(reads.counts).toEqual({ hits: 4, misses: 2 });
  });

  it("always reads through what a writer outside the lock can change: contracts, messages, cases", async () => {
    const store = await storeWithContract();
    const reads = handleReads(store);
    const name = async () => (await reads.transaction((tx) => tx.getContract(contract.id)))?.contract.customer.name;
    expect(await name()).toBe("Customer C-1");
    // A CRM sync renames the customer while the handle runs: the handle sees it.
    await store.transaction((tx) => tx.putContract({ ...contract, customer: { ...contract.customer, name: "Renamed" } }, 1));
    expect(await name()).toBe("Renamed");
    const message = { key: "m-1", accountId: ACCOUNT, kind: "invoice", channel: "email" as const, to: "a@example.com", text: "hi", reference: "X", status: "sending" as const, createdAt: "2027-01-01T00:00:00.000Z" };
    expect(await reads.transaction((tx) => tx.getMessage("m-1"))).toBeUndefined();
    await store.transaction((tx) => tx.insertMessage(message));
    expect((await reads.transaction((tx) => tx.getMessage("m-1")))?.key).toBe("m-1");
    expect(reads.counts).toEqual({ hits: 0, misses: 0 });
  });

  it("offers wake-ups as the store does, and forgets everything on clear()", async () => {
    const store = await storeWithContract();
    const number = invoiceFor(1).number;
    const reads = handleReads(store);
    expect(await reads.transaction(async (tx) => [typeof tx.accountStamp, typeof tx.setWakeUp])).toEqual(["function", "function"]);
    expect(await reads.transaction(async (tx) => tx.accountStamp?.(ACCOUNT))).toBe(await store.transaction(async (tx) => tx.accountStamp?.(ACCOUNT)));
    const without: BillingStore = { transaction: (fn) => store.transaction((tx) => fn(Object.create(tx, { setWakeUp: { value: undefined }, accountStamp: { value: undefined } }) as StoreTransaction)) };
    expect(await handleReads(without).transaction(async (tx) => [typeof tx.accountStamp, typeof tx.setWakeUp])).toEqual(["undefined", "undefined"]);
    await reads.transaction((tx) => tx.getInvoice(number));
    await reads.transaction((tx) => tx.getInvoice(number));
    expect(reads.counts).toEqual({ hits: 1, misses: 1 });
    reads.clear();
    await reads.transaction((tx) => tx.getInvoice(number));
    expect(reads.counts).toEqual({ hits: 1, misses: 2 });
  });
});
