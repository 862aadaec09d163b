import type { CalendarDate, Instant } from "../calendar/index.js";
import { compare, sum, toDecimalString, type Money } from "../money/index.js";
import type { CustomerFacts, TimelineFacts } from "./facts.js";
import { dateOfDay, dayNumber, iso, localDate, millis, startOfDay } from "./instant.js";
import { balanceBefore, holdEnd, invoiceState, type InvoiceState } from "./invoiceState.js";
import { DEFAULT_TIMELINE_POLICY, type TimelinePolicy } from "./policies.js";
import { recoveryEndsAt } from "./retrySchedule.js";

/**
 * Where an account stands, in order of escalation:
 *
 * - `"current"` — nothing overdue;
 * - `"past_due"` — something is overdue;
 * - `"delinquent"` — long overdue: the final notice goes out;
 * - `"suspended"` — service interrupted (optional, off by default);
 * - `"collections"` — handed to an agency or to legal action: the last resort;
 * - `"written_off"` — written off as bad debt.
 */
export type DunningState = "current" | "past_due" | "delinquent" | "suspended" | "collections" | "written_off";

/** Why the state changed: days past due crossed a threshold, or the overdue balance was cleared (paid or voided). */
export type DunningReason = "daysPastDue" | "balanceCleared";

/** A change of an account's dunning state: an event with its reason. */
export interface DunningTransition {
  /** The state before. */
  readonly from: DunningState;
  /** The state after. */
  readonly to: DunningState;
  /** The day it happens, in the customer's calendar. */
  readonly date: CalendarDate;
  /** When it happens (ISO 8601): the start of the day for an escalation, the payment for a recovery. */
  readonly at: string;
  /** Why. */
  readonly reason: DunningReason;
  /** Days since the earliest unpaid due date (0 on recovery). */
  readonly daysPastDue: number;
  /** The overdue balance just before the change. */
  readonly overdueBalance: Money;
  /** Why, in words. */
  readonly explanation: string;
}

/** Where an account stands at a moment. */
export interface DunningStatus {
  /** The state. */
  readonly state: DunningState;
  /** The day the account entered it; `null` if it has always been current. */
  readonly since: CalendarDate | null;
  /** Days since the earliest unpaid due date; 0 when nothing is overdue. */
  readonly daysPastDue: number;
  /** The earliest due date of an unpaid, overdue invoice; `null` when nothing is overdue. */
  readonly earliestUnpaidDueDate: CalendarDate | null;
  /** The overdue balance; `null` for an account without invoices. */
  readonly overdueBalance: Money | null;
}

interface Step {
  readonly state: DunningState;
  readonly afterDays: number;
  /** Waits for automated retries to run out. */
  readonly afterRetries: boolean;
  /** Waits for every reminder, and for disputes to close (collections and write-off). */
  readonly lastResort: boolean;
}

/** An invoice as dunning follows it. */
interface Tracked {
  readonly state: InvoiceState;
  readonly due: number;
  /** Day from which automated retries no longer block escalation (`-Infinity`: never blocked; `Infinity`: blocked). */
  readonly retriesDoneDay: number;
  /** Day after the invoice's last reminder. */
  readonly remindersDoneDay: number;
}

const ORDER: readonly DunningState[] = ["current", "past_due", "delinquent", "suspended", "collections", "written_off"];

function ladder(policy: TimelinePolicy): Step[] {
  const d = policy.dunning;
  const steps: Step[] = [
    { state: "past_due", afterDays: d.pastDueAfterDays, afterRetries: false, lastResort: false },
    { state: "delinquent", afterDays: d.delinquentAfterDays, afterRetries: false, lastResort: false },
  ];
  if (d.suspension.enabled) steps.push({ state: "suspended", afterDays: d.suspension.afterDays, afterRetries: true, lastResort: false });
  steps.push({ state: "collections", afterDays: d.collections.afterDays, afterRetries: true, lastResort: true });
  if (d.writeOff.enabled) steps.push({ state: "written_off", afterDays: d.writeOff.afterDays, afterRetries: true, lastResort: true });
  return steps;
}

function track(states: readonly InvoiceState[], customer: CustomerFacts, policy: TimelinePolicy): Tracked[] {
  const timeZone = customer.timeZone;
  const lastOffset = Math.max(Number.NEGATIVE_INFINITY, ...policy.reminders.steps.map((s) => s.offsetDays));
  return states.map((state): Tracked => {
    const due = dayNumber(state.invoice.dueDate);
    const recoveryEnd = recoveryEndsAt(state, customer.autoPay, policy.retries);
    const retriesDoneDay = Number.isFinite(recoveryEnd) ? dayNumber(localDate(recoveryEnd, timeZone)) + 1 : recoveryEnd;
    return { state, due, retriesDoneDay, remindersDoneDay: due + lastOffset + 1 };
  });
}

/** The invoices overdue on `day` and still owing just before `ms`. */
function overdueAt(invoices: readonly Tracked[], day: number, ms: number): { tracked: Tracked; balance: Money }[] {
  const out: { tracked: Tracked; balance: Money }[] = [];
  for (const tracked of invoices) {
    if (tracked.due >= day || tracked.state.voidedAt < ms) continue;
    const balance = balanceBefore(tracked.state, ms);
    if (balance.minor > 0) out.push({ tracked, balance });
  }
  return out;
}

/**
 * Every change of an account's dunning state, past and projected: what happens if nothing changes
 * but the calendar (no further payment; planned retries fail).
 *
 * The account escalates one step at a time, at most one step a day, driven by the days since the
 * earliest unpaid due date: past due (default the day after the due date), delinquent (30 days;
 * the final notice), suspended (off by default; 45 days), collections (60 days) and written off
 * (180 days). Suspension, collections and write-off wait until automated retries have run out;
 * collections — the last resort — also waits for every reminder to have gone out, for disputes to
 * close, and for the overdue balance to reach its minimum (below it, the account goes from the
 * step before straight to write-off). Nothing escalates while a payment is in flight. Paying or
 * voiding everything overdue brings the account back to current at once.
 *
 * @example
 * ```ts
 * const facts = { customer, invoices: [{ id: "INV-1", dueDate: "2021-08-06", total: money("120.00", "USD") }] };
 * dunningTransitions(facts).map((t) => `${t.to} ${t.date}`);
 * // ["past_due 2021-08-07", "delinquent 2021-09-05", "collections 2021-10-05", "written_off 2022-02-02"]
 * ```
 */
export function dunningTransitions(facts: TimelineFacts): DunningTransition[] {
  return transitionsOf((facts.invoices ?? []).map(invoiceState), facts.customer, facts.policy ?? DEFAULT_TIMELINE_POLICY);
}

/** {@link dunningTransitions} over invoices already read. @internal */
export function transitionsOf(states: readonly InvoiceState[], customer: CustomerFacts, policy: TimelinePolicy): DunningTransition[] {
  const timeZone = customer.timeZone;
  const invoices = track(states, customer, policy);
  const first = invoices[0];
  if (first === undefined) return [];
  const currency = first.state.invoice.total.currency;
  const steps = ladder(policy);
  const collectionsMinimum = policy.dunning.collections.minimumBalance;

  // Days on which something may change: invoices falling overdue, payments and voids (recovery on
  // the day, new balance the day after), and the ends of holds.
  const instants: number[] = [];
  const days = new Set<number>();
  for (const tracked of invoices) {
    days.add(tracked.due + 1);
    for (const payment of tracked.state.payments) instants.push(payment.at);
    if (tracked.state.voidedAt !== Number.POSITIVE_INFINITY) instants.push(tracked.state.voidedAt);
    for (const span of [...tracked.state.inFlight, ...tracked.state.disputed]) {
      if (span.to !== Number.POSITIVE_INFINITY) instants.push(span.to);
    }
  }
  instants.sort((a, b) => a - b);
  for (const ms of instants) {
    const day = dayNumber(localDate(ms, timeZone));
    days.add(day);
    days.add(day + 1);
  }
  const staticDays = [...days].sort((a, b) => a - b);

  const transitions: DunningTransition[] = [];
  let level = 0; // index into ORDER
  let since = Number.NEGATIVE_INFINITY;

  /** The earliest day ≥ `from` on which `step` can be entered if nothing else changes, or undefined. */
  const entryDay = (step: Step, from: number, overdue: readonly { tracked: Tracked; balance: Money }[]): number | undefined => {
    if (overdue.length === 0) return undefined;
    const earliestDue = Math.min(...overdue.map((o) => o.tracked.due));
    let day = Math.max(from, since + 1, earliestDue + step.afterDays);
    if (step.afterRetries) day = Math.max(day, ...overdue.map((o) => o.tracked.retriesDoneDay));
    if (step.lastResort) day = Math.max(day, ...overdue.map((o) => o.tracked.remindersDoneDay));
    if (day === Number.POSITIVE_INFINITY) return undefined;
    const holds = overdue.flatMap((o) => (step.lastResort ? [...o.tracked.state.inFlight, ...o.tracked.state.disputed] : o.tracked.state.inFlight));
    for (;;) {
      const end = holdEnd(holds, startOfDay(dateOfDay(day), timeZone));
      if (end === undefined) return day;
      if (end === Number.POSITIVE_INFINITY) return undefined;
      day = Math.max(day + 1, dayNumber(localDate(end, timeZone)));
    }
  };

  /** The step the account would take next, given the overdue balance. */
  const nextStep = (balance: Money): Step | undefined => {
    const state = ORDER[level];
    const index = steps.findIndex((s) => s.state === state);
    const candidate = steps[index + 1];
    if (candidate?.state === "collections" && collectionsMinimum !== null && compare(balance, collectionsMinimum) < 0) {
      return steps.find((s) => s.state === "written_off");
    }
    return candidate;
  };

  const record = (to: DunningState, day: number, ms: number, reason: DunningReason, daysPastDue: number, balance: Money, explanation: string): void => {
    const from = ORDER[level] ?? "current";
    transitions.push({ from, to, date: dateOfDay(day), at: iso(ms), reason, daysPastDue, overdueBalance: balance, explanation });
    level = ORDER.indexOf(to);
    since = day;
  };

  let day: number | undefined = staticDays[0];
  let nextInstant = 0;
  for (let guard = 0; day !== undefined; guard++) {
    if (guard > 1_000_000) throw new Error("dunningTransitions did not settle: this is a bug");
    const dayStart = startOfDay(dateOfDay(day), timeZone);
    // Escalation, judged at the start of the day.
    const overdue = overdueAt(invoices, day, dayStart);
    const balance = sum(overdue.map((o) => o.balance), currency);
    let step = nextStep(balance);
    let entry: number | undefined = step === undefined ? undefined : entryDay(step, day, overdue);
    if (step !== undefined && entry === day) {
      const earliestDue = Math.min(...overdue.map((o) => o.tracked.due));
      const pastDue = day - earliestDue;
      const why = [`${pastDue} days past the earliest unpaid due date ${dateOfDay(earliestDue)} (threshold ${step.afterDays})`];
      if (step.afterRetries) why.push("automated retries have run out");
      if (step.lastResort) why.push(`every reminder has gone out; overdue balance ${toDecimalString(balance)} ${currency}`);
      if (step.state === "written_off" && ORDER[level] !== "collections") why.push("below the collections minimum, so never handed to collections");
      record(step.state, day, dayStart, "daysPastDue", pastDue, balance, why.join("; "));
      step = nextStep(balance);
      entry = step === undefined ? undefined : entryDay(step, day + 1, overdue);
    }
    // Recovery, at the payment or void that clears what is overdue.
    const nextDayStart = startOfDay(dateOfDay(day + 1), timeZone);
    for (; nextInstant < instants.length; nextInstant++) {
      const ms = instants[nextInstant] ?? Number.POSITIVE_INFINITY;
      if (ms >= nextDayStart) break;
      if (ms < dayStart || level === 0) continue;
      if (overdueAt(invoices, day, ms + 1).length === 0) {
        const before = sum(overdueAt(invoices, day, ms).map((o) => o.balance), currency);
        record("current", day, ms, "balanceCleared", 0, before, "everything overdue was paid or voided");
      }
    }
    const today: number = day;
    const candidates: number[] = [staticDays.find((d) => d > today), entry].filter((d): d is number => d !== undefined && d > today);
    day = candidates.length === 0 ? undefined : Math.min(...candidates);
  }
  return transitions;
}

/**
 * Where an account stands at `asOf`: its dunning state, since when, and how far past due.
 *
 * @example
 * ```ts
 * const facts = { customer, invoices: [{ id: "INV-1", dueDate: "2021-08-06", total: money("120.00", "USD") }] };
 * dunningState(facts, "2021-08-20T15:00:00Z"); // { state: "past_due", since: "2021-08-07", daysPastDue: 14, … }
 * ```
 */
export function dunningState(facts: TimelineFacts, asOf: Instant): DunningStatus {
  const ms = millis(asOf, ["asOf"]);
  const policy = facts.policy ?? DEFAULT_TIMELINE_POLICY;
  const timeZone = facts.customer.timeZone;
  const states = (facts.invoices ?? []).map(invoiceState);
  const last = transitionsOf(states, facts.customer, policy)
    .filter((t) => Date.parse(t.at) <= ms)
    .at(-1);
  const invoices = track(states, facts.customer, policy);
  const today = dayNumber(localDate(ms, timeZone));
  const overdue = overdueAt(invoices, today, ms + 1);
  const currency = invoices[0]?.state.invoice.total.currency;
  const earliestDue = overdue.length === 0 ? undefined : Math.min(...overdue.map((o) => o.tracked.due));
  return {
    state: last?.to ?? "current",
    since: last?.date ?? null,
    daysPastDue: earliestDue === undefined ? 0 : today - earliestDue,
    earliestUnpaidDueDate: earliestDue === undefined ? null : dateOfDay(earliestDue),
    overdueBalance: currency === undefined ? null : sum(overdue.map((o) => o.balance), currency),
  };
}
