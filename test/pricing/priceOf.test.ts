import { describe, expect, it } from "vitest";
import { validationErrorOf } from "../support/errors.js";
import { exactToString, round, toDecimalString, type ExactMoney } from "../../src/money/index.js";
import {
  exactAmount,
  flatPrice,
  graduatedPrice,
  packagePrice,
  perUnitPrice,
  priceOf,
  volumePrice,
  type PackagePriceModel,
  type PriceModel,
  type PriceTier,
} from "../../src/pricing/index.js";

/** The exact amount in major units, e.g. "213.50" or "0.375". */
const text = (amount: ExactMoney): string => exactToString(amount);

/** Cameras 1–4 at 15.00, 5–16 at 12.00, 17 and up at 9.50. */
const CAMERA_TIERS: readonly PriceTier[] = [
  { upTo: 4, unitPrice: "15.00" },
  { upTo: 16, unitPrice: "12.00" },
  { upTo: null, unitPrice: "9.50" },
];
const graduated: PriceModel = { model: "graduated", tiers: CAMERA_TIERS };
const volume: PriceModel = { model: "volume", tiers: CAMERA_TIERS };

describe("graduated prices at the tier boundaries (upTo 4 / 16 / null)", () => {
  it.each([
    [4, "60.00", "graduated: 4 × 15.00 (tier 1)"],
    [5, "72.00", "graduated: 4 × 15.00 (tier 1) + 1 × 12.00 (tier 2)"],
    [16, "204.00", "graduated: 4 × 15.00 (tier 1) + 12 × 12.00 (tier 2)"],
    [17, "213.50", "graduated: 4 × 15.00 (tier 1) + 12 × 12.00 (tier 2) + 1 × 9.50 (tier 3)"],
  ])("prices %i units at %s: each unit at the price of the tier it falls in", (quantity, amount, rule) => {
    const quote = priceOf(graduated, quantity, "USD");
    expect(text(quote.amount)).toBe(amount);
    expect(quote.rule).toBe(rule);
  });

  it("lists the units charged in each tier", () => {
    expect(graduatedPrice(CAMERA_TIERS, 17, "USD").charges).toEqual([
      { tier: 0, units: 4, unitPrice: "15.00" },
      { tier: 1, units: 12, unitPrice: "12.00" },
      { tier: 2, units: 1, unitPrice: "9.50" },
    ]);
  });

  it("charges a tier's flat fee once the tier is reached, and not before", () => {
    const tiers: PriceTier[] = [
      { upTo: 4, unitPrice: "15.00", flatFee: "10.00" },
      { upTo: null, unitPrice: "12.00", flatFee: "5.00" },
    ];
    expect(text(graduatedPrice(tiers, 4, "USD").amount)).toBe("70.00");
    expect(text(graduatedPrice(tiers, 5, "USD").amount)).toBe("87.00");
    expect(priceOf({ model: "graduated", tiers }, 5, "USD").rule).toBe("graduated: 4 × 15.00 (tier 1) + 10.00 flat + 1 × 12.00 (tier 2) + 5.00 flat");
  });

  it("costs nothing for zero units, flat fees included", () => {
    const quote = priceOf({ model: "graduated", tiers: [{ upTo: null, unitPrice: "15.00", flatFee: "10.00" }] }, 0, "USD");
    expect(text(quote.amount)).toBe("0.00");
    expect(quote.rule).toBe("graduated: no units");
  });
});

describe("volume prices at the tier boundaries (upTo 4 / 16 / null)", () => {
  it.each([
    [4, "60.00", "volume: 4 × 15.00 (tier 1)"],
    [5, "60.00", "volume: 5 × 12.00 (tier 2)"],
    [16, "192.00", "volume: 16 × 12.00 (tier 2)"],
    [17, "161.50", "volume: 17 × 9.50 (tier 3)"],
  ])("prices %i units at %s: every unit at the price of the tier the quantity reaches", (quantity, amount, rule) => {
    const quote = priceOf(volume, quantity, "USD");
    expect(text(quote.amount)).toBe(amount);
    expect(quote.rule).toBe(rule);
  });

  it("adds only the reached tier's flat fee", () => {
    const tiers: PriceTier[] = [
      { upTo: 4, unitPrice: "15.00", flatFee: "10.00" },
      { upTo: null, unitPrice: "12.00", flatFee: "5.00" },
    ];
    expect(text(volumePrice(tiers, 4, "USD").amount)).toBe("70.00");
    expect(text(volumePrice(tiers, 5, "USD").amount)).toBe("65.00");
  });

  it("costs nothing for zero units", () => {
    expect(text(volumePrice(CAMERA_TIERS, 0, "USD").amount)).toBe("0.00");
  });
});

describe("volume against graduated at the same quantity", () => {
  it("charges 6 cameras 84.00 graduated (4 × 15.00 + 2 × 12.00) but 72.00 by volume (6 × 12.00)", () => {
    expect(text(priceOf(graduated, 6, "USD").amount)).toBe("84.00");
    expect(text(priceOf(volume, 6, "USD").amount)).toBe("72.00");
  });

  it("agrees with graduated inside the first tier and differs once a second tier is reached", () => {
    for (const quantity of [1, 2, 3, 4]) expect(text(priceOf(volume, quantity, "USD").amount)).toBe(text(priceOf(graduated, quantity, "USD").amount));
    expect(text(priceOf(volume, 20, "USD").amount)).toBe("190.00");
    expect(text(priceOf(graduated, 20, "USD").amount)).toBe("242.00");
  });
});

describe("package prices", () => {
  const packsOfFour: PackagePriceModel = { model: "package", overage: { per: "block", blockSize: 4, price: "20.00" } };

  it.each([
    [0, "0.00", 0],
    [1, "20.00", 1],
    [4, "20.00", 1],
    [5, "40.00", 2],
    [10, "60.00", 3],
  ])("bills %i sensors in packs of 4 at 20.00 as %s: a started package is billed whole", (quantity, amount, packs) => {
    expect(text(packagePrice(packsOfFour, quantity, "USD").amount)).toBe(amount);
    expect(priceOf(packsOfFour, quantity, "USD").rule).toBe(`package: ${packs} × 20.00 per 4 units (${quantity} units)`);
  });

  // Lago's package charge model (getlago.com/docs/guide/plans/charges/charge-models/package):
  // "charge $5 per 100 units and offer the first 100 units. 201 units would cost $0 (first 100
  // units) + $5 (next 100 units) + $5 (last unit) = $10."
  const lago: PackagePriceModel = { model: "package", includedUnits: 100, overage: { per: "block", blockSize: 100, price: "5.00" } };

  it.each([
    // quantity, amount, arithmetic
    [0, "0.00"], //    nothing used
    [100, "0.00"], //  all inside the 100 free units
    [101, "5.00"], //  1 unit past them starts a block: ⌈1/100⌉ = 1 × 5.00
    [200, "5.00"], //  100 past them fill one block: ⌈100/100⌉ = 1 × 5.00
    [201, "10.00"], // Lago's example: ⌈101/100⌉ = 2 × 5.00
  ])("prices Lago's example, 100 free then 5.00 per started 100: %i units = %s", (quantity, amount) => {
    expect(text(priceOf(lago, quantity, "USD").amount)).toBe(amount);
  });

  it("explains Lago's 201 units: the free units, then the started blocks", () => {
    expect(priceOf(lago, 201, "USD").rule).toBe("package: first 100 units included + 2 × 5.00 per 100 units (201 units)");
    expect(priceOf(lago, 80, "USD").rule).toBe("package: first 100 units included (80 units)");
    expect(packagePrice(lago, 201, "USD")).toMatchObject({ includedUnits: 100, overageUnits: 101, billedOverage: 2 });
  });

  // Lago's package rate model (getlago.com/docs/v2/guide/rate-cards/pricing-models/package):
  // "with 50 free calls, packages of 100 calls and a package price of 1 USD, 200 calls leave 150
  // billable calls. Lago rounds these up to two packages, for a fee of 2 USD".
  it("prices Lago's second example: 50 free, then 1.00 per started 100; 200 calls = ⌈150/100⌉ × 1.00 = 2.00", () => {
    const model: PackagePriceModel = { model: "package", includedUnits: 50, overage: { per: "block", blockSize: 100, price: "1.00" } };
    expect(text(priceOf(model, 200, "USD").amount)).toBe("2.00");
  });

  // "First 4 cameras included in the 30.00 video plan, then 5.00 per camera" — the brief's example,
  // with the overage per unit: the package is a flat fee with included units and a per-unit overage.
  const video: PackagePriceModel = { model: "package", basePrice: "30.00", includedUnits: 4, overage: { per: "unit", price: "5.00" } };

  it.each([
    [0, "30.00"], // the base price alone, like a flat price, whatever the quantity
    [3, "30.00"], // inside the 4 included cameras
    [4, "30.00"], // exactly the included cameras
    [5, "35.00"], // 30.00 + 1 × 5.00
    [6, "40.00"], // 30.00 + 2 × 5.00
    [9, "55.00"], // 30.00 + 5 × 5.00
  ])("bills the video plan (30.00 with 4 cameras, then 5.00 per camera) for %i cameras as %s", (quantity, amount) => {
    expect(text(priceOf(video, quantity, "USD").amount)).toBe(amount);
  });

  it("explains the video plan's overage per camera", () => {
    expect(priceOf(video, 6, "USD").rule).toBe("package: 30.00 incl. 4 units + 2 × 5.00 per unit (6 units)");
    expect(priceOf(video, 2, "USD").rule).toBe("package: 30.00 incl. 4 units (2 units)");
  });

  // Stripe's flat fee and overages (docs.stripe.com/billing/subscriptions/usage-based-v1/use-cases/flat-fee-and-overages):
  // 100 USD per user, usage 0–1000 at 0 USD, then 0.04 USD per unit.
  it("prices Stripe's flat fee and overages: 100.00 with 1,000 units, then 0.04 each; 1,500 units = 100.00 + 500 × 0.04 = 120.00", () => {
    const model: PackagePriceModel = { model: "package", basePrice: "100.00", includedUnits: 1000, overage: { per: "unit", price: "0.04" } };
    expect(text(priceOf(model, 1000, "USD").amount)).toBe("100.00");
    expect(text(priceOf(model, 1500, "USD").amount)).toBe("120.00");
  });

  it("keeps a sub-cent overage exact: 3 units past the included ones at 0.0125 = 0.0375", () => {
    const model: PackagePriceModel = { model: "package", includedUnits: 2, overage: { per: "unit", price: "0.0125" } };
    expect(text(priceOf(model, 5, "USD").amount)).toBe("0.0375");
  });

  it("charges a base price without included units as a flat fee plus every started block: 10.00 + ⌈9/4⌉ × 20.00 = 70.00", () => {
    const model: PackagePriceModel = { model: "package", basePrice: "10.00", overage: { per: "block", blockSize: 4, price: "20.00" } };
    expect(text(priceOf(model, 9, "USD").amount)).toBe("70.00");
    expect(priceOf(model, 9, "USD").rule).toBe("package: 10.00 base + 3 × 20.00 per 4 units (9 units)");
  });
});

describe("flat prices", () => {
  it.each([0, 1, 17])("charges 49.00 for %i units: a flat price ignores the quantity", (quantity) => {
    const quote = priceOf({ model: "flat", amount: "49.00" }, quantity, "USD");
    expect(text(quote.amount)).toBe("49.00");
    expect(quote.rule).toBe("flat 49.00");
    expect(text(flatPrice("49.00", "USD"))).toBe("49.00");
  });
});

describe("sub-cent unit prices", () => {
  it("keep 3 × 0.125 exactly 0.375 until the line rounds it", () => {
    const amount = perUnitPrice("0.125", 3, "USD");
    expect(text(amount)).toBe("0.375");
    expect(toDecimalString(round(amount, "halfUp"))).toBe("0.38");
    expect(toDecimalString(round(amount, "halfEven"))).toBe("0.38");
    expect(toDecimalString(round(amount, "down"))).toBe("0.37");
  });

  it("keep 3 × 0.333 at 0.999, rounding to 1.00 rather than 3 × 0.33 = 0.99", () => {
    const quote = priceOf({ model: "perUnit", unitPrice: "0.333" }, 3, "USD");
    expect(text(quote.amount)).toBe("0.999");
    expect(toDecimalString(round(quote.amount, "halfUp"))).toBe("1.00");
    expect(quote.rule).toBe("3 × 0.333");
  });

  it("stay exact inside tiers: 100 sensors at 0.02 then 1,000 at 0.0125 are 14.50, and 1,001 sensors are exactly 13.2625", () => {
    const tiers: PriceTier[] = [
      { upTo: 100, unitPrice: "0.02" },
      { upTo: null, unitPrice: "0.0125" },
    ];
    expect(text(graduatedPrice(tiers, 1100, "USD").amount)).toBe("14.50");
    expect(text(graduatedPrice(tiers, 1001, "USD").amount)).toBe("13.2625");
  });

  it("represent 0.0125 USD as exactly 1.25 cents", () => {
    const amount = exactAmount("0.0125", "USD");
    expect([String(amount.numerator), String(amount.denominator)]).toEqual(["5", "4"]);
    expect(text(amount)).toBe("0.0125");
  });
});

describe("prices that cannot be read", () => {
  it("refuses a malformed price with the decimal's own error, and an unknown currency with it", () => {
    const bad = validationErrorOf(() => graduatedPrice([{ upTo: null, unitPrice: "12,00" }], 3, "USD"));
    expect(bad.issues).toEqual([{ path: [], code: "invalid_decimal", message: 'expected a decimal string such as "129.99", got "12,00"' }]);
    expect(validationErrorOf(() => exactAmount("1e3", "USD")).issues.map((i) => [i.path, i.code])).toEqual([[[], "invalid_decimal"]]);
    expect(validationErrorOf(() => exactAmount("1,00", "XXQ")).issues.map((i) => [i.path, i.code])).toEqual([
      [[], "invalid_decimal"],
      [["currency"], "unknown_currency"],
    ]);
  });

  it("keeps the shared path of a directly given price frozen, so no caller can change it for the next error", () => {
    const first = validationErrorOf(() => exactAmount("x", "USD")).issues[0];
    expect(Object.isFrozen(first?.path)).toBe(true);
  });
});
