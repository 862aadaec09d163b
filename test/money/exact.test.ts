import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CurrencyMismatchError } from "../../src/errors/index.js";
import {
  add,
  addExact,
  currencyExponent,
  divide,
  exact,
  exactMoney,
  exactToRatio,
  exactToString,
  fromMinorUnits,
  money,
  multiply,
  ratio,
  round,
  toDecimalString,
} from "../../src/money/index.js";
import { validationErrorOf } from "../support/errors.js";
import { issuesOf } from "./support.js";

const usd = (amount: string) => money(amount, "USD");
const MAX = Number.MAX_SAFE_INTEGER;

describe("exact()", () => {
  it("turns money into a whole number of minor units over one", () => {
    expect(exact(usd("1.00"))).toEqual({ currency: "USD", numerator: 100, denominator: 1 });
  });

  it("leaves an exact amount as it is", () => {
    const third = multiply(usd("1.00"), ratio(1, 3));
    expect(exact(third)).toBe(third);
  });
});

describe("exactMoney()", () => {
  it("reads a price in major units as whole minor units", () => {
    expect(exactMoney("29.99", "USD")).toEqual({ currency: "USD", numerator: 2999, denominator: 1 });
    expect(exactMoney("29.9", "USD")).toEqual({ currency: "USD", numerator: 2990, denominator: 1 });
    expect(exactMoney("1500", "JPY")).toEqual({ currency: "JPY", numerator: 1500, denominator: 1 });
    expect(exactMoney("-5", "BHD")).toEqual({ currency: "BHD", numerator: -5000, denominator: 1 });
    expect(exactMoney("-0.00", "USD")).toEqual({ currency: "USD", numerator: 0, denominator: 1 });
  });

  it("keeps a price finer than the minor unit exact, in lowest terms", () => {
    expect(exactMoney("0.0125", "USD")).toEqual({ currency: "USD", numerator: 5, denominator: 4 });
    expect(exactMoney("2.500", "USD")).toEqual({ currency: "USD", numerator: 250, denominator: 1 });
    expect(exactMoney("0.5", "JPY")).toEqual({ currency: "JPY", numerator: 1, denominator: 2 });
  });

  it("stays exact beyond the safe-integer range", () => {
    expect(exactMoney("123456789012345678.91", "USD")).toEqual({ currency: "USD", numerator: 12345678901234567891n, denominator: 1 });
    expect(exactToString(exactMoney("-99999999999999999.999", "USD"))).toBe("-99999999999999999.999");
  });

  it("names every problem: a malformed amount and an unknown currency together", () => {
    const error = validationErrorOf(() => exactMoney("12,50", "XXQ", ["sites", 0, "lines", 1]));
    expect(error.issues).toEqual([
      { path: ["sites", 0, "lines", 1], code: "invalid_decimal", message: 'expected a decimal string such as "129.99", got "12,50"' },
      { path: ["currency"], code: "unknown_currency", message: 'unknown currency "XXQ": expected an ISO 4217 code such as "USD"' },
    ]);
    expect(issuesOf(() => exactMoney("1e3", "USD")).map((i) => i.code)).toEqual(["invalid_decimal"]);
    expect(issuesOf(() => exactMoney(".5", "USD")).map((i) => i.code)).toEqual(["invalid_decimal"]);
  });

  it("equals the decimal times one major unit, for any decimal and currency exponent", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }),
        fc.integer({ min: 0, max: 8 }),
        fc.constantFrom("USD", "JPY", "BHD"),
        (digits, scale, currency) => {
          const negative = digits < 0n;
          const text = (negative ? -digits : digits).toString().padStart(scale + 1, "0");
          const decimal = `${negative ? "-" : ""}${scale === 0 ? text : `${text.slice(0, -scale)}.${text.slice(-scale)}`}`;
          const viaRatio = multiply(exact(fromMinorUnits(10 ** currencyExponent(currency), currency)), ratio(decimal));
          expect(exactMoney(decimal, currency)).toEqual(viaRatio);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe("multiply()", () => {
  it("computes sales tax exactly: 29.99 × 0.0725 is 2.174275", () => {
    const tax = multiply(usd("29.99"), "0.0725");
    expect(exactToString(tax)).toBe("2.174275");
    expect(round(tax, "halfUp")).toEqual({ minor: 217, currency: "USD" });
    expect(toDecimalString(round(tax, "halfUp"))).toBe("2.17");
  });

  it("prorates by a fraction and lands on whole cents when the fraction cancels", () => {
    const share = multiply(usd("31.00"), ratio(22, 31));
    expect(exactToString(share)).toBe("22.00");
    expect(toDecimalString(round(share, "halfUp"))).toBe("22.00");
  });

  it("multiplies by an integer quantity", () => {
    const line = multiply(usd("19.99"), 3);
    expect(exactToString(line)).toBe("59.97");
    expect(toDecimalString(round(line, "down"))).toBe("59.97");
    expect(toDecimalString(round(multiply(usd("19.99"), 3n), "down"))).toBe("59.97");
  });

  it("stays exact through repeated multiplication", () => {
    const escalated = multiply(multiply(usd("100.00"), "1.03"), "1.03");
    expect(exactToString(escalated)).toBe("106.09");
    const thrice = multiply(multiply(multiply(usd("10.00"), "1.035"), "1.035"), "1.035");
    expect(exactToString(thrice)).toBe("11.08717875");
    expect(toDecimalString(round(thrice, "halfUp"))).toBe("11.09");
  });

  it("carries the sign of negative amounts and negative factors", () => {
    const credit = multiply(usd("-10.00"), "0.0725");
    expect(exactToString(credit)).toBe("-0.725");
    expect(toDecimalString(round(credit, "halfUp"))).toBe("-0.73");
    expect(toDecimalString(round(credit, "halfEven"))).toBe("-0.72");
    expect(exactToString(multiply(usd("10.00"), "-0.5"))).toBe("-5.00");
  });

  it("refuses a float factor with float_amount at the factor path", () => {
    expect(issuesOf(() => multiply(usd("10.00"), 1.5))).toEqual([{ path: ["factor"], code: "float_amount" }]);
    expect(issuesOf(() => multiply(usd("10.00"), "1,5"))).toEqual([{ path: ["factor"], code: "invalid_decimal" }]);
  });

  it("computes exactly when intermediate products pass 2^53 minor units", () => {
    const big = usd("90000000000.00");
    const grown = multiply(big, "1.234567");
    expect(exactToString(grown)).toBe("111111030000.00");
    expect(round(grown, "halfUp")).toEqual({ minor: 11_111_103_000_000, currency: "USD" });

    const odd = multiply(usd("90000000000.01"), "1.234567");
    expect(exactToString(odd)).toBe("111111030000.01234567");
    expect(toDecimalString(round(odd, "halfUp"))).toBe("111111030000.01");
    expect(toDecimalString(round(odd, "up"))).toBe("111111030000.02");
  });

  it("divides a product beyond 2^53 back into range with the right remainder", () => {
    // 9007199254740991 × 3 = 27021597764222973 = 7 × 3860228252031853 + 2
    const part = multiply(fromMinorUnits(MAX, "USD"), ratio(3, 7));
    expect(toDecimalString(round(part, "down"))).toBe("38602282520318.53");
    expect(toDecimalString(round(part, "halfUp"))).toBe("38602282520318.53");
    expect(toDecimalString(round(part, "up"))).toBe("38602282520318.54");
  });
});

describe("divide()", () => {
  it("splits 100.00 in three and rounds with the named mode", () => {
    const third = divide(usd("100.00"), 3);
    expect(exactToString(third)).toBe("100/3");
    expect(toDecimalString(round(third, "halfEven"))).toBe("33.33");
    expect(toDecimalString(round(third, "up"))).toBe("33.34");
  });

  it("divides by decimal strings and ratios", () => {
    expect(exactToString(divide(usd("100.00"), "0.5"))).toBe("200.00");
    expect(exactToString(divide(usd("1.00"), ratio(1, 4)))).toBe("4.00");
    expect(exactToString(divide(usd("1.00"), 8n))).toBe("0.125");
  });

  it("flips the sign for a negative divisor", () => {
    expect(exactToString(divide(usd("3.00"), -2))).toBe("-1.50");
    expect(exactToString(divide(usd("-3.00"), "-0.5"))).toBe("6.00");
  });

  it("refuses to divide by zero", () => {
    expect(issuesOf(() => divide(usd("1.00"), 0))).toEqual([{ path: ["divisor"], code: "division_by_zero" }]);
    expect(issuesOf(() => divide(usd("1.00"), "0.00"))).toEqual([{ path: ["divisor"], code: "division_by_zero" }]);
    expect(issuesOf(() => divide(usd("1.00"), 0n))).toEqual([{ path: ["divisor"], code: "division_by_zero" }]);
  });

  it("refuses a float divisor", () => {
    expect(issuesOf(() => divide(usd("1.00"), 0.5))).toEqual([{ path: ["divisor"], code: "float_amount" }]);
  });
});

describe("addExact()", () => {
  it("sums three thirds of a cent to exactly one cent before rounding", () => {
    const third = multiply(usd("0.01"), ratio(1, 3));
    const total = addExact(third, third, third);
    expect(exactToString(total)).toBe("0.01");
    expect(toDecimalString(round(total, "halfUp"))).toBe("0.01");
    const roundedFirst = round(third, "halfUp");
    expect(toDecimalString(add(add(roundedFirst, roundedFirst), roundedFirst))).toBe("0.00");
  });

  it("adds parts with different denominators", () => {
    const total = addExact(multiply(usd("1.00"), ratio(1, 3)), multiply(usd("1.00"), ratio(1, 6)));
    expect(exactToString(total)).toBe("0.50");
    expect(exactToRatio(total)).toEqual({ numerator: 1, denominator: 2 });
  });

  it("mixes money and exact amounts", () => {
    const total = addExact(usd("1.00"), multiply(usd("0.10"), "0.5"), usd("-0.25"));
    expect(exactToString(total)).toBe("0.80");
  });

  it("returns a single amount unchanged", () => {
    expect(exactToString(addExact(usd("2.50")))).toBe("2.50");
  });

  it("refuses an empty call", () => {
    expect(issuesOf(() => addExact())).toEqual([{ path: [], code: "invalid_type" }]);
  });

  it("refuses to mix currencies, naming both", () => {
    expect(() => addExact(usd("1.00"), multiply(money("1.00", "EUR"), ratio(1, 3)))).toThrow(CurrencyMismatchError);
    expect(() => addExact(usd("1.00"), money("1.00", "EUR"))).toThrow(/USD.*EUR/);
  });
});

describe("round()", () => {
  it("returns money unchanged", () => {
    expect(round(usd("12.34"), "up")).toEqual({ minor: 1234, currency: "USD" });
  });

  it("rounds to the currency's own minor unit", () => {
    expect(toDecimalString(round(multiply(money(1, "JPY"), "2.5"), "halfUp"))).toBe("3");
    expect(toDecimalString(round(multiply(money(1, "JPY"), "2.5"), "halfEven"))).toBe("2");
    expect(toDecimalString(round(multiply(money(1, "KWD"), "1.0005"), "halfUp"))).toBe("1.001");
    expect(toDecimalString(round(multiply(money(1, "KWD"), "1.0005"), "halfEven"))).toBe("1.000");
    expect(toDecimalString(round(multiply(money(1, "CLF"), "0.00015"), "halfEven"))).toBe("0.0002");
  });

  it("refuses a result beyond the safe-integer range", () => {
    const top = fromMinorUnits(MAX, "USD");
    expect(issuesOf(() => round(multiply(top, 2), "halfUp"))).toEqual([{ path: [], code: "out_of_range" }]);
    expect(issuesOf(() => round(multiply(top, "1.5"), "down"))).toEqual([{ path: [], code: "out_of_range" }]);
  });
});

describe("exactToString() and exactToRatio()", () => {
  it("pads finite amounts to the currency's places", () => {
    expect(exactToString(exact(usd("22")))).toBe("22.00");
    expect(exactToString(multiply(money("1.000", "KWD"), 2))).toBe("2.000");
    expect(exactToString(multiply(money(1000, "JPY"), "0.1"))).toBe("100");
    expect(exactToString(multiply(usd("-1.00"), "0.5"))).toBe("-0.50");
  });

  it("keeps digits beyond the minor unit", () => {
    expect(exactToString(multiply(usd("0.25"), "0.5"))).toBe("0.125");
    expect(exactToString(multiply(money(1, "JPY"), "0.5"))).toBe("0.5");
  });

  it("writes a non-terminating amount as a fraction of major units", () => {
    expect(exactToString(multiply(usd("1.00"), ratio(22, 31)))).toBe("22/31");
    expect(exactToString(multiply(usd("22.00"), ratio(31, 1)))).toBe("682.00");
    expect(exactToString(multiply(money(1, "JPY"), ratio(-1, 3)))).toBe("-1/3");
  });

  it("gives the amount as a ratio of major units", () => {
    expect(exactToRatio(exact(usd("1.50")))).toEqual({ numerator: 3, denominator: 2 });
    expect(exactToRatio(multiply(money(1, "JPY"), ratio(2, 6)))).toEqual({ numerator: 1, denominator: 3 });
    expect(exactToRatio(exact(money("0.001", "KWD")))).toEqual({ numerator: 1, denominator: 1000 });
  });
});
