/**
 * A billing month on the engine over the PostgreSQL store — on a server (RMR_BENCH_DATABASE_URL,
 * else RMR_TEST_DATABASE_URL, else postgres://rmr:rmr@127.0.0.1:5432/rmr_test) and on PGlite:
 * Dec 27 issues and delivers every January invoice, Jan 1 charges the auto-pay customers and sends
 * the receipts, as bench/engine.ts does on the memory store. Timed: the two runs. Not timed:
 * storing the portfolio. The server's schema is dropped afterwards.
 */
import { Pool } from "pg";
import { createManualClock, createRecordingNotifier, createSimulatedGateway } from "../src/adapters/memory/index.js";
import { createPgliteStore, createPostgresStore, type PostgresStore } from "../src/adapters/postgres/index.js";
import { parseContract } from "../src/contract/index.js";
import { createBillingEngine } from "../src/engine/index.js";
import { prng } from "./prng.js";

export interface PostgresBenchResult {
  /** "PostgreSQL server" or "PGlite". */
  readonly target: string;
  readonly contracts: number;
  /** The Dec 27 run (issue + deliver). */
  readonly issueMs: number;
  /** The Jan 1 run (charges + receipts). */
  readonly chargeMs: number;
  readonly invoices: number;
  readonly charges: number;
  readonly messages: number;
  /** Storing the portfolio (not timed in the month). */
  readonly loadMs: number;
  readonly peakRssMiB: number;
}

const TIERS = [
  { tier: "landline", rate: "24.99" },
  { tier: "cellular", rate: "39.99" },
  { tier: "interactive", rate: "49.99" },
] as const;

async function month(store: PostgresStore, target: string, count: number): Promise<PostgresBenchResult> {
  const random = prng(20270101);
  const clock = createManualClock("2026-12-27T15:00:00Z");
  const gateway = createSimulatedGateway({ clock });
  const notifier = createRecordingNotifier();
  const loading = performance.now();
  await store.migrate();
  const batch = 1_000;
  for (let start = 0; start < count; start += batch) {
    await store.transaction(async (tx) => {
      for (let i = start; i < Math.min(count, start + batch); i++) {
        const tier = TIERS[Math.floor(random() * TIERS.length)] ?? TIERS[0];
        const autoPay = random() < 0.7;
        await tx.putContract(
          parseContract({
            id: `C-${String(i).padStart(6, "0")}`,
            customer: { id: `CUST-${i}`, name: `Customer ${i}`, contact: { email: `c${i}@example.com` }, timeZone: "America/Chicago" },
            billing: { currency: "USD", cycle: "monthly", anchorDay: 1 },
            term: { start: "2026-01-01", end: "2029-01-01" },
            sites: [
              {
                id: "S-1",
                name: "Home",
                address: { line1: `${i} Main St`, city: "Austin", state: "TX", postalCode: "78701", country: "US" },
                lines: [
                  { id: "L-mon", kind: "monitoring", tier: tier.tier, rate: tier.rate, taxCategory: "monitoring" },
                  { id: "L-panel", kind: "equipment", item: "Panel rental", rate: "12.50", taxCategory: "equipment-rental" },
                ],
              },
            ],
            ...(autoPay ? { paymentMethod: { kind: "card", token: `tok_${i}`, last4: "4242", autoPay: true } } : {}),
          }),
        );
      }
    });
  }
  const loadMs = performance.now() - loading;
  const engine = createBillingEngine({ store, gateway, notifier, clock, settings: { billFrom: "2026-12-27" } });
  let peak = process.memoryUsage().rss;
  const sample = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  const started = performance.now();
  const december = await engine.run({ asOf: "2026-12-27T15:00:00Z" });
  const issued = performance.now();
  clock.set("2027-01-01T15:00:00Z");
  const january = await engine.run({ asOf: "2027-01-01T15:00:00Z" });
  const ended = performance.now();
  clearInterval(sample);
  peak = Math.max(peak, process.memoryUsage().rss);
  const errors = december.errors.length + january.errors.length;
  if (errors > 0) throw new Error(`the bench month had ${errors} contract errors, e.g. ${december.errors[0]?.message ?? january.errors[0]?.message}`);
  if (december.invoicesIssued !== count) throw new Error(`expected ${count} invoices, got ${december.invoicesIssued}`);
  // Read back from the database, not from the run's own counters.
  const stored = await store.transaction((tx) => tx.listContractInvoices("C-000000"));
  if (stored.length !== 1) throw new Error(`expected one stored invoice of C-000000, found ${stored.length}`);
  return {
    target,
    contracts: count,
    issueMs: issued - started,
    chargeMs: ended - issued,
    invoices: december.invoicesIssued + january.invoicesIssued,
    charges: january.charges.succeeded,
    messages: december.messagesSent + january.messagesSent + december.upcomingChargeNotices,
    loadMs,
    peakRssMiB: peak / 1024 / 1024,
  };
}

/** The month on PGlite (in memory). */
export async function runPgliteBench(count: number): Promise<PostgresBenchResult> {
  const store = await createPgliteStore();
  try {
    return await month(store, "PGlite", count);
  } finally {
    await store.close();
  }
}

/**
 * The month on the server, in a schema of its own (dropped after); undefined when no server
 * answers. `synchronousCommit: false` runs the sessions with `synchronous_commit = off` (a commit
 * does not wait for its WAL flush; see docs/postgres.md for what that risks).
 */
export async function runServerBench(count: number, options: { readonly synchronousCommit?: boolean } = {}): Promise<PostgresBenchResult | undefined> {
  const url = process.env["RMR_BENCH_DATABASE_URL"] ?? process.env["RMR_TEST_DATABASE_URL"] ?? "postgres://rmr:rmr@127.0.0.1:5432/rmr_test";
  const relaxed = options.synchronousCommit === false;
  const pool = new Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 3_000, ...(relaxed ? { options: "-c synchronous_commit=off" } : {}) });
  try {
    await pool.query("SELECT 1");
  } catch {
    await pool.end();
    return undefined;
  }
  const schema = `rmr_bench_${process.pid}`;
  try {
    return await month(createPostgresStore({ pool, schema }), relaxed ? "PostgreSQL server, synchronous_commit off" : "PostgreSQL server", count);
  } finally {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
  }
}
