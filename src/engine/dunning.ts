import type { Contract } from "../contract/index.js";
import { sum, toDecimalString } from "../money/index.js";
import { UniqueViolationError, type StoredInvoice } from "../ports/index.js";
import type { DunningAction, DunningState, MessageAction, TimelineAction } from "../timeline/index.js";
import type { RunContext } from "./context.js";
import { sendKeyed } from "./deliver.js";
import { paymentLinkFor } from "./paymentLinks.js";
import { writeOffInvoice } from "./reversals.js";

const RANK: Readonly<Record<DunningState, number>> = { current: 0, past_due: 1, delinquent: 2, suspended: 3, collections: 4, written_off: 5 };

/** The account's dunning state as performed: the last transition in its activity log (key `account:<id>:dunning:<day>:<state>`). @internal */
export function performedState(activity: readonly { readonly kind: string; readonly id: string }[]): DunningState {
  for (let i = activity.length - 1; i >= 0; i--) {
    const entry = activity[i];
    if (entry?.kind === "account.dunning") {
      const state = entry.id.slice(entry.id.lastIndexOf(":") + 1);
      if (state in RANK) return state as DunningState;
    }
  }
  return "current";
}

/** Whether a transition moves the account back (a payment): never held by a promise to pay. @internal */
export const movesBack = (action: DunningAction): boolean => RANK[action.transition.to] < RANK[action.transition.from];

/** Whether the monitoring service is interrupted in a state. */
const interrupted = (state: DunningState): boolean => RANK[state] >= RANK.suspended && state !== "written_off";

/** The invoices overdue on a day, oldest first. */
function overdueOn(open: readonly StoredInvoice[], date: string): StoredInvoice[] {
  return open.filter((s) => s.invoice.dueDate < date).sort((a, b) => (a.invoice.dueDate < b.invoice.dueDate ? -1 : a.invoice.dueDate > b.invoice.dueDate ? 1 : 0));
}

/**
 * Performs one dunning transition the timeline planned, once (its key is the id of the
 * `account.dunning` event, which the store keeps unique), in one transaction with what it implies:
 *
 * - every transition: an `account.dunning` event (`from`, `to`, `reason`, `daysPastDue`, the
 *   overdue invoices) and a line in the activity log;
 * - into `delinquent`, when the policy suspends service later: `service.suspensionScheduled` with
 *   the day, so the FSM product can warn its technicians and the customer hears it in the final
 *   notice — the service is never cut without notice;
 * - into `suspended`: `service.suspend` (the FSM product holds the monitoring service);
 * - out of `suspended` or `collections` back to `current` or `past_due` (a payment):
 *   `service.restore`;
 * - into `written_off`: each invoice still overdue is written off to bad debt (its ledger
 *   entries, `invoice.writtenOff`), as the policy's `writeOff` step says.
 *
 * Returns false when the transition was already done. @internal
 */
export async function performDunning(ctx: RunContext, contract: Contract, accountId: string, action: DunningAction, open: readonly StoredInvoice[], upcoming: readonly TimelineAction[]): Promise<boolean> {
  const { transition } = action;
  const at = ctx.now();
  const overdue = overdueOn(open, transition.date);
  // The account's service: every contract with an overdue invoice (an account's dunning is one
  // state over all its contracts), this one first.
  const overdueContracts = [...new Set([contract.id, ...overdue.map((s) => s.invoice.contractId)])];
  const suspension = transition.to === "delinquent" ? upcoming.find((a): a is DunningAction => a.kind === "dunningTransition" && a.transition.to === "suspended") : undefined;
  const data: { from: DunningState } & Record<string, unknown> = {
    contractId: contract.id,
    from: transition.from,
    to: transition.to,
    reason: transition.reason,
    date: transition.date,
    daysPastDue: transition.daysPastDue,
    overdueInvoices: overdue.map((s) => s.invoice.number),
    ...(suspension === undefined ? {} : { suspensionOn: suspension.transition.date }),
  };
  try {
    const moved = await ctx.store.transaction(async (tx) => {
      // Every step starts from the state the account is in — the last one performed, which is not
      // the timeline's when steps up the ladder were dropped (held by a promise, overtaken), or
      // when the account's other contracts had put it further up. A step goes the way the
      // timeline says or not at all: a step up never lowers the account (it is further up
      // already), a step back (a payment) never raises it.
      const activity = await tx.listActivity(accountId);
      const from = performedState(activity);
      const up = RANK[transition.to] > RANK[transition.from];
      if (up ? RANK[transition.to] <= RANK[from] : RANK[transition.to] >= RANK[from]) return false;
      data.from = from;
      await tx.appendEvent({ id: action.key, type: "account.dunning", accountId, at, data });
      const why = transition.reason === "balanceCleared" ? "the overdue balance was cleared" : `${transition.daysPastDue} days past due`;
      // Which contracts' service the step concerns: those with an overdue invoice; a way back
      // restores the ones the suspension named (recorded with it).
      const suspendedWith = [...activity].reverse().find((e) => e.kind === "account.dunning" && e.id.endsWith(":suspended"))?.details?.["contracts"];
      const concerned = interrupted(from) && !interrupted(transition.to) && suspendedWith !== undefined ? [...new Set([contract.id, ...suspendedWith.split(",")])] : overdueContracts;
      await tx.appendActivity({ id: action.key, accountId, at, kind: "account.dunning", text: `Dunning: ${from} → ${transition.to} (${why})`, reference: contract.id, details: { contracts: concerned.join(",") } });
      const sites = contract.sites.map((s) => s.id);
      const contracts = await Promise.all(concerned.map(async (id) => ({ contractId: id, sites: id === contract.id ? sites : ((await tx.getContract(id))?.contract.sites.map((s) => s.id) ?? []) })));
      if (suspension !== undefined) {
        await tx.appendEvent({ id: `${action.key}:service`, type: "service.suspensionScheduled", accountId, at, data: { contractId: contract.id, sites, contracts, on: suspension.transition.date, overdueInvoices: data.overdueInvoices } });
      }
      if (transition.to === "suspended") {
        await tx.appendEvent({ id: `${action.key}:service`, type: "service.suspend", accountId, at, data: { contractId: contract.id, sites, contracts, overdueInvoices: data.overdueInvoices } });
      }
      if (interrupted(from) && !interrupted(transition.to) && transition.to !== "written_off") {
        await tx.appendEvent({ id: `${action.key}:service`, type: "service.restore", accountId, at, data: { contractId: contract.id, sites, contracts } });
      }
      if (transition.to === "written_off") {
        for (const s of overdue) {
          const current = await tx.getInvoice(s.invoice.number);
          if (current?.invoice.status !== "open" || current.balance.minor <= 0) continue;
          await writeOffInvoice(tx, { invoiceNumber: s.invoice.number, on: transition.date, reason: `uncollectible: ${transition.daysPastDue} days past due, written off by the dunning policy` }, at);
          ctx.report.writeOffs++;
        }
      }
      return true;
    });
    return moved;
  } catch (error) {
    if (error instanceof UniqueViolationError) return false;
    throw error;
  }
}

/**
 * Sends a dunning notice (the final notice on becoming delinquent, the suspension notice), once,
 * under the action's key: what is overdue, invoice by invoice, the total, the day service will
 * be or was suspended, and the payment link of the oldest invoice. @internal
 */
export async function sendDunningNotice(ctx: RunContext, contract: Contract, accountId: string, action: MessageAction, open: readonly StoredInvoice[], upcoming: readonly TimelineAction[]): Promise<boolean> {
  const overdue = overdueOn(open, action.date);
  const [oldest] = overdue;
  if (oldest === undefined) return false;
  const currency = oldest.invoice.currency;
  const total = toDecimalString(sum(overdue.map((s) => s.balance), currency));
  const link = paymentLinkFor(ctx.settings, oldest.invoice, oldest.balance);
  const list = overdue.map((s) => `- invoice ${s.invoice.number}, due ${s.invoice.dueDate}: ${toDecimalString(s.balance)} ${currency}`);
  const suspension = upcoming.find((a): a is DunningAction => a.kind === "dunningTransition" && a.transition.to === "suspended" && a.date > action.date);
  const hello = `Hello ${contract.customer.name},`;
  const final = action.template === "finalNotice";
  const text = final
    ? [
        hello,
        `final notice: ${total} ${currency} on your account is overdue.`,
        ...list,
        suspension === undefined ? "Please pay now to keep your account in good standing." : `Unless it is paid, your monitoring service will be suspended on ${suspension.date}.`,
        `Pay securely: ${link}`,
      ]
    : [hello, `your monitoring service is suspended as of ${action.date}: ${total} ${currency} is overdue.`, ...list, `It is restored as soon as the balance is paid: ${link}`];
  const model = {
    customerName: contract.customer.name,
    invoices: overdue.map((s) => ({ number: s.invoice.number, dueDate: s.invoice.dueDate, balance: s.balance })),
    total: sum(overdue.map((s) => s.balance), currency),
    ...(final ? (suspension === undefined ? {} : { suspensionDate: suspension.date }) : { suspensionDate: action.date }),
    paymentLink: link,
  };
  return sendKeyed(ctx, contract, accountId, action, {
    subject: final ? `Final notice: ${total} ${currency} overdue` : `Your monitoring service is suspended: ${total} ${currency} overdue`,
    text: text.join("\n"),
    reference: oldest.invoice.number,
    template: final ? { kind: "finalNotice", model } : { kind: "suspensionNotice", model },
  });
}
