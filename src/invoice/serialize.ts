import { exactToString, ratioToString, toDecimalString, type ExactMoney, type Money, type Ratio } from "../money/index.js";

function isMoney(value: object): value is Money {
  return "minor" in value && "currency" in value && Object.keys(value).length === 2;
}

function isExactMoney(value: object): value is ExactMoney {
  return "numerator" in value && "denominator" in value && "currency" in value && Object.keys(value).length === 3;
}

function isRatio(value: object): value is Ratio {
  return "numerator" in value && "denominator" in value && Object.keys(value).length === 2;
}

/**
 * Any billing document (a draft or issued invoice, a credit note, a tax result) as plain JSON data:
 * money becomes `{ amount: "129.99", currency: "USD" }`, exact amounts and ratios become decimal
 * (or fraction) strings. Nothing passes through a float.
 *
 * @example
 * ```ts
 * JSON.stringify(toJsonDocument(draft), null, 2);
 * ```
 */
export function toJsonDocument(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return value.map(toJsonDocument);
  if (typeof value !== "object" || value === null) return value;
  if (isMoney(value)) return { amount: toDecimalString(value), currency: value.currency };
  if (isExactMoney(value)) return { amount: exactToString(value), currency: value.currency };
  if (isRatio(value)) return ratioToString(value);
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, toJsonDocument(inner)]));
}
