import { describe, expect, it } from "vitest";
import type { Contract } from "../../src/contract/index.js";
import { ValidationError } from "../../src/errors/index.js";
import { computeInvoices, periodForMonth, streamInvoices, type InvoiceDraft } from "../../src/invoice/index.js";
import { buildContract, monitoring, site } from "../contract/builder.js";
import { thrownBy } from "../support/errors.js";
import { dec, exampleland } from "./support.js";

const january = (contract: Contract) => periodForMonth(contract, "2027-01");

const residential = buildContract({ id: "C-1", lines: [monitoring("L-1", "39.99")] });
const twoSites = buildContract({
  id: "C-2",
  billing: { consolidation: "perSite" },
  sites: [site("S-1", [monitoring("L-1", "29.99")]), site("S-2", [monitoring("L-2", "49.99")])],
});
/** Bills a category no tax table knows: refused, never billed untaxed. */
const unknownCategory = buildContract({ id: "C-3", lines: [monitoring("L-1", "19.99", { taxCategory: "drone-patrol" })] });
/** Ended before January 2027: no period in the month. */
const ended = buildContract({ id: "C-4", start: "2025-01-01", end: "2026-01-01", lines: [monitoring("L-1", "9.99")] });

const summary = (drafts: Iterable<InvoiceDraft>): [string, string, string][] => [...drafts].map((d) => [d.contractId, d.siteIds.join("+"), dec(d.total)]);

describe("streamInvoices", () => {
  it("yields each contract's invoices in order, one per site for a per-site contract, as computeInvoices does", () => {
    const drafts = [...streamInvoices([residential, twoSites], { period: january })];
    expect(summary(drafts)).toEqual([
      ["C-1", "S-1", "39.99"],
      ["C-2", "S-1", "29.99"],
      ["C-2", "S-2", "49.99"],
    ]);
    expect(drafts.slice(1)).toEqual(computeInvoices(twoSites, january(twoSites)));
  });

  it("pulls contracts one at a time: nothing is read before a draft is asked for", () => {
    let read = 0;
    function* contracts(): Generator<Contract> {
      for (const contract of [residential, twoSites, residential]) {
        read++;
        yield contract;
      }
    }
    const stream = streamInvoices(contracts(), { period: january });
    expect(read).toBe(0);
    expect(stream.next().value?.contractId).toBe("C-1");
    expect(read).toBe(1);
  });

  it("skips a contract whose period is undefined (nothing to bill this time)", () => {
    const drafts = streamInvoices([residential, ended, twoSites], { period: (c) => (c.id === "C-4" ? undefined : january(c)) });
    expect(summary(drafts).map(([id]) => id)).toEqual(["C-1", "C-2", "C-2"]);
  });

  it("without onError, stops at the first contract that cannot be billed", () => {
    const stream = streamInvoices([residential, unknownCategory, twoSites], { period: january, tax: exampleland });
    expect(stream.next().value?.contractId).toBe("C-1");
    const error = thrownBy(() => stream.next());
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.code)).toEqual(["not_billable"]);
  });

  it("with onError, reports each contract that cannot be billed, with its error, and bills the rest", () => {
    const refused: [string, string[]][] = [];
    const drafts = streamInvoices([residential, unknownCategory, ended, twoSites], {
      period: january,
      tax: exampleland,
      onError: (contract, error) => refused.push([contract.id, error.issues.map((i) => i.code)]),
    });
    expect(summary(drafts).map(([id, sites]) => `${id}/${sites}`)).toEqual(["C-1/S-1", "C-2/S-1", "C-2/S-2"]);
    expect(refused).toEqual([
      ["C-3", ["not_billable"]],
      ["C-4", ["invalid_value"]],
    ]);
  });

  it("lets an error that is not a ValidationError (a bug in a callback) end the stream even with onError", () => {
    const onError = (): void => undefined;
    const stream = streamInvoices([residential], {
      period: () => {
        throw new RangeError("boom");
      },
      onError,
    });
    expect(() => stream.next()).toThrow(RangeError);
  });
});
