import { stringify } from "csv-stringify/sync";
import { addMonthsFromAnchor, daysInMonth, type CalendarDate } from "../calendar/index.js";
import { allocate, fromMinorUnits, toDecimalString, type Money } from "../money/index.js";
import type { CreditNoteFact, InvoiceFact, InvoiceFactLine } from "./types.js";
import { between, plus } from "./days.js";

/** How revenue of a service period is spread: by its days, or by the share of each month it covers. */
export type RecognitionMethod = "daily" | "monthly";

/** One row of the revenue-recognition schedule: what one invoice line recognizes in one month. */
export interface RecognitionRow {
  /** The invoice (or credit note) number. */
  readonly document: string;
  /** The invoice it belongs to (the corrected one for a credit note). */
  readonly invoiceNumber: string;
  /** The account. */
  readonly accountId: string;
  /** The invoice (or credit-note) line. */
  readonly lineId: string;
  /** Its description. */
  readonly description: string;
  /** The month, `"YYYY-MM"`. */
  readonly month: string;
  /** Revenue recognized in it (negative for a credit note). */
  readonly amount: Money;
}

/** One item to recognize: an invoice line, or a credit-note line against one. */
interface Item {
  document: string;
  invoiceNumber: string;
  accountId: string;
  lineId: string;
  description: string;
  issued: CalendarDate;
  start: CalendarDate;
  end: CalendarDate;
  amount: Money;
}

/**
 * Calls `fn` with every item to recognize, invoice lines then credit-note lines — one scratch item,
 * filled anew for each call (`fn` copies what it keeps).
 */
function forEachItem(invoices: readonly InvoiceFact[], notes: readonly CreditNoteFact[], fn: (item: Item) => void, findInvoice?: (number: string) => InvoiceFact | undefined): void {
  const item: Item = { document: "", invoiceNumber: "", accountId: "", lineId: "", description: "", issued: "", start: "", end: "", amount: { minor: 0, currency: "" } };
  const emit = (document: string, invoiceNumber: string, accountId: string, lineId: string, description: string, issued: CalendarDate, start: CalendarDate, end: CalendarDate, amount: Money): void => {
    item.document = document;
    item.invoiceNumber = invoiceNumber;
    item.accountId = accountId;
    item.lineId = lineId;
    item.description = description;
    item.issued = issued;
    item.start = start;
    item.end = end;
    item.amount = amount;
    fn(item);
  };
  // Only the invoices a credit note corrects need their lines looked up again: found by number
  // when the caller can (unique numbers), else remembered on the way (a set lookup per line: ≈ 0.1 s
  // of the insight bench's million invoices).
  const corrected = findInvoice === undefined ? new Set(notes.map((n) => n.invoiceNumber)) : undefined;
  const lines = new Map<string, { start: CalendarDate; end: CalendarDate; accountId: string; description: string }>();
  const remember = (fact: InvoiceFact, line: InvoiceFactLine): void => {
    const inv = fact.invoice;
    const p = line.servicePeriod;
    lines.set(`${inv.number}\u0000${line.id}`, { start: p?.start ?? inv.issueDate, end: p?.end ?? plus(inv.issueDate, 1), accountId: fact.accountId, description: line.description });
  };
  for (const fact of invoices) {
    const inv = fact.invoice;
    if (inv.status === "void") continue;
    const keep = corrected?.has(inv.number) === true;
    for (const line of inv.lines ?? []) {
      if (keep) remember(fact, line);
      if (line.net.minor === 0) continue;
      const p = line.servicePeriod;
      emit(inv.number, inv.number, fact.accountId, line.id, line.description, inv.issueDate, p?.start ?? inv.issueDate, p?.end ?? plus(inv.issueDate, 1), line.net);
    }
  }
  if (findInvoice !== undefined) {
    const done = new Set<string>();
    for (const note of notes) {
      if (done.has(note.invoiceNumber)) continue;
      done.add(note.invoiceNumber);
      const fact = findInvoice(note.invoiceNumber);
      if (fact !== undefined) for (const line of fact.invoice.lines ?? []) remember(fact, line);
    }
  }
  for (const note of notes) {
    for (const line of note.lines ?? []) {
      const original = lines.get(`${note.invoiceNumber}\u0000${line.invoiceLineId}`);
      if (original === undefined || line.net.minor === 0) continue;
      // A credit gives back what is left of the period from its date on; after the period, on its date.
      const start = note.date > original.start ? note.date : original.start;
      const end = start < original.end ? original.end : plus(start, 1);
      emit(note.number, note.invoiceNumber, original.accountId, line.invoiceLineId, original.description, note.date, start, end, line.net);
    }
  }
}

/** The calendar months `[start, end)` touches, with the days of each it covers. */
function monthsCovered(start: CalendarDate, end: CalendarDate): { month: string; days: number; ofDays: number }[] {
  const out: { month: string; days: number; ofDays: number }[] = [];
  let day = start;
  while (day < end) {
    const year = Number(day.slice(0, 4));
    const month = Number(day.slice(5, 7));
    const monthDays = daysInMonth(year, month);
    const next = month === 12 ? `${year + 1}-01-01` : `${day.slice(0, 4)}-${String(month + 1).padStart(2, "0")}-01`;
    const stop = next < end ? next : end;
    out.push({ month: day.slice(0, 7), days: between(day, stop), ofDays: monthDays });
    day = stop;
  }
  return out;
}

function split(item: Item, method: RecognitionMethod): { month: string; days: number; amount: Money }[] {
  const months = monthsCovered(item.start, item.end);
  if (months.length === 1) return [{ month: (months[0] as { month: string }).month, days: (months[0] as { days: number }).days, amount: item.amount }];
  // allocate hands out the remainder cent by cent: the rows always sum to the line.
  const weights = method === "daily" ? months.map((m) => m.days) : months.map((m) => ({ numerator: m.days, denominator: m.ofDays }));
  const negative = item.amount.minor < 0;
  const whole = negative ? fromMinorUnits(-item.amount.minor, item.amount.currency) : item.amount;
  const shares = allocate(whole, weights);
  return months.map((m, i) => {
    const s = shares[i] as Money;
    return { month: m.month, days: m.days, amount: negative ? fromMinorUnits(-s.minor, s.currency) : s };
  });
}

/**
 * The revenue-recognition schedule: every invoice line (never of a void invoice) recognized over
 * its service period — `"daily"` in proportion to its days in each month, `"monthly"` in
 * proportion to the share of each month it covers (a quarter billed in advance is three equal
 * thirds) — and lines without a period (one-time charges, fees) on the issue date. A credit-note
 * line takes back what is left of the credited line's period from the note's date on. Rows are
 * rounded to the minor unit and always sum to their line exactly.
 *
 * @example
 * ```ts
 * // one invoice of 31.00 for January's monitoring
 * const usd = (amount: string) => money(amount, "USD");
 * const january = { start: "2027-01-01", end: "2027-02-01" };
 * const line: InvoiceFactLine = { id: "L-1", lineId: "monitoring", siteId: "S-1", kind: "recurring", description: "Monitoring", servicePeriod: january, net: usd("31.00"), explanation: { fraction: "1" } };
 * const invoices: InvoiceFact[] = [{ accountId: "A-1", invoice: { number: "INV-1", contractId: "C-1", customerName: "Acme", currency: "USD", kind: "cycle", status: "open",
 *   issueDate: "2027-01-01", dueDate: "2027-01-31", total: usd("31.00"), period: { ...january, fullStart: january.start, fullEnd: january.end }, lines: [line] } }];
 * recognitionSchedule(invoices, [], "monthly").map((r) => [r.month, toDecimalString(r.amount)]); // → [["2027-01", "31.00"]]
 * ```
 */
export function recognitionSchedule(invoices: readonly InvoiceFact[], notes: readonly CreditNoteFact[] = [], method: RecognitionMethod = "daily"): RecognitionRow[] {
  const rows: RecognitionRow[] = [];
  forEachItem(invoices, notes, (item) => {
    for (const s of split(item, method)) {
      rows.push({ document: item.document, invoiceNumber: item.invoiceNumber, accountId: item.accountId, lineId: item.lineId, description: item.description, month: s.month, amount: s.amount });
    }
  });
  return rows;
}

/** Revenue billed, recognized and deferred as of a day. */
export interface DeferredRevenue {
  /** The day (its end). */
  readonly asOf: CalendarDate;
  /** Everything invoiced (net of credit notes, before tax) by then. */
  readonly billed: Money;
  /** Of it, recognized by the end of `asOf`. */
  readonly recognized: Money;
  /** Billed and not yet recognized: the deferred-revenue balance. */
  readonly deferred: Money;
}

/**
 * The deferred-revenue balance at the end of `asOf`: invoiced (and credited) by then but not yet
 * recognized. Each line's month rows are counted whole for months already over; the month of
 * `asOf` counts the share of its days through `asOf` (daily) — or nothing until the month ends
 * (monthly) — rounded half to even per line.
 *
 * @example
 * ```ts
 * // one invoice of 31.00 for January's monitoring
 * const usd = (amount: string) => money(amount, "USD");
 * const january = { start: "2027-01-01", end: "2027-02-01" };
 * const line: InvoiceFactLine = { id: "L-1", lineId: "monitoring", siteId: "S-1", kind: "recurring", description: "Monitoring", servicePeriod: january, net: usd("31.00"), explanation: { fraction: "1" } };
 * const invoices: InvoiceFact[] = [{ accountId: "A-1", invoice: { number: "INV-1", contractId: "C-1", customerName: "Acme", currency: "USD", kind: "cycle", status: "open",
 *   issueDate: "2027-01-01", dueDate: "2027-01-31", total: usd("31.00"), period: { ...january, fullStart: january.start, fullEnd: january.end }, lines: [line] } }];
 * // 10 of January's 31 days served by the end of 2027-01-10: 10.00 recognized, 21.00 still owed in service
 * const deferred = deferredRevenue(invoices, [], "2027-01-10", "USD");
 * [toDecimalString(deferred.recognized), toDecimalString(deferred.deferred)]; // → ["10.00", "21.00"]
 * ```
 */
export function deferredRevenue(invoices: readonly InvoiceFact[], notes: readonly CreditNoteFact[], asOf: CalendarDate, currency: string, method: RecognitionMethod = "daily"): DeferredRevenue {
  return deferredRevenueOf(invoices, notes, asOf, currency, method);
}

/** {@link deferredRevenue}, given how to find a non-void invoice by its number when numbers are unique. */
export function deferredRevenueOf(invoices: readonly InvoiceFact[], notes: readonly CreditNoteFact[], asOf: CalendarDate, currency: string, method: RecognitionMethod, findInvoice?: (number: string) => InvoiceFact | undefined): DeferredRevenue {
  const month = asOf.slice(0, 7);
  let billed = 0;
  let recognized = 0;
  const dayAfter = plus(asOf, 1);
  const nextMonth = addMonthsFromAnchor(`${month}-01`, 1);
  forEachItem(invoices, notes, (item) => {
    if (item.issued > asOf) return;
    billed += item.amount.minor;
    if (item.end <= dayAfter) {
      recognized += item.amount.minor;
      return;
    }
    if (item.start > asOf) return;
    // One month (the usual monthly line): the share of its days through asOf.
    if (item.start.startsWith(month) && item.end <= nextMonth) {
      if (method === "daily") recognized += halfEven(item.amount.minor * (between(item.start, asOf) + 1), between(item.start, item.end));
      return;
    }
    for (const s of split(item, method)) {
      if (s.month < month) recognized += s.amount.minor;
      else if (s.month === month && method === "daily") {
        const from = item.start > `${month}-01` ? item.start : `${month}-01`;
        const through = between(from, asOf) + 1;
        recognized += halfEven(s.amount.minor * through, s.days);
      }
    }
  }, findInvoice);
  return { asOf, billed: fromMinorUnits(billed, currency), recognized: fromMinorUnits(recognized, currency), deferred: fromMinorUnits(billed - recognized, currency) };
}

function halfEven(a: number, b: number): number {
  const negative = a < 0;
  const x = negative ? -a : a;
  const q = Math.floor(x / b);
  const r = x - q * b;
  const up = 2 * r > b || (2 * r === b && q % 2 !== 0) ? q + 1 : q;
  return negative ? -up : up;
}

/**
 * The schedule as CSV for an accounting system: a header, then one row per line and month
 * (`document,invoice,account,line,description,month,amount`), amounts as decimal strings.
 *
 * @example
 * ```ts
 * // one invoice of 31.00 for January's monitoring
 * const usd = (amount: string) => money(amount, "USD");
 * const january = { start: "2027-01-01", end: "2027-02-01" };
 * const line: InvoiceFactLine = { id: "L-1", lineId: "monitoring", siteId: "S-1", kind: "recurring", description: "Monitoring", servicePeriod: january, net: usd("31.00"), explanation: { fraction: "1" } };
 * const invoices: InvoiceFact[] = [{ accountId: "A-1", invoice: { number: "INV-1", contractId: "C-1", customerName: "Acme", currency: "USD", kind: "cycle", status: "open",
 *   issueDate: "2027-01-01", dueDate: "2027-01-31", total: usd("31.00"), period: { ...january, fullStart: january.start, fullEnd: january.end }, lines: [line] } }];
 * recognitionCsv(recognitionSchedule(invoices, [], "monthly")).split("\n").slice(0, 2); // → ["document,invoice,account,line,description,month,amount", "INV-1,INV-1,A-1,L-1,Monitoring,2027-01,31.00"]
 * ```
 */
export function recognitionCsv(rows: readonly RecognitionRow[]): string {
  return stringify([
    ["document", "invoice", "account", "line", "description", "month", "amount"],
    ...rows.map((r) => [r.document, r.invoiceNumber, r.accountId, r.lineId, r.description, r.month, toDecimalString(r.amount)]),
  ]);
}
