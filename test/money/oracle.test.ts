import Decimal from "decimal.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromMinorUnits, multiply, ratio, round, toDecimalString, type RoundingMode } from "../../src/money/index.js";

// decimal.js, configured through a private clone (never Decimal.set), is an independent oracle for
// rounding: the library itself works in integer minor units.
const D = Decimal.clone({ precision: 60 });
const MODES: Readonly<Record<RoundingMode, Decimal.Rounding>> = {
  up: D.ROUND_UP,
  down: D.ROUND_DOWN,
  halfUp: D.ROUND_HALF_UP,
  halfDown: D.ROUND_HALF_DOWN,
  halfEven: D.ROUND_HALF_EVEN,
};

describe("rounding agrees with decimal.js", () => {
  it("rounds money × any decimal rate like decimal.js in every mode", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -10_000_000_000, max: 10_000_000_000 }),
        fc.integer({ min: 0, max: 99_999_999 }),
        fc.integer({ min: 0, max: 8 }),
        fc.constantFrom<RoundingMode>("up", "down", "halfUp", "halfDown", "halfEven"),
        (minor, rateDigits, rateScale, mode) => {
          const rate = new D(rateDigits).div(new D(10).pow(rateScale)).toFixed(rateScale);
          const exactMinor = new D(minor).times(rate).toDecimalPlaces(0, MODES[mode]);
          const compute = (): string => toDecimalString(round(multiply(fromMinorUnits(minor, "USD"), ratio(rate)), mode));
          if (exactMinor.abs().gt(Number.MAX_SAFE_INTEGER)) {
            // Beyond the exact range, money is refused rather than rounded wrongly.
            expect(compute).toThrow("too large to represent exactly");
            return;
          }
          const theirs = new D(minor).div(100).times(rate).toDecimalPlaces(2, MODES[mode]).toFixed(2);
          expect(compute()).toBe(theirs === "-0.00" ? "0.00" : theirs);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
