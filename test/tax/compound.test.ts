import { describe, expect, it } from "vitest";
import { exactToString, toDecimalString } from "../../src/money/index.js";
import { createTaxTable, type TaxRule } from "../../src/tax/index.js";
import { calculate, exemption, line, MONTREAL, onlyLine, QUEBEC_RULES, taxAmounts } from "./support.js";

const quebec = createTaxTable(QUEBEC_RULES);
const at = (amount: string) => line("L1", amount, { address: MONTREAL, taxDate: "2012-06-01" });

describe("compound taxes (Quebec-style QST on the price plus GST)", () => {
  it("charges GST on the price and QST on the price plus GST", () => {
    const result = onlyLine(calculate(quebec, [at("100.00")]));
    expect(taxAmounts(result)).toEqual([
      ["ca-gst", "5.00"],
      ["qc-qst", "9.98"], // 9.5 % of 105.00 = 9.975
    ]);
    const [gst, qst] = result.taxes;
    expect(gst?.compound).toBe(false);
    expect(qst?.compound).toBe(true);
    expect(qst === undefined ? undefined : exactToString(qst.base)).toBe("105.00");
    expect(qst?.explanation).toBe("QST (rule qc-qst, CA-QC) 9.5 % of 105.00 (100.00 plus the non-compound taxes, compound) = 9.975 → 9.98 (halfUp, per line)");
  });

  it("compounds on the exact GST, not the rounded one", () => {
    // GST 10.68 × 5 % = 0.534 → 0.53; QST 9.5 % of 11.214 = 1.06533 → 1.07 (on 11.21 it would be 1.06495 → 1.06).
    const result = onlyLine(calculate(quebec, [at("10.68")]));
    expect(taxAmounts(result)).toEqual([
      ["ca-gst", "0.53"],
      ["qc-qst", "1.07"],
    ]);
    expect(result.taxes[1] === undefined ? undefined : exactToString(result.taxes[1].base)).toBe("11.214");
  });

  it("computes compound taxes after the simple ones whatever their level", () => {
    // The compound QST is a state tax, listed after the country GST; a compound country tax would
    // still come after a simple state tax.
    const flipped: readonly TaxRule[] = [
      { ...(QUEBEC_RULES[0] as TaxRule), compound: true },
      { ...(QUEBEC_RULES[1] as TaxRule), compound: false },
    ];
    const result = onlyLine(calculate(createTaxTable(flipped), [at("100.00")]));
    expect(taxAmounts(result)).toEqual([
      ["qc-qst", "9.50"],
      ["ca-gst", "5.48"], // 5 % of 109.50 = 5.475
    ]);
  });

  it("charges every compound tax on the base plus the simple taxes, not on each other", () => {
    const cityLevy: TaxRule = {
      id: "mtl-levy",
      jurisdiction: { id: "CA-QC-MTL", name: "Montréal", level: "city", country: "CA", state: "QC", city: "Montréal" },
      taxName: "Montréal levy",
      ratesPercent: { monitoring: "1" },
      effectiveFrom: "2012-01-01",
      compound: true,
    };
    const result = onlyLine(calculate(createTaxTable([...QUEBEC_RULES, cityLevy]), [at("100.00")]));
    expect(taxAmounts(result)).toEqual([
      ["ca-gst", "5.00"],
      ["qc-qst", "9.98"],
      ["mtl-levy", "1.05"], // 1 % of 105.00, not of 114.975
    ]);
  });

  it("leaves a waived simple tax out of the compound base", () => {
    const result = onlyLine(calculate(quebec, [at("100.00")], { exemptions: [exemption("GST-EX-7", { jurisdictions: ["CA"] })] }));
    expect(taxAmounts(result)).toEqual([["qc-qst", "9.50"]]);
    expect(result.waived.map((w) => w.ruleId)).toEqual(["ca-gst"]);
  });

  it("charges only GST before QST took effect", () => {
    const result = onlyLine(calculate(quebec, [line("L1", "100.00", { address: MONTREAL, taxDate: "2011-12-31" })]));
    expect(taxAmounts(result)).toEqual([["ca-gst", "5.00"]]);
  });

  it("keeps a tax-inclusive price whole with a compound tax inside it", () => {
    // 114.98 ÷ (1.05 × 1.095) = 100.004348…: GST 5.000217… → 5.00, QST 9.975434… → 9.98.
    for (const inclusive of ["tax", "net"] as const) {
      const result = onlyLine(calculate(quebec, [at("114.98")], { inclusive: true, rounding: { level: "line", mode: "halfUp", inclusive } }));
      expect(taxAmounts(result)).toEqual([
        ["ca-gst", "5.00"],
        ["qc-qst", "9.98"],
      ]);
      expect(toDecimalString(result.net)).toBe("100.00");
    }
  });
});
