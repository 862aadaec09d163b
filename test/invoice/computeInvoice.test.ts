import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { validationErrorOf } from "../support/errors.js";
import { parseContract } from "../../src/contract/index.js";
import { ErrorCodes, formatPath } from "../../src/errors/index.js";
import { computeInvoice, periodForMonth, type InvoiceDraft } from "../../src/invoice/index.js";
import { exactToString, sum } from "../../src/money/index.js";
import { buildContract, equipment, monitoring, oneTime, priced, type ContractSpec, type LineInput } from "../contract/builder.js";
import { dec, exampleland, exampleTaxTable, lineFigures, lineOf, onlyLine, totals, withTaxRounding } from "./support.js";

/** The invoice of a spec's contract for the period starting in `month`. */
function bill(spec: ContractSpec, month: string, options: Parameters<typeof computeInvoice>[2] = {}): InvoiceDraft {
  const contract = buildContract(spec);
  return computeInvoice(contract, periodForMonth(contract, month), options);
}

/** `[service start, service end, fraction, amount]` of each line. */
const prorations = (draft: InvoiceDraft): [string, string, string, string][] =>
  draft.lines.map((l) => [l.servicePeriod?.start ?? "", l.servicePeriod?.end ?? "", l.explanation.fraction, dec(l.amount)]);

describe("computeInvoice: line amounts", () => {
  it("bills a full month of a rate as is and explains it", () => {
    const line = onlyLine(bill({ lines: [monitoring("L-1", "39.99")] }, "2027-01"));
    expect(lineFigures(line)).toEqual(["39.99", "0.00", "39.99", "0.00", "39.99"]);
    expect(line.servicePeriod).toEqual({ start: "2027-01-01", end: "2027-02-01" });
    expect(line.description).toBe("Cellular monitoring");
    expect(line.explanation).toMatchObject({ price: "1 × 39.99", priceSource: "contract rate", cycleMonths: 1, fraction: "1", rounding: "halfUp", unrounded: "39.99" });
  });

  it("keeps a sub-cent unit price exact until the line rounds: 3 × 0.333 = 0.999 → 1.00", () => {
    const line = onlyLine(bill({ lines: [monitoring("L-1", "0.333", { quantity: 3 })] }, "2027-01"));
    expect(dec(line.amount)).toBe("1.00");
    expect(line.unitPrice).toBe("0.333");
    expect(line.explanation.unrounded).toBe("0.999");
  });

  it("rounds each line on its own: two lines of 0.125 are 0.13 each", () => {
    const draft = bill({ lines: [monitoring("L-1", "0.125"), monitoring("L-2", "0.125")] }, "2027-01");
    expect(draft.lines.map((l) => dec(l.amount))).toEqual(["0.13", "0.13"]);
    expect(dec(draft.total)).toBe("0.26");
  });

  it("bills tiered, package and flat prices from the price model", () => {
    const tiers = [
      { upTo: 4, unitPrice: "15.00" },
      { upTo: 16, unitPrice: "12.00" },
      { upTo: null, unitPrice: "9.50" },
    ];
    const draft = bill(
      {
        lines: [
          priced("G", { model: "graduated", tiers }, { quantity: 17 }),
          priced("V", { model: "volume", tiers }, { quantity: 17 }),
          priced("P", { model: "package", overage: { per: "block", blockSize: 4, price: "20.00" } }, { quantity: 5 }),
          priced("F", { model: "flat", amount: "49.00" }, { quantity: 9 }),
        ],
      },
      "2027-01",
    );
    expect(draft.lines.map((l) => [l.lineId, dec(l.amount), l.unitPrice])).toEqual([
      ["G", "213.50", undefined],
      ["V", "161.50", undefined],
      ["P", "40.00", undefined],
      ["F", "49.00", undefined],
    ]);
    expect(lineOf(draft, "G").explanation.price).toBe("graduated: 4 × 15.00 (tier 1) + 12 × 12.00 (tier 2) + 1 × 9.50 (tier 3)");
  });

  it("takes a price from the site's price book", () => {
    const draft = bill(
      {
        priceBooks: { metro: { prices: { fire: { model: "flat", amount: "42.00" } } } },
        sites: [{ id: "S-1", name: "Store", address: { line1: "1 Main St", city: "Springfield", state: "XX", postalCode: "00001", country: "US" }, priceBook: "metro", lines: [{ kind: "monitoring", id: "L-1", tier: "fire", priceKey: "fire", taxCategory: "monitoring" }] }],
      },
      "2027-01",
    );
    expect(dec(onlyLine(draft).amount)).toBe("42.00");
    expect(onlyLine(draft).explanation.priceSource).toBe('price book "metro" entry "fire"');
  });

  it("multiplies a monthly rate by three on a quarterly cycle, and not when rates are per cycle", () => {
    const quarterly = onlyLine(bill({ billing: { cycle: "quarterly", anchorMonth: 1, pricesPer: "month" }, lines: [monitoring("L-1", "39.99")] }, "2027-01"));
    expect(dec(quarterly.amount)).toBe("119.97");
    expect(quarterly.explanation.cycleMonths).toBe(3);
    expect(quarterly.servicePeriod).toEqual({ start: "2027-01-01", end: "2027-04-01" });
    const perCycle = onlyLine(bill({ billing: { cycle: "quarterly", anchorMonth: 1, pricesPer: "cycle" }, lines: [monitoring("L-1", "39.99")] }, "2027-01"));
    expect(dec(perCycle.amount)).toBe("39.99");
  });

  it("bills a one-time charge in the period containing its date, and in no other", () => {
    const spec: ContractSpec = { lines: [monitoring("L-1", "39.99"), oneTime("L-2", "199.00", "2027-02-14")] };
    expect(bill(spec, "2027-01").lines.map((l) => l.lineId)).toEqual(["L-1"]);
    const february = bill(spec, "2027-02");
    expect(lineOf(february, "L-2")).toMatchObject({ kind: "oneTime", date: "2027-02-14", description: "Installation" });
    expect(dec(lineOf(february, "L-2").amount)).toBe("199.00");
    expect(bill(spec, "2027-03").lines.map((l) => l.lineId)).toEqual(["L-1"]);
  });
});

describe("computeInvoice: proration to the day", () => {
  it("splits a rate change on the 15th of a 31-day month into two lines, 14/31 and 17/31, each rounded", () => {
    const draft = bill({ lines: [monitoring("L-1", "39.99", { priceChanges: [{ effective: "2027-01-15", rate: "49.99" }] })] }, "2027-01");
    expect(prorations(draft)).toEqual([
      ["2027-01-01", "2027-01-15", "14/31", "18.06"],
      ["2027-01-15", "2027-02-01", "17/31", "27.41"],
    ]);
    const [before, after] = draft.lines;
    expect(before?.explanation.priceSource).toBe("contract rate");
    expect(after?.explanation.priceSource).toBe("price change effective 2027-01-15");
    expect(after?.explanation.unrounded).toBe("27.413870…");
    expect(after?.explanation.proration).toBe("17 of 31 days (actual)");
    expect(after?.description).toBe("Cellular monitoring — prorated 2027-01-15 to 2027-02-01");
    expect(dec(draft.total)).toBe("45.47");
  });

  it("bills the stub of an anchor-1 contract starting on the 10th as 22/31 of each line", () => {
    const spec: ContractSpec = { start: "2026-03-10", lines: [monitoring("L-1", "39.99"), equipment("L-2", "12.50")] };
    const contract = buildContract(spec);
    const period = periodForMonth(contract, "2026-03");
    expect([period.kind, period.start, period.end, period.index]).toEqual(["stub", "2026-03-10", "2026-04-01", 0]);
    const draft = computeInvoice(contract, period);
    expect(prorations(draft)).toEqual([
      ["2026-03-10", "2026-04-01", "22/31", "28.38"],
      ["2026-03-10", "2026-04-01", "22/31", "8.87"],
    ]);
    expect(draft.lines[1]?.explanation.unrounded).toBe("8.870967…");
    expect(prorations(bill(spec, "2026-04")).map((p) => p[3])).toEqual(["39.99", "12.50"]);
  });

  it("prorates a line added on the 10th and a line removed on the 20th of a 31-day month", () => {
    const spec: ContractSpec = {
      start: "2026-06-01",
      lines: [monitoring("L-added", "24.99", { start: "2027-01-10" }), monitoring("L-removed", "24.99", { end: "2027-01-20" })],
    };
    expect(prorations(bill(spec, "2027-01"))).toEqual([
      ["2027-01-10", "2027-02-01", "22/31", "17.73"],
      ["2027-01-01", "2027-01-20", "19/31", "15.32"],
    ]);
    expect(bill(spec, "2026-12").lines.map((l) => l.lineId)).toEqual(["L-removed"]);
    expect(bill(spec, "2027-02").lines.map((l) => l.lineId)).toEqual(["L-added"]);
  });

  it("splits a period where a seasonal rate begins (17/31 at 24.99, 14/31 in season at 39.99) and where it ends", () => {
    const spec: ContractSpec = {
      start: "2026-06-15",
      billing: { anchorDay: 15 },
      lines: [monitoring("L-1", "24.99", { tier: "vacant-home watch", seasonal: [{ name: "In residence", from: "11-01", to: "05-01", rate: "39.99" }] })],
    };
    const draft = bill(spec, "2026-10");
    expect(prorations(draft)).toEqual([
      ["2026-10-15", "2026-11-01", "17/31", "13.70"],
      ["2026-11-01", "2026-11-15", "14/31", "18.06"],
    ]);
    expect(draft.lines[1]?.description).toBe("Vacant-home watch monitoring (In residence) — prorated 2026-11-01 to 2026-11-15");
    expect(draft.lines[1]?.explanation.seasonal).toBe('seasonal rate "In residence" (11-01 to 05-01)');
    expect(prorations(bill(spec, "2026-12"))).toEqual([["2026-12-15", "2027-01-15", "1", "39.99"]]);
    expect(prorations(bill(spec, "2027-04"))).toEqual([
      ["2027-04-15", "2027-05-01", "8/15", "21.33"],
      ["2027-05-01", "2027-05-15", "7/15", "11.66"],
    ]);
  });
});

describe("computeInvoice: the escalator", () => {
  const escalating = (escalator: NonNullable<ContractSpec["term"]>["escalator"], lines: readonly LineInput[] = [monitoring("L-1", "39.99")]): ContractSpec => ({
    start: "2024-01-01",
    term: { escalator },
    lines,
  });

  it("compounds 3 % over three anniversaries: 39.99 × 1.03³ = 43.6981… → 43.70 in January 2027", () => {
    const line = onlyLine(bill(escalating({ kind: "percent", percent: "3" }), "2027-01"));
    expect(dec(line.amount)).toBe("43.70");
    expect(line.explanation.escalator).toBe("escalator 3 % compounding × 3 anniversaries = × 1.092727");
    expect(line.explanation.unrounded).toBe("43.698152…");
    expect(line.unitPrice).toBe("43.69815273");
  });

  it("raises the price on each anniversary and not before", () => {
    const spec = escalating({ kind: "percent", percent: "3" });
    expect(["2024-12", "2025-01", "2025-12", "2026-01", "2026-12"].map((m) => dec(onlyLine(bill(spec, m)).amount))).toEqual(["39.99", "41.19", "41.19", "42.43", "42.43"]);
  });

  it("adds simple increases when not compounding: 39.99 × 1.09 = 43.59", () => {
    expect(dec(onlyLine(bill(escalating({ kind: "percent", percent: "3", compounding: false }), "2027-01")).amount)).toBe("43.59");
  });

  it("stops at the cap: +5 % at most gives 41.99", () => {
    const line = onlyLine(bill(escalating({ kind: "percent", percent: "3", capPercent: "5" }), "2027-01"));
    expect(dec(line.amount)).toBe("41.99");
    expect(line.explanation.escalator).toContain("(capped at +5 %)");
  });

  it("leaves a line marked escalate: false at its rate", () => {
    const draft = bill(escalating({ kind: "percent", percent: "3" }, [monitoring("L-1", "39.99"), equipment("L-2", "15.00", { escalate: false })]), "2027-01");
    expect(draft.lines.map((l) => dec(l.amount))).toEqual(["43.70", "15.00"]);
    expect(lineOf(draft, "L-2").explanation.escalator).toBeUndefined();
  });

  it("escalates a line added after the start only from the anniversaries after it was added", () => {
    // Contract from 2024-01-01; a camera line added on 2025-03-01 at the price agreed then.
    const spec = escalating({ kind: "percent", percent: "3" }, [monitoring("L-1", "39.99"), monitoring("L-cam", "20.00", { start: "2025-03-01" })]);
    const months = ["2025-03", "2025-12", "2026-01", "2027-01"];
    expect(months.map((m) => dec(lineOf(bill(spec, m), "L-cam").amount))).toEqual(["20.00", "20.00", "20.60", "21.22"]);
    expect(lineOf(bill(spec, "2025-03"), "L-cam").explanation.escalator).toBeUndefined();
    // The line there from the start rose on 2025-01-01 as before.
    expect(dec(lineOf(bill(spec, "2025-03"), "L-1").amount)).toBe("41.19");
  });

  it("adds a fixed escalator once to a flat price, whatever the line's quantity, and per unit to a per-unit price", () => {
    const flat = priced("L-flat", { model: "flat", amount: "45.00" }, { quantity: 3 });
    const perUnit = monitoring("L-unit", "10.00", { quantity: 3 });
    const draft = bill(escalating({ kind: "fixed", amount: "2.50" }, [flat, perUnit]), "2025-01");
    // Flat: 45.00 + 2.50; per unit: 3 × (10.00 + 2.50).
    expect(draft.lines.map((l) => dec(l.amount))).toEqual(["47.50", "37.50"]);
  });

  it("restarts from a price change: only anniversaries after the change raise the new price", () => {
    const spec = escalating({ kind: "percent", percent: "3" }, [monitoring("L-1", "39.99", { priceChanges: [{ effective: "2025-06-01", rate: "50.00" }] })]);
    expect(["2025-05", "2025-06", "2025-12", "2026-01", "2027-01"].map((m) => dec(onlyLine(bill(spec, m)).amount))).toEqual([
      "41.19",
      "50.00",
      "50.00",
      "51.50",
      "53.05",
    ]);
  });

  it("splits a period at an anniversary inside it: 14/31 at 39.99 and 17/31 at 39.99 × 1.03", () => {
    const draft = bill({ start: "2024-01-15", term: { escalator: { kind: "percent", percent: "3" } }, lines: [monitoring("L-1", "39.99")] }, "2025-01");
    expect(prorations(draft)).toEqual([
      ["2025-01-01", "2025-01-15", "14/31", "18.06"],
      ["2025-01-15", "2025-02-01", "17/31", "22.59"],
    ]);
  });

  it("adds a fixed escalator per unit: 2 cameras at 7.50 + 1.00 per anniversary are 2 × 10.50 = 21.00 after three", () => {
    const line = onlyLine(bill(escalating({ kind: "fixed", amount: "1.00" }, [equipment("L-1", "7.50", { quantity: 2 })]), "2027-01"));
    expect(dec(line.amount)).toBe("21.00");
  });
});

describe("computeInvoice: how discounts stack, worked by hand", () => {
  // One 100.00 monitoring line for January, two percentage discounts: 10 % (order 0), 20 % (order 1).
  const pct = (id: string, percent: string, order: number) => ({ id, description: `${percent} % off`, kind: "percent" as const, percent, order, appliesTo: { scope: "invoice" as const } });
  const stacked = (stacking: ContractSpec["discountStacking"], discounts: NonNullable<ContractSpec["discounts"]> = [pct("D-10", "10", 0), pct("D-20", "20", 1)]) =>
    onlyLine(bill({ lines: [monitoring("L-mon", "100.00")], discounts, ...(stacking === undefined ? {} : { discountStacking: stacking }) }, "2027-01"));

  it('compound (the default): 10 % then 20 % of what is left — 10.00 + 18.00 = 28.00 off, 72.00', () => {
    const line = stacked(undefined);
    expect([dec(line.discountTotal), dec(line.net)]).toEqual(["28.00", "72.00"]);
  });

  it('additive: 10 % + 20 % of the price — 30.00 off, 70.00', () => {
    const line = stacked({ mode: "additive" });
    expect([dec(line.discountTotal), dec(line.net)]).toEqual(["30.00", "70.00"]);
  });

  it("order decides what compounds on what, not the list: 20 % first then 10 % is still 28.00 (multiplication commutes), and a fixed 5.00 between them moves the total", () => {
    expect(dec(stacked(undefined, [pct("D-20", "20", 0), pct("D-10", "10", 1)]).discountTotal)).toBe("28.00");
    const fixed = { id: "D-5", description: "5.00 off", kind: "fixed" as const, amount: "5.00", order: 1, appliesTo: { scope: "invoice" as const } };
    // 10 % of 100.00 = 10.00 → 90.00; 5.00 → 85.00; 20 % of 85.00 = 17.00 → 68.00: 32.00 off.
    const line = stacked(undefined, [pct("D-10", "10", 0), fixed, pct("D-20", "20", 2)]);
    expect([dec(line.discountTotal), dec(line.net)]).toEqual(["32.00", "68.00"]);
  });

  it("capPercent holds all discounts of a line to a share of its price: 28 % capped at 25 % is 25.00 off", () => {
    const line = stacked({ mode: "compound", capPercent: "25" });
    expect([dec(line.discountTotal), dec(line.net)]).toEqual(["25.00", "75.00"]);
  });

  it("capAmount holds all discounts of the invoice to an amount: 30.00 additive capped at 12.50 is 12.50 off", () => {
    const line = stacked({ mode: "additive", capAmount: "12.50" });
    expect([dec(line.discountTotal), dec(line.net)]).toEqual(["12.50", "87.50"]);
  });
});

describe("computeInvoice: discounts", () => {
  const coupon = (value: string, scope: NonNullable<ContractSpec["discounts"]>[number]["appliesTo"] = { scope: "invoice" }) => ({
    id: "P-welcome",
    description: "Welcome coupon",
    kind: "fixed" as const,
    amount: value,
    appliesTo: scope,
  });

  it("spreads a fixed coupon over lines with different tax rates and taxes each line after its share", () => {
    const draft = bill({ lines: [monitoring("L-mon", "44.99"), equipment("L-cams", "7.50", { quantity: 2 })], discounts: [coupon("10.00")] }, "2027-01", { tax: exampleland });
    const [mon, cams] = draft.lines;
    expect(mon === undefined ? [] : lineFigures(mon)).toEqual(["44.99", "7.50", "37.49", "1.50", "38.99"]);
    expect(cams === undefined ? [] : lineFigures(cams)).toEqual(["15.00", "2.50", "12.50", "1.25", "13.75"]);
    expect(dec(sum(draft.lines.map((l) => l.discountTotal), "USD"))).toBe("10.00");
    for (const line of draft.lines) {
      for (const tax of line.taxes) expect(exactToString(tax.base)).toBe(dec(line.net));
    }
    expect(mon?.taxes.map((t) => exactToString(t.unrounded))).toEqual(["1.4996"]);
    expect(cams?.taxes.map((t) => exactToString(t.unrounded))).toEqual(["1.25"]);
    expect(totals(draft)).toEqual(["59.99", "10.00", "2.75", "52.74"]);
    expect(mon?.explanation.discounts).toEqual(["Welcome coupon: −7.50"]);
  });

  it("stacks the example promo: 50 % off monitoring first, then a 25.00 coupon spread over what is left", () => {
    const contract = parseContract(JSON.parse(readFileSync(new URL("../../examples/contracts/promo.json", import.meta.url), "utf8")) as unknown);
    const draft = computeInvoice(contract, periodForMonth(contract, "2027-01"), { tax: exampleTaxTable() });
    expect(draft.lines.map((l) => [l.lineId, l.discounts.map((d) => `${d.discountId} ${dec(d.amount)}`)])).toEqual([
      ["L-mon", ["P-half 22.50", "P-welcome 3.02"]],
      ["L-cams", ["P-welcome 2.01"]],
      ["L-install", ["P-welcome 19.97"]],
    ]);
    expect(draft.lines.map((l) => [dec(l.net), dec(l.taxTotal)])).toEqual([
      ["19.47", "1.36"],
      ["12.99", "0.91"],
      ["129.03", "0.00"],
    ]);
    expect(totals(draft)).toEqual(["208.99", "47.50", "2.27", "163.76"]);
    const february = computeInvoice(contract, periodForMonth(contract, "2027-02"), { tax: exampleTaxTable() });
    expect(february.lines.flatMap((l) => l.discounts.map((d) => d.discountId))).toEqual(["P-half"]);
    const april = computeInvoice(contract, periodForMonth(contract, "2027-04"), { tax: exampleTaxTable() });
    expect(dec(april.discountTotal)).toBe("0.00");
  });

  it("never takes a line below zero: a 100.00 coupon on a 39.99 invoice takes 39.99 and leaves nothing to tax", () => {
    const line = onlyLine(bill({ lines: [monitoring("L-1", "39.99")], discounts: [coupon("100.00")] }, "2027-01", { tax: exampleland }));
    expect(lineFigures(line)).toEqual(["39.99", "39.99", "0.00", "0.00", "0.00"]);
  });

  it("never takes a line below zero with stacked percent discounts of 100 % and 50 %", () => {
    const discounts = [
      { id: "D-1", description: "Free month", kind: "percent" as const, percent: "100", appliesTo: { scope: "invoice" as const } },
      { id: "D-2", description: "Half off", kind: "percent" as const, percent: "50", appliesTo: { scope: "invoice" as const } },
    ];
    const line = onlyLine(bill({ lines: [monitoring("L-1", "39.99")], discounts }, "2027-01", { tax: exampleland }));
    expect(lineFigures(line)).toEqual(["39.99", "39.99", "0.00", "0.00", "0.00"]);
    expect(line.discounts.map((d) => d.discountId)).toEqual(["D-1"]);
  });

  it("applies a fixed coupon to a stub in proportion: 31.00 per month over 22/31 of a month is 22.00", () => {
    const line = onlyLine(bill({ start: "2026-03-10", lines: [monitoring("L-1", "62.00")], discounts: [coupon("31.00")] }, "2026-03"));
    expect(lineFigures(line)).toEqual(["44.00", "22.00", "22.00", "0.00", "22.00"]);
  });

  it("limits a discount to its lines or categories", () => {
    const draft = bill(
      {
        lines: [monitoring("L-mon", "40.00"), equipment("L-eq", "20.00")],
        discounts: [
          { id: "D-cat", description: "10 % off monitoring", kind: "percent", percent: "10", appliesTo: { scope: "category", categories: ["monitoring"] } },
          coupon("5.00", { scope: "line", lineIds: ["L-eq"] }),
        ],
      },
      "2027-01",
    );
    expect(draft.lines.map((l) => [l.lineId, dec(l.discountTotal)])).toEqual([
      ["L-mon", "4.00"],
      ["L-eq", "5.00"],
    ]);
  });

  it("ends a discount with its duration: the first N periods, or periods starting before a day", () => {
    const spec = (duration: NonNullable<ContractSpec["discounts"]>[number]["duration"]): ContractSpec => ({
      lines: [monitoring("L-1", "40.00")],
      discounts: [{ id: "D-1", description: "Promo", kind: "percent", percent: "25", appliesTo: { scope: "invoice" }, duration }],
    });
    expect(["2027-01", "2027-02", "2027-03"].map((m) => dec(bill(spec({ kind: "cycles", count: 2 }), m).discountTotal))).toEqual(["10.00", "10.00", "0.00"]);
    expect(["2027-01", "2027-02", "2027-03"].map((m) => dec(bill(spec({ kind: "until", date: "2027-02-01" }), m).discountTotal))).toEqual(["10.00", "0.00", "0.00"]);
  });
});

describe("computeInvoice: taxes", () => {
  it("charges an inclusive 4 % on 2.99 rounded on the tax: tax 0.12, net 2.87, total 2.99", () => {
    const draft = bill({ billing: { taxInclusive: true }, lines: [monitoring("L-1", "2.99")] }, "2027-01", { tax: exampleland, rounding: withTaxRounding({ inclusive: "tax" }) });
    expect(lineFigures(onlyLine(draft))).toEqual(["2.87", "0.00", "2.87", "0.12", "2.99"]);
    expect(totals(draft)).toEqual(["2.87", "0.00", "0.12", "2.99"]);
    expect(draft.taxInclusive).toBe(true);
  });

  it("charges an inclusive 4 % on 2.99 rounded on the net: tax 0.11, net 2.88, total 2.99", () => {
    const draft = bill({ billing: { taxInclusive: true }, lines: [monitoring("L-1", "2.99")] }, "2027-01", { tax: exampleland, rounding: withTaxRounding({ inclusive: "net" }) });
    expect(lineFigures(onlyLine(draft))).toEqual(["2.88", "0.00", "2.88", "0.11", "2.99"]);
    expect(totals(draft)).toEqual(["2.88", "0.00", "0.11", "2.99"]);
  });

  it("keeps the listed price after a discount as the total of a tax-inclusive line", () => {
    const draft = bill(
      {
        billing: { taxInclusive: true },
        lines: [monitoring("L-1", "52.00")],
        discounts: [{ id: "D-1", description: "Promo", kind: "fixed", amount: "10.00", appliesTo: { scope: "invoice" } }],
      },
      "2027-01",
      { tax: exampleland },
    );
    // 42.00 listed after the discount = 40.38 net + 1.62 tax (42.00 / 1.04 = 40.3846…).
    expect(lineFigures(onlyLine(draft))).toEqual(["50.38", "10.00", "40.38", "1.62", "42.00"]);
  });

  it("charges no tax to an exempt customer and lists each waived tax with the certificate", () => {
    const spec: ContractSpec = {
      start: "2026-01-01",
      customer: { taxExemptions: [{ certificateId: "XX-EX-1042", expires: "2027-03-01" }] },
      lines: [monitoring("L-1", "40.00"), equipment("L-2", "20.00")],
    };
    const draft = bill(spec, "2027-02", { tax: exampleland });
    expect(totals(draft)).toEqual(["60.00", "0.00", "0.00", "60.00"]);
    for (const line of draft.lines) {
      expect(line.taxes).toEqual([]);
      expect(line.waivedTaxes).toEqual([{ ruleId: "xx-state", jurisdictionId: "US-XX", taxName: "Exampleland sales tax", reason: "exempt: certificate XX-EX-1042" }]);
      expect(line.explanation.taxes).toEqual(["Exampleland sales tax not charged: exempt: certificate XX-EX-1042"]);
    }
    expect(draft.taxTotals).toEqual([]);
  });

  it("taxes an exempt customer again from the day the certificate expires", () => {
    const spec: ContractSpec = {
      start: "2026-01-01",
      customer: { taxExemptions: [{ certificateId: "XX-EX-1042", expires: "2027-03-01" }] },
      lines: [monitoring("L-1", "40.00"), equipment("L-2", "20.00")],
    };
    const draft = bill(spec, "2027-03", { tax: exampleland });
    expect(draft.lines.map((l) => [dec(l.taxTotal), l.waivedTaxes.length])).toEqual([
      ["1.60", 0],
      ["2.00", 0],
    ]);
    expect(totals(draft)).toEqual(["60.00", "0.00", "3.60", "63.60"]);
  });

  it("exempts only the categories a certificate names", () => {
    const draft = bill(
      { customer: { taxExemptions: [{ certificateId: "EX-7", categories: ["monitoring"] }] }, lines: [monitoring("L-1", "40.00"), equipment("L-2", "20.00")] },
      "2027-01",
      { tax: exampleland },
    );
    expect(draft.lines.map((l) => [l.lineId, dec(l.taxTotal), l.waivedTaxes.map((w) => w.reason)])).toEqual([
      ["L-1", "0.00", ["exempt: certificate EX-7"]],
      ["L-2", "2.00", []],
    ]);
  });

  it("sums each tax over the invoice in taxTotals", () => {
    const draft = bill({ lines: [monitoring("L-1", "40.00"), equipment("L-2", "20.00")] }, "2027-01", { tax: exampleland });
    expect(draft.taxTotals.map((t) => [t.ruleId, t.jurisdictionId, dec(t.amount)])).toEqual([["xx-state", "US-XX", "3.60"]]);
  });

  it("refuses to bill a line whose tax category the tax provider does not know, listing every such line", () => {
    const contract = buildContract({
      lines: [monitoring("L-1", "40.00"), monitoring("L-2", "5.00", { taxCategory: "alarm-permit" }), equipment("L-3", "5.00", { taxCategory: "alarm-permit" })],
    });
    const period = periodForMonth(contract, "2027-01");
    const error = validationErrorOf(() => computeInvoice(contract, period, { tax: exampleland }));
    expect(error.issues.map((i) => [formatPath(i.path), i.code])).toEqual([
      ["sites[0].lines[1].taxCategory", ErrorCodes.notBillable],
      ["sites[0].lines[2].taxCategory", ErrorCodes.notBillable],
    ]);
    expect(error.issues[0]?.message).toBe('tax category "alarm-permit" is unknown to the tax provider "tax table": refusing to bill it untaxed');
    expect(dec(computeInvoice(contract, period).total)).toBe("50.00");
  });

  it("refuses a site id the contract does not have", () => {
    const contract = buildContract();
    const error = validationErrorOf(() => computeInvoice(contract, periodForMonth(contract, "2027-01"), { siteIds: ["S-404"] }));
    expect(error.issues.map((i) => [formatPath(i.path), i.code])).toEqual([["siteIds[0]", ErrorCodes.invalidReference]]);
  });
});

describe("computeInvoice: the invoice around the lines", () => {
  it("carries the period, dates, series and payment instructions", () => {
    const draft = bill(
      {
        billing: { invoiceSeries: "RES", paymentTerms: { kind: "net", days: 15 } },
        paymentMethod: { kind: "card", token: "tok_visa", last4: "4242", autoPay: true },
        lines: [monitoring("L-1", "39.99")],
      },
      "2027-01",
    );
    expect(draft).toMatchObject({
      status: "draft",
      contractId: "C-TEST",
      customerId: "CUST-1",
      series: "RES",
      currency: "USD",
      siteIds: ["S-1"],
      period: { index: 0, start: "2027-01-01", end: "2027-02-01", cycleDate: "2027-01-01" },
      issueDate: "2026-12-27",
      dueDate: "2027-01-11",
    });
    expect(draft.paymentInstructions).toEqual({
      autoPay: true,
      method: "card ending 4242",
      reference: "C-TEST",
      text: "Nothing to do: 39.99 USD will be charged to your card ending 4242 on 2027-01-11.",
    });
  });

  it("sums each site's lines in its subtotal", () => {
    const contract = buildContract({
      sites: [
        { id: "A", name: "Home", address: { line1: "1 Main St", city: "Springfield", state: "XX", postalCode: "00001", country: "US" }, lines: [monitoring("A-1", "40.00")] },
        { id: "B", name: "Shop", address: { line1: "2 Main St", city: "Springfield", state: "XX", postalCode: "00001", country: "US" }, lines: [equipment("B-1", "20.00"), monitoring("B-2", "10.00")] },
      ],
    });
    const draft = computeInvoice(contract, periodForMonth(contract, "2027-01"), { tax: exampleland });
    expect(draft.siteSubtotals.map((s) => [s.siteId, s.siteName, dec(s.subtotal), dec(s.taxTotal), dec(s.total)])).toEqual([
      ["A", "Home", "40.00", "1.60", "41.60"],
      ["B", "Shop", "30.00", "2.40", "32.40"],
    ]);
  });
});

describe("computeInvoice: one-time charges in a stub that is not billed", () => {
  it("bills an installation dated in a nextAnchor stub on the first invoice, once", () => {
    const contract = buildContract({
      start: "2027-01-10",
      billing: { anchorDay: 1, stub: "nextAnchor" },
      lines: [monitoring("L-1", "31.00"), oneTime("INSTALL", "199.00", "2027-01-10")],
    });
    const february = computeInvoice(contract, periodForMonth(contract, "2027-02"));
    expect(february.period.index).toBe(0);
    expect(february.lines.map((l) => [l.lineId, l.date ?? l.servicePeriod?.start, dec(l.amount)])).toEqual([
      ["L-1", "2027-02-01", "31.00"],
      ["INSTALL", "2027-01-10", "199.00"],
    ]);
    const march = computeInvoice(contract, periodForMonth(contract, "2027-03"));
    expect(march.lines.map((l) => l.lineId)).toEqual(["L-1"]);
  });
});

describe("computeInvoice: every line has its own explanation", () => {
  it("refuses a push into an empty explanation list of a draft line, leaving every other line as it was", () => {
    const draft = bill({ lines: [monitoring("L-1", "39.99"), monitoring("L-2", "19.99")] }, "2027-01");
    const [first, second] = draft.lines;
    expect(first?.explanation.discounts).toEqual([]);
    expect(() => (first?.explanation.discounts as string[]).push("a note")).toThrow(TypeError);
    expect(second?.explanation.discounts).toEqual([]);
    expect(first?.explanation).not.toBe(second?.explanation);
  });
});

describe("30/360 proration on the invoice", () => {
  it("bills a stub with the same fraction as its billing period under anchor 31", () => {
    const draft = bill({ start: "2027-02-10", lines: [monitoring("L-1", "30.00")], billing: { anchorDay: 31, dayCount: "30/360" } }, "2027-02");
    expect(draft.lines.map((l) => [l.explanation.fraction, dec(l.amount)])).toEqual([["2/3", "20.00"]]);
  });
});

describe("unit prices under an escalator", () => {
  it("shows the escalated unit price under a fixed escalator, so quantity × unit price is the amount", () => {
    const draft = bill(
      { start: "2025-01-01", lines: [monitoring("L-1", "10.00", { quantity: 3 })], term: { escalator: { kind: "fixed", amount: "1.00" } } },
      "2027-01",
    );
    expect(draft.lines.map((l) => [l.quantity, l.unitPrice, dec(l.amount), l.explanation.escalator])).toEqual([
      [3, "12.00", "36.00", "escalator +1.00 per unit × 2 anniversaries"],
    ]);
  });
});
