import { CurrencyMismatchError } from "../errors/index.js";
import {
  compare,
  divide,
  exactToString,
  maximum,
  minimum,
  multiply,
  round,
  subtract,
  toDecimalString,
  zero,
  type Money,
} from "../money/index.js";
import type { LateFeeBilling, LateFeePolicy } from "./policies.js";

/**
 * Why no late fee is charged:
 *
 * - `"noFeePolicy"` — the policy charges none;
 * - `"waived"` — the fees of this invoice are waived;
 * - `"disputed"` — the invoice is disputed;
 * - `"processing"` — a payment is still processing;
 * - `"nothingOverdue"` — no overdue balance;
 * - `"belowMinimumBalance"` — the overdue balance is below the policy's minimum;
 * - `"capReached"` — monthly fees already add up to the cap;
 * - `"zeroAmount"` — the computed fee rounds to zero.
 */
export type NoLateFeeReason =
  | "noFeePolicy"
  | "waived"
  | "disputed"
  | "processing"
  | "nothingOverdue"
  | "belowMinimumBalance"
  | "capReached"
  | "zeroAmount";

/** A late fee to charge. */
export interface LateFeeCharged {
  /** Discriminant. */
  readonly kind: "charge";
  /** The fee. */
  readonly amount: Money;
  /** How it was computed, step by step. */
  readonly explanation: string;
  /** A line on the next invoice or an invoice of its own. */
  readonly billAs: LateFeeBilling;
}

/** No late fee, and why. */
export interface LateFeeSkipped {
  /** Discriminant. */
  readonly kind: "none";
  /** Why not. */
  readonly reason: NoLateFeeReason;
  /** Why not, in words. */
  readonly explanation: string;
}

/** The verdict of {@link lateFee}. */
export type LateFeeResult = LateFeeCharged | LateFeeSkipped;

/** The policy and the circumstances of one late-fee assessment. */
export interface LateFeeOptions {
  /** The late-fee policy. */
  readonly policy: LateFeePolicy;
  /** Late fees already charged on this invoice, counted against a monthly cap. Default zero. */
  readonly alreadyCharged?: Money;
  /** The invoice is disputed. */
  readonly disputed?: boolean;
  /** A payment for the invoice is still processing. */
  readonly processing?: boolean;
  /** The invoice's late fees are waived. */
  readonly waived?: boolean;
}

const show = (value: Money): string => `${toDecimalString(value)} ${value.currency}`;

function skip(reason: NoLateFeeReason, explanation: string): LateFeeSkipped {
  return { kind: "none", reason, explanation };
}

/**
 * The late fee on an overdue balance under a policy, with its explanation — or why there is none.
 *
 * A fixed fee, or a percentage of the overdue balance rounded with the policy's rounding mode; then
 * raised to the minimum and cut to the maximum; then, for monthly fees, cut so all fees stay within
 * the cap. No fee below the minimum balance, while a payment is processing, while the invoice is
 * disputed, or when fees are waived.
 *
 * @param overdueBalance - the invoice's unpaid, overdue amount
 * @example
 * ```ts
 * const policy = parseLateFeePolicy({ charge: { kind: "percentage", percent: "1.5" },
 *   minimum: { amount: "5.00", currency: "USD" } });
 * lateFee(money("21.33", "USD"), { policy });
 * // { kind: "charge", amount: USD 5.00, explanation: "1.5% of 21.33 USD is 0.31995, rounded halfUp to 0.32 USD; raised to the minimum 5.00 USD", … }
 * ```
 */
export function lateFee(overdueBalance: Money, options: LateFeeOptions): LateFeeResult {
  const { policy } = options;
  const charge = policy.charge;
  if (charge.kind === "none") return skip("noFeePolicy", "the policy charges no late fee");
  if (options.waived === true) return skip("waived", "late fees on this invoice are waived");
  if (options.disputed === true) return skip("disputed", "no late fee while the invoice is disputed");
  if (options.processing === true) return skip("processing", "no late fee while a payment is processing");
  if (overdueBalance.minor <= 0) return skip("nothingOverdue", "nothing is overdue");
  if (policy.minimumBalance !== null && compare(overdueBalance, policy.minimumBalance) < 0) {
    return skip("belowMinimumBalance", `the overdue balance ${show(overdueBalance)} is below the minimum ${show(policy.minimumBalance)}`);
  }
  const steps: string[] = [];
  let fee: Money;
  switch (charge.kind) {
    case "fixed":
      // A fee in another currency than the balance cannot be charged on it.
      if (charge.amount.currency !== overdueBalance.currency) throw new CurrencyMismatchError(overdueBalance.currency, charge.amount.currency);
      fee = charge.amount;
      steps.push(`fixed fee ${show(fee)}`);
      break;
    case "percentage": {
      const exact = divide(multiply(overdueBalance, charge.percent), 100);
      fee = round(exact, policy.rounding);
      steps.push(`${charge.percent}% of ${show(overdueBalance)} is ${exactToString(exact)}, rounded ${policy.rounding} to ${show(fee)}`);
      break;
    }
  }
  if (policy.minimum !== null && compare(fee, policy.minimum) < 0) {
    fee = maximum(fee, policy.minimum);
    steps.push(`raised to the minimum ${show(policy.minimum)}`);
  }
  if (policy.maximum !== null && compare(fee, policy.maximum) > 0) {
    fee = minimum(fee, policy.maximum);
    steps.push(`cut to the maximum ${show(policy.maximum)}`);
  }
  const recurrence = policy.recurrence;
  if (recurrence.kind === "monthly" && recurrence.cap !== null) {
    const room = subtract(recurrence.cap, options.alreadyCharged ?? zero(recurrence.cap.currency));
    if (room.minor <= 0) return skip("capReached", `late fees on this invoice already reach the cap ${show(recurrence.cap)}`);
    if (compare(fee, room) > 0) {
      fee = room;
      steps.push(`cut to ${show(room)} to stay within the cap ${show(recurrence.cap)}`);
    }
  }
  if (fee.minor <= 0) return skip("zeroAmount", `${steps.join("; ")}: nothing to charge`);
  return { kind: "charge", amount: fee, explanation: steps.join("; "), billAs: policy.billAs };
}
