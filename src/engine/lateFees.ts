import { contractPeriods, computeLateFeeInvoice, type AssessedLateFee } from "../invoice/index.js";
import type { Contract } from "../contract/index.js";
import { add, toDecimalString, type Money } from "../money/index.js";
import { UniqueViolationError, type LateFeeCase, type StoreTransaction, type StoredInvoice } from "../ports/index.js";
import type { LateFeeAction } from "../timeline/index.js";
import type { RunContext } from "./context.js";
import { deliver } from "./deliver.js";
import { history, issueOne } from "./issue.js";
import { paymentLinkFor } from "./paymentLinks.js";

/** The fee a timeline action assessed, as the invoice module bills it. */
function assessed(ctx: RunContext, action: LateFeeAction, stored: StoredInvoice): AssessedLateFee {
  return {
    id: action.key,
    invoiceNumber: stored.invoice.number,
    date: action.fee.date,
    amount: action.fee.amount,
    explanation: action.fee.explanation,
    taxCategory: ctx.settings.lateFeeTaxCategory,
  };
}

/** The activity line and event of an assessed fee, in the transaction that records or bills it. */
async function recordAssessment(tx: StoreTransaction, ctx: RunContext, accountId: string, fee: AssessedLateFee, billedOn: string | undefined): Promise<void> {
  const at = ctx.now();
  const amount = `${toDecimalString(fee.amount)} ${fee.amount.currency}`;
  await tx.appendActivity({
    id: `${fee.id}:assessed`,
    accountId,
    at,
    kind: "lateFee.assessed",
    text: `Late fee of ${amount} on invoice ${fee.invoiceNumber} (${fee.explanation}), ${billedOn === undefined ? "to be billed on the next invoice" : `billed on invoice ${billedOn}`}`,
    reference: fee.invoiceNumber,
  });
  await tx.appendEvent({ id: `lateFee.assessed:${fee.id}`, type: "lateFee.assessed", accountId, at, data: { invoiceNumber: fee.invoiceNumber, amount: toDecimalString(fee.amount), currency: fee.amount.currency, date: fee.date, billedOn: billedOn ?? null } });
}

/**
 * Performs a late fee the timeline assessed (`lateFee` action: after the grace period, by the
 * late-fee policy, never while the invoice is disputed), once, under the action's key:
 *
 * - `billAs: "line"` (the default): recorded as an open late-fee case, which the issue stage puts
 *   on the contract's next invoice as a `"fee"` line and then closes — in the transaction that
 *   issues that invoice;
 * - `billAs: "invoice"`, or a contract with no invoice left to carry it (its term or service has
 *   ended): a late-fee invoice of its own, now, numbered and delivered like any other.
 *
 * Returns false when the fee was already assessed. @internal
 */
export async function assessLateFee(ctx: RunContext, contract: Contract, accountId: string, action: LateFeeAction, stored: StoredInvoice, asOf: string): Promise<boolean> {
  const fee = assessed(ctx, action, stored);
  const day = ctx.dayIn(asOf, contract.customer.timeZone);
  const options = { date: day, ...(ctx.tax === undefined ? {} : { tax: ctx.tax }), ...(ctx.rounding === undefined ? {} : { rounding: ctx.rounding }) };
  // A line only when a cycle invoice is still to be issued to carry it (not for a terminated
  // contract, settled on a final invoice, nor in the last period of a term).
  const laterInvoice = contract.termination === undefined && contractPeriods(contract, { from: day, count: 3 }).some((p) => p.issueDate > day);
  const ownInvoice = action.fee.billAs === "invoice" || !laterInvoice;
  if (ownInvoice) {
    const { invoices } = await history(ctx, contract);
    const draft = computeLateFeeInvoice(contract, [fee], { ...options, issued: invoices });
    if (draft === undefined) return false;
    const invoice = await issueOne(ctx, accountId, draft, (tx, issued) => recordAssessment(tx, ctx, accountId, fee, issued.number));
    if (invoice !== undefined) await sendLateFeeNotice(ctx, contract, accountId, fee, stored, invoice.total);
    return invoice !== undefined;
  }
  // Checked before it is recorded (the tax category, the currency): a fee the next invoice could
  // not bill would stop the contract's billing. Its total (the fee with its tax) is what the notice says.
  const billed = computeLateFeeInvoice(contract, [fee], options);
  let recorded = true;
  try {
    await ctx.store.transaction(async (tx) => {
      const record: Omit<LateFeeCase, "version"> = { id: fee.id, kind: "lateFee", accountId, contractId: contract.id, invoiceNumbers: [fee.invoiceNumber], status: "open", openedAt: ctx.now(), fee };
      await tx.insertCase(record);
      await recordAssessment(tx, ctx, accountId, fee, undefined);
    });
  } catch (error) {
    if (!(error instanceof UniqueViolationError)) throw error;
    recorded = false;
  }
  // Also when it was recorded before (a run that stopped in between): the notice is keyed, sent once.
  await sendLateFeeNotice(ctx, contract, accountId, fee, stored, billed?.total ?? fee.amount);
  return recorded;
}

/**
 * The late-fee notice (template `lateFee`): the fee as billed (with its tax), its explanation and
 * what the overdue invoice and the fee come to — sent once under `<fee id>:notice` by an engine
 * that renders branded messages (`messages.brand`); without a brand the fee shows on the invoice
 * that bills it, as before.
 */
async function sendLateFeeNotice(ctx: RunContext, contract: Contract, accountId: string, fee: AssessedLateFee, overdue: StoredInvoice, billed: Money): Promise<void> {
  if (ctx.messages === undefined) return;
  const balance = add(overdue.balance, billed);
  const paymentLink = paymentLinkFor(ctx.settings, overdue.invoice, overdue.balance);
  await deliver(ctx, contract, accountId, {
    key: `${fee.id}:notice`,
    kind: "lateFee",
    subject: `Late fee of ${toDecimalString(billed)} ${billed.currency} on invoice ${fee.invoiceNumber}`,
    text: `Hello ${contract.customer.name}, invoice ${fee.invoiceNumber} is overdue, so a late fee of ${toDecimalString(billed)} ${billed.currency} was added (${fee.explanation}). You now owe ${toDecimalString(balance)} ${balance.currency}: ${paymentLink}`,
    reference: fee.invoiceNumber,
    template: { kind: "lateFee", model: { customerName: contract.customer.name, invoiceNumber: fee.invoiceNumber, fee: billed, explanation: fee.explanation, balance, paymentLink } },
  });
}
