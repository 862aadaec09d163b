import { daysBetween, toCalendarDate, type CalendarDate } from "../calendar/index.js";
import type { Contract } from "../contract/index.js";
import { ErrorCodes, IssueCollector, ValidationError } from "../errors/index.js";
import { statementAging, type AccountStatementMessage, type StatementEntry, type StatementInvoice } from "../messages/index.js";
import { fromMinorUnits, negate, subtract, sum, toDecimalString, type Money } from "../money/index.js";
import type { RunContext } from "./context.js";
import { deliver } from "./deliver.js";
import { accounts, balanceOf } from "./ledger.js";
import { paymentLinkFor } from "./paymentLinks.js";
import type { StatementCadence, StatementSettings } from "./types.js";

/** The statement settings with every default filled in. @internal */
export interface ResolvedStatementSettings {
  readonly cadence: StatementCadence;
  readonly day: number;
  readonly onlyWithActivity: boolean;
  readonly channels: readonly ("email" | "sms" | "portal")[];
}

/** The defaults of {@link StatementSettings}: off; once on, the 1st, only with something to tell, by email and the portal. */
export const DEFAULT_STATEMENT_SETTINGS: ResolvedStatementSettings = Object.freeze({ cadence: "none", day: 1, onlyWithActivity: true, channels: Object.freeze(["email", "portal"] as const) });

const resolvedCache = new WeakMap<object, ResolvedStatementSettings>();

/** The settings with their defaults (remembered per settings object: the run asks once per contract). @internal */
export function resolveStatementSettings(settings: StatementSettings | undefined): ResolvedStatementSettings {
  if (settings === undefined) return DEFAULT_STATEMENT_SETTINGS;
  let resolved = resolvedCache.get(settings);
  if (resolved === undefined) {
    resolved = {
      cadence: settings.cadence ?? DEFAULT_STATEMENT_SETTINGS.cadence,
      day: settings.day ?? DEFAULT_STATEMENT_SETTINGS.day,
      onlyWithActivity: settings.onlyWithActivity ?? DEFAULT_STATEMENT_SETTINGS.onlyWithActivity,
      channels: settings.channels ?? DEFAULT_STATEMENT_SETTINGS.channels,
    };
    resolvedCache.set(settings, resolved);
  }
  return resolved;
}

/**
 * Checks `settings.statements`, naming every problem (field and what is wrong) in one
 * {@link ValidationError}: an unknown cadence, a day that is not a whole number from 1 to 28, an
 * unknown channel. @internal
 */
export function checkStatementSettings(settings: StatementSettings | undefined): void {
  if (settings === undefined) return;
  const issues = new IssueCollector();
  const path = (field: string | number, ...more: (string | number)[]) => ["settings", "statements", field, ...more];
  if (settings.cadence !== undefined && settings.cadence !== "monthly" && settings.cadence !== "quarterly" && settings.cadence !== "none") issues.add(path("cadence"), ErrorCodes.invalidValue, `expected "monthly", "quarterly" or "none", got ${JSON.stringify(settings.cadence)}`);
  if (settings.day !== undefined && (!Number.isInteger(settings.day) || settings.day < 1 || settings.day > 28)) issues.add(path("day"), ErrorCodes.outOfRange, `expected a whole day of the month from 1 to 28 (every month has it), got ${JSON.stringify(settings.day)}`);
  if (settings.onlyWithActivity !== undefined && typeof settings.onlyWithActivity !== "boolean") issues.add(path("onlyWithActivity"), ErrorCodes.invalidValue, `expected true or false, got ${JSON.stringify(settings.onlyWithActivity)}`);
  if (settings.channels !== undefined) {
    if (!Array.isArray(settings.channels)) issues.add(path("channels"), ErrorCodes.invalidValue, `expected a list of "email", "sms" and "portal", got ${JSON.stringify(settings.channels)}`);
    else for (const [i, c] of settings.channels.entries()) if (c !== "email" && c !== "sms" && c !== "portal") issues.add(path("channels", i), ErrorCodes.invalidValue, `expected "email", "sms" or "portal", got ${JSON.stringify(c)}`);
  }
  if (!issues.ok) throw new ValidationError(issues.issues);
}

const pad = (n: number): string => String(n).padStart(2, "0");

/** The statement date `months` months from the year and month given, on `day` (≤ 28: no clamping). */
function monthDay(year: number, month: number, months: number, day: number): CalendarDate {
  const index = year * 12 + (month - 1) + months;
  return `${Math.floor(index / 12)}-${pad((index % 12) + 1)}-${pad(day)}` as CalendarDate;
}

/** The period a statement covers: from `periodStart` to the statement date (exclusive). */
export interface StatementPeriod {
  /** The first day covered: the previous statement date. */
  readonly periodStart: CalendarDate;
}

/**
 * The period a statement made on `day` covers, `[periodStart, day)` — or undefined when `day` is
 * not a statement date. A few string reads: the run asks it of every contract every day.
 *
 * @example
 * ```ts
 * statementPeriod("2027-02-01", { cadence: "monthly" }); // → { periodStart: "2027-01-01" }
 * statementPeriod("2027-02-02", { cadence: "monthly" }); // → undefined
 * statementPeriod("2027-04-15", { cadence: "quarterly", day: 15 }); // → { periodStart: "2027-01-15" }
 * ```
 */
export function statementPeriod(day: CalendarDate, settings: StatementSettings | undefined): StatementPeriod | undefined {
  const s = resolveStatementSettings(settings);
  if (s.cadence === "none") return undefined;
  // "YYYY-MM-DD": the day of the month is the last two characters.
  if (Number(day.slice(8, 10)) !== s.day) return undefined;
  const month = Number(day.slice(5, 7));
  if (s.cadence === "quarterly" && (month - 1) % 3 !== 0) return undefined;
  return { periodStart: monthDay(Number(day.slice(0, 4)), month, s.cadence === "monthly" ? -1 : -3, s.day) };
}

/**
 * The first statement date after `day`, or undefined when statements are off (for the run's
 * wake-ups: a sleeping account wakes on it).
 *
 * @example
 * ```ts
 * nextStatementDate("2027-01-01", { cadence: "monthly" }); // → "2027-02-01"
 * nextStatementDate("2027-05-20", { cadence: "quarterly", day: 15 }); // → "2027-07-15"
 * ```
 */
export function nextStatementDate(day: CalendarDate, settings: StatementSettings | undefined): CalendarDate | undefined {
  const s = resolveStatementSettings(settings);
  if (s.cadence === "none") return undefined;
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7));
  const dom = Number(day.slice(8, 10));
  // This month's date if still ahead, else next month's; a quarter's first month (1, 4, 7, 10) for quarterly.
  let ahead = dom < s.day ? 0 : 1;
  if (s.cadence === "quarterly") while ((month - 1 + ahead) % 3 !== 0) ahead++;
  return monthDay(year, month, ahead, s.day);
}

/** The stored facts a statement is made of, read through the ports. @internal */
export interface StatementFacts {
  /** The account's open invoices with what is left on each. */
  readonly open: readonly { readonly number: string; readonly dueDate: CalendarDate; readonly total: Money; readonly balance: Money }[];
  /** Payments received: the day, the channel, the reference, the amount. */
  readonly payments: readonly { readonly receivedOn: CalendarDate; readonly channel: string; readonly reference?: string | undefined; readonly amount: Money }[];
  /** Credit notes issued, on the customer's day, summed per note. */
  readonly creditNotes: readonly { readonly date: CalendarDate; readonly number: string; readonly amount: Money }[];
  /** Credit held on the account (overpayments, credits kept): what the business owes the customer. */
  readonly credit: Money;
  /** Money that went back out of a payment: refunds, chargebacks, ACH returns (succeeded), on their day. */
  readonly reversals?: readonly { readonly date: CalendarDate; readonly kind: "refund" | "chargeback" | "achReturn"; readonly paymentId: string; readonly amount: Money }[] | undefined;
  /** Invoices written off as bad debt, on the customer's day, with the amount written off. */
  readonly writeOffs?: readonly { readonly date: CalendarDate; readonly invoiceNumber: string; readonly amount: Money }[] | undefined;
}

const REVERSAL_WORDS = { refund: "Refund", chargeback: "Chargeback", achReturn: "Returned bank payment" } as const;

/**
 * The statement model from the account's facts (pure): the open invoices by due date with their
 * days past due counted to the statement date, the payments and credit notes of `[periodStart,
 * statementDate)`, the balance (what is open less the credit on account: negative when in
 * credit) and the aging of what is open ({@link statementAging}: its buckets sum to the open
 * amounts, exactly). @internal
 */
export function accountStatement(facts: StatementFacts, options: { readonly customerName: string; readonly currency: string; readonly statementDate: CalendarDate; readonly periodStart: CalendarDate; readonly paymentLink: string }): AccountStatementMessage {
  const { statementDate, periodStart, currency } = options;
  const inPeriod = (d: CalendarDate): boolean => d >= periodStart && d < statementDate;
  const invoices: StatementInvoice[] = facts.open
    .filter((i) => i.balance.minor > 0)
    .map((i) => ({ number: i.number, dueDate: i.dueDate, total: i.total, balance: i.balance }))
    .sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.number < b.number ? -1 : a.number > b.number ? 1 : 0));
  // Money back out of a payment is a payment line with a negative amount (a refund, a chargeback,
  // a returned bank payment); a write-off is a credit line: the statement's lines then tell what
  // moved the balance, not only its sum.
  const payments: StatementEntry[] = [
    ...facts.payments.filter((p) => inPeriod(p.receivedOn)).map((p) => ({ date: p.receivedOn, description: `Payment (${p.channel})${p.reference === undefined ? "" : ` ${p.reference}`}`, amount: p.amount })),
    ...(facts.reversals ?? []).filter((r) => inPeriod(r.date)).map((r) => ({ date: r.date, description: `${REVERSAL_WORDS[r.kind]} of payment ${r.paymentId}`, amount: negate(r.amount) })),
  ].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const credits: StatementEntry[] = [
    ...facts.creditNotes.filter((n) => inPeriod(n.date)).map((n) => ({ date: n.date, description: `Credit note ${n.number}`, amount: n.amount })),
    ...(facts.writeOffs ?? []).filter((w) => inPeriod(w.date)).map((w) => ({ date: w.date, description: `Written off: invoice ${w.invoiceNumber}`, amount: w.amount })),
  ].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const open = sum(invoices.map((i) => i.balance), currency);
  return {
    customerName: options.customerName,
    statementDate,
    periodStart,
    invoices,
    payments,
    credits,
    balance: subtract(open, facts.credit),
    aging: statementAging(invoices, { asOf: statementDate, currency }),
    paymentLink: options.paymentLink,
  };
}

/** The statement as plain text, for an engine without a brand: ISO days and amounts with their currency, as the other plain messages. @internal */
export function statementText(model: AccountStatementMessage, currency: string): string {
  const m = (x: Money): string => `${toDecimalString(x)} ${currency}`;
  const lines = [`Hello ${model.customerName},`, `Your account from ${model.periodStart} to ${model.statementDate} (exclusive).`];
  lines.push(model.invoices.length === 0 ? "Open invoices: none." : "Open invoices:");
  for (const i of model.invoices) {
    const late = daysBetween(i.dueDate, model.statementDate);
    lines.push(`  ${i.number}: ${m(i.balance)} of ${m(i.total)}, due ${i.dueDate}${late > 0 ? `, ${late} days past due` : ""}`);
  }
  lines.push(model.payments.length === 0 ? "Payments in the period: none." : "Payments in the period:");
  for (const p of model.payments) lines.push(`  ${p.date} ${p.description}: ${m(p.amount)}`);
  lines.push(model.credits.length === 0 ? "Credits in the period: none." : "Credits in the period:");
  for (const c of model.credits) lines.push(`  ${c.date} ${c.description}: ${m(c.amount)}`);
  const a = model.aging;
  lines.push(`Aging: current ${m(a.current)}, 1-30 days ${m(a.days1to30)}, 31-60 days ${m(a.days31to60)}, 61-90 days ${m(a.days61to90)}, over 90 days ${m(a.over90)}.`);
  lines.push(model.balance.minor < 0 ? `Balance: ${m(model.balance)} (in your favour).` : `Balance due: ${m(model.balance)}.`);
  if (model.balance.minor > 0) lines.push(`Pay securely: ${model.paymentLink}`);
  return lines.join("\n");
}

/**
 * The periodic account statement (the practice note's "keep clients up to date on their
 * accounts"): on a statement date ({@link statementPeriod}, on the customer's clock) one message
 * per account — keyed `statement:<accountId>:<statement date>`, so the account's other contracts,
 * a rerun, a crash and rerun or a second shard find it sent — through the customer's channels
 * that `settings.statements.channels` allows, with the same delivery (quiet hours, SMS consent,
 * a bounced address skipped) as every message. Its facts are read under the account's lock as
 * the run finds them when it reaches the account's first contract that day: every open invoice,
 * the payments of the period with the refunds, chargebacks and returned payments against them,
 * its credit notes and write-offs, the credit on account. On any other day it costs
 * two string reads. @internal
 */
export async function sendStatement(ctx: RunContext, contract: Contract, accountId: string, day: CalendarDate): Promise<void> {
  const settings = ctx.settings.statements;
  const period = statementPeriod(day, settings);
  if (period === undefined) return;
  const s = resolveStatementSettings(settings);
  const channels = contract.customer.channels.filter((c) => s.channels.includes(c));
  if (channels.length === 0) return;
  const key = `statement:${accountId}:${day}`;
  const currency = contract.billing.currency;
  const timeZone = contract.customer.timeZone;
  const facts = await ctx.store.transaction(async (tx) => {
    // Sent already (by another contract of the account, an earlier run, another shard): nothing more to read.
    for (const channel of channels) {
      const record = await tx.getMessage(`${key}:${channel}`);
      if (record !== undefined && (record.status === "accepted" || record.status === "delivered" || record.status === "portal")) return undefined;
    }
    const open = await tx.listOpenInvoices(accountId);
    const payments = await tx.listPayments(accountId);
    const ledger = await tx.listLedger(accountId);
    const reversals = (await tx.listReversals(accountId)).filter((r) => r.status === "succeeded" && r.amount.currency === currency);
    const notes = new Map<string, { date: CalendarDate; minor: number }>();
    const writeOffs = new Map<string, { date: CalendarDate; minor: number }>();
    for (const e of ledger) {
      if ((e.kind !== "creditNote" && e.kind !== "writeOff") || e.amount.currency !== currency) continue;
      const into = e.kind === "creditNote" ? notes : writeOffs;
      const known = into.get(e.reference);
      if (known === undefined) into.set(e.reference, { date: toCalendarDate(e.at, timeZone), minor: e.amount.minor });
      else known.minor += e.amount.minor;
    }
    return {
      open: open.filter((o) => o.invoice.status === "open" && o.balance.currency === currency).map((o) => ({ number: o.invoice.number, dueDate: o.invoice.dueDate, total: o.invoice.total, balance: o.balance, invoice: o.invoice })),
      payments: payments.filter((p) => p.amount.currency === currency),
      creditNotes: [...notes].map(([number, n]) => ({ number, date: n.date, amount: fromMinorUnits(n.minor, currency) })),
      reversals: reversals.map((r) => ({ date: r.on, kind: r.kind, paymentId: r.paymentId, amount: r.amount })),
      writeOffs: [...writeOffs].map(([invoiceNumber, w]) => ({ invoiceNumber, date: w.date, amount: fromMinorUnits(w.minor, currency) })),
      credit: balanceOf(ledger, accounts.customerCredit(accountId), currency),
    };
  });
  if (facts === undefined) return;
  // The pay button pays the oldest open invoice (a link pays one invoice); none open, the portal's page.
  const oldest = [...facts.open].filter((o) => o.balance.minor > 0).sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0))[0];
  const paymentLink = oldest === undefined ? ctx.settings.paymentLinkBase : paymentLinkFor(ctx.settings, oldest.invoice, oldest.balance);
  // The customer-credit account is a liability: its balance (debits less credits) is the credit negated.
  const model = accountStatement({ ...facts, credit: negate(facts.credit) }, { customerName: contract.customer.name, currency, statementDate: day, periodStart: period.periodStart, paymentLink });
  if (s.onlyWithActivity && model.invoices.length === 0 && model.payments.length === 0 && model.credits.length === 0 && model.balance.minor === 0) return;
  const byChannels: Contract = channels.length === contract.customer.channels.length ? contract : { ...contract, customer: { ...contract.customer, channels } };
  const outcome = await deliver(ctx, byChannels, accountId, {
    key,
    kind: "accountStatement",
    subject: `Your account statement of ${day}: ${toDecimalString(model.balance)} ${currency}${model.balance.minor < 0 ? " in credit" : " due"}`,
    text: statementText(model, currency),
    reference: accountId,
    template: { kind: "accountStatement", model },
  });
  if (outcome === "sent" || outcome === "portal") ctx.report.statementsSent++;
}
