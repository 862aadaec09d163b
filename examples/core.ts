/**
 * `npm run example:core` — the library's pieces one by one, on in-memory adapters (`npm run demo`
 * shows the whole year of a portfolio):
 *   0. the billing engine running a month of the example portfolio (seed steps 2–4: issue five
 *      days ahead, deliver through each customer's channels, collect auto-pay), exactly once;
 *   1. a year of billing periods, issue and due dates and prorated amounts for sample contracts;
 *   2. January 2027 invoices for the example contracts in examples/contracts/, computed, explained,
 *      numbered from an in-memory sequence and issued — plus a credit note;
 *   3. what happens next: reminders, retries, dunning and renewals as dated actions.
 *
 * It grows as the library does (reminders, recovery, dunning and renewals on the engine come next).
 */
import { readFileSync, readdirSync } from "node:fs";
import { createMemorySequence } from "../src/adapters/memory/index.js";
import { main as autopayStep } from "./engine/autopay.js";
import { main as deliverStep } from "./engine/deliver.js";
import { main as issueStep } from "./engine/issue.js";
import { main as remindersStep } from "./engine/reminders.js";
import {
  computeAdjustments,
  computeInvoice,
  computeInvoices,
  createCreditNote,
  createTaxTable,
  issueCreditNote,
  issueInvoice,
  parseContract,
  parseTaxRules,
  periodForMonth,
  renderInvoiceText,
  nextActions,
  timelineFacts,
  parseTimelinePolicy,
  sequenceKey,
  toDecimalString,
  type Contract,
  type Invoice,
  type TimelineAction,
} from "../src/index.js";
import {
  billingPeriods,
  formatMoney,
  money,
  multiply,
  ratioToString,
  round,
  toCalendarDate,
  type BillingScheduleOptions,
  type Money,
} from "../src/index.js";

interface SampleContract {
  readonly name: string;
  readonly note: string;
  readonly timeZone: string;
  readonly locale: string;
  readonly rate: Money;
  readonly terms: Omit<BillingScheduleOptions, "from" | "until" | "count">;
}

// ---------------------------------------------------------------------------------------------
// 0. The engine: a month of the example portfolio, Dec 27 → Feb 1, one run a day.

console.log(`${"═".repeat(96)}\nThe billing engine — a month of the example portfolio on the in-memory adapters\n${"═".repeat(96)}`);
console.log(`${await issueStep()}\n`);
console.log(`${await deliverStep()}\n`);
console.log(`${await autopayStep()}\n`);
console.log(`${await remindersStep()}\n`);

// "Now" for the demo: one fixed instant, so the output is the same on every machine.
const NOW = "2026-11-25T15:30:00Z";

const contracts: readonly SampleContract[] = [
  {
    name: "Rivera residence — cellular monitoring",
    note: "anchor day 31: Jan 31, Feb 28, Mar 31, Apr 30 … never drifting",
    timeZone: "America/Chicago",
    locale: "en-US",
    rate: money("44.99", "USD"),
    terms: { start: "2025-10-31", end: "2028-10-31", cycle: "monthly", anchorDay: 31 },
  },
  {
    name: "Northgate Plaza — fire & burglary, 3 panels",
    note: "quarterly, billed on the 1st, due net 15",
    timeZone: "America/New_York",
    locale: "en-US",
    rate: money("387.00", "USD"),
    terms: { start: "2026-01-01", end: "2031-01-01", cycle: "quarterly", anchorDay: 1, paymentTerms: { kind: "net", days: 15 } },
  },
  {
    name: "Okafor dental clinic — video verification",
    note: "starts on the 10th, bills on the 1st: a prorated stub first",
    timeZone: "America/Denver",
    locale: "en-US",
    rate: money("129.99", "USD"),
    terms: { start: "2026-12-10", end: "2029-12-10", cycle: "monthly", anchorDay: 1 },
  },
  {
    name: "Sakura Logistics 倉庫 — monitoring + equipment rental",
    note: "Asia/Tokyo, JPY (no minor unit), a term ending mid-cycle",
    timeZone: "Asia/Tokyo",
    locale: "ja-JP",
    rate: money("8800", "JPY"),
    terms: { start: "2025-06-15", end: "2027-06-01", cycle: "monthly", anchorDay: 15 },
  },
];

const pad = (text: string, width: number): string => text.padEnd(width);
const padLeft = (text: string, width: number): string => text.padStart(width);

console.log("rmr-billing demo — one year of billing periods for sample alarm contracts");
console.log(`now: ${NOW}\n`);

for (const contract of contracts) {
  const today = toCalendarDate(NOW, contract.timeZone);
  const periods = billingPeriods({ ...contract.terms, from: today, count: 12 });
  console.log(`■ ${contract.name}`);
  console.log(`  ${contract.note}`);
  console.log(`  rate ${formatMoney(contract.rate, { locale: contract.locale })} per cycle · today in ${contract.timeZone}: ${today}`);
  console.log(`  ${pad("#", 4)}${pad("period", 26)}${pad("kind", 7)}${pad("issue", 12)}${pad("due", 12)}${pad("fraction", 10)}${padLeft("amount", 14)}`);
  for (const p of periods) {
    const amount = round(multiply(contract.rate, p.fraction), "halfUp");
    console.log(
      `  ${pad(String(p.index), 4)}${pad(`${p.start} → ${p.end}`, 26)}${pad(p.kind, 7)}${pad(p.issueDate, 12)}${pad(p.dueDate, 12)}` +
        `${pad(ratioToString(p.fraction), 10)}${padLeft(formatMoney(amount, { locale: contract.locale }), 14)}`,
    );
  }
  console.log("");
}
console.log("Periods are half-open [start, end). Amounts = rate × fraction, rounded half up once, at the end.\n");

// ---------------------------------------------------------------------------------------------
// 2. Invoices for the example contracts, numbered from a sequence and issued.

const here = new URL(".", import.meta.url);
const tax = createTaxTable(parseTaxRules(JSON.parse(readFileSync(new URL("tax/us-ca-rules.json", here), "utf8"))));
const sequence = createMemorySequence();
const files = readdirSync(new URL("contracts/", here)).filter((f) => f.endsWith(".json")).sort();
const issued: Invoice[] = [];
const contractById = new Map<string, Contract>();

console.log("═".repeat(96));
console.log("January 2027 invoices for examples/contracts/*.json (tax rules: examples/tax/us-ca-rules.json)");
console.log("═".repeat(96));
for (const file of files) {
  const contract = parseContract(JSON.parse(readFileSync(new URL(`contracts/${file}`, here), "utf8")));
  contractById.set(contract.id, contract);
  for (const draft of computeInvoices(contract, periodForMonth(contract, "2027-01"), { tax })) {
    const invoice = issueInvoice(draft, { counter: await sequence.next(sequenceKey(draft.series, draft.issueDate)) });
    issued.push(invoice);
    console.log(
      `${file.padEnd(28)} ${invoice.number.padEnd(18)} ${draft.siteIds.join(",").padEnd(14)} ` +
        `subtotal ${toDecimalString(invoice.subtotal).padStart(9)}  discounts ${toDecimalString(invoice.discountTotal).padStart(7)}  ` +
        `tax ${toDecimalString(invoice.taxTotal).padStart(7)}  total ${toDecimalString(invoice.total).padStart(9)} ${invoice.currency}`,
    );
  }
}

const promo = issued.find((i) => i.contractId === "C-4410");
if (promo !== undefined) {
  console.log(`\nOne of them in full (${promo.number}), every line explained:\n`);
  console.log(renderInvoiceText(promo));
  const firstLine = promo.lines[0];
  if (firstLine !== undefined) {
    const draft = createCreditNote(promo, {
      lines: [{ invoiceLineId: firstLine.id, share: "0.5" }],
      reason: "Monitoring outage: half the month credited",
      date: "2027-01-20",
    });
    const note = issueCreditNote(draft, { counter: await sequence.next(sequenceKey(draft.series, draft.date)) });
    console.log(`\nCredit note ${note.number} against ${note.invoiceNumber}: ${note.reason}`);
    for (const line of note.lines) console.log(`  ${line.description}: net ${toDecimalString(line.net)}, tax ${toDecimalString(line.taxTotal)}, total ${toDecimalString(line.total)} — ${line.explanation}`);
  }
}


// ---------------------------------------------------------------------------------------------
// 2b. A mid-period upgrade and a cancellation, settled against what was issued.

const residentialJson = JSON.parse(readFileSync(new URL("contracts/residential.json", here), "utf8")) as {
  sites: { lines: Record<string, unknown>[] }[];
  term: Record<string, unknown>;
} & Record<string, unknown>;
const residentialJanuary = issued.find((i) => i.contractId === "C-1001");
if (residentialJanuary !== undefined) {
  // On Jan 16 Maria upgrades from cellular (39.99) to video monitoring (54.99): January was billed in advance.
  const upgradedJson = structuredClone(residentialJson);
  const monitoringLine = upgradedJson.sites[0]?.lines[0];
  if (monitoringLine !== undefined) monitoringLine["priceChanges"] = [{ effective: "2027-01-16", rate: "54.99" }];
  const upgraded = parseContract(upgradedJson);
  const february = computeInvoice(upgraded, "2027-02", { tax, issued: [residentialJanuary] });
  console.log(`\n${"═".repeat(96)}\nC-1001 upgrades to 54.99 on 2027-01-16 (January already issued as ${residentialJanuary.number}). February's invoice:`);
  for (const line of february.lines) console.log(`  ${line.kind.padEnd(10)} ${line.description.padEnd(84).slice(0, 84)} ${toDecimalString(line.total).padStart(8)}`);
  const februaryInvoice = issueInvoice(february, { counter: await sequence.next(sequenceKey(february.series, february.issueDate)) });

  // She moves away on Feb 20; the contract charges 3 months of recurring charges to leave early.
  const endedJson = structuredClone(upgradedJson);
  endedJson.term["earlyTermination"] = { credit: "prorate", fee: { kind: "months", months: 3 }, waivedFor: ["deceased"] };
  endedJson["termination"] = { date: "2027-02-20", reason: "moved" };
  const ended = parseContract(endedJson);
  const settlement = computeAdjustments(ended, { issued: [residentialJanuary, februaryInvoice], date: "2027-02-20", tax });
  console.log(`\nShe moves away on 2027-02-20. Settlement (credit "prorate", fee: 3 months of recurring charges):`);
  for (const note of settlement.creditNotes) console.log(`  credit note against ${note.invoiceNumber}: ${toDecimalString(note.total)} — ${note.reason}`);
  for (const line of settlement.invoice?.lines ?? []) console.log(`  final invoice: ${line.description} ${toDecimalString(line.total)}`);
  if (settlement.terminationFee?.status === "charged") console.log(`  fee: ${settlement.terminationFee.explanation}`);
}

// ---------------------------------------------------------------------------------------------
// 3. What happens next: reminders, retries, dunning and renewals as dated actions (pure timelines).

const show = (actions: readonly TimelineAction[]): void => {
  for (const a of actions.slice(0, 12)) console.log(`  ${a.date}  ${a.kind.padEnd(18)} ${a.key}`);
  if (actions.length > 12) console.log(`  … ${actions.length - 12} more`);
};
const policy = parseTimelinePolicy({});

const manual = issued.find((i) => i.contractId === "C-2040");
const manualContract = manual === undefined ? undefined : contractById.get(manual.contractId);
if (manual !== undefined && manualContract !== undefined) {
  console.log(`\n${"═".repeat(96)}\nWhat happens to ${manual.number} (${toDecimalString(manual.total)} ${manual.currency}, due ${manual.dueDate}, paid by hand) if nobody pays — as of its issue date:`);
  // timelineFacts reads the customer, the invoice and the term from the contract and what was issued.
  show(nextActions(timelineFacts(manualContract, [manual], { policy }), `${manual.issueDate}T12:00:00Z`));
}

const auto = issued.find((i) => i.contractId === "C-1001");
const autoContract = auto === undefined ? undefined : contractById.get(auto.contractId);
if (auto !== undefined && autoContract !== undefined) {
  const card = timelineFacts(autoContract, [auto]).customer.autoPay;
  const attempts = card === undefined ? [] : [{ id: "att-1", at: `${auto.dueDate}T14:00:00Z`, method: card, origin: "automatic" as const, outcome: { kind: "declined" as const, decline: { reason: "insufficientFunds" as const, responseCode: "51" } } }];
  console.log(`\n${auto.number} is on auto-pay; the charge on ${auto.dueDate} is declined (insufficient funds). The recovery plan:`);
  show(nextActions(timelineFacts(autoContract, [auto], { policy, history: { [auto.number]: { attempts } } }), `${auto.dueDate}T15:00:00Z`));
}
