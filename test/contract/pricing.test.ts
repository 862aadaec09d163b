/**
 * The pricing parts of the contract format: escalators, package prices with included units, and
 * versioned price books with grandfathering. Shape errors come from the schema, rules between
 * fields from the contract checks; every problem is reported with its path.
 */
import { describe, expect, it } from "vitest";
import { validationErrorOf } from "../support/errors.js";
import { parseContract } from "../../src/contract/index.js";
import { ErrorCodes, formatPath } from "../../src/errors/index.js";
import { buildContract, contractInput, type ContractSpec } from "./builder.js";

/** `[path, code, message]` of every problem with the contract built from `spec`. */
function problemsOf(spec: ContractSpec): [string, string, string][] {
  return validationErrorOf(() => parseContract(contractInput(spec))).issues.map((issue) => [formatPath(issue.path), issue.code, issue.message]);
}

describe("the contract's escalator: one percentage notation", () => {
  it('keeps "3" as 3 % and fills in compounding', () => {
    const contract = buildContract({ term: { escalator: { kind: "percent", percent: "3", capPercent: "10" } } });
    expect(contract.term.escalator).toEqual({ kind: "percent", percent: "3", compounding: true, capPercent: "10" });
  });

  it('refuses "3%" and "-3" for the percent and the cap, naming each field and the notation', () => {
    const problems = problemsOf({ term: { escalator: { kind: "percent", percent: "3%", capPercent: "-3" } } });
    expect(problems.map(([path, code]) => [path, code])).toEqual([
      ["term.escalator.percent", ErrorCodes.invalidValue],
      ["term.escalator.capPercent", ErrorCodes.invalidValue],
    ]);
    for (const [, , message] of problems) expect(message).toContain('a percentage as a decimal string such as "10" (for 10 %)');
  });
});
