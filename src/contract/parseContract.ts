import { formatPath, fromZodIssues, ValidationError, type ValidationIssue } from "../errors/index.js";
import { decimalsToStrings } from "./decimals.js";
import { findCardData, redactIssue } from "./cardData.js";
import { checkContract } from "./checks.js";
import { ContractSchema } from "./schema.js";
import type { Contract } from "./types.js";


/** The result of {@link safeParseContract}: the contract, or every problem with it. */
export type SafeParseContractResult =
  | {
      /** The input is a valid contract. */
      readonly success: true;
      /** The contract, with defaults filled in. */
      readonly data: Contract;
    }
  | {
      /** The input is not a valid contract. */
      readonly success: false;
      /** Every problem found, each with its path. */
      readonly error: ValidationError;
    };

/**
 * `priceBooks`, each book's `prices` and each version's `prices` are records: their keys are names
 * the user chose.
 */
function isPriceBookRecord(path: readonly (string | number)[]): boolean {
  if (path[0] !== "priceBooks") return false;
  return path.length === 1 || (path.length === 3 && path[2] === "prices") || (path.length === 5 && path[2] === "versions" && path[4] === "prices");
}

/**
 * Validates a contract from a CRM export and returns every problem as a value, never throwing for
 * bad input. Card numbers or CVV fields anywhere in the input are refused (only gateway tokens are
 * accepted); shape, values and the rules between fields (references, dates inside the term, one
 * currency) are all checked.
 *
 * @example
 * ```ts
 * const result = safeParseContract(JSON.parse(text));
 * if (!result.success) {
 *   for (const issue of result.error.issues) console.log(formatPath(issue.path), issue.message);
 * }
 * ```
 */
export function safeParseContract(raw: unknown): SafeParseContractResult {
  // Amounts held as decimal.js Decimals (a CRM's own code) validate as their decimal strings.
  const input = decimalsToStrings(raw);
  const issues: ValidationIssue[] = findCardData(input, [], [], isPriceBookRecord);
  const parsed = ContractSchema.safeParse(input, { reportInput: true });
  if (!parsed.success) {
    // A card-data field is reported once, as card data, not again as an unknown field.
    const cardPaths = new Set(issues.map((issue) => formatPath(issue.path)));
    issues.push(...fromZodIssues(parsed.error.issues).filter((issue) => !cardPaths.has(formatPath(issue.path))));
  }
  issues.push(...checkContract(input));
  // Messages quote ids and values; a card number found in the input is never echoed back.
  if (issues.length > 0 || !parsed.success) return { success: false, error: new ValidationError(issues.map(redactIssue)) };
  return { success: true, data: parsed.data };
}

/**
 * Validates a contract and returns it, or throws one {@link ValidationError} listing every problem
 * with its path, e.g. `sites[1].lines[0].rate: expected a decimal string such as "39.99"`.
 *
 * @throws {@link ValidationError}
 * @example
 * ```ts
 * const contract = parseContract(JSON.parse(fs.readFileSync("contract.json", "utf8")));
 * ```
 */
export function parseContract(input: unknown): Contract {
  const result = safeParseContract(input);
  if (!result.success) throw result.error;
  return result.data;
}
