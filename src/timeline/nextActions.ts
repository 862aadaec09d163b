import { addMonthsFromAnchor, type Instant } from "../calendar/index.js";
import { ErrorCodes, IssueCollector } from "../errors/index.js";
import type { DunningAction, LateFeeAction, TimelineAction } from "./actions.js";
import { checkTimelineFacts, isTrustedFacts } from "./checkFacts.js";
import { transitionsOf } from "./dunning.js";
import type { TimelineFacts } from "./facts.js";
import { localDate, millis, startOfDay } from "./instant.js";
import { invoiceState } from "./invoiceState.js";
import { lateFeesOf } from "./lateFeeSchedule.js";
import { recoveryActions } from "./paymentRecovery.js";
import { DEFAULT_TIMELINE_POLICY, policyAmounts, type TimelinePolicy } from "./policies.js";
import { reminderActions } from "./reminderSchedule.js";
import { renewalActions } from "./renewalSchedule.js";
import { base, messageActions, type Scheduled } from "./scheduled.js";

/**
 * Everything that should happen to an account, in one dated list: reminders, auto-pay charges and
 * retries, failure notices, late fees, dunning transitions with their notices, and renewals — what
 * is due at `asOf` and what is planned after it (assuming nothing changes: no payment arrives and
 * planned retries fail).
 *
 * - **Ordered** by `at`, then by key.
 * - **De-duplicated** by key: each key appears once, and the key is stable — the same facts always
 *   give the same actions and keys, whatever `asOf` and whatever the order of the facts — so the
 *   engine uses it as the idempotency key of the effect.
 * - **Nothing stale**: of a sequence (an invoice's reminders, its failure notices, the dunning
 *   notices, a renewal offer and its follow-ups) only the latest one already due is kept. Messages
 *   and charges not yet made are dropped once they are moot: the invoice paid or voided, the offer
 *   answered, the dunning state left, the due date come (for an "upcoming charge" notice), the term
 *   ended (for renewal messages). Other due actions (late fees, transitions, tasks, renewals) stay
 *   listed; the engine skips those it already performed under their key.
 * - Nothing about an invoice is scheduled after it is paid or voided; no message goes out outside
 *   the send window or by SMS without consent.
 *
 * @param facts - the customer, invoices, contracts and policy
 * @param asOf - now
 * @example
 * ```ts
 * const facts = {
 *   customer: { id: "C-1", timeZone: "America/New_York", contact: { email: "pat@example.com" }, channels: ["email"] },
 *   invoices: [{ id: "INV-1", dueDate: "2027-03-10", total: money("49.99", "USD") }],
 * };
 * nextActions(facts, "2027-03-01T12:00:00Z").map((a) => `${a.date} ${a.kind} ${a.key}`);
 * // ["2027-03-07 message invoice:INV-1:reminder:-3:email", "2027-03-10 message invoice:INV-1:reminder:0:email",
 * //  "2027-03-11 dunningTransition account:C-1:dunning:2027-03-11:past_due", …]
 * ```
 */
export function nextActions(facts: TimelineFacts, asOf: Instant): TimelineAction[] {
  // Facts built by hand are checked first, every problem at once (timelineFacts' own are checked already).
  if (!isTrustedFacts(facts)) checkTimelineFacts(facts, asOf);
  const policy = facts.policy ?? DEFAULT_TIMELINE_POLICY;
  const now = millis(asOf, ["asOf"]);
  const { customer } = facts;
  const timeZone = customer.timeZone;
  const window = policy.messaging.sendWindow;
  const feesUntil = addMonthsFromAnchor(localDate(now, timeZone), 1);
  const all: Scheduled[] = [];
  checkCurrencies(facts, policy);
  const states = (facts.invoices ?? []).map(invoiceState);

  for (const state of states) {
    const { invoice } = state;
    all.push(...reminderActions(state, customer, policy), ...recoveryActions(state, customer, policy));
    for (const fee of lateFeesOf(state, policy.lateFees, timeZone, feesUntil, customer.jurisdiction)) {
      const atMs = startOfDay(fee.date, timeZone);
      const action: LateFeeAction = { kind: "lateFee", ...base({ kind: "invoice", id: invoice.id }, ["lateFee", fee.date], atMs, timeZone), fee };
      all.push({ action, atMs });
    }
  }

  const account = { kind: "account", id: customer.id } as const;
  const transitions = transitionsOf(states, customer, policy);
  transitions.forEach((transition, i) => {
    const atMs = Date.parse(transition.at);
    // A notice announces a state: it is moot once the account has left it.
    const next = transitions[i + 1];
    const stateEnds = next === undefined ? Number.POSITIVE_INFINITY : Date.parse(next.at);
    const parts = ["dunning", transition.date, transition.to];
    const action: DunningAction = { kind: "dunningTransition", ...base(account, parts, atMs, timeZone), transition };
    all.push({ action, atMs });
    const template = transition.to === "delinquent" ? "finalNotice" : transition.to === "suspended" ? "suspensionNotice" : undefined;
    if (template !== undefined) {
      all.push(
        ...messageActions(
          { about: account, keyParts: parts, earliest: atMs, template, tone: "urgent", strategy: policy.dunning.notify, until: stateEnds, group: "dunningNotices" },
          { customer, window },
        ),
      );
    }
  });

  for (const contract of facts.contracts ?? []) all.push(...renewalActions(contract, customer, policy, now));

  return select(all, now);
}

/** De-duplicates by key, drops superseded and expired actions, and orders by time then key. */
function select(all: readonly Scheduled[], now: number): TimelineAction[] {
  const byKey = new Map<string, Scheduled>();
  for (const scheduled of all) if (!byKey.has(scheduled.action.key)) byKey.set(scheduled.action.key, scheduled);
  const latestDue = new Map<string, number>();
  for (const { group, atMs } of byKey.values()) {
    if (group !== undefined && atMs <= now) latestDue.set(group, Math.max(atMs, latestDue.get(group) ?? Number.NEGATIVE_INFINITY));
  }
  return [...byKey.values()]
    .filter(({ group, atMs, expiresAt }) => {
      if (expiresAt !== undefined && now >= expiresAt) return false;
      return group === undefined || atMs >= (latestDue.get(group) ?? Number.NEGATIVE_INFINITY);
    })
    .sort((a, b) => a.atMs - b.atMs || (a.action.key < b.action.key ? -1 : a.action.key > b.action.key ? 1 : 0))
    .map((scheduled) => scheduled.action);
}

/**
 * The invoices of one account share one currency, and the policy's amounts (late fees, the
 * collections minimum) are in it: otherwise no fee or threshold can be compared, and the plan is
 * refused up front, every problem listed, rather than failing half-way.
 */
function checkCurrencies(facts: TimelineFacts, policy: TimelinePolicy): void {
  const invoices = facts.invoices ?? [];
  const currency = invoices[0]?.total.currency;
  if (currency === undefined) return;
  const issues = new IssueCollector();
  invoices.forEach((invoice, i) => {
    if (invoice.total.currency !== currency) {
      issues.add(["invoices", i, "total", "currency"], ErrorCodes.currencyMismatch, `invoice ${invoice.id} is in ${invoice.total.currency}, the account's first invoice in ${currency}`);
    }
  });
  for (const [path, amount] of policyAmounts(policy)) {
    if (amount.currency !== currency) {
      issues.add(["policy", ...path], ErrorCodes.currencyMismatch, `the policy states ${amount.currency} but the account's invoices are in ${currency}`);
    }
  }
  issues.throwIfAny();
}
