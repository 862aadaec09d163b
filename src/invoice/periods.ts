import { billingPeriods, iterateBillingPeriods, type BillingPeriod, type BillingScheduleOptions, type CalendarDate } from "../calendar/index.js";
import type { Contract } from "../contract/index.js";
import { ErrorCodes, fail } from "../errors/index.js";

/** Which of a contract's periods to list. */
export interface ContractPeriodsWindow {
  /** Only periods ending after this day. */
  readonly from?: CalendarDate | undefined;
  /** Only periods starting before this day. */
  readonly until?: CalendarDate | undefined;
  /** At most this many. */
  readonly count?: number | undefined;
}

/**
 * The billing-calendar terms of a contract, for {@link billingPeriods}.
 *
 * @example
 * ```ts
 * billingPeriods({ ...scheduleOf(contract), from: "2027-01-01", count: 12 });
 * ```
 */
export function scheduleOf(contract: Contract): BillingScheduleOptions {
  const b = contract.billing;
  // A termination ends billing on its date, before the term's end.
  const terminated = contract.termination?.date;
  return {
    start: contract.term.start,
    end: terminated !== undefined && (contract.term.end === undefined || terminated < contract.term.end) ? terminated : contract.term.end,
    cycle: b.cycle,
    anchorDay: b.anchorDay,
    anchorMonth: b.anchorMonth,
    timing: b.timing,
    stub: b.stub,
    leadDays: b.leadDays,
    paymentTerms: b.paymentTerms,
    dayCount: b.dayCount,
  };
}

/**
 * A contract's billing periods in a window, as an array: a bounded slice. A contract with a term
 * end or a termination is bounded by it; an open-ended one needs the window's `until` or `count` — there is no
 * hidden cap. Walk an open-ended contract as far as it goes with {@link iterateContractPeriods}.
 *
 * @throws {@link ValidationError} naming `until` for an open-ended contract without `until` or `count`
 * @example
 * ```ts
 * contractPeriods(contract, { from: "2027-01-01", count: 12 });
 * contractPeriods(openEnded, { until: "2028-01-01" }); // every period starting before 2028
 * ```
 */
export function contractPeriods(contract: Contract, window: ContractPeriodsWindow = {}): BillingPeriod[] {
  if (contract.term.end === undefined && contract.termination === undefined && window.count === undefined && window.until === undefined) {
    fail(["until"], ErrorCodes.required, `contract ${contract.id} is open-ended: give the window an \`until\` or a \`count\` for a bounded slice of its periods, or walk them with iterateContractPeriods`);
  }
  return billingPeriods({ ...scheduleOf(contract), from: window.from, until: window.until, count: window.count });
}

/**
 * A contract's billing periods in a window, lazily, one at a time: for an open-ended contract,
 * as many as the caller asks for. `until` and `count` stop it when given, and so does the term end.
 *
 * @example
 * ```ts
 * for (const period of iterateContractPeriods(openEnded, { from: "2031-01-01" })) {
 *   if (period.issueDate > asOf) break;
 *   bill(period);
 * }
 * ```
 */
export function iterateContractPeriods(contract: Contract, window: ContractPeriodsWindow = {}): IterableIterator<BillingPeriod> {
  return iterateBillingPeriods({ ...scheduleOf(contract), from: window.from, until: window.until, count: window.count });
}

/**
 * The period of a contract that contains a day.
 *
 * @throws {@link ValidationError} when no billed period contains it (before the start, after the end)
 * @example
 * ```ts
 * periodContaining(contract, "2027-01-15").start; // "2027-01-01"
 * ```
 */
export function periodContaining(contract: Contract, date: CalendarDate): BillingPeriod {
  const [period] = contractPeriods(contract, { from: date, count: 1 });
  if (period === undefined || period.start > date) {
    fail(["date"], ErrorCodes.invalidValue, `no billing period of contract ${contract.id} contains ${date}`);
  }
  return period;
}

/**
 * The period of a contract that starts in a month (`"YYYY-MM"`), or failing that the one that
 * contains the month's first day — what `rmr-billing invoice --period 2027-01` bills.
 *
 * @throws {@link ValidationError} for a malformed month or one the contract does not bill
 * @example
 * ```ts
 * periodForMonth(contract, "2027-01").start; // "2027-01-01"
 * ```
 */
export function periodForMonth(contract: Contract, month: string): BillingPeriod {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) fail(["period"], ErrorCodes.invalidDate, `expected a month "YYYY-MM", got ${JSON.stringify(month)}`);
  const first = `${month}-01`;
  const next = month.endsWith("-12") ? `${String(Number(month.slice(0, 4)) + 1).padStart(4, "0")}-01-01` : `${month.slice(0, 5)}${String(Number(month.slice(5)) + 1).padStart(2, "0")}-01`;
  const candidates = contractPeriods(contract, { from: first, until: next });
  const starting = candidates.find((p) => p.start >= first);
  const chosen = starting ?? candidates[0];
  if (chosen === undefined) fail(["period"], ErrorCodes.invalidValue, `contract ${contract.id} has no billing period in ${month}`);
  return chosen;
}
