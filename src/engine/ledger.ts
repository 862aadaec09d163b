import type { Instant } from "../calendar/index.js";
import { fromMinorUnits, type Money } from "../money/index.js";
import type { LedgerEntry, StoreTransaction } from "../ports/index.js";

/** Ledger account names. @internal */
export const accounts = {
  cash: "cash",
  revenue: "revenue",
  receivable: (invoiceNumber: string) => `receivable:${invoiceNumber}`,
  customerCredit: (accountId: string) => `customer-credit:${accountId}`,
  refunds: "refunds",
  /** Receivables written off; a later payment of a written-off invoice is a recovery from it. */
  badDebt: "bad-debt",
} as const;

/** One double-entry line, with a deterministic id (a rerun writes the same ids, so the store refuses a repeat). @internal */
export function entry(
  id: string,
  accountId: string,
  at: Instant,
  kind: LedgerEntry["kind"],
  debit: string,
  credit: string,
  amount: Money,
  reference: string,
): LedgerEntry {
  return { id, accountId, at, kind, debit, credit, amount, reference };
}

/**
 * The balance of one ledger account over entries: what was debited to it less what was credited
 * from it (an asset's view: a receivable is positive while owed). @internal
 */
export function balanceOf(entries: readonly LedgerEntry[], account: string, currency: string): Money {
  let minor = 0;
  for (const e of entries) {
    if (e.amount.currency !== currency) continue;
    if (e.debit === account) minor += e.amount.minor;
    if (e.credit === account) minor -= e.amount.minor;
  }
  return fromMinorUnits(minor, currency);
}

/** The account's credit balance: what the business owes the customer (overpayments, credits kept on account). @internal */
export async function creditBalance(tx: StoreTransaction, accountId: string, currency: string): Promise<Money> {
  const owed = balanceOf(await tx.listLedger(accountId), accounts.customerCredit(accountId), currency);
  return fromMinorUnits(-owed.minor, currency);
}
