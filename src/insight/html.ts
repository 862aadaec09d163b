import type { Money } from "../money/index.js";
import { renderCharts } from "./charts.js";
import { fixed, percent } from "./exact.js";
import type { InsightReport } from "./insight.js";
import { insightToJson } from "./json.js";
import { bucketLabel, showChange, showMoney } from "./summary.js";

/** Escapes text for HTML (element content and quoted attributes). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);
}

/** Options of {@link renderInsightHtml}. */
export interface InsightHtmlOptions {
  /** The report's title; default `"Receivables insight"`. */
  readonly title?: string | undefined;
  /** The locale amounts are shown in; default `"en-US"`. */
  readonly locale?: string | undefined;
  /** Rows of the collections list shown; default 25. */
  readonly workListRows?: number | undefined;
}

const STYLE = `
  :root { color-scheme: light; --ink: #1d2430; --muted: #5d6778; --line: #e3e7ee; --card: #f6f8fb; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); background: #fff; }
  main { max-width: 1360px; margin: 0 auto; padding: 24px 28px 48px; }
  header h1 { margin: 0 0 4px; font-size: 22px; }
  header p { margin: 0; color: var(--muted); }
  .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(190px, 1fr)); gap: 12px; margin: 20px 0 8px; }
  .card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; }
  .card .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
  .card .value { font-size: 21px; font-weight: 600; margin-top: 2px; font-variant-numeric: tabular-nums; }
  .card .note { color: var(--muted); font-size: 12px; }
  .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(640px, 1fr)); gap: 20px; margin-top: 16px; }
  section { border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; }
  section h2 { font-size: 16px; margin: 0 0 8px; }
  figure { margin: 0; }
  figure svg { max-width: 100%; height: auto; }
  table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
  th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
  th { color: var(--muted); font-weight: 600; font-size: 12px; }
  td.num, th.num { text-align: right; white-space: nowrap; }
  .muted { color: var(--muted); }
  footer { margin-top: 24px; color: var(--muted); font-size: 12px; }
`;

/**
 * The report as one self-contained HTML page: headline figures, the aging bar chart, the RMR trend
 * and movement charts, the cash-flow forecast with its range, the collections work list, the aging
 * by account and reminder effectiveness — charts as inline SVG drawn on the server by ECharts, no
 * script and no network needed to open it. Every customer text is escaped. The JSON data
 * ({@link insightToJson}) is embedded too, in a `<script type="application/json" id="insight-data">`.
 *
 * @example
 * ```ts
 * // two invoices of 100.00 to Acme: INV-1 paid on 2027-02-05 (5 days late), INV-2 still open
 * const usd = (amount: string) => money(amount, "USD");
 * const bill = (number: string, issueDate: string, dueDate: string): InvoiceFact => ({ accountId: "A-1",
 *   invoice: { number, contractId: "C-1", customerName: "Acme", currency: "USD", kind: "cycle", status: "open", issueDate, dueDate, total: usd("100.00") } });
 * const facts: InsightFacts = { currency: "USD",
 *   invoices: [bill("INV-1", "2027-01-01", "2027-01-31"), bill("INV-2", "2027-02-01", "2027-02-28")],
 *   payments: [{ id: "P-1", accountId: "A-1", amount: usd("100.00"), channel: "check", receivedOn: "2027-02-05", allocations: [{ invoiceNumber: "INV-1", amount: usd("100.00") }] }] };
 * const html = await renderInsightHtml(computeInsight(facts, { asOf: "2027-03-31" }));
 * html.startsWith("<!doctype html>"); // → true
 * html.includes("Acme"); // → true
 * ```
 */
export async function renderInsightHtml(report: InsightReport, options: InsightHtmlOptions = {}): Promise<string> {
  const locale = options.locale ?? "en-US";
  const title = options.title ?? "Receivables insight";
  const charts = await renderCharts(report, locale);
  const m = (v: Money): string => escapeHtml(showMoney(v, locale));
  const e = escapeHtml;
  const a = report.aging;
  const pastDue = a.buckets.filter((b) => b.bucket !== "current").reduce((s, b) => s + b.total.minor, 0);
  const mv = report.rmr.movement;
  const f = report.forecast;
  const card = (label: string, value: string, note = "", id = ""): string =>
    `<div class="card"${id === "" ? "" : ` id="${e(id)}"`}><div class="label">${e(label)}</div><div class="value">${value}</div>${note === "" ? "" : `<div class="note">${note}</div>`}</div>`;
  const cards = [
    card("Receivables", m(a.total), `${m({ minor: pastDue, currency: report.currency })} past due`, "card-receivables"),
    card("DSO", report.dso.dso === undefined ? "—" : `${e(fixed(report.dso.dso, 1))} days`, `sales ${m(report.dso.creditSales)} over ${report.dso.days} days`, "card-dso"),
    card("Days to payment", report.daysToPayment.mean === undefined ? "—" : e(fixed(report.daysToPayment.mean, 1)), `median ${report.daysToPayment.median === undefined ? "—" : e(fixed(report.daysToPayment.median, 1))} · ${report.daysToPayment.count} paid`),
    card("RMR", m(report.rmr.current), `${e(showChange({ minor: mv.end.minor - mv.start.minor, currency: report.currency }, locale))} since ${e(mv.from)}`, "card-rmr"),
    card("Attrition", e(percent(mv.churnRate)), `churn ${m(mv.churn)} of ${m(mv.start)}`),
    card("Auto-pay", e(percent(report.autoPay.rate)), `${report.autoPay.count} of ${report.autoPay.of} contracts`),
    card("Renewal rate", e(percent(report.renewals.rate)), `${report.renewals.count} of ${report.renewals.of} terms`),
    card("Failed payments recovered", e(percent(report.recovery.rate)), `${report.recovery.count} of ${report.recovery.of} by retries`),
    card("Never corrected", e(percent(report.accuracy.neverCorrected.rate)), `${report.accuracy.neverCorrected.count} of ${report.accuracy.neverCorrected.of} invoices`),
    card("No person involved", e(percent(report.accuracy.noPersonInvolved.rate)), "issued and delivered automatically"),
    card("Deferred revenue", m(report.revenue.deferred), `recognized ${e(report.revenue.method)}`),
    card(`Cash in ${f.weeks.length} weeks`, m(f.expected), `range ${m(f.low)} – ${m(f.high)}`, "card-forecast"),
  ].join("\n");
  const rows = options.workListRows ?? 25;
  const workList = report.workList
    .slice(0, rows)
    .map(
      (w, i) =>
        `<tr><td class="num">${i + 1}</td><td>${e(w.customerName)}<div class="muted">${e(w.accountId)}</div></td><td class="num">${m(w.pastDue)}</td><td class="num">${m(w.balance)}</td><td class="num">${w.daysPastDue}</td><td class="num">${e(percent(w.risk, 0))}</td><td>${e(w.invoices.join(", "))}</td><td>${w.nextAction === undefined ? '<span class="muted">—</span>' : `${e(w.nextAction.on)} ${e(w.nextAction.action)}`}</td></tr>`,
    )
    .join("\n");
  const agingRows = a.accounts
    .slice(0, 15)
    .map((acc) => `<tr><td>${e(acc.customerName)}</td>${acc.buckets.map((b) => `<td class="num">${b.total.minor === 0 ? '<span class="muted">·</span>' : m(b.total)}</td>`).join("")}<td class="num">${m(acc.total)}</td></tr>`)
    .join("\n");
  const reminderRows = report.reminders.steps
    .map((s) => `<tr><td>${s.step < 0 ? `${-s.step} days before due` : s.step === 0 ? "on the due date" : `${s.step} days after due`}</td><td class="num">${s.paidWithin.of}</td><td class="num">${s.paidWithin.count}</td><td class="num">${e(percent(s.paidWithin.rate))}</td></tr>`)
    .join("\n");
  const changeRows = mv.changes
    .slice(0, 12)
    .map((c) => `<tr><td>${e(c.customerName)}</td><td>${e(c.kind)}</td><td class="num">${e(showChange(c.change, locale))}</td><td>${e(c.reasons.join("; "))}</td></tr>`)
    .join("\n");
  // The JSON inside a script element: "<" escaped so no text can close it.
  const data = JSON.stringify(insightToJson(report)).replace(/</g, "\\u003c");
  return `<!doctype html>
<html lang="${e(locale.split("-")[0] ?? "en")}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)} — ${e(report.asOf)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<header><h1>${e(title)}</h1><p>As of ${e(report.asOf)} · ${e(report.currency)} · period ${e(report.range.from)} to ${e(report.range.to)} (exclusive)</p></header>
<div class="cards">
${cards}
</div>
<div class="grid">
<section><h2>Accounts receivable aging</h2><figure id="aging-chart" data-buckets="${e(a.buckets.map((b) => b.bucket).join(","))}">${charts.aging}</figure></section>
<section><h2>Cash-flow forecast, next ${f.weeks.length} weeks (cumulative, with range)</h2><figure id="forecast-chart">${charts.forecast}</figure></section>
<section><h2>RMR, first of each month</h2><figure id="rmr-trend-chart">${charts.rmrTrend}</figure></section>
<section><h2>RMR movement per month</h2><figure id="rmr-movement-chart">${charts.rmrMovement}</figure>
<p class="muted">Over the period: new +${m(mv.new)} · expansion +${m(mv.expansion)} · contraction −${m(mv.contraction)} · churn −${m(mv.churn)} = ${e(showChange({ minor: mv.end.minor - mv.start.minor, currency: report.currency }, locale))}</p></section>
</div>
<section style="margin-top:20px"><h2>Collections work list</h2>
<p class="muted">Ranked by past-due balance × days past due × predicted risk. ${report.workList.length} accounts past due${report.workList.length > rows ? `; the first ${rows} shown` : ""}.</p>
<table id="work-list"><thead><tr><th class="num">#</th><th>Customer</th><th class="num">Past due</th><th class="num">Balance</th><th class="num">Days</th><th class="num">Risk</th><th>Invoices</th><th>Next automated action</th></tr></thead>
<tbody>
${workList}
</tbody></table></section>
<div class="grid">
<section><h2>Aging by account (largest first)</h2><table id="aging-accounts"><thead><tr><th>Customer</th>${a.buckets.map((b) => `<th class="num">${e(bucketLabel(b.bucket))}</th>`).join("")}<th class="num">Total</th></tr></thead><tbody>
${agingRows}
</tbody></table></section>
<section><h2>Reminder effectiveness (paid within ${report.reminders.withinDays} days)</h2><table id="reminders"><thead><tr><th>Step</th><th class="num">Sent</th><th class="num">Paid</th><th class="num">Share</th></tr></thead><tbody>
${reminderRows}
</tbody></table>
<h2 style="margin-top:16px">Largest RMR changes</h2><table id="rmr-changes"><thead><tr><th>Customer</th><th>Kind</th><th class="num">Change</th><th>Why</th></tr></thead><tbody>
${changeRows}
</tbody></table></section>
</div>
<footer>Figures are exact (integer minor units and exact ratios), rounded only for display. DSO = receivables ÷ credit sales × days in the period. Predicted payment days use each customer's median delay (25th–75th percentile for the range), the portfolio's without history. Void invoices are never counted.</footer>
</main>
<script type="application/json" id="insight-data">${data}</script>
</body>
</html>
`;
}
