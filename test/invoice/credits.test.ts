/** The credits stage: an account's credit balance applied to the next invoice as an explained line. */
import { describe, expect, it } from "vitest";
import { buildContract, monitoring, site } from "../contract/builder.js";
import { computeInvoice, computeInvoices } from "../../src/invoice/index.js";
import { CurrencyMismatchError } from "../../src/errors/index.js";
import { money } from "../../src/money/index.js";
import { dec, exampleland } from "./support.js";

describe("account credit applied to an invoice", () => {
  const contract = buildContract({ lines: [monitoring("L-mon", "39.99")] });

  it("takes part of the total, untaxed, and says what stays on the account", () => {
    // 39.99 + 4 % tax 1.60 = 41.59; a credit of 10.00 leaves 31.59 to pay.
    const draft = computeInvoice(contract, "2027-01", { tax: exampleland, accountCredit: money("10.00", "USD") });
    const line = draft.lines.find((l) => l.kind === "accountCredit");
    expect([dec(line?.total ?? draft.total), dec(line?.taxTotal ?? draft.total), dec(draft.taxTotal), dec(draft.total)]).toEqual(["-10.00", "0.00", "1.60", "31.59"]);
    expect(line?.explanation.proration).toBe("the whole balance applied (the invoice total is 41.59)");
  });

  it("never takes the invoice below zero", () => {
    const draft = computeInvoice(contract, "2027-01", { tax: exampleland, accountCredit: money("50.00", "USD") });
    expect([dec(draft.total), draft.lines.find((l) => l.kind === "accountCredit")?.explanation.proration]).toEqual(["0.00", "applied up to the invoice total 41.59; 8.41 stays on the account"]);
  });

  it("is used up in site order across per-site invoices", () => {
    const perSite = buildContract({ billing: { consolidation: "perSite" }, sites: [site("A", [monitoring("L-a", "30.00")]), site("B", [monitoring("L-b", "20.00")])] });
    // 40.00 of credit: 30.00 on site A's invoice, the remaining 10.00 on site B's.
    expect(computeInvoices(perSite, "2027-01", { accountCredit: money("40.00", "USD") }).map((d) => dec(d.total))).toEqual(["0.00", "10.00"]);
  });

  it("refuses a credit in another currency", () => {
    expect(() => computeInvoice(contract, "2027-01", { accountCredit: money("10.00", "EUR") })).toThrow(CurrencyMismatchError);
  });
});
