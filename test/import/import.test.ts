import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createMemoryStore } from "../../src/adapters/memory/index.js";
import { safeParseContract, type Contract } from "../../src/contract/index.js";
import { computeInvoice, issueInvoice } from "../../src/invoice/index.js";
import { toDecimalString } from "../../src/money/index.js";
import type { BillingStore, StoreTransaction } from "../../src/ports/index.js";
import {
  exportCsv,
  exportStoreCsv,
  formatImportSummary,
  GENERIC_MAPPING,
  importCsv,
  importJson,
  parseImportMapping,
  readJsonContracts,
  reportRows,
  type ImportReport,
} from "../../src/import/index.js";

const fixture = (name: string): Buffer => readFileSync(new URL(`fixtures/${name}`, import.meta.url));
const AS_OF = "2027-01-05";

async function stored(store: BillingStore, id: string): Promise<Contract | undefined> {
  return (await store.transaction((tx) => tx.getContract(id)))?.contract;
}

async function csvOf(chunks: AsyncIterable<string>): Promise<string> {
  let text = "";
  for await (const chunk of chunks) text += chunk;
  return text;
}

const statuses = (report: ImportReport): [string | null, string, readonly number[]][] => report.contracts.map((c) => [c.contractId, c.status, c.rows]);
const problemsOf = (report: ImportReport): [number, string | null, string, string, string][] =>
  report.contracts.flatMap((c) => c.problems.map((p) => [p.row, c.contractId, p.severity, p.field, p.code] as [number, string | null, string, string, string])).sort((a, b) => a[0] - b[0]);

describe("importCsv: a real-looking CRM export (BOM, CRLF, quoted commas, multi-line notes, blank lines, a duplicated row, every date format)", () => {
  it("reads every row once, numbered by the line it starts on, and groups them into contracts and sites", async () => {
    const report = await importCsv(fixture("crm-export.csv"), { asOf: AS_OF });
    expect(statuses(report)).toEqual([
      ["C-1001", "imported", [2, 4]],
      ["C-1002", "imported", [7, 8]],
      ["C-1003", "imported", [11, 12, 13]],
    ]);
    expect(report.counts.rows).toEqual({ imported: 7, updated: 0, unchanged: 0, rejected: 0, total: 7 });
    expect(report.counts.contracts).toEqual({ imported: 3, updated: 0, unchanged: 0, rejected: 0, total: 3 });
    expect(problemsOf(report)).toEqual([[12, "C-1003", "warning", "lineId", "duplicateRow"]]);
    expect(report.fileProblems).toEqual([]);
    expect(report.columnsNotFound).toEqual(["Contact Name", "Channels", "Locale", "Currency", "Invoice Series", "Notice Days", "Address 2", "Country", "Item End"]);
  });

  it("stores each contract exactly as zod returns it (the check in front of zod builds the same object)", async () => {
    const store = createMemoryStore();
    const report = await importCsv(fixture("crm-export.csv"), { asOf: AS_OF, store });
    for (const id of ["C-1001", "C-1002", "C-1003"]) {
      const contract = (await stored(store, id)) as Contract;
      const parsed = safeParseContract(structuredClone(contract));
      expect(parsed.success).toBe(true);
      if (parsed.success) expect(JSON.stringify(contract)).toBe(JSON.stringify(parsed.data));
    }
    expect(report.counts.contracts.imported).toBe(3);
  });

  it("builds each contract as the contract module validates it: spellings, dates, phones and amounts read through the mapping", async () => {
    const store = createMemoryStore();
    await importCsv(fixture("crm-export.csv"), { asOf: AS_OF, store });
    const rivera = (await stored(store, "C-1001")) as Contract;
    expect(rivera.customer).toMatchObject({ id: "CUST-1001", name: "Rivera, Maria", contact: { email: "maria.rivera@example.com", phone: "+15125550142", smsConsent: true }, channels: ["email", "sms"], locale: "en-US", timeZone: "America/Chicago" });
    expect(rivera.billing).toMatchObject({ currency: "USD", cycle: "monthly", anchorDay: 1 });
    expect(rivera.term).toMatchObject({ start: "2026-03-10", end: "2029-03-10", autoRenew: true, renewalTermMonths: 12 });
    expect(rivera.paymentMethod).toEqual({ kind: "card", token: "tok_visa_4242", last4: "4242", expiry: "2028-09", autoPay: true });
    expect(rivera.notes).toBe('Gate code 1234, ring twice.\nDog in the yard: "Rex".');
    expect(rivera.sites[0]?.lines.map((l) => [l.id, l.kind, "rate" in l ? l.rate : undefined, l.quantity])).toEqual([
      ["L-mon", "monitoring", "39.99", 1],
      ["L-panel", "equipment", "12.50", 1],
    ]);

    const dental = (await stored(store, "C-1002")) as Contract;
    expect(dental.billing).toMatchObject({ cycle: "quarterly", anchorDay: 15, pricesPer: "month" });
    expect(dental.term).toMatchObject({ start: "2027-01-15", end: "2030-01-15", autoRenew: false });
    expect(dental.paymentMethod).toEqual({ kind: "ach", token: "tok_ach_77", autoPay: true });
    expect(dental.sites.map((s) => [s.id, s.name, s.address.line1])).toEqual([
      ["S-1", "Main office", "200 Oak St, Suite 4"],
      ["S-2", "Annex", "12 Elm St"],
    ]);
    expect(dental.sites[0]?.lines[0]).toMatchObject({ id: "L-mon", tier: "video", rate: "89.00", quantity: 2 });
    expect(dental.sites[1]?.lines[0]).toMatchObject({ id: "L-cam", item: "Camera", rate: "5.00", quantity: 4, start: "2027-02-15" });

    const lee = (await stored(store, "C-1003")) as Contract;
    expect(lee.term).toMatchObject({ start: "2026-03-01", end: "2028-03-01", autoRenew: false });
    expect(lee.customer.contact).toEqual({ email: "lee@example.com", phone: "+14155550199", smsConsent: false });
    expect(lee.customer.channels).toEqual(["email"]);
    expect(lee.paymentMethod).toEqual({ kind: "check", autoPay: false });
    expect(lee.sites[0]?.lines).toHaveLength(2);
    expect(lee.sites[0]?.lines[1]).toMatchObject({ id: "L-install", kind: "oneTime", description: "Installation", amount: "199.00", date: "2026-03-01", taxCategory: "installation" });
  });

  it("bills what it imported to the cent: C-1001's February is 39.99 + 12.50", async () => {
    const store = createMemoryStore();
    await importCsv(fixture("crm-export.csv"), { asOf: AS_OF, store });
    const draft = computeInvoice((await stored(store, "C-1001")) as Contract, "2027-02");
    expect(toDecimalString(draft.total)).toBe("52.49");
  });

  it("reads the same rows from chunks cut anywhere, from LF line ends and from a string", async () => {
    const text = fixture("crm-export.csv").toString("utf8");
    const whole = statuses(await importCsv(text, { asOf: AS_OF }));
    const bytes = fixture("crm-export.csv");
    const chunked = [bytes.subarray(0, 1), bytes.subarray(1, 377), bytes.subarray(377, 378), bytes.subarray(378)];
    expect(statuses(await importCsv(chunked, { asOf: AS_OF }))).toEqual(whole);
    expect(statuses(await importCsv(text.replace(/\r\n/g, "\n"), { asOf: AS_OF }))).toEqual(whole);
  });
});

describe("importCsv: every error blocks its contract and every warning flags it, each with its row, field and column", () => {
  it("reports each problem of the problems fixture on its row", async () => {
    const report = await importCsv(fixture("crm-problems.csv"), { asOf: AS_OF });
    expect(problemsOf(report)).toEqual([
      [2, "E-2001", "error", "rate", "required"],
      [3, "E-2002", "error", "cycle", "invalid_option"],
      [4, "E-2003", "error", "termEnd", "end_before_start"],
      [5, "E-2004", "error", "notes", "card_data"],
      [6, "E-2005", "error", "termStart", "invalid_date"],
      [8, "E-2006", "error", "email", "invalid_value"],
      [9, null, "error", "contractId", "required"],
      [11, "E-2007", "error", "lineId", "invalid_reference"],
      [12, "W-3001", "warning", "paymentKind", "noPaymentMethod"],
      [13, "W-3002", "warning", "autoPay", "autoPayWithoutToken"],
      [14, "W-3003", "warning", "cardExpiry", "cardExpiresBeforeCharge"],
      [15, "W-3004", "warning", "email", "noReachableContact"],
      [16, "W-3005", "warning", "termEnd", "pastEnd"],
    ]);
    expect(report.counts.rows).toEqual({ imported: 5, updated: 0, unchanged: 0, rejected: 10, total: 15 });
    expect(report.counts.contracts).toEqual({ imported: 5, updated: 0, unchanged: 0, rejected: 7, total: 12 });
    expect(report.counts).toMatchObject({ errors: 8, warnings: 5 });
  });

  it("says what is wrong in words, names the column, and never echoes a card number", async () => {
    const report = await importCsv(fixture("crm-problems.csv"), { asOf: AS_OF });
    const message = (id: string | null): string | undefined => report.contracts.find((c) => c.contractId === id)?.problems[0]?.message;
    expect(message("E-2001")).toBe("missing rate: the line has no rate (nor a price model or price key)");
    expect(message("E-2002")).toMatch(/^unknown billing cycle "Fortnightly": expected one of "Monthly", "M", "mo", "Quarterly"/);
    expect(message("E-2003")).toBe("the term must end after it starts");
    expect(message("E-2004")).toBe("looks like a card number: store the payment gateway's token, never card numbers");
    expect(message("E-2005")).toBe('"2027-02-30" is not a date that exists in the mapping\'s formats (YYYY-MM-DD, MM/DD/YYYY, M/D/YYYY, DD.MM.YYYY)');
    expect(message("E-2006")).toBe('differs from row 7 of the same contract: "other@example.com" here, "e-2006@example.com" there');
    expect(message("E-2007")).toBe("line L-mon of site S-1 is also on row 10, with other values");
    expect(message("W-3003")).toBe("the auto-pay card expires 2027-01, before the next charge on 2027-02-01");
    expect(message("W-3005")).toBe("the contract ended on 2026-12-01, on or before the import day 2027-01-05");
    expect(report.contracts.find((c) => c.contractId === "E-2005")?.problems[0]?.column).toBe("Start Date");
    expect(JSON.stringify(report)).not.toContain("4111");
  });

  it("refuses a card number typed into any cell as card data, and never quotes it back", async () => {
    const card = "4111 1111 1111 1111";
    const text = fixture("crm-export.csv").toString("utf8").replaceAll("2026-03-10,2029-03-10", `2026-03-10,${card}`).replaceAll("Card,tok_visa_4242", `Card,${card}`);
    const report = await importCsv(text, { asOf: AS_OF });
    expect(report.contracts[0]?.problems.map((p) => [p.row, p.field, p.code])).toEqual([
      [2, "termEnd", "card_data"],
      [2, "paymentToken", "card_data"],
      // And what follows from the end left out: an auto-renewing contract needs a term end.
      [2, "autoRenew", "invalid_value"],
    ]);
    expect(JSON.stringify(report)).not.toMatch(/4111/);
    expect(formatImportSummary(report)).not.toMatch(/4111/);
  });

  it("imports a warned contract with auto-pay off when auto-pay came without a token", async () => {
    const store = createMemoryStore();
    await importCsv(fixture("crm-problems.csv"), { asOf: AS_OF, store });
    expect((await stored(store, "W-3002"))?.paymentMethod).toEqual({ kind: "card", last4: "4242", expiry: "2029-09", autoPay: false });
    expect(await stored(store, "E-2001")).toBeUndefined();
  });

  it("gives the engine one flag per warning, shaped like its exceptions queue", async () => {
    const report = await importCsv(fixture("crm-problems.csv"), { asOf: AS_OF });
    expect(report.flags.map((f) => [f.id, f.kind, f.accountId, f.contractId, f.rows])).toEqual([
      ["import:noPaymentMethod:W-3001", "noPaymentMethod", "CUST-W-3001", "W-3001", [12]],
      ["import:autoPayWithoutToken:W-3002", "autoPayWithoutToken", "CUST-W-3002", "W-3002", [13]],
      ["import:cardExpiresBeforeCharge:W-3003", "cardExpiresBeforeCharge", "CUST-W-3003", "W-3003", [14]],
      ["import:noReachableContact:W-3004", "noReachableContact", "CUST-W-3004", "W-3004", [15]],
      ["import:pastEnd:W-3005", "pastEnd", "CUST-W-3005", "W-3005", [16]],
    ]);
    expect(report.flags[0]).toMatchObject({ invoiceNumbers: [], reason: "no payment method: the customer can only pay each invoice by hand", action: expect.stringContaining("payment method") });
  });

  it("lists every problem of one contract at once, conversion and schema problems together", async () => {
    const header = "Contract ID,Customer ID,Customer Name,Email,Time Zone,Billing Cycle,Start Date,End Date,Site ID,Site Name,Address,City,State,Postal Code,Item ID,Monthly Rate,Quantity\n";
    const report = await importCsv(`${header}C-1,CU-1,Ann,not-an-email,Mars/Base,Weekly,2027-01-01,2026-01-01,S-1,Home,1 Main,Austin,TX,78701,L-1,12.345,two\n`, { asOf: AS_OF });
    expect(problemsOf(report).map(([, , , field, code]) => [field, code])).toEqual(
      expect.arrayContaining([
        ["cycle", "invalid_option"],
        ["quantity", "invalid_type"],
        ["email", "invalid_value"],
        ["timeZone", "unknown_time_zone"],
      ]),
    );
    expect(report.contracts[0]?.status).toBe("rejected");
  });

  it("rejects every row when the header lacks a column rows are grouped by, and says so", async () => {
    const report = await importCsv("Customer ID,Site ID,Item ID\nCU-1,S-1,L-1\nCU-2,S-1,L-1\n", { asOf: AS_OF });
    expect(report.fileProblems).toEqual(['the header has no column "Contract ID" (contractId): rows cannot be grouped without it']);
    expect(report.counts.rows).toMatchObject({ rejected: 2, total: 2 });
  });

  it("reports a file that cannot be read to its end, and writes nothing of the contracts still open", async () => {
    const store = createMemoryStore();
    const text = `${fixture("crm-problems.csv").toString("utf8").split("\n").slice(0, 3).join("\n")}\nW-9,CUST-9,"never closed\n`;
    const report = await importCsv(text, { asOf: AS_OF, store });
    expect(report.fileProblems).toHaveLength(1);
    expect(report.fileProblems[0]).toBe("unreadable: Quote Not Closed: the parsing is finished with an opening quote at line 4");
    // The rows before the unclosed quote are read and accounted for: their contracts were still open, so they are rejected and nothing of them was written.
    expect(report.counts.rows).toMatchObject({ total: 2, rejected: 2 });
    expect(report.contracts.map((c) => [c.contractId, c.status, c.rows, c.problems.map((p) => p.message)])).toEqual([
      ["E-2001", "rejected", [2], ["the file could not be read to its end: this contract may be incomplete, nothing of it was written"]],
      ["E-2002", "rejected", [3], ["the file could not be read to its end: this contract may be incomplete, nothing of it was written"]],
    ]);
    expect(await stored(store, "E-2001")).toBeUndefined();
    expect(await stored(store, "E-2002")).toBeUndefined();
  });
});

describe("importCsv: rows of a contract apart from each other", () => {
  const header = "Contract ID,Customer ID,Customer Name,Email,Time Zone,Billing Cycle,Start Date,Site ID,Site Name,Address,City,State,Postal Code,Item ID,Service Tier / Item,Monthly Rate\n";
  const line = (contract: string, item: string): string => `${contract},CU-${contract},Ann,a@example.com,America/Chicago,M,2027-01-01,S-1,Home,1 Main,Austin,TX,78701,${item},basic,10.00\n`;
  const text = header + line("C-1", "L-1") + line("C-2", "L-1") + line("C-1", "L-2");

  it("joins them when they come within the window of open contracts (finished in the order last seen)", async () => {
    const report = await importCsv(text, { asOf: AS_OF });
    expect(statuses(report)).toEqual([
      ["C-2", "imported", [3]],
      ["C-1", "imported", [2, 4]],
    ]);
  });

  it("rejects a row that comes after its contract was finished, saying how to fix the export", async () => {
    const report = await importCsv(text, { asOf: AS_OF, window: 1 });
    expect(statuses(report)).toEqual([
      ["C-1", "imported", [2]],
      ["C-1", "rejected", [4]],
      ["C-2", "imported", [3]],
    ]);
    expect(report.contracts[1]?.problems[0]?.message).toBe("contract C-1 was finished at row 2, more than 1 other contracts before this row: keep a contract's rows together (sort the export by contract id)");
    expect(report.counts.contracts.total).toBe(2);
    expect(report.counts.rows.total).toBe(3);
  });
});

describe("sync through the store", () => {
  it("changes nothing on a second import of the same file", async () => {
    const store = createMemoryStore();
    await importCsv(fixture("crm-export.csv"), { asOf: AS_OF, store });
    const commits = store.commits;
    const again = await importCsv(fixture("crm-export.csv"), { asOf: AS_OF, store });
    expect(again.counts.rows).toEqual({ imported: 0, updated: 0, unchanged: 7, rejected: 0, total: 7 });
    expect(store.commits).toBe(commits);
    expect(again.contracts.map((c) => c.version)).toEqual([1, 1, 1]);
  });

  it("turns a changed rate into a price version from the effective date: February stays 52.49, April bills 55.49", async () => {
    const store = createMemoryStore();
    await importCsv(fixture("crm-export.csv"), { asOf: AS_OF, store });
    const exported = await csvOf(exportStoreCsv(store));
    const changed = exported.replace(",cellular,39.99,", ",cellular,42.99,");
    const report = await importCsv(changed, { asOf: AS_OF, effectiveDate: "2027-03-01", store });
    expect(statuses(report).map(([id, status]) => [id, status])).toEqual([
      ["C-1001", "updated"],
      ["C-1002", "unchanged"],
      ["C-1003", "unchanged"],
    ]);
    expect(report.contracts[0]?.changes).toEqual(["site S-1 line L-mon: rate 39.99 → 42.99 from 2027-03-01"]);
    expect(report.contracts[0]?.version).toBe(2);
    const contract = (await stored(store, "C-1001")) as Contract;
    expect(contract.sites[0]?.lines[0]).toMatchObject({ rate: "39.99", priceChanges: [{ effective: "2027-03-01", rate: "42.99" }] });
    expect(toDecimalString(computeInvoice(contract, "2027-02").total)).toBe("52.49");
    expect(toDecimalString(computeInvoice(contract, "2027-04").total)).toBe("55.49");
    // The same file again, from the same day: nothing more to do.
    const again = await importCsv(changed, { asOf: AS_OF, effectiveDate: "2027-03-01", store });
    expect(again.counts.contracts.unchanged).toBe(3);
  });

  it("ends a line the CRM no longer lists on the effective date, and starts a new one then", async () => {
    const store = createMemoryStore();
    await importCsv(fixture("crm-export.csv"), { asOf: AS_OF, store });
    // The CRM's next export: the panel gone, guard response added.
    const before = (await stored(store, "C-1001")) as Contract;
    const [mon] = before.sites[0]?.lines ?? [];
    const next = { ...before, sites: [{ ...(before.sites[0] as Contract["sites"][number]), lines: [{ kind: "addon", id: "L-guard", name: "guard response", rate: "9.99", quantity: 1, taxCategory: "monitoring", escalate: true }, mon] }] } as Contract;
    const text = await csvOf(exportCsv([next]));
    const report = await importCsv(text, { asOf: AS_OF, effectiveDate: "2027-03-01", store });
    expect(report.contracts.find((c) => c.contractId === "C-1001")?.changes).toEqual(["site S-1 line L-guard: added from 2027-03-01", "site S-1 line L-panel: ended on 2027-03-01"]);
    const contract = (await stored(store, "C-1001")) as Contract;
    expect(contract.sites[0]?.lines.map((l) => [l.id, "start" in l ? l.start : undefined, "end" in l ? l.end : undefined])).toEqual([
      ["L-guard", "2027-03-01", undefined],
      ["L-mon", undefined, undefined],
      ["L-panel", undefined, "2027-03-01"],
    ]);
    // April: 39.99 + 9.99 (the panel has ended).
    expect(toDecimalString(computeInvoice(contract, "2027-04").total)).toBe("49.98");
  });

  it("tells what changed besides lines: a contact, a site's name", async () => {
    const store = createMemoryStore();
    await importCsv(fixture("crm-export.csv"), { asOf: AS_OF, store });
    const changed = (await csvOf(exportStoreCsv(store))).replaceAll("maria.rivera@example.com", "maria@rivera.example").replace(/,Home,1402 Barton/g, ",House,1402 Barton");
    const report = await importCsv(changed, { asOf: AS_OF, store });
    expect(report.contracts.find((c) => c.contractId === "C-1001")?.changes).toEqual(["customer.contact.email changed", "sites[0].name changed"]);
    expect((await stored(store, "C-1001"))?.customer.contact.email).toBe("maria@rivera.example");
  });

  it("warns when a change falls in a period already invoiced, and leaves the invoice as issued", async () => {
    const store = createMemoryStore();
    await importCsv(fixture("crm-export.csv"), { asOf: AS_OF, store });
    const before = (await stored(store, "C-1001")) as Contract;
    const invoice = issueInvoice(computeInvoice(before, "2027-02"), { counter: 1 });
    await store.transaction((tx) => tx.insertInvoice(invoice, "CUST-1001"));
    const changed = (await csvOf(exportStoreCsv(store))).replace(",cellular,39.99,", ",cellular,42.99,");
    const report = await importCsv(changed, { asOf: AS_OF, effectiveDate: "2027-02-15", store });
    const problems = report.contracts.find((c) => c.contractId === "C-1001")?.problems ?? [];
    expect(problems.map((p) => [p.code, p.message])).toEqual([["changeInInvoicedPeriod", "the change from 2027-02-15 falls in periods invoiced up to 2027-03-01: those invoices stay as issued, the difference goes on a later invoice"]]);
    const kept = await store.transaction((tx) => tx.getInvoice(invoice.number));
    expect(kept?.invoice).toEqual(invoice);
  });

  it("reports contracts missing from a full export, and ends them only when asked, on the date given", async () => {
    const store = createMemoryStore();
    await importCsv(fixture("crm-export.csv"), { asOf: AS_OF, store });
    const onlyRivera = (await csvOf(exportStoreCsv(store))).split(/\n(?=C-1002)/)[0] as string;
    const reported = await importCsv(onlyRivera, { asOf: AS_OF, store, full: true });
    expect(reported.missing).toEqual([
      { contractId: "C-1002", accountId: "CUST-1002" },
      { contractId: "C-1003", accountId: "CUST-1003" },
    ]);
    expect((await stored(store, "C-1002"))?.termination).toBeUndefined();
    const ended = await importCsv(onlyRivera, { asOf: AS_OF, store, full: true, endMissing: { date: "2027-02-01" } });
    expect(ended.missing.map((m) => [m.contractId, m.ended])).toEqual([
      ["C-1002", { date: "2027-02-01", reason: "cancelled" }],
      ["C-1003", { date: "2027-02-01", reason: "cancelled" }],
    ]);
    expect((await stored(store, "C-1002"))?.termination).toEqual({ date: "2027-02-01", reason: "cancelled", note: "missing from the CRM export of 2027-01-05" });
    expect(formatImportSummary(ended)).toContain("C-1002 (CUST-1002) — ended on 2027-02-01 (cancelled)");
  });

  it("writes nothing in a dry run, yet says what would happen", async () => {
    const store = createMemoryStore();
    const report = await importCsv(fixture("crm-export.csv"), { asOf: AS_OF, store, dryRun: true });
    expect(report.counts.contracts.imported).toBe(3);
    expect(store.commits).toBe(0);
    expect(await stored(store, "C-1001")).toBeUndefined();
    expect(formatImportSummary(report)).toContain("(dry run: nothing written)");
  });

  it("leaves nothing of a contract whose write fails, and goes on with the others", async () => {
    const inner = createMemoryStore();
    const failing: BillingStore = {
      transaction: (fn) =>
        inner.transaction((tx) => {
          const wrapped: StoreTransaction = Object.create(tx) as StoreTransaction;
          wrapped.putContract = async (contract, version) => {
            const result = await tx.putContract(contract, version);
            if (contract.id === "C-1002") throw new Error("connection lost");
            return result;
          };
          return fn(wrapped);
        }),
    };
    const report = await importCsv(fixture("crm-export.csv"), { asOf: AS_OF, store: failing });
    expect(statuses(report).map(([id, status]) => [id, status])).toEqual([
      ["C-1001", "imported"],
      ["C-1002", "rejected"],
      ["C-1003", "imported"],
    ]);
    expect(report.contracts[1]?.problems[0]).toMatchObject({ code: "store_failed", message: "the store refused the write, nothing of this contract was written: connection lost" });
    expect(await stored(inner, "C-1002")).toBeUndefined();
    expect(await stored(inner, "C-1003")).toBeDefined();
  });

  it("keeps what a CSV has no column for (discounts) when it updates a contract imported from JSON", async () => {
    const store = createMemoryStore();
    const json = JSON.parse(readFileSync(new URL("../../examples/contracts/residential.json", import.meta.url), "utf8")) as Record<string, unknown>;
    json["discounts"] = [{ id: "D-1", kind: "percent", percent: "10", description: "Loyalty", appliesTo: { scope: "invoice" } }];
    await importJson([json], { asOf: AS_OF, store });
    const csv = (await csvOf(exportStoreCsv(store))).replace(",cellular,39.99,", ",cellular,44.99,");
    const report = await importCsv(csv, { asOf: AS_OF, effectiveDate: "2027-06-01", store });
    expect(report.contracts[0]?.status).toBe("updated");
    const contract = (await stored(store, "C-1001")) as Contract;
    expect(contract.discounts.map((d) => d.id)).toEqual(["D-1"]);
    expect(contract.sites[0]?.lines[0]).toMatchObject({ rate: "39.99", priceChanges: [{ effective: "2027-06-01", rate: "44.99" }] });
  });
});

describe("importJson", () => {
  const examples = ["residential", "commercial-multisite"].map((name) => JSON.parse(readFileSync(new URL(`../../examples/contracts/${name}.json`, import.meta.url), "utf8")) as Record<string, unknown>);

  it("imports contracts in the contract schema, one row each, and a re-import is a no-op", async () => {
    const store = createMemoryStore();
    const report = await importJson(examples, { asOf: AS_OF, store });
    expect(report.format).toBe("json");
    expect(report.contracts.map((c) => [c.status, c.rows])).toEqual([
      ["imported", [1]],
      ["imported", [2]],
    ]);
    const again = await importJson(examples, { asOf: AS_OF, store });
    expect(again.counts.rows.unchanged).toBe(2);
  });

  it("rejects a contract given twice and an invalid one, naming the paths", async () => {
    const broken = { ...examples[0], id: "C-BAD", billing: { currency: "USX", cycle: "weekly" } };
    const report = await importJson([examples[0], examples[0], broken], { asOf: AS_OF });
    expect(report.contracts.map((c) => [c.contractId, c.status, c.rows])).toEqual([
      ["C-1001", "imported", [1]],
      ["C-1001", "rejected", [2]],
      ["C-BAD", "rejected", [3]],
    ]);
    expect(report.contracts[2]?.problems.map((p) => p.field).sort()).toEqual(["billing.currency", "billing.cycle"]);
  });

  it("rejects an item that is not a contract object, on its row", async () => {
    const report = await importJson([examples[0], 42, null], { asOf: AS_OF });
    expect(report.contracts.map((c) => [c.contractId, c.status, c.rows, c.problems[0]?.message])).toEqual([
      ["C-1001", "imported", [1], undefined],
      [null, "rejected", [2], "expected a contract (a JSON object), not number"],
      [null, "rejected", [3], "expected a contract (a JSON object), not null"],
    ]);
    expect(report.counts.rows.total).toBe(3);
  });

  it("reads an array, { contracts }, one contract, or JSON Lines", () => {
    expect(readJsonContracts('[{"id":"a"},{"id":"b"}]')).toEqual([{ id: "a" }, { id: "b" }]);
    expect(readJsonContracts('{"contracts":[{"id":"a"}]}')).toEqual([{ id: "a" }]);
    expect(readJsonContracts('\uFEFF{"id":"a"}')).toEqual([{ id: "a" }]);
    expect(readJsonContracts('{"id":"a"}\n\n{"id":"b"}\n')).toEqual([{ id: "a" }, { id: "b" }]);
    expect(() => readJsonContracts("{nope")).toThrow(/not JSON/);
  });
});

describe("the report", () => {
  it("lists every row once in row order with its own problems", async () => {
    const report = await importCsv(fixture("crm-problems.csv"), { asOf: AS_OF });
    const rows = reportRows(report);
    expect(rows.map((r) => r.row)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
    expect(rows.find((r) => r.row === 7)).toEqual({ row: 7, contractId: "E-2006", status: "rejected", problems: [] });
  });

  it("reads as a summary with the counts and the first problems by row", async () => {
    const report = await importCsv(fixture("crm-problems.csv"), { asOf: AS_OF });
    const summary = formatImportSummary(report, { maxProblems: 2 }).split("\n");
    expect(summary.slice(0, 4)).toEqual([
      "Import (csv, mapping generic) as of 2027-01-05, changes effective 2027-01-05",
      "  rows:      15 rows — 5 imported, 0 updated, 0 unchanged, 10 rejected",
      "  contracts: 12 contracts — 5 imported, 0 updated, 0 unchanged, 7 rejected",
      "  problems:  8 errors, 5 warnings (5 flags for action)",
    ]);
    expect(summary).toContain("First 2 of 13 problems:");
    expect(summary).toContain('  row 2  error    E-2001  rate ("Monthly Rate"): missing rate: the line has no rate (nor a price model or price key) [required]');
  });

  it("hands each outcome to onContract and keeps none with keepOutcomes: false, for files too big to hold", async () => {
    const seen: (string | null)[] = [];
    const progress: number[] = [];
    const report = await importCsv(fixture("crm-export.csv"), { asOf: AS_OF, keepOutcomes: false, onContract: (c) => seen.push(c.contractId), onProgress: (p) => progress.push(p.rows) });
    expect(seen).toEqual(["C-1001", "C-1002", "C-1003"]);
    expect(report.contracts).toEqual([]);
    expect(report.counts.rows.total).toBe(7);
    expect(progress.at(-1)).toBe(7);
  });

  it("is JSON data", async () => {
    const report = await importCsv(fixture("crm-export.csv"), { asOf: AS_OF });
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });
});

describe("options and mappings are checked, every problem at once", () => {
  it("refuses unusable options", async () => {
    await expect(importCsv("", { asOf: "2027-02-30", effectiveDate: "soon", endMissing: { date: "x" } })).rejects.toMatchObject({
      issues: [
        { path: ["asOf"], code: "invalid_date" },
        { path: ["effectiveDate"], code: "invalid_date" },
        { path: ["endMissing"], code: "invalid_value" },
        { path: ["endMissing"], code: "invalid_value" },
        { path: ["endMissing", "date"], code: "invalid_date" },
      ],
    });
  });

  it("refuses a mapping without the grouping columns, with a column used twice, a spelling of two values or ambiguous date formats", () => {
    expect(() =>
      parseImportMapping({
        columns: { contractId: "ID", email: "id" },
        values: { cycle: { monthly: ["M"], annual: ["m"] } },
        dateFormats: ["MM/DD/YYYY", "DD/MM/YYYY", "YYYY"],
      }),
    ).toThrow(
      expect.objectContaining({
        issues: expect.arrayContaining([
          expect.objectContaining({ path: ["columns", "siteId"] }),
          expect.objectContaining({ path: ["columns", "lineId"] }),
          expect.objectContaining({ path: ["columns", "email"], message: 'column "id" is already the column of contractId' }),
          expect.objectContaining({ path: ["values", "cycle", "annual"], message: '"m" already spells monthly' }),
          expect.objectContaining({ path: ["dateFormats", 1] }),
          expect.objectContaining({ path: ["dateFormats", 2] }),
        ]),
      }),
    );
  });

  it("ships a generic mapping that a CRM export with other names and spellings can replace without code", async () => {
    const mapping = parseImportMapping({
      name: "Acme CRM",
      columns: { contractId: "Acct #", customerId: "Cust", customerName: "Name", email: "E-mail", timeZone: "TZ", cycle: "Freq", termStart: "Begins", siteId: "Loc", siteName: "Loc Name", addressLine1: "Street", city: "Town", state: "St", postalCode: "Zip", lineId: "SKU", lineName: "Plan", rate: "Price" },
      values: { cycle: { monthly: ["every month"] } },
      dateFormats: ["DD.MM.YYYY"],
      defaults: { currency: "USD", country: "US", lineKind: "monitoring", taxCategory: { monitoring: "monitoring" } },
    });
    const text = "Acct #;Cust;Name;E-mail;TZ;Freq;Begins;Loc;Loc Name;Street;Town;St;Zip;SKU;Plan;Price\n".replace(/;/g, ",") + "A-1,K-1,Bo,bo@example.com,America/Chicago,Every Month,01.02.2027,L1,Home,1 Main,Austin,TX,78701,MON,basic,19.99\n";
    const store = createMemoryStore();
    const report = await importCsv(text, { asOf: AS_OF, mapping, store });
    expect(report.mapping).toBe("Acme CRM");
    expect(report.counts.contracts.imported).toBe(1);
    expect((await stored(store, "A-1"))?.term.start).toBe("2027-02-01");
    const back = await csvOf(exportStoreCsv(store, { mapping }));
    expect(back.split("\n")[0]).toBe("Acct #,Cust,Name,E-mail,TZ,Freq,Begins,Loc,Loc Name,Street,Town,St,Zip,SKU,Plan,Price");
    expect(back.split("\n")[1]).toBe("A-1,K-1,Bo,bo@example.com,America/Chicago,every month,01.02.2027,L1,Home,1 Main,Austin,TX,78701,MON,basic,19.99");
  });
});

describe("exportCsv", () => {
  it("writes the generic mapping's columns, first spellings and ISO dates, quoting commas and newlines", async () => {
    const store = createMemoryStore();
    await importCsv(fixture("crm-export.csv"), { asOf: AS_OF, store });
    const contract = (await stored(store, "C-1002")) as Contract;
    const text = await csvOf(exportCsv([contract], { bom: true }));
    const [header, first] = text.split("\n");
    expect(header?.startsWith("\uFEFFContract ID,Notes,Customer ID,")).toBe(true);
    expect(first).toBe(
      'C-1002,,CUST-1002,Oak Street Dental,,billing@oakdental.example,,N,Email,en-US,America/New_York,USD,Quarterly,15,INV,2027-01-15,2030-01-15,N,,,ACH,tok_ach_77,,,Y,S-1,Main office,"200 Oak St, Suite 4",,Albany,Albany,NY,12207,US,L-mon,Monitoring,video,89.00,2,monitoring,,',
    );
    expect(GENERIC_MAPPING.dateFormats[0]).toBe("YYYY-MM-DD");
  });
});
