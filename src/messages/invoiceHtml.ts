import Handlebars from "handlebars";
import type { Invoice, InvoiceDraft } from "../invoice/index.js";
import type { Brand } from "./brand.js";
import { invoiceView, type InvoiceDocumentOptions } from "./invoiceView.js";
import { qrSvg } from "./qr.js";

const TEMPLATE = `<!DOCTYPE html>
<html lang="{{lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{title}} {{number}} · {{brand.companyName}}</title>
<style>
  @page { size: letter; margin: 14mm 14mm 16mm; }
  * { box-sizing: border-box; }
  body { font: 13px/1.45 Helvetica, Arial, sans-serif; color: #1d1d1f; margin: 0; background: #f4f5f7; }
  .sheet { max-width: 820px; margin: 24px auto; background: #fff; padding: 32px 40px; }
  header { display: flex; justify-content: space-between; align-items: flex-start; border-bottom: 3px solid {{brand.primaryColor}}; padding-bottom: 16px; }
  header .brand { color: {{brand.primaryColor}}; font-size: 22px; font-weight: bold; }
  header img { max-height: 56px; max-width: 220px; }
  header .doc { text-align: right; }
  header .doc h1 { margin: 0; font-size: 24px; color: {{brand.primaryColor}}; text-transform: uppercase; letter-spacing: .04em; }
  .muted { color: #666; }
  .small { font-size: 11px; }
  .meta { display: grid; grid-template-columns: 1fr 1fr; gap: 24px; margin: 20px 0; }
  .meta dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 0; }
  .meta dt { color: #666; }
  .meta dd { margin: 0; }
  h2 { font-size: 14px; margin: 24px 0 6px; color: {{brand.primaryColor}}; }
  table { width: 100%; border-collapse: collapse; }
  th { text-align: left; font-size: 11px; text-transform: uppercase; color: #666; border-bottom: 1px solid #ccc; padding: 4px 0; }
  td { padding: 4px 0; vertical-align: top; }
  td.num, th.num { text-align: right; white-space: nowrap; }
  tr.adj td { color: #555; font-size: 12px; padding: 0 0 2px 16px; }
  tr.why td { color: #777; font-size: 11px; padding: 0 0 6px 16px; }
  tr.sitetotal td { border-top: 1px solid #eee; font-weight: bold; }
  .site { break-inside: avoid; page-break-inside: avoid; }
  .totals { margin-left: auto; width: 55%; margin-top: 16px; }
  .totals td { border-bottom: 1px solid #f0f0f0; }
  .totals tr.strong td { font-size: 15px; font-weight: bold; border-top: 2px solid {{brand.primaryColor}}; }
  .due { margin-top: 16px; padding: 12px 16px; border-left: 4px solid {{brand.accentColor}}; background: #fafafa; display: flex; justify-content: space-between; align-items: center; }
  .due strong { font-size: 20px; color: {{brand.accentColor}}; }
  .pay a.button { display: inline-block; background: {{brand.primaryColor}}; color: #fff; padding: 8px 16px; border-radius: 4px; text-decoration: none; }
  .online { display: flex; justify-content: space-between; align-items: flex-start; gap: 16px; }
  .online > div { min-width: 0; overflow-wrap: anywhere; }
  figure.qr { margin: 0; text-align: center; flex: none; break-inside: avoid; page-break-inside: avoid; }
  figure.qr svg { display: block; width: 132px; height: 132px; }
  figure.qr figcaption { font-size: 11px; font-weight: bold; color: {{brand.primaryColor}}; }
  .stub { margin-top: 32px; border-top: 2px dashed #999; padding-top: 12px; break-inside: avoid; page-break-inside: avoid; }
  .stub .grid { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
  .blank { display: inline-block; min-width: 140px; border-bottom: 1px solid #333; }
  footer { margin-top: 24px; }
  @media print {
    body { background: #fff; }
    .sheet { margin: 0; padding: 0; max-width: none; }
    .pay a.button { color: #000; background: none; border: 1px solid #000; }
    a[href]::after { content: " (" attr(href) ")"; font-size: 10px; word-break: break-all; }
    .pay a.button::after { content: ""; }
  }
  @media (max-width: 600px) { .sheet { padding: 16px; } .meta, .stub .grid { grid-template-columns: 1fr; } .totals { width: 100%; } }
</style>
</head>
<body>
<main class="sheet">
<header>
  <div>
    {{#if brand.logoUrl}}<img src="{{brand.logoUrl}}" alt="{{brand.companyName}}">{{else}}<div class="brand">{{brand.companyName}}</div>{{/if}}
    <div class="muted small">{{brand.address.line1}}{{#if brand.address.line2}}, {{brand.address.line2}}{{/if}}<br>{{brand.address.city}}, {{brand.address.region}} {{brand.address.postalCode}}<br>{{brand.supportPhone}}{{#if brand.supportEmail}} · {{brand.supportEmail}}{{/if}}</div>
    {{#each licences}}<div class="small muted">{{#if label}}{{label}}{{else}}Licence{{/if}} {{number}}</div>{{/each}}
  </div>
  <div class="doc">
    <h1>{{title}}</h1>
    <div><strong>{{number}}</strong></div>
    <div class="muted">{{status}}</div>
  </div>
</header>
<section class="meta">
  <div>
    <h2>{{labels.billTo}}</h2>
    <div><strong>{{customerName}}</strong></div>
    {{#each billTo}}<div>{{this}}</div>{{/each}}
  </div>
  <dl>
    <dt>{{labels.customer}}</dt><dd>{{customerId}}</dd>
    <dt>{{labels.contract}}</dt><dd>{{contractId}}</dd>
    <dt>{{labels.issued}}</dt><dd>{{issued}}</dd>
    <dt>{{labels.due}}</dt><dd><strong>{{due}}</strong></dd>
    <dt>{{labels.period}}</dt><dd>{{period}}</dd>
    {{#each fields}}<dt>{{name}}</dt><dd>{{value}}</dd>{{/each}}
  </dl>
</section>
{{#each sites}}
<section class="site">
  <h2>{{name}} <span class="muted small">[{{id}}]</span></h2>
  {{#if address.length}}<div class="muted small">{{#each address}}{{this}}{{#unless @last}}, {{/unless}}{{/each}}</div>{{/if}}
  <table>
    <thead><tr><th>{{@root.labels.description}}</th><th class="num">{{@root.labels.amount}}</th></tr></thead>
    <tbody>
    {{#each lines}}
      <tr><td>{{description}}{{#if detail}} <span class="muted">· {{detail}}</span>{{/if}}</td><td class="num">{{amount}}</td></tr>
      {{#each adjustments}}<tr class="adj"><td>{{label}}</td><td class="num">{{amount}}</td></tr>{{/each}}
      <tr class="why"><td colspan="2">{{explanation}}</td></tr>
    {{/each}}
      <tr class="sitetotal"><td>{{@root.labels.siteTotal}}</td><td class="num">{{total}}</td></tr>
    </tbody>
  </table>
</section>
{{/each}}
<table class="totals">
  {{#each totals}}<tr{{#if strong}} class="strong"{{/if}}><td>{{label}}</td><td class="num">{{amount}}</td></tr>{{/each}}
</table>
<div class="due"><span>{{labels.amountDue}} · {{labels.due}} {{due}}</span><strong>{{amountDue}}</strong></div>
<section class="pay">
  <h2>{{labels.howToPay}}</h2>
  <p>{{paymentText}}</p>
  <ul>{{#each paymentOptions}}<li>{{this}}</li>{{/each}}</ul>
  {{#if paymentLink}}<div class="online"><div><p><a class="button" href="{{paymentLink}}">{{labels.payOnline}}</a></p><p class="small muted">{{paymentLink}}</p></div><figure class="qr">{{{qr}}}<figcaption>{{labels.scanToPay}}</figcaption></figure></div>{{/if}}
</section>
<section class="stub">
  <div class="small muted">✂ {{labels.stubDetach}}</div>
  <h2>{{labels.stubTitle}}</h2>
  <div class="grid">
    <div>
      <div class="muted">{{labels.payableTo}}</div>
      <div><strong>{{brand.companyName}}</strong></div>
      <div>{{brand.address.line1}}{{#if brand.address.line2}}, {{brand.address.line2}}{{/if}}</div>
      <div>{{brand.address.city}}, {{brand.address.region}} {{brand.address.postalCode}}</div>
    </div>
    <dl class="meta" style="display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:0">
      <dt>{{labels.customer}}</dt><dd>{{customerName}} ({{customerId}})</dd>
      <dt>{{labels.invoice}}</dt><dd>{{number}}</dd>
      <dt>{{labels.reference}}</dt><dd>{{reference}}</dd>
      <dt>{{labels.due}}</dt><dd>{{due}}</dd>
      <dt>{{labels.amountDue}}</dt><dd><strong>{{amountDue}}</strong></dd>
      <dt>{{labels.amountEnclosed}}</dt><dd><span class="blank">&nbsp;</span></dd>
    </dl>
  </div>
</section>
</main>
</body>
</html>`;

let compiled: Handlebars.TemplateDelegate | undefined;

/**
 * The invoice as a standalone HTML page with print-ready CSS (US Letter, sites kept whole on a
 * page, links spelled out on paper): the brand's letterhead and licences, bill-to, every site with
 * its lines, discounts, taxes and each line's explanation, taxes per jurisdiction, credits
 * applied, totals, the amount and date due, every way to pay, the payment link with its QR code
 * (an inline SVG labelled "Scan to pay": nothing is fetched) and a remittance stub for a mailed
 * check. Every value is HTML-escaped.
 *
 * @example
 * ```ts
 * const html = renderInvoiceHtml(invoice, brand, { locale: "en-US", paymentLink: "https://pay.example.com/i/abc" });
 * ```
 */
export function renderInvoiceHtml(invoice: Invoice | InvoiceDraft, brand: Brand, options: InvoiceDocumentOptions = {}): string {
  compiled ??= Handlebars.create().compile(TEMPLATE);
  const view = invoiceView(invoice, brand, options);
  // The QR code is our own markup (qrSvg escapes its label and writes no other text), so the template inserts it raw.
  return compiled({ ...view, qr: view.paymentLink === undefined ? undefined : qrSvg(view.paymentLink, { label: view.labels.scanToPay }) });
}
