/**
 * `rmr-billing report --as-of <date>`: the receivables report of a store — the HTML page, the same
 * data as JSON, the revenue schedule as CSV on request, and a short summary on the terminal.
 *
 * The mapping from a {@link BillingStore} to insight's facts lives here, at the edge: insight is
 * pure and never reads a port.
 */
import { addDays, addMonthsFromAnchor, isCalendarDate, type CalendarDate } from "../calendar/index.js";
import type { Contract } from "../contract/index.js";
import type { CreditNote, Invoice } from "../invoice/index.js";
import {
  computeInsight,
  insightSummary,
  insightToJson,
  recognitionCsv,
  recognitionSchedule,
  renderInsightHtml,
  type ContractFact,
  type InsightFacts,
  type InsightReport,
  type NextAutomatedAction,
  type RecognitionMethod,
  type TermOutcomeFact,
} from "../insight/index.js";
import type { AccountCase, BillingStore, ChargeAttempt, MessageRecord, PaymentRecord, PaymentReversal, StoredContract, StoredInvoice } from "../ports/index.js";
import { nextActions, timelineFacts, type TimelineAction, type TimelinePolicy } from "../timeline/index.js";

/** A store's records, read once for a report. */
export interface StoreSnapshot {
  /** Every contract as stored. */
  readonly contracts: readonly StoredContract[];
  /** Every invoice of those contracts. */
  readonly invoices: readonly StoredInvoice[];
  /** Every credit note. */
  readonly creditNotes: readonly CreditNote[];
  /** Every payment of the accounts. */
  readonly payments: readonly PaymentRecord[];
  /** Every reversal. */
  readonly reversals: readonly PaymentReversal[];
  /** Every message. */
  readonly messages: readonly MessageRecord[];
  /** Every charge attempt of the invoices. */
  readonly attempts: readonly ChargeAttempt[];
  /** Every account case. */
  readonly cases: readonly AccountCase[];
}

/** Reads everything a report needs from a store, contracts a page at a time, in one transaction. */
export async function readStore(store: BillingStore): Promise<StoreSnapshot> {
  return store.transaction(async (tx) => {
    const contracts: StoredContract[] = [];
    let after: string | undefined;
    do {
      const page = await tx.listContracts(after === undefined ? { limit: 500 } : { after, limit: 500 });
      contracts.push(...page.items);
      after = page.next;
    } while (after !== undefined);
    const accounts = [...new Set(contracts.map((c) => c.accountId))];
    const invoices = (await Promise.all(contracts.map((c) => tx.listContractInvoices(c.contract.id)))).flat();
    const creditNotes = (await Promise.all(contracts.map((c) => tx.listContractCreditNotes(c.contract.id)))).flat();
    const payments = (await Promise.all(accounts.map((a) => tx.listPayments(a)))).flat();
    const reversals = (await Promise.all(accounts.map((a) => tx.listReversals(a)))).flat();
    const messages = (await Promise.all(accounts.map((a) => tx.listMessages(a)))).flat();
    const cases = (await Promise.all(accounts.map((a) => tx.listCases(a)))).flat();
    const attempts = (await Promise.all(invoices.map((i) => tx.listInvoiceAttempts(i.invoice.number)))).flat();
    return { contracts, invoices, creditNotes, payments, reversals, messages, attempts, cases };
  });
}

/** A stored contract as insight reads it. */
export function contractFact(stored: StoredContract): ContractFact {
  const c = stored.contract;
  const end = c.termination?.date ?? c.term.end;
  return {
    id: c.id,
    accountId: stored.accountId,
    customerName: c.customer.name,
    start: c.term.start,
    ...(end === undefined ? {} : { end }),
    ...(c.termination === undefined ? {} : { endReason: c.termination.reason }),
    autoPay: c.paymentMethod?.autoPay === true,
  };
}

const RENEWAL_NOTICE = /^contract:(.+):(\d{4}-\d{2}-\d{2}):renewalNotice:/;

/**
 * How each term end turned out, from the store: a renewal case is the customer's answer
 * (accepted: renewed; declined: ended, with the reason); a renewal notice sent for a term
 * without an answer is an automatic renewal; a term that ended by `asOf` with neither lapsed.
 */
export function termOutcomes(snapshot: StoreSnapshot, asOf: CalendarDate): TermOutcomeFact[] {
  const out = new Map<string, TermOutcomeFact>();
  const accountOf = new Map(snapshot.contracts.map((c) => [c.contract.id, c.accountId]));
  for (const c of snapshot.cases) {
    if (c.kind !== "renewal") continue;
    out.set(`${c.contractId}|${c.termEnd}`, { contractId: c.contractId, accountId: c.accountId, termEnd: c.termEnd, outcome: c.decision === "accepted" ? "renewed" : "ended", ...(c.reason === undefined ? {} : { reason: c.reason }) });
  }
  for (const m of snapshot.messages) {
    const hit = RENEWAL_NOTICE.exec(m.key);
    if (hit === null) continue;
    const [, contractId, termEnd] = hit as unknown as [string, string, string];
    const key = `${contractId}|${termEnd}`;
    if (!out.has(key) && termEnd <= asOf) out.set(key, { contractId, accountId: accountOf.get(contractId) ?? m.accountId, termEnd, outcome: "renewed" });
  }
  for (const s of snapshot.contracts) {
    const { contract } = s;
    const end = contract.term.end;
    if (end === undefined || end > asOf || contract.termination !== undefined) continue;
    const key = `${contract.id}|${end}`;
    if (!out.has(key)) out.set(key, { contractId: contract.id, accountId: s.accountId, termEnd: end, outcome: "ended", reason: "lapsed" });
  }
  return [...out.values()];
}

/** A timeline action in words, for the work list. */
export function describeAction(action: TimelineAction): string {
  switch (action.kind) {
    case "message":
      return `${action.template} (${action.channel})`;
    case "charge":
      return `charge attempt ${action.attempt}`;
    case "lateFee":
      return "late fee";
    case "dunningTransition":
      return `dunning → ${action.transition.to.replace("_", " ")}`;
    case "renewContract":
      return "renew the contract";
    case "endService":
      return "end service";
    case "task":
      return `task: ${action.task}`;
  }
}

/**
 * Each account's next automated action after `asOf`, from the timeline over its contracts and
 * open invoices (the engine's own plan). Contracts the timeline refuses are skipped.
 */
export function nextAutomatedActions(snapshot: StoreSnapshot, asOf: CalendarDate, policy?: TimelinePolicy): Map<string, NextAutomatedAction> {
  const open = new Map<string, Invoice[]>();
  for (const s of snapshot.invoices) {
    if (s.invoice.status !== "open") continue;
    const list = open.get(s.invoice.contractId) ?? [];
    list.push(s.invoice);
    open.set(s.invoice.contractId, list);
  }
  const out = new Map<string, NextAutomatedAction>();
  const now = `${asOf}T23:59:59Z`;
  for (const s of snapshot.contracts) {
    const invoices = open.get(s.contract.id);
    if (invoices === undefined) continue;
    let actions: TimelineAction[];
    try {
      actions = nextActions(timelineFacts(s.contract as Contract, invoices, policy === undefined ? {} : { policy }), now);
    } catch {
      continue;
    }
    const next = actions.find((a) => a.date > asOf);
    if (next === undefined) continue;
    const known = out.get(s.accountId);
    if (known === undefined || next.date < known.on) out.set(s.accountId, { on: next.date, action: describeAction(next) });
  }
  return out;
}

/** The snapshot as insight's facts (the store's records are insight's fact shapes; contracts and term ends are mapped). */
export function factsFromSnapshot(snapshot: StoreSnapshot, asOf: CalendarDate, currency?: string): InsightFacts {
  const found = currency ?? snapshot.invoices[0]?.invoice.currency ?? snapshot.contracts[0]?.contract.billing.currency ?? "USD";
  return {
    currency: found,
    invoices: snapshot.invoices,
    payments: snapshot.payments,
    creditNotes: snapshot.creditNotes,
    reversals: snapshot.reversals,
    messages: snapshot.messages,
    attempts: snapshot.attempts,
    cases: snapshot.cases,
    contracts: snapshot.contracts.map(contractFact),
    terms: termOutcomes(snapshot, asOf),
  };
}

/** Where `runReport` reads and writes; injectable so it runs without a process. */
export interface ReportIo {
  /** Standard output. */
  readonly out: (text: string) => void;
  /** Standard error. */
  readonly err: (text: string) => void;
  /** Writes a file (UTF-8). */
  readonly writeFile: (path: string, text: string) => void;
  /** The store to report on (the memory store of a demo, or an adapter the caller opened). */
  readonly store?: BillingStore | undefined;
  /** The company's timeline policy, for the next automated actions. */
  readonly policy?: TimelinePolicy | undefined;
}

/** What a report run wrote. */
export interface ReportResult {
  /** The report. */
  readonly report: InsightReport;
  /** The HTML file. */
  readonly html: string;
  /** The JSON file. */
  readonly json: string;
  /** The CSV file, when asked for. */
  readonly csv?: string | undefined;
}

export const REPORT_USAGE = `Usage: rmr-billing report --as-of <YYYY-MM-DD> [options]

Writes the receivables report of the store: one self-contained HTML page, the same data as JSON
beside it, and a short summary here.

Options:
  --as-of <YYYY-MM-DD>   the day the report is as of                        (required)
  --from <YYYY-MM-DD>    first day of the period (default: twelve months before --as-of)
  --to <YYYY-MM-DD>      first day after the period (default: the day after --as-of)
  --out <file.html>      where to write (default billing-report.html; the JSON as .json)
  --csv <file.csv>       also write the revenue-recognition schedule
  --recognition <daily|monthly>  how revenue is recognized (default daily)
  --help                 show this help`;

const OPTIONS = ["as-of", "from", "to", "out", "csv", "recognition", "help"];

/**
 * Runs `report` and returns the exit code: 0 when written, 2 for a usage error (every problem
 * listed on stderr), 1 when there is no store to read.
 */
export async function runReport(args: readonly string[], io: ReportIo): Promise<number> {
  const flags = new Map<string, string>();
  const errors: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === "report" && i === 0) continue;
    if (arg === "--help" || arg === "-h") {
      flags.set("help", "true");
      continue;
    }
    if (!arg.startsWith("--")) {
      errors.push(`unexpected argument ${JSON.stringify(arg)}`);
      continue;
    }
    const [name, inline] = arg.slice(2).split("=", 2) as [string, string | undefined];
    const value = inline ?? args[i + 1];
    if (inline === undefined) i++;
    if (!OPTIONS.includes(name)) errors.push(`unknown option --${name}`);
    else if (value === undefined || value.startsWith("--")) errors.push(`--${name} needs a value`);
    else flags.set(name, value);
  }
  if (flags.has("help")) {
    io.out(REPORT_USAGE);
    return 0;
  }
  const asOf = flags.get("as-of");
  if (asOf === undefined) errors.push("--as-of <YYYY-MM-DD> is required");
  for (const name of ["as-of", "from", "to"]) {
    const v = flags.get(name);
    if (v !== undefined && !isCalendarDate(v)) errors.push(`--${name} must be a day of the calendar YYYY-MM-DD, not ${JSON.stringify(v)}`);
  }
  const from = flags.get("from");
  const to = flags.get("to");
  if (from !== undefined && to !== undefined && isCalendarDate(from) && isCalendarDate(to) && to <= from) errors.push(`--to must be after --from (${from} → ${to})`);
  const recognition = flags.get("recognition") ?? "daily";
  if (recognition !== "daily" && recognition !== "monthly") errors.push(`--recognition must be daily or monthly, not ${JSON.stringify(recognition)}`);
  const out = flags.get("out") ?? "billing-report.html";
  if (!out.endsWith(".html")) errors.push(`--out must name an .html file, not ${JSON.stringify(out)}`);
  if (errors.length > 0) {
    for (const e of errors) io.err(`rmr-billing report: ${e}`);
    io.err("Run rmr-billing report --help for usage.");
    return 2;
  }
  if (io.store === undefined) {
    io.err("rmr-billing report: no store to read: open one (a database adapter) and pass it in");
    return 1;
  }
  const day = asOf as string;
  const result = await writeReport(io.store, {
    asOf: day,
    out,
    recognition: recognition as RecognitionMethod,
    ...(flags.has("csv") ? { csv: flags.get("csv") as string } : {}),
    ...(from === undefined ? {} : { from }),
    ...(to === undefined ? {} : { to }),
    ...(io.policy === undefined ? {} : { policy: io.policy }),
    writeFile: io.writeFile,
  });
  io.out(insightSummary(result.report));
  io.out(`\nReport: ${result.html}\nData:   ${result.json}${result.csv === undefined ? "" : `\nRevenue schedule: ${result.csv}`}`);
  return 0;
}

/** Options of {@link writeReport}. */
export interface WriteReportOptions {
  /** The as-of day. */
  readonly asOf: CalendarDate;
  /** The HTML file; the JSON is written beside it with `.json`. */
  readonly out: string;
  /** First day of the period. */
  readonly from?: CalendarDate | undefined;
  /** First day after it. */
  readonly to?: CalendarDate | undefined;
  /** Also write the revenue schedule here. */
  readonly csv?: string | undefined;
  /** How revenue is recognized. */
  readonly recognition?: RecognitionMethod | undefined;
  /** The timeline policy, for the next automated actions. */
  readonly policy?: TimelinePolicy | undefined;
  /** Writes a file. */
  readonly writeFile: (path: string, text: string) => void;
}

/** Reads the store, computes the report and writes the HTML, the JSON and (if asked) the CSV. */
export async function writeReport(store: BillingStore, options: WriteReportOptions): Promise<ReportResult> {
  const snapshot = await readStore(store);
  const facts = factsFromSnapshot(snapshot, options.asOf);
  const next = nextAutomatedActions(snapshot, options.asOf, options.policy);
  const range = options.from === undefined && options.to === undefined ? undefined : { from: options.from ?? addMonths(options.asOf), to: options.to ?? nextDay(options.asOf) };
  const report = computeInsight(facts, { asOf: options.asOf, nextActions: next, recognition: options.recognition, ...(range === undefined ? {} : { range }) });
  const json = options.out.replace(/\.html$/, ".json");
  options.writeFile(options.out, await renderInsightHtml(report));
  options.writeFile(json, `${JSON.stringify(insightToJson(report), null, 2)}\n`);
  if (options.csv !== undefined) options.writeFile(options.csv, recognitionCsv(recognitionSchedule(facts.invoices, facts.creditNotes ?? [], options.recognition ?? "daily")));
  return { report, html: options.out, json, ...(options.csv === undefined ? {} : { csv: options.csv }) };
}

function nextDay(day: CalendarDate): CalendarDate {
  return addDays(day, 1);
}

function addMonths(day: CalendarDate): CalendarDate {
  return addMonthsFromAnchor(addDays(day, 1), -12);
}
