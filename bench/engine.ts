/**
 * A billing month on the engine over the memory adapters: Dec 27 issues and delivers every
 * January invoice (5 days ahead), Jan 1 charges every auto-pay customer and sends the receipts.
 * Timed: the two runs. Not timed: building and storing the portfolio.
 */
import { createManualClock, createMemoryStore, createRecordingNotifier, createSimulatedGateway } from "../src/adapters/memory/index.js";
import { createBillingEngine } from "../src/engine/index.js";
import { storeBenchPortfolio } from "./portfolio.js";

export interface EngineBenchResult {
  readonly contracts: number;
  readonly ms: number;
  readonly invoices: number;
  readonly charges: number;
  readonly messages: number;
  readonly peakRssMiB: number;
}

export async function runEngineBench(count: number): Promise<EngineBenchResult> {
  const store = createMemoryStore();
  const clock = createManualClock("2026-12-27T15:00:00Z");
  const gateway = createSimulatedGateway({ clock });
  const notifier = createRecordingNotifier();
  await storeBenchPortfolio(store, count);
  const engine = createBillingEngine({ store, gateway, notifier, clock, settings: { billFrom: "2026-12-27" } });
  let peak = process.memoryUsage().rss;
  const sample = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  const verbose = process.env["BENCH_VERBOSE"] !== undefined;
  const heap = (what: string): void => {
    if (!verbose) return;
    (globalThis as { gc?: () => void }).gc?.();
    console.log(`  (${what}: heap ${Math.round(process.memoryUsage().heapUsed / 1048576)} MiB, rss ${Math.round(process.memoryUsage().rss / 1048576)} MiB)`);
  };
  heap("portfolio stored");
  const profile = (globalThis as { __profile?: { start(): Promise<void>; stop(): Promise<void> } }).__profile;
  await profile?.start();
  const started = performance.now();
  const december = await engine.run({ asOf: "2026-12-27T15:00:00Z" });
  if (verbose) console.log(`  (Dec 27 run: ${Math.round(performance.now() - started)} ms)`);
  heap("after Dec 27");
  clock.set("2027-01-01T15:00:00Z");
  const january = await engine.run({ asOf: "2027-01-01T15:00:00Z" });
  const ms = performance.now() - started;
  await profile?.stop();
  heap("after Jan 1");
  clearInterval(sample);
  peak = Math.max(peak, process.memoryUsage().rss);
  const errors = december.errors.length + january.errors.length;
  if (errors > 0) throw new Error(`the bench month had ${errors} contract errors, e.g. ${december.errors[0]?.message ?? january.errors[0]?.message}`);
  if (december.invoicesIssued !== count) throw new Error(`expected ${count} invoices, got ${december.invoicesIssued}`);
  return {
    contracts: count,
    ms,
    invoices: december.invoicesIssued + january.invoicesIssued,
    charges: january.charges.succeeded,
    messages: december.messagesSent + january.messagesSent + december.upcomingChargeNotices,
    peakRssMiB: peak / 1024 / 1024,
  };
}
