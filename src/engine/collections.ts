import { daysBetween, toCalendarDate } from "../calendar/index.js";
import { ErrorCodes, IssueCollector, ValidationError } from "../errors/index.js";
import { fromMinorUnits, toDecimalString } from "../money/index.js";
import type { BillingStore } from "../ports/index.js";
import { performedState } from "./dunning.js";
import { listAccounts } from "./exceptions.js";
import type { CollectionsItem, LegalActionInput } from "./types.js";


/** The age bucket of days past due, as receivables are aged. */
function bucketOf(days: number): CollectionsItem["bucket"] {
  return days <= 30 ? "1-30" : days <= 60 ? "31-60" : days <= 90 ? "61-90" : "90+";
}

/**
 * The collections work list: every account with an overdue balance, worst first (days past due,
 * then balance), in its 1–30 / 31–60 / 61–90 / 90+ bucket, with why it is on the list — its
 * dunning state, the overdue invoices, what the automation is still doing (a promise to pay, a
 * dispute, a hard decline) — and whether legal action was confirmed. @internal
 */
export async function collectionsWorkList(store: BillingStore, now: string): Promise<CollectionsItem[]> {
  const accounts = await listAccounts(store);
  const items: CollectionsItem[] = [];
  for (const [accountId, timeZone] of accounts) {
    const today = toCalendarDate(now, timeZone);
    const { open, cases, activity } = await store.transaction(async (tx) => ({ open: await tx.listOpenInvoices(accountId), cases: await tx.listCases(accountId), activity: await tx.listActivity(accountId) }));
    const disputed = new Set(cases.filter((c) => c.kind === "dispute" && c.status === "open").flatMap((c) => c.invoiceNumbers));
    const overdue = open.filter((s) => s.invoice.status === "open" && s.invoice.dueDate < today);
    if (overdue.length === 0) continue;
    const counted = overdue.filter((s) => !disputed.has(s.invoice.number));
    // Only disputed invoices overdue: nothing to collect until the disputes are settled.
    if (counted.length === 0) continue;
    const oldest = (counted[0] ?? overdue[0])?.invoice.dueDate ?? today;
    const days = daysBetween(oldest, today);
    const currency = overdue[0]?.invoice.currency ?? "USD";
    const balance = fromMinorUnits(counted.reduce((t, s) => t + s.balance.minor, 0), currency);
    const state = performedState(activity);
    const reasons = [`${counted.length} invoice${counted.length === 1 ? "" : "s"} overdue (${counted.map((s) => s.invoice.number).join(", ")}), the oldest due ${oldest}: ${days} days`, `dunning: ${state.replace("_", " ")}`];
    for (const c of cases) {
      if (c.status !== "open") continue;
      if (c.kind === "promiseToPay") reasons.push(`promise to pay ${c.amount === undefined ? "" : `${toDecimalString(c.amount)} ${c.amount.currency} `}by ${c.promisedOn}: dunning waits`);
      if (c.kind === "dispute") reasons.push(`invoice ${c.invoiceNumbers.join(", ")} disputed (${c.reason}): not counted`);
      if (c.kind === "exception" && c.exception === "hardDecline") reasons.push("auto-pay stopped by a hard decline: a new payment method is needed");
    }
    const legal = activity.filter((a) => a.kind === "account.legalAction").at(-1);
    if (legal !== undefined) reasons.push(legal.text);
    items.push({ accountId, bucket: bucketOf(days), daysPastDue: days, overdueBalance: balance, dunningState: state, invoiceNumbers: counted.map((s) => s.invoice.number), reasons, legalAction: legal !== undefined });
  }
  return items.sort((a, b) => b.daysPastDue - a.daysPastDue || b.overdueBalance.minor - a.overdueBalance.minor || (a.accountId < b.accountId ? -1 : 1));
}

/**
 * Records legal action on an account — the last step, separate from the automation, confirmed by
 * a person, and only for an account the dunning ladder has handed to collections (the practice
 * note: every automated step first). An `account.legalAction` event and an audit line. @internal
 */
export async function recordLegalAction(store: BillingStore, input: LegalActionInput, at: string): Promise<void> {
  const issues = new IssueCollector();
  if (typeof input.confirmedBy !== "string" || input.confirmedBy.trim() === "") issues.add(["confirmedBy"], ErrorCodes.required, "legal action needs the name of the person who confirms it");
  if (typeof input.reason !== "string" || input.reason.trim() === "") issues.add(["reason"], ErrorCodes.required, "say why (the agency, the claim)");
  await store.transaction(async (tx) => {
    const activity = await tx.listActivity(input.accountId);
    const state = performedState(activity);
    if (activity.length === 0) issues.add(["accountId"], ErrorCodes.invalidReference, `no account ${input.accountId}`);
    else if (state !== "collections") issues.add(["accountId"], ErrorCodes.invalidValue, `account ${input.accountId} is ${state.replace("_", " ")}, not in collections: legal action comes only after every automated step`);
    if (!issues.ok) throw new ValidationError(issues.issues);
    const open = await tx.listOpenInvoices(input.accountId);
    await tx.appendActivity({ id: `legal:${input.accountId}:${at}`, accountId: input.accountId, at, kind: "account.legalAction", actor: input.confirmedBy, text: `Legal action confirmed by ${input.confirmedBy}: ${input.reason}`, reference: open.map((s) => s.invoice.number).join(", ") });
    await tx.appendEvent({ id: `account.legalAction:${input.accountId}:${at}`, type: "account.legalAction", accountId: input.accountId, at, data: { confirmedBy: input.confirmedBy, reason: input.reason, invoiceNumbers: open.map((s) => s.invoice.number) } });
  });
}
