import { formatMoney, toDecimalString, type Money } from "../money/index.js";
import type { Invoice, InvoiceDraft, InvoiceLine } from "./types.js";

/** Options for {@link renderInvoiceText}. */
export interface RenderTextOptions {
  /** Locale for amounts; default `"en-US"`. */
  readonly locale?: string;
  /** Width of the text; default 96. */
  readonly width?: number;
  /** Add each line's explanation under it. Default true. */
  readonly explain?: boolean;
}

/**
 * A plain-text rendering of an invoice for a terminal, an email body or a log: header, lines
 * grouped by site with their discounts and taxes, per-site subtotals, totals, tax summary and
 * payment instructions.
 *
 * @example
 * ```ts
 * console.log(renderInvoiceText(draft));
 * ```
 */
export function renderInvoiceText(invoice: InvoiceDraft | Invoice, options: RenderTextOptions = {}): string {
  const locale = options.locale ?? "en-US";
  const width = options.width ?? 96;
  const explain = options.explain ?? true;
  const fmt = (m: Money): string => formatMoney(m, { locale });
  const row = (left: string, right: string): string => `${left.length + right.length + 1 > width ? left.slice(0, width - right.length - 2) + "…" : left}${" ".repeat(Math.max(1, width - left.length - right.length))}${right}`;
  const rule = "─".repeat(width);
  const out: string[] = [];
  const noun = invoice.kind === "final" ? "FINAL INVOICE" : invoice.kind === "adjustment" ? "ADJUSTMENT INVOICE" : invoice.kind === "lateFee" ? "LATE FEE INVOICE" : "INVOICE";
  const title = invoice.status === "draft" ? `DRAFT ${noun} (${invoice.series}, not yet numbered)` : `${noun} ${invoice.number} — ${invoice.status.toUpperCase()}`;
  out.push(rule, title, rule);
  out.push(`Bill to:   ${invoice.customerName} (${invoice.customerId})`);
  out.push(`Contract:  ${invoice.contractId}`);
  out.push(`Period:    ${invoice.period.start} to ${invoice.period.end} (exclusive) · period #${invoice.period.index}`);
  out.push(`Billed:    in ${invoice.timing}`);
  out.push(`Issued:    ${invoice.issueDate}    Due: ${invoice.dueDate}    Currency: ${invoice.currency}${invoice.taxInclusive ? " (prices include tax)" : ""}`);
  for (const field of invoice.fields) out.push(`${`${field.name}:`.padEnd(10)} ${String(field.value)}`);
  for (const site of invoice.siteSubtotals) {
    const lines = invoice.lines.filter((l) => l.siteId === site.siteId);
    if (lines.length === 0) continue;
    out.push("", `■ ${site.siteName} [${site.siteId}]`);
    for (const line of lines) out.push(...renderLine(line, fmt, row, explain));
    out.push(row("  Site subtotal", fmt(site.subtotal)));
    if (site.discountTotal.minor !== 0) out.push(row("  Site discounts", `−${fmt(site.discountTotal)}`));
    out.push(row("  Site tax", fmt(site.taxTotal)), row("  Site total", fmt(site.total)));
  }
  out.push("", rule);
  out.push(row("Subtotal", fmt(invoice.subtotal)));
  if (invoice.discountTotal.minor !== 0) out.push(row("Discounts", `−${fmt(invoice.discountTotal)}`));
  for (const tax of invoice.taxTotals) out.push(row(`${tax.taxName} (${tax.jurisdictionName})`, fmt(tax.amount)));
  out.push(row("Tax", fmt(invoice.taxTotal)));
  out.push(row(`TOTAL ${invoice.currency}`, fmt(invoice.total)));
  out.push(rule, invoice.paymentInstructions.text, `Reference: ${invoice.paymentInstructions.reference}`);
  return out.join("\n");
}

function renderLine(line: InvoiceLine, fmt: (m: Money) => string, row: (l: string, r: string) => string, explain: boolean): string[] {
  const when = line.servicePeriod === undefined ? (line.date === undefined ? "" : ` · ${line.date}`) : ` · ${line.servicePeriod.start} to ${line.servicePeriod.end}`;
  const qty = line.quantity === 1 ? "" : ` · qty ${line.quantity}`;
  const out = [row(`  ${line.description}${qty}${when}`, fmt(line.amount))];
  for (const d of line.discounts) out.push(row(`      ${d.description}`, `−${fmt(d.amount)}`));
  for (const t of line.taxes) out.push(row(`      ${t.taxName}`, fmt(t.amount)));
  for (const w of line.waivedTaxes) out.push(`      ${w.taxName}: ${w.reason}`);
  if (explain) {
    const e = line.explanation;
    out.push(`      ↳ ${e.price} (${e.priceSource}) × ${e.cycleMonths} month(s) × ${e.fraction} [${e.proration}]${e.escalator === undefined ? "" : ` · ${e.escalator}`} = ${e.unrounded} → ${e.rounded} (${e.rounding})`);
  }
  return out;
}
