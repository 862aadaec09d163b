import { describe, expect, it } from "vitest";
import { fc, test } from "@fast-check/vitest";
import { ValidationError } from "../../src/errors/index.js";
import { allocate, apportion, divide, exactMoney, fromMinorUnits, money, multiply, ratio, toDecimalString, zero } from "../../src/money/index.js";
import { issuesOf, thrownBy } from "./support.js";

const usd = (amount: string) => money(amount, "USD");
const MAX = Number.MAX_SAFE_INTEGER;

describe("allocate()", () => {
  it("splits 100.00 three ways, the leftover cent going to the first share", () => {
    expect(allocate(usd("100.00"), [1, 1, 1]).map(toDecimalString)).toEqual(["33.34", "33.33", "33.33"]);
  });

  it("hands the leftover cent to the largest remainder", () => {
    // 1.00 × 1/3 = 33.33…, 1.00 × 2/3 = 66.66…: the second remainder is larger.
    expect(allocate(usd("1.00"), [1, 2]).map(toDecimalString)).toEqual(["0.33", "0.67"]);
  });

  it("breaks ties between equal remainders in favour of the earlier share", () => {
    expect(allocate(usd("0.02"), [1, 1, 1]).map(toDecimalString)).toEqual(["0.01", "0.01", "0.00"]);
    expect(allocate(usd("0.05"), [1, 1]).map(toDecimalString)).toEqual(["0.03", "0.02"]);
  });

  it("splits a credit the same way, mirrored", () => {
    expect(allocate(usd("-0.05"), [3, 7]).map(toDecimalString)).toEqual(["-0.02", "-0.03"]);
    expect(allocate(usd("-100.00"), [1, 1, 1]).map(toDecimalString)).toEqual(["-33.34", "-33.33", "-33.33"]);
  });

  it("gives a zero ratio nothing, even when units are left over", () => {
    expect(allocate(usd("10.00"), [1, 0, 1]).map(toDecimalString)).toEqual(["5.00", "0.00", "5.00"]);
    expect(allocate(usd("0.01"), [0, 1, 0]).map(toDecimalString)).toEqual(["0.00", "0.01", "0.00"]);
    expect(allocate(usd("0.03"), [0, 1, 1]).map(toDecimalString)).toEqual(["0.00", "0.02", "0.01"]);
  });

  it("gives a zero share as plain zero, not minus zero, when splitting a credit", () => {
    const shares = allocate(usd("-10.00"), [1, 0, 1]);
    expect(shares.map((share) => Object.is(share.minor, -0))).toEqual([false, false, false]);
    expect(shares[1]).toEqual({ minor: 0, currency: "USD" });
  });

  it("accepts decimal-string ratios", () => {
    expect(allocate(usd("10.00"), ["0.3", "0.7"]).map(toDecimalString)).toEqual(["3.00", "7.00"]);
    expect(allocate(usd("0.05"), ["0.3", "0.7"]).map(toDecimalString)).toEqual(["0.02", "0.03"]);
  });

  it("accepts ratios, strings and integers together, on a common denominator", () => {
    // Weights 1/3 : 1/2 : 1 are 2 : 3 : 6 of 11.
    expect(allocate(usd("1.00"), [ratio(1, 3), "0.5", 1]).map(toDecimalString)).toEqual(["0.18", "0.27", "0.55"]);
  });

  it("accepts bigint ratios", () => {
    expect(allocate(usd("1.00"), [1n, 3n]).map(toDecimalString)).toEqual(["0.25", "0.75"]);
  });

  it("splits in the currency's own minor unit", () => {
    expect(allocate(money(1000, "JPY"), [1, 1, 1]).map(toDecimalString)).toEqual(["334", "333", "333"]);
    expect(allocate(money("1.000", "KWD"), [1, 1, 1]).map(toDecimalString)).toEqual(["0.334", "0.333", "0.333"]);
  });

  it("keeps the currency on every share", () => {
    expect(allocate(money("1.00", "EUR"), [1, 1])).toEqual([
      { minor: 50, currency: "EUR" },
      { minor: 50, currency: "EUR" },
    ]);
  });

  it("splits zero into zeros", () => {
    expect(allocate(zero("USD"), [2, 3])).toEqual([
      { minor: 0, currency: "USD" },
      { minor: 0, currency: "USD" },
    ]);
  });

  it("splits the largest safe amount exactly although the products pass 2^53", () => {
    const shares = allocate(fromMinorUnits(MAX, "USD"), [1, 2, 3]);
    expect(shares.map(toDecimalString)).toEqual(["15011998757901.65", "30023997515803.30", "45035996273704.96"]);
    expect(shares.reduce((total, share) => total + BigInt(share.minor), 0n)).toBe(BigInt(MAX));
  });

  it("handles weights beyond the safe range", () => {
    const huge = 2n ** 70n;
    expect(allocate(usd("1.00"), [huge, huge, huge * 2n]).map(toDecimalString)).toEqual(["0.25", "0.25", "0.50"]);
  });

  describe("unusable ratios", () => {
    it("refuses an all-zero list", () => {
      expect(issuesOf(() => allocate(usd("1.00"), [0, 0]))).toEqual([{ path: ["ratios"], code: "invalid_ratio" }]);
      expect(issuesOf(() => allocate(usd("1.00"), ["0.00", 0n]))).toEqual([{ path: ["ratios"], code: "invalid_ratio" }]);
    });

    it("refuses an empty list", () => {
      expect(issuesOf(() => allocate(usd("1.00"), []))).toEqual([{ path: ["ratios"], code: "invalid_ratio" }]);
    });

    it("lists every negative ratio by index", () => {
      expect(issuesOf(() => allocate(usd("1.00"), [1, -1, 2, "-0.5"]))).toEqual([
        { path: ["ratios", 1], code: "invalid_ratio" },
        { path: ["ratios", 3], code: "invalid_ratio" },
      ]);
    });

    it("lists every malformed ratio by index, together with negative ones", () => {
      expect(issuesOf(() => allocate(usd("1.00"), ["abc", 1, 1.5, ratio(-1, 2)]))).toEqual([
        { path: ["ratios", 0], code: "invalid_ratio" },
        { path: ["ratios", 2], code: "invalid_ratio" },
        { path: ["ratios", 3], code: "invalid_ratio" },
      ]);
    });

    it("throws a ValidationError whose message names each bad index", () => {
      const error = thrownBy(() => allocate(usd("1.00"), [-1, 1, -2]));
      expect(error).toBeInstanceOf(ValidationError);
      if (error instanceof ValidationError) {
        expect(error.message).toContain("ratios[0]");
        expect(error.message).toContain("ratios[2]");
        expect(error.message).not.toContain("ratios[1]");
      }
    });
  });
});

describe("apportion(): the same rule over exact amounts", () => {
  it("rounds three exact thirds of 10.00 to shares summing to 10.00", () => {
    // 10.00 / 3 = 3.333…: floors 3.33 × 3 = 9.99, one cent missing, equal remainders → the first.
    const third = divide(usd("10.00"), 3);
    expect(apportion(usd("10.00"), [third, third, third]).map(toDecimalString)).toEqual(["3.34", "3.33", "3.33"]);
  });

  it("gives the missing cent to the largest fractional part", () => {
    // 1.2349 → 1.23 (.49 of a cent), 2.2361 → 2.23 (.61): target 3.47 = 3.46 + 1 cent → the second.
    expect(apportion(usd("3.47"), [exactMoney("1.2349", "USD"), exactMoney("2.2361", "USD")]).map(toDecimalString)).toEqual(["1.23", "2.24"]);
  });

  it("mirrors a credit: a credit note's taxes split as the invoice's did", () => {
    const parts = [exactMoney("1.2349", "USD"), exactMoney("2.2361", "USD")];
    expect(apportion(usd("-3.47"), parts.map((p) => multiply(p, -1))).map(toDecimalString)).toEqual(["-1.23", "-2.24"]);
  });

  it("refuses a target no rounding of the amounts reaches: a broken invariant", () => {
    expect(() => apportion(usd("3.50"), [exactMoney("1.2349", "USD"), exactMoney("2.2361", "USD")])).toThrow(/cannot be split/);
  });

  test.prop([fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }), fc.array(fc.integer({ min: 0, max: 1_000 }), { minLength: 1, maxLength: 12 })])(
    "agrees with allocate on the exact shares amount × w / Σw, and each share is a floor or a ceiling",
    (minor, raw) => {
      const weights = raw.some((w) => w > 0) ? raw : [...raw.slice(1), 1];
      const amount = fromMinorUnits(minor, "USD");
      const total = weights.reduce((a, b) => a + b, 0);
      const exacts = weights.map((w) => multiply(amount, ratio(w, total)));
      const shares = apportion(amount, exacts);
      expect(shares).toEqual(allocate(amount, weights));
      expect(shares.reduce((a, s) => a + s.minor, 0)).toBe(minor);
      shares.forEach((share, i) => {
        const e = exacts[i];
        if (e === undefined) throw new Error("missing exact");
        const floor = Math.floor(Number(e.numerator) / Number(e.denominator));
        expect([floor, floor + 1]).toContain(share.minor);
      });
    },
  );
});
