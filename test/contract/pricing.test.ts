/**
 * The pricing parts of the contract format: escalators, package prices with included units, and
 * versioned price books with grandfathering. Shape errors come from the schema, rules between
 * fields from the contract checks; every problem is reported with its path.
 */
import { describe, expect, it } from "vitest";
import { validationErrorOf } from "../support/errors.js";
import { parseContract } from "../../src/contract/index.js";
import { ErrorCodes, formatPath } from "../../src/errors/index.js";
import { buildContract, contractInput, PLAIN_ADDRESS, priced, type ContractSpec } from "./builder.js";

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

describe("the contract's package price: included units, then an explicit overage", () => {
  it("fills in no included units and keeps the overage as given", () => {
    const contract = buildContract({ lines: [priced("P", { model: "package", overage: { per: "block", blockSize: 4, price: "20.00" } })] });
    expect(contract.sites[0]?.lines[0]).toMatchObject({ price: { model: "package", includedUnits: 0, overage: { per: "block", blockSize: 4, price: "20.00" } } });
  });

  it("keeps a base price, included units and a per-unit overage", () => {
    const price = { model: "package", basePrice: "30.00", includedUnits: 4, overage: { per: "unit", price: "5.00" } } as const;
    expect(buildContract({ lines: [priced("P", price)] }).sites[0]?.lines[0]).toMatchObject({ price });
  });

  it("reports every problem of a package at once, each with its path", () => {
    const problems = problemsOf({
      lines: [
        priced("P", { model: "package", basePrice: "-1", includedUnits: -1, overage: { per: "block", blockSize: 0, price: "x" } }),
        priced("Q", { model: "package", includedUnits: 1.5, overage: { per: "month", price: "1.00" } } as never),
      ],
    });
    expect(problems.map(([path, code, message]) => [path, code, message])).toEqual([
      ["sites[0].lines[0].price.basePrice", ErrorCodes.invalidValue, 'expected a decimal string such as "39.99" (no sign, exponent or separators)'],
      ["sites[0].lines[0].price.includedUnits", ErrorCodes.tooSmall, "must be at least 0"],
      ["sites[0].lines[0].price.overage.blockSize", ErrorCodes.tooSmall, "must be at least 1"],
      ["sites[0].lines[0].price.overage.price", ErrorCodes.invalidValue, 'expected a decimal string such as "39.99" (no sign, exponent or separators)'],
      ["sites[0].lines[1].price.includedUnits", ErrorCodes.invalidType, "expected a whole number of units"],
      ["sites[0].lines[1].price.overage.per", ErrorCodes.invalidOption, 'expected an overage { "per": "unit", "price" } or { "per": "block", "blockSize", "price" }'],
    ]);
  });

  it("refuses the old { price, size } form, naming the fields and the missing overage", () => {
    const problems = problemsOf({ lines: [priced("P", { model: "package", price: "20.00", size: 4 } as never)] });
    expect(problems.map(([path, code]) => [path, code])).toEqual([
      ["sites[0].lines[0].price.overage", ErrorCodes.required],
      ["sites[0].lines[0].price.price", ErrorCodes.unknownField],
      ["sites[0].lines[0].price.size", ErrorCodes.unknownField],
    ]);
  });
});

describe("the contract's price books: dated versions for new contracts", () => {
  const line = { kind: "monitoring" as const, id: "L-1", tier: "video", priceKey: "video", taxCategory: "monitoring" };
  const onBook = (priceBooks: NonNullable<ContractSpec["priceBooks"]>): ContractSpec => ({
    priceBooks,
    sites: [{ id: "S-1", name: "Store", address: PLAIN_ADDRESS, priceBook: "metro", lines: [line] }],
  });
  const video = (amount: string) => ({ video: { model: "flat" as const, amount } });

  it('fills in no versions, and "renewal" for existing contracts', () => {
    const plain = buildContract(onBook({ metro: { prices: video("30.00") } }));
    expect(plain.priceBooks["metro"]?.versions).toEqual([]);
    const versioned = buildContract(onBook({ metro: { prices: video("30.00"), versions: [{ newContractsFrom: "2027-01-01", prices: video("35.00") }] } }));
    expect(versioned.priceBooks["metro"]?.versions[0]).toEqual({ newContractsFrom: "2027-01-01", existingContractsFrom: "renewal", prices: video("35.00") });
  });

  it("reports every problem of the versions at once: order, dates, unknown prices", () => {
    const problems = problemsOf(
      onBook({
        metro: {
          prices: video("30.00"),
          versions: [
            { newContractsFrom: "2027-06-01", existingContractsFrom: "2027-05-01", prices: video("35.00") },
            { newContractsFrom: "2027-01-01", existingContractsFrom: "someday", prices: { cameras: { model: "flat", amount: "5.00" } } },
          ],
        },
      }),
    );
    expect(problems).toEqual([
      ["priceBooks.metro.versions[1].existingContractsFrom", ErrorCodes.invalidValue, 'expected "renewal" or a date "YYYY-MM-DD" that exists'],
      ["priceBooks.metro.versions[0].existingContractsFrom", ErrorCodes.invalidValue, "existing contracts cannot move to a version (2027-05-01) before new contracts get it (2027-06-01)"],
      ["priceBooks.metro.versions[1].newContractsFrom", ErrorCodes.invalidValue, "price book versions must be in date order: 2027-01-01 is not after 2027-06-01"],
      ["priceBooks.metro.versions[1].prices.cameras", ErrorCodes.invalidReference, 'price book "metro" has no price "cameras" for this version to change: add it to the book\'s prices'],
    ]);
  });

  it("refuses the old book shape (prices straight in the book), naming the fields", () => {
    const problems = problemsOf(onBook({ metro: video("30.00") } as never));
    expect(problems.map(([path, code]) => [path, code])).toEqual(
      expect.arrayContaining([
        ["priceBooks.metro.prices", ErrorCodes.required],
        ["priceBooks.metro.video", ErrorCodes.unknownField],
      ]),
    );
  });
});
