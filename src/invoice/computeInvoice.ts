import type { BillingPeriod } from "../calendar/index.js";
import type { Contract, Site } from "../contract/index.js";
import { ErrorCodes, IssueCollector, ValidationError } from "../errors/index.js";
import type { TaxProvider } from "../tax/index.js";
import type { CreditNote } from "./creditNote.js";
import { DEFAULT_INVOICE_ROUNDING, type InvoiceRoundingPolicy } from "./rounding.js";
import { unusedTimeCredits } from "./stages/adjustments.js";
import { assemble } from "./stages/assembly.js";
import { periodCharges } from "./stages/charges.js";
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
   * Invoices already issued for this contract. When a line billed in advance has since been
   * removed (its `end` moved into a billed period) or its quantity lowered, the unused part comes
   * back as a credit line on this invoice — once: credits already given on these invoices count.
   */
  readonly issued?: readonly Invoice[];
  /**
   * Credit notes issued against those invoices. What a note credited on a line is taken off what
   * its unused time can still give back: a line is never credited beyond what was billed for it.
   */
  readonly creditNotes?: readonly CreditNote[];
}

/**
 * Computes the draft invoice of a contract for one billing period — pure, from scratch, with every
 * line explained: price rule and tier, proration, escalator, seasonal rate, discounts, taxes and
 * the rounding of each amount.
 *
 * Recurring lines are split where their price changes inside the period (a price change, a season,
 * an anniversary) and prorated on actual days (or 30/360). One-time charges are billed in the period
 * containing their date. Discounts apply in their stacking order, each on what is left, never below
 * zero; fixed amounts are spread over the lines they cover in proportion, without losing a cent.
 * Taxes are computed on the amounts after discounts.
 *
 * @param contract - a contract from {@link parseContract}
 * @param period - one of the contract's periods (see {@link contractPeriods}, {@link periodForMonth})
 * @throws {@link ValidationError} with code `not_billable` when a line's tax category is unknown to the tax provider, or a site id is unknown
 * @example
 * ```ts
 * // examples/contracts/residential.json with examples/tax/us-ca-rules.json
 * const period = periodForMonth(contract, "2027-01");
 * const draft = computeInvoice(contract, period, { tax: createTaxTable(rules) });
 * toDecimalString(draft.total); // "56.83"
 * ```
 */
export function computeInvoice(contract: Contract, period: BillingPeriod, options: ComputeInvoiceOptions = {}): InvoiceDraft {
  return computeDrafts(contract, period, options, [selectSites(contract, options)])[0] as InvoiceDraft;
}

/**
 * The invoices of a contract for one period, as its billing terms say: one consolidated invoice
 * for all sites, or one invoice per site (sites with nothing to bill in the period get none).
 *
 * @example
 * ```ts
 * computeInvoices(contract, periodForMonth(contract, "2027-01"), { tax }).length; // 2 for two sites billed per site
 * ```
 */
export function computeInvoices(contract: Contract, period: BillingPeriod, options: ComputeInvoiceOptions = {}): InvoiceDraft[] {
  const sites = selectSites(contract, options);
  if (contract.billing.consolidation === "consolidated") return computeDrafts(contract, period, options, [sites]);
  return computeDrafts(contract, period, options, sites.map((site) => [site])).filter((draft) => draft.lines.length > 0);
}

/**
 * The pipeline, one stage per file in `./stages`: charges (with their proration), adjustments
 * of issued invoices, discounts, then per invoice the taxes, credits and assembly.
 *
 * Charges and discounts are worked out over the whole contract first, so a contract-wide fixed
 * discount (a 25.00 coupon) is shared between per-site invoices exactly as it would be on one
 * consolidated invoice — never given once per site.
 */
function computeDrafts(contract: Contract, period: BillingPeriod, options: ComputeInvoiceOptions, groups: readonly (readonly Site[])[]): InvoiceDraft[] {
  const ctx: InvoiceContext = { contract, period, currency: contract.billing.currency, rounding: options.rounding ?? DEFAULT_INVOICE_ROUNDING, tax: options.tax };
  checkBillable(contract, groups.flat(), options.tax);
  const charges = periodCharges(ctx);
  charges.push(...unusedTimeCredits(contract, period, options.issued ?? [], options.creditNotes ?? [], ctx.rounding.line));
  const discounts = applyDiscounts(ctx, charges);
  return groups.map((sites) => {
    if (sites.length === contract.sites.length) return assemble(ctx, sites, charges, discounts);
    const picked: number[] = [];
    charges.forEach((charge, i) => {
      if (sites.includes(charge.site)) picked.push(i);
    });
    return assemble(
      ctx,
      sites,
      picked.map((i) => charges[i] as Charge),
      picked.map((i) => discounts[i] ?? NO_DISCOUNTS),
    );
  });
}

const NO_DISCOUNTS: readonly LineDiscount[] = Object.freeze([]);

function selectSites(contract: Contract, options: ComputeInvoiceOptions): readonly Site[] {
  if (options.siteIds === undefined) return contract.sites;
  const issues = new IssueCollector();
  options.siteIds.forEach((id, i) => {
    if (!contract.sites.some((s) => s.id === id)) issues.add(["siteIds", i], ErrorCodes.invalidReference, `the contract has no site "${id}"`);
  });
  issues.throwIfAny();
  return contract.sites.filter((s) => options.siteIds?.includes(s.id));
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
