/**
 * Tax tables and readers shared by the invoice tests. Readers return plain strings so expectations
 * read to the cent.
 */
import { readFileSync } from "node:fs";
import { DEFAULT_INVOICE_ROUNDING, type InvoiceDraft, type InvoiceLine, type InvoiceRoundingPolicy } from "../../src/invoice/index.js";
import { toDecimalString, type Money } from "../../src/money/index.js";
import { createTaxTable, parseTaxRules, type TaxProvider, type TaxRoundingPolicy, type TaxRule } from "../../src/tax/index.js";
import type { AddressInput } from "../contract/builder.js";

/** Amount as a decimal string: "39.99". */
export const dec = (value: Money): string => toDecimalString(value);

/** The made-up state "XX" of the builder's default address. */
const EXAMPLELAND = { id: "US-XX", name: "Exampleland", level: "state", country: "US", state: "XX" } as const;

/** Exampleland: 4 % on monitoring, 10 % on equipment rental; installation and fees untaxed. */
export const EXAMPLELAND_RULES: readonly TaxRule[] = [
  {
    id: "xx-state",
    jurisdiction: EXAMPLELAND,
    taxName: "Exampleland sales tax",
    ratesPercent: { monitoring: "4", "equipment-rental": "10" },
    effectiveFrom: "2000-01-01",
  },
];

/** Exampleland's 4 %/10 % state tax. */
export const exampleland: TaxProvider = createTaxTable(EXAMPLELAND_RULES);

/** Exampleland plus a 1 % city tax in Capital City on every category the state taxes. */
export const CAPITAL_CITY_RULES: readonly TaxRule[] = [
  ...EXAMPLELAND_RULES,
  {
    id: "xx-capital",
    jurisdiction: { id: "US-XX-CAP", name: "Capital City", level: "city", country: "US", state: "XX", city: "Capital City" },
    taxName: "Capital City tax",
    ratesPercent: { monitoring: "1", "equipment-rental": "1" },
    effectiveFrom: "2000-01-01",
  },
];

export const capitalCity: TaxProvider = createTaxTable(CAPITAL_CITY_RULES);

export const CAPITAL_CITY_ADDRESS: AddressInput = { line1: "2 State St", city: "Capital City", state: "XX", postalCode: "00002", country: "US" };

/** The example rule table shipped with the project. */
export const EXAMPLE_RULES_PATH = new URL("../../examples/tax/us-ca-rules.json", import.meta.url);
export const exampleTaxTable = (): TaxProvider => createTaxTable(parseTaxRules(JSON.parse(readFileSync(EXAMPLE_RULES_PATH, "utf8")) as unknown));

/** The default rounding with another tax policy. */
export function withTaxRounding(tax: Partial<TaxRoundingPolicy>): InvoiceRoundingPolicy {
  return { ...DEFAULT_INVOICE_ROUNDING, tax: { ...DEFAULT_INVOICE_ROUNDING.tax, ...tax } };
}

/** `[amount, discountTotal, net, taxTotal, total]` of a line. */
export function lineFigures(line: InvoiceLine): [string, string, string, string, string] {
  return [dec(line.amount), dec(line.discountTotal), dec(line.net), dec(line.taxTotal), dec(line.total)];
}

/** `[subtotal, discountTotal, taxTotal, total]` of an invoice. */
export function totals(draft: InvoiceDraft): [string, string, string, string] {
  return [dec(draft.subtotal), dec(draft.discountTotal), dec(draft.taxTotal), dec(draft.total)];
}

/** The one line of an invoice, failing the test when there is not exactly one. */
export function onlyLine(draft: { readonly lines: readonly InvoiceLine[] }): InvoiceLine {
  const [first, ...rest] = draft.lines;
  if (first === undefined || rest.length > 0) throw new Error(`expected one line, got ${draft.lines.length}`);
  return first;
}

/** The line billing a contract line, failing the test when there is not exactly one. */
export function lineOf(draft: { readonly lines: readonly InvoiceLine[] }, lineId: string): InvoiceLine {
  const found = draft.lines.filter((l) => l.lineId === lineId);
  const [first] = found;
  if (first === undefined || found.length > 1) throw new Error(`expected one invoice line for ${lineId}, got ${found.length}`);
  return first;
}
