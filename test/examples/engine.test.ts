/** The engine examples run and tell the truth: their figures are the store's. */
import { describe, expect, it } from "vitest";
import { main as autopay } from "../../examples/engine/autopay.js";
import { main as deliver } from "../../examples/engine/deliver.js";
import { main as issue } from "../../examples/engine/issue.js";

describe("examples/engine", () => {
  it("step 2 issues each of the 14 January invoices once, five days ahead", async () => {
    const text = await issue();
    // Monthly contracts anchored on the 1st are issued Dec 27 and Jan 27; the seasonal contract
    // (cycle day 15) on Jan 10; the quarterly commercial one once, for Jan–Mar.
    expect(text).toContain("2026-12-27  RES-2026-000001  Maria Rivera                          2027-01-01 → 2027-02-01  due 2027-01-01      56.83 USD");
    expect(text).toContain("2027-01-10  RES-2027-000001  Robert Lindqvist                      2027-01-15 → 2027-02-15  due 2027-01-15      42.39 USD");
    expect(text).toContain("2026-12-27  COM-2026-000001  Northgate Property Group LLC          2027-01-01 → 2027-04-01  due 2027-01-26    1100.91 USD");
    expect(text).toContain("14 invoices issued.");
    expect(text).toContain("Rerun of the same 36 days: 0 invoices issued");
  });

  it("step 3 falls to SMS when email fails, records delivery events, and signs links that verify", async () => {
    const text = await deliver();
    expect(text).toMatch(/2026-12-27 {2}Andre & Keisha Baptiste +email +kbaptiste@example\.com +failed\n {2}2026-12-27 {2}Andre & Keisha Baptiste +sms +\+13055550166 +accepted/);
    expect(text).toMatch(/Maria Rivera +sms +\+15125550142 +delivered \(delivered, opened, clicked\)/);
    expect(text).toMatch(/Eastside Independent School District +email +facilities@eastside-isd\.example\.org +failed/);
    expect(text).toContain("Her payment link verifies: RES-2026-000001, paid, expires 2027-01-31T23:59:59.000Z");
  });

  it("step 4 charges once per invoice, skips the invoice paid by link, and balances to the cent", async () => {
    const text = await autopay();
    const charges = text.split("\n").filter((l) => l.startsWith("  invoice:"));
    expect(charges.map((l) => l.trim().split(/\s+/)[0])).toEqual([
      "invoice:RES-2026-000001:autopay:1",
      "invoice:RES-2026-000002:autopay:1",
      "invoice:QC-2026-000001:autopay:1",
      "invoice:RES-2027-000001:autopay:1",
      "invoice:RES-2027-000003:autopay:1",
      "invoice:QC-2027-000001:autopay:1",
    ]);
    // Maria paid February's RES-2027-000002 by link: no charge for it.
    expect(text).not.toContain("RES-2027-000002:autopay");
    // 56.83 (January, auto-pay) + 56.83 (February, by link) = 113.66; nothing owed.
    expect(text).toMatch(/Maria Rivera +received +113\.66 +still owed +0\.00 USD/);
    expect(text).toMatch(/Robert Lindqvist +received +0\.00 +still owed +42\.39 USD/);
    expect(text).toContain("4 receipts sent; 5 charges captured.");
  });
});
