/**
 * The insight bench: every metric of `computeInsight` (aging, days to payment, DSO, habits and
 * predictions, the rates, RMR and its movement month by month, billing accuracy, deferred revenue,
 * the work list and the 90-day forecast) over a generated portfolio of `invoices` invoices — a
 * year of monthly invoices of `invoices / 12` accounts, nine in ten paid (on time, late, in two
 * parts), reminders, delivery messages, failed charges with their retries, credit notes, void and
 * written-off invoices — in one pass. Reports the time and the peak memory (RSS, facts included).
 */
import {
  addDays,
  computeInsight,
  daysBetween,
  fromMinorUnits,
  toDecimalString,
  type AttemptFact,
  type ContractFact,
  type CreditNoteFact,
  type InsightFacts,
  type InvoiceFact,
  type InvoiceFactLine,
  type MessageFact,
  type Money,
  type ReceivedPaymentFact,
} from "../src/index.js";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { prng } from "./prng.js";

/** A full garbage collection, so the generator's garbage is not collected inside the timed part. */
function collectGarbage(): void {
  setFlagsFromString("--expose-gc");
  (runInNewContext("gc") as () => void)();
}

/** What the insight bench measured. */
export interface InsightBenchResult {
  readonly invoices: number;
  readonly accounts: number;
  readonly generateMs: number;
  readonly ms: number;
  /** CPU time of the timed part (all threads, the garbage collector's included). */
  readonly cpuMs: number;
  readonly peakRssMiB: number;
  readonly receivables: string;
  readonly rmr: string;
}

const PRICES = ["29.99", "34.99", "39.99", "44.99", "49.99", "59.99", "69.99", "89.99", "129.99", "249.00"];

/**
 * A string as a store's reader returns it: one flat run of characters. A template literal builds a
 * rope (V8's cons string) that the first comparison or lookup flattens into a second copy — inside
 * the timed part, and kept with the facts: ≈ 60 MiB for a million invoice numbers and message keys
 * that no store would hand over that way.
 */
function flat(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}

/**
 * A generated portfolio's facts. Money, dates, lines and an invoice's number are shared where they
 * are equal, as a store's reader would intern them; strings are flat, as a reader returns them.
 */
export function generateInsightFacts(invoices: number, seed = 2027): InsightFacts {
  const random = prng(seed);
  const accounts = Math.max(1, Math.ceil(invoices / 12));
  const money = new Map<number, Money>();
  const cents = (minor: number): Money => {
    let m = money.get(minor);
    if (m === undefined) money.set(minor, (m = fromMinorUnits(minor, "USD")));
    return m;
  };
  const months = Array.from({ length: 13 }, (_, k) => (k < 12 ? `2027-${String(k + 1).padStart(2, "0")}-01` : "2028-01-01"));
  const days = new Map<number, string>();
  const day = (offset: number): string => {
    let d = days.get(offset);
    if (d === undefined) days.set(offset, (d = addDays("2026-12-01", offset)));
    return d;
  };
  const offsets = new Map<string, number>();
  const offsetOf = (date: string): number => {
    let o = offsets.get(date);
    if (o === undefined) offsets.set(date, (o = daysBetween("2026-12-01", date)));
    return o;
  };
  const stamps = new Map<string, string>();
  const at = (date: string, time: string): string => {
    const key = flat(`${date}T${time}Z`);
    let v = stamps.get(key);
    if (v === undefined) stamps.set(key, (v = key));
    return v;
  };
  const periods = months.slice(0, 12).map((start, m) => ({ start, end: months[m + 1] as string, fullStart: start, fullEnd: months[m + 1] as string }));
  const NO_EVENTS: MessageFact["events"] = [];
  const lines = new Map<string, InvoiceFactLine[]>();
  const lineOf = (price: number, m: number): InvoiceFactLine[] => {
    const key = `${price}|${m}`;
    let l = lines.get(key);
    if (l === undefined) {
      const start = months[m] as string;
      const end = months[m + 1] as string;
      l = [{ id: flat(`S-1/L-mon/${start}`), lineId: "L-mon", siteId: "S-1", kind: "recurring", description: "Monitoring", servicePeriod: { start, end }, net: cents(price), explanation: { fraction: "1" } }];
      lines.set(key, l);
    }
    return l;
  };
  const out: InvoiceFact[] = [];
  const payments: ReceivedPaymentFact[] = [];
  const messages: MessageFact[] = [];
  const attempts: AttemptFact[] = [];
  const creditNotes: CreditNoteFact[] = [];
  const contracts: ContractFact[] = [];
  let n = 0;
  for (let a = 0; a < accounts && n < invoices; a++) {
    const accountId = `CUST-${a}`;
    const contractId = `C-${a}`;
    const name = flat(`Customer ${a}`);
    const autoPay = random() < 0.55;
    const habit = random();
    let price = Math.round(Number(PRICES[Math.floor(random() * PRICES.length)]) * 100);
    const churnMonth = random() < 0.1 ? 3 + Math.floor(random() * 9) : 12;
    contracts.push({ id: contractId, accountId, customerName: name, start: "2026-06-01", autoPay, ...(churnMonth < 12 ? { end: months[churnMonth] as string, endReason: "moved" } : {}) });
    for (let m = 0; m < 12 && n < invoices; m++) {
      if (m === 6 && random() < 0.2) price += 500;
      const number = flat(`INV-2027-${String(++n).padStart(7, "0")}`);
      const start = months[m] as string;
      const issue = day(offsetOf(start) - 5);
      const due = start;
      const roll = random();
      const status = m >= churnMonth ? "void" : roll < 0.002 ? "uncollectible" : "open";
      const total = cents(price + Math.round(price * 0.0725));
      out.push({
        accountId,
        // Every field in one literal, as a store's row reader writes it (a spread in the middle
        // gave each invoice a separate property array: ≈ 40 MiB that no store would return).
        invoice:
          status === "uncollectible"
            ? { number, contractId, customerName: name, currency: "USD", kind: "cycle", status, issueDate: issue, dueDate: due, total, closedOn: "2027-12-20", period: periods[m], lines: lineOf(price, m) }
            : { number, contractId, customerName: name, currency: "USD", kind: "cycle", status, issueDate: issue, dueDate: due, total, period: periods[m], lines: lineOf(price, m) },
      });
      messages.push({ key: flat(`invoice:${number}:deliver:email`), accountId, kind: "invoice", reference: number, status: "accepted", createdAt: at(issue, "14:00:00"), events: NO_EVENTS });
      if (status !== "open") continue;
      const dueOffset = offsetOf(due);
      if (autoPay) {
        if (random() < 0.03) {
          attempts.push({ key: flat(`invoice:${number}:autopay:1`), invoiceNumber: number, accountId, status: "declined", startedAt: at(due, "15:00:00") });
          const ok = random() < 0.4;
          attempts.push({ key: flat(`invoice:${number}:charge:tok:2`), invoiceNumber: number, accountId, status: ok ? "succeeded" : "declined", startedAt: at(day(dueOffset + 1), "15:00:00") });
          if (ok) payments.push({ id: flat(`P-${number}`), accountId, amount: total, channel: "autopay", receivedOn: day(dueOffset + 1), allocations: [{ invoiceNumber: number, amount: total }] });
          continue;
        }
        payments.push({ id: flat(`P-${number}`), accountId, amount: total, channel: "autopay", receivedOn: due, allocations: [{ invoiceNumber: number, amount: total }] });
        continue;
      }
      // By hand: on time, a few days late after a reminder, in two parts, or not yet.
      const late = habit < 0.5 ? 0 : habit < 0.8 ? 3 + Math.floor(random() * 10) : 10 + Math.floor(random() * 40);
      if (late > 0) messages.push({ key: flat(`invoice:${number}:reminder:5:email`), accountId, kind: "paymentReminder", reference: number, status: "accepted", createdAt: at(day(dueOffset + 5), "16:00:00"), events: random() < 0.3 ? [{ kind: "clicked", at: at(day(dueOffset + 6), "09:00:00") }] : NO_EVENTS });
      const paidOn = dueOffset + late;
      if (paidOn > offsetOf("2027-12-31") || random() < 0.03) continue;
      if (random() < 0.05) {
        const half = cents(Math.floor(total.minor / 2));
        const rest = cents(total.minor - half.minor);
        payments.push({ id: flat(`P-${number}-1`), accountId, amount: half, channel: "check", receivedOn: day(dueOffset), allocations: [{ invoiceNumber: number, amount: half }] });
        payments.push({ id: flat(`P-${number}-2`), accountId, amount: rest, channel: "check", receivedOn: day(paidOn), allocations: [{ invoiceNumber: number, amount: rest }] });
      } else payments.push({ id: flat(`P-${number}`), accountId, amount: total, channel: "portal", receivedOn: day(paidOn), allocations: [{ invoiceNumber: number, amount: total }] });
      if (random() < 0.003) creditNotes.push({ number: flat(`CN-${number}`), invoiceNumber: number, date: day(dueOffset + 2), reason: "outage", total: cents(-Math.round(total.minor / 4)) });
    }
  }
  return { currency: "USD", invoices: out, payments, messages, attempts, creditNotes, contracts };
}

/** Generates the facts, then times `computeInsight` over them, sampling RSS for the peak. */
export function runInsightBench(invoices: number): InsightBenchResult {
  let peak = process.memoryUsage().rss;
  const sample = (): void => {
    peak = Math.max(peak, process.memoryUsage().rss);
  };
  const timer = setInterval(sample, 100);
  const g = performance.now();
  const facts = generateInsightFacts(invoices);
  const generateMs = performance.now() - g;
  collectGarbage();
  sample();
  const cpu = process.cpuUsage();
  const started = performance.now();
  const report = computeInsight(facts, { asOf: "2027-12-31" });
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  sample();
  clearInterval(timer);
  return {
    invoices: facts.invoices.length,
    accounts: facts.contracts?.length ?? 0,
    generateMs,
    ms,
    cpuMs: (used.user + used.system) / 1000,
    peakRssMiB: peak / 2 ** 20,
    receivables: toDecimalString(report.aging.total),
    rmr: toDecimalString(report.rmr.current),
  };
}
