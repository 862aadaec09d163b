import { describe, expect, it } from "vitest";
import { toDecimalString } from "../../src/money/index.js";
import { createTaxTable, exemptionCovers } from "../../src/tax/index.js";
import { calculate, exemption, line, onlyLine, TEXAS_RULES, taxAmounts } from "./support.js";

const texas = createTaxTable(TEXAS_RULES);

describe("exemptions", () => {
  it("waives only the state tax on monitoring for a customer exempt from that category in that jurisdiction", () => {
    const certificate = exemption("TX-EX-1042", { categories: ["monitoring"], jurisdictions: ["US-TX"] });
    const result = calculate(texas, [line("M", "39.99"), line("E", "24.99", { category: "equipment-rental" })], { exemptions: [certificate] });
    const [monitoring, equipment] = result.lines;
    expect(monitoring === undefined ? [] : taxAmounts(monitoring)).toEqual([
      ["travis-county", "0.20"],
      ["austin-city", "0.40"],
      ["austin-downtown-district", "0.20"],
    ]);
    expect(monitoring?.waived).toEqual([
      { ruleId: "tx-state", jurisdictionId: "US-TX", taxName: "Texas state sales tax", reason: "exempt: certificate TX-EX-1042" },
    ]);
    expect(equipment === undefined ? [] : taxAmounts(equipment)).toEqual([
      ["tx-state", "1.56"],
      ["travis-county", "0.12"],
      ["austin-downtown-district", "0.12"],
    ]);
    expect(equipment?.waived).toEqual([]);
  });

  it("waives every tax for a customer exempt from all categories everywhere, keeping the net", () => {
    const result = onlyLine(calculate(texas, [line("L1", "39.99")], { exemptions: [exemption("NONPROFIT-9", { categories: [], jurisdictions: [] })] }));
    expect(result.taxes).toEqual([]);
    expect(result.waived.map((w) => [w.ruleId, w.reason])).toEqual([
      ["tx-state", "exempt: certificate NONPROFIT-9"],
      ["travis-county", "exempt: certificate NONPROFIT-9"],
      ["austin-city", "exempt: certificate NONPROFIT-9"],
      ["austin-downtown-district", "exempt: certificate NONPROFIT-9"],
    ]);
    expect(toDecimalString(result.net)).toBe("39.99");
  });

  it("charges the tax again from the day the exemption expires", () => {
    const certificate = exemption("TX-EX-1042", { jurisdictions: ["US-TX"], expires: "2026-03-01" });
    const before = onlyLine(calculate(texas, [line("L1", "39.99", { taxDate: "2026-02-28" })], { exemptions: [certificate] }));
    const on = onlyLine(calculate(texas, [line("L1", "39.99", { taxDate: "2026-03-01" })], { exemptions: [certificate] }));
    expect(before.waived.map((w) => w.ruleId)).toEqual(["tx-state"]);
    expect(taxAmounts(on)[0]).toEqual(["tx-state", "2.50"]);
    expect(on.waived).toEqual([]);
  });

  it("does not waive a tax of a jurisdiction the certificate does not name", () => {
    const result = onlyLine(calculate(texas, [line("L1", "39.99")], { exemptions: [exemption("OK-EX-1", { jurisdictions: ["US-OK"] })] }));
    expect(result.taxes).toHaveLength(4);
    expect(result.waived).toEqual([]);
  });

  it("cites the first of the customer's certificates that covers a tax", () => {
    const exemptions = [
      exemption("EXPIRED", { expires: "2025-01-01" }),
      exemption("CITY-ONLY", { jurisdictions: ["US-TX-AUSTIN"] }),
      exemption("EVERYTHING"),
    ];
    const result = onlyLine(calculate(texas, [line("L1", "39.99")], { exemptions }));
    expect(result.waived.map((w) => [w.ruleId, w.reason])).toEqual([
      ["tx-state", "exempt: certificate EVERYTHING"],
      ["travis-county", "exempt: certificate EVERYTHING"],
      ["austin-city", "exempt: certificate CITY-ONLY"],
      ["austin-downtown-district", "exempt: certificate EVERYTHING"],
    ]);
  });

  it("leaves the totals without the waived taxes", () => {
    const result = calculate(texas, [line("L1", "39.99")], { exemptions: [exemption("TX", { jurisdictions: ["US-TX"] })] });
    expect(result.totals.map((t) => t.ruleId)).toEqual(["travis-county", "austin-city", "austin-downtown-district"]);
  });
});

describe("exemptionCovers()", () => {
  const certificate = exemption("TX-EX-1042", { categories: ["monitoring"], jurisdictions: ["US-TX"], expires: "2027-01-01" });

  it("covers a listed category in a listed jurisdiction until the day before it expires", () => {
    expect(exemptionCovers(certificate, "monitoring", "US-TX", "2026-12-31")).toBe(true);
    expect(exemptionCovers(certificate, "monitoring", "US-TX", "2027-01-01")).toBe(false);
  });

  it("does not cover another category or another jurisdiction", () => {
    expect(exemptionCovers(certificate, "installation", "US-TX", "2026-06-01")).toBe(false);
    expect(exemptionCovers(certificate, "monitoring", "US-TX-AUSTIN", "2026-06-01")).toBe(false);
  });

  it("covers every category and jurisdiction when the lists are absent or empty, for ever without an expiry", () => {
    expect(exemptionCovers(exemption("A"), "fee", "ANY", "2999-12-31")).toBe(true);
    expect(exemptionCovers(exemption("B", { categories: [], jurisdictions: [] }), "fee", "ANY", "2026-01-01")).toBe(true);
  });
});
