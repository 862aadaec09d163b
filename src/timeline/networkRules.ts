import type { CalendarDate } from "../calendar/index.js";

/**
 * How a network counts retries against its limit:
 *
 * - `"rolling"` — at most `maxRetries` in any `windowDays` days (Visa, Mastercard);
 * - `"fromOriginal"` — at most `maxRetries` in all, each within `windowDays` days of the original
 *   attempt (NACHA re-presentment).
 */
export type NetworkWindow = "rolling" | "fromOriginal";

/** One version of a network's retry limit, in force from its effective date until the next version's. */
export interface NetworkRetryRule {
  /** First day the rule is in force (inclusive), read on the UTC date of the attempt. */
  readonly effectiveFrom: CalendarDate;
  /** Most retries (attempts after the original one) the window allows; 0 forbids retries. */
  readonly maxRetries: number;
  /** Length of the window in days (24-hour days). */
  readonly windowDays: number;
  /** Whether the window rolls or is counted from the original attempt. */
  readonly window: NetworkWindow;
  /** Where the rule is published, so an auditor can check it. */
  readonly source: string;
}

/** Which payment methods a rule set governs. */
export interface NetworkScope {
  /** Card charges or ACH debits. */
  readonly method: "card" | "ach";
  /**
   * Card networks the set governs, e.g. `["visa"]`. A card whose network is unknown is held to every
   * card rule set (the safe reading); absent, the set governs every card (or every ACH debit).
   */
  readonly networks?: readonly string[];
}

/**
 * A network's retry limits over time: the rule in force on an attempt's date is the one with the
 * latest `effectiveFrom` on or before it; before the first, the set imposes nothing.
 */
export interface NetworkRuleSet {
  /** A stable name, e.g. `"visa"`; explanations cite it. */
  readonly id: string;
  /** The methods it governs. */
  readonly appliesTo: NetworkScope;
  /** The versions of the rule, in increasing order of `effectiveFrom`. */
  readonly rules: readonly NetworkRetryRule[];
}

function freeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const inner of Object.values(value)) freeze(inner);
    Object.freeze(value);
  }
  return value;
}

/**
 * Visa's excessive-reattempt rule for a declined transaction (decline categories 2–4):
 *
 * - from 2021-04-01, at most 15 reattempts in 30 days — Stripe, "Payment blocked due to excessive
 *   retries" (https://support.stripe.com/questions/payment-blocked-due-to-excessive-retries):
 *   "Visa's rules broadly prohibit more than 15 retries of a single payment over 30 calendar days",
 *   in force since April 1, 2021;
 * - from 2025-05-25, at most 20 reattempts in 30 days — Cielo, "New limit for Visa retries starting
 *   May 25, 2025" (https://docs.cielo.com.br/ecommerce-cielo-en/changelog/new-limit-for-visa-retries-starting-may-25-2025)
 *   and TabaPay, "Visa Response Code Updates" (https://developers.tabapay.com/docs/visa-response-code-updates):
 *   "Up to 20 reattempts permitted in 30 days".
 *
 * Category 1 declines (never retry) are hard declines here and are never retried at all.
 *
 * @example
 * ```ts
 * VISA_RETRY_RULES.rules.map((r) => `${r.effectiveFrom}: ${r.maxRetries}/${r.windowDays}d`);
 * // ["2021-04-01: 15/30d", "2025-05-25: 20/30d"]
 * ```
 */
export const VISA_RETRY_RULES: NetworkRuleSet = freeze({
  id: "visa",
  appliesTo: { method: "card", networks: ["visa"] },
  rules: [
    {
      effectiveFrom: "2021-04-01",
      maxRetries: 15,
      windowDays: 30,
      window: "rolling",
      source: "Visa excessive reattempts rule, 15 in 30 days from 2021-04-01 (https://support.stripe.com/questions/payment-blocked-due-to-excessive-retries)",
    },
    {
      effectiveFrom: "2025-05-25",
      maxRetries: 20,
      windowDays: 30,
      window: "rolling",
      source: "Visa retry program, 20 in 30 days from 2025-05-25 (https://docs.cielo.com.br/ecommerce-cielo-en/changelog/new-limit-for-visa-retries-starting-may-25-2025)",
    },
  ],
});

/**
 * Mastercard's Transaction Processing Excellence excessive-attempts rule: from 2023-11-01, a fee on
 * every retry past 35 in 30 days — Braintree, "Mastercard network updates, fall 2023"
 * (https://developer.paypal.com/braintree/articles/risk-and-security/compliance/network-updates/2023/mastercard-f23):
 * "Starting 1 November 2023, merchants will incur fees if they retry a transaction more than 35
 * times in a 30-day period". Mastercard counts in a tumbling 30-day period; a rolling window is
 * at least as strict, so the rule is kept as a rolling one.
 *
 * Merchant advice codes 03 and 21 (do not try again) are hard declines here and never retried.
 *
 * @example
 * ```ts
 * MASTERCARD_RETRY_RULES.rules[0]?.maxRetries; // 35
 * ```
 */
export const MASTERCARD_RETRY_RULES: NetworkRuleSet = freeze({
  id: "mastercard",
  appliesTo: { method: "card", networks: ["mastercard"] },
  rules: [
    {
      effectiveFrom: "2023-11-01",
      maxRetries: 35,
      windowDays: 30,
      window: "rolling",
      source: "Mastercard TPE excessive attempts, 35 in 30 days from 2023-11-01 (https://developer.paypal.com/braintree/articles/risk-and-security/compliance/network-updates/2023/mastercard-f23)",
    },
  ],
});

/**
 * NACHA's reinitiation rule for a debit returned R01 (insufficient funds) or R09 (uncollected
 * funds): re-presented at most twice after the original entry (three entries in all), each within
 * 180 days of the original — Nacha Operating Rules, reinitiation of returned entries, in its current
 * form since the "Improving ACH Network Quality" amendments of 2015-09-18; summarised by Legal
 * Clarity, "ACH Reinitiation Rules" (https://legalclarity.org/ach-reinitiation-rules-limits-return-codes-penalties/)
 * and Bank Five Nine, "Reinitiating returned ACH debit items"
 * (https://www.bankfivenine.com/business/cash-management/ach-origination/ach-user-information/reinitiating-returned-ach-debit-items/).
 * The window counts from the original attempt (the rule says the original settlement date).
 *
 * @example
 * ```ts
 * NACHA_REINITIATION_RULES.rules[0]; // { maxRetries: 2, windowDays: 180, window: "fromOriginal", … }
 * ```
 */
export const NACHA_REINITIATION_RULES: NetworkRuleSet = freeze({
  id: "nacha",
  appliesTo: { method: "ach" },
  rules: [
    {
      effectiveFrom: "2015-09-18",
      maxRetries: 2,
      windowDays: 180,
      window: "fromOriginal",
      source: "Nacha Operating Rules, reinitiation: 2 after the original, within 180 days (https://legalclarity.org/ach-reinitiation-rules-limits-return-codes-penalties/)",
    },
  ],
});

/**
 * The rule sets a retry policy uses unless it states its own: Visa, Mastercard and NACHA. Replace
 * the list, or add to it, in the policy's `retries.networkRules` when a network publishes a change.
 *
 * @example
 * ```ts
 * parseRetryPolicy({ networkRules: [...DEFAULT_NETWORK_RULE_SETS, { id: "amex", appliesTo: { method: "card", networks: ["amex"] },
 *   rules: [{ effectiveFrom: "2026-01-01", maxRetries: 10, windowDays: 30, window: "rolling", source: "your acquirer's notice" }] }] });
 * ```
 */
export const DEFAULT_NETWORK_RULE_SETS: readonly NetworkRuleSet[] = Object.freeze([VISA_RETRY_RULES, MASTERCARD_RETRY_RULES, NACHA_REINITIATION_RULES]);

/**
 * The rule of a set in force on a date (`YYYY-MM-DD`), or `undefined` before its first rule.
 *
 * @example
 * ```ts
 * ruleInForce(VISA_RETRY_RULES, "2025-05-24")?.maxRetries; // 15
 * ruleInForce(VISA_RETRY_RULES, "2025-05-25")?.maxRetries; // 20
 * ```
 */
export function ruleInForce(set: NetworkRuleSet, date: CalendarDate): NetworkRetryRule | undefined {
  let found: NetworkRetryRule | undefined;
  for (const rule of set.rules) if (rule.effectiveFrom <= date && (found === undefined || rule.effectiveFrom >= found.effectiveFrom)) found = rule;
  return found;
}

/** Whether a rule set governs a method of this kind and (for cards) network. @internal */
export function governs(set: NetworkRuleSet, method: "card" | "ach", network: string | undefined): boolean {
  if (set.appliesTo.method !== method) return false;
  const networks = set.appliesTo.networks;
  if (networks === undefined || network === undefined) return true;
  return networks.includes(network.trim().toLowerCase());
}
