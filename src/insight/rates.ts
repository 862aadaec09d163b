import type { CalendarDate } from "../calendar/index.js";
import type { Ratio } from "../money/index.js";
import { CREDITED, NEVER, type Book } from "./book.js";
import { checkRange } from "./daysToPay.js";
import { share } from "./exact.js";
import { reminderIndexOf, type ReminderSent, type Signals } from "./signals.js";
import type { InsightFacts, InsightRange } from "./types.js";
import { dayNumber } from "./days.js";

/** A count out of a whole, and the exact share. */
export interface Rate {
  /** How many did. */
  readonly count: number;
  /** Out of how many. */
  readonly of: number;
  /** count ÷ of, exactly; undefined when `of` is 0. */
  readonly rate: Ratio | undefined;
}

function rate(count: number, of: number): Rate {
  return { count, of, rate: share(count, of) };
}

/**
 * Auto-pay enrollment: contracts in service at the end of `asOf` (started by then, not ended)
 * whose invoices are charged automatically, out of all in service. Contract facts are the
 * contracts as they stand now, so an earlier `asOf` sees today's payment methods.
 *
 * @example
 * ```ts
 * const facts: InsightFacts = { currency: "USD", invoices: [], contracts: [
 *   { id: "C-1", accountId: "A-1", customerName: "Acme", start: "2026-01-01", autoPay: true },
 *   { id: "C-2", accountId: "A-2", customerName: "Bolt", start: "2026-06-01", autoPay: false },
 *   { id: "C-3", accountId: "A-3", customerName: "Core", start: "2026-01-01", end: "2026-12-01", autoPay: true },
 * ] };
 * const enrolled = autoPayEnrollment(facts, "2027-01-31");
 * [enrolled.count, enrolled.of, ratioToString(enrolled.rate ?? ratio(0))]; // → [1, 2, "0.5"]
 * ```
 */
export function autoPayEnrollment(facts: InsightFacts, asOf: CalendarDate): Rate {
  let active = 0;
  let enrolled = 0;
  for (const c of facts.contracts ?? []) {
    if (c.start > asOf || (c.end !== undefined && c.end <= asOf)) continue;
    active++;
    if (c.autoPay) enrolled++;
  }
  return rate(enrolled, active);
}

/**
 * Renewal rate: terms ending in `[from, to)` that renewed, out of those with an outcome.
 *
 * @example
 * ```ts
 * const facts: InsightFacts = { currency: "USD", invoices: [], terms: [
 *   { contractId: "C-1", accountId: "A-1", termEnd: "2027-03-01", outcome: "renewed" },
 *   { contractId: "C-2", accountId: "A-2", termEnd: "2027-05-01", outcome: "ended", reason: "moved" },
 *   { contractId: "C-3", accountId: "A-3", termEnd: "2027-06-01", outcome: "renewed" },
 * ] };
 * const renewed = renewalRate(facts, { from: "2027-01-01", to: "2028-01-01" });
 * [renewed.count, renewed.of, ratioToString(renewed.rate ?? ratio(0))]; // → [2, 3, "2/3"]
 * ```
 */
export function renewalRate(facts: InsightFacts, range: InsightRange): Rate {
  checkRange(range);
  let renewed = 0;
  let ended = 0;
  for (const t of facts.terms ?? []) {
    if (t.termEnd < range.from || t.termEnd >= range.to) continue;
    if (t.outcome === "renewed") renewed++;
    else ended++;
  }
  return rate(renewed, renewed + ended);
}

/** Failed-payment recovery over a range. */
export interface RecoveryRate extends Rate {
  /** Of the failed invoices, those paid some other way (by hand, a link) after the failure. */
  readonly paidOtherwise: number;
}

/**
 * Failed-payment recovery: invoices whose first failed charge (declined) started in `[from, to)`;
 * `count` of them a later charge attempt (a retry) succeeded for; `paidOtherwise` those paid in
 * the end without a successful retry.
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
 * const q1 = { from: "2027-01-01", to: "2027-04-01" };
 * // INV-1's charge was declined, its retry succeeded; INV-2's was declined and not retried
 * const tried: InsightFacts = { ...facts, attempts: [
 *   { key: "charge:INV-1:1", invoiceNumber: "INV-1", accountId: "A-1", status: "declined", startedAt: "2027-01-31T09:00:00Z" },
 *   { key: "charge:INV-1:2", invoiceNumber: "INV-1", accountId: "A-1", status: "succeeded", startedAt: "2027-02-05T09:00:00Z" },
 *   { key: "charge:INV-2:1", invoiceNumber: "INV-2", accountId: "A-1", status: "declined", startedAt: "2027-02-28T09:00:00Z" },
 * ] };
 * const book = buildBook(tried);
 * const recovery = failedPaymentRecovery(book, readSignals(tried, book), q1);
 * [recovery.count, recovery.of, recovery.paidOtherwise]; // → [1, 2, 0]
 * ```
 */
export function failedPaymentRecovery(book: Book, signals: Signals, range: InsightRange): RecoveryRate {
  checkRange(range);
  let failed = 0;
  let recovered = 0;
  let otherwise = 0;
  for (const [i, attempts] of signals.attempts) {
    const first = attempts.findIndex((a) => a.status === "declined");
    if (first < 0) continue;
    const failure = attempts[first] as { readonly on: CalendarDate };
    if (failure.on < range.from || failure.on >= range.to) continue;
    failed++;
    if (attempts.slice(first + 1).some((a) => a.status === "succeeded")) recovered++;
    else if ((book.paid[i] as number) !== NEVER) otherwise++;
  }
  return { ...rate(recovered, failed), paidOtherwise: otherwise };
}

/** How well one reminder step works. */
export interface ReminderStepEffect {
  /** The step: days from the due date. */
  readonly step: number;
  /** Invoices it was sent about, and of them those paid within the window after it. */
  readonly paidWithin: Rate;
}

/**
 * Reminder effectiveness: for each step (days from the due date), the invoices it was sent about
 * in `[from, to)` and the share of them paid within `withinDays` days after it was sent (the
 * payment day minus the sending day, 0 to `withinDays`).
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
 * const q1 = { from: "2027-01-01", to: "2027-04-01" };
 * // a reminder 3 days after the due date about each invoice; only INV-1 was paid (2 days later)
 * const reminder = (number: string, on: string): MessageFact => ({ key: `invoice:${number}:reminder:3:email`, accountId: "A-1",
 *   kind: "paymentReminder", reference: number, status: "accepted", createdAt: `${on}T12:00:00Z`, events: [] });
 * const reminded: InsightFacts = { ...facts, messages: [reminder("INV-1", "2027-02-03"), reminder("INV-2", "2027-03-03")] };
 * const book = buildBook(reminded);
 * reminderEffectiveness(book, readSignals(reminded, book), q1).map((r) => [r.step, r.paidWithin.count, r.paidWithin.of]); // → [[3, 1, 2]]
 * ```
 */
export function reminderEffectiveness(book: Book, signals: Signals, range: InsightRange, withinDays = 5): ReminderStepEffect[] {
  checkRange(range);
  const steps = new Map<number, { sent: number; paid: number }>();
  const index = reminderIndexOf(signals);
  const each = (fn: (i: number, reminders: Iterable<ReminderSent>) => void): void => {
    if (index === undefined) for (const [i, reminders] of signals.reminders) fn(i, reminders);
    else for (let g = 0; g < index.invoices.length; g++) fn(index.invoices[g] as number, index.sent.slice(index.start[g] as number, index.start[g + 1] as number));
  };
  each((i, reminders) => {
    const paid = book.paid[i] as number;
    for (const r of reminders) {
      if (r.on < range.from || r.on >= range.to) continue;
      const s = steps.get(r.step) ?? { sent: 0, paid: 0 };
      s.sent++;
      const sent = dayNumber(r.on);
      if (paid !== NEVER && paid >= sent && paid - sent <= withinDays) s.paid++;
      steps.set(r.step, s);
    }
  });
  return [...steps].sort((a, b) => a[0] - b[0]).map(([step, s]) => ({ step, paidWithin: rate(s.paid, s.sent) }));
}

/** Billing accuracy, as the seed counts it. */
export interface BillingAccuracy {
  /** Invoices issued in the range never corrected by a credit note. */
  readonly neverCorrected: Rate;
  /** Invoices issued and delivered with no person involved (delivered, and on no exception case). */
  readonly noPersonInvolved: Rate;
}

/**
 * Billing accuracy of the invoices issued in `[from, to)` (void ones are not counted).
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
 * const q1 = { from: "2027-01-01", to: "2027-04-01" };
 * const corrected: InsightFacts = { ...facts, creditNotes: [{ number: "CN-1", invoiceNumber: "INV-2", date: "2027-02-10", reason: "wrong rate", total: usd("-10.00") }] };
 * const book = buildBook(corrected);
 * const accuracy = billingAccuracy(book, readSignals(corrected, book), q1);
 * [accuracy.neverCorrected.count, accuracy.neverCorrected.of]; // → [1, 2]
 * // no delivery messages in these facts, so none counts as delivered untouched
 * [accuracy.noPersonInvolved.count, accuracy.noPersonInvolved.of]; // → [0, 2]
 * ```
 */
export function billingAccuracy(book: Book, signals: Signals, range: InsightRange): BillingAccuracy {
  checkRange(range);
  let issued = 0;
  let clean = 0;
  let automated = 0;
  const from = dayNumber(range.from);
  const to = dayNumber(range.to);
  for (let i = 0; i < book.facts.length; i++) {
    const day = book.issue[i] as number;
    if (day < from || day >= to) continue;
    issued++;
    if (((book.flags[i] as number) & CREDITED) === 0) clean++;
    if (signals.delivered[i] === 1 && signals.touched[i] !== 1) automated++;
  }
  return { neverCorrected: rate(clean, issued), noPersonInvolved: rate(automated, issued) };
}
