import { describe, expect, it } from "vitest";
import { formatMoney, fromMinorUnits, money } from "../../src/money/index.js";
import { issuesOf, plainSpaces } from "./support.js";

describe("formatMoney()", () => {
  it("formats US dollars for en-US by default", () => {
    expect(formatMoney(money("1234.5", "USD"))).toBe("$1,234.50");
  });

  it("formats euros the German way", () => {
    expect(plainSpaces(formatMoney(money("1234.5", "EUR"), { locale: "de-DE" }))).toBe("1.234,50 €");
  });

  it("uses the locale of each call, not the first one seen", () => {
    const amount = money("1234.5", "EUR");
    expect(plainSpaces(formatMoney(amount, { locale: "de-DE" }))).toBe("1.234,50 €");
    expect(formatMoney(amount, { locale: "en-US" })).toBe("€1,234.50");
    expect(plainSpaces(formatMoney(amount, { locale: "fr-FR" }))).toBe("1 234,50 €");
  });

  it("shows no decimals for yen", () => {
    expect(formatMoney(money(1500, "JPY"))).toBe("¥1,500");
  });

  it("shows three decimals for dinars", () => {
    expect(plainSpaces(formatMoney(money("1234.5", "KWD")))).toBe("KWD 1,234.500");
    expect(plainSpaces(formatMoney(money("0.001", "BHD"), { currencyDisplay: "code" }))).toBe("BHD 0.001");
  });

  it("shows four decimals for CLF", () => {
    expect(plainSpaces(formatMoney(money("1.5", "CLF")))).toBe("CLF 1.5000");
  });

  it("formats credits with a minus sign", () => {
    expect(formatMoney(money("-5", "USD"))).toBe("-$5.00");
  });

  it("honours the currency display option", () => {
    const amount = money("1234.5", "USD");
    expect(plainSpaces(formatMoney(amount, { currencyDisplay: "code" }))).toBe("USD 1,234.50");
    expect(formatMoney(amount, { currencyDisplay: "name" })).toBe("1,234.50 US dollars");
    expect(formatMoney(money("3", "CAD"), { currencyDisplay: "narrowSymbol" })).toBe("$3.00");
  });

  it("formats amounts beyond float precision digit for digit", () => {
    // As a float, 9007199254740991 / 100 would print as ...409.90.
    expect(formatMoney(fromMinorUnits(Number.MAX_SAFE_INTEGER, "USD"))).toBe("$90,071,992,547,409.91");
    expect(formatMoney(fromMinorUnits(9_007_199_254_740_985, "USD"))).toBe("$90,071,992,547,409.85");
  });

  it("refuses money in an unknown currency", () => {
    expect(issuesOf(() => formatMoney({ minor: 100, currency: "XXX" }))).toEqual([{ path: ["currency"], code: "unknown_currency" }]);
  });
});
