/**
 * `npm run demo [folder]` — a year of a 200-account alarm portfolio on the in-memory adapters: the
 * engine takes over on 2026-12-27 and runs every day of 2027 (issue five days ahead, deliver
 * branded messages with a signed payment link, auto-pay, reminders at −3/0/+5/+10 days, retries at
 * 24 h/3 d/7 d, late fees, dunning to suspension and collections, disputes and promises to pay,
 * renewals) while simulated customers pay on time, late or never and the simulated gateway
 * declines, times out and returns debits — then the year in tables; a folder (default
 * ./billing-samples) with one sample of every message kind (HTML email, text and SMS, in en-US,
 * es-US and fr-CA), an invoice as PDF and as HTML; and, last, one customer's activity trail.
 * Deterministic: the same output on every machine but the timings.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseBrand } from "../src/index.js";
import { writeMessageSamples } from "./messages/samples-to-folder.js";
import { activityScreen } from "./portfolio/activity.js";
import { main as year, type YearWorld } from "./portfolio/year.js";

const brand = parseBrand(JSON.parse(readFileSync(new URL("messages/brand.json", import.meta.url), "utf8")));
const folder = resolve(process.cwd(), process.argv[2] ?? "billing-samples");

console.log(`${"═".repeat(96)}\nrmr-billing — a year of billing, unattended\n${"═".repeat(96)}`);
let world: YearWorld | undefined;
console.log(await year({ brand, onWorld: (w) => (world = w) }));

const t0 = performance.now();
mkdirSync(folder, { recursive: true });
const { files } = await writeMessageSamples(folder);
const emails = files.filter((f) => f.endsWith(".html") && f.includes("/")).length;
console.log(`\nWhat customers receive: ${emails} emails (every message kind and reminder tone, in en-US, es-US and fr-CA), each with its text and SMS, and an invoice as PDF and HTML — ${files.length} files in ${Math.round(performance.now() - t0)} ms:`);
console.log(`  ${folder}/index.html  (open it in a browser)\n  ${folder}/invoice.pdf\n  ${folder}/invoice.html`);

console.log(
  "\nNext: one step at a time in examples/engine/ (npm run example:issue, example:deliver, example:autopay, example:reminders, example:dunning, example:renewals), the core alone in npm run example:core, and the guides in docs/ (start with docs/engine.md).",
);

if (world !== undefined) {
  const accountIds = [...new Set(world.contracts.map((c) => c.customer.id))];
  console.log(`\n${"═".repeat(96)}\n${await activityScreen(world.engine, accountIds, { from: "2027-01-01", to: "2027-04-01" })}`);
}
