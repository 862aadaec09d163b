import type { CalendarDate } from "../calendar/index.js";
import { markPaid } from "../invoice/index.js";
import { fromMinorUnits, toDecimalString, type Money } from "../money/index.js";
import type { PaymentChannel, PaymentRecord, StoreTransaction, StoredInvoice } from "../ports/index.js";
import { accounts, entry } from "./ledger.js";

/** A payment to apply: where it came from and, optionally, which invoices it pays. @internal */
export interface Incoming {
  readonly id: string;
  readonly accountId: string;
  readonly amount: Money;
  readonly channel: PaymentChannel;
  readonly receivedOn: CalendarDate;
  readonly targets: readonly StoredInvoice[];
  readonly reference?: string | undefined;
  /** Who recorded it; absent for the engine's own (auto-pay, the portal). */
  readonly by?: string | undefined;
}

/**
 * Applies a payment inside a transaction: to each target invoice in order, up to its balance
 * (an invoice paid in full is marked paid), the rest kept as the account's credit; every move is a
 * double-entry ledger line, so received = applied + credit, to the cent. @internal
 */
export async function applyPayment(tx: StoreTransaction, payment: Incoming, at: string): Promise<PaymentRecord> {
  const currency = payment.amount.currency;
  let left = payment.amount.minor;
  const allocations: { invoiceNumber: string; amount: Money }[] = [];
  const ledger = [];
  for (const target of payment.targets) {
    if (left <= 0) break;
    // Read again inside the transaction: the balance may have moved since the caller looked.
    const current = (await tx.getInvoice(target.invoice.number)) as StoredInvoice;
    const pay = Math.min(left, current.balance.minor);
    if (pay <= 0) continue;
    left -= pay;
    const amount = fromMinorUnits(pay, currency);
    const balance = fromMinorUnits(current.balance.minor - pay, currency);
    const paid = balance.minor === 0 && (current.invoice.status === "open" || current.invoice.status === "uncollectible") ? markPaid(current.invoice, { on: payment.receivedOn }) : undefined;
    await tx.updateInvoice(current.invoice.number, current.version, paid === undefined ? { balance } : { balance, invoice: paid });
    allocations.push({ invoiceNumber: current.invoice.number, amount });
    // A written-off invoice paid after all: the money recovers bad debt, not the receivable.
    const recovery = current.invoice.status === "uncollectible";
    ledger.push(entry(`${payment.id}:allocation:${current.invoice.number}`, payment.accountId, at, recovery ? "recovery" : "allocation", accounts.cash, recovery ? accounts.badDebt : accounts.receivable(current.invoice.number), amount, payment.id));
    await tx.appendActivity({
      id: `${payment.id}:applied:${current.invoice.number}`,
      accountId: payment.accountId,
      at,
      kind: "payment.applied",
      ...(payment.by === undefined ? {} : { actor: payment.by }),
      text: `Payment ${payment.id} (${payment.channel}) applied: ${toDecimalString(amount)} ${currency} to ${current.invoice.number}${paid === undefined ? `, ${toDecimalString(balance)} left to pay` : ", now paid"}`,
      reference: current.invoice.number,
    });
  }
  const unapplied = fromMinorUnits(left, currency);
  if (left > 0) {
    ledger.push(entry(`${payment.id}:credit`, payment.accountId, at, "accountCredit", accounts.cash, accounts.customerCredit(payment.accountId), unapplied, payment.id));
    await tx.appendActivity({ id: `${payment.id}:credit`, accountId: payment.accountId, at, kind: "credit.kept", ...(payment.by === undefined ? {} : { actor: payment.by }), text: `${toDecimalString(unapplied)} ${currency} of payment ${payment.id} kept as account credit, applied to the next invoice`, reference: payment.id });
  }
  await tx.appendLedger(ledger);
  const record: PaymentRecord = {
    id: payment.id,
    accountId: payment.accountId,
    amount: payment.amount,
    channel: payment.channel,
    receivedOn: payment.receivedOn,
    allocations,
    unapplied,
    ...(payment.reference === undefined ? {} : { reference: payment.reference }),
  };
  await tx.insertPayment(record);
  return record;
}
