/**
 * What a documentation example may use without defining it — the names a reader has at hand by
 * then: the example contract and tax rules of the repository, a draft and an issued invoice of it,
 * the whole example portfolio, and a `save` that keeps what it is given. Every other name an
 * example uses, it defines or imports itself.
 */
import { readFileSync, readdirSync } from "node:fs";
import { computeInvoice, createTaxTable, issueInvoice, parseContract, parseTaxRules, type Contract, type Invoice, type InvoiceDraft } from "../../src/index.js";

const root = new URL("../../", import.meta.url);
const json = (path: string): unknown => JSON.parse(readFileSync(new URL(path, root), "utf8"));

/** examples/contracts/residential.json, as read from the CRM. */
export const contractJson = json("examples/contracts/residential.json");
/** The same, parsed. */
export const contract: Contract = parseContract(contractJson);
/** examples/tax/us-ca-rules.json, as read. */
export const rulesJson = json("examples/tax/us-ca-rules.json");
/** Another name for it, as some examples say. */
export const taxRulesJson = rulesJson;
/** The rules, parsed. */
export const rules = parseTaxRules(rulesJson);
/** A tax table over them. */
export const tax = createTaxTable(rules);
/** January 2027's draft of the residential contract. */
export const draft: InvoiceDraft = computeInvoice(contract, "2027-01", { tax });
/** That draft, issued. */
export const invoice = issueInvoice(draft, { counter: 1 });
/** Every example contract. */
export const contracts: Contract[] = readdirSync(new URL("examples/contracts/", root))
  .filter((f) => f.endsWith(".json"))
  .sort()
  .map((f) => parseContract(json(`examples/contracts/${f}`)));
/** Every example contract, as a generator (a stream from your database). */
export function* readContracts(): Generator<Contract> {
  yield* contracts;
}
/** Keeps what it is given (your database). */
export const saved: unknown[] = [];
/** Saves a document. */
export function save(document: unknown): void {
  saved.push(document);
}
/** The contract's invoices issued so far (none yet). */
export const issued: Invoice[] = [];
