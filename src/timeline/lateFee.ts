import { CurrencyMismatchError, ErrorCodes, fail } from "../errors/index.js";
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
import type { JurisdictionLateFeeRule, LateFeeBilling, LateFeeCap, LateFeePolicy } from "./policies.js";

/**
 * Why no late fee is charged:
 *
 * - `"noFeePolicy"` — the policy charges none;
 * - `"waived"` — the fees of this invoice are waived;
 * - `"disputed"` — the invoice is disputed;
 * - `"processing"` — a payment is still processing;
 * - `"nothingOverdue"` — no overdue balance;
 * - `"belowMinimumBalance"` — the overdue balance is below the policy's minimum;
 * - `"capReached"` — the invoice's late fees already add up to a per-invoice cap;
 * - `"maxFeesReached"` — the invoice has had as many late fees as the policy or the law allows;
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
  | "maxFeesReached"
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
  /** Late fees already charged on this invoice, counted against per-invoice caps. Default zero. */
  readonly alreadyCharged?: Money;
  /** How many late fees this invoice has had, counted against `maxFeesPerInvoice`. Default 0. */
  readonly feesCharged?: number;
  /** The invoice's total: the base of a cap `of: "invoiceTotal"`. Required when such a cap applies. */
  readonly invoiceTotal?: Money;
  /** The payment left unpaid at the end of the due date: the base of a cap `of: "paymentDue"`. Required when such a cap applies. */
  readonly paymentDue?: Money;
  /** The customer's jurisdiction, e.g. `"US-MD"`: its rules in the policy's `jurisdictionCaps` apply too. */
  readonly jurisdiction?: string;
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

/** A cap, with where it comes from. */
interface SourcedCap {
  readonly cap: LateFeeCap;
  readonly from: string;
}

/**
 * The rules of a jurisdiction and of the country it lies in: `"US-MD"` is bound by `"US-MD"` and `"US"`.
 *
 * @internal
 */
export function jurisdictionRules(policy: LateFeePolicy, jurisdiction: string | undefined): [string, JurisdictionLateFeeRule][] {
  if (jurisdiction === undefined) return [];
  const keys = [jurisdiction];
  const dash = jurisdiction.indexOf("-");
  if (dash > 0) keys.push(jurisdiction.slice(0, dash));
  return keys.flatMap((key): [string, JurisdictionLateFeeRule][] => {
    const rule = policy.jurisdictionCaps[key];
    return rule === undefined ? [] : [[key, rule]];
  });
}

/** The most late fees one invoice may incur under the policy and the customer's law; `null` for no limit. @internal */
export function maxFeesFor(policy: LateFeePolicy, jurisdiction: string | undefined): number | null {
  const limits = [policy.recurrence.kind === "once" ? 1 : policy.maxFeesPerInvoice, ...jurisdictionRules(policy, jurisdiction).map(([, rule]) => rule.maxFeesPerInvoice)];
  const set = limits.filter((limit): limit is number => limit !== null);
  return set.length === 0 ? null : Math.min(...set);
}

const describeCap = (cap: LateFeeCap): string =>
  cap.kind === "fixed" ? `${show(cap.amount)} per ${cap.per}` : `${cap.percent}% of the ${BASE_NAMES[cap.of]} per ${cap.per}`;

const BASE_NAMES = { overdueBalance: "overdue balance", invoiceTotal: "invoice total", paymentDue: "payment due" } as const;

/**
 * The late fee on an overdue balance under a policy, with its explanation — or why there is none.
 *
 * A fixed fee, or a percentage of the overdue balance rounded with the policy's rounding mode; then
 * raised to the minimum; then cut to the lowest cap that applies — the policy's `caps` and those of
 * the customer's jurisdiction — which the explanation names. A percentage cap is rounded down (a cap is never
 * exceeded by rounding); a per-invoice cap leaves room for what this invoice's fees already add up
 * to. No fee once the invoice has had `maxFeesPerInvoice` fees (the policy's or the law's, the
 * smaller), below the minimum balance, while a payment is processing, while the invoice is
 * disputed, or when fees are waived.
 *
 * @param overdueBalance - the invoice's unpaid, overdue amount
 * @throws {@link ValidationError} with `required` when a cap is a percentage of the invoice total or the payment due and that amount is not given
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
  const rules = jurisdictionRules(policy, options.jurisdiction);
  const maxFees = maxFeesFor(policy, options.jurisdiction);
  const feesCharged = options.feesCharged ?? 0;
  if (maxFees !== null && feesCharged >= maxFees) {
    return skip("maxFeesReached", `the invoice has had ${feesCharged} late fee${feesCharged === 1 ? "" : "s"}, the most allowed`);
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
  const caps: SourcedCap[] = [
    ...policy.caps.map((cap) => ({ cap, from: "the policy's cap" })),
    ...rules.flatMap(([key, rule]) => rule.caps.map((cap) => ({ cap, from: `${key}'s cap${rule.source === null ? "" : ` (${rule.source})`}` }))),
  ];
  const already = options.alreadyCharged ?? zero(overdueBalance.currency);
  // The lowest cap binds; the explanation names it.
  let binding: { readonly room: Money; readonly why: string } | undefined;
  for (const { cap, from } of caps) {
    const limit = capAmount(cap, overdueBalance, options);
    const room = cap.per === "invoice" ? subtract(limit, already) : limit;
    if (cap.per === "invoice" && room.minor <= 0) {
      return skip("capReached", `late fees on this invoice already reach ${from} of ${describeCap(cap)} (${show(limit)})`);
    }
    if (binding === undefined || compare(room, binding.room) < 0) {
      const less = cap.per === "invoice" && already.minor > 0 ? ` (${show(limit)}, less ${show(already)} already charged)` : "";
      binding = { room, why: `${from} of ${describeCap(cap)}${less}` };
    }
  }
  if (binding !== undefined && compare(fee, binding.room) > 0) {
    fee = binding.room;
    steps.push(`cut to ${show(fee)} by ${binding.why}`);
  }
  if (fee.minor <= 0) return skip("zeroAmount", `${steps.join("; ")}: nothing to charge`);
  return { kind: "charge", amount: fee, explanation: steps.join("; "), billAs: policy.billAs };
}

/** The amount a cap allows, a percentage of its base rounded down. */
function capAmount(cap: LateFeeCap, overdueBalance: Money, options: LateFeeOptions): Money {
  if (cap.kind === "fixed") {
    if (cap.amount.currency !== overdueBalance.currency) throw new CurrencyMismatchError(overdueBalance.currency, cap.amount.currency);
    return cap.amount;
  }
  const base = cap.of === "overdueBalance" ? overdueBalance : cap.of === "invoiceTotal" ? options.invoiceTotal : options.paymentDue;
  if (base === undefined) {
    fail([cap.of], ErrorCodes.required, `a cap of ${cap.percent}% of the ${BASE_NAMES[cap.of]} applies: pass the ${cap.of} to lateFee`);
  }
  return round(divide(multiply(base, cap.percent), 100), "down");
}
