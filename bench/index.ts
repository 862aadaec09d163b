/**
 * `npm run bench`: speed targets are met here, not in timed tests. Prints throughput and the
 * ratio to a plain-integer baseline, and exits non-zero when a target is missed.
 *
 * `BENCH_CONTRACTS` sets the portfolio size (default 1,000,000); `BENCH_ENGINE_CONTRACTS` the
 * engine month's (default 100,000); `BENCH_YEAR_ACCOUNTS` the simulated year's (default 10,000);
 * `BENCH_ONLY=calendar|invoice|engine|year|insight|import|postgres` runs one part (postgres only when asked) (`BENCH_IMPORT_CONTRACTS`: the import's, default 100,000); `BENCH_INSIGHT_INVOICES` sets the
 * insight bench's invoices (default 1,000,000).
 */
// Each part is loaded when it runs (tsup splits the bundle at these imports): a part's peak memory
// is its own, not that of every library the other parts load (PGlite, pg, MJML, PDFKit — about
// 80 MiB of the insight bench's peak when they were all imported up front).
import type { PostgresBenchResult } from "./postgres.js";

const contracts = Number(process.env["BENCH_CONTRACTS"] ?? 1_000_000);
const only = process.env["BENCH_ONLY"];
const CALENDAR_TARGET = 5;
const INVOICE_TARGET = 10;
const MEMORY_TARGET_MIB = 1024;
const ENGINE_TARGET_MS = 10_000;
const YEAR_TARGET_MS = 60_000;
const fmt = (n: number): string => Math.round(n).toLocaleString("en-US");
let missed = false;

console.log(`rmr-billing bench — node ${process.version}, ${fmt(contracts)} contracts\n`);

if (only === undefined || only === "calendar") {
  const { runCalendarBench } = await import("./calendar.js");
  const r = runCalendarBench(contracts);
  const ok = r.ratio <= CALENDAR_TARGET;
  missed ||= !ok;
  console.log("billing calendar: next 12 periods + issue/due dates + one prorated line per contract");
  console.log(`  rmr-billing : ${fmt(r.oursMs)} ms  (${fmt((r.contracts / r.oursMs) * 1000)} contracts/s)`);
  console.log(`  baseline    : ${fmt(r.baselineMs)} ms  (plain integer y/m/d)`);
  console.log(`  ratio       : ${r.ratio.toFixed(2)}× (target ≤ ${CALENDAR_TARGET}×) — ${ok ? "met" : "MISSED"}`);
  console.log("  results agree with the baseline for every contract\n");
}

if (only === undefined || only === "invoice") {
  const { runInvoiceBench } = await import("./invoice.js");
  const r = runInvoiceBench(contracts);
  const ok = r.ratio <= INVOICE_TARGET;
  const memOk = r.peakRssMiB < MEMORY_TARGET_MIB;
  missed ||= !ok || !memOk;
  console.log("invoices: 2 sites × 4 lines, 2 taxes, 1 discount, explanations on — streamed");
  console.log(`  rmr-billing : ${fmt(r.oursMs)} ms  (${fmt((r.invoices / r.oursMs) * 1000)} invoices/s)`);
  console.log(`  baseline    : ${fmt(r.baselineMs)} ms  (plain integer minor units)`);
  console.log(`  ratio       : ${r.ratio.toFixed(2)}× (target ≤ ${INVOICE_TARGET}×) — ${ok ? "met" : "MISSED"}`);
  console.log(`  peak memory : ${fmt(r.peakRssMiB)} MiB RSS (target < ${MEMORY_TARGET_MIB} MiB) — ${memOk ? "met" : "MISSED"}`);
  console.log("  totals, taxes and discounts agree with the baseline to the cent for every invoice\n");
}

if (only === undefined || only === "engine") {
  const engineContracts = Number(process.env["BENCH_ENGINE_CONTRACTS"] ?? 100_000);
  const { runEngineBench } = await import("./engine.js");
  const r = await runEngineBench(engineContracts);
  const ok = r.ms < ENGINE_TARGET_MS;
  const memOk = r.peakRssMiB < MEMORY_TARGET_MIB;
  missed ||= !ok || !memOk;
  console.log(`engine: a billing month on the memory adapters — issue + deliver (Dec 27), charge + receipt (Jan 1), ${fmt(r.contracts)} contracts`);
  console.log(`  rmr-billing : ${fmt(r.ms)} ms  (${fmt((r.contracts / r.ms) * 1000)} contracts/s; ${fmt(r.invoices)} invoices, ${fmt(r.charges)} charges, ${fmt(r.messages)} messages)`);
  console.log(`  target      : under ${fmt(ENGINE_TARGET_MS)} ms — ${ok ? "met" : "MISSED"}`);
  console.log(`  peak memory : ${fmt(r.peakRssMiB)} MiB RSS (target < ${MEMORY_TARGET_MIB} MiB) — ${memOk ? "met" : "MISSED"}\n`);
}

if (only === undefined || only === "year") {
  const accounts = Number(process.env["BENCH_YEAR_ACCOUNTS"] ?? 10_000);
  const { runYearBench } = await import("./year.js");
  const r = await runYearBench(accounts);
  const ok = r.ms < YEAR_TARGET_MS;
  const memOk = r.peakRssMiB < MEMORY_TARGET_MIB;
  missed ||= !ok || !memOk;
  console.log(`year: ${fmt(r.accounts)} accounts simulated day by day through 2027 on the memory adapters (the demo's generator and rules)`);
  console.log(`  rmr-billing : ${fmt(r.ms)} ms  (${(r.days / (r.ms / 1000)).toFixed(1)} simulated days/s; ${fmt(r.invoices)} invoices)`);
  console.log(`  target      : under ${fmt(YEAR_TARGET_MS)} ms — ${ok ? "met" : "MISSED"}`);
  console.log(`  peak memory : ${fmt(r.peakRssMiB)} MiB RSS (target < ${MEMORY_TARGET_MIB} MiB) — ${memOk ? "met" : "MISSED"}\n`);
}

if (only === undefined || only === "insight") {
  const INSIGHT_TARGET_MS = 5_000;
  const { runInsightBench } = await import("./insight.js");
  const r = runInsightBench(Number(process.env["BENCH_INSIGHT_INVOICES"] ?? 1_000_000));
  const ok = r.ms < INSIGHT_TARGET_MS;
  const memOk = r.peakRssMiB < MEMORY_TARGET_MIB;
  missed ||= !ok || !memOk;
  console.log(`insight: every metric of computeInsight in one pass over ${fmt(r.invoices)} invoices of ${fmt(r.accounts)} accounts (payments, messages, attempts, credit notes)`);
  console.log(`  rmr-billing : ${fmt(r.ms)} ms  (${fmt((r.invoices / r.ms) * 1000)} invoices/s; ${fmt(r.cpuMs)} ms of CPU; facts generated in ${fmt(r.generateMs)} ms, not counted)`);
  console.log(`  target      : under ${fmt(INSIGHT_TARGET_MS)} ms — ${ok ? "met" : "MISSED"}`);
  console.log(`  peak memory : ${fmt(r.peakRssMiB)} MiB RSS, facts included (target < ${MEMORY_TARGET_MIB} MiB) — ${memOk ? "met" : "MISSED"}`);
  console.log(`  receivables ${r.receivables} USD, RMR ${r.rmr} USD\n`);
}

if (only === undefined || only === "import") {
  // Rows per CPU second: the work itself, whatever else the machine runs (wall time is printed too).
  const IMPORT_TARGET_ROWS_PER_S = 50_000;
  const IMPORT_MEMORY_TARGET_MIB = 500;
  const { runImportBench } = await import("./import.js");
  const r = await runImportBench(Number(process.env["BENCH_IMPORT_CONTRACTS"] ?? 100_000));
  const perCpuSecond = (p: { rows: { total: number }; cpuMs: number }): number => (p.rows.total / p.cpuMs) * 1000;
  const ok = perCpuSecond(r.validate) >= IMPORT_TARGET_ROWS_PER_S && perCpuSecond(r.sync) >= IMPORT_TARGET_ROWS_PER_S;
  const memOk = r.validate.peakRssMiB < IMPORT_MEMORY_TARGET_MIB;
  missed ||= !ok || !memOk;
  console.log(`import: a generated CRM export of ${fmt(r.contracts)} contracts, ${fmt(r.validate.rows.total)} rows (${fmt(r.fileMiB)} MiB), streamed through importCsv`);
  for (const [name, p] of [["validate", r.validate], ["sync", r.sync], ["re-import", r.reimport]] as const) {
    console.log(`  ${name.padEnd(10)}: ${fmt(p.ms)} ms wall, ${fmt(p.cpuMs)} ms CPU — ${fmt(perCpuSecond(p))} rows/CPU-s, ${fmt((p.rows.total / p.ms) * 1000)} rows/s wall; ${fmt(p.peakRssMiB)} MiB peak RSS; ${fmt(p.rows.imported)} imported, ${fmt(p.rows.unchanged)} unchanged, ${fmt(p.rows.rejected)} rejected`);
  }
  console.log(`  baseline  : CSV reading alone (papaparse) ${fmt(r.parseOnlyCpuMs)} ms CPU (${fmt((r.validate.rows.total / r.parseOnlyCpuMs) * 1000)} rows/CPU-s); the import costs ${(r.validate.cpuMs / r.parseOnlyCpuMs).toFixed(1)}× that`);
  console.log(`  target      : ≥ ${fmt(IMPORT_TARGET_ROWS_PER_S)} rows/CPU-s validating and syncing — ${ok ? "met" : "MISSED"}`);
  console.log(`  peak memory : ${fmt(r.validate.peakRssMiB)} MiB RSS validating (target < ${IMPORT_MEMORY_TARGET_MIB} MiB) — ${memOk ? "met" : "MISSED"}; the sync passes include the memory store's contracts\n`);
}

// The PostgreSQL store's month (BENCH_ONLY=postgres only: minutes at these sizes). A server at
// RMR_BENCH_DATABASE_URL (else RMR_TEST_DATABASE_URL, else the local test server), durable and with
// synchronous_commit off, then PGlite. BENCH_POSTGRES_CONTRACTS (default 2,000), BENCH_PGLITE_CONTRACTS (default 500).
if (only === "postgres") {
  const POSTGRES_TARGET = 5_000;
  const serverCount = Number(process.env["BENCH_POSTGRES_CONTRACTS"] ?? 2_000);
  const pgliteCount = Number(process.env["BENCH_PGLITE_CONTRACTS"] ?? 500);
  const report = (r: PostgresBenchResult): void => {
    const perSecond = (r.contracts / r.issueMs) * 1000;
    const ok = perSecond >= POSTGRES_TARGET;
    missed ||= !ok;
    console.log(`postgres: a billing month on the engine over the PostgreSQL store (${r.target}), ${fmt(r.contracts)} contracts, ${r.workers === 1 ? "one worker" : `${r.workers} worker processes (runShard)`}`);
    console.log(`  Dec 27 (issue + deliver): ${fmt(r.issueMs)} ms  (${fmt(perSecond)} invoices/s; target ≥ ${fmt(POSTGRES_TARGET)} — ${ok ? "met" : "MISSED"})`);
    console.log(`  Jan 1 (charge + receipt): ${fmt(r.chargeMs)} ms  (${fmt(r.charges)} charges, ${fmt((r.charges / r.chargeMs) * 1000)} charges/s)`);
    console.log(`  100,000 contracts at this rate: ${fmt(100_000 / perSecond / 60)} min for Dec 27, ${fmt((100_000 * r.chargeMs) / r.contracts / 60_000)} min for Jan 1`);
    if (r.cost !== undefined) {
      const c = r.cost;
      console.log(`  per contract and month: ${c.transactions.toFixed(1)} transactions (${c.writingTransactions.toFixed(1)} writing, each a commit), ${c.statements.toFixed(1)} statements, ${c.accountLocks.toFixed(1)} account locks; this process's CPU ${fmt(c.cpuMs)} ms of ${fmt(r.issueMs + r.chargeMs)} ms wall (${fmt((c.cpuMs / (r.issueMs + r.chargeMs)) * 100)} %); inside transactions ${fmt(c.transactionMs)} ms, of which COMMIT ${fmt(c.commitMs)} ms`);
    }
    console.log(`  portfolio stored in ${fmt(r.loadMs)} ms (not timed); ${fmt(r.invoices)} invoices, ${fmt(r.messages)} messages; peak memory ${fmt(r.peakRssMiB)} MiB RSS${r.workers === 1 ? "" : " (the largest worker)"}\n`);
  };
  const { runPgliteBench, runServerBench } = await import("./postgres.js");
  const durable = await runServerBench(serverCount);
  if (durable === undefined) console.log("postgres: no PostgreSQL server answered — server runs skipped (set RMR_BENCH_DATABASE_URL)\n");
  else {
    report(durable);
    report((await runServerBench(serverCount, { workers: 2 })) as PostgresBenchResult);
    report((await runServerBench(serverCount, { synchronousCommit: false })) as PostgresBenchResult);
    report((await runServerBench(serverCount, { synchronousCommit: false, workers: 2 })) as PostgresBenchResult);
  }
  report(await runPgliteBench(pgliteCount));
}

if (missed) process.exitCode = 1;
