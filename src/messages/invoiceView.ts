import { addDays } from "../calendar/index.js";
import { isNegative, negate, subtract, sum, zero, type Money } from "../money/index.js";
import type { Invoice, InvoiceDraft, InvoiceLine } from "../invoice/index.js";
import { licencesFor, type Brand, type BrandLicence } from "./brand.js";
import { formatAmount, formatDay, messageLocaleFor, type MessageLocale } from "./locale.js";

/** A site's address on an invoice. */
export interface InvoiceSiteAddress {
  /** Address lines as printed. */
  readonly lines: readonly string[];
  /** The state or province code, which picks the licence numbers printed (see {@link BrandLicence}). */
  readonly region?: string | undefined;
}

/** Options for {@link renderInvoiceHtml} and {@link renderInvoicePdf}. */
export interface InvoiceDocumentOptions {
  /** The customer's BCP 47 locale for amounts, dates and labels; default `"en-US"`. */
  readonly locale?: string | undefined;
  /** The secure payment link printed (and linked) on the invoice. */
  readonly paymentLink?: string | undefined;
  /** The customer's billing address lines. */
  readonly billTo?: readonly string[] | undefined;
  /** Site addresses by site id. */
  readonly sites?: Readonly<Record<string, InvoiceSiteAddress>> | undefined;
  /** What is left to pay, when payments were made since issue; default the invoice total. */
  readonly amountDue?: Money | undefined;
  /** A PNG or JPEG logo for the PDF (the brand's `logoUrl` is not fetched); without it the company name is printed. */
  readonly logo?: Uint8Array | undefined;
}

/** Invoice labels per locale. @internal */
export interface InvoiceLabels {
  readonly invoice: string;
  readonly finalInvoice: string;
  readonly adjustmentInvoice: string;
  readonly lateFeeInvoice: string;
  readonly draft: string;
  readonly billTo: string;
  readonly customer: string;
  readonly contract: string;
  readonly issued: string;
  readonly due: string;
  readonly period: string;
  readonly site: string;
  readonly description: string;
  readonly amount: string;
  readonly siteTotal: string;
  readonly subtotal: string;
  readonly discounts: string;
  readonly tax: string;
  readonly creditsApplied: string;
  readonly total: string;
  readonly amountDue: string;
  readonly howToPay: string;
  readonly payOnline: string;
  readonly scanToPay: string;
  readonly payAch: string;
  readonly payCheck: string;
  readonly payPhone: string;
  readonly autoPay: string;
  readonly stubTitle: string;
  readonly stubDetach: string;
  readonly amountEnclosed: string;
  readonly payableTo: string;
  readonly reference: string;
  readonly quantity: string;
  readonly status: Readonly<Record<string, string>>;
}

const LABELS: Readonly<Record<MessageLocale, InvoiceLabels>> = {
  "en-US": {
    invoice: "Invoice",
    finalInvoice: "Final invoice",
    adjustmentInvoice: "Adjustment invoice",
    lateFeeInvoice: "Late fee invoice",
    draft: "Draft",
    billTo: "Bill to",
    customer: "Customer",
    contract: "Agreement",
    issued: "Issued",
    due: "Due",
    period: "Service period",
    site: "Site",
    description: "Description",
    amount: "Amount",
    siteTotal: "Site total",
    subtotal: "Subtotal",
    discounts: "Discounts",
    tax: "Tax",
    creditsApplied: "Credits applied",
    total: "Total",
    amountDue: "Amount due",
    howToPay: "How to pay",
    payOnline: "Online, with the secure payment link",
    scanToPay: "Scan to pay",
    payAch: "By ACH bank transfer, quoting the invoice number",
    payCheck: "By check payable to {company}, mailed with the stub below",
    payPhone: "By phone: {phone}",
    autoPay: "Auto-pay",
    stubTitle: "Remittance",
    stubDetach: "Detach and return this part with your check",
    amountEnclosed: "Amount enclosed",
    payableTo: "Pay to",
    reference: "Reference",
    quantity: "qty",
    status: { open: "Open", paid: "Paid", void: "Void", uncollectible: "Uncollectible", draft: "Draft" },
  },
  "es-US": {
    invoice: "Factura",
    finalInvoice: "Factura final",
    adjustmentInvoice: "Factura de ajuste",
    lateFeeInvoice: "Factura de recargo por mora",
    draft: "Borrador",
    billTo: "Facturar a",
    customer: "Cliente",
    contract: "Contrato",
    issued: "Emitida",
    due: "Vence",
    period: "Período de servicio",
    site: "Sitio",
    description: "Descripción",
    amount: "Importe",
    siteTotal: "Total del sitio",
    subtotal: "Subtotal",
    discounts: "Descuentos",
    tax: "Impuestos",
    creditsApplied: "Créditos aplicados",
    total: "Total",
    amountDue: "Importe a pagar",
    howToPay: "Cómo pagar",
    payOnline: "En línea, con el enlace de pago seguro",
    scanToPay: "Escanee para pagar",
    payAch: "Por transferencia ACH, indicando el número de factura",
    payCheck: "Con cheque a nombre de {company}, enviado con el talón de abajo",
    payPhone: "Por teléfono: {phone}",
    autoPay: "Pago automático",
    stubTitle: "Talón de pago",
    stubDetach: "Desprenda y envíe esta parte con su cheque",
    amountEnclosed: "Importe adjunto",
    payableTo: "Pagar a",
    reference: "Referencia",
    quantity: "cant.",
    status: { open: "Pendiente", paid: "Pagada", void: "Anulada", uncollectible: "Incobrable", draft: "Borrador" },
  },
  "fr-CA": {
    invoice: "Facture",
    finalInvoice: "Facture finale",
    adjustmentInvoice: "Facture d’ajustement",
    lateFeeInvoice: "Facture de frais de retard",
    draft: "Brouillon",
    billTo: "Facturer à",
    customer: "Client",
    contract: "Contrat",
    issued: "Émise le",
    due: "Échéance",
    period: "Période de service",
    site: "Site",
    description: "Description",
    amount: "Montant",
    siteTotal: "Total du site",
    subtotal: "Sous-total",
    discounts: "Remises",
    tax: "Taxes",
    creditsApplied: "Crédits appliqués",
    total: "Total",
    amountDue: "Montant à payer",
    howToPay: "Comment payer",
    payOnline: "En ligne, avec le lien de paiement sécurisé",
    scanToPay: "Balayez pour payer",
    payAch: "Par virement ACH, en indiquant le numéro de facture",
    payCheck: "Par chèque à l’ordre de {company}, posté avec le talon ci-dessous",
    payPhone: "Par téléphone : {phone}",
    autoPay: "Paiement automatique",
    stubTitle: "Talon de paiement",
    stubDetach: "Détachez et retournez cette partie avec votre chèque",
    amountEnclosed: "Montant joint",
    payableTo: "Payer à",
    reference: "Référence",
    quantity: "qté",
    status: { open: "Impayée", paid: "Payée", void: "Annulée", uncollectible: "Irrécouvrable", draft: "Brouillon" },
  },
};

/** One printed line. @internal */
export interface LineView {
  readonly description: string;
  /** Quantity and dates. */
  readonly detail: string;
  readonly amount: string;
  /** Discounts and taxes of the line, each with its amount. */
  readonly adjustments: readonly { readonly label: string; readonly amount: string }[];
  /** How the amount was made, from the line's explanation. */
  readonly explanation: string;
}

/** One site's block. @internal */
export interface SiteView {
  readonly id: string;
  readonly name: string;
  readonly address: readonly string[];
  readonly lines: readonly LineView[];
  readonly total: string;
}

/** Everything an invoice document prints, formatted. @internal */
export interface InvoiceView {
  readonly lang: MessageLocale;
  readonly labels: InvoiceLabels;
  readonly brand: Brand;
  readonly licences: readonly BrandLicence[];
  readonly title: string;
  readonly number: string;
  readonly status: string;
  readonly customerName: string;
  readonly customerId: string;
  readonly contractId: string;
  readonly billTo: readonly string[];
  readonly issued: string;
  readonly due: string;
  readonly period: string;
  readonly fields: readonly { readonly name: string; readonly value: string }[];
  readonly sites: readonly SiteView[];
  readonly totals: readonly { readonly label: string; readonly amount: string; readonly strong?: boolean }[];
  readonly amountDue: string;
  readonly inCredit: boolean;
  readonly paymentText: string;
  readonly paymentOptions: readonly string[];
  readonly paymentLink?: string | undefined;
  readonly reference: string;
  readonly autoPay: boolean;
}

/** Builds the printed view of an invoice: exact figures from the invoice, formatted once. @internal */
export function invoiceView(invoice: Invoice | InvoiceDraft, brand: Brand, options: InvoiceDocumentOptions): InvoiceView {
  const locale = options.locale ?? "en-US";
  const lang = messageLocaleFor(locale);
  const labels = LABELS[lang];
  const fmt = (m: Money): string => formatAmount(m, locale);
  const day = (d: string): string => formatDay(d, locale);
  const credits = invoice.lines.filter((l) => l.kind === "accountCredit");
  const charges = invoice.lines.filter((l) => l.kind !== "accountCredit");
  const currency = invoice.currency;
  const sites: SiteView[] = invoice.siteSubtotals.flatMap((site) => {
    const lines = charges.filter((l) => l.siteId === site.siteId);
    if (lines.length === 0) return [];
    return [{ id: site.siteId, name: site.siteName, address: options.sites?.[site.siteId]?.lines ?? [], lines: lines.map((l) => lineView(l, fmt, day, labels.quantity)), total: fmt(sum(lines.map((l) => l.total), currency)) }];
  });
  const regions = Object.values(options.sites ?? {}).flatMap((s) => (s.region === undefined ? [] : [s.region]));
  const subtotal = sum(charges.map((l) => l.amount), currency);
  const discounts = sum(charges.map((l) => l.discountTotal), currency);
  const creditTotal = sum(credits.map((l) => l.total), currency);
  const totals: { label: string; amount: string; strong?: boolean }[] = [{ label: labels.subtotal, amount: fmt(subtotal) }];
  if (discounts.minor !== 0) totals.push({ label: labels.discounts, amount: fmt(negate(discounts)) });
  for (const t of invoice.taxTotals) totals.push({ label: `${t.taxName} (${t.jurisdictionName})`, amount: fmt(t.amount) });
  if (invoice.taxTotals.length === 0) totals.push({ label: labels.tax, amount: fmt(invoice.taxTotal) });
  if (credits.length > 0) totals.push({ label: labels.creditsApplied, amount: fmt(creditTotal) });
  totals.push({ label: labels.total, amount: fmt(invoice.total), strong: true });
  const due = options.amountDue ?? invoice.total;
  const title = invoice.kind === "final" ? labels.finalInvoice : invoice.kind === "adjustment" ? labels.adjustmentInvoice : invoice.kind === "lateFee" ? labels.lateFeeInvoice : labels.invoice;
  const fill = (s: string): string => s.replace("{company}", brand.companyName).replace("{phone}", brand.supportPhone);
  const paymentOptions = [
    ...(options.paymentLink === undefined ? [] : [labels.payOnline]),
    labels.payAch,
    fill(labels.payCheck),
    fill(labels.payPhone),
  ];
  // The figures shown must add up: subtotal − discounts + taxes + credits = total, exactly.
  const check = subtract(sum([subtotal, negate(discounts), invoice.taxTotal, creditTotal], currency), invoice.total);
  if (check.minor !== 0) throw new Error(`invoice ${invoice.status === "draft" ? "draft" : invoice.number}: its printed figures do not add up to its total (${fmt(check)} apart)`);
  return {
    lang,
    labels,
    brand,
    licences: licencesFor(brand, regions),
    title,
    number: invoice.status === "draft" ? labels.draft : invoice.number,
    status: labels.status[invoice.status] ?? invoice.status,
    customerName: invoice.customerName,
    customerId: invoice.customerId,
    contractId: invoice.contractId,
    billTo: options.billTo ?? [],
    issued: day(invoice.issueDate),
    due: day(invoice.dueDate),
    period: `${day(invoice.period.start)} – ${day(lastDay(invoice.period.end))}`,
    fields: invoice.fields.map((f) => ({ name: f.name, value: String(f.value) })),
    sites,
    totals,
    amountDue: fmt(isNegative(due) ? zero(currency) : due),
    inCredit: isNegative(due),
    paymentText: invoice.paymentInstructions.text,
    paymentOptions,
    paymentLink: options.paymentLink,
    reference: invoice.paymentInstructions.reference,
    autoPay: invoice.paymentInstructions.autoPay,
  };
}

/** The last day of a half-open period (its end is the first day after). */
function lastDay(end: string): string {
  return addDays(end, -1);
}

function lineView(line: InvoiceLine, fmt: (m: Money) => string, day: (d: string) => string, qty: string): LineView {
  const parts: string[] = [];
  if (line.quantity !== 1) parts.push(`${qty} ${line.quantity}`);
  if (line.servicePeriod !== undefined) parts.push(`${day(line.servicePeriod.start)} – ${day(lastDay(line.servicePeriod.end))}`);
  else if (line.date !== undefined) parts.push(day(line.date));
  const e = line.explanation;
  const explanation = `${e.price} (${e.priceSource})${e.cycleMonths === 1 ? "" : ` × ${e.cycleMonths} mo`}${e.fraction === "1" ? "" : ` × ${e.fraction} (${e.proration})`}${e.escalator === undefined ? "" : ` · ${e.escalator}`}${e.seasonal === undefined ? "" : ` · ${e.seasonal}`} = ${e.rounded}`;
  return {
    description: line.description,
    detail: parts.join(" · "),
    amount: fmt(line.amount),
    adjustments: [
      ...line.discounts.map((d) => ({ label: d.description, amount: fmt(negate(d.amount)) })),
      ...line.taxes.map((t) => ({ label: t.taxName, amount: fmt(t.amount) })),
      ...line.waivedTaxes.map((w) => ({ label: `${w.taxName}: ${w.reason}`, amount: "" })),
    ],
    explanation,
  };
}
