/**
 * `npm run demo` — a year of a 200-account alarm portfolio on the in-memory adapters: the engine
 * takes over on 2026-12-27 and runs every day of 2027 (issue five days ahead, deliver with a
 * signed payment link, auto-pay, reminders at −3/0/+5/+10 days, retries at 24 h/3 d/7 d, late
 * fees, dunning to suspension and collections, disputes and promises to pay) while simulated
 * customers pay on time, late or never and the simulated gateway declines, times out and returns
 * debits — then the year in tables. Deterministic: the same output on every machine but the
 * timings.
 */
import { main as year } from "./portfolio/year.js";

console.log(`${"═".repeat(96)}\nrmr-billing — a year of billing, unattended\n${"═".repeat(96)}`);
console.log(await year());
console.log(
  "\nNext: one step at a time in examples/engine/ (npm run example:issue, example:deliver, example:autopay, example:reminders, example:dunning, example:renewals), the core alone in npm run example:core, and the guides in docs/ (start with docs/engine.md).",
);
