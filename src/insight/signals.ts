import { toCalendarDate, type CalendarDate, type Instant } from "../calendar/index.js";
import type { InsightFacts } from "./types.js";

/** A reminder sent about an invoice. */
export interface ReminderSent {
  /** The step: days from the due date (`-3`, `0`, `5`, …). */
  readonly step: number;
  /** The day it was sent (UTC date of the record). */
  readonly on: CalendarDate;
}

/** What was sent and tried about each invoice, read once from the messages and attempts. */
export interface Signals {
  /** Reminders per invoice number, in the order sent. */
  readonly reminders: ReadonlyMap<string, readonly ReminderSent[]>;
  /** Days a link in a message about the invoice was clicked. */
  readonly clicks: ReadonlyMap<string, readonly CalendarDate[]>;
  /** Delivery outcomes per invoice: whether a delivery message reached the customer. */
  readonly delivered: ReadonlySet<string>;
  /** Invoices an exception case (a person) was needed for. */
  readonly touched: ReadonlySet<string>;
  /** Charge attempts per invoice, in the order started. */
  readonly attempts: ReadonlyMap<string, readonly AttemptSeen[]>;
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
const NOT_SENT = new Set(["failed", "bounced", "sending"]);

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
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

/** Indexes messages, attempts and cases by invoice. */
export function readSignals(facts: InsightFacts): Signals {
  const reminders = new Map<string, ReminderSent[]>();
  const clicks = new Map<string, CalendarDate[]>();
  const delivered = new Set<string>();
  const touched = new Set<string>();
  const attempts = new Map<string, { key: string; status: string; on: CalendarDate }[]>();
  for (const m of facts.messages ?? []) {
    for (const e of m.events) {
      if (e.kind !== "clicked") continue;
      const numbers = m.reference.includes(",") ? m.reference.split(",").map((s) => s.trim()) : [m.reference];
      for (const n of numbers) push(clicks, n, dayOf(e.at));
    }
    if (NOT_SENT.has(m.status)) continue;
    if (m.kind === "invoice") delivered.add(m.reference);
    else if (m.kind === "paymentReminder" && !m.key.includes("+")) {
      const step = STEP.exec(m.key);
      if (step === null) continue;
      const sent = { step: Number(step[1]), on: dayOf(m.createdAt) };
      const list = reminders.get(m.reference);
      // One reminder per step and invoice, whatever the channels.
      if (list?.some((r) => r.step === sent.step) !== true) push(reminders, m.reference, sent);
    }
  }
  for (const c of facts.cases ?? []) if (c.kind === "exception") for (const n of c.invoiceNumbers) touched.add(n);
  for (const a of facts.attempts ?? []) push(attempts, a.invoiceNumber, { key: a.key, status: a.status, on: dayOf(a.startedAt) });
  for (const list of reminders.values()) list.sort((a, b) => a.step - b.step);
  return { reminders, clicks, delivered, touched, attempts };
}
