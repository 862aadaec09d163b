import { describe, expect, it } from "vitest";
import { add, exactToString, money, multiply, ratio, ratioToString, sum, toDecimalString } from "../../src/money/index.js";
import { createTaxTable, inclusiveFactor, netOfInclusivePrice, type LineTaxResult, type TaxRoundingPolicy } from "../../src/tax/index.js";
import {
  calculate,
  EXAMPLELAND,
  exemption,
  FOUR_PERCENT_RULES,
  line,
  onlyLine,
  TEXAS_RULES,
  taxAmounts,
  totalAmounts,
  usd,
} from "./support.js";

const fourPercent = createTaxTable(FOUR_PERCENT_RULES);
const policy = (level: "line" | "invoice", inclusive: "tax" | "net"): TaxRoundingPolicy => ({ level, mode: "halfUp", inclusive });
const listed = (amount: string, lineId = "L1") => line(lineId, amount, { address: EXAMPLELAND });
const total = (result: LineTaxResult) => toDecimalString(add(result.net, sum(result.taxes.map((t) => t.amount), "USD")));

describe("tax-inclusive prices: an inclusive 4 % tax on 2.99", () => {
  it("rounded on the tax: the tax 0.115 rounds half up to 0.12 and the net is 2.87", () => {
    const result = onlyLine(calculate(fourPercent, [listed("2.99")], { inclusive: true, rounding: policy("line", "tax") }));
    expect(taxAmounts(result)).toEqual([["xx-state", "0.12"]]);
    expect(toDecimalString(result.net)).toBe("2.87");
    expect(total(result)).toBe("2.99");
    expect(result.taxes[0]?.explanation).toBe(
      "Exampleland sales tax (rule xx-state, US-XX) 4 % of 2.875 (the net of the tax-inclusive 2.99) = 0.115 → 0.12 (halfUp on the tax, per line)",
    );
  });

  it("rounded on the net: the net 2.875 rounds half up to 2.88 and the tax is 0.11", () => {
    const result = onlyLine(calculate(fourPercent, [listed("2.99")], { inclusive: true, rounding: policy("line", "net") }));
    expect(taxAmounts(result)).toEqual([["xx-state", "0.11"]]);
    expect(toDecimalString(result.net)).toBe("2.88");
    expect(total(result)).toBe("2.99");
    expect(result.taxes[0]?.explanation).toBe(
      "Exampleland sales tax (rule xx-state, US-XX) 4 % of 2.875 (the net of the tax-inclusive 2.99) = 0.115 → 0.11 (2.99 − the net 2.875 rounded halfUp to 2.88, per line)",
    );
  });

  it("gives the same answers rounded per invoice when the invoice has one line", () => {
    const onTax = onlyLine(calculate(fourPercent, [listed("2.99")], { inclusive: true, rounding: policy("invoice", "tax") }));
    const onNet = onlyLine(calculate(fourPercent, [listed("2.99")], { inclusive: true, rounding: policy("invoice", "net") }));
    expect([toDecimalString(onTax.net), taxAmounts(onTax)]).toEqual(["2.87", [["xx-state", "0.12"]]]);
    expect([toDecimalString(onNet.net), taxAmounts(onNet)]).toEqual(["2.88", [["xx-state", "0.11"]]]);
  });
});

describe("tax-inclusive prices on an invoice of three 2.99 lines", () => {
  const lines = [listed("2.99", "A"), listed("2.99", "B"), listed("2.99", "C")];
  const run = (level: "line" | "invoice", inclusive: "tax" | "net") => calculate(fourPercent, lines, { inclusive: true, rounding: policy(level, inclusive) });

  it("per line on the tax: 0.12 on each line, 0.36 in all", () => {
    const result = run("line", "tax");
    expect(result.lines.map((l) => [toDecimalString(l.net), taxAmounts(l)[0]?.[1]])).toEqual([
      ["2.87", "0.12"],
      ["2.87", "0.12"],
      ["2.87", "0.12"],
    ]);
    expect(totalAmounts(result)).toEqual([["xx-state", "0.36"]]);
  });

  it("per invoice on the tax: 0.345 rounds to 0.35, spread 0.12, 0.12, 0.11, each line keeping 2.99", () => {
    const result = run("invoice", "tax");
    expect(result.lines.map((l) => [toDecimalString(l.net), taxAmounts(l)[0]?.[1]])).toEqual([
      ["2.87", "0.12"],
      ["2.87", "0.12"],
      ["2.88", "0.11"],
    ]);
    expect(totalAmounts(result)).toEqual([["xx-state", "0.35"]]);
    expect(result.lines.map(total)).toEqual(["2.99", "2.99", "2.99"]);
  });

  it("per invoice on the net: the net 8.625 rounds to 8.63, leaving 0.34 of tax, each line keeping 2.99", () => {
    const result = run("invoice", "net");
    expect(result.lines.map((l) => [toDecimalString(l.net), taxAmounts(l)[0]?.[1]])).toEqual([
      ["2.87", "0.12"],
      ["2.88", "0.11"],
      ["2.88", "0.11"],
    ]);
    expect(totalAmounts(result)).toEqual([["xx-state", "0.34"]]);
    expect(result.lines.map(total)).toEqual(["2.99", "2.99", "2.99"]);
  });

  it("per line on the net: 0.11 on each line, 0.33 in all", () => {
    const result = run("line", "net");
    expect(totalAmounts(result)).toEqual([["xx-state", "0.33"]]);
    expect(result.lines.map(total)).toEqual(["2.99", "2.99", "2.99"]);
  });
});

describe("tax-inclusive prices: other cases", () => {
  it("keeps the listed price of a line taxed by four jurisdictions", () => {
    // 43.29 ÷ 1.0825 = 39.990762…
    const texas = createTaxTable(TEXAS_RULES);
    for (const inclusive of ["tax", "net"] as const) {
      const result = onlyLine(calculate(texas, [line("L1", "43.29")], { inclusive: true, rounding: policy("line", inclusive) }));
      expect(taxAmounts(result)).toEqual([
        ["tx-state", "2.50"],
        ["travis-county", "0.20"],
        ["austin-city", "0.40"],
        ["austin-downtown-district", "0.20"],
      ]);
      expect(toDecimalString(result.net)).toBe("39.99");
    }
  });

  it("rounds an exact tax-inclusive amount to the cent first, since the listed price is money", () => {
    // 2.99 ÷ 3 = 0.99666… → 1.00 listed; the tax inside it is 1.00 × 4/104 = 0.03846… → 0.04.
    const result = onlyLine(calculate(fourPercent, [line("L1", multiply(usd("2.99"), ratio(1, 3)), { address: EXAMPLELAND })], { inclusive: true }));
    expect([toDecimalString(result.net), taxAmounts(result)]).toEqual(["0.96", [["xx-state", "0.04"]]]);
  });

  it("keeps the whole listed price as the net when the category is not taxed", () => {
    const result = onlyLine(calculate(fourPercent, [line("L1", "2.99", { address: EXAMPLELAND, category: "fee" })], { inclusive: true }));
    expect(result.taxes).toEqual([]);
    expect(toDecimalString(result.net)).toBe("2.99");
  });

  it("keeps the whole listed price as the net for an exempt customer", () => {
    const result = onlyLine(calculate(fourPercent, [listed("2.99")], { inclusive: true, exemptions: [exemption("EX-1")] }));
    expect(result.taxes).toEqual([]);
    expect(toDecimalString(result.net)).toBe("2.99");
    expect(result.waived).toEqual([{ ruleId: "xx-state", jurisdictionId: "US-XX", taxName: "Exampleland sales tax", reason: "exempt: certificate EX-1" }]);
  });

  it("takes the tax out of a tax-inclusive credit symmetrically", () => {
    for (const inclusive of ["tax", "net"] as const) {
      const result = onlyLine(calculate(fourPercent, [listed("-2.99")], { inclusive: true, rounding: policy("line", inclusive) }));
      expect([toDecimalString(result.net), taxAmounts(result)[0]?.[1]]).toEqual(inclusive === "tax" ? ["-2.87", "-0.12"] : ["-2.88", "-0.11"]);
    }
  });
});

describe("inclusiveFactor() and netOfInclusivePrice()", () => {
  it("multiplies one plus the simple rates by one plus the compound rates", () => {
    expect(ratioToString(inclusiveFactor([ratio("0.04")], []))).toBe("1.04");
    expect(ratioToString(inclusiveFactor([ratio("0.05")], [ratio("0.095")]))).toBe("1.14975");
    expect(ratioToString(inclusiveFactor([ratio("0.0625"), ratio("0.02")], [ratio("0.01"), ratio("0.005")]))).toBe("1.0987375");
    expect(ratioToString(inclusiveFactor([], []))).toBe("1");
  });

  it("divides the price by the factor exactly", () => {
    expect(exactToString(netOfInclusivePrice(usd("2.99"), [ratio("0.04")], []))).toBe("2.875");
    expect(exactToString(netOfInclusivePrice(money("114.975", "KWD"), [ratio("0.05")], [ratio("0.095")]))).toBe("100.000");
    expect(exactToString(netOfInclusivePrice(money("1000", "JPY"), [ratio("0.1")], []))).toBe("10000/11");
  });
});
