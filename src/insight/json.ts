import { ratioToString, toDecimalString, type Money, type Ratio } from "../money/index.js";
import type { InsightReport } from "./insight.js";

function isMoney(value: object): value is Money {
  const keys = Object.keys(value);
  return keys.length === 2 && "minor" in value && "currency" in value;
}

function isRatio(value: object): value is Ratio {
  const keys = Object.keys(value);
  return keys.length === 2 && "numerator" in value && "denominator" in value;
}

/** A value of a report as JSON-safe data: money as decimal strings, ratios as exact strings. */
function plain(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return value.map(plain);
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), plain(v)]));
  if (value !== null && typeof value === "object") {
    if (isMoney(value)) return toDecimalString(value);
    if (isRatio(value)) return ratioToString(value);
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}

/**
 * The report as plain JSON data, the same figures the HTML shows: every amount a decimal string in
 * the report's currency (`"1234.50"`), every ratio exact (`"0.875"`, or `"2/3"` when its decimal
 * repeats), dates as `"YYYY-MM-DD"`. Nothing is a float.
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
 * const json = JSON.stringify(insightToJson(computeInsight(facts, { asOf: "2027-03-31" })));
 * JSON.parse(json).daysToPayment.mean; // → "35"
 * ```
 */
export function insightToJson(report: InsightReport): unknown {
  return plain(report);
}
