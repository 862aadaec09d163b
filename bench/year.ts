/**
 * The year bench: a simulated year of a generated alarm portfolio (the demo's generator, seed
 * 2027) on the memory adapters — every daily run with its reminders, retries, late fees, dunning,
 * renewals and invitations — reporting simulated days per second and peak memory.
 */
import { runYear } from "../examples/portfolio/year.js";

/** What the year bench measured. */
export interface YearBenchResult {
  readonly accounts: number;
  readonly days: number;
  readonly ms: number;
  readonly invoices: number;
  readonly peakRssMiB: number;
}

export async function runYearBench(accounts: number): Promise<YearBenchResult> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 200);
  const started = performance.now();
  const world = await runYear({ quiet: true, accounts });
  const ms = performance.now() - started;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { accounts, days: world.result.days, ms, invoices: world.result.totals.invoicesIssued, peakRssMiB: peak / 2 ** 20 };
}
