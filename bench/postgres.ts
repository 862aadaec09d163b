/**
 * A billing month on the engine over the PostgreSQL store — on a server (RMR_BENCH_DATABASE_URL,
 * else RMR_TEST_DATABASE_URL, else postgres://rmr:rmr@127.0.0.1:5432/rmr_test) and on PGlite:
 * Dec 27 issues and delivers every January invoice, Jan 1 charges the auto-pay customers and sends
 * the receipts, as bench/engine.ts does on the memory store (the same portfolio, bench/portfolio.ts).
 * Timed: the two runs. Not timed: storing the portfolio, starting worker processes. The server's
 * schema is dropped afterwards.
 *
 * One worker runs `engine.run` in this process, through a counting executor: transactions, those
 * that wrote (each waits for its commit), statements and account locks per contract, and this
 * process's CPU time against the wall time (the rest is waiting on the database). Two workers are
 * two processes (node + tsx, started before the clock starts), each `engine.runShard` of one of
 * two shards — what createShardedRun's jobs do.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { PGlite } from "@electric-sql/pglite";
import { Pool } from "pg";
import { createManualClock, createRecordingNotifier, createSimulatedGateway } from "../src/adapters/memory/index.js";
import { createStoreOver, pgExecutor, pgliteExecutor, type PostgresStore, type SqlExecutor } from "../src/adapters/postgres/index.js";
import { PARSERS } from "../src/adapters/postgres/codec.js";
import { createBillingEngine } from "../src/engine/index.js";
import { storeBenchPortfolio } from "./portfolio.js";

export interface PostgresBenchResult {
  /** "PostgreSQL server", "… synchronous_commit off" or "PGlite". */
  readonly target: string;
  readonly contracts: number;
  /** Worker processes (each one shard). */
  readonly workers: number;
  /** The Dec 27 run (issue + deliver). */
  readonly issueMs: number;
  /** The Jan 1 run (charges + receipts). */
  readonly chargeMs: number;
  readonly invoices: number;
  readonly charges: number;
  readonly messages: number;
  /** Storing the portfolio (not timed in the month). */
  readonly loadMs: number;
  /** The largest worker's peak RSS. */
  readonly peakRssMiB: number;
  /** Where the time goes (one worker, in this process). */
  readonly cost?: StoreCost;
}

/** What the store did for the month, per contract, and how much of the wall time was this process's CPU. */
export interface StoreCost {
  readonly transactions: number;
  /** Transactions with at least one write: each ends in a COMMIT that waits for its WAL flush (unless synchronous_commit is off). */
  readonly writingTransactions: number;
  readonly statements: number;
  readonly accountLocks: number;
  /** This process's CPU time over the two runs (engine, store encoding, driver). */
  readonly cpuMs: number;
  /** Wall time inside the store's transactions (statements and commits), both runs. */
  readonly transactionMs: number;
  /** Of that, the time from the callback's end to the transaction's: the COMMIT of the writing ones. */
  readonly commitMs: number;
}

const DECEMBER = "2026-12-27T15:00:00Z";
/** Accounts handled at once by the one-worker runs (`BENCH_POSTGRES_CONCURRENCY`, default 1); the pool holds two clients per account at once. */
const CONCURRENCY = Number(process.env["BENCH_POSTGRES_CONCURRENCY"] ?? 1);
const JANUARY = "2027-01-01T15:00:00Z";

interface Tally {
  transactions: number;
  writing: number;
  statements: number;
  locks: number;
  transactionMs: number;
  commitMs: number;
}

const zero = (): Tally => ({ transactions: 0, writing: 0, statements: 0, locks: 0, transactionMs: 0, commitMs: 0 });

/** The executor, counting what goes through it. */
function counted(executor: SqlExecutor, tally: Tally): SqlExecutor {
  return {
    dialect: executor.dialect,
    async transaction(fn) {
      tally.transactions++;
      let wrote = false;
      let ended = 0;
      const started = performance.now();
      try {
        return await executor.transaction(async (session) => {
          const result = await fn({
            query(text, params, options) {
              tally.statements++;
              if (options?.read !== true && !wrote) {
                wrote = true;
                tally.writing++;
              }
              return session.query(text, params, options);
            },
          });
          ended = performance.now();
          return result;
        });
      } finally {
        const now = performance.now();
        tally.transactionMs += now - started;
        if (ended > 0) tally.commitMs += now - ended;
      }
    },
    withAdvisoryLock(key, timeoutMs, fn) {
      tally.locks++;
      return executor.withAdvisoryLock(key, timeoutMs, fn);
    },
    close: () => executor.close(),
  };
}

/** The month in this process, one worker; the store is migrated and loaded here. */
async function month(executor: SqlExecutor, schema: string | undefined, target: string, count: number): Promise<PostgresBenchResult> {
  const tally = zero();
  const store = createStoreOver(counted(executor, tally), schema === undefined ? {} : { schema });
  const loadMs = await load(store, count);
  Object.assign(tally, zero());
  const clock = createManualClock(DECEMBER);
  const gateway = createSimulatedGateway({ clock });
  const notifier = createRecordingNotifier();
  const engine = createBillingEngine({ store, gateway, notifier, clock, settings: { billFrom: "2026-12-27" } });
  const peak = peakRss();
  const cpu = process.cpuUsage();
  const started = performance.now();
  const december = await engine.run({ asOf: DECEMBER, concurrency: CONCURRENCY });
  const issued = performance.now();
  clock.set(JANUARY);
  const january = await engine.run({ asOf: JANUARY, concurrency: CONCURRENCY });
  const ended = performance.now();
  const used = process.cpuUsage(cpu);
  const peakRssMiB = peak.stop();
  const errors = december.errors.length + january.errors.length;
  if (errors > 0) throw new Error(`the bench month had ${errors} contract errors, e.g. ${december.errors[0]?.message ?? january.errors[0]?.message}`);
  if (december.invoicesIssued !== count) throw new Error(`expected ${count} invoices, got ${december.invoicesIssued}`);
  await readBack(store);
  return {
    target,
    contracts: count,
    workers: 1,
    issueMs: issued - started,
    chargeMs: ended - issued,
    invoices: december.invoicesIssued + january.invoicesIssued,
    charges: january.charges.succeeded,
    messages: december.messagesSent + january.messagesSent + december.upcomingChargeNotices,
    loadMs,
    peakRssMiB,
    cost: {
      transactions: tally.transactions / count,
      writingTransactions: tally.writing / count,
      statements: tally.statements / count,
      accountLocks: tally.locks / count,
      cpuMs: (used.user + used.system) / 1000,
      transactionMs: tally.transactionMs,
      commitMs: tally.commitMs,
    },
  };
}

async function load(store: PostgresStore, count: number): Promise<number> {
  const loading = performance.now();
  await store.migrate();
  await storeBenchPortfolio(store, count);
  return performance.now() - loading;
}

/** Read back from the database, not from the run's own counters. */
async function readBack(store: PostgresStore): Promise<void> {
  const stored = await store.transaction((tx) => tx.listContractInvoices("C-000000"));
  if (stored.length !== 1) throw new Error(`expected one stored invoice of C-000000, found ${stored.length}`);
}

function peakRss(): { stop(): number } {
  let peak = process.memoryUsage().rss;
  const sample = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  return {
    stop() {
      clearInterval(sample);
      return Math.max(peak, process.memoryUsage().rss) / 1024 / 1024;
    },
  };
}

/** The month on PGlite (in memory). */
export async function runPgliteBench(count: number): Promise<PostgresBenchResult> {
  const db = await PGlite.create({ parsers: PARSERS as Record<number, (value: string) => unknown> });
  try {
    return await month(pgliteExecutor(db, { instanceParsers: true }), undefined, "PGlite", count);
  } finally {
    await db.close();
  }
}

const serverUrl = (): string => process.env["RMR_BENCH_DATABASE_URL"] ?? process.env["RMR_TEST_DATABASE_URL"] ?? "postgres://rmr:rmr@127.0.0.1:5432/rmr_test";
const RELAXED = "-c synchronous_commit=off";

/**
 * The month on the server, in a schema of its own (dropped after); undefined when no server
 * answers. `synchronousCommit: false` runs the sessions with `synchronous_commit = off` (a commit
 * does not wait for its WAL flush; see docs/postgres.md for what that risks). `workers: 2` bills
 * the month on two processes, one shard each.
 */
export async function runServerBench(count: number, options: { readonly synchronousCommit?: boolean; readonly workers?: 1 | 2 } = {}): Promise<PostgresBenchResult | undefined> {
  const url = serverUrl();
  const relaxed = options.synchronousCommit === false;
  const pool = new Pool({ connectionString: url, max: Math.max(4, 2 * CONCURRENCY + 1), connectionTimeoutMillis: 3_000, ...(relaxed ? { options: RELAXED } : {}) });
  try {
    await pool.query("SELECT 1");
  } catch {
    await pool.end();
    return undefined;
  }
  const schema = `rmr_bench_${process.pid}`;
  const target = relaxed ? "PostgreSQL server, synchronous_commit off" : "PostgreSQL server";
  try {
    if ((options.workers ?? 1) === 1) return await month(pgExecutor(pool), schema, target, count);
    const loadMs = await load(createStoreOver(pgExecutor(pool), { schema }), count);
    return { ...(await shardedMonth({ url, schema, relaxed }, 2, count)), target, loadMs };
  } finally {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
  }
}

/** What a worker process is told at start (RMR_BENCH_WORKER, JSON). */
interface WorkerSetup {
  readonly url: string;
  readonly schema: string;
  readonly relaxed: boolean;
  readonly shard: number;
  readonly shards: number;
}

/** A worker's answer to one run. */
interface WorkerReply {
  readonly invoicesIssued: number;
  readonly charges: number;
  readonly messages: number;
  readonly errors: number;
  readonly firstError?: string;
  readonly peakRssMiB: number;
}

/** The month on `shards` worker processes over a loaded schema: each day's runs start together, the day ends when the last finishes. */
async function shardedMonth(setup: Omit<WorkerSetup, "shard" | "shards">, shards: number, count: number): Promise<Omit<PostgresBenchResult, "target" | "loadMs">> {
  const children: { child: ChildProcess; next: () => Promise<string> }[] = [];
  try {
    for (let shard = 0; shard < shards; shard++) {
      const code = `const m = await import(${JSON.stringify(new URL("../bench/postgres.ts", import.meta.url).href)}); await m.benchShardWorker();`;
      const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], {
        env: { ...process.env, RMR_BENCH_WORKER: JSON.stringify({ ...setup, shard, shards } satisfies WorkerSetup) },
        stdio: ["pipe", "pipe", "inherit"],
      });
      const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream })[Symbol.asyncIterator]();
      const next = async (): Promise<string> => {
        const line = await lines.next();
        if (line.done === true) throw new Error(`bench worker ${shard} ended early (exit ${child.exitCode ?? child.signalCode})`);
        return line.value;
      };
      children.push({ child, next });
    }
    for (const { next } of children) if ((await next()) !== "ready") throw new Error("bench worker did not start");
    const day = async (asOf: string): Promise<{ ms: number; replies: WorkerReply[] }> => {
      const started = performance.now();
      for (const { child } of children) child.stdin?.write(`${asOf}\n`);
      const replies = await Promise.all(children.map(async ({ next }) => JSON.parse(await next()) as WorkerReply));
      const errors = replies.reduce((n, r) => n + r.errors, 0);
      if (errors > 0) throw new Error(`the bench month had ${errors} contract errors, e.g. ${replies.find((r) => r.firstError !== undefined)?.firstError}`);
      return { ms: performance.now() - started, replies };
    };
    const december = await day(DECEMBER);
    const january = await day(JANUARY);
    const issued = december.replies.reduce((n, r) => n + r.invoicesIssued, 0);
    if (issued !== count) throw new Error(`expected ${count} invoices, got ${issued}`);
    const sum = (f: (r: WorkerReply) => number): number => [...december.replies, ...january.replies].reduce((n, r) => n + f(r), 0);
    return {
      contracts: count,
      workers: shards,
      issueMs: december.ms,
      chargeMs: january.ms,
      invoices: sum((r) => r.invoicesIssued),
      charges: sum((r) => r.charges),
      messages: sum((r) => r.messages),
      peakRssMiB: Math.max(...january.replies.map((r) => r.peakRssMiB)),
    };
  } finally {
    for (const { child } of children) child.stdin?.end();
    await Promise.all(children.map(({ child }) => (child.exitCode !== null ? undefined : new Promise((resolve) => child.once("exit", resolve)))));
  }
}

/**
 * A bench worker process (started by {@link shardedMonth}): reads one instant per line on stdin,
 * runs its shard up to it, answers one JSON line; ends at the end of stdin.
 */
export async function benchShardWorker(): Promise<void> {
  const setup = JSON.parse(process.env["RMR_BENCH_WORKER"] ?? "{}") as WorkerSetup;
  const pool = new Pool({ connectionString: setup.url, max: 4, ...(setup.relaxed ? { options: RELAXED } : {}) });
  const store = createStoreOver(pgExecutor(pool), { schema: setup.schema });
  const clock = createManualClock(DECEMBER);
  const engine = createBillingEngine({ store, gateway: createSimulatedGateway({ clock }), notifier: createRecordingNotifier(), clock, settings: { billFrom: "2026-12-27" } });
  process.stdout.write("ready\n");
  for await (const asOf of createInterface({ input: process.stdin })) {
    const peak = peakRss();
    clock.set(asOf);
    const report = await engine.runShard({ asOf, shard: setup.shard, shards: setup.shards });
    const first = report.errors[0];
    const reply: WorkerReply = {
      invoicesIssued: report.invoicesIssued,
      charges: report.charges.succeeded,
      messages: report.messagesSent + report.upcomingChargeNotices,
      errors: report.errors.length,
      ...(first === undefined ? {} : { firstError: `${first.contractId}: ${first.message}` }),
      peakRssMiB: peak.stop(),
    };
    process.stdout.write(`${JSON.stringify(reply)}\n`);
  }
  await pool.end();
}
