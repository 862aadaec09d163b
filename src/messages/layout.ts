import type { Brand } from "./brand.js";
import type { LayoutLabels, TemplateSpec } from "./spec.js";

/** An attribute value built from validated brand data (colours `#rrggbb`, an https URL). */
function attr(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** The brand's style, which is baked into the compiled MJML (everything else is a Handlebars expression). @internal */
export function styleKey(brand: Brand): string {
  return `${brand.primaryColor}|${brand.accentColor}|${brand.logoUrl ?? ""}`;
}

const FOOTER_TEXT = [
  "{{brand.companyName}} · {{brand.address.line1}}{{#if brand.address.line2}}, {{brand.address.line2}}{{/if}}, {{brand.address.city}}, {{brand.address.region}} {{brand.address.postalCode}}",
].join("");

/**
 * The email document around a message: the brand header (logo or name on the primary colour),
 * the content, and the footer (address, support phone, licences). `content` is MJML for inside an
 * `mj-column`. @internal
 */
export function emailLayout(brand: Brand, labels: LayoutLabels, content: string, locale: string): string {
  const primary = attr(brand.primaryColor);
  const header =
    brand.logoUrl === undefined
      ? `<mj-text color="#ffffff" font-size="20px" font-weight="bold">{{brand.companyName}}</mj-text>`
      : `<mj-image src="${attr(brand.logoUrl)}" alt="{{brand.companyName}}" width="160px" align="left" padding="0" />`;
  return `<mjml lang="${locale}">
  <mj-head>
    <mj-title>{{subject}}</mj-title>
    <mj-preview>{{subject}}</mj-preview>
    <mj-attributes>
      <mj-all font-family="Helvetica, Arial, sans-serif" />
      <mj-text font-size="15px" line-height="22px" color="#222222" />
      <mj-table font-size="14px" line-height="20px" color="#222222" />
    </mj-attributes>
  </mj-head>
  <mj-body background-color="#f4f5f7">
    <mj-section background-color="${primary}" padding="16px 24px"><mj-column>${header}</mj-column></mj-section>
    <mj-section background-color="#ffffff" padding="24px 8px"><mj-column>
${content}
    </mj-column></mj-section>
    <mj-section padding="16px 8px"><mj-column>
      <mj-text font-size="12px" line-height="18px" color="#666666">${FOOTER_TEXT}<br />${labels.questions}{{#if brand.supportEmail}} · {{brand.supportEmail}}{{/if}}{{#each licences}}<br />{{#if label}}{{label}}{{else}}Licence{{/if}} {{number}}{{/each}}</mj-text>
    </mj-column></mj-section>
  </mj-body>
</mjml>`;
}

const right = ' style="text-align:right;padding:4px 0;white-space:nowrap"';
const heading = ' colspan="3" style="text-align:left;padding:12px 0 4px"';
const cell = ' style="padding:4px 0"';

function invoicesTable(l: LayoutLabels): string {
  return `<mj-table>
<tr style="border-bottom:1px solid #dddddd;text-align:left"><th${cell}>${l.invoice}</th><th${cell}>${l.due}</th><th${right}>${l.balance}</th></tr>
{{#each invoices}}<tr><td${cell}>{{number}}</td><td${cell}>{{date dueDate}}</td><td${right}>{{money balance}}</td></tr>{{/each}}
<tr style="border-top:1px solid #dddddd"><td${cell} colspan="2"><strong>${l.total}</strong></td><td${right}><strong>{{money total}}</strong></td></tr>
</mj-table>`;
}

function optionsTable(l: LayoutLabels): string {
  return `<mj-table>
{{#if options.length}}<tr style="border-bottom:1px solid #dddddd;text-align:left"><th${cell}>${l.option}</th><th${right}>${l.monthly}</th></tr>{{/if}}
{{#each options}}<tr><td${cell}>{{label}}</td><td${right}>{{money monthly}}</td></tr>{{/each}}
</mj-table>`;
}

function statementTable(l: LayoutLabels): string {
  const list = (field: "payments" | "credits", title: string): string =>
    `{{#if ${field}.length}}<tr><th${heading}>${title}</th></tr>{{#each ${field}}}<tr><td${cell}>{{date date}}</td><td${cell}>{{description}}</td><td${right}>{{money amount}}</td></tr>{{/each}}{{/if}}`;
  const bucket = (field: string, label: string): string => `<tr><td${cell} colspan="2">${label}</td><td${right}>{{money aging.${field}}}</td></tr>`;
  return `<mj-table>
<tr><th${heading}>${l.openInvoices}</th></tr>
<tr style="border-bottom:1px solid #dddddd;text-align:left"><th${cell}>${l.invoice}</th><th${cell}>${l.due}</th><th${right}>${l.balance}</th></tr>
{{#each invoices}}<tr><td${cell}>{{number}}</td><td${cell}>{{date dueDate}}</td><td${right}>{{money balance}}</td></tr>{{/each}}
${list("payments", l.payments)}
${list("credits", l.credits)}
<tr><th${heading}>${l.aging}</th></tr>
${bucket("current", l.current)}${bucket("days1to30", l.days1to30)}${bucket("days31to60", l.days31to60)}${bucket("days61to90", l.days61to90)}${bucket("over90", l.over90)}
<tr style="border-top:1px solid #dddddd"><td${cell} colspan="2"><strong>${l.balanceDue}</strong></td><td${right}><strong>{{money balance}}</strong></td></tr>
</mj-table>`;
}

/** The MJML content of a built-in template. @internal */
export function specToMjml(brand: Brand, labels: LayoutLabels, spec: TemplateSpec): string {
  const primary = attr(brand.primaryColor);
  const parts = [`<mj-text font-size="22px" line-height="28px" font-weight="bold" color="${primary}">${spec.heading}</mj-text>`];
  for (const p of spec.body) parts.push(`<mj-text>${p}</mj-text>`);
  if (spec.table === "invoices") parts.push(invoicesTable(labels));
  if (spec.table === "options") parts.push(optionsTable(labels));
  if (spec.table === "statement") parts.push(statementTable(labels));
  if (spec.action !== undefined) {
    parts.push(`<mj-button href="{{${spec.action.link}}}" background-color="${primary}" color="#ffffff" font-size="16px" align="left">${spec.action.label}</mj-button>`);
    parts.push(`<mj-text font-size="12px" color="#666666">{{${spec.action.link}}}</mj-text>`);
  }
  return parts.join("\n");
}

function invoicesText(l: LayoutLabels): string {
  const c = l.colon;
  return `{{#each invoices}}- ${l.invoice} {{number}}, ${l.due.toLowerCase()} {{date dueDate}}${c} {{money balance}}\n{{/each}}${l.total}${c} {{money total}}`;
}

function statementText(l: LayoutLabels): string {
  const c = l.colon;
  const list = (field: "payments" | "credits", title: string): string => `{{#if ${field}.length}}\n${title}${c}\n{{#each ${field}}}- {{date date}} {{description}}${c} {{money amount}}\n{{/each}}{{/if}}`;
  return [
    `${l.openInvoices}${c}\n{{#each invoices}}- ${l.invoice} {{number}}, ${l.due.toLowerCase()} {{date dueDate}}${c} {{money balance}}\n{{/each}}`,
    list("payments", l.payments),
    list("credits", l.credits),
    `\n${l.aging}${c} ${l.current} {{money aging.current}} · ${l.days1to30} {{money aging.days1to30}} · ${l.days31to60} {{money aging.days31to60}} · ${l.days61to90} {{money aging.days61to90}} · ${l.over90} {{money aging.over90}}`,
    `\n${l.balanceDue}${c} {{money balance}}`,
  ].join("");
}

/** The plain-text body of a built-in template. @internal */
export function specToText(labels: LayoutLabels, spec: TemplateSpec): string {
  const parts = [spec.heading, ...spec.body];
  if (spec.table === "invoices") parts.push(invoicesText(labels));
  if (spec.table === "options") parts.push(`{{#each options}}- {{label}}: {{money monthly}}\n{{/each}}`);
  if (spec.table === "statement") parts.push(statementText(labels));
  if (spec.action !== undefined) parts.push(`${spec.action.label}${labels.colon} {{${spec.action.link}}}`);
  parts.push(`-- \n${FOOTER_TEXT}\n${labels.questions}{{#each licences}}\n{{#if label}}{{label}}{{else}}Licence{{/if}} {{number}}{{/each}}`);
  return parts.join("\n\n");
}
