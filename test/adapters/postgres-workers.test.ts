/**
 * Many workers, for real: eight worker processes (node + tsx, test/adapters/fixtures/shard-worker.ts)
 * take the shard jobs of one day from pg-boss over one PostgreSQL database (a fresh database per
 * run, on the server at RMR_TEST_DATABASE_URL). One of them is killed with SIGKILL in the middle of
 * a charge — the money taken at the gateway, the engine not told. pg-boss hands its job to another
 * worker once it expires; the day is then enqueued again and run again. Then: one invoice per
 * contract and period with gap-free numbers, one capture per auto-pay invoice as counted by the
 * gateway every process shared, one message per invoice, receipt and reminder as counted by the
 * shared notifier, every contract billed — the same counts as one run of the same portfolio on the
 * memory store.
 *
 * The driver's own rules (the once-per-date queueing, status, retry of a failed shard, the daily
 * schedule) are tested in-process on the same database first.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fc from "fast-check";
import { fileURLToPath } from "node:url";
import PgBoss from "pg-boss";
import { Pool } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createManualClock, createMemoryStore, createRecordingNotifier, createSimulatedGateway } from "../../src/adapters/memory/index.js";
import { createPostgresStore, createShardedRun, shardJobId, type PostgresStore } from "../../src/adapters/postgres/index.js";
import { toCalendarDate } from "../../src/calendar/index.js";
import { parseContract, type Contract } from "../../src/contract/index.js";
import { createBillingEngine, shardOf, type BillingEngine } from "../../src/engine/index.js";
import { ValidationError } from "../../src/errors/index.js";
import { SHARED_PORTS_DDL, sharedGateway, sharedNotifier } from "./fixtures/shared-ports.js";
import { SERVER_URL, serverPool } from "./server.js";

const DATABASE = `rmr_workers_${process.pid}_${Date.now().toString(36)}`;
const WORKER = fileURLToPath(new URL("./fixtures/shard-worker.ts", import.meta.url));
const WORKERS = 8;
const SHARDS = 16;
const NOW = "2027-01-01T15:00:00Z";
const DAY = "2027-01-01";
const ACCOUNTS = 240;
/** The capture at which one worker hangs inside the gateway, to be killed. */
const HANG_AT = 40;


/** The same URL, on another database. */
function databaseUrl(database: string): string {
  const url = new URL(SERVER_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

/** A few hundred accounts: one in four with two contracts (two sites' monitoring), 60 % on auto-pay. */
function portfolio(): Contract[] {
  const contracts: Contract[] = [];
  const tiers = [
    ["landline", "24.99"],
    ["cellular", "39.99"],
    ["interactive", "49.99"],
  ] as const;
  for (let a = 0; a < ACCOUNTS; a++) {
    const autoPay = a % 5 < 3;
    for (let c = 0; c < (a % 4 === 0 ? 2 : 1); c++) {
      const [tier, rate] = tiers[(a + c) % tiers.length] ?? tiers[0];
      contracts.push(
        parseContract({
          id: `C-${String(a).padStart(4, "0")}-${c}`,
          customer: { id: `ACCT-${String(a).padStart(4, "0")}`, name: `Customer ${a}`, contact: { email: `a${a}@example.com` }, timeZone: "America/Chicago" },
          billing: { currency: "USD", cycle: "monthly", anchorDay: 1 },
          term: { start: "2027-01-01", end: "2029-01-01" },
          sites: [
            {
              id: `S-${c}`,
              name: c === 0 ? "Home" : "Shop",
              address: { line1: `${a} Main St`, city: "Austin", state: "TX", postalCode: "78701", country: "US" },
              lines: [
                { id: "L-mon", kind: "monitoring", tier, rate, taxCategory: "monitoring" },
                { id: "L-panel", kind: "equipment", item: "Panel rental", rate: "12.50", taxCategory: "equipment-rental" },
              ],
            },
          ],
          ...(autoPay ? { paymentMethod: { kind: "card", token: `tok_${a}`, last4: "4242", autoPay: true } } : {}),
        }),
      );
    }
  }
  return contracts;
}

/** What one plain run of the portfolio on the memory adapters sends and charges: the oracle. */
async function memoryOracle(contracts: readonly Contract[]): Promise<{ messagesByKind: Record<string, number>; captures: number; invoices: number }> {
  const store = createMemoryStore();
  const clock = createManualClock(NOW);
  const gateway = createSimulatedGateway({ clock });
  const notifier = createRecordingNotifier();
  await store.transaction(async (tx) => {
    for (const c of contracts) await tx.putContract(c);
  });
  const report = await createBillingEngine({ store, gateway, notifier, clock }).run({ asOf: DAY });
  const messagesByKind: Record<string, number> = {};
  for (const m of notifier.sent) messagesByKind[m.request.kind] = (messagesByKind[m.request.kind] ?? 0) + 1;
  return { messagesByKind, captures: gateway.capturedCount(), invoices: report.invoicesIssued };
}

const admin = await serverPool({ max: 2, file: "test/adapters/postgres-workers.test.ts", skipped: "the worker-process tests are SKIPPED. Set RMR_TEST_DATABASE_URL or start PostgreSQL to run them." });

describe("shardJobId", () => {
  it("is a version-5 UUID, the same for the same queue, day and shard in every process", () => {
    expect(shardJobId("rmr-billing-shards", "2027-01-01", 3, 16)).toBe(shardJobId("rmr-billing-shards", "2027-01-01", 3, 16));
    expect(shardJobId("rmr-billing-shards", "2027-01-01", 3, 16)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("differs when the queue, the day, the shard or the number of shards differs", () => {
    const day = fc.integer({ min: 0, max: 3_000 }).map((n) => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
    const job = fc.record({ queue: fc.constantFrom("a", "b", "rmr-billing-shards"), day, shards: fc.integer({ min: 1, max: 64 }) }).chain((j) => fc.record({ queue: fc.constant(j.queue), day: fc.constant(j.day), shards: fc.constant(j.shards), shard: fc.integer({ min: 0, max: j.shards - 1 }) }));
    fc.assert(
      fc.property(job, job, (x, y) => {
        const same = x.queue === y.queue && x.day === y.day && x.shard === y.shard && x.shards === y.shards;
        expect(shardJobId(x.queue, x.day, x.shard, x.shards) === shardJobId(y.queue, y.day, y.shard, y.shards)).toBe(same);
      }),
      { numRuns: 2_000 },
    );
  });
});

describe.runIf(admin !== undefined)("the pg-boss driver over a PostgreSQL server", () => {
  let pool: Pool;
  let store: PostgresStore;
  let boss: PgBoss;
  const url = databaseUrl(DATABASE);

  beforeAll(async () => {
    await admin?.query(`CREATE DATABASE "${DATABASE}"`);
    pool = new Pool({ connectionString: url, max: 6, options: "-c synchronous_commit=off" });
    store = createPostgresStore({ pool });
    await store.migrate();
    await pool.query(SHARED_PORTS_DDL);
    boss = new PgBoss({ connectionString: url, max: 3, maintenanceIntervalSeconds: 1, cronMonitorIntervalSeconds: 1, cronWorkerIntervalSeconds: 1 });
    boss.on("error", (error) => console.error(`pg-boss (test process): ${error.message}`));
    await boss.start();
  }, 60_000);

  afterAll(async () => {
    await boss?.stop({ graceful: false, wait: true });
    await pool?.end();
    await admin?.query(`DROP DATABASE IF EXISTS "${DATABASE}" WITH (FORCE)`);
    await admin?.end();
  }, 60_000);

  /** An engine over the shared store and ports, on the fixed clock, recording the shards it ran. */
  const engineAt = (now: string): BillingEngine => createBillingEngine({ store, clock: createManualClock(now), gateway: sharedGateway(pool), notifier: sharedNotifier(pool) });

  it("refuses bad options, every problem named", () => {
    const engine = engineAt(NOW);
    const error = (() => {
      try {
        createShardedRun({ boss, engine, shards: 0, queue: "no spaces", expireInSeconds: 0.5, retryLimit: -1 });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.path.join("."))).toEqual(["shards", "queue", "expireInSeconds", "retryLimit"]);
  });

  it("queues a date's shard once however often it is enqueued, runs each on runShard, and says when the date is complete", async () => {
    const ran: string[] = [];
    const engine = engineAt(NOW);
    const runner = { runShard: async (o: { asOf: string; shard: number; shards: number }) => (ran.push(`${o.asOf}:${o.shard}/${o.shards}`), engine.runShard(o)) };
    const run = createShardedRun({ boss, engine: runner, shards: 3, queue: "once", retryDelaySeconds: 0 });
    expect(await run.status("2026-12-01")).toEqual({ date: "2026-12-01", shards: 3, completed: [], waiting: [], active: [], failed: [], missing: [0, 1, 2], complete: false });
    expect(await run.enqueue("2026-12-01")).toEqual({ date: "2026-12-01", queued: [0, 1, 2], pending: [], retried: [], completed: [] });
    expect(await run.enqueue("2026-12-01")).toEqual({ date: "2026-12-01", queued: [], pending: [0, 1, 2], retried: [], completed: [] });
    const job = await boss.getJobById("once", shardJobId("once", "2026-12-01", 1, 3));
    expect([job?.singletonKey, job?.data]).toEqual(["2026-12-01:1", { asOf: "2026-12-01", shard: 1, shards: 3 }]);
    expect((await run.status("2026-12-01")).waiting).toEqual([0, 1, 2]);
    await run.work({ pollingIntervalSeconds: 0.5 });
    await until(async () => (await run.status("2026-12-01")).complete);
    await run.stopWork();
    expect(ran.sort()).toEqual(["2026-12-01:0/3", "2026-12-01:1/3", "2026-12-01:2/3"]);
    expect(await run.enqueue("2026-12-01")).toEqual({ date: "2026-12-01", queued: [], pending: [], retried: [], completed: [0, 1, 2] });
    // The job keeps what its run did (no contracts are stored yet).
    expect((await boss.getJobById("once", shardJobId("once", "2026-12-01", 2, 3)))?.output).toEqual({ asOf: "2026-12-01", shard: 2, shards: 3, contracts: 0, invoicesIssued: 0, messagesSent: 0, errors: 0 });
    await expect(run.enqueue("2026-12-32")).rejects.toThrow(/date: expected a day "YYYY-MM-DD", got "2026-12-32"/);
  });

  it("tries a shard that failed every try again when the date is enqueued again", async () => {
    let broken = true;
    const engine = engineAt(NOW);
    const runner = {
      runShard: async (o: { asOf: string; shard: number; shards: number }) => {
        if (broken && o.shard === 1) throw new Error("the store is unreachable");
        return engine.runShard(o);
      },
    };
    const run = createShardedRun({ boss, engine: runner, shards: 2, queue: "failing", retryLimit: 0, retryDelaySeconds: 0 });
    await run.enqueue("2026-11-01");
    await run.work({ pollingIntervalSeconds: 0.5 });
    await until(async () => (await run.status("2026-11-01")).failed.length === 1);
    expect(await run.status("2026-11-01")).toMatchObject({ completed: [0], failed: [1], complete: false });
    expect((await boss.getJobById("failing", shardJobId("failing", "2026-11-01", 1, 2)))?.output).toMatchObject({ message: "the store is unreachable" });
    broken = false;
    expect(await run.enqueue("2026-11-01")).toEqual({ date: "2026-11-01", queued: [], pending: [], retried: [1], completed: [0] });
    await until(async () => (await run.status("2026-11-01")).complete);
    await run.stopWork();
  });

  it("a daily schedule enqueues the shards of the day it fires on, in its time zone", async () => {
    const ran: string[] = [];
    const engine = engineAt(NOW);
    const runner = { runShard: async (o: { asOf: string; shard: number; shards: number }) => (ran.push(`${o.asOf}:${o.shard}`), engine.runShard(o)) };
    const run = createShardedRun({ boss, engine: runner, shards: 2, queue: "daily", retryDelaySeconds: 0 });
    await expect(run.schedule("every day", "Mars/Olympus")).rejects.toThrow(/cron: expected a cron expression of 5 fields[\s\S]*timeZone: expected an IANA time zone/);
    // Every minute, so the test sees it fire: pg-boss sends the job of the last minute at once.
    await run.schedule("* * * * *", "Pacific/Kiritimati");
    const today = toCalendarDate(new Date().toISOString(), "Pacific/Kiritimati");
    await run.work({ pollingIntervalSeconds: 0.5 });
    await until(async () => (await run.status(today)).complete, 30_000);
    await run.unschedule();
    await run.stopWork();
    expect([...new Set(ran)].sort()).toEqual([`${today}:0`, `${today}:1`]);
  }, 60_000);

  it(`${WORKERS} worker processes, one killed with SIGKILL mid-charge: the day is billed once, every contract, every charge and message once`, async () => {
    const contracts = portfolio();
    const accounts = new Set(contracts.map((c) => c.customer.id));
    const oracle = await memoryOracle(contracts);
    await store.transaction(async (tx) => {
      for (const c of contracts) await tx.putContract(c);
    });
    const run = createShardedRun({ boss, engine: engineAt(NOW), shards: SHARDS, expireInSeconds: 6, retryDelaySeconds: 0 });
    expect((await run.enqueue(DAY)).queued).toHaveLength(SHARDS);

    const env = { ...process.env, RMR_WORKER_DATABASE_URL: url, RMR_WORKER_SHARDS: String(SHARDS), RMR_WORKER_NOW: NOW, RMR_WORKER_EXPIRE_SECONDS: "6", RMR_WORKER_HANG_AT: String(HANG_AT) };
    const workers: ChildProcess[] = [];
    const exits = new Map<number, Promise<NodeJS.Signals | number | null>>();
    for (let i = 0; i < WORKERS; i++) {
      const child = spawn(process.execPath, ["--import", "tsx", WORKER], { env, stdio: ["ignore", "ignore", "pipe"] });
      child.stderr?.on("data", (chunk: Buffer) => process.stderr.write(`[worker ${child.pid}] ${chunk.toString()}`));
      exits.set(child.pid ?? -1, new Promise((resolve) => child.once("exit", (code, signal) => resolve(signal ?? code))));
      workers.push(child);
    }
    try {
      // The worker that made capture HANG_AT hangs inside the gateway call: kill it there.
      const hung = await until(async () => (await pool.query<{ pid: number; account: string }>("SELECT pid, account FROM fixture_kill")).rows[0], 50_000);
      const victim = workers.find((w) => w.pid === hung.pid);
      expect(victim).toBeDefined();
      victim?.kill("SIGKILL");
      expect(await exits.get(hung.pid)).toBe("SIGKILL");
      const killedShard = shardOf(hung.account, SHARDS);

      // The others finish the day; pg-boss retries the dead worker's job once it expires. (On a
      // machine so loaded that a shard overran its expiry on every try, enqueueing the day again
      // tries it again: the rerun an operator makes.)
      await until(async () => {
        const status = await run.status(DAY);
        if (status.failed.length > 0) await run.enqueue(DAY);
        return status.complete;
      }, 60_000);
      const retried = await boss.getJobById(run.queue, shardJobId(run.queue, DAY, killedShard, SHARDS));
      expect(retried?.state).toBe("completed");
      expect(retried?.retryCount).toBeGreaterThanOrEqual(1);

      // A rerun: the day enqueued again is done already; the day run again in full does nothing.
      expect(await run.enqueue(DAY)).toMatchObject({ queued: [], retried: [], completed: [...Array(SHARDS).keys()] });
      const again = await engineAt(NOW).run({ asOf: DAY });
      expect([again.invoicesIssued, again.messagesSent, again.charges.succeeded, again.errors]).toEqual([0, 0, 0, []]);
    } finally {
      for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill("SIGTERM");
      await Promise.all(exits.values());
    }

    // Invoices: every contract has its one January invoice; the numbers run 1 … n without a gap.
    const invoices = await pool.query<{ number: string; contract_id: string; period_start: string; total_minor: string; balance_minor: string; account_id: string }>(
      "SELECT number, contract_id, period_start::text, total_minor, balance_minor, account_id FROM rmr_billing.invoices ORDER BY number",
    );
    expect(invoices.rows).toHaveLength(contracts.length);
    expect(oracle.invoices).toBe(contracts.length);
    expect(new Set(invoices.rows.map((r) => r.contract_id)).size).toBe(contracts.length);
    expect(invoices.rows.every((r) => r.period_start === "2027-01-01")).toBe(true);
    expect(invoices.rows.map((r) => r.number)).toEqual(contracts.map((_, i) => `INV-2026-${String(i + 1).padStart(6, "0")}`));

    // Charges, as the shared gateway counts them: one capture per auto-pay invoice, of its total.
    const autoPayContracts = new Set(contracts.filter((c) => c.paymentMethod?.autoPay === true).map((c) => c.id));
    const captures = await pool.query<{ invoice: string; captures: string; amount: string }>("SELECT invoice, count(*) AS captures, sum(amount_minor) AS amount FROM fixture_charges GROUP BY invoice");
    expect(captures.rows.filter((r) => r.captures !== "1")).toEqual([]);
    expect(captures.rows).toHaveLength(autoPayContracts.size);
    expect(captures.rows).toHaveLength(oracle.captures);
    const byNumber = new Map(invoices.rows.map((r) => [r.number, r]));
    for (const c of captures.rows) {
      const invoice = byNumber.get(c.invoice);
      expect(autoPayContracts.has(invoice?.contract_id ?? "")).toBe(true);
      expect(c.amount).toBe(invoice?.total_minor);
      expect(invoice?.balance_minor).toBe("0");
    }
    // The killed worker's charge was answered by a lookup, not charged again: its key was called once.
    const calls = await pool.query<{ key: string; calls: string }>("SELECT c.key, count(*) AS calls FROM fixture_charge_calls c JOIN fixture_kill k ON k.charge_key = c.key GROUP BY c.key");
    expect(calls.rows).toEqual([{ key: expect.any(String), calls: "1" }]);

    // Messages, as the shared notifier counts them: per kind what one memory run sends, once each.
    const messages = await pool.query<{ kind: string; subject: string | null; to_address: string }>("SELECT kind, subject, to_address FROM fixture_messages");
    const byKind: Record<string, number> = {};
    for (const m of messages.rows) byKind[m.kind] = (byKind[m.kind] ?? 0) + 1;
    expect(byKind).toEqual(oracle.messagesByKind);
    expect(byKind["invoice"]).toBe(contracts.length);
    expect(byKind["receipt"]).toBe(autoPayContracts.size);
    for (const invoice of invoices.rows) expect(messages.rows.filter((m) => m.kind === "invoice" && m.subject?.includes(invoice.number) === true)).toHaveLength(1);
    // Every account heard from: its invoices went to its address.
    expect(new Set(messages.rows.map((m) => m.to_address)).size).toBe(accounts.size);
  }, 120_000);
});

/** Polls `check` every 100 ms until it gives something truthy; fails after `timeoutMs`. */
async function until<T>(check: () => Promise<T | undefined | null | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`still not so after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
