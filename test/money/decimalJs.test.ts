import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { fc, test } from "@fast-check/vitest";
import { computeInvoice, parseContract } from "../../src/index.js";
import { currencyExponent, divide, exactMoney, fromMinorUnits, isDecimal, money, multiply, parseMoney, ratio, round, toDecimal, toDecimalString } from "../../src/money/index.js";
import { contractInput, monitoring, site } from "../contract/builder.js";
import { issuesOf } from "./support.js";

// The caller's own decimal.js settings are never touched: a clone with other settings still counts.
const CallerDecimal = Decimal.clone({ precision: 5, rounding: Decimal.ROUND_DOWN });

describe("decimal.js in: amounts may be Decimals", () => {
  it("reads a Decimal as its decimal string, by the same rules", () => {
    expect(money(new Decimal("129.99"), "USD")).toEqual({ minor: 12999, currency: "USD" });
    expect(money(new CallerDecimal("1.500"), "USD")).toEqual({ minor: 150, currency: "USD" });
    // 0.1 + 0.2 in decimal.js is exactly 0.3 — no float ever entered.
    expect(money(new Decimal("0.1").plus("0.2"), "USD").minor).toBe(30);
    expect(money(new Decimal("1e3"), "JPY")).toEqual({ minor: 1000, currency: "JPY" });
    expect(parseMoney({ amount: new Decimal("-5.25"), currency: "USD" }).minor).toBe(-525);
    expect(exactMoney(new Decimal("0.0125"), "USD")).toEqual({ currency: "USD", numerator: 5, denominator: 4 });
    expect(ratio(new Decimal("0.0725"))).toEqual({ numerator: 29, denominator: 400 });
    expect(multiply(money("100.00", "USD"), new Decimal("1.5")).numerator).toBe(15000);
  });

  it("refuses a Decimal finer than the currency, NaN and infinities, naming the field", () => {
    expect(issuesOf(() => money(new Decimal("0.125"), "USD"))).toEqual([{ path: ["amount"], code: "too_precise" }]);
    expect(issuesOf(() => money(new Decimal(Number.NaN), "USD"))).toEqual([{ path: ["amount"], code: "invalid_decimal" }]);
    expect(issuesOf(() => parseMoney({ amount: new Decimal(Infinity), currency: "USD" }, ["payment"]))).toEqual([{ path: ["payment", "amount"], code: "invalid_decimal" }]);
  });

  it("validates a contract whose rates are Decimals exactly like its JSON, and bills it the same", () => {
    const json = contractInput({ sites: [site("S1", [monitoring("L1", "39.99")])] });
    const withDecimals = JSON.parse(JSON.stringify(json)) as Record<string, unknown>;
    const sites = withDecimals["sites"] as { lines: { rate: unknown }[] }[];
    const firstLine = sites[0]?.lines[0];
    if (firstLine === undefined) throw new Error("no line");
    firstLine.rate = new Decimal("39.99");
    expect(parseContract(withDecimals)).toEqual(parseContract(json));
    const a = computeInvoice(parseContract(json), "2027-01-01");
    const b = computeInvoice(parseContract(withDecimals), "2027-01-01");
    expect(b.total).toEqual(a.total);
    firstLine.rate = new Decimal("-1");
    expect(issuesOf(() => parseContract(withDecimals)).map((i) => i.path.join("."))).toEqual(["sites.0.lines.0.rate"]);
  });
});

describe("decimal.js out: toDecimal", () => {
  it("gives money and exact amounts in major units", () => {
    expect(toDecimal(money("129.99", "USD")).toFixed()).toBe("129.99");
    expect(toDecimal(money("-0.05", "USD")).toFixed()).toBe("-0.05");
    expect(toDecimal(money("1500", "JPY")).toFixed()).toBe("1500");
    expect(toDecimal(money("1.234", "KWD")).toFixed()).toBe("1.234");
    expect(toDecimal(divide(money("10.00", "USD"), 4)).toFixed()).toBe("2.5");
    // A non-terminating amount to 60 significant digits.
    expect(toDecimal(divide(money("10.00", "USD"), 3)).toFixed()).toBe(`3.${"3".repeat(59)}`);
    expect(isDecimal(toDecimal(money("1.00", "USD")))).toBe(true);
    expect(isDecimal("1.00")).toBe(false);
  });

  test.prop([fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), fc.constantFrom("USD", "JPY", "KWD", "CLF")])(
    "round-trips every amount: money → Decimal → money",
    (minor, currency) => {
      const amount = fromMinorUnits(minor, currency);
      const back = money(toDecimal(amount), currency);
      expect(back).toEqual(amount);
      expect(toDecimal(amount).toFixed(currencyExponent(currency))).toBe(toDecimalString(amount));
    },
  );

  test.prop([fc.integer({ min: -10_000_000, max: 10_000_000 }), fc.integer({ min: 1, max: 10_000 })])(
    "an exact amount as a Decimal rounds to what round() gives, half even",
    (minor, divisor) => {
      const e = divide(fromMinorUnits(minor, "USD"), divisor);
      expect(toDecimal(e).toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN).toFixed(2)).toBe(toDecimalString(round(e, "halfEven")));
    },
  );
});
