import type { Invoice, InvoiceDraft } from "../invoice/index.js";
import type { LedgerEntry, PaymentRecord, PaymentReversal } from "../ports/index.js";

/**
 * The invariants every invoice keeps, as a check that returns what it finds broken (empty when
 * none): totals equal the sums of their lines, `total = subtotal − discountTotal + taxTotal`, each
 * line's `net = amount − discountTotal` and `total = net + taxTotal`, no tax below zero on a
 * charge, no discount taking a charge below zero, one currency throughout.
 *
 * @example
 * ```ts
 * checkInvoiceInvariants(computeInvoice(contract, "2027-01")); // []
 * ```
 */
export function checkInvoiceInvariants(invoice: Invoice | InvoiceDraft): string[] {
  const problems: string[] = [];
  let subtotal = 0;
  let discounts = 0;
  let taxes = 0;
  let total = 0;
  for (const line of invoice.lines) {
    const at = `line ${line.id}`;
    for (const m of [line.amount, line.net, line.discountTotal, line.taxTotal, line.total]) if (m.currency !== invoice.currency) problems.push(`${at}: ${m.currency} on a ${invoice.currency} invoice`);
    if (line.net.minor !== line.amount.minor - line.discountTotal.minor && !invoice.taxInclusive) problems.push(`${at}: net ${line.net.minor} ≠ amount ${line.amount.minor} − discounts ${line.discountTotal.minor}`);
    if (line.total.minor !== line.net.minor + line.taxTotal.minor) problems.push(`${at}: total ${line.total.minor} ≠ net ${line.net.minor} + tax ${line.taxTotal.minor}`);
    if (line.discountTotal.minor !== line.discounts.reduce((t, d) => t + d.amount.minor, 0)) problems.push(`${at}: discountTotal is not the sum of its discounts`);
    if (line.taxTotal.minor !== line.taxes.reduce((t, x) => t + x.amount.minor, 0)) problems.push(`${at}: taxTotal is not the sum of its taxes`);
    const charge = line.kind === "recurring" || line.kind === "oneTime" || line.kind === "adjustment" || line.kind === "fee";
    if (charge && line.taxes.some((t) => t.amount.minor < 0)) problems.push(`${at}: a tax below zero on a charge`);
    if (charge && line.net.minor < 0) problems.push(`${at}: discounts take the charge below zero`);
    subtotal += line.amount.minor;
    discounts += line.discountTotal.minor;
    taxes += line.taxTotal.minor;
    total += line.total.minor;
  }
  if (invoice.subtotal.minor !== subtotal) problems.push(`subtotal ${invoice.subtotal.minor} ≠ sum of line amounts ${subtotal}`);
  if (invoice.discountTotal.minor !== discounts) problems.push(`discountTotal ${invoice.discountTotal.minor} ≠ sum of line discounts ${discounts}`);
  if (invoice.taxTotal.minor !== taxes) problems.push(`taxTotal ${invoice.taxTotal.minor} ≠ sum of line taxes ${taxes}`);
  if (invoice.total.minor !== total) problems.push(`total ${invoice.total.minor} ≠ sum of line totals ${total}`);
  if (invoice.total.minor !== invoice.subtotal.minor - invoice.discountTotal.minor + invoice.taxTotal.minor) problems.push("total ≠ subtotal − discountTotal + taxTotal");
  return problems;
}

/**
 * Money is conserved: for each payment, received = applied to invoices + kept as credit; each
 * settled reversal (refund, chargeback, ACH return) took exactly its amount from the payment's
 * credit and invoices, and never more than the payment brought; and the ledger's cash account
 * holds exactly what the payments received less what went back. Returns what it finds broken.
 *
 * @example
 * ```ts
 * checkLedgerConserved(await tx.listLedger("CUST-1"), await tx.listPayments("CUST-1"), await tx.listReversals("CUST-1")); // []
 * ```
 */
export function checkLedgerConserved(entries: readonly LedgerEntry[], payments: readonly PaymentRecord[], reversals: readonly PaymentReversal[] = []): string[] {
  const problems: string[] = [];
  for (const p of payments) {
    const applied = p.allocations.reduce((t, a) => t + a.amount.minor, 0);
    if (applied + p.unapplied.minor !== p.amount.minor) problems.push(`payment ${p.id}: received ${p.amount.minor} ≠ applied ${applied} + credit ${p.unapplied.minor}`);
    if (p.unapplied.minor < 0 || p.allocations.some((a) => a.amount.minor <= 0)) problems.push(`payment ${p.id}: an allocation or credit below zero`);
  }
  const cashIn = entries.filter((e) => e.debit === "cash").reduce((t, e) => t + e.amount.minor, 0);
  const cashOut = entries.filter((e) => e.credit === "cash").reduce((t, e) => t + e.amount.minor, 0);
  const received = payments.reduce((t, p) => t + p.amount.minor, 0);
  let reversed = 0;
  const backByPayment = new Map<string, number>();
  for (const r of reversals) {
    if (r.status !== "succeeded") continue;
    reversed += r.amount.minor;
    backByPayment.set(r.paymentId, (backByPayment.get(r.paymentId) ?? 0) + r.amount.minor);
    const taken = (r.fromCredit?.minor ?? 0) + (r.fromInvoices ?? []).reduce((t, a) => t + a.amount.minor, 0);
    if (taken !== r.amount.minor) problems.push(`reversal ${r.id}: ${r.amount.minor} went back but ${taken} was taken from credit and invoices`);
  }
  for (const [paymentId, back] of backByPayment) {
    const payment = payments.find((p) => p.id === paymentId);
    if (payment === undefined || back > payment.amount.minor) problems.push(`payment ${paymentId}: ${back} went back, more than it brought (${payment?.amount.minor ?? 0})`);
  }
  if (cashIn - cashOut !== received - reversed) problems.push(`the ledger's cash moved ${cashIn - cashOut}, the payments received ${received} less ${reversed} sent back`);
  for (const e of entries) if (e.amount.minor <= 0) problems.push(`ledger entry ${e.id}: amount ${e.amount.minor} is not above zero`);
  return problems;
}
