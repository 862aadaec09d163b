import { describe, expect, it } from "vitest";
import {
  exactToString,
  money,
  multiply,
  parseRoundingMode,
  ROUNDING_MODES,
  round,
  toDecimalString,
  type RoundingMode,
} from "../../src/money/index.js";
import { issuesOf } from "./support.js";

/** An exact USD amount written as a decimal with more places than cents, e.g. "2.345". */
const exactUsd = (text: string) => multiply(money(1, "USD"), text);

interface Case {
  readonly amount: string;
  readonly mode: RoundingMode;
  readonly expected: string;
}

const table = (amount: string, expected: Record<RoundingMode, string>): Case[] =>
  ROUNDING_MODES.map((mode) => ({ amount, mode, expected: expected[mode] }));

const cases: Case[] = [
  // Ties: exactly half a cent.
  ...table("2.345", { halfUp: "2.35", halfEven: "2.34", halfDown: "2.34", up: "2.35", down: "2.34" }),
  ...table("-2.345", { halfUp: "-2.35", halfEven: "-2.34", halfDown: "-2.34", up: "-2.35", down: "-2.34" }),
  ...table("2.355", { halfUp: "2.36", halfEven: "2.36", halfDown: "2.35", up: "2.36", down: "2.35" }),
  ...table("-2.355", { halfUp: "-2.36", halfEven: "-2.36", halfDown: "-2.35", up: "-2.36", down: "-2.35" }),
  ...table("0.125", { halfUp: "0.13", halfEven: "0.12", halfDown: "0.12", up: "0.13", down: "0.12" }),
  // Below a half.
  ...table("2.341", { halfUp: "2.34", halfEven: "2.34", halfDown: "2.34", up: "2.35", down: "2.34" }),
  ...table("-2.341", { halfUp: "-2.34", halfEven: "-2.34", halfDown: "-2.34", up: "-2.35", down: "-2.34" }),
  // Above a half.
  ...table("2.349", { halfUp: "2.35", halfEven: "2.35", halfDown: "2.35", up: "2.35", down: "2.34" }),
  ...table("-2.349", { halfUp: "-2.35", halfEven: "-2.35", halfDown: "-2.35", up: "-2.35", down: "-2.34" }),
  // Just above a tie: not a tie, so every nearest mode goes up.
  ...table("2.3450001", { halfUp: "2.35", halfEven: "2.35", halfDown: "2.35", up: "2.35", down: "2.34" }),
  // Just below a tie.
  ...table("-2.3449999", { halfUp: "-2.34", halfEven: "-2.34", halfDown: "-2.34", up: "-2.35", down: "-2.34" }),
  // Already whole cents: no mode moves it.
  ...table("2.34", { halfUp: "2.34", halfEven: "2.34", halfDown: "2.34", up: "2.34", down: "2.34" }),
  // Amounts under one cent, around zero.
  ...table("0.005", { halfUp: "0.01", halfEven: "0.00", halfDown: "0.00", up: "0.01", down: "0.00" }),
  ...table("-0.005", { halfUp: "-0.01", halfEven: "0.00", halfDown: "0.00", up: "-0.01", down: "0.00" }),
  ...table("-0.015", { halfUp: "-0.02", halfEven: "-0.02", halfDown: "-0.01", up: "-0.02", down: "-0.01" }),
];

describe("rounding modes", () => {
  it.each(cases)("rounds $amount with $mode to $expected", ({ amount, mode, expected }) => {
    const value = exactUsd(amount);
    expect(exactToString(value)).toBe(amount);
    expect(toDecimalString(round(value, mode))).toBe(expected);
  });

  it("never produces minus zero when a small credit rounds to nothing", () => {
    for (const mode of ["halfEven", "halfDown", "down"] as const) {
      const rounded = round(exactUsd("-0.004"), mode);
      expect(rounded.minor).toBe(0);
      expect(Object.is(rounded.minor, -0)).toBe(false);
    }
  });

  it("lists the five modes in a stable order", () => {
    expect(ROUNDING_MODES).toEqual(["halfUp", "halfEven", "halfDown", "up", "down"]);
  });
});

describe("parseRoundingMode()", () => {
  it.each(["halfUp", "halfEven", "halfDown", "up", "down"])("accepts %j", (mode) => {
    expect(parseRoundingMode(mode)).toBe(mode);
  });

  it.each(["HALF_UP", "halfup", "", "ceiling", " up"])("refuses %j with invalid_option", (mode) => {
    expect(issuesOf(() => parseRoundingMode(mode))).toEqual([{ path: ["roundingMode"], code: "invalid_option" }]);
  });

  it("refuses values that are not strings", () => {
    expect(issuesOf(() => parseRoundingMode(undefined))).toEqual([{ path: ["roundingMode"], code: "invalid_option" }]);
    expect(issuesOf(() => parseRoundingMode(1))).toEqual([{ path: ["roundingMode"], code: "invalid_option" }]);
  });

  it("reports the problem at the caller's path", () => {
    expect(issuesOf(() => parseRoundingMode("nearest", ["policy", "tax", "rounding"]))).toEqual([
      { path: ["policy", "tax", "rounding"], code: "invalid_option" },
    ]);
  });
});
