import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { safeParseContract } from "../../src/contract/index.js";
import { fastContract } from "../../src/import/fastContract.js";

const DELETE = Symbol("delete");

/**
 * The changes a document may get, each a path and the values it may take there: well-formed
 * alternatives, and the malformed values a CRM export (or a merge) can bring. DELETE removes it.
 */
const CHANGES: readonly (readonly [readonly (string | number)[], readonly unknown[]])[] = [
  [["id"], ["C-1", "", "x".repeat(201), 42, "4111 1111 1111 1111", DELETE]],
  [["customer", "id"], ["CU-1", "", DELETE]],
  [["customer", "name"], ["Ann Rivera", "", 5, DELETE]],
  [["customer", "contact", "name"], ["Bo", "", DELETE]],
  [["customer", "contact", "email"], ["ann@example.com", "not-an-email", "a@b", "", "o'neil+x@mail.example.org", DELETE]],
  [["customer", "contact", "phone"], ["+15125550100", "(512) 555-0100", "+0123", DELETE]],
  [["customer", "contact", "smsConsent"], [true, false, "Y", DELETE]],
  [["customer", "contact"], [{}, { email: "a@example.com" }, "x"]],
  [["customer", "channels"], [["email"], ["sms", "portal"], [], ["fax"], "email", ["email", "email"], DELETE]],
  [["customer", "locale"], ["en-US", "fr-CA", "en_US", "", DELETE]],
  [["customer", "timeZone"], ["America/New_York", "Mars/Base", "", DELETE]],
  [["customer", "taxExemptions"], [[], [{ certificateId: "X" }], DELETE]],
  [["customer", "extra"], [1]],
  [["billing", "currency"], ["USD", "CAD", "JPY", "usd", "XYZ", DELETE]],
  [["billing", "cycle"], ["monthly", "quarterly", "annual", "semiannual", "weekly", { everyMonths: 2 }, { everyMonths: 0 }, { everyMonths: 1 }, { everyMonths: 2, extra: 1 }, DELETE]],
  [["billing", "anchorDay"], [1, 31, 0, 32, 1.5, DELETE]],
  [["billing", "anchorMonth"], [1]],
  [["billing", "invoiceSeries"], ["INV", "", "A-", DELETE]],
  [["billing", "pricesPer"], ["month", "cycle", "year", DELETE]],
  [["billing", "timing"], ["advance", "arrears", "x", DELETE]],
  [["billing", "paymentTerms"], [{ kind: "onCycleDate" }, { kind: "net", days: 30 }, { kind: "net" }, { kind: "net", days: 400 }, { kind: "onCycleDate", days: 1 }, DELETE]],
  [["billing", "stub"], ["prorate", "full", "nextAnchor", "x"]],
  [["billing", "dayCount"], ["actual", "30/360", "x"]],
  [["billing", "midPeriodChanges"], ["nextInvoice", "none", "immediate", "x"]],
  [["billing", "consolidation"], ["consolidated", "perSite", "x"]],
  [["billing", "taxInclusive"], [false, true, "no"]],
  [["billing", "invoiceFields"], [[], ["po"]]],
  [["billing", "leadDays"], [5, 0, -1, 367]],
  [["term", "start"], ["2026-01-01", "2027-06-01", "2026-02-30", "2029-03-01", DELETE]],
  [["term", "end"], ["2029-01-01", "2026-03-01", "2025-12-31", "2026-13-01", DELETE]],
  [["term", "autoRenew"], [true, false, "Y", DELETE]],
  [["term", "renewalTermMonths"], [12, 0, 121, DELETE]],
  [["term", "cancellationNoticeDays"], [30, 0, -1, 367]],
  [["term", "earlyTermination"], [{ credit: "prorate", waivedFor: [], taxCategory: "fee", description: "Early termination fee" }, { credit: "none" }, {}, { fee: { kind: "fixed", amount: "10" } }, { credit: "x" }, { waivedFor: ["moved"] }, { taxCategory: "Fee" }]],
  [["term", "escalator"], [{ kind: "percent", percent: "3" }]],
  [["paymentMethod"], [{ kind: "ach" }, { kind: "card", autoPay: true }, { kind: "wire" }, "card", DELETE]],
  [["paymentMethod", "token"], ["tok_1", "", DELETE]],
  [["paymentMethod", "last4"], ["4242", "42", DELETE]],
  [["paymentMethod", "expiry"], ["2029-09", "2029-13", "09/29", DELETE]],
  [["paymentMethod", "autoPay"], [true, false, 1, DELETE]],
  [["notes"], ["Gate code 1234, ring twice.", "", "card 4111111111111111", 7, DELETE]],
  [["discounts"], [[], [{ id: "D-1", kind: "percent", percent: "10", description: "Promo", appliesTo: { scope: "invoice" } }]]],
  [["discountStacking"], [{ mode: "compound" }, { mode: "additive" }, {}, { mode: "x" }, { capPercent: "10" }]],
  [["customFields"], [{}, { po: "1" }]],
  [["priceBooks"], [{}, { std: { prices: {} } }]],
  [["termination"], [{ date: "2027-01-01", reason: "moved" }]],
  [["foo"], [1, undefined]],
  [["sites"], [[], "x"]],
  [["sites", 0, "id"], ["S-1", "S-2", "", DELETE]],
  [["sites", 0, "name"], ["Home", "", DELETE]],
  [["sites", 0, "priceBook"], ["std"]],
  [["sites", 0, "address", "line1"], ["1 Main St", "", DELETE]],
  [["sites", 0, "address", "line2"], ["Apt 4", "", DELETE]],
  [["sites", 0, "address", "city"], ["Austin", "", DELETE]],
  [["sites", 0, "address", "county"], ["Travis", "", DELETE]],
  [["sites", 0, "address", "state"], ["TX", "", DELETE]],
  [["sites", 0, "address", "postalCode"], ["78701", "", DELETE]],
  [["sites", 0, "address", "country"], ["US", "CA", "us", "USA", DELETE]],
  [["sites", 0, "lines"], [[], "x"]],
  [["sites", 1], [{ id: "S-1", name: "Shop", address: { line1: "2 Elm", city: "Austin", postalCode: "78701", country: "US" }, lines: [{ id: "L-9", kind: "addon", name: "Guard", rate: "3", taxCategory: "monitoring" }] }, { id: "S-2", name: "Shop", address: { line1: "2 Elm", city: "Austin", postalCode: "78701", country: "US" }, lines: [{ id: "L-mon-S-1", kind: "addon", name: "Guard", rate: "3", taxCategory: "monitoring" }] }]],
  ...[0, 1, 2].flatMap((l): [readonly (string | number)[], readonly unknown[]][] => [
    [["sites", 0, "lines", l, "kind"], ["monitoring", "equipment", "addon", "oneTime", "other", DELETE]],
    [["sites", 0, "lines", l, "tier"], ["basic", "", 5, DELETE]],
    [["sites", 0, "lines", l, "item"], ["Camera", ""]],
    [["sites", 0, "lines", l, "name"], ["Guard"]],
    [["sites", 0, "lines", l, "id"], ["L-1", "L-cam-S-1", "", "4111111111111111", "y".repeat(201), DELETE]],
    [["sites", 0, "lines", l, "rate"], ["29.99", "5", "29.", "-1", "$5", "0.001", "1e3", "4111111111111111", DELETE]],
    [["sites", 0, "lines", l, "amount"], ["99.00", "x", DELETE]],
    [["sites", 0, "lines", l, "date"], ["2026-03-01", "2026-02-28", "2029-03-01", "2028-02-29", DELETE]],
    [["sites", 0, "lines", l, "description"], ["Install", "", DELETE]],
    [["sites", 0, "lines", l, "quantity"], [1, 0, 3, -1, 2.5, "1", 4111111111111111, DELETE]],
    [["sites", 0, "lines", l, "taxCategory"], ["monitoring", "equipment-rental", "Monitoring", "", DELETE]],
    [["sites", 0, "lines", l, "start"], ["2026-03-01", "2026-02-28", "2027-01-01", "2029-03-01", "2026-02-30"]],
    [["sites", 0, "lines", l, "end"], ["2027-01-01", "2026-03-01", "2029-03-01", "2029-03-02", "2026-02-30"]],
    [["sites", 0, "lines", l, "escalate"], [true, false, "yes"]],
    [["sites", 0, "lines", l, "priceKey"], ["k"]],
    [["sites", 0, "lines", l, "currency"], ["USD", "CAD"]],
    [["sites", 0, "lines", l, "priceChanges"], [[{ effective: "2027-06-01", rate: "9" }]]],
  ]),
];

/** Sets (or removes) the value at a path, creating nothing: a path through a missing part is skipped. */
function change(doc: Record<string, unknown>, path: readonly (string | number)[], value: unknown): void {
  let at: unknown = doc;
  for (const part of path.slice(0, -1)) {
    if (typeof at !== "object" || at === null) return;
    at = (at as Record<string | number, unknown>)[part];
  }
  if (typeof at !== "object" || at === null) return;
  const key = path[path.length - 1] as string | number;
  if (value === DELETE) delete (at as Record<string | number, unknown>)[key];
  else (at as Record<string | number, unknown>)[key] = structuredClone(value);
}

const docArb = fc
  .tuple(
    fc.integer({ min: 0, max: 3 }),
    fc.array(
      fc.integer({ min: 0, max: CHANGES.length - 1 }).chain((c) => fc.tuple(fc.constant(c), fc.integer({ min: 0, max: (CHANGES[c] as (typeof CHANGES)[number])[1].length - 1 }))),
      { maxLength: 4 },
    ),
  )
  .map(([base, changes]) => {
    const doc = importedDoc(base);
    for (const [c, v] of changes) {
      const [path, values] = CHANGES[c] as (typeof CHANGES)[number];
      change(doc, path, values[v]);
    }
    return doc;
  });

/** A well-formed document as the import builds one (the rows of the bench's generator). */
function importedDoc(i: number): Record<string, unknown> {
  return {
    id: `C-${100000 + i}`,
    customer: { id: `CUST-${i}`, name: `Customer ${i}`, contact: { email: `customer${i}@example.com`, phone: "+15125550000", smsConsent: true }, channels: ["email", "sms"], locale: "en-US", timeZone: "America/Chicago" },
    billing: { currency: "USD", cycle: i % 2 === 0 ? "monthly" : "quarterly", anchorDay: 1, ...(i % 2 === 0 ? {} : { pricesPer: "month" }) },
    term: { start: "2026-03-01", end: "2029-03-01", autoRenew: true, renewalTermMonths: 12 },
    paymentMethod: { kind: "card", token: `tok_${i}`, last4: "4242", expiry: "2029-09", autoPay: true },
    notes: "Gate code 1000, ring twice.\nKey holder: neighbour",
    sites: [
      {
        id: "S-1",
        name: "Home",
        address: { line1: `${i} Barton Hills Dr`, city: "Austin", county: "Travis", state: "TX", postalCode: "78704", country: "US" },
        lines: [
          { id: "L-mon-S-1", kind: "monitoring", tier: "basic", rate: "39.99", quantity: 1, taxCategory: "monitoring" },
          { id: "L-cam-S-1", kind: "equipment", item: "Camera", rate: "5.00", quantity: 3, taxCategory: "equipment-rental" },
          { id: "L-fee-S-1", kind: "oneTime", description: "Installation", amount: "99.00", date: "2026-03-01", quantity: 1, taxCategory: "installation" },
        ],
      },
    ],
  };
}

describe("fastContract: the import's check in front of zod", () => {
  it("accepts only what zod accepts, and returns exactly zod's contract (defaults and key order included)", () => {
    let proven = 0;
    fc.assert(
      fc.property(docArb, (doc) => {
        const fast = fastContract(doc);
        const zod = safeParseContract(doc);
        if (fast === undefined) return;
        proven++;
        expect(zod.success).toBe(true);
        if (!zod.success) return;
        expect(fast).toEqual(zod.data);
        expect(JSON.stringify(fast)).toBe(JSON.stringify(zod.data));
      }),
      { numRuns: 5000 },
    );
    // The generator reaches valid documents often enough for the check to mean something.
    expect(proven).toBeGreaterThan(500);
  });

  it("proves the import's plain contracts valid, and a stored contract (zod's own output) too", () => {
    for (let i = 0; i < 4; i++) {
      const doc = importedDoc(i);
      const zod = safeParseContract(doc);
      expect(zod.success).toBe(true);
      if (!zod.success) return;
      const fast = fastContract(doc);
      expect(fast).toBeDefined();
      expect(JSON.stringify(fast)).toBe(JSON.stringify(zod.data));
      // A merge starts from the stored contract, every default filled in: still proven, unchanged.
      expect(JSON.stringify(fastContract(structuredClone(zod.data)))).toBe(JSON.stringify(zod.data));
    }
  });

  it("leaves to zod what it does not prove: card numbers, discounts, price versions, an escalator, a termination, an explicit undefined", () => {
    const variants: ((d: Record<string, any>) => void)[] = [
      (d) => (d["notes"] = "card 4111 1111 1111 1111"),
      (d) => (d["sites"][0].lines[0].tier = "4111111111111111"),
      (d) => (d["discounts"] = [{ id: "D-1", kind: "percent", percent: "10", description: "Promo", appliesTo: { scope: "invoice" } }]),
      (d) => (d["sites"][0].lines[0].priceChanges = [{ effective: "2027-01-01", rate: "41.99" }]),
      (d) => (d["term"].escalator = { kind: "percent", percent: "3" }),
      (d) => (d["termination"] = { date: "2027-01-01", reason: "moved" }),
      (d) => (d["customer"].contact.name = undefined),
    ];
    for (const change of variants) {
      const doc = importedDoc(0);
      change(doc);
      expect(fastContract(doc)).toBeUndefined();
    }
  });
});
