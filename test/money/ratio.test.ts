import { describe, expect, it } from "vitest";
import { ratio, ratioToString } from "../../src/money/index.js";
import { issuesOf } from "./support.js";

describe("ratio()", () => {
  it("reads a decimal rate exactly and in lowest terms", () => {
    expect(ratio("0.0725")).toEqual({ numerator: 29, denominator: 400 });
  });

  it("builds a proration fraction from two integers", () => {
    expect(ratio(22, 31)).toEqual({ numerator: 22, denominator: 31 });
  });

  it("reduces to lowest terms", () => {
    expect(ratio("0.25")).toEqual({ numerator: 1, denominator: 4 });
    expect(ratio(10, 4)).toEqual({ numerator: 5, denominator: 2 });
    expect(ratio("1.50")).toEqual({ numerator: 3, denominator: 2 });
  });

  it("keeps the denominator positive and carries the sign on the numerator", () => {
    expect(ratio(-2, 4)).toEqual({ numerator: -1, denominator: 2 });
    expect(ratio(2, -4)).toEqual({ numerator: -1, denominator: 2 });
    expect(ratio(-2, -4)).toEqual({ numerator: 1, denominator: 2 });
    expect(ratio("-0.5")).toEqual({ numerator: -1, denominator: 2 });
  });

  it("divides by a decimal-string denominator", () => {
    expect(ratio("1.5", "0.5")).toEqual({ numerator: 3, denominator: 1 });
    expect(ratio(1, "0.03")).toEqual({ numerator: 100, denominator: 3 });
  });

  it("accepts a ratio as input and as denominator", () => {
    expect(ratio(ratio(1, 3), ratio(2, 3))).toEqual({ numerator: 1, denominator: 2 });
  });

  it("writes zero as 0/1 whatever the denominator", () => {
    expect(ratio(0, 7)).toEqual({ numerator: 0, denominator: 1 });
    expect(ratio("0.000")).toEqual({ numerator: 0, denominator: 1 });
    expect(ratio(-0).numerator).toBe(0);
  });

  it("uses plain numbers for parts that fit in a safe integer, also when given bigints", () => {
    expect(ratio(10n)).toEqual({ numerator: 10, denominator: 1 });
    expect(ratio(3n, 9n)).toEqual({ numerator: 1, denominator: 3 });
    expect(ratio(-7n, 2n)).toEqual({ numerator: -7, denominator: 2 });
  });

  it("keeps parts beyond the safe range exact as bigints", () => {
    expect(ratio(2n ** 60n + 1n, 2n)).toEqual({ numerator: 2n ** 60n + 1n, denominator: 2 });
    expect(ratio("12345678901234567890.5")).toEqual({ numerator: 24691357802469135781n, denominator: 2 });
  });

  it("refuses a zero denominator with division_by_zero", () => {
    expect(issuesOf(() => ratio(1, 0))).toEqual([{ path: [], code: "division_by_zero" }]);
    expect(issuesOf(() => ratio("3", "0.00"))).toEqual([{ path: [], code: "division_by_zero" }]);
  });

  it("refuses a float number with float_amount", () => {
    expect(issuesOf(() => ratio(0.1))).toEqual([{ path: [], code: "float_amount" }]);
    expect(issuesOf(() => ratio(1, 0.5))).toEqual([{ path: [], code: "float_amount" }]);
  });

  it("refuses an integer number beyond the safe range as out of range, not as a float", () => {
    expect(issuesOf(() => ratio(2 ** 60))).toEqual([{ path: [], code: "out_of_range" }]);
  });

  it("refuses malformed decimal strings", () => {
    expect(issuesOf(() => ratio("7.25%"))).toEqual([{ path: [], code: "invalid_decimal" }]);
    expect(issuesOf(() => ratio("1e-2"))).toEqual([{ path: [], code: "invalid_decimal" }]);
  });

  it("reports problems at the caller's path", () => {
    expect(issuesOf(() => ratio("abc", undefined, ["taxRate"]))).toEqual([{ path: ["taxRate"], code: "invalid_decimal" }]);
  });
});

describe("ratioToString()", () => {
  it("writes a terminating ratio as a decimal", () => {
    expect(ratioToString(ratio("0.0725"))).toBe("0.0725");
    expect(ratioToString(ratio("0.25"))).toBe("0.25");
    expect(ratioToString(ratio(1, 8))).toBe("0.125");
    expect(ratioToString(ratio("1.03"))).toBe("1.03");
    expect(ratioToString(ratio(-1, 20))).toBe("-0.05");
  });

  it("writes an integer ratio without a fraction", () => {
    expect(ratioToString(ratio(12))).toBe("12");
    expect(ratioToString(ratio(0, 5))).toBe("0");
    expect(ratioToString(ratio("2.50", "0.5"))).toBe("5");
  });

  it("writes a non-terminating ratio as n/d", () => {
    expect(ratioToString(ratio(22, 31))).toBe("22/31");
    expect(ratioToString(ratio(-1, 3))).toBe("-1/3");
    expect(ratioToString(ratio(1, 6))).toBe("1/6");
  });

  it("writes big parts exactly", () => {
    expect(ratioToString(ratio("12345678901234567890.5"))).toBe("12345678901234567890.5");
  });
});
