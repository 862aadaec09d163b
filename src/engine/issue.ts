import { addDays, DEFAULT_LEAD_DAYS, type CalendarDate } from "../calendar/index.js";
import type { Contract } from "../contract/index.js";
import {
  computeAdjustments,
  computeInvoices,
  contractPeriods,
  iterateContractPeriods,
  issueCreditNote,
  issueInvoice,
  markPaid,
  sequenceKey,
  ACCOUNT_CREDIT_LINE_ID,
  type CreditNote,
  type CreditNoteDraft,
  type Invoice,
  type InvoiceDraft,
  lateFeeLineId,
} from "../invoice/index.js";
import { fromMinorUnits, toDecimalString } from "../money/index.js";
import { UniqueViolationError, type LateFeeCase, type StoreTransaction } from "../ports/index.js";
import type { RunContext } from "./context.js";
import { accounts, creditBalance, entry } from "./ledger.js";

/** The invoices and credit notes the store holds for a contract. @internal */
export async function history(ctx: RunContext, contract: Contract): Promise<{ invoices: Invoice[]; notes: CreditNote[] }> {
  return ctx.store.transaction(async (tx) => ({
    invoices: (await tx.listContractInvoices(contract.id)).map((s) => s.invoice),
    notes: [...(await tx.listContractCreditNotes(contract.id))],
  }));
}

/**
 * The issue stage: every period whose issue date has come (lead days before its cycle date),
 * billed against what the store already holds — so a period is issued once, whatever the reruns —
 * and, for a contract under the `immediate` policy or terminated by `asOf`, the settlement of its
 * invoiced periods (an adjustment or final invoice, credit notes). Each document is numbered from
 * its series inside the transaction that stores it: a crash or a conflict never leaves a gap.
 * Returns the numbers issued; `nextIssue`, when given, is handed a function that works out the
 * issue date of the next period still to come (the contract's next wake-up for this stage). @internal
 */
export async function issueDue(ctx: RunContext, contract: Contract, accountId: string, asOf: CalendarDate, nextIssue?: (next: () => CalendarDate | undefined) => void): Promise<string[]> {
  const issuedNumbers: string[] = [];
  let { invoices, notes } = await history(ctx, contract);
  // Adjustment and late-fee invoices bill no period.
  const billed = invoices.filter((i) => ((i.kind ?? "cycle") === "cycle" || i.kind === "final") && i.status !== "void").map((i) => i.period.end);
  const lastEnd = billed.length === 0 ? undefined : billed.sort()[billed.length - 1];
  const floor = ctx.settings.billFrom;
  const from = lastEnd === undefined ? (floor ?? contract.term.start) : floor !== undefined && floor > lastEnd ? floor : lastEnd;
  // Before `billFrom` another system billed the contract: a period due to be invoiced before that
  // day (in advance: the one running then, too) was invoiced there, not here.
  const periods = contractPeriods(contract, { from, until: addDays(asOf, (contract.billing.leadDays ?? DEFAULT_LEAD_DAYS) + 1) }).filter(
    (p) => p.issueDate <= asOf && (floor === undefined || p.issueDate >= floor),
  );
  // Worked out only when asked (the run asks when it records a wake-up).
  nextIssue?.(() => {
    let looked = 0;
    for (const p of iterateContractPeriods(contract, { from })) {
      if (p.issueDate > asOf && (floor === undefined || p.issueDate >= floor)) return p.issueDate;
      // A floor years ahead: wake up at the floor (the periods are walked no further).
      if (++looked > 400) return floor !== undefined && floor > asOf ? floor : addDays(asOf, 1);
    }
    return undefined;
  });
  // Late fees waiting for this invoice (billAs "line"); a case an earlier crash left open after
  // its fee was billed is closed by the next invoice issued (the core leaves the fee out).
  const fees = periods.length === 0 ? [] : await pendingLateFees(ctx, contract, accountId);
  for (const period of periods) {
    const credit = await ctx.store.transaction((tx) => creditBalance(tx, accountId, contract.billing.currency));
    const drafts = computeInvoices(contract, period, {
      issued: invoices,
      creditNotes: notes,
      ...(ctx.tax === undefined ? {} : { tax: ctx.tax }),
      ...(ctx.rounding === undefined ? {} : { rounding: ctx.rounding }),
      ...(credit.minor > 0 ? { accountCredit: credit } : {}),
      ...(fees.length > 0 ? { lateFees: fees.map((c) => c.fee) } : {}),
    }).filter((d) => d.lines.length > 0);
    for (const draft of drafts) {
      const invoice = await issueOne(ctx, accountId, draft, fees.length === 0 ? undefined : (tx, issued) => closeBilledFees(tx, fees.splice(0), issued));
      if (invoice !== undefined) {
        invoices = [...invoices, invoice];
        issuedNumbers.push(invoice.number);
      }
    }
  }
  const termination = contract.termination;
  if ((termination !== undefined && termination.date <= asOf) || contract.billing.midPeriodChanges === "immediate") {
    ({ invoices, notes } = await history(ctx, contract));
    const settlement = computeAdjustments(contract, {
      issued: invoices,
      creditNotes: notes,
      date: asOf,
      ...(ctx.tax === undefined ? {} : { tax: ctx.tax }),
      ...(ctx.rounding === undefined ? {} : { rounding: ctx.rounding }),
    });
    if (settlement.invoice !== undefined) {
      const invoice = await issueOne(ctx, accountId, settlement.invoice);
      if (invoice !== undefined) issuedNumbers.push(invoice.number);
    }
    if (settlement.creditNotes.length > 0) await issueCreditNotes(ctx, accountId, settlement.creditNotes, issuedNumbers);
  }
  return issuedNumbers;
}

/**
 * Numbers, stores and books one invoice in one transaction (with `also`, what goes with it);
 * undefined when another writer stored it first. @internal
 */
export async function issueOne(ctx: RunContext, accountId: string, draft: InvoiceDraft, also?: (tx: StoreTransaction, invoice: Invoice) => Promise<void>): Promise<Invoice | undefined> {
  const at = ctx.now();
  try {
    const invoice = await ctx.store.transaction(async (tx) => {
      const counter = await tx.nextCounter(sequenceKey(draft.series, draft.issueDate));
      const invoice = issueInvoice(draft, { counter });
      const stored = await tx.insertInvoice(invoice, accountId);
      await bookInvoice(tx, accountId, invoice, at);
      await also?.(tx, invoice);
      // Nothing to pay (account credit covered it all): paid on the day it is issued, as Stripe does.
      if (invoice.total.minor <= 0) {
        const paid = markPaid(invoice, { on: invoice.issueDate });
        await tx.updateInvoice(invoice.number, stored.version, { invoice: paid });
        return paid;
      }
      return invoice;
    });
    ctx.report.invoicesIssued++;
    return invoice;
  } catch (error) {
    // Another worker (or an earlier run that crashed after committing) issued this period.
    if (error instanceof UniqueViolationError) return undefined;
    throw error;
  }
}

/** The contract's late fees waiting for its next invoice (billAs "line"). @internal */
export async function pendingLateFees(ctx: RunContext, contract: Contract, accountId: string): Promise<LateFeeCase[]> {
  const cases = await ctx.store.transaction((tx) => tx.listCases(accountId));
  return cases.filter((c): c is LateFeeCase => c.kind === "lateFee" && c.status === "open" && c.contractId === contract.id);
}

/**
 * Closes the late-fee cases given to an invoice's computation, in the transaction that issues it:
 * each is on this invoice, or was on an earlier one (the core never bills a fee twice).
 */
async function closeBilledFees(tx: StoreTransaction, fees: readonly LateFeeCase[], invoice: Invoice): Promise<void> {
  const onIt = new Set(invoice.lines.map((l) => l.id));
  for (const open of fees) {
    const current = await tx.getCase(open.id);
    if (current === undefined || current.status !== "open") continue;
    const here = onIt.has(lateFeeLineId(open.fee, invoice));
    await tx.updateCase(open.id, current.version, { status: "closed", closedAt: invoice.issueDate, resolution: here ? `billed on invoice ${invoice.number}` : "billed on an earlier invoice" });
  }
}

/** What an invoice is called in messages and the activity log. @internal */
export function invoiceNoun(invoice: Invoice): string {
  switch (invoice.kind) {
    case "final":
      return "Final invoice";
    case "adjustment":
      return "Adjustment invoice";
    case "lateFee":
      return "Late fee invoice";
    default:
      return "Invoice";
  }
}

/** The ledger lines, activity and event of an issued invoice. @internal */
async function bookInvoice(tx: StoreTransaction, accountId: string, invoice: Invoice, at: string): Promise<void> {
  const currency = invoice.currency;
  const applied = invoice.lines.filter((l) => l.kind === "accountCredit" && l.lineId === ACCOUNT_CREDIT_LINE_ID).reduce((t, l) => t - l.total.minor, 0);
  const gross = invoice.total.minor + applied;
  const ledger = [];
  if (gross > 0) ledger.push(entry(`${invoice.number}:issued`, accountId, at, "invoice", accounts.receivable(invoice.number), accounts.revenue, fromMinorUnits(gross, currency), invoice.number));
  // A total below zero (credits beyond charges) is owed to the customer.
  if (gross < 0) ledger.push(entry(`${invoice.number}:issued`, accountId, at, "invoice", accounts.revenue, accounts.customerCredit(accountId), fromMinorUnits(-gross, currency), invoice.number));
  if (applied > 0) ledger.push(entry(`${invoice.number}:credit-applied`, accountId, at, "creditApplied", accounts.customerCredit(accountId), accounts.receivable(invoice.number), fromMinorUnits(applied, currency), invoice.number));
  if (ledger.length > 0) await tx.appendLedger(ledger);
  const noun = invoiceNoun(invoice);
  await tx.appendActivity({
    id: `${invoice.number}:issued`,
    accountId,
    at,
    kind: "invoice.issued",
    text: `${noun} ${invoice.number} issued: ${toDecimalString(invoice.total)} ${currency} due ${invoice.dueDate} (period ${invoice.period.start} to ${invoice.period.end})`,
    reference: invoice.number,
  });
  await tx.appendEvent({ id: `invoice.issued:${invoice.number}`, type: "invoice.issued", accountId, at, data: { invoiceNumber: invoice.number, contractId: invoice.contractId, kind: invoice.kind, total: toDecimalString(invoice.total), currency, dueDate: invoice.dueDate } });
  if (applied > 0) {
    await tx.appendEvent({ id: `credit.applied:${invoice.number}`, type: "credit.applied", accountId, at, data: { invoiceNumber: invoice.number, amount: toDecimalString(fromMinorUnits(applied, currency)), currency } });
  }
}

/**
 * Numbers and stores credit notes, lowering what their invoices have left to pay (the rest becomes
 * account credit), in one transaction (with `also`, what goes with them). @internal
 */
export async function issueCreditNotes(ctx: RunContext, accountId: string, drafts: readonly CreditNoteDraft[], issued: string[], also?: (tx: StoreTransaction, notes: readonly CreditNote[]) => Promise<void>): Promise<void> {
  const at = ctx.now();
  await ctx.store.transaction(async (tx) => {
    const notes: CreditNote[] = [];
    for (const draft of drafts) {
      const note = issueCreditNote(draft, { counter: await tx.nextCounter(sequenceKey(draft.series, draft.date)) });
      await tx.insertCreditNote(note, accountId);
      notes.push(note);
      const stored = await tx.getInvoice(note.invoiceNumber);
      const back = -note.total.minor;
      const fromBalance = Math.min(back, stored?.balance.minor ?? 0);
      const ledger = [];
      if (stored !== undefined && fromBalance > 0) {
        const balance = fromMinorUnits(stored.balance.minor - fromBalance, note.currency);
        // Credited in full: nothing is left to pay, so the invoice is settled.
        const settled = balance.minor === 0 && stored.invoice.status === "open" ? markPaid(stored.invoice, { on: note.date }) : undefined;
        await tx.updateInvoice(note.invoiceNumber, stored.version, settled === undefined ? { balance } : { balance, invoice: settled });
        ledger.push(entry(`${note.number}:receivable`, accountId, at, "creditNote", accounts.revenue, accounts.receivable(note.invoiceNumber), fromMinorUnits(fromBalance, note.currency), note.number));
      }
      if (back > fromBalance) ledger.push(entry(`${note.number}:credit`, accountId, at, "creditNote", accounts.revenue, accounts.customerCredit(accountId), fromMinorUnits(back - fromBalance, note.currency), note.number));
      if (ledger.length > 0) await tx.appendLedger(ledger);
      await tx.appendActivity({ id: `${note.number}:issued`, accountId, at, kind: "creditNote.issued", text: `Credit note ${note.number} issued against ${note.invoiceNumber}: ${toDecimalString(note.total)} ${note.currency} — ${note.reason}`, reference: note.number });
      await tx.appendEvent({ id: `creditNote.issued:${note.number}`, type: "creditNote.issued", accountId, at, data: { creditNoteNumber: note.number, invoiceNumber: note.invoiceNumber, total: toDecimalString(note.total), currency: note.currency } });
      issued.push(note.number);
    }
    await also?.(tx, notes);
  });
  ctx.report.creditNotesIssued += drafts.length;
}
