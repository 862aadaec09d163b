import type { CalendarDate } from "../../calendar/index.js";
import type { Contract, Site } from "../../contract/index.js";
import { add, fromMinorUnits, subtract, toDecimalString, type Money } from "../../money/index.js";
import type { LineTax, WaivedTax } from "../../tax/index.js";
import { paymentText } from "../paymentText.js";
import type { InvoiceDraft, InvoiceLine, LineDiscount, PaymentInstructions, SiteSubtotal } from "../types.js";
import { computeTaxes } from "./taxes.js";
import type { Charge, InvoiceContext } from "./types.js";

const NONE: readonly LineDiscount[] = Object.freeze([]);
const NO_TAXES: readonly LineTax[] = Object.freeze([]);
const NO_WAIVED: readonly WaivedTax[] = Object.freeze([]);

/** Sum of the `amount`s of a list, in one currency. */
function totalOf(items: readonly { readonly amount: Money }[], currency: string): Money {
  if (items.length === 1) return (items[0] as { readonly amount: Money }).amount;
  let minor = 0;
  for (const item of items) minor += item.amount.minor;
  return fromMinorUnits(minor, currency);
}

/** A discount's line in an explanation, saying which cap cut it. */
function discountText(discount: LineDiscount): string {
  const cut = discount.cappedBy === undefined ? "" : discount.cappedBy === "capPercent" ? " (cut: all discounts reach the most they may take off this line)" : " (cut: all discounts reach the most they may take off the invoice)";
  return `${discount.description}: −${toDecimalString(discount.amount)}${cut}`;
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
 * The assembly stage: taxes the charges of some sites (the taxes stage), then builds their lines
 * with every explanation filled in, the site subtotals and the invoice totals — one pass, in
 * integer minor units — and the payment instructions.
 * @internal
 */
export function assemble(
  ctx: InvoiceContext,
  sites: readonly Site[],
  charges: readonly Charge[],
  discounts: readonly (readonly LineDiscount[])[],
): InvoiceDraft {
  const { contract, period, currency } = ctx;
  const inclusive = contract.billing.taxInclusive;
  const nets = charges.map((charge, i) => subtract(charge.amount, totalOf(discounts[i] ?? NONE, currency)));
  const taxResults = computeTaxes(ctx, charges, nets);

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
    if (lineDiscounts.length > 0) explanation.discounts = lineDiscounts.map(discountText);
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
      quantity: charge.quantity,
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
      adjusts:
        charge.adjusts === undefined ? undefined : { periodStart: charge.adjusts.period.start, periodEnd: charge.adjusts.period.end, price: charge.adjusts.price },
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
    kind: ctx.document?.kind ?? "cycle",
    timing: contract.billing.timing,
    period: { index: period.index, start: period.start, end: period.end, cycleDate: period.cycleDate, fullStart: period.fullStart, fullEnd: period.fullEnd, kind: period.kind },
    issueDate: ctx.document?.issueDate ?? period.issueDate,
    dueDate: ctx.document?.dueDate ?? period.dueDate,
    fields: contract.billing.invoiceFields.map((name) => ({ name, value: contract.customFields[name] as string | number | boolean })),
    taxInclusive: contract.billing.taxInclusive,
    lines,
    siteSubtotals,
    subtotal: money(subtotal),
    discountTotal: money(discountTotal),
    taxTotals: taxTotals.map((t) => ({ jurisdictionId: t.jurisdictionId, jurisdictionName: t.jurisdictionName, taxName: t.taxName, ruleId: t.ruleId, amount: money(t.minor) })),
    taxTotal: money(taxTotal),
    total: grand,
    paymentInstructions: paymentInstructions(contract, grand, ctx.document?.dueDate ?? period.dueDate),
  };
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
