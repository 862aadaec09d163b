import { describe, expect, it } from "vitest";
import { CurrencyMismatchError, ValidationError } from "../../src/errors/index.js";
import {
  absolute,
  add,
  compare,
  currencyExponent,
  equals,
  fromMinorUnits,
  isCurrencyCode,
  isNegative,
  isZero,
  listCurrencies,
  maximum,
  minimum,
  money,
  negate,
  parseMoney,
  serializeMoney,
  subtract,
  sum,
  toDecimalString,
  zero,
} from "../../src/money/index.js";
import { issuesOf, thrownBy } from "./support.js";

const MAX = Number.MAX_SAFE_INTEGER;

describe("money()", () => {
  describe("from decimal strings", () => {
    it("reads a two-decimal amount into cents", () => {
      expect(money("129.99", "USD")).toEqual({ minor: 12999, currency: "USD" });
    });

    it("reads a negative amount", () => {
      expect(money("-5.00", "USD")).toEqual({ minor: -500, currency: "USD" });
    });

    it("reads a whole number string as major units", () => {
      expect(money("5", "USD")).toEqual({ minor: 500, currency: "USD" });
      expect(toDecimalString(money("5", "USD"))).toBe("5.00");
    });

    it("pads a short fraction to the currency's places", () => {
      expect(money("0.5", "USD")).toEqual({ minor: 50, currency: "USD" });
      expect(toDecimalString(money("0.5", "USD"))).toBe("0.50");
    });

    it("reads minus zero as plain zero", () => {
      expect(money("-0.00", "USD").minor).toBe(0);
      expect(toDecimalString(money("-0", "USD"))).toBe("0.00");
    });

    it("reads the largest amount that still fits in safe-integer minor units", () => {
      expect(money("90071992547409.91", "USD")).toEqual({ minor: MAX, currency: "USD" });
      expect(money("-90071992547409.91", "USD")).toEqual({ minor: -MAX, currency: "USD" });
    });

    it("reads long strings with leading zeros exactly", () => {
      expect(money("0000000000000000000001.25", "USD")).toEqual({ minor: 125, currency: "USD" });
    });
  });

  describe("from integers in major units", () => {
    it("treats a number as major units, so 5 USD is 5.00", () => {
      expect(money(5, "USD")).toEqual({ minor: 500, currency: "USD" });
      expect(toDecimalString(money(5, "USD"))).toBe("5.00");
    });

    it("takes yen as they are, since JPY has no minor unit", () => {
      expect(money(1500, "JPY")).toEqual({ minor: 1500, currency: "JPY" });
      expect(toDecimalString(money(1500, "JPY"))).toBe("1500");
    });

    it("accepts a bigint in major units", () => {
      expect(money(5n, "KWD")).toEqual({ minor: 5000, currency: "KWD" });
      expect(money(-12n, "USD")).toEqual({ minor: -1200, currency: "USD" });
    });

    it("accepts negative integers", () => {
      expect(money(-3, "EUR")).toEqual({ minor: -300, currency: "EUR" });
    });
  });

  describe("currencies with other exponents", () => {
    it("uses three decimals for KWD, BHD, JOD and TND", () => {
      expect(money("1.234", "KWD")).toEqual({ minor: 1234, currency: "KWD" });
      expect(money("0.005", "BHD")).toEqual({ minor: 5, currency: "BHD" });
      expect(money("2", "JOD")).toEqual({ minor: 2000, currency: "JOD" });
      expect(money("-7.5", "TND")).toEqual({ minor: -7500, currency: "TND" });
    });

    it("uses four decimals for CLF", () => {
      expect(money("0.0001", "CLF")).toEqual({ minor: 1, currency: "CLF" });
      expect(money(2, "CLF")).toEqual({ minor: 20000, currency: "CLF" });
      expect(toDecimalString(money("1.5", "CLF"))).toBe("1.5000");
    });

    it("reports the exponent of each currency from the pinned table", () => {
      expect(currencyExponent("JPY")).toBe(0);
      expect(currencyExponent("USD")).toBe(2);
      expect(currencyExponent("KWD")).toBe(3);
      expect(currencyExponent("BHD")).toBe(3);
      expect(currencyExponent("CLF")).toBe(4);
      expect(issuesOf(() => currencyExponent("XXX"))).toEqual([{ path: ["currency"], code: "unknown_currency" }]);
    });

    it("recognises only upper-case codes of the table", () => {
      expect(isCurrencyCode("USD")).toBe(true);
      expect(isCurrencyCode("usd")).toBe(false);
      expect(isCurrencyCode("XXX")).toBe(false);
    });

    it("lists every currency with its exponent", () => {
      const list = listCurrencies();
      expect(list).toContainEqual({ code: "KWD", exponent: 3 });
      expect(list).toContainEqual({ code: "JPY", exponent: 0 });
      expect(list).toContainEqual({ code: "CLF", exponent: 4 });
      expect(list).toContainEqual({ code: "EUR", exponent: 2 });
      expect(new Set(list.map((c) => c.code)).size).toBe(list.length);
    });
  });

  describe("refusals", () => {
    it("refuses a float number with float_amount", () => {
      const error = thrownBy(() => money(1.5, "USD"));
      expect(error).toBeInstanceOf(ValidationError);
      expect(issuesOf(() => money(1.5, "USD"))).toEqual([{ path: ["amount"], code: "float_amount" }]);
    });

    it("refuses NaN and Infinity as floats", () => {
      expect(issuesOf(() => money(Number.NaN, "USD"))).toEqual([{ path: ["amount"], code: "float_amount" }]);
      expect(issuesOf(() => money(Number.POSITIVE_INFINITY, "USD"))).toEqual([{ path: ["amount"], code: "float_amount" }]);
    });

    it("refuses more decimals than the currency allows instead of rounding", () => {
      expect(issuesOf(() => money("0.125", "USD"))).toEqual([{ path: ["amount"], code: "too_precise" }]);
      expect(issuesOf(() => money("1.5", "JPY"))).toEqual([{ path: ["amount"], code: "too_precise" }]);
      expect(issuesOf(() => money("0.00001", "CLF"))).toEqual([{ path: ["amount"], code: "too_precise" }]);
    });

    it("accepts trailing zeros beyond the minor unit, since they round nothing", () => {
      expect(money("1.000", "USD")).toEqual({ minor: 100, currency: "USD" });
      expect(money("-2.50000", "USD")).toEqual({ minor: -250, currency: "USD" });
      expect(money("1500.0", "JPY")).toEqual({ minor: 1500, currency: "JPY" });
      expect(issuesOf(() => money("1.0001", "USD"))).toEqual([{ path: ["amount"], code: "too_precise" }]);
    });

    it.each(["12,50", "1e3", " 1", "1 ", "+1", "", "1.", ".5", "-", "1.2.3", "0x10", "١٢"])(
      "refuses the malformed string %j with invalid_decimal",
      (text) => {
        expect(issuesOf(() => money(text, "USD"))).toEqual([{ path: ["amount"], code: "invalid_decimal" }]);
      },
    );

    it.each(["XXX", "usd", "", "US"])("refuses the unknown currency %j", (code) => {
      expect(issuesOf(() => money("1.00", code))).toEqual([{ path: ["currency"], code: "unknown_currency" }]);
    });

    it("reports a bad amount and a bad currency together, each at its own path", () => {
      const issues = issuesOf(() => money("12,50", "usd"));
      expect(issues).toHaveLength(2);
      expect(issues).toEqual(
        expect.arrayContaining([
          { path: ["amount"], code: "invalid_decimal" },
          { path: ["currency"], code: "unknown_currency" },
        ]),
      );
      const error = thrownBy(() => money(1.5, "XXX"));
      expect(error).toBeInstanceOf(ValidationError);
      if (error instanceof ValidationError) {
        expect(error.issues.map((i) => i.code).sort()).toEqual(["float_amount", "unknown_currency"]);
        expect(error.message).toContain("2 problems");
        expect(error.message).toContain("amount: ");
        expect(error.message).toContain("currency: ");
      }
    });

    it("prefixes issue paths with the caller's path", () => {
      expect(issuesOf(() => money("x", "USD", ["lines", 0, "price"]))).toEqual([
        { path: ["lines", 0, "price", "amount"], code: "invalid_decimal" },
      ]);
    });

    it("refuses amounts beyond the safe-integer range of minor units", () => {
      expect(issuesOf(() => money("90071992547409.92", "USD"))).toEqual([{ path: ["amount"], code: "out_of_range" }]);
      expect(issuesOf(() => money(2 ** 53, "USD"))).toEqual([{ path: ["amount"], code: "out_of_range" }]);
      expect(issuesOf(() => money(10n ** 20n, "USD"))).toEqual([{ path: ["amount"], code: "out_of_range" }]);
      expect(issuesOf(() => money(100_000_000_000_000, "USD"))).toEqual([{ path: ["amount"], code: "out_of_range" }]);
    });
  });
});

describe("fromMinorUnits()", () => {
  it("builds money from cents", () => {
    expect(fromMinorUnits(12999, "USD")).toEqual({ minor: 12999, currency: "USD" });
    expect(toDecimalString(fromMinorUnits(12999, "USD"))).toBe("129.99");
  });

  it("accepts a bigint inside the safe range", () => {
    expect(fromMinorUnits(-250n, "KWD")).toEqual({ minor: -250, currency: "KWD" });
    expect(fromMinorUnits(BigInt(MAX), "USD")).toEqual({ minor: MAX, currency: "USD" });
  });

  it("normalises minus zero", () => {
    expect(fromMinorUnits(-0, "USD").minor).toBe(0);
  });

  it("refuses fractional minor units with float_amount", () => {
    expect(issuesOf(() => fromMinorUnits(1.5, "USD"))).toEqual([{ path: ["minor"], code: "float_amount" }]);
  });

  it("refuses integers beyond the safe range with out_of_range", () => {
    expect(issuesOf(() => fromMinorUnits(2 ** 53, "USD"))).toEqual([{ path: ["minor"], code: "out_of_range" }]);
    expect(issuesOf(() => fromMinorUnits(BigInt(MAX) + 1n, "USD"))).toEqual([{ path: ["minor"], code: "out_of_range" }]);
    expect(issuesOf(() => fromMinorUnits(-BigInt(MAX) - 1n, "USD"))).toEqual([{ path: ["minor"], code: "out_of_range" }]);
  });

  it("reports an unknown currency together with bad minor units", () => {
    expect(issuesOf(() => fromMinorUnits(0.5, "usd"))).toEqual(
      expect.arrayContaining([
        { path: ["currency"], code: "unknown_currency" },
        { path: ["minor"], code: "float_amount" },
      ]),
    );
  });
});

describe("zero()", () => {
  it("is zero minor units of the currency", () => {
    expect(zero("EUR")).toEqual({ minor: 0, currency: "EUR" });
    expect(toDecimalString(zero("KWD"))).toBe("0.000");
    expect(toDecimalString(zero("JPY"))).toBe("0");
  });

  it("refuses an unknown currency", () => {
    expect(issuesOf(() => zero("XXX"))).toEqual([{ path: ["currency"], code: "unknown_currency" }]);
  });
});

describe("toDecimalString()", () => {
  it("writes exactly the currency's places", () => {
    expect(toDecimalString(money("-0.5", "KWD"))).toBe("-0.500");
    expect(toDecimalString(money("1500", "JPY"))).toBe("1500");
    expect(toDecimalString(money("-1500", "JPY"))).toBe("-1500");
    expect(toDecimalString(fromMinorUnits(5, "USD"))).toBe("0.05");
    expect(toDecimalString(fromMinorUnits(-1, "USD"))).toBe("-0.01");
    expect(toDecimalString(fromMinorUnits(1, "CLF"))).toBe("0.0001");
    expect(toDecimalString(fromMinorUnits(MAX, "USD"))).toBe("90071992547409.91");
  });
});

describe("serializeMoney() and parseMoney()", () => {
  it("serializes to a decimal string and a currency code", () => {
    expect(serializeMoney(money("129.99", "USD"))).toEqual({ amount: "129.99", currency: "USD" });
    expect(serializeMoney(money(1500, "JPY"))).toEqual({ amount: "1500", currency: "JPY" });
    expect(serializeMoney(money("-0.5", "KWD"))).toEqual({ amount: "-0.500", currency: "KWD" });
  });

  it("reads back what it wrote, through JSON", () => {
    for (const original of [money("129.99", "USD"), money("-0.001", "BHD"), money(1500, "JPY"), money("0.0001", "CLF")]) {
      const json: unknown = JSON.parse(JSON.stringify(serializeMoney(original)));
      expect(parseMoney(json)).toEqual(original);
    }
  });

  it("reads a decimal-string amount", () => {
    expect(parseMoney({ amount: "129.99", currency: "USD" })).toEqual({ minor: 12999, currency: "USD" });
  });

  it("accepts an integer number amount as major units", () => {
    expect(parseMoney({ amount: 5, currency: "USD" })).toEqual({ minor: 500, currency: "USD" });
  });

  it("refuses a fractional number amount", () => {
    expect(issuesOf(() => parseMoney({ amount: 5.5, currency: "USD" }))).toEqual([{ path: ["amount"], code: "float_amount" }]);
  });

  it("reports a missing amount as invalid_type", () => {
    expect(issuesOf(() => parseMoney({ currency: "USD" }))).toEqual([{ path: ["amount"], code: "invalid_type" }]);
  });

  it("reports a missing amount and a missing currency together", () => {
    expect(issuesOf(() => parseMoney({}))).toEqual(
      expect.arrayContaining([
        { path: ["amount"], code: "invalid_type" },
        { path: ["currency"], code: "unknown_currency" },
      ]),
    );
    expect(issuesOf(() => parseMoney({}))).toHaveLength(2);
  });

  it("refuses something that is not an object", () => {
    expect(issuesOf(() => parseMoney(null))).toEqual([{ path: [], code: "invalid_type" }]);
    expect(issuesOf(() => parseMoney("129.99"))).toEqual([{ path: [], code: "invalid_type" }]);
  });

  it("validates the amount and currency strings and nests paths under the caller's path", () => {
    expect(issuesOf(() => parseMoney({ amount: "1,00", currency: "usd" }, ["invoice", "total"]))).toEqual(
      expect.arrayContaining([
        { path: ["invoice", "total", "amount"], code: "invalid_decimal" },
        { path: ["invoice", "total", "currency"], code: "unknown_currency" },
      ]),
    );
    expect(issuesOf(() => parseMoney({ amount: "0.125", currency: "USD" }))).toEqual([{ path: ["amount"], code: "too_precise" }]);
    expect(issuesOf(() => parseMoney({ amount: null, currency: "USD" }))).toEqual([{ path: ["amount"], code: "invalid_type" }]);
  });
});

describe("arithmetic", () => {
  const usd = (amount: string) => money(amount, "USD");

  it("adds without floating-point drift", () => {
    expect(toDecimalString(add(usd("10.10"), usd("0.20")))).toBe("10.30");
    expect(toDecimalString(add(usd("0.10"), usd("0.20")))).toBe("0.30");
  });

  it("subtracts, going negative when needed", () => {
    expect(toDecimalString(subtract(usd("10.00"), usd("0.01")))).toBe("9.99");
    expect(toDecimalString(subtract(usd("1.00"), usd("2.50")))).toBe("-1.50");
  });

  it("sums a list, and an empty list to zero in the given currency", () => {
    expect(toDecimalString(sum([usd("1.10"), usd("2.20"), usd("-0.30")], "USD"))).toBe("3.00");
    expect(sum([], "KWD")).toEqual({ minor: 0, currency: "KWD" });
  });

  it("sums any iterable, not only arrays", () => {
    function* amounts(): Generator<ReturnType<typeof usd>> {
      yield usd("0.10");
      yield usd("0.20");
    }
    expect(toDecimalString(sum(amounts(), "USD"))).toBe("0.30");
  });

  it("negates, keeping zero a plain zero", () => {
    expect(toDecimalString(negate(usd("5.00")))).toBe("-5.00");
    expect(toDecimalString(negate(usd("-0.01")))).toBe("0.01");
    expect(negate(usd("0")).minor).toBe(0);
  });

  it("takes the absolute value", () => {
    expect(toDecimalString(absolute(usd("-5.00")))).toBe("5.00");
    expect(toDecimalString(absolute(usd("5.00")))).toBe("5.00");
  });

  it("compares amounts as -1, 0 or 1", () => {
    expect(compare(usd("1.00"), usd("2.00"))).toBe(-1);
    expect(compare(usd("2.00"), usd("1.00"))).toBe(1);
    expect(compare(usd("2.0"), usd("2.00"))).toBe(0);
    expect(compare(usd("-0.01"), usd("0.00"))).toBe(-1);
  });

  it("picks the minimum and maximum", () => {
    expect(toDecimalString(minimum(usd("7.50"), usd("5.00")))).toBe("5.00");
    expect(toDecimalString(maximum(usd("0.32"), usd("5.00")))).toBe("5.00");
    expect(toDecimalString(minimum(usd("-1.00"), usd("0.00")))).toBe("-1.00");
    expect(toDecimalString(maximum(usd("-1.00"), usd("-2.00")))).toBe("-1.00");
  });

  it("tells equal amounts by currency and value", () => {
    expect(equals(usd("1.0"), usd("1.00"))).toBe(true);
    expect(equals(usd("1.00"), usd("1.01"))).toBe(false);
    expect(equals(usd("1.00"), money("1.00", "EUR"))).toBe(false);
  });

  it("tells zero and negative amounts", () => {
    expect(isZero(usd("0.00"))).toBe(true);
    expect(isZero(usd("0.01"))).toBe(false);
    expect(isNegative(usd("-0.01"))).toBe(true);
    expect(isNegative(usd("0.00"))).toBe(false);
  });

  it("refuses a sum that leaves the safe-integer range", () => {
    const top = fromMinorUnits(MAX, "USD");
    expect(issuesOf(() => add(top, usd("0.01")))).toEqual([{ path: [], code: "out_of_range" }]);
    expect(issuesOf(() => subtract(negate(top), usd("0.01")))).toEqual([{ path: [], code: "out_of_range" }]);
    expect(issuesOf(() => sum([top, top], "USD"))).toEqual([{ path: [], code: "out_of_range" }]);
  });

  describe("mixing currencies", () => {
    it("throws CurrencyMismatchError naming both currencies when adding USD to EUR", () => {
      const error = thrownBy(() => add(usd("1.00"), money("1.00", "EUR")));
      expect(error).toBeInstanceOf(CurrencyMismatchError);
      if (error instanceof CurrencyMismatchError) {
        expect(error.message).toContain("USD");
        expect(error.message).toContain("EUR");
        expect(error.left).toBe("USD");
        expect(error.right).toBe("EUR");
        expect(error.code).toBe("currency_mismatch");
      }
    });

    it("refuses to subtract, compare, pick or sum across currencies", () => {
      const eur = money("1.00", "EUR");
      expect(() => subtract(usd("1.00"), eur)).toThrow(CurrencyMismatchError);
      expect(() => compare(usd("1.00"), eur)).toThrow(CurrencyMismatchError);
      expect(() => minimum(usd("1.00"), eur)).toThrow(CurrencyMismatchError);
      expect(() => maximum(usd("1.00"), eur)).toThrow(CurrencyMismatchError);
      expect(() => sum([usd("1.00"), eur], "USD")).toThrow(/USD.*EUR/);
    });

    it("refuses to sum into an unknown currency", () => {
      expect(issuesOf(() => sum([], "XXX"))).toEqual([{ path: ["currency"], code: "unknown_currency" }]);
    });
  });
});
