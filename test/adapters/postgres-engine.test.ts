/**
 * The engine over the PostgreSQL store ends exactly where it ends over the memory store: a small
 * portfolio billed day by day for two months (auto-pay that succeeds, times out and declines,
 * customers who pay by check, late, partly or too much, a refund) — every invoice, ledger line,
 * payment, attempt, message, case, activity line and outbox event compared, record by record.
 * Then the exactly-once checks the engine's own tests make, over PostgreSQL: a crash at every
 * store write, commit and port call followed by a rerun, and (on a server) eight engines at once.
 */
import { PGlite } from "@electric-sql/pglite";
import { Pool } from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createManualClock, createMemoryStore, createRecordingNotifier, createSimulatedGateway } from "../../src/adapters/memory/index.js";
import { createPostgresStore, pgliteExecutor, type PostgresStore } from "../../src/adapters/postgres/index.js";
import type { Contract } from "../../src/contract/index.js";
import { createBillingEngine, type RunReport } from "../../src/engine/index.js";
import { money } from "../../src/money/index.js";
import type { BillingStore } from "../../src/ports/index.js";
import { alarmContract, autoPay, Crash, faulty, outcome } from "../engine/support.js";
import { SERVER_URL, serverPool } from "./server.js";

const RUN = `${process.pid}_${Date.now().toString(36)}`;
let schemas = 0;


const pglite = await PGlite.create();
const pool = await serverPool({ max: 24, file: "test/adapters/postgres-engine.test.ts", skipped: "the server runs are SKIPPED; PGlite runs go on." });
const serverSchemas: string[] = [];
afterAll(async () => {
  if (pool !== undefined) {
    // Ten at a time (each schema holds tables, triggers and a function since migration 3; one
    // statement per schema outlasted the hook's default 10 s on a loaded machine).
    for (let i = 0; i < serverSchemas.length; i += 10) await pool.query(`DROP SCHEMA IF EXISTS ${serverSchemas.slice(i, i + 10).map((schema) => `"${schema}"`).join(", ")} CASCADE`);
    await pool.end();
  }
  await pglite.close();
}, 120_000);

const backends: { name: string; make: () => Promise<PostgresStore> }[] = [
  {
    name: "PGlite",
    make: async () => {
      const store = createPostgresStore({ executor: pgliteExecutor(pglite), schema: `rmr_e_${RUN}_${++schemas}` });
      await store.migrate();
      return store;
    },
  },
];
if (pool !== undefined) {
  backends.push({
    name: "PostgreSQL server",
    make: async () => {
      const schema = `rmr_e_${RUN}_${++schemas}`;
      serverSchemas.push(schema);
      const store = createPostgresStore({ pool, schema });
      await store.migrate();
      return store;
    },
  });
}

const portfolio = (): Contract[] => [
  alarmContract("C-A", { paymentMethod: autoPay("tok_ok") }),
  alarmContract("C-B", { paymentMethod: autoPay("tok_timeout") }),
  alarmContract("C-D", { paymentMethod: autoPay("tok_declines") }),
  alarmContract("C-C", { customer: { channels: ["sms", "email"] } }),
  alarmContract("C-E"),
  alarmContract("C-F"),
];

/** The ports around a store, as the engine tests set them up; the gateway scripted for the portfolio. */
async function worldOn(store: BillingStore & { withAccountLock: PostgresStore["withAccountLock"] }, contracts: readonly Contract[]) {
  const clock = createManualClock("2026-12-27T15:00:00Z");
  const gateway = createSimulatedGateway({ clock });
  gateway.script("tok_timeout", "timeoutCharged");
  gateway.script("tok_declines", { decline: "51", kind: "soft" });
  const notifier = createRecordingNotifier();
  await store.transaction(async (tx) => {
    for (const c of contracts) await tx.putContract(c);
  });
  const engine = createBillingEngine({ store, gateway, notifier, clock });
  return { store, gateway, notifier, clock, engine };
}

const day = (iso: string, n: number): string => new Date(Date.parse(`${iso}T15:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** Sixty-eight days of the portfolio: a run every day, payments by hand on some, a refund. */
async function twoMonths(w: Awaited<ReturnType<typeof worldOn>>): Promise<unknown[]> {
  const reports: unknown[] = [];
  const strip = (r: RunReport) => ({ ...r, durationMs: 0 });
  for (let n = 0; n < 68; n++) {
    const date = day("2026-12-27", n);
    w.clock.set(`${date}T15:00:00Z`);
    if (date === "2027-01-03") reports.push(await w.engine.recordPayment({ id: "chk-E-1", accountId: "CUST-C-E", amount: money("20.00", "USD"), channel: "check", receivedOn: date, reference: "check 1001" }));
    if (date === "2027-01-05") reports.push(await w.engine.recordPayment({ id: "chk-F-1", accountId: "CUST-C-F", amount: money("100.00", "USD"), channel: "check", receivedOn: date }));
    if (date === "2027-01-09") reports.push(await w.engine.refundPayment({ id: "rf-F-1", accountId: "CUST-C-F", paymentId: "chk-F-1", amount: money("10.00", "USD"), on: date, reason: "asked for part of the credit back" }));
    if (date === "2027-02-20") reports.push(await w.engine.recordPayment({ id: "chk-E-2", accountId: "CUST-C-E", amount: money("60.00", "USD"), channel: "check", receivedOn: date }));
    reports.push(strip(await w.engine.run({ asOf: `${date}T15:00:00Z` })));
  }
  return reports;
}

/** Everything the store holds about the portfolio, record by record. */
async function everything(store: BillingStore, contracts: readonly Contract[]) {
  return store.transaction(async (tx) => {
    const out: Record<string, unknown> = {};
    for (const c of contracts) {
      const accountId = c.customer.id;
      const invoices = await tx.listContractInvoices(c.id);
      out[c.id] = {
        contract: await tx.getContract(c.id),
        invoices,
        open: await tx.listOpenInvoices(accountId),
        creditNotes: await tx.listContractCreditNotes(c.id),
        attempts: await Promise.all(invoices.map((s) => tx.listInvoiceAttempts(s.invoice.number))),
        payments: await tx.listPayments(accountId),
        reversals: await tx.listReversals(accountId),
        ledger: await tx.listLedger(accountId),
        messages: await tx.listMessages(accountId),
        cases: await tx.listCases(accountId),
        activity: await tx.listActivity(accountId),
      };
    }
    out["pending events"] = await tx.listPendingEvents(10_000);
    return out;
  });
}

for (const backend of backends) {
  describe(`the engine on ${backend.name}`, () => {
    it("bills two months of a small portfolio exactly as over the memory store, record for record", async () => {
      const contracts = portfolio();
      const memory = await worldOn(createMemoryStore(), contracts);
      // The PostgreSQL store's wake-ups (migration 3) in use: count the contract-days it left asleep.
      const made = await backend.make();
      let asleep = 0;
      const counting: BillingStore & { withAccountLock: PostgresStore["withAccountLock"] } = {
        transaction: (fn) => made.transaction((tx) => fn(Object.create(tx, { listContracts: { value: async (o: Parameters<typeof tx.listContracts>[0]) => { const page = await tx.listContracts(o); asleep += page.asleep?.length ?? 0; return page; } } }) as typeof tx)),
        withAccountLock: (accountId, fn, options) => made.withAccountLock(accountId, fn, options),
      };
      const postgres = await worldOn(counting, contracts);
      const memoryReports = await twoMonths(memory);
      const postgresReports = await twoMonths(postgres);
      expect(postgresReports).toEqual(memoryReports);
      // 6 contracts × 68 daily runs: most contract-days sleep, and the months still end record for record.
      expect(asleep).toBeGreaterThan((6 * 68) / 2);
      const expected = await everything(memory.store, contracts);
      const got = await everything(postgres.store, contracts);
      for (const key of Object.keys(expected)) expect({ [key]: got[key] }).toEqual({ [key]: expected[key] });
      expect(postgres.notifier.sent.map((m) => m.request)).toEqual(memory.notifier.sent.map((m) => m.request));
      expect([postgres.gateway.capturedCount(), postgres.gateway.capturedTotal("USD")]).toEqual([memory.gateway.capturedCount(), memory.gateway.capturedTotal("USD")]);
      // What the months came to, said outright: three invoices per contract (January, February, March).
      const invoices = contracts.map((c) => (got[c.id] as { invoices: unknown[] }).invoices.length);
      expect(invoices).toEqual([3, 3, 3, 3, 3, 3]);
      expect(postgres.gateway.capturedCount()).toBe(memory.gateway.capturedCount());
    }, 240_000);

    it("a crash at any store write, commit or port call, then a rerun, ends as a clean run does", async () => {
      // The engine tests' portfolio: auto-pay approved, auto-pay whose answer is lost, SMS first.
      const three = () => portfolio().filter((c) => ["C-A", "C-B", "C-C"].includes(c.id));
      const clean = await worldOn(await backend.make(), three());
      await clean.engine.run({ asOf: "2027-01-01T15:00:00Z" });
      await clean.engine.run({ asOf: "2027-01-01T15:00:00Z" });
      const expected = await outcome(clean, three());
      const counting = await worldOn(await backend.make(), three());
      const counter = faulty(counting.store, counting.gateway, counting.notifier, Number.POSITIVE_INFINITY);
      const counted = createBillingEngine({ store: counter.store, gateway: counter.gateway, notifier: counter.notifier, clock: counting.clock });
      await counted.run({ asOf: "2027-01-01T15:00:00Z" });
      await counted.run({ asOf: "2027-01-01T15:00:00Z" });
      const steps = counter.steps();
      expect(steps).toBeGreaterThan(50);
      // At every step, as the memory store's test: one schema, emptied before each crash
      // (TRUNCATE … RESTART IDENTITY: a fresh store, cheaper than a new schema).
      const store = await backend.make();
      const tables = "contracts, invoices, credit_notes, attempts, payments, reversals, ledger, messages, cases, activity, events, counters";
      for (let at = 1; at <= steps; at++) {
        await store.executor.transaction((s) => s.query(`TRUNCATE ${tables.split(", ").map((t) => `"${store.schema}".${t}`).join(", ")} RESTART IDENTITY`));
        const w = await worldOn(store, three());
        const f = faulty(w.store, w.gateway, w.notifier, at);
        await createBillingEngine({ store: f.store, gateway: f.gateway, notifier: f.notifier, clock: w.clock })
          .run({ asOf: "2027-01-01T15:00:00Z" })
          .catch((error: unknown) => {
            if (!(error instanceof Crash)) throw error;
          });
        await w.engine.run({ asOf: "2027-01-01T15:00:00Z" });
        await w.engine.run({ asOf: "2027-01-01T15:00:00Z" });
        expect({ at, ...(await outcome(w, three())) }).toEqual({ at, ...expected });
      }
    }, 600_000);
  });
}

describe.runIf(pool !== undefined)("the engine on a PostgreSQL server, many workers", () => {
  it("8 engines running at once on one database: no duplicate invoice, charge or message", async () => {
    // Not C-D: a soft decline is retried by every run of the day, so nine runs and two differ by design.
    const contracts = portfolio().filter((c) => c.id !== "C-D");
    const reference = await worldOn(createMemoryStore(), contracts);
    await reference.engine.run({ asOf: "2027-01-01T15:00:00Z" });
    await reference.engine.run({ asOf: "2027-01-01T15:00:00Z" });
    const w = await worldOn(await (backends[1] as (typeof backends)[number]).make(), contracts);
    const engines = Array.from({ length: 8 }, () => createBillingEngine({ store: w.store, gateway: w.gateway, notifier: w.notifier, clock: w.clock }));
    await Promise.all(engines.map((e) => e.run({ asOf: "2027-01-01T15:00:00Z" })));
    await w.engine.run({ asOf: "2027-01-01T15:00:00Z" });
    const got = await outcome(w, contracts);
    expect(got).toEqual(await outcome(reference, contracts));
    expect(new Set(got.invoices.map((i) => i.split(" ")[0])).size).toBe(got.invoices.length);
    expect(new Set(got.sent).size).toBe(got.sent.length);
  }, 120_000);
});
