import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createMemoryStore } from "../../src/adapters/memory/index.js";
import { addDays } from "../../src/calendar/index.js";
import { safeParseContract, type Contract, type ContractInput } from "../../src/contract/index.js";
import { contractRows, exportColumns, exportCsv, exportStoreCsv, GENERIC_MAPPING, importCsv, parseImportMapping, reportRows, type ImportMapping } from "../../src/import/index.js";

type LineInput = ContractInput["sites"][number]["lines"][number];

const day = fc.integer({ min: 0, max: 1500 }).map((n) => addDays("2025-01-01", n));
const amount = fc.integer({ min: 0, max: 99_999 }).map((cents) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`);
const word = fc.stringMatching(/^[A-Z][a-z]{1,8}$/);
// Free text with the characters a CSV must quote: commas, double quotes, line breaks (no digits: nothing looks like a card).
const freeText = fc.stringMatching(/^[A-Za-z][A-Za-z ,"'\n]{0,30}[A-Za-z.]$/);

const line = (id: string, start: string): fc.Arbitrary<LineInput> =>
  fc.oneof(
    fc.record({ kind: fc.constant("monitoring" as const), id: fc.constant(id), tier: fc.constantFrom("basic", "cellular", "video"), rate: amount, quantity: fc.integer({ min: 0, max: 5 }), taxCategory: fc.constant("monitoring") }),
    fc.record({ kind: fc.constant("equipment" as const), id: fc.constant(id), item: fc.constantFrom("Camera", "Qolsys IQ4 panel", "Smoke, CO detector"), rate: amount, quantity: fc.integer({ min: 1, max: 5 }), taxCategory: fc.constant("equipment-rental") }),
    fc.record({ kind: fc.constant("addon" as const), id: fc.constant(id), name: fc.constantFrom("Guard response", 'App "Pro"'), rate: amount, quantity: fc.constant(1), taxCategory: fc.constant("monitoring") }),
    fc.record({ kind: fc.constant("oneTime" as const), id: fc.constant(id), description: fc.constantFrom("Installation", "Activation fee"), amount, date: fc.constant(start), quantity: fc.constant(1), taxCategory: fc.constant("installation") }),
  );

/** A valid contract that a CSV can carry whole: rate-priced lines, no discounts or price books. */
const contractArb = (id: string): fc.Arbitrary<ContractInput> =>
  fc
    .record({
      start: day,
      months: fc.option(fc.integer({ min: 1, max: 60 }), { nil: undefined }),
      autoRenew: fc.boolean(),
      renewal: fc.option(fc.integer({ min: 1, max: 36 }), { nil: undefined }),
      name: fc.tuple(word, fc.option(word, { nil: undefined })).map(([a, b]) => (b === undefined ? a : `${a}, ${b}`)),
      email: fc.option(fc.constantFrom("ana@example.com", "billing.dept@example.org"), { nil: undefined }),
      phone: fc.option(fc.integer({ min: 2_000_000, max: 9_999_999 }).map((n) => `+1512${n}`), { nil: undefined }),
      consent: fc.boolean(),
      channels: fc.shuffledSubarray(["email", "sms", "portal"] as const, { minLength: 1 }),
      locale: fc.constantFrom("en-US", "fr-CA"),
      timeZone: fc.constantFrom("America/Chicago", "America/New_York", "America/Los_Angeles"),
      currency: fc.constantFrom("USD", "CAD"),
      cycle: fc.constantFrom<"monthly" | "quarterly" | "annual" | { everyMonths: number }>("monthly", "quarterly", "annual", { everyMonths: 2 }),
      anchorDay: fc.option(fc.integer({ min: 1, max: 31 }), { nil: undefined }),
      series: fc.constantFrom("INV", "RES"),
      payment: fc.option(
        fc.oneof(
          fc.record({ kind: fc.constant("card" as const), token: fc.constantFrom("tok_visa", "tok_mc"), last4: fc.constantFrom("4242", "0005"), expiry: fc.constantFrom("2028-09", "2030-01"), autoPay: fc.boolean() }),
          fc.record({ kind: fc.constant("ach" as const), token: fc.constant("tok_ach"), autoPay: fc.boolean() }),
          fc.record({ kind: fc.constantFrom("check" as const, "cash" as const, "portal" as const), autoPay: fc.constant(false) }),
        ),
        { nil: undefined },
      ),
      notes: fc.option(freeText, { nil: undefined }),
      sites: fc.integer({ min: 1, max: 2 }),
      lineCounts: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 2, maxLength: 2 }),
      address: fc.record({ line1: fc.constantFrom("1 Main St", "200 Oak St, Suite 4"), line2: fc.option(fc.constant("Unit 2"), { nil: undefined }), city: fc.constantFrom("Austin", "Albany"), county: fc.option(fc.constant("Travis"), { nil: undefined }), state: fc.option(fc.constant("TX"), { nil: undefined }), postalCode: fc.constant("78701"), country: fc.constant("US") }),
    })
    .chain((g) => {
      const siteArbs = Array.from({ length: g.sites }, (_, s) =>
        fc.tuple(...Array.from({ length: g.lineCounts[s] as number }, (_, l) => line(`L-${s + 1}-${l + 1}`, g.start))).map((lines) => ({ id: `S-${s + 1}`, name: s === 0 ? "Home" : "Shop, rear", address: g.address, lines })),
      );
      return fc.tuple(...siteArbs).map((sites): ContractInput => {
        const email = g.email ?? (g.phone === undefined ? "ana@example.com" : undefined);
        const end = g.months === undefined ? undefined : addDays(g.start, g.months * 30);
        return {
          id,
          customer: {
            id: `CUST-${id}`,
            name: g.name,
            contact: { ...(email === undefined ? {} : { email }), ...(g.phone === undefined ? {} : { phone: g.phone }), smsConsent: g.phone !== undefined && g.consent },
            channels: [...g.channels],
            locale: g.locale,
            timeZone: g.timeZone,
          },
          billing: { currency: g.currency, cycle: g.cycle, invoiceSeries: g.series, ...(g.anchorDay === undefined ? {} : { anchorDay: g.anchorDay }), ...(g.cycle === "monthly" ? {} : { pricesPer: "month" as const }) },
          term: { start: g.start, ...(end === undefined ? {} : { end, autoRenew: g.autoRenew }), ...(g.renewal === undefined ? {} : { renewalTermMonths: g.renewal }) },
          sites,
          ...(g.payment === undefined ? {} : { paymentMethod: g.payment }),
          ...(g.notes === undefined ? {} : { notes: g.notes }),
        };
      });
    });

const portfolioArb = fc.integer({ min: 1, max: 4 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => contractArb(`C-${i + 1}`))));

const US_DATES: ImportMapping = parseImportMapping({ ...GENERIC_MAPPING, name: "us", dateFormats: ["MM/DD/YYYY", "YYYY-MM-DD"] });
const mappingArb = fc.constantFrom(GENERIC_MAPPING, US_DATES);

function parseAll(inputs: readonly ContractInput[]): Contract[] {
  return inputs.map((input) => {
    const result = safeParseContract(input);
    if (!result.success) throw new Error(`the generator made an invalid contract: ${JSON.stringify(result.error.issues)}`);
    return result.data;
  });
}

async function text(chunks: AsyncIterable<string>): Promise<string> {
  let out = "";
  for await (const chunk of chunks) out += chunk;
  return out;
}

describe("import properties", () => {
  it("import → export → import is the identity on valid contracts", async () => {
    await fc.assert(
      fc.asyncProperty(portfolioArb, mappingArb, async (inputs, mapping) => {
        const contracts = parseAll(inputs);
        const csv = await text(exportCsv(contracts, { mapping }));
        const store = createMemoryStore();
        const report = await importCsv(csv, { asOf: "2027-01-05", mapping, store });
        expect(report.counts.contracts).toMatchObject({ imported: contracts.length, rejected: 0 });
        for (const contract of contracts) expect((await store.transaction((tx) => tx.getContract(contract.id)))?.contract).toEqual(contract);
        // And back out of the store: the same text.
        expect(await text(exportStoreCsv(store, { mapping }))).toBe(csv);
      }),
      { numRuns: 40 },
    );
  });

  it("a re-import is a no-op: every row unchanged, nothing written", async () => {
    await fc.assert(
      fc.asyncProperty(portfolioArb, fc.date({ min: new Date("2026-01-01"), max: new Date("2029-12-31"), noInvalidDate: true }), async (inputs, when) => {
        const asOf = when.toISOString().slice(0, 10);
        const csv = await text(exportCsv(parseAll(inputs)));
        const store = createMemoryStore();
        await importCsv(csv, { asOf, store });
        const commits = store.commits;
        const report = await importCsv(csv, { asOf, store, effectiveDate: asOf });
        expect(report.counts.rows.unchanged).toBe(report.counts.rows.total);
        expect(store.commits).toBe(commits);
      }),
      { numRuns: 40 },
    );
  });

  it("every input row appears exactly once in the report, whatever the rows hold", async () => {
    const columns = exportColumns(GENERIC_MAPPING).length;
    // Rows from valid contracts, shuffled, some duplicated, some cells blanked or garbled.
    const rowsArb = portfolioArb.chain((inputs) => {
      const rows = parseAll(inputs).flatMap((c) => contractRows(c));
      return fc.tuple(
        fc.shuffledSubarray(rows, { minLength: rows.length }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: columns - 1 }), fc.constantFrom("", "x", "?", "2027-13-01", '"', "4111 1111 1111 1111")), { maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 3 }),
        fc.integer({ min: 1, max: 3 }),
      );
    });
    await fc.assert(
      fc.asyncProperty(rowsArb, async ([rows, edits, duplicates, window]) => {
        const edited = rows.map((r) => [...r]);
        for (const [r, c, value] of edits) {
          const row = edited[r % edited.length];
          if (row !== undefined) row[c] = value;
        }
        for (const d of duplicates) edited.push([...(edited[d % edited.length] as string[])]);
        const csv = await text(exportCsv([], {}));
        const body = edited.map((r) => r.map((cell) => (/[",\n\r]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(",")).join("\r\n");
        const report = await importCsv(`${csv}${body}\r\n`, { asOf: "2027-01-05", window, store: createMemoryStore() });
        const listed = reportRows(report).map((r) => r.row);
        expect(listed).toHaveLength(edited.length);
        expect(new Set(listed).size).toBe(edited.length);
        expect(report.counts.rows.total).toBe(edited.length);
        const { imported, updated, unchanged, rejected } = report.counts.rows;
        expect(imported + updated + unchanged + rejected).toBe(edited.length);
        // A card number typed into a cell is never quoted back.
        expect(JSON.stringify(report)).not.toContain("4111 1111 1111 1111");
      }),
      { numRuns: 60 },
    );
  });
});
