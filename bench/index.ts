/**
 * `npm run bench`: speed targets are met here, not in timed tests. Prints throughput and the
 * ratio to a plain-integer baseline, and exits non-zero when a target is missed.
 *
 * `BENCH_CONTRACTS` sets the portfolio size (default 1,000,000).
 */
import { runCalendarBench } from "./calendar.js";

const contracts = Number(process.env["BENCH_CONTRACTS"] ?? 1_000_000);
const CALENDAR_TARGET = 5;

console.log(`rmr-billing bench — node ${process.version}, ${contracts.toLocaleString("en-US")} contracts\n`);

const calendar = runCalendarBench(contracts);
const perSecond = Math.round((calendar.contracts / calendar.oursMs) * 1000);
console.log("billing calendar: next 12 periods + issue/due dates + one prorated line per contract");
console.log(`  rmr-billing : ${calendar.oursMs.toFixed(0)} ms  (${perSecond.toLocaleString("en-US")} contracts/s)`);
console.log(`  baseline    : ${calendar.baselineMs.toFixed(0)} ms  (plain integer y/m/d)`);
console.log(`  ratio       : ${calendar.ratio.toFixed(2)}× (target ≤ ${CALENDAR_TARGET}×) — ${calendar.ratio <= CALENDAR_TARGET ? "met" : "MISSED"}`);
console.log("  results agree with the baseline for every contract");

if (calendar.ratio > CALENDAR_TARGET) process.exitCode = 1;
