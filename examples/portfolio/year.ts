/**
 * A year of the 200-account portfolio (examples/portfolio/portfolio.json) on the memory adapters:
 * the engine takes over on 2026-12-27 and runs every day to 2027-12-31 while the simulated
 * customers pay (on time, late, never), dispute and promise, and the gateway approves, declines
 * soft and hard, times out and returns ACH debits — then the year in tables.
 *
 *   npx tsx examples/portfolio/year.ts
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { createManualClock, createMemoryStore, createRecordingNotifier, createSimulatedGateway } from "../../src/adapters/memory/index.js";
import {
  createBillingEngine,
  createTaxTable,
  daysBetween,
  LATE_FEE_LINE_ID,
  parseContract,
  parseTaxRules,
  parseTimelinePolicy,
  simulate,
  toDecimalString,
  fromMinorUnits,
  type Brand,
  type CalendarDate,
  type OutboxEvent,
  type SimulationResult,
} from "../../src/index.js";
import { generatePortfolio, loadPortfolio } from "./generate.js";
import { isMain } from "../engine/portfolio.js";

const FROM = "2026-12-27";
const TO = "2027-12-31";

/** The company's rules for the year: a 10.00 late fee after 10 days, suspension at 45 days. */
export const PORTFOLIO_POLICY = parseTimelinePolicy({
  lateFees: { charge: { kind: "fixed", amount: { amount: "10.00", currency: "USD" } }, graceDays: 10, billAs: "line" },
  dunning: { suspension: { enabled: true, afterDays: 45 } },
});

/** The example tax rules, beside this file, or from the package root (when bundled into the bench). */
function taxRulesFile(): string | URL {
  const beside = new URL("../tax/us-ca-rules.json", import.meta.url);
  return existsSync(beside) ? beside : resolve(process.cwd(), "examples/tax/us-ca-rules.json");
}

/** A progress bar on a terminal; a line a month elsewhere (CI logs). */
function progress(total: number, out: NodeJS.WriteStream = process.stderr): (done: number, label: string) => void {
  let lastMonth = "";
  return (done, label) => {
    if (out.isTTY) {
      const width = 32;
      const filled = Math.round((done / total) * width);
      out.write(`\r  [${"█".repeat(filled)}${"░".repeat(width - filled)}] ${String(Math.round((done / total) * 100)).padStart(3)} %  ${label}`);
      if (done === total) out.write("\n");
    } else if (label.slice(0, 7) !== lastMonth || done === total) {
      lastMonth = label.slice(0, 7);
      out.write(`  ${label.slice(0, 7)} … ${done}/${total} days\n`);
    }
  };
}

/** Runs the year; returns the world at its end and what happened, for the tables. */
export async function runYear(options: { quiet?: boolean; accounts?: number; brand?: Brand } = {}) {
  // The committed 200 accounts, or as many generated from the same seed (the year bench).
  const portfolio = options.accounts === undefined ? loadPortfolio() : generatePortfolio(2027, options.accounts);
  const store = createMemoryStore();
  const clock = createManualClock(`${FROM}T14:00:00Z`);
  const gateway = createSimulatedGateway({ clock });
  const notifier = createRecordingNotifier();
  const tax = createTaxTable(parseTaxRules(JSON.parse(readFileSync(taxRulesFile(), "utf8"))));
  const contracts = portfolio.accounts.map((a) => parseContract(a.contract));
  await store.transaction(async (tx) => {
    for (const contract of contracts) await tx.putContract(contract);
  });
  for (const account of portfolio.accounts) if (account.gateway !== undefined) gateway.script(account.gateway.token, account.gateway.script);
  const engine = createBillingEngine({
    store,
    gateway,
    notifier,
    clock,
    tax,
    policy: PORTFOLIO_POLICY,
    ...(options.brand === undefined ? {} : { messages: { brand: options.brand } }),
    settings: {
      billFrom: FROM,
      paymentLinkBase: "https://pay.example.com/p/",
      paymentLinkKeys: [{ id: "demo-2027", secret: "demo-only-secret-never-use-in-production!" }],
      renewal: { priceIncreasePercent: "3", longerTerm: { months: 36 }, upgrades: ["Video verification, 10.00 a month", "Cellular backup, 5.00 a month"] },
      autoPay: { invite: true, incentive: { kind: "percent", percent: "5" }, enrollmentLinkBase: "https://pay.example.com/autopay/" },
    },
  });
  const events: OutboxEvent[] = [];
  engine.subscribe((e) => {
    events.push(e);
  });
  // ACH returns arrive from the bank: the simulated gateway settles returned debits on lookup,
  // and the engine records them; nothing to do here.
  const customers = Object.fromEntries(portfolio.accounts.map((a) => [(a.contract.customer as { id: string }).id, a.behaviour]));
  const total = daysBetween(FROM, TO) + 1;
  const bar = options.quiet === true ? () => undefined : progress(total);
  let done = 0;
  const started = Date.now();
  const result = await simulate({
    engine,
    store,
    clock,
    from: FROM,
    to: TO,
    step: "day",
    seed: portfolio.seed,
    customers,
    onDay: (day: CalendarDate) => bar(++done, day),
  });
  const seconds = (Date.now() - started) / 1000;
  // What is left for a person at the end of the year.
  const exceptions = await engine.listExceptions();
  return { engine, store, gateway, notifier, contracts, events, result, seconds, exceptions };
}

const usd = (minor: number) => `${toDecimalString(fromMinorUnits(minor, "USD")).replace(/\B(?=(\d{3})+(?!\d))/g, ",")} USD`;
const pct = (part: number, whole: number) => (whole === 0 ? "—" : `${((100 * part) / whole).toFixed(1)} %`);

/** A table: a title, then label and value columns aligned. */
function table(title: string, rows: readonly (readonly [string, string | number, string?])[]): string {
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => String(r[1]).length));
  return [title, ...rows.map(([a, b, c]) => `  ${a.padEnd(w0)}  ${String(b).padStart(w1)}${c === undefined ? "" : `   ${c}`}`)].join("\n");
}

/** The year's summary, from the store and the events — the same figures a finance person would pull. */
export async function yearSummary(world: Awaited<ReturnType<typeof runYear>>): Promise<string> {
  const { store, contracts, events, result } = world;
  const accountIds = [...new Set(contracts.map((c) => c.customer.id))];
  const data = await store.transaction(async (tx) => {
    const invoices = (await Promise.all(contracts.map((c) => tx.listContractInvoices(c.id)))).flat();
    const payments = (await Promise.all(accountIds.map((a) => tx.listPayments(a)))).flat();
    const reversals = (await Promise.all(accountIds.map((a) => tx.listReversals(a)))).flat();
    const messages = (await Promise.all(accountIds.map((a) => tx.listMessages(a)))).flat();
    const attempts = (await Promise.all(invoices.map((s) => tx.listInvoiceAttempts(s.invoice.number)))).flat();
    const notes = (await Promise.all(contracts.map((c) => tx.listContractCreditNotes(c.id)))).flat();
    return { invoices, payments, reversals, messages, attempts, notes };
  });
  const { invoices, payments, reversals, messages, attempts, notes } = data;
  const t = result.totals;
  const billed = invoices.reduce((s, i) => s + i.invoice.total.minor, 0);
  const received = payments.reduce((s, p) => s + p.amount.minor, 0);
  const back = reversals.filter((r) => r.status === "succeeded").reduce((s, r) => s + r.amount.minor, 0);
  const open = invoices.filter((i) => i.invoice.status === "open");
  const outstanding = open.reduce((s, i) => s + i.balance.minor, 0);
  const autoPaid = payments.filter((p) => p.channel === "autopay");
  const byKind = (kind: string) => invoices.filter((i) => (i.invoice.kind ?? "cycle") === kind).length;

  // Reminders per step, and how many of those invoices were paid before the next step.
  const paidOn = new Map<string, CalendarDate>();
  for (const p of payments) for (const a of p.allocations) if (!paidOn.has(a.invoiceNumber) || (paidOn.get(a.invoiceNumber) as string) < p.receivedOn) paidOn.set(a.invoiceNumber, p.receivedOn);
  const settled = new Set(invoices.filter((i) => i.invoice.status === "paid").map((i) => i.invoice.number));
  const steps = ["-3", "0", "5", "10"];
  const reminderRows = steps.map((step, k) => {
    const sent = messages.filter((m) => m.kind === "paymentReminder" && new RegExp(`:reminder:${step}:`).test(m.key));
    const numbers = [...new Set(sent.map((m) => m.reference))];
    const next = steps[k + 1];
    const paidBeforeNext = numbers.filter((n) => {
      if (!settled.has(n)) return false;
      const stored = invoices.find((i) => i.invoice.number === n);
      const on = paidOn.get(n);
      if (stored === undefined || on === undefined) return false;
      const nextDay = next === undefined ? "9999-12-31" : addDaysText(stored.invoice.dueDate, Number(next));
      const sentDay = addDaysText(stored.invoice.dueDate, Number(step));
      return on >= sentDay && on < nextDay;
    });
    return [`reminder at ${step.startsWith("-") ? step : `+${step}`} days`, numbers.length, `${paidBeforeNext.length} paid ${next === undefined ? "after it" : "before the next step"} (${pct(paidBeforeNext.length, numbers.length)})`] as const;
  });

  // Retries and what they recovered.
  const retried = attempts.filter((a) => /:charge:/.test(a.key));
  const recovered = retried.filter((a) => a.status === "succeeded");
  const recoveredMinor = recovered.reduce((s, a) => s + a.amount.minor, 0);
  const declinedHard = attempts.filter((a) => a.outcome?.status === "declined" && a.outcome.kind === "hard").length;
  // A returned debit: the bank's R code on the attempt (before any payment was applied), or the
  // return of a settled one (a reversal).
  const achReturns = attempts.filter((a) => a.outcome?.status === "declined" && /^R\d\d$/.test(a.outcome.code)).length + reversals.filter((r) => r.kind === "achReturn").length;

  // Late fees billed.
  const feeLines = invoices.flatMap((i) => i.invoice.lines.filter((l) => l.lineId === LATE_FEE_LINE_ID));

  // Dunning: each account's state at the end of the year, from its last transition.
  const state = new Map<string, string>();
  for (const e of events) if (e.type === "account.dunning") state.set(e.accountId, String(e.data.to));
  const states = ["current", "past_due", "delinquent", "suspended", "collections", "written_off"];
  const stateCount = (s: string) => (s === "current" ? accountIds.filter((a) => (state.get(a) ?? "current") === "current").length : [...state.values()].filter((v) => v === s).length);
  const count = (type: string) => events.filter((e) => e.type === type).length;

  // Auto-pay enrollment, and days to payment.
  const enrolledStart = contracts.filter((c) => c.paymentMethod?.autoPay === true).length;
  const current = await store.transaction(async (tx) => Promise.all(contracts.map((c) => tx.getContract(c.id))));
  const enrolledEnd = current.filter((c) => c?.contract.paymentMethod?.autoPay === true).length;
  const paidInvoices = invoices.filter((i) => i.invoice.status === "paid" && paidOn.has(i.invoice.number));
  const daysToPay = paidInvoices.map((i) => daysBetween(i.invoice.issueDate, paidOn.get(i.invoice.number) as string));
  const meanDays = daysToPay.length === 0 ? 0 : daysToPay.reduce((s, d) => s + d, 0) / daysToPay.length;
  const onTime = paidInvoices.filter((i) => (paidOn.get(i.invoice.number) as string) <= i.invoice.dueDate).length;

  // Where every billed cent went: paid, credited, written off, or still open.
  const ledger = await store.transaction(async (tx) => (await Promise.all(accountIds.map((a) => tx.listLedger(a)))).flat());
  const writtenOff = ledger.filter((e) => e.kind === "writeOff").reduce((s, e) => s + e.amount.minor, 0);
  const appliedToInvoices = payments.reduce((s, p) => s + p.allocations.reduce((x, a) => x + a.amount.minor, 0), 0) - reversals.filter((r) => r.status === "succeeded").reduce((s, r) => s + (r.fromInvoices ?? []).reduce((x, a) => x + a.amount.minor, 0), 0);
  const creditApplied = ledger.filter((e) => e.kind === "creditApplied").reduce((s, e) => s + e.amount.minor, 0);
  const credited = -notes.reduce((s, n) => s + n.total.minor, 0);
  const offers = new Set(messages.filter((m) => m.kind === "renewalOffer").map((m) => m.reference)).size;
  const out = [
    table("Billing", [
      ["accounts (contracts)", contracts.length],
      ["invoices issued", invoices.length, `${byKind("cycle")} cycle, ${byKind("final")} final, ${byKind("adjustment")} adjustment, ${byKind("lateFee")} late-fee`],
      ["billed", usd(billed)],
      ["credit notes", notes.length, usd(-notes.reduce((s, n) => s + n.total.minor, 0))],
      ["collected (net of money sent back)", usd(received - back), pct(received - back, billed)],
      ["written off as bad debt", usd(writtenOff)],
      ["still open at year end", usd(outstanding), `${open.length} invoices`],
      ["billed = paid + credited + written off + open", billed === appliedToInvoices + creditApplied + credited + writtenOff + outstanding ? "yes, to the cent" : "NO"],
    ]),
    table("Payments", [
      ["payments received", payments.length, `${autoPaid.length} by auto-pay (${pct(autoPaid.length, payments.length)})`],
      ["auto-pay charges", t.charges.succeeded + t.charges.pending + t.charges.declined + t.charges.unknown, `${t.charges.declined} declined, ${t.charges.unknown} timed out (resolved by lookup)`],
      ["hard declines (never retried)", declinedHard],
      ["retries", retried.length, `${recovered.length} recovered ${usd(recoveredMinor)}`],
      ["ACH returns", achReturns],
      ["paid on or before the due date", onTime, pct(onTime, paidInvoices.length)],
      ["average days from issue to payment", meanDays.toFixed(1)],
    ]),
    table("Reminders (per invoice)", [...reminderRows, ["upcoming auto-pay charge notices", t.upcomingChargeNotices], ["failed-payment notices", t.failureNotices], ["texts held for quiet hours", t.heldForQuietHours]]),
    table("Late fees, disputes, dunning", [
      ["late fees billed", feeLines.length, usd(feeLines.reduce((s, l) => s + l.total.minor, 0))],
      ["disputes", t.disputes, `${count("dispute.resolved")} settled, ${t.disputeAnswers} answers sent`],
      ["promises to pay", t.promises, `${count("promiseToPay.kept")} kept, ${count("promiseToPay.broken")} broken`],
      ["dunning transitions", t.dunningTransitions, `${t.dunningNotices} final/suspension notices`],
      ["services suspended / restored", `${count("service.suspend")} / ${count("service.restore")}`],
      ["invoices written off", t.writeOffs],
      ["exceptions for a person", world.exceptions.length, Object.entries(world.exceptions.reduce<Record<string, number>>((m, e) => ({ ...m, [e.kind]: (m[e.kind] ?? 0) + 1 }), {})).map(([k, v]) => `${v} ${k}`).join(", ")],
      ...states.map((s) => [`accounts ${s.replace("_", " ")} at year end`, stateCount(s)] as const),
    ]),
    table("Renewals", [
      ["terms ending in the year", contracts.filter((c) => c.term.end !== undefined && c.term.end <= TO).length],
      ["offers sent (fixed terms)", offers, `${messages.filter((m) => m.kind === "renewalFollowUp").length} follow-ups, ${count("renewal.salesAlert")} sales alerts`],
      ["accepted", count("renewal.accepted")],
      ["renewed", count("contract.renewed"), `${events.filter((e) => e.type === "contract.renewed" && e.data.trigger === "automatic").length} automatically, after the notice (${messages.filter((m) => m.kind === "renewalNotice").length} sent)`],
      ["declined or cancelled (service ended)", count("service.end")],
      ["lapsed without an answer", count("renewal.lapsed")],
    ]),
    table("Auto-pay enrollment", [
      ["at the start of the year", enrolledStart, pct(enrolledStart, contracts.length)],
      ["invitations sent", t.autoPayInvitations, `${t.enrollments} enrolled after one (5 % off monitoring while on)`],
      ["at the end of the year", enrolledEnd, pct(enrolledEnd, contracts.length)],
    ]),
  ];
  return out.join("\n\n");
}

function addDaysText(day: CalendarDate, days: number): CalendarDate {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The world at the end of the year: the engine, the memory adapters, what happened. */
export type YearWorld = Awaited<ReturnType<typeof runYear>>;

/**
 * The year, printed; then its receivables report (`report`: where to write it; none when false, or
 * quiet unless given). `brand`: messages rendered from the templates; `onWorld` gets the world at
 * the end of the year (the demo shows a customer's activity from it).
 */
export async function main(options: { quiet?: boolean; report?: string | false; brand?: Brand; onWorld?: (world: YearWorld) => void } = {}): Promise<string> {
  const world = await runYear(options);
  options.onWorld?.(world);
  const header = `A year of ${world.contracts.length} alarm accounts, ${FROM} → ${TO}: ${world.result.days} daily runs in ${world.seconds.toFixed(1)} s`;
  const out = options.report ?? (options.quiet === true ? false : "billing-report.html");
  return `${header}\n\n${await yearSummary(world)}${out === false ? "" : `\n\n${await yearReport(world, out)}`}`;
}

if (isMain(import.meta.url)) console.log(await main());

export type { SimulationResult };

// ---------------------------------------------------------------------------------------------
// The receivables report of the year (docs/insight.md): one HTML page, its JSON beside it, and the
// summary printed — read from the store through the port, as `rmr-billing report` does.
import { writeFileSync } from "node:fs";
import { writeReport } from "../../src/cli/report.js";
import { insightSummary } from "../../src/index.js";

/** Writes the year's receivables report as of its last day to `out` (and `.json`); returns the summary and the paths. */
export async function yearReport(world: Awaited<ReturnType<typeof runYear>>, out = "billing-report.html"): Promise<string> {
  const started = Date.now();
  const written = await writeReport(world.store, { asOf: TO, out: resolve(process.cwd(), out), policy: PORTFOLIO_POLICY, writeFile: (path, text) => writeFileSync(path, text) });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  return `${insightSummary(written.report)}\n\n  Report (open it in a browser): ${written.html}\n  The same data as JSON:         ${written.json}\n  (written in ${seconds} s)`;
}
