import { classifyAchReturn, classifyDecline, type DeclineKind } from "./declines.js";
import type { PaymentAttempt, PaymentMethodFacts, PaymentMethodKind } from "./facts.js";
import { DAY, HOUR, iso, millis } from "./instant.js";
import { timedAttempts, type InvoiceState, type TimedAttempt } from "./invoiceState.js";
import { governs, ruleInForce, type NetworkRuleSet } from "./networkRules.js";
import { DEFAULT_RETRY_POLICY, type RetryDelay, type RetryPolicy } from "./policies.js";

/**
 * Where the recovery of a charge stands:
 *
 * - `"notAttempted"` — no automatic attempt on the method yet;
 * - `"succeeded"` — an automatic attempt went through (a customer's own payment may be partial: it
 *   lowers the balance, recorded as a payment, and does not end the series);
 * - `"processing"` — an attempt is still clearing: nothing new until it settles;
 * - `"awaitingOutcome"` — an attempt's outcome is unknown (a timeout): resolve it before any new attempt;
 * - `"retrying"` — soft failure, retries planned;
 * - `"exhausted"` — soft failure, but the policy or the network limits allow no further retry;
 * - `"updatePaymentMethod"` — hard failure: never retried, the customer must update the method.
 */
export type RetryStatus = "notAttempted" | "succeeded" | "processing" | "awaitingOutcome" | "retrying" | "exhausted" | "updatePaymentMethod";

/** A retry the timeline plans, assuming every attempt before it fails. */
export interface PlannedRetry {
  /** When to charge (ISO 8601 instant). */
  readonly at: string;
  /** Position of this attempt among the charge's attempts on the method: 2 is the first retry. */
  readonly attempt: number;
  /** The method to charge. */
  readonly paymentMethodToken: string;
  /** Card or ACH. */
  readonly method: PaymentMethodKind;
}

/** The plan for a failed charge. */
export interface RetrySchedule {
  /** Where recovery stands. */
  readonly status: RetryStatus;
  /** The retries still to make, in time order (empty unless `status` is `"retrying"`). */
  readonly retries: readonly PlannedRetry[];
  /**
   * When automated recovery ends if every planned retry fails: the last planned retry, or the
   * failure that ended it. `null` while it cannot end (not attempted, processing, awaiting outcome, succeeded).
   */
  readonly exhaustedAt: string | null;
  /** Why, in words. */
  readonly explanation: string;
}

/** Options for {@link retrySchedule}. */
export interface RetryScheduleOptions {
  /** The retry policy; default {@link DEFAULT_RETRY_POLICY}. */
  readonly policy?: RetryPolicy;
  /** The method whose attempts make up the charge; default the method of the latest automatic attempt. */
  readonly paymentMethodToken?: string;
}

/** Milliseconds of a retry delay (a day is exactly 24 hours). @internal */
export function delayMillis(delay: RetryDelay): number {
  switch (delay.unit) {
    case "hours":
      return delay.amount * HOUR;
    case "days":
      return delay.amount * DAY;
  }
}

interface FailureVerdict {
  readonly kind: DeclineKind;
  readonly explanation: string;
  /** No new attempt before this instant. */
  readonly notBefore: number;
}

/** The verdict on a failed attempt, or `null` if it did not fail. @internal */
export function failureOf(timed: TimedAttempt): FailureVerdict | null {
  const outcome = timed.attempt.outcome;
  switch (outcome.kind) {
    case "succeeded":
    case "processing":
    case "unknown":
      return null;
    case "declined": {
      const verdict = classifyDecline(outcome.decline);
      let notBefore = verdict.retryAfterHours === null ? Number.NEGATIVE_INFINITY : timed.outcomeAt + verdict.retryAfterHours * HOUR;
      if (outcome.decline.retryAfter !== undefined) notBefore = Math.max(notBefore, millis(outcome.decline.retryAfter, ["retryAfter"]));
      return { kind: verdict.kind, explanation: verdict.explanation, notBefore };
    }
    case "returned": {
      const verdict = classifyAchReturn(outcome.returnCode);
      return { kind: verdict.kind, explanation: verdict.explanation, notBefore: Number.NEGATIVE_INFINITY };
    }
  }
}

function schedule(status: RetryStatus, explanation: string, exhaustedAt: number | null = null, retries: readonly PlannedRetry[] = []): RetrySchedule {
  return { status, retries, exhaustedAt: exhaustedAt === null ? null : iso(exhaustedAt), explanation };
}

/** Response codes of details a person typed wrong: an incorrect PIN (55), CVV2 (N7, 82), authentication (1A). */
const TYPED_WRONG_CODES: readonly string[] = ["55", "N7", "82", "1A"];

/** Whether a decline is about what the payer typed rather than the card itself. */
function typedWrong(timed: TimedAttempt): boolean {
  const outcome = timed.attempt.outcome;
  if (outcome.kind !== "declined") return false;
  const code = outcome.decline.responseCode?.trim().toUpperCase();
  return outcome.decline.reason === "incorrectDetails" || (code !== undefined && TYPED_WRONG_CODES.includes(code));
}

/** {@link retrySchedule} over attempts already read and ordered. @internal */
export function planRetries(attempts: readonly TimedAttempt[], policy: RetryPolicy, paymentMethodToken: string | undefined): RetrySchedule {
  const unresolved = attempts.find((t) => t.attempt.outcome.kind === "unknown");
  if (unresolved !== undefined) {
    return schedule("awaitingOutcome", `the outcome of attempt ${unresolved.attempt.id} is unknown: resolve it before any new attempt`);
  }
  const clearing = attempts.find((t) => t.attempt.outcome.kind === "processing");
  if (clearing !== undefined) return schedule("processing", `attempt ${clearing.attempt.id} is still processing`);
  // An automatic charge is for the whole balance: once one goes through, recovery is over. A
  // customer's own payment may be partial; its amount, recorded as a payment, lowers the balance
  // (a full one settles the invoice and ends everything), and the auto-pay series goes on.
  const succeeded = attempts.find((t) => t.attempt.outcome.kind === "succeeded" && (t.attempt.origin ?? "automatic") === "automatic");
  if (succeeded !== undefined) return schedule("succeeded", `attempt ${succeeded.attempt.id} succeeded`);

  const automatic = attempts.filter((t) => (t.attempt.origin ?? "automatic") === "automatic");
  const methodToken = paymentMethodToken ?? automatic.at(-1)?.attempt.method.token;
  const series = automatic.filter((t) => t.attempt.method.token === methodToken);
  const first = series[0];
  const last = series.at(-1);
  // A hard decline ends charges of the method, also before the first automatic one: a card the
  // customer's own attempt found stolen or closed is not charged automatically. Details the
  // customer typed wrong (a CVC, a PIN) say nothing of the stored card, so those do not count.
  for (const timed of attempts) {
    if (methodToken === undefined || timed.attempt.method.token !== methodToken) continue;
    if ((timed.attempt.origin ?? "automatic") === "customer" && typedWrong(timed)) continue;
    const verdict = failureOf(timed);
    if (verdict?.kind === "hard") {
      return schedule("updatePaymentMethod", `attempt ${timed.attempt.id}: ${verdict.explanation}`, Math.max(last?.outcomeAt ?? timed.outcomeAt, timed.outcomeAt));
    }
  }
  if (first === undefined || last === undefined || methodToken === undefined) {
    return schedule("notAttempted", "no automatic attempt on this payment method yet");
  }
  const lastVerdict = failureOf(last);
  const method = last.attempt.method.kind;
  const network = last.attempt.method.network;
  const sets = policy.networkRules.filter((set) => governs(set, method, network));
  const done = series.slice(1).map((t) => t.at);
  const planned: PlannedRetry[] = [];
  const plannedAt: number[] = [];
  let previous = last.outcomeAt;
  let limitedBy = "";
  for (let k = series.length - 1; k < policy.delays.length; k++) {
    const delay = policy.delays[k];
    if (delay === undefined) break;
    let at: number;
    switch (policy.delaysFrom) {
      case "failure": {
        // An offset from the failure: the gap to the previous attempt is the difference of their
        // offsets, so on time each retry lands exactly `delay` after the failure, and an attempt
        // made late (or moved by a hint or a network limit) moves the rest of the schedule with it.
        const before = policy.delays[k - 1];
        at = previous + delayMillis(delay) - (before === undefined ? 0 : delayMillis(before));
        break;
      }
      case "previousAttempt":
        at = previous + delayMillis(delay);
        break;
    }
    if (k === series.length - 1 && lastVerdict !== null) at = Math.max(at, lastVerdict.notBefore);
    const allowed = withinNetworkRules(at, sets, first.at, [...done, ...plannedAt]);
    if (typeof allowed === "string") {
      limitedBy = `; ${allowed}`;
      break;
    }
    planned.push({ at: iso(allowed), attempt: series.length + planned.length + 1, paymentMethodToken: methodToken, method });
    plannedAt.push(allowed);
    previous = allowed;
  }
  const because = lastVerdict?.explanation ?? "the last attempt failed";
  const lastPlanned = plannedAt.at(-1);
  if (lastPlanned === undefined) {
    return schedule("exhausted", `${because}; no retry left after ${series.length} attempt(s)${limitedBy}`, last.outcomeAt);
  }
  return schedule("retrying", `${because}; ${planned.length} retr${planned.length === 1 ? "y" : "ies"} planned${limitedBy}`, lastPlanned, planned);
}

const utcDate = (ms: number): string => iso(ms).slice(0, 10);

/**
 * The earliest instant at or after `at` at which one more retry keeps within every rule set, each
 * read in the version in force on the retry's (UTC) date; or, when no later instant can, why not.
 * A rolling limit moves the retry until the oldest retry in its window has left it; a limit counted
 * from the original attempt cannot be waited out.
 */
function withinNetworkRules(at: number, sets: readonly NetworkRuleSet[], originalAt: number, retries: readonly number[]): number | string {
  let candidate = at;
  for (let guard = 0; guard < 10_000; guard++) {
    let moved = false;
    for (const set of sets) {
      const rule = ruleInForce(set, utcDate(candidate));
      if (rule === undefined) continue;
      const window = rule.windowDays * DAY;
      const cite = `${set.id} allows ${rule.maxRetries} retr${rule.maxRetries === 1 ? "y" : "ies"} ${rule.window === "rolling" ? "in any" : "within"} ${rule.windowDays} days${rule.window === "rolling" ? "" : " of the original attempt"} (in force from ${rule.effectiveFrom})`;
      switch (rule.window) {
        case "fromOriginal":
          if (retries.length >= rule.maxRetries || candidate > originalAt + window) return cite;
          break;
        case "rolling": {
          if (rule.maxRetries <= 0) return cite;
          const inWindow = retries.filter((r) => r > candidate - window && r <= candidate).sort((a, b) => a - b);
          const oldest = inWindow[inWindow.length - rule.maxRetries];
          if (oldest !== undefined) {
            candidate = oldest + window;
            moved = true;
          }
          break;
        }
      }
    }
    if (!moved) return candidate;
  }
  return "the network rules allow no further retry";
}

/**
 * When automated recovery of an invoice ends, after which ordinary reminders take over and the
 * account may be suspended or handed to collections: `-Infinity` without auto-pay; the end of the
 * retries (planned or spent) or the hard decline; `Infinity` while the charge is still to be made,
 * in flight, awaiting its outcome, or has gone through without the payment being recorded yet.
 * @internal
 */
export function recoveryEndsAt(state: InvoiceState, autoPay: PaymentMethodFacts | undefined, policy: RetryPolicy): number {
  if (autoPay === undefined) return Number.NEGATIVE_INFINITY;
  const plan = planRetries(state.attempts, policy, autoPay.token);
  switch (plan.status) {
    case "retrying":
    case "exhausted":
    case "updatePaymentMethod":
      return plan.exhaustedAt === null ? Number.POSITIVE_INFINITY : Date.parse(plan.exhaustedAt);
    case "notAttempted":
    case "processing":
    case "awaitingOutcome":
    case "succeeded":
      return Number.POSITIVE_INFINITY;
  }
}

/**
 * Plans the retries of a failed automatic charge from its attempts so far.
 *
 * Each delay of the policy counts from the original failure (`delaysFrom: "failure"`, the
 * default: 24 hours, 3 days, 7 days put the retries on days 1, 3 and 7) or from the previous
 * attempt (`"previousAttempt"`: days 1, 4 and 11), always from when an outcome was known (an ACH
 * return arrives days after the debit). Counting from the failure, an attempt made late (or moved
 * by a hint or a network limit) moves the rest of the schedule with it, keeping its spacing. A
 * gateway's retry-after hint or a Mastercard advice code 24–30 moves the next attempt later. Hard
 * declines are never retried. Whatever the policy says, every retry keeps within the network rule
 * sets of the policy (`networkRules`), each read in the version in force on the retry's date:
 * Visa 15 in any 30 days until 2025-05-24 and 20 from 2025-05-25, Mastercard 35 in any 30 days,
 * NACHA two re-presentments within 180 days of the original debit. An attempt still processing, or
 * with an unknown outcome (a timeout), stops everything until it is resolved.
 *
 * @param attempts - the attempts on the invoice, in any order
 * @example
 * ```ts
 * const failed = { id: "a1", at: "2021-08-06T14:00:00Z", method: { token: "pm_1", kind: "card" },
 *   outcome: { kind: "declined", decline: { reason: "insufficientFunds" } } } as const;
 * retrySchedule([failed]).retries.map((r) => r.at.slice(0, 10));
 * // ["2021-08-07", "2021-08-09", "2021-08-13"] — days 1, 3 and 7 after the failure
 * const gaps = parseRetryPolicy({ delaysFrom: "previousAttempt" });
 * retrySchedule([failed], { policy: gaps }).retries.map((r) => r.at.slice(0, 10));
 * // ["2021-08-07", "2021-08-10", "2021-08-17"] — 1, then 3, then 7 days after the previous attempt
 * ```
 */
export function retrySchedule(attempts: readonly PaymentAttempt[], options: RetryScheduleOptions = {}): RetrySchedule {
  return planRetries(timedAttempts(attempts, ["attempts"]), options.policy ?? DEFAULT_RETRY_POLICY, options.paymentMethodToken);
}
