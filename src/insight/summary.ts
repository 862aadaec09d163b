import { daysBetween } from "../calendar/index.js";
import { formatMoney, type Money } from "../money/index.js";
import { fixed, percent } from "./exact.js";
import type { InsightReport } from "./insight.js";

const BUCKET_LABELS: Readonly<Record<string, string>> = { current: "current", "1-30": "1–30", "31-60": "31–60", "61-90": "61–90", "90+": "90+" };

/** Money for display (`"$1,234.50"`). */
export function showMoney(value: Money, locale = "en-US"): string {
  return formatMoney(value, { locale });
}

/** A signed change for display (`"+$12.00"`, `"−$3.50"`). */
export function showChange(value: Money, locale = "en-US"): string {
  if (value.minor === 0) return showMoney(value, locale);
  const abs = { minor: Math.abs(value.minor), currency: value.currency };
  return `${value.minor < 0 ? "−" : "+"}${showMoney(abs, locale)}`;
}

/** The aging bucket's label for display. */
export function bucketLabel(bucket: string): string {
  return BUCKET_LABELS[bucket] ?? bucket;
}

/**
 * A short summary of the report for a terminal: receivables and aging, DSO and days to payment,
 * RMR and its movement, the rates, deferred revenue, the forecast and the top of the work list.
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
 * insightSummary(computeInsight(facts, { asOf: "2027-03-31" })).split("\n")[0]; // → "Receivables insight as of 2027-03-31 (USD; period 2026-04-01 → 2027-04-01)"
 * ```
 */
export function insightSummary(report: InsightReport, locale = "en-US"): string {
  const m = (v: Money): string => showMoney(v, locale);
  const a = report.aging;
  const mv = report.rmr.movement;
  const f = report.forecast;
  const top = report.workList[0];
  const rows: [string, string][] = [
    ["receivables", `${m(a.total)}  (${a.buckets.map((b) => `${bucketLabel(b.bucket)} ${m(b.total)}`).join(" · ")})`],
    ["DSO", report.dso.dso === undefined ? "— (no sales in the period)" : `${fixed(report.dso.dso, 1)} days`],
    ["days to payment", report.daysToPayment.mean === undefined ? "— (nothing paid)" : `mean ${fixed(report.daysToPayment.mean, 1)} · median ${fixed(report.daysToPayment.median ?? report.daysToPayment.mean, 1)} (${report.daysToPayment.count} invoices)`],
    ["RMR", `${m(report.rmr.current)}  (${showChange({ minor: mv.end.minor - mv.start.minor, currency: mv.end.currency }, locale)} since ${mv.from}: new +${m(mv.new)}, expansion +${m(mv.expansion)}, contraction −${m(mv.contraction)}, churn −${m(mv.churn)}; attrition ${percent(mv.churnRate)})`],
    ["auto-pay", `${percent(report.autoPay.rate)} of ${report.autoPay.of} contracts in service`],
    ["renewals", `${percent(report.renewals.rate)} of ${report.renewals.of} terms ending`],
    ["failed payments", `${percent(report.recovery.rate)} recovered by retries (${report.recovery.count} of ${report.recovery.of}; ${report.recovery.paidOtherwise} paid otherwise)`],
    ["billing accuracy", `${percent(report.accuracy.neverCorrected.rate)} never corrected · ${percent(report.accuracy.noPersonInvolved.rate)} issued and delivered with no person`],
    ["deferred revenue", `${m(report.revenue.deferred)} (${report.revenue.method})`],
    [`next ${daysBetween(f.from, f.to)} days`, `expected ${m(f.expected)} (range ${m(f.low)} – ${m(f.high)})`],
    ["collections", top === undefined ? "no account past due" : `${report.workList.length} accounts past due; first: ${top.customerName} ${m(top.pastDue)}, ${top.daysPastDue} days${top.nextAction === undefined ? "" : ` — next: ${top.nextAction.on} ${top.nextAction.action}`}`],
  ];
  const width = Math.max(...rows.map((r) => r[0].length));
  return [`Receivables insight as of ${report.asOf} (${report.currency}; period ${report.range.from} → ${report.range.to})`, ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`)].join("\n");
}
