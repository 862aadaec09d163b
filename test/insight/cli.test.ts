import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createMemoryStore } from "../../src/adapters/memory/index.js";
import { runReport } from "../../src/cli/report.js";
import { computeInvoice, createTaxTable, daysBetween, issueInvoice, money, parseContract, parseTaxRules, toDecimalString } from "../../src/index.js";

const root = new URL("../../", import.meta.url);
const json = (path: string): unknown => JSON.parse(readFileSync(new URL(path, root), "utf8"));

function io(store?: ReturnType<typeof createMemoryStore>) {
  const out: string[] = [];
  const err: string[] = [];
  const files = new Map<string, string>();
  return { out, err, files, io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t), writeFile: (p: string, t: string) => files.set(p, t), ...(store === undefined ? {} : { store }) } };
}

describe("rmr-billing report", () => {
  it("lists every usage problem at once", async () => {
    const t = io();
    expect(await runReport(["report", "--as-of", "2027-02-30", "--from", "2027-03-01", "--to", "2027-02-01", "--recognition", "yearly", "--out", "x.pdf", "--colour", "red"], t.io)).toBe(2);
    expect(t.err).toEqual([
      "rmr-billing report: unknown option --colour",
      'rmr-billing report: --as-of must be a day of the calendar YYYY-MM-DD, not "2027-02-30"',
      "rmr-billing report: --to must be after --from (2027-03-01 → 2027-02-01)",
      'rmr-billing report: --recognition must be daily or monthly, not "yearly"',
      'rmr-billing report: --out must name an .html file, not "x.pdf"',
      "Run rmr-billing report --help for usage.",
    ]);
    const missing = io();
    expect(await runReport([], missing.io)).toBe(2);
    expect(missing.err[0]).toBe("rmr-billing report: --as-of <YYYY-MM-DD> is required");
  });

  it("needs a store", async () => {
    const t = io();
    expect(await runReport(["--as-of", "2027-03-31"], t.io)).toBe(1);
    expect(t.err[0]).toMatch(/no store to read/);
  });

  it("reads a store through the port and writes the HTML, the JSON and the revenue schedule", async () => {
    const store = createMemoryStore();
    const contract = parseContract(json("examples/contracts/residential.json"));
    const tax = createTaxTable(parseTaxRules(json("examples/tax/us-ca-rules.json")));
    const january = issueInvoice(computeInvoice(contract, "2027-01", { tax }), { counter: 1 });
    const february = issueInvoice(computeInvoice(contract, "2027-02", { tax }), { counter: 2 });
    await store.transaction(async (tx) => {
      await tx.putContract(contract);
      await tx.insertInvoice(january, contract.customer.id);
      await tx.insertInvoice(february, contract.customer.id);
      await tx.insertPayment({ id: "P-1", accountId: contract.customer.id, amount: january.total, channel: "check", receivedOn: "2027-01-05", allocations: [{ invoiceNumber: january.number, amount: january.total }], unapplied: money("0", "USD") });
    });
    const t = io(store);
    expect(await runReport(["report", "--as-of", "2027-03-31", "--out", "out/r.html", "--csv", "out/rev.csv"], t.io)).toBe(0);
    expect([...t.files.keys()]).toEqual(["out/r.html", "out/r.json", "out/rev.csv"]);
    const data = JSON.parse(t.files.get("out/r.json") as string) as { aging: { total: string; accounts: { accountId: string }[] }; daysToPayment: { count: number; mean: string } };
    // February is open and past due at 2027-03-31: receivables are what it owes.
    expect(data.aging.total).toBe(toDecimalString(february.total));
    expect(data.aging.accounts.map((a) => a.accountId)).toEqual([contract.customer.id]);
    expect([data.daysToPayment.count, data.daysToPayment.mean]).toEqual([1, String(daysBetween(january.issueDate, "2027-01-05"))]);
    expect(t.files.get("out/r.html")).toContain("<!doctype html>");
    expect((t.files.get("out/rev.csv") as string).split("\n")[0]).toBe("document,invoice,account,line,description,month,amount");
    expect(t.out.join("\n")).toContain("Report: out/r.html");
  });
});
