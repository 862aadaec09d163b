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
 */
export function insightToJson(report: InsightReport): unknown {
  return plain(report);
}
