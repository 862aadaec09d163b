import { describe, expect, it } from "vitest";
import { issuesOf } from "../support/errors.js";
import { ErrorCodes } from "../../src/errors/index.js";
import { exactToString, ratioToString, round, toDecimalString, type ExactMoney } from "../../src/money/index.js";
import { anniversariesBetween, anniversariesPassed, escalate, exactAmount, type EscalatorTerms } from "../../src/pricing/index.js";

const cents = (amount: ExactMoney): string => toDecimalString(round(amount, "halfUp"));
const THREE_PERCENT: EscalatorTerms = { kind: "percent", percent: "3", compounding: true };

describe("anniversariesPassed", () => {
  it.each([
    ["2024-01-01", "2027-01-01", 3],
    ["2024-01-01", "2026-12-31", 2],
    ["2026-03-10", "2027-03-09", 0],
    ["2026-03-10", "2027-03-10", 1],
    ["2026-03-10", "2026-03-10", 0],
    ["2026-03-10", "2025-12-31", 0],
    ["2024-02-29", "2025-02-27", 0],
    ["2024-02-29", "2025-02-28", 1],
    ["2024-02-29", "2028-02-28", 3],
    ["2024-02-29", "2028-02-29", 4],
  ])("counts the anniversaries of %s passed on %s (the anniversary day counts): %i", (start, date, expected) => {
    expect(anniversariesPassed(start, date)).toBe(expected);
  });
});

describe("anniversariesBetween", () => {
  it("finds the anniversary strictly inside a period", () => {
    expect(anniversariesBetween("2026-03-10", "2027-03-01", "2027-04-01")).toEqual(["2027-03-10"]);
  });

  it("leaves out an anniversary on the period's first day, which does not split it", () => {
    expect(anniversariesBetween("2024-01-01", "2027-01-01", "2027-02-01")).toEqual([]);
    expect(anniversariesBetween("2024-01-01", "2026-12-01", "2027-01-01")).toEqual([]);
  });

  it("finds every anniversary of a long span, in order", () => {
    expect(anniversariesBetween("2024-06-15", "2024-06-15", "2027-07-01")).toEqual(["2025-06-15", "2026-06-15", "2027-06-15"]);
  });
});

describe("escalate: a 3 % escalator over three anniversaries", () => {
  const price = exactAmount("39.99", "USD");

  it("compounds: 39.99 × 1.03³ = 39.99 × 1.092727 = 43.6981… → 43.70", () => {
    const result = escalate(price, 1, THREE_PERCENT, 3);
    expect(exactToString(result.amount)).toBe("43.69815273");
    expect(cents(result.amount)).toBe("43.70");
    expect(result.factor === undefined ? undefined : ratioToString(result.factor)).toBe("1.092727");
    expect(result.description).toBe("escalator 3 % compounding × 3 anniversaries = × 1.092727");
  });

  it("adds simple interest when not compounding: 39.99 × 1.09 = 43.5891 → 43.59", () => {
    const result = escalate(price, 1, { kind: "percent", percent: "3", compounding: false }, 3);
    expect(exactToString(result.amount)).toBe("43.5891");
    expect(cents(result.amount)).toBe("43.59");
    expect(result.description).toBe("escalator 3 % simple × 3 anniversaries = × 1.09");
  });

  it("stops at its cap: +5 % at most gives 39.99 × 1.05 = 41.9895 → 41.99", () => {
    const result = escalate(price, 1, { ...THREE_PERCENT, capPercent: "5" }, 3);
    expect(exactToString(result.amount)).toBe("41.9895");
    expect(cents(result.amount)).toBe("41.99");
    expect(result.description).toBe("escalator 3 % compounding × 3 anniversaries = × 1.05 (capped at +5 %)");
  });

  it("leaves a cap that is not reached out of it", () => {
    const result = escalate(price, 1, { ...THREE_PERCENT, capPercent: "10" }, 3);
    expect(cents(result.amount)).toBe("43.70");
    expect(result.description).not.toContain("capped");
  });

  it("does nothing before the first anniversary", () => {
    const result = escalate(price, 1, THREE_PERCENT, 0);
    expect(exactToString(result.amount)).toBe("39.99");
    expect(result.description).toBe("no escalation yet");
  });

  it("says anniversary in the singular after one", () => {
    expect(escalate(price, 1, THREE_PERCENT, 1).description).toBe("escalator 3 % compounding × 1 anniversary = × 1.03");
  });
});

describe("escalate: a fixed escalator", () => {
  const twoCameras = exactAmount("7.50", "USD", 2);

  it("adds its amount per unit at each anniversary: 2 × 7.50 + 2 × 3 × 1.00 = 21.00", () => {
    const result = escalate(twoCameras, 2, { kind: "fixed", amount: "1.00" }, 3);
    expect(exactToString(result.amount)).toBe("21.00");
    expect(result.description).toBe("escalator +1.00 per unit × 3 anniversaries");
  });

  it("stops at its cap per unit: +2.50 at most gives 2 × 7.50 + 2 × 2.50 = 20.00", () => {
    const result = escalate(twoCameras, 2, { kind: "fixed", amount: "1.00", capAmount: "2.50" }, 3);
    expect(exactToString(result.amount)).toBe("20.00");
    expect(result.description).toBe("escalator +1.00 per unit × 3 anniversaries (capped at +2.50)");
  });
});

describe("escalate: one percentage notation", () => {
  const hundred = exactAmount("100.00", "USD");

  it('reads "3" as 3 % and "0.03" as 0.03 %, never as a fraction: 100.00 × 1.03 = 103.00, 100.00 × 1.0003 = 100.03', () => {
    expect(exactToString(escalate(hundred, 1, THREE_PERCENT, 1).amount)).toBe("103.00");
    // 0.03 % of 100.00 is 0.03: the same string means the same thing here as in a tax rate or a discount.
    expect(exactToString(escalate(hundred, 1, { kind: "percent", percent: "0.03", compounding: true }, 1).amount)).toBe("100.03");
  });

  it("names the field of a percentage that is not a Percent string", () => {
    expect(issuesOf(() => escalate(hundred, 1, { kind: "percent", percent: "3%", compounding: true }, 1))).toEqual([{ path: ["percent"], code: ErrorCodes.invalidDecimal }]);
    expect(issuesOf(() => escalate(hundred, 1, { ...THREE_PERCENT, capPercent: "-5" }, 1))).toEqual([{ path: ["capPercent"], code: ErrorCodes.invalidDecimal }]);
  });
});
