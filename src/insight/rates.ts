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

/** Renewal rate: terms ending in `[from, to)` that renewed, out of those with an outcome. */
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

/** Billing accuracy of the invoices issued in `[from, to)` (void ones are not counted). */
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
