import { addDays, type CalendarDate } from "../calendar/index.js";
import type { Contract } from "../contract/index.js";
import { toDecimalString } from "../money/index.js";
import { UniqueViolationError, type ChargeAttempt, type ChargeResult, type LookupResult, type StoredInvoice } from "../ports/index.js";
import type { RunContext } from "./context.js";
import { raise } from "./exceptions.js";
import { deliver } from "./deliver.js";
import { applyPayment } from "./payments.js";
import { paymentLinkFor } from "./paymentLinks.js";

/** The method an attempt charged, in words ("card ending 4242"). */
function methodOf(contract: Contract, attempt: ChargeAttempt): string {
  const method = contract.paymentMethod;
  if (method === undefined || method.token !== attempt.paymentMethodToken) return isCustomerAttempt(attempt.key) ? "the card you entered" : "your payment method";
  return `${method.kind === "ach" ? "bank account" : method.kind}${method.last4 === undefined ? "" : ` ending ${method.last4}`}`;
}

/** The stored method charged automatically, when the contract has auto-pay with a token. */
function autoPayMethod(contract: Contract): { token: string; described: string } | undefined {
  const method = contract.paymentMethod;
  if (method === undefined || !method.autoPay || method.token === undefined) return undefined;
  const kind = method.kind === "ach" ? "bank account" : method.kind;
  return { token: method.token, described: `${kind}${method.last4 === undefined ? "" : ` ending ${method.last4}`}` };
}

/**
 * The auto-pay stage for one invoice: the upcoming-charge notice `upcomingChargeDays` before the
 * due date, then on the due date one charge of what is left to pay — the intent recorded under
 * its attempt key before the gateway is called, an intent or an `unknown` answer resolved with
 * `lookup` before anything new, no new charge while one is pending, and the balance read again
 * under the account lock, so a customer who paid by link meanwhile is not charged twice.
 * Declined charges wait for the retry policy (issue 11's recovery stage). @internal
 */
export async function collectAutoPay(ctx: RunContext, contract: Contract, accountId: string, stored: StoredInvoice, asOf: CalendarDate): Promise<void> {
  const method = autoPayMethod(contract);
  const invoice = stored.invoice;
  if (method === undefined || invoice.status !== "open" || stored.balance.minor <= 0) {
    // Paid another way (a check while the ACH debit cleared), or auto-pay turned off: a charge
    // still in flight is followed to its end all the same — money that arrives is booked (as
    // account credit when the invoice is settled), a return is recorded — but nothing new is charged.
    await settleInFlight(ctx, contract, accountId, invoice.number, asOf);
    return;
  }
  const days = ctx.settings.upcomingChargeDays;
  const noticeDue = days > 0 && addDays(invoice.dueDate, -days) <= asOf && asOf < invoice.dueDate;
  if (!noticeDue && invoice.dueDate > asOf) return;
  // A hard decline ends the automatic charges of that method, on every invoice: the customer has
  // been asked for a new one (a new token in the contract starts them again), and reminders
  // take over from the upcoming-charge notice.
  if (await hardDeclined(ctx, contract, method.token)) return;
  if (noticeDue) {
    const outcome = await deliver(ctx, contract, accountId, {
      key: `invoice:${invoice.number}:upcomingCharge`,
      kind: "upcomingCharge",
      subject: `Upcoming charge for invoice ${invoice.number}`,
      text: `Hello ${contract.customer.name}, on ${invoice.dueDate} we will charge ${toDecimalString(stored.balance)} ${invoice.currency} to your ${method.described} for invoice ${invoice.number}. Nothing to do. Questions or a new card: ${paymentLinkFor(ctx.settings, invoice, stored.balance)}`,
      reference: invoice.number,
      template: { kind: "upcomingCharge", model: { customerName: contract.customer.name, invoiceNumber: invoice.number, amount: stored.balance, chargeDate: invoice.dueDate, method: method.described, paymentLink: paymentLinkFor(ctx.settings, invoice, stored.balance) } },
    });
    if (outcome === "sent") ctx.report.upcomingChargeNotices++;
  }
  if (invoice.dueDate > asOf) return;

  const attempts = await ctx.store.transaction((tx) => tx.listInvoiceAttempts(invoice.number));
  // First resolve what is not known yet: an intent without an outcome, an unknown answer, a pending debit.
  for (const attempt of attempts) {
    if (attempt.status !== "started" && attempt.status !== "unknown" && attempt.status !== "pending") continue;
    const found = await ctx.gateway.lookup(attempt.key);
    if (found.status === "not_found") {
      if (attempt.status === "started") {
        // The charge never reached the gateway: make it now, under the same key.
        await charge(ctx, contract, accountId, attempt, asOf);
      } else {
        await record(ctx, contract, accountId, attempt, { status: "skipped" }, asOf);
      }
    } else {
      await record(ctx, contract, accountId, attempt, found, asOf);
    }
  }
  const now = await ctx.store.transaction((tx) => tx.listInvoiceAttempts(invoice.number));
  // One charge at a time: none while one is in flight; after a decline, the retry policy decides.
  if (now.some((a) => a.status !== "skipped")) return;
  const key = `invoice:${invoice.number}:autopay:${now.length + 1}`;
  let attempt: ChargeAttempt;
  try {
    const started = await ctx.store.transaction(async (tx) => {
      const current = await tx.getInvoice(invoice.number);
      // Paid meanwhile (a payment link, a check): nothing to charge.
      if (current === undefined || current.invoice.status !== "open" || current.balance.minor <= 0) return undefined;
      return tx.insertAttempt({ key, invoiceNumber: invoice.number, accountId, amount: current.balance, paymentMethodToken: method.token, startedAt: ctx.now(), status: "started" });
    });
    if (started === undefined) return;
    attempt = started;
  } catch (error) {
    if (error instanceof UniqueViolationError) return;
    throw error;
  }
  await charge(ctx, contract, accountId, attempt, asOf);
}

/** Follows the charges of an invoice still in flight (started, unknown, pending) without charging anything new. */
async function settleInFlight(ctx: RunContext, contract: Contract, accountId: string, invoiceNumber: string, asOf: CalendarDate): Promise<void> {
  const attempts = await ctx.store.transaction((tx) => tx.listInvoiceAttempts(invoiceNumber));
  for (const attempt of attempts) {
    if (attempt.status !== "started" && attempt.status !== "unknown" && attempt.status !== "pending") continue;
    const found = await ctx.gateway.lookup(attempt.key);
    await record(ctx, contract, accountId, attempt, found.status === "not_found" ? { status: "skipped" } : found, asOf);
  }
}

/** The last day a card works: the last day of its expiry month. */
function lastDayOf(expiry: string): string {
  const [year, month] = expiry.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}

/**
 * Flags an auto-pay card that expires before its next charge (the due date of the contract's
 * next open invoice), once per card and expiry: the customer is told, with the link to update it,
 * and an `expiringCard` exception waits for a person until a new card or expiry is on file.
 * @internal
 */
export async function flagExpiringCard(ctx: RunContext, contract: Contract, accountId: string, invoices: readonly StoredInvoice[]): Promise<void> {
  const method = contract.paymentMethod;
  if (method?.kind !== "card" || method.autoPay !== true || method.expiry === undefined || method.token === undefined) return;
  const next = invoices.filter((s) => s.invoice.status === "open" && s.balance.minor > 0).sort((a, b) => (a.invoice.dueDate < b.invoice.dueDate ? -1 : 1))[0];
  const lastDay = lastDayOf(method.expiry);
  if (next === undefined || next.invoice.dueDate <= lastDay) return;
  const outcome = await deliver(ctx, contract, accountId, {
    key: `card:${method.token}:${method.expiry}:expiring`,
    kind: "expiringCard",
    subject: "Your card on file is expiring",
    text: `Hello ${contract.customer.name}, the card ending ${method.last4 ?? "on file"} expires at the end of ${method.expiry}, before the automatic payment of invoice ${next.invoice.number} on ${next.invoice.dueDate}. Please update it: ${paymentLinkFor(ctx.settings, next.invoice, next.balance)}`,
    reference: next.invoice.number,
    template: { kind: "expiringCard", model: { customerName: contract.customer.name, last4: method.last4 ?? "", expiry: method.expiry, updateLink: paymentLinkFor(ctx.settings, next.invoice, next.balance) } },
  });
  if (outcome === "sent" || outcome === "portal") ctx.report.expiringCards++;
  const raised = await raise(ctx.store, {
    id: `exception:expiringCard:${method.token}:${method.expiry}`,
    accountId,
    contractId: contract.id,
    invoiceNumbers: [next.invoice.number],
    exception: "expiringCard",
    reason: `the auto-pay card ending ${method.last4 ?? "?"} expires ${method.expiry}, before the charge of ${next.invoice.number} on ${next.invoice.dueDate}`,
    action: "get the renewed card from the customer (or its new expiry) and update the contract's payment method",
  }, ctx.now());
  if (raised) ctx.report.exceptionsRaised++;
}

/** Whether any charge of the contract's invoices to this token was declined hard. @internal */
export async function hardDeclined(ctx: RunContext, contract: Contract, token: string): Promise<boolean> {
  return ctx.store.transaction(async (tx) => {
    for (const stored of await tx.listContractInvoices(contract.id)) {
      for (const attempt of await tx.listInvoiceAttempts(stored.invoice.number)) {
        if (attempt.paymentMethodToken === token && attempt.outcome?.status === "declined" && attempt.outcome.kind === "hard") return true;
      }
    }
    return false;
  });
}

/** Charges an attempt recorded as started, and records the answer. @internal */
export async function charge(ctx: RunContext, contract: Contract, accountId: string, attempt: ChargeAttempt, asOf: CalendarDate): Promise<void> {
  const result = await ctx.gateway.charge({
    idempotencyKey: attempt.key,
    paymentMethodToken: attempt.paymentMethodToken,
    amount: attempt.amount,
    metadata: { invoiceNumber: attempt.invoiceNumber, accountId, contractId: contract.id },
  });
  await record(ctx, contract, accountId, attempt, result, asOf);
}

/**
 * Whether an attempt is the customer's own (a payment on the hosted invoice page, keyed
 * `invoice:<number>:portal:<submission>`) rather than an automatic charge: it is booked as a
 * portal payment and never retried by the recovery policy. @internal
 */
export function isCustomerAttempt(key: string): boolean {
  return key.includes(":portal:");
}

const COUNTED: Record<ChargeResult["status"], keyof RunContext["report"]["charges"]> = {
  succeeded: "succeeded",
  pending: "pending",
  declined: "declined",
  requires_action: "requiresAction",
  unknown: "unknown",
};

/** Records a gateway answer on its attempt; a success is applied to the invoice and a receipt sent. */
async function record(ctx: RunContext, contract: Contract, accountId: string, attempt: ChargeAttempt, result: Exclude<LookupResult, { status: "not_found" }> | { status: "skipped" }, asOf: CalendarDate): Promise<void> {
  const at = ctx.now();
  if (result.status === attempt.status) return;
  if (result.status !== "skipped") ctx.report.charges[COUNTED[result.status]]++;
  await ctx.store.transaction(async (tx) => {
    const current = (await tx.getAttempt(attempt.key)) as ChargeAttempt;
    await tx.updateAttempt(attempt.key, current.version, result.status === "skipped" ? { status: "skipped" } : { status: result.status, outcome: result });
    const amount = `${toDecimalString(attempt.amount)} ${attempt.amount.currency}`;
    const customer = isCustomerAttempt(attempt.key);
    if (result.status === "succeeded") {
      const stored = await tx.getInvoice(attempt.invoiceNumber);
      await applyPayment(tx, { id: attempt.key, accountId, amount: attempt.amount, channel: customer ? "portal" : "autopay", receivedOn: asOf, targets: stored === undefined ? [] : [stored], reference: result.chargeId }, at);
      await tx.appendEvent({ id: `payment.succeeded:${attempt.key}`, type: "payment.succeeded", accountId, at, data: { invoiceNumber: attempt.invoiceNumber, attemptKey: attempt.key, amount, chargeId: result.chargeId } });
    } else if (result.status !== "skipped") {
      const type = result.status === "declined" ? "payment.failed" : `payment.${result.status}`;
      await tx.appendEvent({ id: `${type}:${attempt.key}`, type, accountId, at, data: { invoiceNumber: attempt.invoiceNumber, attemptKey: attempt.key, amount, ...(result.status === "declined" ? { code: result.code, kind: result.kind } : {}) } });
      await tx.appendActivity({ id: `${attempt.key}:${result.status}`, accountId, at, kind: type, text: `${customer ? "Payment on the invoice page" : "Auto-pay charge"} of ${amount} for ${attempt.invoiceNumber}: ${result.status}${result.status === "declined" ? ` (${result.kind} decline, code ${result.code})` : ""}`, reference: attempt.invoiceNumber });
    }
  });
}

/**
 * Sends the receipt of every succeeded auto-pay charge of an invoice that has none yet — its own
 * step, so a crash between the payment and the receipt still ends with one receipt. @internal
 */
export async function sendReceipts(ctx: RunContext, contract: Contract, accountId: string, invoiceNumber: string): Promise<void> {
  const attempts = await ctx.store.transaction((tx) => tx.listInvoiceAttempts(invoiceNumber));
  for (const attempt of attempts) {
    if (attempt.status !== "succeeded" || attempt.outcome?.status !== "succeeded") continue;
    await deliver(ctx, contract, accountId, {
      key: `payment:${attempt.key}:receipt`,
      kind: "receipt",
      subject: `Receipt for invoice ${attempt.invoiceNumber}`,
      text: `Thank you, ${contract.customer.name}: we received ${toDecimalString(attempt.amount)} ${attempt.amount.currency} for invoice ${attempt.invoiceNumber} (charge ${attempt.outcome.chargeId}).`,
      reference: attempt.invoiceNumber,
      template: { kind: "receipt", model: { customerName: contract.customer.name, invoiceNumber: attempt.invoiceNumber, amount: attempt.amount, paidAt: String(attempt.startedAt), method: methodOf(contract, attempt), balance: (await ctx.store.transaction((tx) => tx.getInvoice(attempt.invoiceNumber)))?.balance ?? { ...attempt.amount, minor: 0 } } },
    });
  }
}
