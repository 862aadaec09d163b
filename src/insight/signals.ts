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

/** Indexes messages, attempts and cases by the invoices of `book`. */
export function readSignals(facts: InsightFacts, book: Book): Signals {
  const find = finderOf(book);
  const reminders = new Map<number, ReminderSent[]>();
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
      const sent = sentRecord(Number(step[1]), dayOf(m.createdAt));
      const list = reminders.get(i);
      // One reminder per step and invoice, whatever the channels.
      if (list === undefined) reminders.set(i, alone.get(sent) as ReminderSent[]);
      else if (!list.some((r) => r.step === sent.step)) reminders.set(i, [...list, sent]);
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
  for (const list of reminders.values()) list.sort((a, b) => a.step - b.step);
  const signals: Signals = { reminders, clicks, delivered, touched, attempts };
  const marks = new Uint8Array(book.facts.length);
  for (const i of clicks.keys()) marks[i] = (marks[i] as number) | CLICKED;
  for (const i of reminders.keys()) marks[i] = (marks[i] as number) | REMINDED;
  marked.set(signals, marks);
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

