import { describe, expect, it } from "vitest";
import { validationErrorOf } from "../support/errors.js";
import { luhnValid, parseContract, safeParseContract } from "../../src/contract/index.js";
import { ErrorCodes, formatPath, ValidationError } from "../../src/errors/index.js";
import { buildContract, contractInput, equipment, monitoring, oneTime, priced, site, type ContractSpec } from "./builder.js";

/** `["sites[1].lines[0].rate", "invalid_type"]` for each issue of parsing `input`. */
function problemsOf(input: unknown): [string, string][] {
  return validationErrorOf(() => parseContract(input)).issues.map((issue) => [formatPath(issue.path), issue.code]);
}

/** The raw input of a spec as a mutable JSON-like record, to break it on purpose. */
function rawInput(spec: ContractSpec = {}): Record<string, unknown> {
  return JSON.parse(JSON.stringify(contractInput(spec))) as Record<string, unknown>;
}

/** Sets a value deep inside a JSON-like value by path, creating nothing. */
function setAt(target: unknown, path: readonly (string | number)[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) node = (node as Record<string | number, unknown>)[key];
  const last = path[path.length - 1];
  if (last === undefined) throw new Error("empty path");
  (node as Record<string | number, unknown>)[last] = value;
}

function inputWith(changes: readonly [readonly (string | number)[], unknown][], spec: ContractSpec = {}): Record<string, unknown> {
  const input = rawInput(spec);
  for (const [path, value] of changes) setAt(input, path, value);
  return input;
}

const TWO_SITES: ContractSpec = { sites: [site("A", [monitoring("A-1", "39.99")]), site("B", [monitoring("B-1", "24.99")])] };

describe("parseContract: shape and values", () => {
  it("accepts a minimal contract and fills in every default", () => {
    const contract = buildContract();
    expect(contract.billing).toMatchObject({
      timing: "advance",
      stub: "prorate",
      dayCount: "actual",
      midPeriodChanges: "nextInvoice",
      consolidation: "consolidated",
      invoiceSeries: "INV",
      taxInclusive: false,
      paymentTerms: { kind: "onCycleDate" },
    });
    expect(contract.customer).toMatchObject({ channels: ["email"], locale: "en-US", taxExemptions: [] });
    expect(contract.term.autoRenew).toBe(false);
    expect(contract.billing.pricesPer).toBeUndefined();
    expect(contract.billing.invoiceFields).toEqual([]);
    expect(contract.term.earlyTermination).toEqual({ credit: "prorate", waivedFor: [], taxCategory: "fee", description: "Early termination fee" });
    expect(contract.discountStacking).toEqual({ mode: "compound" });
    expect(contract.customFields).toEqual({});
    expect(contract.termination).toBeUndefined();
    expect(contract.discounts).toEqual([]);
    expect(contract.priceBooks).toEqual({});
    expect(contract.sites[0]?.lines[0]).toMatchObject({ quantity: 1, escalate: true });
  });

  it('reports a rate given as the number 39.99 at its path: sites[1].lines[0].rate: expected a decimal string such as "39.99"', () => {
    const error = validationErrorOf(() => parseContract(inputWith([[["sites", 1, "lines", 0, "rate"], 39.99]], TWO_SITES)));
    expect(error.issues).toEqual([
      { path: ["sites", 1, "lines", 0, "rate"], code: ErrorCodes.invalidType, message: 'expected a decimal string such as "39.99"' },
    ]);
    expect(error.message).toContain('sites[1].lines[0].rate: expected a decimal string such as "39.99"');
  });

  it("lists every problem of the input in one ValidationError, each with its path", () => {
    const input = inputWith(
      [
        [["billing", "currency"], "USX"],
        [["term", "start"], "2027-02-30"],
        [["sites", 0, "lines", 0, "quantity"], 2.5],
        [["sites", 1, "lines", 0, "rate"], 24.99],
        [["customer", "contact", "email"], "not-an-email"],
        [["billing", "anchorDay"], 32],
      ],
      TWO_SITES,
    );
    const problems = problemsOf(input);
    expect(problems).toHaveLength(6);
    expect(problems).toEqual(
      expect.arrayContaining([
        ["billing.currency", ErrorCodes.unknownCurrency],
        ["term.start", ErrorCodes.invalidDate],
        ["sites[0].lines[0].quantity", ErrorCodes.invalidType],
        ["sites[1].lines[0].rate", ErrorCodes.invalidType],
        ["customer.contact.email", ErrorCodes.invalidValue],
        ["billing.anchorDay", ErrorCodes.tooBig],
      ]),
    );
  });

  it("writes each problem on its own line of the error message, with the count", () => {
    const error = validationErrorOf(() => parseContract(inputWith([[["billing", "currency"], "USX"], [["term", "start"], "2027-13-01"]])));
    expect(error.code).toBe(ErrorCodes.validation);
    expect(error.message.split("\n")).toEqual([
      "Invalid input (2 problems):",
      '- billing.currency: unknown currency: expected an ISO 4217 code such as "USD"',
      '- term.start: expected a date "YYYY-MM-DD" that exists',
    ]);
  });

  it("reports unknown fields at the root, in the billing terms and in a line, by name", () => {
    const input = inputWith([
      [["colour"], "red"],
      [["billing", "graceDays"], 3],
      [["sites", 0, "lines", 0, "discountCode"], "SPRING"],
    ]);
    const error = validationErrorOf(() => parseContract(input));
    expect(error.issues.map((i) => [formatPath(i.path), i.code, i.message])).toEqual(
      expect.arrayContaining([
        ["colour", ErrorCodes.unknownField, 'unknown field "colour"'],
        ["billing.graceDays", ErrorCodes.unknownField, 'unknown field "graceDays"'],
        ["sites[0].lines[0].discountCode", ErrorCodes.unknownField, 'unknown field "discountCode"'],
      ]),
    );
    expect(error.issues).toHaveLength(3);
  });

  it.each(["39,99", "1e3", "-5.00", " 39.99", "39.", ".99", "$39.99"])("refuses the rate %j: money is a plain non-negative decimal string", (rate) => {
    expect(problemsOf(inputWith([[["sites", 0, "lines", 0, "rate"], rate]]))).toEqual([["sites[0].lines[0].rate", ErrorCodes.invalidValue]]);
  });

  it("reports a missing required field as required, at its path", () => {
    const input = rawInput();
    const customer = input["customer"] as Record<string, unknown>;
    delete customer["name"];
    expect(problemsOf(input)).toEqual([["customer.name", ErrorCodes.required]]);
  });

  it("refuses a line that gives both a rate and a price, or neither", () => {
    const both = monitoring("L-1", "10.00", { price: { model: "flat", amount: "10.00" } });
    const neither = { kind: "monitoring", id: "L-2", tier: "basic", taxCategory: "monitoring" };
    const input = rawInput({ lines: [both] });
    setAt(input, ["sites", 0, "lines", 1], neither);
    expect(problemsOf(input)).toEqual([
      ["sites[0].lines[0].rate", ErrorCodes.invalidValue],
      ["sites[0].lines[1].rate", ErrorCodes.invalidValue],
    ]);
  });

  it("refuses tiers that do not rise, an open tier before the last, and a closed last tier", () => {
    const input = rawInput({
      lines: [
        priced("L-1", { model: "graduated", tiers: [{ upTo: 4, unitPrice: "15.00" }, { upTo: 4, unitPrice: "12.00" }, { upTo: null, unitPrice: "9.50" }] }),
        priced("L-2", { model: "volume", tiers: [{ upTo: null, unitPrice: "15.00" }, { upTo: null, unitPrice: "12.00" }] }),
        priced("L-3", { model: "volume", tiers: [{ upTo: 4, unitPrice: "15.00" }] }),
      ],
    });
    expect(problemsOf(input)).toEqual([
      ["sites[0].lines[0].price.tiers[1].upTo", ErrorCodes.invalidValue],
      ["sites[0].lines[1].price.tiers[0].upTo", ErrorCodes.invalidValue],
      ["sites[0].lines[2].price.tiers[0].upTo", ErrorCodes.invalidValue],
    ]);
  });

  it("says a negative quantity is too small, not that it is not a whole number", () => {
    const error = validationErrorOf(() => parseContract(inputWith([[["sites", 0, "lines", 0, "quantity"], -1]])));
    expect(error.issues.map((i) => [formatPath(i.path), i.code])).toEqual([["sites[0].lines[0].quantity", ErrorCodes.tooSmall]]);
    expect(error.issues[0]?.message).not.toBe("expected a whole number");
    expect(error.issues[0]?.message).toContain("0");
  });

  it("refuses a locale Intl cannot use, such as a CRM's en_US, and accepts BCP 47 tags", () => {
    for (const locale of ["en_US", "x", "en-", "12"]) {
      const error = validationErrorOf(() => parseContract(inputWith([[["customer", "locale"], locale]])));
      expect(error.issues.map((i) => [formatPath(i.path), i.code])).toEqual([["customer.locale", ErrorCodes.invalidValue]]);
      expect(error.issues[0]?.message).toContain('"en-US"');
    }
    for (const locale of ["en-US", "fr-CA", "es-419", "de"]) {
      expect(parseContract(inputWith([[["customer", "locale"], locale]])).customer.locale).toBe(locale);
    }
  });

  it("refuses an anchor month with a cycle of a number of months that does not divide the year", () => {
    expect(problemsOf(inputWith([[["billing", "cycle"], { everyMonths: 9 }], [["billing", "pricesPer"], "month"], [["billing", "anchorMonth"], 1]]))).toEqual([["billing.anchorMonth", ErrorCodes.invalidOption]]);
    expect(safeParseContract(inputWith([[["billing", "cycle"], { everyMonths: 4 }], [["billing", "pricesPer"], "cycle"], [["billing", "anchorMonth"], 2]])).success).toBe(true);
  });

  it("reports a shape problem and a problem between fields together, not one after the other", () => {
    const input = rawInput({
      lines: [monitoring("L-1", "39.99"), monitoring("L-1", "10.00")],
      discounts: [{ id: "D-1", description: "Promo", kind: "percent", percent: "10", appliesTo: { scope: "line", lineIds: ["L-9"] } }],
    });
    setAt(input, ["billing", "currency"], "USX");
    expect(problemsOf(input)).toEqual(
      expect.arrayContaining([
        ["billing.currency", ErrorCodes.unknownCurrency],
        ["sites[0].lines[1].id", ErrorCodes.invalidReference],
        ["discounts[0].appliesTo.lineIds[0]", ErrorCodes.invalidReference],
      ]),
    );
  });
});

describe("parseContract: card data is refused", () => {
  const VISA = "4242424242424242";

  it("refuses a Luhn-valid card number in the payment method with code card_data, without echoing it", () => {
    const input = rawInput({ paymentMethod: { kind: "card", token: VISA } });
    const error = validationErrorOf(() => parseContract(input));
    expect(error.issues.map((i) => [formatPath(i.path), i.code])).toEqual([["paymentMethod.token", ErrorCodes.cardData]]);
    expect(error.message).not.toContain(VISA);
    expect(JSON.stringify(error.issues)).not.toContain(VISA);
    expect(JSON.stringify(error.issues)).not.toContain("4242");
  });

  it("refuses a card number in a note field, reported once as card data and not again as an unknown field", () => {
    const input = inputWith([[["sites", 0, "lines", 0, "note"], "4111 1111 1111 1111"]]);
    const error = validationErrorOf(() => parseContract(input));
    expect(error.issues.map((i) => [formatPath(i.path), i.code])).toEqual([["sites[0].lines[0].note", ErrorCodes.cardData]]);
    expect(error.message).not.toContain("4111");
  });

  it.each(["4111-1111-1111-1111", "5555 5555 5555 4444", "378282246310005"])("refuses the card number %j written with or without separators", (pan) => {
    const input = inputWith([[["customer", "contact", "name"], pan]]);
    expect(problemsOf(input)).toEqual([["customer.contact.name", ErrorCodes.cardData]]);
  });

  it("refuses a card number sent as a JSON number", () => {
    const input = inputWith([[["paymentMethod"], { kind: "card", token: 4242424242424242 }]]);
    expect(problemsOf(input)).toEqual([["paymentMethod.token", ErrorCodes.cardData]]);
  });

  it("refuses cvv and card-number fields by their names, whatever their values, and reports each once", () => {
    const input = inputWith([[["paymentMethod"], { kind: "card", token: "tok_visa_4242", cvv: "123", cardNumber: "on file" }]]);
    const error = validationErrorOf(() => parseContract(input));
    expect(error.issues.map((i) => [formatPath(i.path), i.code])).toEqual([
      ["paymentMethod.cvv", ErrorCodes.cardData],
      ["paymentMethod.cardNumber", ErrorCodes.cardData],
    ]);
    expect(error.message).not.toContain("123");
  });

  it("accepts a 16-digit token that fails the Luhn check: it is not a card number", () => {
    const result = safeParseContract(rawInput({ paymentMethod: { kind: "card", token: "4242424242424241" } }));
    expect(result.success).toBe(true);
  });

  it("refuses a card number written inside a free-text description", () => {
    const input = rawInput({ lines: [monitoring("L-1", "39.99", { description: "Paid by card 4111 1111 1111 1111 exp 12/29" })] });
    const result = safeParseContract(input);
    expect(result.success).toBe(false);
    if (!result.success) {
      expect(result.error.issues.map((i) => [formatPath(i.path), i.code])).toEqual([["sites[0].lines[0].description", ErrorCodes.cardData]]);
      expect(result.error.message).not.toContain("4111 1111 1111 1111");
    }
  });

  it.each([
    ["a card number followed by its security code", "paid with 4111111111111111 123"],
    ["a grouped card number followed by its expiry", "4111 1111 1111 1111 12/28"],
    ["an American Express number followed by more digits", "amex 378282246310005 1234"],
    ["a card number after a lone digit", "1 4111111111111111"],
    ["an American Express number grouped 4-6-5", "3782 822463 10005"],
  ])("refuses %s, though more digits stand around it", (_, text) => {
    expect(problemsOf(inputWith([[["customer", "contact", "name"], text]]))).toEqual([["customer.contact.name", ErrorCodes.cardData]]);
  });

  it("accepts price books and prices named like card fields (a caller-id price \"cid\", a book \"PAN\")", () => {
    const spec: ContractSpec = {
      priceBooks: { PAN: { prices: { cid: { model: "flat", amount: "3.00" } } } },
      sites: [site("A", [{ kind: "addon", id: "A-1", name: "Caller ID", priceKey: "cid", taxCategory: "service" }], { priceBook: "PAN" })],
    };
    expect(safeParseContract(contractInput(spec)).success).toBe(true);
    // A card-field name anywhere else is still refused.
    expect(problemsOf(inputWith([[["customer", "cid"], "123"]]))).toEqual([["customer.cid", ErrorCodes.cardData]]);
  });

  it("accepts an international phone number whose digits pass the Luhn check, but not a card number after a country code", () => {
    expect(luhnValid("8613800138002")).toBe(true);
    expect(safeParseContract(inputWith([[["customer", "contact", "phone"], "+8613800138002"]])).success).toBe(true);
    expect(problemsOf(inputWith([[["customer", "contact", "name"], "+1 4111 1111 1111 1111"]]))).toEqual([["customer.contact.name", ErrorCodes.cardData]]);
  });

  it.each(["DE17 4326 7358 4280 4580 89", "FR78 7386 8928 1054 9070 5010 593", "INV-2026-8750-593013", "ORD-8633-0294-2861-98", "Order 2026-0418400758466", "+1 555 123 4567"])(
    "accepts the reference %j, whose digits are not written as a card number",
    (text) => {
      expect(safeParseContract(rawInput({ lines: [monitoring("L-1", "39.99", { description: text })] })).success).toBe(true);
    },
  );

  it.each(["+4111 1111 1111 1111", "+4111111111111111", "card+4111-1111-1111-1111", "pay 4111-1111-1111-1111 now"])("refuses the card number in %j", (text) => {
    expect(problemsOf(inputWith([[["customer", "contact", "name"], text]]))).toEqual([["customer.contact.name", ErrorCodes.cardData]]);
  });

  it("accepts two dates next to each other, although their digits happen to pass the Luhn check", () => {
    // 2026060120260831 is Luhn-valid, but nobody writes a card number as 4-2-2-4-2-2 groups.
    expect(luhnValid("2026060120260831")).toBe(true);
    for (const text of ["Summer occupancy 2026-06-01 2026-08-31", "Seasonal 2027-03-10 2027-04-01", "2028-05-15 2028-09-15"]) {
      expect(safeParseContract(rawInput({ lines: [monitoring("L-1", "39.99", { description: text })] })).success).toBe(true);
    }
  });

  it("never echoes a refused card number, even where another check quotes the value", () => {
    const pan = "4111 1111 1111 1111";
    const input = rawInput({
      lines: [monitoring("L-1", "39.99")],
      discounts: [{ id: "D-1", description: "Promo", kind: "percent", percent: "10", appliesTo: { scope: "line", lineIds: [pan] } }],
    });
    setAt(input, ["sites", 0, "priceBook"], pan);
    setAt(input, ["sites", 0, "lines", 0, pan.replace(/ /g, "")], "x");
    const error = validationErrorOf(() => parseContract(input));
    const everything = JSON.stringify(error.issues) + error.message;
    expect(everything).not.toContain("4111");
    expect(error.issues.map((i) => formatPath(i.path))).toEqual(
      expect.arrayContaining(["discounts[0].appliesTo.lineIds[0]", "sites[0].priceBook", "sites[0].lines[0].[card number removed]"]),
    );
    expect(error.issues.every((i) => i.code === ErrorCodes.cardData || i.message.includes("[card number removed]") || !/\d{4}/.test(i.message))).toBe(true);
  });

  it("checks card numbers with the Luhn checksum", () => {
    expect(luhnValid("4242424242424242")).toBe(true);
    expect(luhnValid("4242 4242 4242 4242")).toBe(true);
    expect(luhnValid("4242424242424241")).toBe(false);
    expect(luhnValid("79927398713")).toBe(true);
    expect(luhnValid("79927398710")).toBe(false);
  });
});

describe("safeParseContract", () => {
  it("returns the problems as a value instead of throwing, the same ones parseContract throws", () => {
    const input = inputWith([[["sites", 0, "lines", 0, "rate"], 39.99], [["billing", "cycle"], "weekly"]]);
    const result = safeParseContract(input);
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.error).toBeInstanceOf(ValidationError);
    expect(result.error.issues).toEqual(validationErrorOf(() => parseContract(input)).issues);
    expect(result.error.issues.map((i) => formatPath(i.path))).toEqual(["billing.cycle", "sites[0].lines[0].rate"]);
  });

  it("returns the validated contract with its defaults on success", () => {
    const result = safeParseContract(contractInput({ lines: [equipment("L-1", "12.50", { quantity: 2 })] }));
    expect(result.success).toBe(true);
    if (!result.success) return;
    expect(result.data.sites[0]?.lines[0]).toMatchObject({ kind: "equipment", rate: "12.50", quantity: 2, escalate: true });
  });

  it.each([null, "contract", 42, []])("refuses %j as a whole, at the root path", (input) => {
    const result = safeParseContract(input);
    expect(result.success).toBe(false);
    if (!result.success) expect(result.error.issues.map((i) => i.path)).toEqual([[]]);
  });
});

describe("parseContract: rules between fields", () => {
  it("refuses duplicate site ids and duplicate line ids, even across sites", () => {
    const spec: ContractSpec = {
      sites: [site("A", [monitoring("L-1", "1.00")]), site("A", [monitoring("L-2", "1.00"), monitoring("L-1", "1.00")])],
    };
    expect(problemsOf(contractInput(spec))).toEqual([
      ["sites[1].id", ErrorCodes.invalidReference],
      ["sites[1].lines[1].id", ErrorCodes.invalidReference],
    ]);
  });

  it("refuses an unknown price book, a price key missing from its book, and a price key without a book", () => {
    const spec: ContractSpec = {
      priceBooks: { austin: { prices: { burglary: { model: "flat", amount: "39.00" } } } },
      sites: [
        site("A", [{ kind: "monitoring", id: "A-1", tier: "fire", priceKey: "fire", taxCategory: "monitoring" }], { priceBook: "austin" }),
        site("B", [monitoring("B-1", "1.00")], { priceBook: "houston" }),
        site("C", [{ kind: "monitoring", id: "C-1", tier: "burglary", priceKey: "burglary", taxCategory: "monitoring" }]),
      ],
    };
    const error = validationErrorOf(() => buildContract(spec));
    expect(error.issues.map((i) => [formatPath(i.path), i.code, i.message])).toEqual([
      ["sites[0].lines[0].priceKey", ErrorCodes.invalidReference, 'price book "austin" has no price "fire"'],
      ["sites[1].priceBook", ErrorCodes.invalidReference, 'no price book named "houston" in priceBooks'],
      ["sites[2].lines[0].priceKey", ErrorCodes.invalidReference, "a priceKey needs the site to name a priceBook"],
    ]);
  });

  it.each(["constructor", "toString", "__proto__", "hasOwnProperty"])("refuses a price book or price key named %j, which every object inherits", (name) => {
    const spec: ContractSpec = {
      priceBooks: { austin: { prices: { burglary: { model: "flat", amount: "39.00" } } } },
      sites: [
        site("A", [{ kind: "monitoring", id: "A-1", tier: "fire", priceKey: name, taxCategory: "monitoring" }], { priceBook: "austin" }),
        site("B", [monitoring("B-1", "1.00")], { priceBook: name }),
      ],
    };
    expect(problemsOf(contractInput(spec))).toEqual([
      ["sites[0].lines[0].priceKey", ErrorCodes.invalidReference],
      ["sites[1].priceBook", ErrorCodes.invalidReference],
    ]);
  });

  it("refuses __proto__ as the name of a price book or a price, which a parsed object would lose", () => {
    const input = rawInput({ lines: [{ kind: "addon", id: "L-b", name: "Guard", priceKey: "burglary", taxCategory: "service" }] });
    setAt(input, ["priceBooks"], JSON.parse('{"__proto__": {"prices": {"burglary": {"model": "flat", "amount": "2.00"}}}, "metro": {"prices": {"__proto__": {"model": "flat", "amount": "1.00"}}}}'));
    setAt(input, ["sites", 0, "priceBook"], "__proto__");
    expect(problemsOf(input)).toEqual(
      expect.arrayContaining([
        ["priceBooks.__proto__", ErrorCodes.invalidValue],
        ["priceBooks.metro.prices.__proto__", ErrorCodes.invalidValue],
        ["sites[0].priceBook", ErrorCodes.invalidReference],
      ]),
    );
  });

  it("refuses a discount that names a line the contract does not have", () => {
    const spec: ContractSpec = {
      discounts: [{ id: "D-1", description: "Promo", kind: "percent", percent: "10", appliesTo: { scope: "line", lineIds: ["L-1", "L-404"] } }],
    };
    expect(problemsOf(contractInput(spec))).toEqual([["discounts[0].appliesTo.lineIds[1]", ErrorCodes.invalidReference]]);
  });

  it("refuses a line whose currency differs from the contract's", () => {
    const error = validationErrorOf(() => buildContract({ lines: [monitoring("L-1", "39.99", { currency: "CAD" })] }));
    expect(error.issues.map((i) => [formatPath(i.path), i.code])).toEqual([["sites[0].lines[0].currency", ErrorCodes.currencyMismatch]]);
    expect(error.issues[0]?.message).toContain("CAD");
    expect(buildContract({ lines: [monitoring("L-1", "39.99", { currency: "USD" })] }).sites[0]?.lines[0]?.currency).toBe("USD");
  });

  it("refuses a percent discount above 100 and accepts exactly 100", () => {
    const discount = (value: string): ContractSpec => ({
      discounts: [{ id: "D-1", description: "Promo", kind: "percent", percent: value, appliesTo: { scope: "invoice" } }],
    });
    expect(problemsOf(contractInput(discount("100.01")))).toEqual([["discounts[0].percent", ErrorCodes.tooBig]]);
    // Compared exactly, not as a float (where this would equal 100).
    expect(problemsOf(contractInput(discount("100.00000000000000001")))).toEqual([["discounts[0].percent", ErrorCodes.tooBig]]);
    expect(buildContract(discount("100")).discounts[0]).toMatchObject({ percent: "100" });
    expect(buildContract({ discounts: [{ id: "D-1", description: "Big coupon", kind: "fixed", amount: "150.00", appliesTo: { scope: "invoice" } }] }).discounts).toHaveLength(1);
  });

  it("refuses a term that ends before it starts, or on the day it starts", () => {
    expect(problemsOf(contractInput({ start: "2027-03-01", end: "2027-02-01" }))).toEqual([["term.end", ErrorCodes.endBeforeStart]]);
    expect(problemsOf(contractInput({ start: "2027-03-01", end: "2027-03-01" }))).toEqual([["term.end", ErrorCodes.endBeforeStart]]);
  });

  it("reports a term ending before it starts together with a malformed term field", () => {
    const input = contractInput({ start: "2027-01-01", end: "2026-01-01", term: { autoRenew: "yes" as unknown as boolean } });
    expect(problemsOf(input)).toEqual([
      ["term.autoRenew", ErrorCodes.invalidType],
      ["term.end", ErrorCodes.endBeforeStart],
    ]);
  });

  it("refuses duplicate discount ids and fixed discounts finer than the currency's unit", () => {
    const input = contractInput({
      discounts: [
        { id: "D-1", description: "A", kind: "fixed", amount: "5.005", appliesTo: { scope: "invoice" } },
        { id: "D-1", description: "B", kind: "percent", percent: "5", appliesTo: { scope: "invoice" } },
      ],
    });
    expect(problemsOf(input)).toEqual([
      ["discounts[0].amount", ErrorCodes.tooPrecise],
      ["discounts[1].id", ErrorCodes.invalidReference],
    ]);
  });

  it("refuses a line that ends before it starts", () => {
    const spec: ContractSpec = { lines: [monitoring("L-1", "10.00", { start: "2027-05-01", end: "2027-04-01" })] };
    expect(problemsOf(contractInput(spec))).toEqual([["sites[0].lines[0].end", ErrorCodes.endBeforeStart]]);
  });

  it("refuses line dates outside the term and price changes out of order", () => {
    const spec: ContractSpec = {
      start: "2027-01-01",
      end: "2028-01-01",
      lines: [
        monitoring("L-1", "10.00", { start: "2026-12-01" }),
        monitoring("L-2", "10.00", { end: "2028-02-01" }),
        monitoring("L-3", "10.00", { priceChanges: [{ effective: "2027-06-01", rate: "11.00" }, { effective: "2027-03-01", rate: "12.00" }] }),
        oneTime("L-4", "99.00", "2028-01-02"),
      ],
    };
    expect(problemsOf(contractInput(spec))).toEqual([
      ["sites[0].lines[0].start", ErrorCodes.invalidValue],
      ["sites[0].lines[1].end", ErrorCodes.invalidValue],
      ["sites[0].lines[2].priceChanges[1].effective", ErrorCodes.invalidValue],
      ["sites[0].lines[3].date", ErrorCodes.invalidValue],
    ]);
  });

  it("accepts a line that ends on the term's end, the first day without service", () => {
    expect(buildContract({ end: "2028-01-01", lines: [monitoring("L-1", "10.00", { end: "2028-01-01" })] }).sites[0]?.lines[0]).toMatchObject({ end: "2028-01-01" });
  });

  it("refuses a one-time charge dated on the term's end, the first day without service, which no period would bill", () => {
    expect(problemsOf(contractInput({ end: "2028-01-01", lines: [monitoring("L-1", "10.00"), oneTime("L-2", "99.00", "2028-01-01")] }))).toEqual([
      ["sites[0].lines[1].date", ErrorCodes.invalidValue],
    ]);
  });

  it("refuses a line that starts on the term's end, the first day without service", () => {
    expect(problemsOf(contractInput({ end: "2028-01-01", lines: [monitoring("L-1", "10.00", { start: "2028-01-01" })] }))).toEqual([
      ["sites[0].lines[0].start", ErrorCodes.invalidValue],
    ]);
  });

  it("refuses an auto-renewing contract without a term end", () => {
    expect(problemsOf(contractInput({ term: { autoRenew: true } }))).toEqual([["term.autoRenew", ErrorCodes.invalidValue]]);
  });

  it("lists every problem between fields together", () => {
    const spec: ContractSpec = {
      sites: [site("A", [monitoring("L-1", "1.00", { currency: "EUR" })]), site("A", [monitoring("L-1", "1.00")], { priceBook: "none" })],
      discounts: [{ id: "D-1", description: "Promo", kind: "fixed", amount: "5.00", appliesTo: { scope: "line", lineIds: ["L-2"] } }],
    };
    expect(problemsOf(contractInput(spec))).toEqual([
      ["sites[0].lines[0].currency", ErrorCodes.currencyMismatch],
      ["sites[1].id", ErrorCodes.invalidReference],
      ["sites[1].priceBook", ErrorCodes.invalidReference],
      ["sites[1].lines[0].id", ErrorCodes.invalidReference],
      ["discounts[0].appliesTo.lineIds[0]", ErrorCodes.invalidReference],
    ]);
  });
});
