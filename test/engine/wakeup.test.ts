/**
 * Wake-ups: the run pages only the contracts with something due. Skipping a contract that had
 * something due would be a billing defect, so the proof is differential: a generated portfolio
 * simulated day by day with wake-ups does exactly what it does without them — every invoice,
 * credit note, charge attempt, payment, ledger line, message, case, activity line and event, and
 * every charge and message the gateway and notifier received — while most contract-days sleep.
 */
import { describe, expect, it } from "vitest";
import { createManualClock, createMemoryStore, createRecordingNotifier, createSimulatedGateway } from "../../src/adapters/memory/index.js";
import { createBillingEngine } from "../../src/engine/index.js";
import type { BillingStore, StoreTransaction } from "../../src/ports/index.js";
import { equipment, monitoring } from "../contract/builder.js";
import { alarmContract } from "./support.js";
import { conformanceContract } from "../../src/testing/index.js";
import { everything, simulatePortfolio } from "./wakeUpWorld.js";

describe("the memory store's wake-ups", () => {
  it("keep a contract asleep until its instant, and any write on its account wakes it", async () => {
    const store = createMemoryStore();
    const [a, b] = [conformanceContract("C-A"), conformanceContract("C-B")];
    await store.transaction(async (tx) => {
      await tx.putContract(a);
      await tx.putContract(b);
    });
    const page = (dueBy: string) => store.transaction((tx) => tx.listContracts({ dueBy }));
    // No wake-up recorded: due.
    expect((await page("2027-01-01T00:00:00Z")).items.map((s) => s.contract.id)).toEqual(["C-A", "C-B"]);
    await store.transaction(async (tx) => tx.setWakeUp?.("C-A", { at: "2027-01-10T06:00:00Z", accountStamp: (await tx.accountStamp?.("CUST-C-A")) ?? "" }));
    const before = await page("2027-01-10T05:59:59.999Z");
    expect(before.items.map((s) => s.contract.id)).toEqual(["C-B"]);
    expect(before.asleep).toEqual(["CUST-C-A"]);
    expect((await page("2027-01-10T06:00:00Z")).items.map((s) => s.contract.id)).toEqual(["C-A", "C-B"]);
    // Without dueBy every contract is listed, as before.
    expect((await store.transaction((tx) => tx.listContracts())).items).toHaveLength(2);
    // A write on another account leaves it asleep; publishing events is no write on the account.
    await store.transaction((tx) => tx.appendActivity({ id: "x-1", accountId: "CUST-C-B", at: "2027-01-02T00:00:00Z", kind: "note", text: "a note" }));
    await store.transaction((tx) => tx.markPublished([], "2027-01-02T00:00:00Z"));
    expect((await page("2027-01-05T00:00:00Z")).asleep).toEqual(["CUST-C-A"]);
    // A write on its own account wakes it.
    await store.transaction((tx) => tx.appendActivity({ id: "x-2", accountId: "CUST-C-A", at: "2027-01-02T00:00:00Z", kind: "note", text: "a note" }));
    expect((await page("2027-01-05T00:00:00Z")).items.map((s) => s.contract.id)).toEqual(["C-A", "C-B"]);
  });

  it("are woken by a contract change, and a wake-up recorded in a transaction rolled back is not kept", async () => {
    const store = createMemoryStore();
    const a = conformanceContract("C-A");
    await store.transaction((tx) => tx.putContract(a));
    const sleep = () => store.transaction(async (tx) => tx.setWakeUp?.("C-A", { at: "2027-06-01T00:00:00Z", accountStamp: (await tx.accountStamp?.("CUST-C-A")) ?? "" }));
    const asleep = async () => (await store.transaction((tx) => tx.listContracts({ dueBy: "2027-02-01T00:00:00Z" }))).asleep?.length ?? 0;
    await sleep();
    expect(await asleep()).toBe(1);
    await store.transaction(async (tx) => tx.putContract({ ...a, customer: { ...a.customer, name: "Renamed" } }, 1));
    expect(await asleep()).toBe(0);
    await expect(
      store.transaction(async (tx) => {
        await tx.setWakeUp?.("C-A", { at: "2027-06-01T00:00:00Z", accountStamp: (await tx.accountStamp?.("CUST-C-A")) ?? "" });
        throw new Error("crash");
      }),
    ).rejects.toThrow("crash");
    expect(await asleep()).toBe(0);
    await sleep();
    expect(await asleep()).toBe(1);
  });

  it("refuses an instant it cannot read", async () => {
    const store = createMemoryStore();
    await expect(store.transaction(async (tx) => tx.setWakeUp?.("C-A", { at: "soon", accountStamp: "0" }))).rejects.toThrow('expected an ISO instant, got "soon"');
  });
});

describe("a portfolio simulated with wake-ups", () => {
  // Two generated portfolios (the demo's generator: auto-pay and manual payers, late and never
  // payers, soft and hard declines, ACH returns, disputes, promises, renewals) over months that
  // include renewals, dunning to collections and late fees.
  for (const { seed, accounts, to } of [
    { seed: 2027, accounts: 25, to: "2027-12-31" },
    { seed: 11, accounts: 20, to: "2027-08-31" },
  ]) {
    it(`does exactly what it does without them (seed ${seed}, ${accounts} accounts to ${to}), handling a fraction of the contract-days`, async () => {
      const withWakeUps = await simulatePortfolio({ accounts, seed, from: "2026-12-27", to, wakeUps: true });
      const without = await simulatePortfolio({ accounts, seed, from: "2026-12-27", to, wakeUps: false });
      const [got, expected] = [await everything(withWakeUps), await everything(without)];
      expect(got.sent.length).toBeGreaterThan(accounts * 5);
      expect(got.charges).toBeGreaterThan(0);
      expect(got).toEqual(expected);
      // Every contract-day is looked at in both; with wake-ups most of them sleep.
      expect(withWakeUps.handled + withWakeUps.asleep).toBe(without.handled);
      expect(without.asleep).toBe(0);
      expect(withWakeUps.handled).toBeLessThan(without.handled / 2);
    }, 120_000);
  }
});

describe("a contract changed after its page was read", () => {
  it("is handled as stored under the stamp the run reads, not as the page's older copy (a CRM sync between the two)", async () => {
    const store = createMemoryStore();
    const v1 = alarmContract("C-SYNC");
    await store.transaction((tx) => tx.putContract(v1));
    // The page the run reads is taken before the sync: it still holds version 1.
    const page = await store.transaction((tx) => tx.listContracts());
    // The sync adds a camera (10.00 a month from the term's start) before January is invoiced.
    const v2 = alarmContract("C-SYNC", { lines: [monitoring("L-mon", "39.99"), equipment("L-panel", "12.50"), equipment("L-cam", "10.00")] });
    await store.transaction((tx) => tx.putContract(v2, 1));
    const stale: BillingStore & Pick<typeof store, "withAccountLock"> = {
      transaction: (fn) => store.transaction((tx) => fn(Object.create(tx, { listContracts: { value: async () => page } }) as StoreTransaction)),
      withAccountLock: (accountId, fn, options) => store.withAccountLock(accountId, fn, options),
    };
    const clock = createManualClock("2026-12-27T15:00:00Z");
    const engine = createBillingEngine({ store: stale, gateway: createSimulatedGateway({ clock }), notifier: createRecordingNotifier(), clock });
    await engine.run({ asOf: "2026-12-27T15:00:00Z" });
    const [january] = await store.transaction((tx) => tx.listContractInvoices("C-SYNC"));
    // 39.99 + 12.50 + 10.00: the camera is on January's invoice.
    expect(january?.invoice.total).toEqual({ minor: 6249, currency: "USD" });
  });
});
