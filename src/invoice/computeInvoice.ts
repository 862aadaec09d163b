import { addDays, daysBetween, isCalendarDate, type BillingPeriod, type CalendarDate } from "../calendar/index.js";
import type { Contract, Site } from "../contract/index.js";
import { CurrencyMismatchError, ErrorCodes, fail, IssueCollector, ValidationError } from "../errors/index.js";
import { add, fromMinorUnits, sum, type Money } from "../money/index.js";
import type { TaxProvider } from "../tax/index.js";
import type { CreditNote, CreditNoteDraft, CreditNoteLine } from "./creditNote.js";
import { contractPeriods, periodContaining, periodForMonth } from "./periods.js";
import { DEFAULT_INVOICE_ROUNDING, type InvoiceRoundingPolicy } from "./rounding.js";
import { periodDiffs } from "./stages/adjustments.js";
import { assemble } from "./stages/assembly.js";
import { periodCharges } from "./stages/charges.js";
import { accountCreditCharge } from "./stages/credits.js";
import { EMPTY_LEDGER, readLedger } from "./stages/ledger.js";
import { terminationFee, type TerminationFeeOutcome } from "./stages/terminationFee.js";
import { checkLateFees, lateFeeCharges, type AssessedLateFee } from "./stages/lateFees.js";
import { applyDiscounts } from "./stages/discounts.js";
import { checkBillable } from "./stages/taxes.js";
import type { Charge, InvoiceContext } from "./stages/types.js";
import type { Invoice, InvoiceDraft, LineDiscount } from "./types.js";

/** Options for {@link computeInvoice}. */
export interface ComputeInvoiceOptions {
  /** Computes taxes; without one the invoice carries no tax. */
  readonly tax?: TaxProvider;
  /** Rounding policy; default {@link DEFAULT_INVOICE_ROUNDING}. */
  readonly rounding?: InvoiceRoundingPolicy;
  /** Only these sites (a per-site invoice); default every site. */
  readonly siteIds?: readonly string[];
  /**
   * Invoices already issued for this contract — the invoice is what should be billed less what
   * was billed (Kill Bill's model). A period (of a site) an issued invoice covers is never billed
   * again, nor a one-time charge already billed; and under `billing.midPeriodChanges:
   * "nextInvoice"` (the default) whatever changed inside the earlier invoiced periods — an
   * upgrade, a downgrade, a line added or removed, a quantity or price change — comes on this
   * invoice as explained adjustment (more) and credit (less) lines, measured against what was
   * issued. Void invoices count for nothing.
   */
  readonly issued?: readonly Invoice[];
  /**
   * Credit notes issued against those invoices. A goodwill credit note caps what a line can still
   * give back; one from {@link computeAdjustments} also lowers what its period counts as billed.
   */
  readonly creditNotes?: readonly CreditNote[];
  /**
   * The account's credit balance (an overpayment, a credit kept on account), applied as an
   * explained `accountCredit` line up to the invoice's total — never making it negative, never
   * taxed. Per-site invoices use it up in site order. What is applied is on the line; the rest
   * stays on the account.
   */
  readonly accountCredit?: Money;
  /**
   * Late fees to bill as lines of this invoice (the late-fee policy's `billAs: "line"`): each one
   * not already on an issued invoice becomes a `"fee"` line of the first site, never discounted,
   * taxed on the day it was assessed in its own category (default `"late-fee"`). Per-site
   * invoicing puts them on the first site's invoice.
   */
  readonly lateFees?: readonly AssessedLateFee[];
}

/**
 * Computes the draft invoice of a contract for one billing period — pure, from scratch, with every
 * line explained: price rule and tier, proration, escalator, seasonal rate, discounts, taxes and
 * the rounding of each amount.
 *
 * Recurring lines are split where their price or quantity changes inside the period (a price
 * change, a quantity change, a season, an anniversary) and prorated on actual days (or 30/360). One-time charges are billed in the period
 * containing their date. Discounts apply in their stacking order, never below zero, within the
 * stacking caps; fixed amounts are spread over the lines they cover in proportion, without losing
 * a cent. Taxes are computed on the amounts after discounts. Given the issued invoices
 * (`options.issued`), it bills only what they have not.
 *
 * @param contract - a contract from {@link parseContract}
 * @param period - one of the contract's periods (see {@link contractPeriods}), or a day
 *   (`"2027-01-15"`: the period containing it), or a month (`"2027-01"`: the period starting in it)
 * @throws {@link ValidationError} with code `not_billable` when a line's tax category is unknown to the tax provider, or a site id is unknown; `invalid_value` when the contract bills no period at that date
 * @example
 * ```ts
 * // examples/contracts/residential.json with examples/tax/us-ca-rules.json
 * const draft = computeInvoice(contract, "2027-01", { tax: createTaxTable(rules) });
 * toDecimalString(draft.total); // "56.83"
 * ```
 */
export function computeInvoice(contract: Contract, period: BillingPeriod | string, options: ComputeInvoiceOptions = {}): InvoiceDraft {
  return computeDrafts(contract, resolvePeriod(contract, period), options, [selectSites(contract, options)])[0] as InvoiceDraft;
}

/**
 * The invoices of a contract for one period, as its billing terms say: one consolidated invoice
 * for all sites, or one invoice per site (sites with nothing to bill in the period get none).
 * Given the issued invoices, a period they already billed yields no invoice.
 *
 * @example
 * ```ts
 * computeInvoices(contract, "2027-01", { tax }).length; // 2 for two sites billed per site
 * ```
 */
export function computeInvoices(contract: Contract, period: BillingPeriod | string, options: ComputeInvoiceOptions = {}): InvoiceDraft[] {
  const billed = resolvePeriod(contract, period);
  const sites = selectSites(contract, options);
  const drafts =
    contract.billing.consolidation === "consolidated" ? computeDrafts(contract, billed, options, [sites]) : computeDrafts(contract, billed, options, sites.map((site) => [site]));
  return contract.billing.consolidation === "consolidated" && (options.issued ?? []).length === 0 ? drafts : drafts.filter((draft) => draft.lines.length > 0);
}

/** A period given as a `BillingPeriod`, a day (the period containing it) or a month (the period starting in it). */
function resolvePeriod(contract: Contract, period: BillingPeriod | string): BillingPeriod {
  if (typeof period !== "string") return period;
  if (/^\d{4}-\d{2}$/.test(period)) return periodForMonth(contract, period);
  if (!isCalendarDate(period)) fail(["period"], ErrorCodes.invalidDate, `expected a billing period, a day "YYYY-MM-DD" or a month "YYYY-MM", got ${JSON.stringify(period)}`);
  return periodContaining(contract, period);
}

/**
 * The pipeline, one stage per file in `./stages`: charges (with their proration), adjustments
 * of issued invoices, discounts, then per invoice the taxes and assembly, and the credits stage
 * (the account's credit balance).
 *
 * Charges and discounts are worked out over the whole contract first, so a contract-wide fixed
 * discount (a 25.00 coupon) is shared between per-site invoices exactly as it would be on one
 * consolidated invoice — never given once per site.
 */
function computeDrafts(contract: Contract, period: BillingPeriod, options: ComputeInvoiceOptions, groups: readonly (readonly Site[])[]): InvoiceDraft[] {
  const ctx: InvoiceContext = { contract, period, currency: contract.billing.currency, rounding: options.rounding ?? DEFAULT_INVOICE_ROUNDING, tax: options.tax };
  checkBillable(contract, groups.flat(), options.tax);
  const issued = options.issued ?? [];
  const ledger = issued.length === 0 ? EMPTY_LEDGER : readLedger(contract, issued, options.creditNotes ?? []);
  let charges = periodCharges(ctx, ledger);
  if (issued.length > 0 && contract.billing.midPeriodChanges === "nextInvoice") {
    charges.push(...periodDiffs(contract, ledger, { sites: groups.flat(), before: period.start, mode: ctx.rounding.line }));
    charges = bySite(contract, charges);
  }
  const fees = options.lateFees ?? [];
  if (fees.length > 0 && groups.some((sites) => sites.includes(contract.sites[0] as Site))) {
    checkLateFees(contract, fees, options.tax);
    charges = bySite(contract, [...charges, ...lateFeeCharges(contract, fees, ledger.lateFees, ctx.rounding.line)]);
  }
  const discounts = applyDiscounts(ctx, charges);
  let credit = options.accountCredit;
  if (credit !== undefined && credit.currency !== ctx.currency) throw new CurrencyMismatchError(ctx.currency, credit.currency);
  return groups.map((sites) => {
    const picked: number[] = [];
    charges.forEach((charge, i) => {
      if (sites.length === contract.sites.length || sites.includes(charge.site)) picked.push(i);
    });
    const own = picked.map((i) => charges[i] as Charge);
    const ownDiscounts = picked.map((i) => discounts[i] ?? NO_DISCOUNTS);
    const draft = assemble(ctx, sites, own, ownDiscounts);
    // The credits stage: the account's credit balance, up to this invoice's total.
    const applied = credit === undefined || sites[0] === undefined ? undefined : accountCreditCharge(contract, sites[0], credit, draft.total, period.issueDate);
    if (applied === undefined || credit === undefined) return draft;
    credit = fromMinorUnits(credit.minor + applied.amount.minor, ctx.currency);
    return assemble(ctx, sites, [...own, applied], [...ownDiscounts, NO_DISCOUNTS]);
  });
}

/** Charges in contract site order, keeping their order within a site. */
function bySite(contract: Contract, charges: readonly Charge[]): Charge[] {
  const order = new Map(contract.sites.map((site, i) => [site, i]));
  return charges
    .map((charge, i) => ({ charge, i }))
    .sort((x, y) => (order.get(x.charge.site) ?? 0) - (order.get(y.charge.site) ?? 0) || x.i - y.i)
    .map((x) => x.charge);
}

const NO_DISCOUNTS: readonly LineDiscount[] = Object.freeze([]);

function selectSites(contract: Contract, options: { readonly siteIds?: readonly string[] | undefined }): readonly Site[] {
  if (options.siteIds === undefined) return contract.sites;
  const issues = new IssueCollector();
  options.siteIds.forEach((id, i) => {
    if (!contract.sites.some((s) => s.id === id)) issues.add(["siteIds", i], ErrorCodes.invalidReference, `the contract has no site "${id}"`);
  });
  issues.throwIfAny();
  return contract.sites.filter((s) => options.siteIds?.includes(s.id));
}

/** Options for {@link computeAdjustments}. */
export interface ComputeAdjustmentsOptions {
  /** The invoices issued for the contract. */
  readonly issued: readonly Invoice[];
  /** The credit notes issued against them. */
  readonly creditNotes?: readonly CreditNote[];
  /** The day the adjustment invoice and the credit notes are dated (today). */
  readonly date: CalendarDate;
  /** Computes taxes; without one nothing is taxed. */
  readonly tax?: TaxProvider;
  /** Rounding policy; default {@link DEFAULT_INVOICE_ROUNDING}. */
  readonly rounding?: InvoiceRoundingPolicy;
}

/** What {@link computeAdjustments} found to bill and to give back. */
export interface Adjustments {
  /**
   * The invoice to issue now, if anything is owed: kind `"adjustment"` (more for periods already
   * invoiced) or, for a terminated contract, `"final"` (also the last days of service when their
   * period was not invoiced yet, and the early-termination fee).
   */
  readonly invoice: InvoiceDraft | undefined;
  /** One credit note per invoice that billed too much, each naming the invoice it corrects. */
  readonly creditNotes: readonly CreditNoteDraft[];
  /** What happened to the early-termination fee, for a terminated contract whose terms have one. */
  readonly terminationFee: TerminationFeeOutcome | undefined;
}

/**
 * Settles, now, every difference between what the contract says its invoiced periods cost and
 * what was issued for them — the `"immediate"` mid-period-change policy, and the settlement of a
 * terminated contract under any policy: more becomes an adjustment (or final) invoice, less
 * becomes credit notes naming the invoices they correct.
 *
 * For a terminated contract (`contract.termination`): days billed in advance past the
 * termination date are credited by `term.earlyTermination.credit` (`"prorate"` to the day,
 * `"wholeMonths"` only whole unused months counted from the cycle's start, `"none"` nothing);
 * the period containing the termination, if not yet invoiced, is billed to the termination date
 * on the final invoice (one invoice for the contract, whatever its consolidation; an earlier
 * period never invoiced is billed with {@link computeInvoice} as usual); and the
 * early-termination fee, unless waived or billed before, is a line of its own (kind `"fee"`, its
 * own tax category, taxed on the termination date, no discounts).
 *
 * Under `midPeriodChanges: "none"`, invoiced periods stay as billed but for the termination
 * credit. Calling it again with what it produced issued finds nothing more: it never bills or
 * credits the same days twice.
 *
 * The invoice is dated `date` and due as many days after it as a cycle invoice is due after its
 * cycle date.
 *
 * @example
 * ```ts
 * // Monthly 45.00 in advance, January issued; terminated 2027-01-11 ("moved"), credit "prorate".
 * const { creditNotes, invoice } = computeAdjustments(contract, { issued: [january], date: "2027-01-11" });
 * toDecimalString(creditNotes[0].total); // "-30.48" (21 of 31 days of 45.00)
 * ```
 */
export function computeAdjustments(contract: Contract, options: ComputeAdjustmentsOptions): Adjustments {
  const rounding = options.rounding ?? DEFAULT_INVOICE_ROUNDING;
  const mode = rounding.line;
  checkBillable(contract, contract.sites, options.tax);
  const ledger = readLedger(contract, options.issued, options.creditNotes ?? []);
  const diffs = periodDiffs(contract, ledger, { sites: contract.sites, mode });
  const charges: Charge[] = diffs.filter((c) => c.kind === "adjustment");
  const credits = diffs.filter((c) => c.kind === "credit");
  const termination = contract.termination;
  let period: BillingPeriod | undefined;
  if (termination !== undefined) {
    // The last period of service, billed to the termination date if not invoiced yet.
    period = contractPeriods(contract, { from: addDays(termination.date, -1), count: 1 })[0];
    if (period !== undefined) {
      const ctx: InvoiceContext = { contract, period, currency: contract.billing.currency, rounding, tax: options.tax };
      charges.unshift(...periodCharges(ctx, ledger));
    }
  }
  period ??= contractPeriods(contract, { from: options.date, count: 1 })[0] ?? [...ledger.billedPeriods.values()].sort((a, b) => (a.start < b.start ? 1 : -1))[0];
  const fee = ledger.feeBilled ? undefined : terminationFee(contract, mode);
  if (fee?.charge !== undefined) {
    if (options.tax !== undefined && !options.tax.knowsCategory(fee.charge.line.taxCategory)) {
      fail(["term", "earlyTermination", "taxCategory"], ErrorCodes.notBillable, `tax category "${fee.charge.line.taxCategory}" is unknown to the tax provider "${options.tax.name}": refusing to bill the early-termination fee untaxed`);
    }
    charges.push(fee.charge);
  }
  const terminationFeeOutcome: TerminationFeeOutcome | undefined =
    termination !== undefined && ledger.feeBilled && contract.term.earlyTermination.fee !== undefined ? { status: "alreadyBilled" } : fee?.outcome;
  let invoice: InvoiceDraft | undefined;
  if (charges.length > 0 && period !== undefined) {
    const dueAfter = Math.max(0, daysBetween(period.cycleDate, period.dueDate));
    const ctx: InvoiceContext = {
      contract,
      period,
      currency: contract.billing.currency,
      rounding,
      tax: options.tax,
      document: { kind: termination === undefined ? "adjustment" : "final", issueDate: options.date, dueDate: addDays(options.date, dueAfter) },
    };
    const ordered = bySite(contract, charges);
    invoice = assemble(ctx, contract.sites, ordered, applyDiscounts(ctx, ordered));
  }
  return { invoice, creditNotes: creditNotesOf(contract, credits, options), terminationFee: terminationFeeOutcome };
}

/** One credit note per corrected invoice, from the credit lines of the adjustments stage. */
function creditNotesOf(contract: Contract, credits: readonly Charge[], options: ComputeAdjustmentsOptions): CreditNoteDraft[] {
  const currency = contract.billing.currency;
  const byInvoice = new Map<string, Charge[]>();
  for (const credit of credits) {
    const number = credit.corrects?.invoiceNumber;
    if (number === undefined) continue;
    const list = byInvoice.get(number) ?? [];
    list.push(credit);
    byInvoice.set(number, list);
  }
  const termination = contract.termination;
  const reason =
    termination === undefined
      ? "Change to a period already invoiced"
      : `Contract terminated on ${termination.date} (${termination.reason}): days billed past it given back (${contract.term.earlyTermination.credit})`;
  const notes: CreditNoteDraft[] = [];
  for (const [number, lines] of byInvoice) {
    const invoice = options.issued.find((i) => i.number === number) as Invoice;
    const noteLines: CreditNoteLine[] = lines.map((credit) => {
      const taxes = (credit.reversal?.taxes ?? []).map((t) => ({ ruleId: t.ruleId, jurisdictionId: t.jurisdictionId, taxName: t.taxName, amount: t.amount }));
      const taxTotal = sum(taxes.map((t) => t.amount), currency);
      const adjusts = credit.adjusts as NonNullable<Charge["adjusts"]>;
      return {
        invoiceLineId: credit.corrects?.invoiceLineId as string,
        description: credit.description,
        net: credit.amount,
        taxes,
        taxTotal,
        total: add(credit.amount, taxTotal),
        explanation: `${credit.explanation.price}; ${credit.explanation.proration}`,
        adjusts: { periodStart: adjusts.period.start, periodEnd: adjusts.period.end, price: adjusts.price },
      };
    });
    const subtotal = sum(noteLines.map((l) => l.net), currency);
    const taxTotal = sum(noteLines.map((l) => l.taxTotal), currency);
    notes.push({
      status: "draft",
      invoiceNumber: number,
      contractId: contract.id,
      customerId: contract.customer.id,
      currency,
      series: `${invoice.series}-CN`,
      date: options.date,
      reason,
      lines: noteLines,
      subtotal,
      taxTotal,
      total: add(subtotal, taxTotal),
    });
  }
  return notes;
}

/** Options for {@link streamInvoices}. */
export interface StreamInvoicesOptions extends Omit<ComputeInvoiceOptions, "siteIds"> {
  /**
   * Which period to bill for each contract (e.g. the one starting in a month), or `undefined` for
   * a contract with nothing to bill this time; it is skipped.
   */
  readonly period: (contract: Contract) => BillingPeriod | undefined;
  /**
   * Called with a contract that cannot be billed — `period` or the invoice computation refused it
   * with a {@link ValidationError} (a month the contract does not bill, a tax category the
   * provider does not know) — and that error. The stream goes on with the next contract. Without
   * it, the first such error ends the stream. Any other error (a bug) always ends it.
   */
  readonly onError?: (contract: Contract, error: ValidationError) => void;
}

/**
 * Bills a whole portfolio as a stream: contracts in, draft invoices out, one at a time, so a
 * million contracts never sit in memory together. Honours each contract's consolidation. With
 * `onError`, one contract that cannot be billed is reported and skipped instead of stopping the run.
 *
 * @example
 * ```ts
 * const refused: string[] = [];
 * const drafts = streamInvoices(readContracts(), {
 *   period: (c) => periodForMonth(c, "2027-01"),
 *   tax,
 *   onError: (contract, error) => refused.push(`${contract.id}: ${error.message}`),
 * });
 * for (const draft of drafts) save(draft);
 * ```
 */
export function* streamInvoices(contracts: Iterable<Contract>, options: StreamInvoicesOptions): Generator<InvoiceDraft, void, undefined> {
  const { period, onError, ...compute } = options;
  for (const contract of contracts) {
    let drafts: InvoiceDraft[];
    try {
      const billed = period(contract);
      if (billed === undefined) continue;
      drafts = computeInvoices(contract, billed, compute);
    } catch (error) {
      if (onError === undefined || !(error instanceof ValidationError)) throw error;
      onError(contract, error);
      continue;
    }
    yield* drafts;
  }
}

/** Options for {@link computeLateFeeInvoice}. */
export interface ComputeLateFeeInvoiceOptions {
  /** The day the invoice is dated (today). */
  readonly date: CalendarDate;
  /** The invoices issued for the contract: a fee already on one of them is not billed again. */
  readonly issued?: readonly Invoice[];
  /** Computes taxes; without one nothing is taxed. */
  readonly tax?: TaxProvider;
  /** Rounding policy; default {@link DEFAULT_INVOICE_ROUNDING}. */
  readonly rounding?: InvoiceRoundingPolicy;
}

/**
 * The late fees a contract owes, on an invoice of their own (the late-fee policy's
 * `billAs: "invoice"`): kind `"lateFee"`, dated `date`, due as many days after it as a cycle
 * invoice is due after its issue date (net N: N days; due on the cycle date: the lead days), one `"fee"` line per fee, explained by the words the
 * timeline assessed it with. Fees already on an issued invoice are left out; undefined when none
 * is left.
 *
 * @throws {@link ValidationError} naming every bad fee: another currency, not above zero, a bad
 *   day, an id given twice, a tax category the provider does not know
 * @example
 * ```ts
 * const draft = computeLateFeeInvoice(contract, [{ id: "lateFee:INV-1:1", invoiceNumber: "INV-1", date: "2027-01-26", amount: money("10.00", "USD"), explanation: "flat 10.00" }], { date: "2027-01-26" });
 * toDecimalString(draft.total); // "10.00"
 * ```
 */
export function computeLateFeeInvoice(contract: Contract, fees: readonly AssessedLateFee[], options: ComputeLateFeeInvoiceOptions): InvoiceDraft | undefined {
  const rounding = options.rounding ?? DEFAULT_INVOICE_ROUNDING;
  // Every problem at once: the day and each fee.
  const issues = new IssueCollector();
  if (!isCalendarDate(options.date)) issues.add(["date"], ErrorCodes.invalidDate, `expected a day "YYYY-MM-DD", got ${JSON.stringify(options.date)}`);
  checkLateFees(contract, fees, options.tax, ["lateFees"], issues);
  const ledger = (options.issued ?? []).length === 0 ? EMPTY_LEDGER : readLedger(contract, options.issued ?? [], []);
  const charges = lateFeeCharges(contract, fees, ledger.lateFees, rounding.line);
  if (charges.length === 0) return undefined;
  const period = contractPeriods(contract, { from: options.date, count: 1 })[0] ?? contractPeriods(contract, { from: contract.term.start, count: 1 })[0];
  if (period === undefined) fail(["contract"], ErrorCodes.invalidValue, `contract ${contract.id} bills no period to date a late-fee invoice in`);
  // As long to pay as a cycle invoice gives from its issue date (net N: N days; on the cycle date: the lead days).
  const dueAfter = Math.max(0, daysBetween(period.issueDate, period.dueDate));
  const ctx: InvoiceContext = {
    contract,
    period,
    currency: contract.billing.currency,
    rounding,
    tax: options.tax,
    document: { kind: "lateFee", issueDate: options.date, dueDate: addDays(options.date, dueAfter) },
  };
  return assemble(ctx, [contract.sites[0] as Site], charges, charges.map(() => NO_DISCOUNTS));
}
