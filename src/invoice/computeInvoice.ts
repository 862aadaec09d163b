import {
  cycleMonths,
  daysBetween,
  prorationFraction,
  type BillingPeriod,
  type CalendarDate,
} from "../calendar/index.js";
import type { Contract, Discount, Line, RecurringLine, Site } from "../contract/index.js";
import { ErrorCodes, IssueCollector, ValidationError } from "../errors/index.js";
import {
  add,
  addExact,
  allocate,
  divide,
  exact,
  fromMinorUnits,
  exactToDecimalString,
  exactToString,
  multiply,
  ratio,
  ratioToString,
  round,
  subtract,
  sum,
  toDecimalString,
  zero,
  type ExactMoney,
  type Money,
  type Ratio,
  type RoundingMode,
} from "../money/index.js";
import { anniversariesBetween, anniversariesPassed, escalate, exactAmount, priceOf, seasonBoundaries } from "../pricing/index.js";
import type { LineTax, LineTaxResult, TaxAddress, TaxProvider, TaxRoundingPolicy, WaivedTax } from "../tax/index.js";
import { priceChangeDates, priceOn } from "./linePrice.js";
import { paymentText } from "./paymentText.js";
import { contractPeriods } from "./periods.js";
import type { CreditNote } from "./creditNote.js";
import type { CorrectedLine, Invoice, InvoiceDraft, InvoiceLine, LineDiscount, LineExplanation, PaymentInstructions, ServicePeriod, SiteSubtotal } from "./types.js";

/** Where and how an invoice rounds. Every rounding point has its own named mode. */
export interface InvoiceRoundingPolicy {
  /** Rounding of each line amount (price × quantity × proration × escalator). */
  readonly line: RoundingMode;
  /** Rounding of each discount amount. */
  readonly discount: RoundingMode;
  /** Rounding of taxes. */
  readonly tax: TaxRoundingPolicy;
}

/** The default rounding: half up everywhere, taxes per line, inclusive taxes rounded on the tax. */
export const DEFAULT_INVOICE_ROUNDING: InvoiceRoundingPolicy = {
  line: "halfUp",
  discount: "halfUp",
  tax: { level: "line", mode: "halfUp", inclusive: "tax" },
};

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

/** A line's explanation while its draft is built. */
type DraftExplanation = { -readonly [K in keyof LineExplanation]: LineExplanation[K] };

/** A line before discounts and tax. */
interface Charge {
  readonly id: string;
  readonly line: Line;
  readonly site: Site;
  readonly kind: InvoiceLine["kind"];
  readonly description: string;
  readonly servicePeriod: ServicePeriod | undefined;
  readonly date: CalendarDate | undefined;
  readonly unitPrice: string | undefined;
  readonly amount: Money;
  /**
   * The line's explanation. Its `discounts` and `taxes` are filled in once, when the line is
   * built (each charge goes on exactly one draft); until then they are empty.
   */
  readonly explanation: DraftExplanation;
  readonly corrects?: CorrectedLine;
  /** For a credit line: its net and the taxes it reverses, taken from the line it corrects. */
  readonly reversal?: { readonly taxes: readonly LineTax[] };
}

const LINE_NOUN: Record<RecurringLine["kind"], (line: RecurringLine) => string> = {
  monitoring: (line) => `${capitalize((line as { tier: string }).tier)} monitoring`,
  equipment: (line) => `Equipment rental: ${(line as { item: string }).item}`,
  addon: (line) => (line as { name: string }).name,
};

/**
 * One part of an invoice line id (`site/line/day`): a `/` or `%` inside a site or line id is
 * escaped (`%2F`, `%25`), so two different lines never share an id ("HQ/West" + "mon" is not
 * "HQ" + "West/mon").
 */
function idPart(text: string): string {
  return text.includes("/") || text.includes("%") ? text.replace(/%/g, "%25").replace(/\//g, "%2F") : text;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
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
 * Computes one draft per group of sites. Charges and discounts are worked out over the whole
 * contract first, so a contract-wide fixed discount (a 25.00 coupon) is shared between per-site
 * invoices exactly as it would be on one consolidated invoice — never given once per site.
 */
function computeDrafts(contract: Contract, period: BillingPeriod, options: ComputeInvoiceOptions, groups: readonly (readonly Site[])[]): InvoiceDraft[] {
  const rounding = options.rounding ?? DEFAULT_INVOICE_ROUNDING;
  const currency = contract.billing.currency;
  checkBillable(contract, groups.flat(), options.tax);

  const charges: Charge[] = [];
  for (const site of contract.sites) {
    for (const line of site.lines) {
      if (line.kind === "oneTime") {
        // Billed in the period containing its date; one dated before the first billed period (in
        // a stub the `nextAnchor` policy leaves unbilled) goes on the first invoice.
        if (line.date < period.end && (line.date >= period.start || period.index === 0)) charges.push(oneTimeCharge(line, site, currency, rounding.line));
      } else {
        recurringCharges(contract, site, line, period, rounding.line, charges);
      }
    }
  }
  charges.push(...unusedTimeCredits(contract, period, options.issued ?? [], options.creditNotes ?? [], rounding.line));
  const discounts = applyDiscounts(contract, period, charges, rounding.discount);

  return groups.map((sites) => {
    if (sites.length === contract.sites.length) return buildDraft(contract, period, sites, charges, discounts, options.tax, rounding);
    const picked: number[] = [];
    charges.forEach((charge, i) => {
      if (sites.includes(charge.site)) picked.push(i);
    });
    const own = picked.map((i) => charges[i] as Charge);
    const ownDiscounts = picked.map((i) => discounts[i] ?? NONE);
    return buildDraft(contract, period, sites, own, ownDiscounts, options.tax, rounding);
  });
}

function buildDraft(
  contract: Contract,
  period: BillingPeriod,
  sites: readonly Site[],
  charges: readonly Charge[],
  discounts: readonly (readonly LineDiscount[])[],
  provider: TaxProvider | undefined,
  rounding: InvoiceRoundingPolicy,
): InvoiceDraft {
  const currency = contract.billing.currency;
  const inclusive = contract.billing.taxInclusive;
  const nets = charges.map((charge, i) => subtract(charge.amount, totalOf(discounts[i] ?? NONE, currency)));
  const taxResults = computeTaxes(contract, period, charges, nets, rounding.tax, provider);

  // The lines, and in the same pass the site and invoice totals in integer minor units.
  const perSite: [number, number, number, number][] = sites.map(() => [0, 0, 0, 0]);
  const taxTotals: TaxAccumulator[] = [];
  let subtotal = 0;
  let discountTotal = 0;
  let taxTotal = 0;
  let total = 0;
  let siteIndex = 0;
  const lines: InvoiceLine[] = new Array<InvoiceLine>(charges.length);
  for (let i = 0; i < charges.length; i++) {
    const charge = charges[i] as Charge;
    const lineDiscounts = discounts[i] ?? NONE;
    const lineDiscount = totalOf(lineDiscounts, currency);
    const tax = taxResults[i];
    const reversal = charge.reversal;
    const taxes = reversal?.taxes ?? tax?.taxes ?? NO_TAXES;
    const waived = tax?.waived ?? NO_WAIVED;
    const lineTax = totalOf(taxes, currency);
    const gross = nets[i] as Money;
    // A credit line's amount is already net of tax: it reverses the figures it was billed with.
    const grossIsListed = inclusive && reversal === undefined;
    const amount = grossIsListed ? subtract(charge.amount, lineTax) : charge.amount;
    const lineTotal = grossIsListed ? gross : add(gross, lineTax);

    const explanation = charge.explanation;
    if (lineDiscounts.length > 0) explanation.discounts = lineDiscounts.map((d) => `${d.description}: −${toDecimalString(d.amount)}`);
    if (taxes.length + waived.length > 0) {
      const texts = new Array<string>(taxes.length);
      for (let t = 0; t < taxes.length; t++) texts[t] = (taxes[t] as LineTax).explanation;
      for (const w of waived) texts.push(`${w.taxName} not charged: ${w.reason}`);
      explanation.taxes = texts;
    }
    lines[i] = {
      id: charge.id,
      lineId: charge.line.id,
      siteId: charge.site.id,
      kind: charge.kind,
      category: charge.line.taxCategory,
      description: charge.description,
      servicePeriod: charge.servicePeriod,
      date: charge.date,
      quantity: charge.line.quantity,
      unitPrice: charge.unitPrice,
      // Tax-inclusive: the listed amount after discounts is the line total; the tax is inside it.
      amount,
      discounts: lineDiscounts,
      discountTotal: lineDiscount,
      net: grossIsListed ? subtract(gross, lineTax) : gross,
      taxes,
      waivedTaxes: waived,
      taxTotal: lineTax,
      total: lineTotal,
      corrects: charge.corrects,
      explanation,
    };

    // Charges come grouped by site, so the site is almost always the one before.
    if (sites[siteIndex] !== charge.site) siteIndex = sites.indexOf(charge.site);
    const acc = perSite[siteIndex] as [number, number, number, number];
    acc[0] += amount.minor;
    acc[1] += lineDiscount.minor;
    acc[2] += lineTax.minor;
    acc[3] += lineTotal.minor;
    subtotal += amount.minor;
    discountTotal += lineDiscount.minor;
    taxTotal += lineTax.minor;
    total += lineTotal.minor;
    for (const t of taxes) addTax(taxTotals, t);
  }

  const money = (minor: number): Money => fromMinorUnits(minor, currency);
  const siteSubtotals: SiteSubtotal[] = sites.map((site, k) => {
    const acc = perSite[k] as [number, number, number, number];
    return { siteId: site.id, siteName: site.name, subtotal: money(acc[0]), discountTotal: money(acc[1]), taxTotal: money(acc[2]), total: money(acc[3]) };
  });
  const grand = money(total);
  return {
    status: "draft",
    contractId: contract.id,
    customerId: contract.customer.id,
    customerName: contract.customer.name,
    siteIds: sites.map((s) => s.id),
    currency,
    series: contract.billing.invoiceSeries,
    period: { index: period.index, start: period.start, end: period.end, cycleDate: period.cycleDate },
    issueDate: period.issueDate,
    dueDate: period.dueDate,
    taxInclusive: contract.billing.taxInclusive,
    lines,
    siteSubtotals,
    subtotal: money(subtotal),
    discountTotal: money(discountTotal),
    taxTotals: taxTotals.map((t) => ({ jurisdictionId: t.jurisdictionId, jurisdictionName: t.jurisdictionName, taxName: t.taxName, ruleId: t.ruleId, amount: money(t.minor) })),
    taxTotal: money(taxTotal),
    total: grand,
    paymentInstructions: paymentInstructions(contract, grand, period.dueDate),
  };
}

/** One tax's running total on a draft. */
interface TaxAccumulator {
  readonly jurisdictionId: string;
  readonly jurisdictionName: string;
  readonly taxName: string;
  readonly ruleId: string;
  minor: number;
}

/**
 * Adds a line's tax to the draft's total for its rule and jurisdiction, in order of first
 * appearance. An invoice has a handful of taxes, so a scan beats hashing a key per tax.
 */
function addTax(totals: TaxAccumulator[], tax: LineTax): void {
  for (const total of totals) {
    if (total.ruleId === tax.ruleId && total.jurisdictionId === tax.jurisdictionId) {
      total.minor += tax.amount.minor;
      return;
    }
  }
  totals.push({ jurisdictionId: tax.jurisdictionId, jurisdictionName: tax.jurisdictionName, taxName: tax.taxName, ruleId: tax.ruleId, minor: tax.amount.minor });
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

// Shared empty lists, frozen: a draft is not frozen until issued, and pushing into one of these
// must fail rather than show up on every other line.
const NONE: readonly LineDiscount[] = Object.freeze([]);
const NO_TAXES: readonly LineTax[] = Object.freeze([]);
const NO_WAIVED: readonly WaivedTax[] = Object.freeze([]);
const NO_TEXT: readonly string[] = Object.freeze([]);

/** Sum of the `amount`s of a list, in one currency. */
function totalOf(items: readonly { readonly amount: Money }[], currency: string): Money {
  if (items.length === 1) return (items[0] as { readonly amount: Money }).amount;
  let minor = 0;
  for (const item of items) minor += item.amount.minor;
  return fromMinorUnits(minor, currency);
}

function selectSites(contract: Contract, options: ComputeInvoiceOptions): readonly Site[] {
  if (options.siteIds === undefined) return contract.sites;
  const issues = new IssueCollector();
  options.siteIds.forEach((id, i) => {
    if (!contract.sites.some((s) => s.id === id)) issues.add(["siteIds", i], ErrorCodes.invalidReference, `the contract has no site "${id}"`);
  });
  issues.throwIfAny();
  return contract.sites.filter((s) => options.siteIds?.includes(s.id));
}

function checkBillable(contract: Contract, sites: readonly Site[], tax: TaxProvider | undefined): void {
  if (tax === undefined) return;
  let issues: IssueCollector | undefined;
  for (const site of sites) {
    for (let l = 0; l < site.lines.length; l++) {
      const line = site.lines[l] as Line;
      if (tax.knowsCategory(line.taxCategory)) continue;
      issues ??= new IssueCollector();
      issues.add(["sites", contract.sites.indexOf(site), "lines", l, "taxCategory"], ErrorCodes.notBillable, `tax category "${line.taxCategory}" is unknown to the tax provider "${tax.name}": refusing to bill it untaxed`);
    }
  }
  issues?.throwIfAny();
}

function oneTimeCharge(line: Extract<Line, { kind: "oneTime" }>, site: Site, currency: string, mode: RoundingMode): Charge {
  const exactTotal = exactAmount(line.amount, currency, line.quantity);
  const amount = round(exactTotal, mode);
  return {
    id: `${idPart(site.id)}/${idPart(line.id)}/${line.date}`,
    line,
    site,
    kind: "oneTime",
    description: line.description,
    servicePeriod: undefined,
    date: line.date,
    unitPrice: line.amount,
    amount,
    explanation: {
      price: `${line.quantity} × ${line.amount}`,
      priceSource: "one-time charge",
      cycleMonths: 1,
      fraction: "1",
      proration: `one-time charge on ${line.date}`,
      escalator: undefined,
      seasonal: undefined,
      discounts: NO_TEXT,
      taxes: NO_TEXT,
      rounding: mode,
      unrounded: exactToDecimalString(exactTotal, 6),
      rounded: toDecimalString(amount),
    },
  };
}

/**
 * The charges of a recurring line in a period: one per span between price changes, seasons and
 * anniversaries, each prorated. Appends them to `charges` (a new list by default) and returns it.
 */
function recurringCharges(contract: Contract, site: Site, line: RecurringLine, period: BillingPeriod, mode: RoundingMode, charges: Charge[] = []): Charge[] {
  const currency = contract.billing.currency;
  const start = maxDate(period.start, line.start ?? contract.term.start);
  const end = line.end !== undefined && line.end < period.end ? line.end : period.end;
  if (start >= end) return charges;
  const escalator = line.escalate ? contract.term.escalator : undefined;
  // The days inside the span where the price may change; usually none, so skip the set and sort.
  let bounds: CalendarDate[];
  if (line.priceChanges === undefined && line.seasonal === undefined && escalator === undefined) {
    bounds = [start, end];
  } else {
    const cuts = new Set<CalendarDate>([
      ...priceChangeDates(line, start, end),
      ...(line.seasonal === undefined ? [] : seasonBoundaries(line.seasonal, start, end)),
      ...(escalator === undefined ? [] : anniversariesBetween(contract.term.start, start, end)),
    ]);
    bounds = [start, ...[...cuts].sort(), end];
  }
  const months = contract.billing.ratePer === "month" ? cycleMonths(contract.billing.cycle) : 1;
  // Under the "full" stub policy the stub itself counts as a whole cycle.
  const fullStub = period.kind === "stub" && contract.billing.stub === "full";
  const fullStart = fullStub ? period.start : period.fullStart;
  const fullEnd = fullStub ? period.end : period.fullEnd;
  const dayCount = contract.billing.dayCount;
  const anchorDay = contract.billing.anchorDay ?? Number(contract.term.start.slice(8, 10));
  const noun = line.description ?? LINE_NOUN[line.kind](line);

  for (let i = 0; i + 1 < bounds.length; i++) {
    const a = bounds[i] as CalendarDate;
    const b = bounds[i + 1] as CalendarDate;
    const resolved = priceOn(contract, site, line, a);
    const quote = priceOf(resolved.model, line.quantity, currency);
    // A price change, or a line added after the start, is a new agreed price: only anniversaries
    // after it took effect raise it.
    const agreed = resolved.effective ?? (line.start !== undefined && line.start > contract.term.start ? line.start : undefined);
    const steps =
      escalator === undefined ? 0 : anniversariesPassed(contract.term.start, a) - (agreed === undefined ? 0 : anniversariesPassed(contract.term.start, agreed));
    // A fixed escalator adds per unit; a flat price is one unit, whatever the quantity.
    const units = resolved.model.model === "flat" ? 1 : line.quantity;
    const escalated = escalator === undefined || steps === 0 ? undefined : escalate(quote.amount, units, escalator, steps);
    const perCycle = months === 1 ? (escalated?.amount ?? quote.amount) : multiply(escalated?.amount ?? quote.amount, months);
    const whole = a === fullStart && b === fullEnd;
    const fraction: Ratio = whole
      ? ONE
      : prorationFraction({ start: a, end: b }, { start: fullStart, end: fullEnd }, fullStub ? { dayCount } : { dayCount, anchorDay });
    const exactTotal: ExactMoney = whole ? perCycle : multiply(perCycle, fraction);
    const fractionText = whole ? "1" : ratioToString(fraction);
    let unitPrice: string | undefined;
    if (resolved.model.model === "perUnit") {
      if (months === 1 && escalated === undefined) unitPrice = resolved.model.unitPrice;
      else {
        const base = exactAmount(resolved.model.unitPrice, currency);
        // A percent escalator scales the unit price; a fixed one adds to each unit.
        const unit =
          escalated === undefined
            ? base
            : escalated.factor !== undefined
              ? multiply(base, escalated.factor)
              : line.quantity > 0
                ? divide(escalated.amount, line.quantity)
                : base;
        unitPrice = exactToString(multiply(unit, months));
      }
    }
    const amount = round(exactTotal, mode);
    charges.push({
      id: `${idPart(site.id)}/${idPart(line.id)}/${a}`,
      line,
      site,
      kind: "recurring",
      description: whole && resolved.seasonal === undefined ? noun : `${noun}${resolved.seasonal === undefined ? "" : ` (${resolved.seasonal})`}${whole ? "" : ` — prorated ${a} to ${b}`}`,
      servicePeriod: { start: a, end: b },
      date: undefined,
      unitPrice,
      amount,
      explanation: {
        price: quote.rule,
        priceSource: resolved.source,
        cycleMonths: months,
        fraction: fractionText,
        proration: whole
          ? "the whole cycle"
          : dayCount === "actual"
            ? `${daysBetween(a, b)} of ${daysBetween(fullStart, fullEnd)} days (actual)`
            : `${fractionText} of the cycle (30/360)`,
        escalator: escalated?.description,
        seasonal: resolved.seasonal === undefined ? undefined : resolved.source,
        discounts: NO_TEXT,
        taxes: NO_TEXT,
        rounding: mode,
        unrounded: exactToDecimalString(exactTotal, 6),
        rounded: toDecimalString(amount),
      },
    });
  }
  return charges;
}

const ONE: Ratio = ratio(1);

/**
 * Credit lines for advance-billed time that is no longer due: for each recurring line of an
 * issued invoice, recompute what its service period costs under the contract as it is now (a line
 * removed mid-period, a quantity lowered); what was billed beyond that, net of the discounts it
 * had, comes back once — minus any credit already given for it on a later issued invoice.
 */
function unusedTimeCredits(contract: Contract, period: BillingPeriod, issued: readonly Invoice[], notes: readonly CreditNote[], mode: RoundingMode): Charge[] {
  if (issued.length === 0) return [];
  const currency = contract.billing.currency;
  const inclusive = contract.billing.taxInclusive;
  type Given = { net: number; taxes: Map<string, number> };
  const keyOf = (invoiceNumber: string, lineId: string): string => JSON.stringify([invoiceNumber, lineId]);
  const record = (into: Map<string, Given>, key: string, net: Money, taxes: readonly { readonly ruleId: string; readonly amount: Money }[]): void => {
    const seen = into.get(key) ?? { net: 0, taxes: new Map<string, number>() };
    seen.net -= net.minor;
    for (const tax of taxes) seen.taxes.set(tax.ruleId, (seen.taxes.get(tax.ruleId) ?? 0) - tax.amount.minor);
    into.set(key, seen);
  };
  // What later invoices already gave back, per corrected line: net and each tax, in minor units.
  const given = new Map<string, Given>();
  for (const invoice of issued) {
    // A voided invoice gave nothing back: its credit lines are owed again.
    if (invoice.contractId !== contract.id || invoice.status === "void") continue;
    for (const line of invoice.lines) {
      if (line.corrects !== undefined) record(given, keyOf(line.corrects.invoiceNumber, line.corrects.invoiceLineId), line.net, line.taxes);
    }
  }
  // What credit notes gave back on each invoice line.
  const noted = new Map<string, Given>();
  for (const note of notes) {
    if (note.contractId !== contract.id) continue;
    for (const line of note.lines) record(noted, keyOf(note.invoiceNumber, line.invoiceLineId), line.net, line.taxes);
  }
  const credits: Charge[] = [];
  for (const invoice of issued) {
    if (invoice.contractId !== contract.id || invoice.status === "void" || invoice.period.start >= period.start) continue;
    for (const billed of invoice.lines) {
      const span = billed.servicePeriod;
      if (billed.kind !== "recurring" || span === undefined || billed.net.minor <= 0) continue;
      const site = contract.sites.find((s) => s.id === billed.siteId);
      const line = site?.lines.find((l) => l.id === billed.lineId);
      if (site === undefined || line === undefined || line.kind === "oneTime") continue;
      // Compare like with like: the price before discounts as the contract computes it now (the
      // listed, tax-inclusive price when prices include tax) against what was billed for it.
      const billedPrice = inclusive ? billed.total.minor + billed.discountTotal.minor : billed.amount.minor;
      const billedPeriod = contractPeriods(contract, { from: span.start, count: 1 })[0];
      const now =
        billedPeriod === undefined
          ? 0
          : recurringCharges(contract, site, line, billedPeriod, mode)
              .filter((c) => c.servicePeriod !== undefined && c.servicePeriod.start >= span.start && c.servicePeriod.start < span.end)
              .reduce((total, c) => total + c.amount.minor, 0);
      if (now >= billedPrice || billedPrice <= 0) continue;
      // Give back the unused share of what was charged: the net after discounts and each tax as
      // billed (not at today's rates), cumulatively, so repeated corrections never overshoot.
      const unused = ratio(billedPrice - now, billedPrice);
      const whole = now <= 0;
      const back = (amount: Money): number => (whole ? amount.minor : round(multiply(amount, unused), mode).minor);
      const key = keyOf(invoice.number, billed.id);
      const before = given.get(key);
      const note = noted.get(key);
      // Never beyond what was billed, less what was given back already in any way.
      const wanted = back(billed.net) - (before?.net ?? 0);
      const net = Math.max(0, Math.min(wanted, billed.net.minor - (before?.net ?? 0) - (note?.net ?? 0)));
      const capped = net < wanted;
      const taxes: LineTax[] = billed.taxes.map((tax) => {
        const already = before?.taxes.get(tax.ruleId) ?? 0;
        const minor = Math.max(0, Math.min(back(tax.amount) - already, tax.amount.minor - already - (note?.taxes.get(tax.ruleId) ?? 0)));
        const amount = fromMinorUnits(-minor, currency);
        return {
          ...tax,
          base: exact(fromMinorUnits(-net, currency)),
          // Negative like the amount: what this credit gives back before rounding.
          unrounded: multiply(addExact(multiply(tax.amount, unused), fromMinorUnits(-already, currency)), -1),
          amount,
          explanation: `reverses ${whole ? "all" : ratioToString(unused)} of the ${tax.taxName} charged on ${invoice.number} (${toDecimalString(tax.amount)}): ${toDecimalString(amount)}`,
        };
      });
      if (net <= 0 && taxes.every((t) => t.amount.minor === 0)) continue;
      const from = line.end !== undefined && line.end < span.end ? maxDate(line.end, span.start) : span.start;
      credits.push({
        id: `${idPart(site.id)}/${idPart(line.id)}/credit/${idPart(invoice.number)}/${idPart(billed.id)}`,
        line,
        site,
        kind: "credit",
        description: `Credit: ${billed.description} — unused ${from} to ${span.end} (billed on ${invoice.number})`,
        servicePeriod: { start: from, end: span.end },
        date: undefined,
        unitPrice: undefined,
        amount: fromMinorUnits(-net, currency),
        corrects: { invoiceNumber: invoice.number, invoiceLineId: billed.id },
        reversal: { taxes },
        explanation: {
          price: `${toDecimalString(fromMinorUnits(billedPrice, currency))} billed, ${toDecimalString(fromMinorUnits(now, currency))} due under the contract now`,
          priceSource: `invoice ${invoice.number}, line ${billed.id}`,
          cycleMonths: 1,
          fraction: whole ? "1" : ratioToString(unused),
          proration: `unused share ${whole ? "1" : ratioToString(unused)} of the net ${toDecimalString(billed.net)} charged${capped ? `, capped at what is left after credits already given (${toDecimalString(fromMinorUnits(net, currency))})` : ""}`,
          escalator: undefined,
          seasonal: undefined,
          discounts: NO_TEXT,
          taxes: NO_TEXT,
          rounding: mode,
          // What is given back before rounding (the unused share less what was given before), negative like the amount.
          unrounded: exactToDecimalString(multiply(addExact(multiply(billed.net, unused), fromMinorUnits(-(before?.net ?? 0), currency)), -1), 6),
          rounded: toDecimalString(fromMinorUnits(-net, currency)),
        },
      });
    }
  }
  return credits;
}

function maxDate(a: CalendarDate, b: CalendarDate): CalendarDate {
  return a > b ? a : b;
}

/** Whether a discount is in force for a period. */
function discountActive(discount: Discount, period: BillingPeriod): boolean {
  const duration = discount.duration;
  switch (duration.kind) {
    case "forever":
      return true;
    case "cycles":
      return period.index < duration.count;
    case "until":
      return period.start < duration.date;
  }
}

function covers(discount: Discount, charge: Charge): boolean {
  const scope = discount.appliesTo;
  switch (scope.scope) {
    case "invoice":
      return true;
    case "line":
      return scope.lineIds.includes(charge.line.id);
    case "category":
      return scope.categories.includes(charge.line.taxCategory);
  }
}

function applyDiscounts(contract: Contract, period: BillingPeriod, charges: readonly Charge[], mode: RoundingMode): LineDiscount[][] {
  const currency = contract.billing.currency;
  const taken: LineDiscount[][] = charges.map(() => []);
  const left: Money[] = charges.map((c) => c.amount);
  const ordered = contract.discounts
    .map((discount, index) => ({ discount, index }))
    .sort((x, y) => x.discount.order - y.discount.order || x.index - y.index)
    .map((x) => x.discount)
    .filter((d) => discountActive(d, period));
  const months = contract.billing.ratePer === "month" ? cycleMonths(contract.billing.cycle) : 1;
  const fraction = period.kind === "stub" && contract.billing.stub === "full" ? ratio(1) : period.fraction;

  for (const discount of ordered) {
    const targets = charges.map((c, i) => i).filter((i) => covers(discount, charges[i] as Charge) && (left[i] as Money).minor > 0);
    if (targets.length === 0) continue;
    const give = (i: number, amount: Money): void => {
      if (amount.minor <= 0) return;
      taken[i]?.push({ discountId: discount.id, description: discount.description, amount });
      left[i] = subtract(left[i] as Money, amount);
    };
    if (discount.kind === "percent") {
      for (const i of targets) {
        const remaining = left[i] as Money;
        const off = round(multiply(remaining, ratio(discount.value, 100)), mode);
        give(i, off.minor > remaining.minor ? remaining : off);
      }
    } else {
      const available = sum(targets.map((i) => left[i] as Money), currency);
      const wanted = round(multiply(multiply(exactAmount(discount.value, currency), months), fraction), mode);
      const total = wanted.minor > available.minor ? available : wanted;
      const shares = allocate(total, targets.map((i) => (left[i] as Money).minor));
      targets.forEach((i, k) => give(i, shares[k] ?? zero(currency)));
    }
  }
  return taken;
}

function addressOf(site: Site): TaxAddress {
  const { country, state, county, city, postalCode } = site.address;
  if (state === undefined) return county === undefined ? { country, city, postalCode } : { country, county, city, postalCode };
  return county === undefined ? { country, state, city, postalCode } : { country, state, county, city, postalCode };
}

function computeTaxes(
  contract: Contract,
  period: BillingPeriod,
  charges: readonly Charge[],
  nets: readonly Money[],
  rounding: TaxRoundingPolicy,
  provider: TaxProvider | undefined,
): readonly (LineTaxResult | undefined)[] {
  const taxed: number[] = [];
  charges.forEach((charge, i) => {
    if (charge.reversal === undefined) taxed.push(i);
  });
  if (provider === undefined || taxed.length === 0) return charges.map(() => undefined);
  const addresses = new Map<Site, TaxAddress>();
  const addressFor = (site: Site): TaxAddress => {
    let address = addresses.get(site);
    if (address === undefined) {
      address = addressOf(site);
      addresses.set(site, address);
    }
    return address;
  };
  const result = provider.calculate({
    currency: contract.billing.currency,
    inclusive: contract.billing.taxInclusive,
    lines: taxed.map((i) => ({
      lineId: (charges[i] as Charge).id,
      category: (charges[i] as Charge).line.taxCategory,
      amount: exact(nets[i] as Money),
      address: addressFor((charges[i] as Charge).site),
      taxDate: period.cycleDate,
    })),
    exemptions: contract.customer.taxExemptions.map((e) => ({
      certificateId: e.certificateId,
      ...(e.categories === undefined ? {} : { categories: e.categories }),
      ...(e.jurisdictions === undefined ? {} : { jurisdictions: e.jurisdictions }),
      ...(e.expires === undefined ? {} : { expires: e.expires }),
    })),
    rounding,
  });
  // Results come back in request order; fall back to a lookup for providers that reorder.
  if (taxed.length === charges.length) {
    return charges.map((charge, i) => {
      const same = result.lines[i];
      return same !== undefined && same.lineId === charge.id ? same : result.lines.find((l) => l.lineId === charge.id);
    });
  }
  return charges.map((charge) => result.lines.find((l) => l.lineId === charge.id));
}

function paymentInstructions(contract: Contract, total: Money, due: CalendarDate): PaymentInstructions {
  const method = contract.paymentMethod;
  const described =
    method === undefined
      ? undefined
      : method.kind === "card"
        ? `card${method.last4 === undefined ? "" : ` ending ${method.last4}`}`
        : method.kind === "ach"
          ? `bank account${method.last4 === undefined ? "" : ` ending ${method.last4}`}`
          : method.kind;
  const autoPay = method?.autoPay === true;
  return { autoPay, method: described, reference: contract.id, text: paymentText(autoPay, described, total, due, contract.id) };
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
