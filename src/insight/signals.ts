import { toCalendarDate, type CalendarDate, type Instant } from "../calendar/index.js";
import { finderOf, type Book } from "./book.js";
import type { InsightFacts } from "./types.js";

/** A reminder sent about an invoice. */
export interface ReminderSent {
  /** The step: days from the due date (`-3`, `0`, `5`, …). */
  readonly step: number;
  /** The day it was sent (UTC date of the record). */
  readonly on: CalendarDate;
}

/**
 * What was sent and tried about each invoice of a {@link Book}, read once from the messages,
 * attempts and cases — keyed by the invoice's index in the book; records about invoices not in it
 * (void ones) are left out.
 */
export interface Signals {
  /** Reminders per invoice, one per step, by step. */
  readonly reminders: ReadonlyMap<number, readonly ReminderSent[]>;
  /** Days a link in a message about the invoice was clicked. */
  readonly clicks: ReadonlyMap<number, readonly CalendarDate[]>;
  /** 1 for an invoice a delivery message reached the customer about. */
  readonly delivered: Uint8Array;
  /** 1 for an invoice an exception case (a person) was needed for. */
  readonly touched: Uint8Array;
  /** Charge attempts per invoice, in the order started. */
  readonly attempts: ReadonlyMap<number, readonly AttemptSeen[]>;
}

/** A charge attempt of an invoice, as the rates read it. */
export interface AttemptSeen {
  /** Its key. */
  readonly key: string;
  /** Its status. */
  readonly status: string;
  /** The day it started. */
  readonly on: CalendarDate;
}

const STEP = /:reminder:(-?\d+)(?::|$)/;
/** Statuses of a message that did not reach the customer (or are not known to have). */
function notSent(status: string): boolean {
  return status === "failed" || status === "bounced" || status === "sending";
}

function push<T>(map: Map<number, T[]>, key: number, value: T): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/**
 * The day of an instant: an ISO string's date as written (in its own offset, the account's day
 * when the engine records local time), the UTC date of a `Date` or of epoch milliseconds.
 */
export function dayOf(instant: Instant): CalendarDate {
  if (typeof instant === "string" && /^\d{4}-\d{2}-\d{2}/.test(instant)) return instant.slice(0, 10);
  return toCalendarDate(instant, "UTC");
}

/**
 * Indexes messages, attempts and cases by the invoices of `book`.
 *
 * @example
 * ```ts
 * // two invoices of 100.00 to Acme: INV-1 paid on 2027-02-05 (5 days late), INV-2 still open
 * const usd = (amount: string) => money(amount, "USD");
 * const bill = (number: string, issueDate: string, dueDate: string): InvoiceFact => ({ accountId: "A-1",
 *   invoice: { number, contractId: "C-1", customerName: "Acme", currency: "USD", kind: "cycle", status: "open", issueDate, dueDate, total: usd("100.00") } });
 * const facts: InsightFacts = { currency: "USD",
 *   invoices: [bill("INV-1", "2027-01-01", "2027-01-31"), bill("INV-2", "2027-02-01", "2027-02-28")],
 *   payments: [{ id: "P-1", accountId: "A-1", amount: usd("100.00"), channel: "check", receivedOn: "2027-02-05", allocations: [{ invoiceNumber: "INV-1", amount: usd("100.00") }] }] };
 * const reminded: InsightFacts = { ...facts, messages: [{ key: "invoice:INV-2:reminder:3:email", accountId: "A-1", kind: "paymentReminder",
 *   reference: "INV-2", status: "accepted", createdAt: "2027-03-03T12:00:00Z", events: [] }] };
 * const book = buildBook(reminded);
 * const signals = readSignals(reminded, book);
 * signals.reminders.get(book.index.get("INV-2") ?? -1); // → [{ step: 3, on: "2027-03-03" }]
 * ```
 */
export function readSignals(facts: InsightFacts, book: Book): Signals {
  const find = finderOf(book);
  // Each reminder sent (its invoice, its record) in message order. The map of `reminders` is built
  // from them only when read: computeInsight reads the compact index instead — the insight bench's
  // 220,000 reminders took ≈ 25 MiB as a map of lists.
  const sentAt: number[] = [];
  const sentAs: ReminderSent[] = [];
  const clicks = new Map<number, CalendarDate[]>();
  const delivered = new Uint8Array(book.facts.length);
  const touched = new Uint8Array(book.facts.length);
  const attempts = new Map<number, AttemptSeen[]>();
  // Reminders of one step sent on one day are one shared (read-only) record, and a day one string:
  // the bench's 220,000 reminders each kept a record and a date of their own (≈ 15 MiB).
  const sentOn = new Map<CalendarDate, ReminderSent[]>();
  // And an invoice's first reminder is a shared one-item list too, until a second one comes.
  const alone = new Map<ReminderSent, ReminderSent[]>();
  const sentRecord = (step: number, on: CalendarDate): ReminderSent => {
    let list = sentOn.get(on);
    if (list === undefined) sentOn.set(on, (list = []));
    for (const r of list) if (r.step === step) return r;
    const r = { step, on };
    list.push(r);
    alone.set(r, [r]);
    return r;
  };
  for (const m of facts.messages ?? []) {
    for (const e of m.events) {
      if (e.kind !== "clicked") continue;
      const numbers = m.reference.includes(",") ? m.reference.split(",").map((x) => x.trim()) : [m.reference];
      for (const n of numbers) {
        const i = find(n);
        if (i >= 0) push(clicks, i, dayOf(e.at));
      }
    }
    if (notSent(m.status)) continue;
    if (m.kind === "invoice") {
      const i = find(m.reference);
      if (i >= 0) delivered[i] = 1;
    } else if (m.kind === "paymentReminder" && !m.key.includes("+")) {
      const step = STEP.exec(m.key);
      const i = find(m.reference);
      if (step === null || i < 0) continue;
      sentAt.push(i);
      sentAs.push(sentRecord(Number(step[1]), dayOf(m.createdAt)));
    }
  }
  for (const c of facts.cases ?? []) {
    if (c.kind !== "exception") continue;
    for (const n of c.invoiceNumbers) {
      const i = find(n);
      if (i >= 0) touched[i] = 1;
    }
  }
  for (const a of facts.attempts ?? []) {
    const i = find(a.invoiceNumber);
    if (i >= 0) push(attempts, i, { key: a.key, status: a.status, on: dayOf(a.startedAt) });
  }
  let reminders: Map<number, ReminderSent[]> | undefined;
  const signals: Signals = {
    get reminders(): ReadonlyMap<number, readonly ReminderSent[]> {
      if (reminders !== undefined) return reminders;
      const map = new Map<number, ReminderSent[]>();
      for (let k = 0; k < sentAt.length; k++) {
        const i = sentAt[k] as number;
        const sent = sentAs[k] as ReminderSent;
        const list = map.get(i);
        // One reminder per step and invoice, whatever the channels.
        if (list === undefined) map.set(i, alone.get(sent) as ReminderSent[]);
        else if (!list.some((r) => r.step === sent.step)) map.set(i, [...list, sent]);
      }
      for (const list of map.values()) if (list.length > 1) list.sort((a, b) => a.step - b.step);
      return (reminders = map);
    },
    clicks,
    delivered,
    touched,
    attempts,
  };
  const marks = new Uint8Array(book.facts.length);
  for (const i of clicks.keys()) marks[i] = (marks[i] as number) | CLICKED;
  for (const i of sentAt) marks[i] = (marks[i] as number) | REMINDED;
  marked.set(signals, marks);
  indexes.set(signals, reminderIndex(sentAt, sentAs, book.facts.length));
  return signals;
}

/** Mark: a link in a message about the invoice was clicked. */
export const CLICKED = 1;
/** Mark: a reminder was sent about it. */
export const REMINDED = 2;
const marked = new WeakMap<Signals, Uint8Array>();

/**
 * A byte per invoice of `signals` made by {@link readSignals} (undefined for others): `CLICKED`
 * when it has clicks, `REMINDED` when it has reminders. The insight bench's habits looked both
 * maps up for each of 800,000 paid invoices (≈ 0.18 s), and most have neither.
 */
export function marksOf(signals: Signals): Uint8Array | undefined {
  return marked.get(signals);
}


/**
 * Reminders by invoice, compact: the invoices that have any (ascending), where each one's
 * reminders start in `sent`, and `sent` — one per step, by step, as `Signals.reminders` lists them.
 */
export interface ReminderIndex {
  readonly invoices: Int32Array;
  readonly start: Int32Array;
  readonly sent: readonly ReminderSent[];
}

const indexes = new WeakMap<Signals, ReminderIndex>();

/** The compact reminders of `signals` made by {@link readSignals}; undefined for others. */
export function reminderIndexOf(signals: Signals): ReminderIndex | undefined {
  return indexes.get(signals);
}

/** Where invoice `i`'s reminders are in `index.sent` (`from === to` when it has none). */
export function remindersAt(index: ReminderIndex, i: number): { from: number; to: number } {
  let lo = 0;
  let hi = index.invoices.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = index.invoices[mid] as number;
    if (v < i) lo = mid + 1;
    else if (v > i) hi = mid - 1;
    else return { from: index.start[mid] as number, to: index.start[mid + 1] as number };
  }
  return { from: 0, to: 0 };
}

/**
 * Groups reminders by invoice (keeping message order), one per step, by step: by sorting one
 * number per reminder (its invoice × 2²¹ + its place), not a count per invoice — typed arrays the
 * size of the book (≈ 8 MiB more at once) set off a full collection in the insight bench.
 */
function reminderIndex(sentAt: readonly number[], sentAs: readonly ReminderSent[], n: number): ReminderIndex {
  const SHIFT = 2 ** 21;
  let order: ArrayLike<number>;
  let bounds: number[];
  if (sentAt.length < SHIFT) {
    const keys = new Float64Array(sentAt.length);
    for (let k = 0; k < sentAt.length; k++) keys[k] = (sentAt[k] as number) * SHIFT + k;
    keys.sort();
    const places = new Int32Array(sentAt.length);
    bounds = [];
    let previous = -1;
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k] as number;
      const i = Math.floor(key / SHIFT);
      places[k] = key - i * SHIFT;
      if (i !== previous) bounds.push(i, k);
      previous = i;
    }
    order = places;
  } else {
    // A counting sort by invoice.
    const count = new Int32Array(n + 1);
    for (const i of sentAt) count[i + 1] = (count[i + 1] as number) + 1;
    for (let i = 0; i < n; i++) count[i + 1] = (count[i + 1] as number) + (count[i] as number);
    const places = new Int32Array(sentAt.length);
    const next = count.slice(0, n);
    for (let k = 0; k < sentAt.length; k++) {
      const i = sentAt[k] as number;
      places[next[i] as number] = k;
      next[i] = (next[i] as number) + 1;
    }
    bounds = [];
    for (let i = 0; i < n; i++) if ((count[i] as number) < (count[i + 1] as number)) bounds.push(i, count[i] as number);
    order = places;
  }
  const groups = bounds.length / 2;
  const invoices = new Int32Array(groups);
  const start = new Int32Array(groups + 1);
  const sent: ReminderSent[] = [];
  for (let g = 0; g < groups; g++) {
    const i = bounds[2 * g] as number;
    const from = bounds[2 * g + 1] as number;
    const to = g + 1 < groups ? (bounds[2 * g + 3] as number) : sentAt.length;
    const first = sent.length;
    for (let k = from; k < to; k++) {
      const r = sentAs[order[k] as number] as ReminderSent;
      let seen = false;
      for (let j = first; j < sent.length; j++) if ((sent[j] as ReminderSent).step === r.step) seen = true;
      if (!seen) sent.push(r);
    }
    // By step (insertion sort: a few per invoice, and stable like the map's sort).
    for (let k = first + 1; k < sent.length; k++) {
      const r = sent[k] as ReminderSent;
      let j = k - 1;
      while (j >= first && (sent[j] as ReminderSent).step > r.step) {
        sent[j + 1] = sent[j] as ReminderSent;
        j--;
      }
      sent[j + 1] = r;
    }
    invoices[g] = i;
    start[g + 1] = sent.length;
  }
  return { invoices, start, sent };
}
