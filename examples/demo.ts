/**
 * `npm run demo` — a year of billing for a handful of sample alarm-monitoring contracts:
 * billing periods, issue and due dates, and prorated amounts, to the day and the cent.
 *
 * It grows as the library does (invoices, payments, reminders, renewals come next).
 */
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
console.log("Periods are half-open [start, end). Amounts = rate × fraction, rounded half up once, at the end.");
