import { addDays, instantAt, type CalendarDate } from "../calendar/index.js";
import type { Contract } from "../contract/index.js";
import type { ChargeAttempt, StoredInvoice } from "../ports/index.js";
import { DEFAULT_RENEWAL_POLICY } from "../timeline/index.js";
import type { RunContext } from "./context.js";
import { nextStatementDate } from "./statements.js";

/**
 * The longest the run leaves a contract with open invoices unplanned: the timeline lists late fees
 * a month ahead (`nextActions`), so a contract is planned again within four weeks whatever its
 * timeline shows. @internal
 */
export const REPLAN_DAYS = 27;

/**
 * A contract's next wake-up, gathered while the run handles it: the earliest instant anything can
 * be due for it if nothing is written on its account meanwhile (a write wakes it anyway). Each
 * stage adds what it waits for; `soon` means the next run (something is in flight, held or
 * otherwise not known to wait for a date). @internal
 */
export class WakeUp {
  /** The earliest instant (ms) found so far; +∞ for nothing. */
  ms = Number.POSITIVE_INFINITY;
  /** Why the next run must look again (the first reason given), for tests and debugging. */
  reason: string | undefined;

  constructor(private readonly asOfMs: number) {}

  /** Something is due at this instant (ms). */
  at(ms: number, reason: string): void {
    if (ms < this.ms) {
      this.ms = ms;
      this.reason = reason;
    }
  }

  /** Something is due on this day on the customer's clock (from its first instant). */
  day(day: CalendarDate, timeZone: string, reason: string): void {
    this.at(Date.parse(startOfDayIn(day, timeZone)), reason);
  }

  /** The next run must look again. */
  soon(reason: string): void {
    this.at(this.asOfMs, reason);
  }
}

const dayStarts = new Map<string, string>();

/**
 * The start of a day on a customer's clock, ISO; remembered per day and zone, because `instantAt`
 * asks Intl three times a call (the engine bench: 20,000 contracts 6.9 s without, 6.1 s with). @internal
 */
export function startOfDayIn(day: CalendarDate, timeZone: string): string {
  const key = `${day}|${timeZone}`;
  let start = dayStarts.get(key);
  if (start === undefined) {
    start = instantAt(day, "00:00", timeZone).toISOString();
    if (dayStarts.size > 10_000) dayStarts.clear();
    dayStarts.set(key, start);
  }
  return start;
}

/**
 * The days the renewal stage looks at a contract, inclusive: from the longest notice before the
 * term's end, plus two days, to five weeks after it; undefined without an end or once terminated.
 * The renewal stage (renewals.ts) and the run's wake-ups both go by it. @internal
 */
export function renewalWindow(ctx: RunContext, contract: Contract): { readonly opens: CalendarDate; readonly closes: CalendarDate } | undefined {
  const end = contract.term.end;
  if (end === undefined || contract.termination !== undefined) return undefined;
  const policy = ctx.policy?.renewals ?? DEFAULT_RENEWAL_POLICY;
  const before = Math.max(policy.offerDaysBeforeEnd, ...policy.followUpDaysBeforeEnd, policy.autoRenewal.notice?.maxDaysBefore ?? 0, policy.priceIncreaseNoticeDays) + 2;
  return { opens: addDays(end, -before), closes: addDays(end, 35) };
}

/**
 * What the stages outside the timeline wait for, from what the run read of the contract: the
 * renewal window's opening (inside it the renewal stage adds its own next step), a termination or immediate
 * changes (settled by the issue stage), the auto-pay notice and charge days of each open invoice,
 * and any charge still in flight (looked up on every run). @internal
 */
export function stageWakeUps(ctx: RunContext, wake: WakeUp, contract: Contract, day: CalendarDate, invoices: readonly StoredInvoice[], attempts: ReadonlyMap<string, readonly ChargeAttempt[]>): void {
  const timeZone = contract.customer.timeZone;
  const window = renewalWindow(ctx, contract);
  if (window !== undefined) {
    // One day of margin either side: the renewal stage is never left out of a day it looks at.
    const early = addDays(window.opens, -1);
    if (day < early) wake.day(early, timeZone, "renewal window");
    // Inside the window the renewal stage adds its own next step (renewals.ts, renewalWakeUp);
    // on the margin days around it, the next run looks.
    else if ((day < window.opens || day > window.closes) && day <= addDays(window.closes, 1)) wake.soon("at the edge of the renewal window");
  }
  const termination = contract.termination?.date;
  if (termination !== undefined && termination > day) wake.day(termination, timeZone, "termination");
  if (contract.billing.midPeriodChanges === "immediate") wake.soon("changes settled immediately");
  // The account statement's next date (statements.ts), when statements are on.
  const statement = nextStatementDate(day, ctx.settings.statements);
  if (statement !== undefined) wake.day(statement, timeZone, "account statement");
  const method = contract.paymentMethod;
  const autoPay = method !== undefined && method.autoPay && method.token !== undefined;
  const noticeDays = ctx.settings.upcomingChargeDays;
  for (const stored of invoices) {
    for (const attempt of attempts.get(stored.invoice.number) ?? []) {
      if (attempt.status === "started" || attempt.status === "unknown" || attempt.status === "pending" || attempt.status === "requires_action") wake.soon(`charge ${attempt.key} in flight`);
    }
    const invoice = stored.invoice;
    if (!autoPay || invoice.status !== "open" || stored.balance.minor <= 0) continue;
    if (noticeDays > 0) {
      const notice = addDays(invoice.dueDate, -noticeDays);
      if (notice > day) wake.day(notice, timeZone, `upcoming-charge notice of ${invoice.number}`);
    }
    if (invoice.dueDate > day) wake.day(invoice.dueDate, timeZone, `auto-pay charge of ${invoice.number}`);
  }
}
