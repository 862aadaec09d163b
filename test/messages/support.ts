/** The brand and invoices the messages tests share. */
import { readFileSync } from "node:fs";
import { computeInvoice, computeInvoices, createTaxTable, issueInvoice, money, parseBrand, parseContract, parseTaxRules, periodForMonth, type Brand, type Contract, type Invoice, type InvoiceSiteAddress } from "../../src/index.js";

const root = new URL("../../", import.meta.url);

/** The sample brand of examples/messages/brand.json. */
export const brand: Brand = parseBrand(JSON.parse(readFileSync(new URL("examples/messages/brand.json", root), "utf8")));

const tax = createTaxTable(parseTaxRules(JSON.parse(readFileSync(new URL("examples/tax/us-ca-rules.json", root), "utf8"))));

/** An example contract, with its customer renamed when `name` is given. */
export function exampleContract(file: string, name?: string): Contract {
  const json = JSON.parse(readFileSync(new URL(`examples/contracts/${file}`, root), "utf8")) as { customer: { name: string } };
  if (name !== undefined) json.customer.name = name;
  return parseContract(json);
}

/** The January 2027 invoice of the two-site commercial contract (Austin TX and New York), numbered. */
export function multisiteInvoice(name?: string): { contract: Contract; invoice: Invoice } {
  const contract = exampleContract("commercial-multisite.json", name);
  const [draft] = computeInvoices(contract, periodForMonth(contract, "2027-01"), { tax });
  if (draft === undefined) throw new Error("no invoice");
  return { contract, invoice: issueInvoice(draft, { counter: 1 }) };
}

/** The residential contract's January invoice with 10.00 of account credit applied. */
export function creditedInvoice(): Invoice {
  const contract = exampleContract("residential.json");
  return issueInvoice(computeInvoice(contract, "2027-01", { tax, accountCredit: money("10.00", "USD") }), { counter: 7 });
}

/** Site addresses of a contract, for the documents. */
export function siteAddresses(contract: Contract): Record<string, InvoiceSiteAddress> {
  return Object.fromEntries(contract.sites.map((s) => [s.id, { lines: [s.address.line1, `${s.address.city}, ${s.address.state} ${s.address.postalCode}`], region: s.address.state }]));
}
