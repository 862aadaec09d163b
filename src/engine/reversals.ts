import { isCalendarDate, type CalendarDate } from "../calendar/index.js";
import { ErrorCodes, IssueCollector, ValidationError } from "../errors/index.js";
import { markUncollectible, reopenInvoice } from "../invoice/index.js";
import { fromMinorUnits, toDecimalString, type Money } from "../money/index.js";
import { UniqueViolationError, type PaymentAllocation, type PaymentGateway, type PaymentRecord, type PaymentReversal, type ReversalKind, type StoreTransaction } from "../ports/index.js";
import { accounts, creditBalance, entry } from "./ledger.js";

/** What a reversal of a payment says. @internal */
export interface ReversalRequest {
  readonly id: string;
  readonly kind: ReversalKind;
  readonly accountId: string;
  readonly paymentId: string;
  readonly amount?: Money | undefined;
  readonly on: CalendarDate;
  readonly reason: string;
  readonly code?: string | undefined;
  readonly via?: "gateway" | "outside" | undefined;
}

const EVENT: Record<ReversalKind, string> = { refund: "payment.refunded", chargeback: "payment.chargedBack", achReturn: "payment.returned" };
const NOUN: Record<ReversalKind, string> = { refund: "Refund", chargeback: "Chargeback", achReturn: "ACH return" };
/** Which ways a payment came in each kind of reversal can send it back. */
const CHANNELS: Record<ReversalKind, readonly PaymentRecord["channel"][]> = {
  refund: ["card", "ach", "check", "cash", "portal", "lockbox", "autopay"],
  chargeback: ["card", "portal", "autopay"],
  achReturn: ["ach", "autopay"],
};

/** How much of a payment can still go back, and where it would come from. */
interface Reversible {
  readonly fromCredit: number;
  readonly fromInvoices: readonly { readonly invoiceNumber: string; readonly left: number }[];
  readonly total: number;
}

async function reversible(tx: StoreTransaction, payment: PaymentRecord, except: string): Promise<Reversible> {
  const currency = payment.amount.currency;
  const earlier = (await tx.listReversals(payment.accountId)).filter((r) => r.paymentId === payment.id && r.id !== except && r.status !== "failed");
  let reserved = 0;
  let creditTaken = 0;
  const taken = new Map<string, number>();
  for (const r of earlier) {
    // A reversal still waiting for the gateway holds its amount; it is split when it settles.
    if (r.status === "started") reserved += r.amount.minor;
    creditTaken += r.fromCredit?.minor ?? 0;
    for (const a of r.fromInvoices ?? []) taken.set(a.invoiceNumber, (taken.get(a.invoiceNumber) ?? 0) + a.amount.minor);
  }
  const available = (await creditBalance(tx, payment.accountId, currency)).minor;
  const fromCredit = Math.max(0, Math.min(payment.unapplied.minor - creditTaken, available));
  // Newest allocation first: the invoice paid last is the first owed again.
  const fromInvoices = [...payment.allocations]
    .reverse()
    .map((a) => ({ invoiceNumber: a.invoiceNumber, left: a.amount.minor - (taken.get(a.invoiceNumber) ?? 0) }))
    .filter((a) => a.left > 0);
  const total = fromCredit + fromInvoices.reduce((t, a) => t + a.left, 0) - reserved;
  return { fromCredit, fromInvoices, total: Math.max(0, total) };
}

/** Validates a reversal against its payment; throws every problem at once, having stored nothing. */
async function check(tx: StoreTransaction, request: ReversalRequest): Promise<{ payment: PaymentRecord; amount: Money; via: "gateway" | "outside" }> {
  const issues = new IssueCollector();
  if (typeof request.id !== "string" || request.id === "") issues.add(["id"], ErrorCodes.required, "a reversal needs your unique id");
  if (!isCalendarDate(request.on)) issues.add(["on"], ErrorCodes.invalidDate, `expected a day "YYYY-MM-DD", got ${JSON.stringify(request.on)}`);
  if (typeof request.reason !== "string" || request.reason.trim() === "") issues.add(["reason"], ErrorCodes.required, "say why the money went back (it is kept in the activity log)");
  const payment = (await tx.listPayments(request.accountId)).find((p) => p.id === request.paymentId);
  if (payment === undefined) {
    issues.add(["paymentId"], ErrorCodes.invalidReference, `account ${request.accountId} has no payment ${request.paymentId}`);
    throw new ValidationError(issues.issues);
  }
  if (!CHANNELS[request.kind].includes(payment.channel)) {
    issues.add(["paymentId"], ErrorCodes.invalidValue, `payment ${payment.id} came in by ${payment.channel}: a ${NOUN[request.kind].toLowerCase()} needs a ${CHANNELS[request.kind].join(" or ")} payment`);
  }
  const currency = payment.amount.currency;
  const left = await reversible(tx, payment, request.id);
  const amount = request.amount ?? fromMinorUnits(left.total, currency);
  if (amount.currency !== currency) issues.add(["amount", "currency"], ErrorCodes.currencyMismatch, `payment ${payment.id} is in ${currency}, not ${amount.currency}`);
  else if (!(amount.minor > 0)) issues.add(["amount"], ErrorCodes.tooSmall, left.total === 0 ? `nothing of payment ${payment.id} is left to send back` : `the amount must be above zero, got ${toDecimalString(amount)}`);
  else if (amount.minor > left.total) {
    issues.add(["amount"], ErrorCodes.tooBig, `only ${toDecimalString(fromMinorUnits(left.total, currency))} ${currency} of payment ${payment.id} can go back: the rest already went back or paid later invoices as account credit`);
  }
  if (request.kind === "achReturn" && (typeof request.code !== "string" || !/^R\d\d$/.test(request.code))) {
    issues.add(["code"], ErrorCodes.invalidValue, `expected the NACHA return code such as "R01", got ${JSON.stringify(request.code)}`);
  }
  const chargeId = payment.channel === "autopay" ? payment.reference : undefined;
  const via = request.kind !== "refund" ? "outside" : (request.via ?? (chargeId === undefined ? "outside" : "gateway"));
  if (via === "gateway" && chargeId === undefined) issues.add(["via"], ErrorCodes.invalidValue, `payment ${payment.id} was not a gateway charge of auto-pay: refund it outside the gateway (via: "outside")`);
  if (!issues.ok) throw new ValidationError(issues.issues);
  return { payment, amount, via };
}

/** Moves the money back in the ledger and reopens what it paid; marks the reversal succeeded. */
async function settle(tx: StoreTransaction, reversal: PaymentReversal, payment: PaymentRecord, at: string, refundId?: string): Promise<PaymentReversal> {
  const currency = payment.amount.currency;
  const left = await reversible(tx, payment, reversal.id);
  let rest = reversal.amount.minor;
  const fromCredit = Math.min(rest, left.fromCredit);
  rest -= fromCredit;
  const ledger = [];
  const fromInvoices: PaymentAllocation[] = [];
  if (fromCredit > 0) {
    ledger.push(entry(`${reversal.id}:credit`, reversal.accountId, at, reversal.kind, accounts.customerCredit(reversal.accountId), accounts.cash, fromMinorUnits(fromCredit, currency), reversal.id));
  }
  for (const a of left.fromInvoices) {
    if (rest <= 0) break;
    const take = Math.min(rest, a.left);
    rest -= take;
    const stored = await tx.getInvoice(a.invoiceNumber);
    if (stored === undefined) continue;
    const amount = fromMinorUnits(take, currency);
    const balance = fromMinorUnits(stored.balance.minor + take, currency);
    const reason = `${NOUN[reversal.kind]}${reversal.code === undefined ? "" : ` ${reversal.code}`} of payment ${payment.id}: ${reversal.reason}`;
    const invoice = stored.invoice.status === "paid" ? reopenInvoice(stored.invoice, { on: reversal.on, reason }) : undefined;
    await tx.updateInvoice(a.invoiceNumber, stored.version, invoice === undefined ? { balance } : { balance, invoice });
    // Money that had recovered a written-off invoice goes back to bad debt.
    const debit = stored.invoice.status === "uncollectible" ? accounts.badDebt : accounts.receivable(a.invoiceNumber);
    ledger.push(entry(`${reversal.id}:invoice:${a.invoiceNumber}`, reversal.accountId, at, reversal.kind, debit, accounts.cash, amount, reversal.id));
    fromInvoices.push({ invoiceNumber: a.invoiceNumber, amount });
    await tx.appendActivity({
      id: `${reversal.id}:reopened:${a.invoiceNumber}`,
      accountId: reversal.accountId,
      at,
      kind: "invoice.reopened",
      text: `${reason} — ${a.invoiceNumber} owes ${toDecimalString(balance)} ${currency} again`,
      reference: a.invoiceNumber,
    });
  }
  if (rest > 0) throw new Error(`reversal ${reversal.id}: ${rest} minor units found nowhere to come from (a broken invariant)`);
  await tx.appendLedger(ledger);
  await tx.appendActivity({
    id: `${reversal.id}:${reversal.kind}`,
    accountId: reversal.accountId,
    at,
    kind: EVENT[reversal.kind],
    text: `${NOUN[reversal.kind]} of ${toDecimalString(reversal.amount)} ${currency} of payment ${payment.id}${reversal.code === undefined ? "" : ` (${reversal.code})`}: ${reversal.reason}`,
    reference: payment.id,
  });
  await tx.appendEvent({
    id: `${EVENT[reversal.kind]}:${reversal.id}`,
    type: EVENT[reversal.kind],
    accountId: reversal.accountId,
    at,
    data: { reversalId: reversal.id, paymentId: payment.id, amount: toDecimalString(reversal.amount), currency, reopened: fromInvoices.map((f) => f.invoiceNumber), ...(reversal.code === undefined ? {} : { code: reversal.code }) },
  });
  return tx.updateReversal(reversal.id, reversal.version, {
    status: "succeeded",
    fromCredit: fromMinorUnits(fromCredit, currency),
    fromInvoices,
    ...(refundId === undefined ? {} : { refundId }),
  });
}

/**
 * Sends money of a payment back, exactly once: the intent is stored under the reversal's id
 * before the gateway is called, a rerun with the same id resumes it (the gateway's idempotency key
 * is `refund:<id>`), and a reversal already settled is returned as it is. @internal
 */
export async function reversePayment(
  store: { transaction<T>(fn: (tx: StoreTransaction) => Promise<T>): Promise<T> },
  gateway: PaymentGateway,
  request: ReversalRequest,
  now: () => string,
): Promise<PaymentReversal> {
  let reversal = await store.transaction(async (tx) => {
    const existing = await tx.getReversal(request.id);
    if (existing !== undefined) {
      if (existing.paymentId !== request.paymentId || existing.kind !== request.kind || existing.accountId !== request.accountId) {
        throw new ValidationError([{ path: ["id"], code: ErrorCodes.invalidValue, message: `reversal ${request.id} is already recorded, for ${existing.kind} of payment ${existing.paymentId}` }]);
      }
      return existing;
    }
    const { payment, amount, via } = await check(tx, request);
    try {
      const started = await tx.insertReversal({
        id: request.id,
        kind: request.kind,
        accountId: request.accountId,
        paymentId: payment.id,
        amount,
        on: request.on,
        reason: request.reason,
        code: request.code,
        via,
        status: "started",
      });
      // Outside the gateway there is nothing to wait for: settle in the same transaction.
      return via === "outside" ? await settle(tx, started, payment, now()) : started;
    } catch (error) {
      if (error instanceof UniqueViolationError && error.index === "reversals.id") return (await tx.getReversal(request.id)) as PaymentReversal;
      throw error;
    }
  });
  if (reversal.status !== "started") return reversal;

  const payment = await store.transaction(async (tx) => (await tx.listPayments(request.accountId)).find((p) => p.id === reversal.paymentId));
  const chargeId = payment?.reference;
  if (payment === undefined || chargeId === undefined) throw new Error(`reversal ${reversal.id}: its payment is gone (a broken invariant)`);
  const result = await gateway.refund({ idempotencyKey: `refund:${reversal.id}`, chargeId, amount: reversal.amount });
  reversal = await store.transaction(async (tx) => {
    const current = (await tx.getReversal(reversal.id)) as PaymentReversal;
    if (current.status !== "started") return current;
    if (result.status === "succeeded") return settle(tx, current, payment, now(), result.refundId);
    await tx.appendActivity({ id: `${current.id}:failed`, accountId: current.accountId, at: now(), kind: "payment.refundFailed", text: `The gateway refused the refund of ${toDecimalString(current.amount)} ${current.amount.currency} of payment ${payment.id}`, reference: payment.id });
    return tx.updateReversal(current.id, current.version, { status: "failed" });
  });
  return reversal;
}

/** What a write-off says. @internal */
export interface WriteOffRequest {
  readonly invoiceNumber: string;
  readonly on: CalendarDate;
  readonly reason: string;
  /** Who decided it; absent for the engine's own (dunning's write-off step). */
  readonly by?: string | undefined;
}

/**
 * Writes what is left of an invoice off as bad debt: the receivable moves to `bad-debt` in the
 * ledger and the invoice becomes uncollectible, still owed — a payment that comes later recovers
 * it. Once per invoice. @internal
 */
export async function writeOffInvoice(tx: StoreTransaction, request: WriteOffRequest, at: string): Promise<{ invoiceNumber: string; amount: Money }> {
  const issues = new IssueCollector();
  if (!isCalendarDate(request.on)) issues.add(["on"], ErrorCodes.invalidDate, `expected a day "YYYY-MM-DD", got ${JSON.stringify(request.on)}`);
  if (typeof request.reason !== "string" || request.reason.trim() === "") issues.add(["reason"], ErrorCodes.required, "say why the invoice is written off");
  const stored = await tx.getInvoice(request.invoiceNumber);
  if (stored === undefined) issues.add(["invoiceNumber"], ErrorCodes.invalidReference, `no invoice ${request.invoiceNumber}`);
  else if (stored.invoice.status !== "open") issues.add(["invoiceNumber"], ErrorCodes.invalidValue, `invoice ${request.invoiceNumber} is ${stored.invoice.status}: only an open invoice can be written off`);
  else if (stored.balance.minor <= 0) issues.add(["invoiceNumber"], ErrorCodes.invalidValue, `invoice ${request.invoiceNumber} owes nothing`);
  if (!issues.ok || stored === undefined) throw new ValidationError(issues.issues);
  const amount = stored.balance;
  await tx.updateInvoice(stored.invoice.number, stored.version, { invoice: markUncollectible(stored.invoice, { on: request.on, reason: request.reason }) });
  await tx.appendLedger([entry(`writeOff:${stored.invoice.number}`, stored.accountId, at, "writeOff", accounts.badDebt, accounts.receivable(stored.invoice.number), amount, stored.invoice.number)]);
  await tx.appendActivity({ id: `writeOff:${stored.invoice.number}`, accountId: stored.accountId, at, kind: "invoice.writtenOff", ...(request.by === undefined ? {} : { actor: request.by }), text: `${toDecimalString(amount)} ${amount.currency} of ${stored.invoice.number} written off as bad debt: ${request.reason}`, reference: stored.invoice.number });
  await tx.appendEvent({ id: `invoice.writtenOff:${stored.invoice.number}`, type: "invoice.writtenOff", accountId: stored.accountId, at, data: { invoiceNumber: stored.invoice.number, amount: toDecimalString(amount), currency: amount.currency } });
  return { invoiceNumber: stored.invoice.number, amount };
}
