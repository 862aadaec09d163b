/** The engine examples run and tell the truth: their figures are the store's. */
import { describe, expect, it } from "vitest";
import { main as autopay } from "../../examples/engine/autopay.js";
import { main as deliver } from "../../examples/engine/deliver.js";
import { main as issue } from "../../examples/engine/issue.js";
import { main as reminders } from "../../examples/engine/reminders.js";
import { main as dunning } from "../../examples/engine/dunning.js";
import { main as renewals } from "../../examples/engine/renewals.js";
import { main as year } from "../../examples/portfolio/year.js";
import { generatePortfolio, loadPortfolio } from "../../examples/portfolio/generate.js";

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

  it("step 4 charges once per invoice, retries a soft decline, stops at a hard one, skips the invoice paid by link", async () => {
    const text = await autopay();
    const charges = text.split("\n").filter((l) => l.startsWith("  invoice:"));
    expect(charges.map((l) => l.trim().split(/\s+/).filter((_, i) => i === 0 || i === 4))).toEqual([
      ["invoice:RES-2026-000001:autopay:1", "succeeded"],
      ["invoice:RES-2026-000002:autopay:1", "unknown"],
      // The bakery's card expired (hard decline 54): never retried, and February is not charged.
      ["invoice:QC-2026-000001:autopay:1", "declined"],
      // Robert's insufficient funds (soft, 51): retried 24 hours later, and it went through.
      ["invoice:RES-2027-000001:autopay:1", "declined"],
      ["invoice:RES-2027-000001:charge:tok_amex_0005:2", "succeeded"],
      ["invoice:RES-2027-000003:autopay:1", "unknown"],
    ]);
    expect(text).toContain("2027-01-16  notices 0, charges: 1 succeeded, 0 declined, 0 pending, 0 no answer yet (1 of them retries)");
    // Maria paid February's RES-2027-000002 by link: no charge for it.
    expect(text).not.toContain("RES-2027-000002:autopay");
    // 56.83 (January, auto-pay) + 56.83 (February, by link) = 113.66; nothing owed.
    expect(text).toMatch(/Maria Rivera +received +113\.66 +still owed +0\.00 USD/);
    expect(text).toMatch(/Robert Lindqvist +received +42\.39 +still owed +0\.00 USD/);
    expect(text).toMatch(/Boulangerie Saint-Laurent inc\. +received +0\.00 +still owed +159\.95 CAD/);
    expect(text).toContain("3 receipts sent; 4 charges captured.");
  });

  it("step 5 reminds at −3, 0, +5 and +10 days, stops once paid, and leaves on-track auto-pay alone", async () => {
    const text = await reminders();
    const rows = text.split("\n").filter((l) => /^ {2}\d{4}-\d\d-\d\d {2}\S.* day /.test(l));
    const steps = (name: string): string[] => rows.filter((r) => r.includes(name)).map((r) => `${r.trim().slice(0, 10)} ${/day +(-?\d+)/.exec(r)?.[1] ?? "?"}`);
    // Net 30 from Dec 27, due Jan 26: every step, since nobody pays.
    expect(steps("Eastside Independent School District")).toEqual(["2027-01-23 -3", "2027-01-26 0", "2027-01-31 5", "2027-02-05 10"]);
    expect(steps("Northgate Property Group LLC")).toEqual(["2027-01-23 -3", "2027-01-26 0", "2027-01-31 5", "2027-02-05 10"]);
    // QuickLube pays January on the 12th, the day after it was due: no +5 or +10 for January.
    expect(text).toContain("2027-01-12  QuickLube Franchise Holdings paid FR-2026-000001");
    // Its two sites' invoices are reminded in one message a day: −3 and 0, then nothing.
    expect(rows.filter((r) => r.includes("FR-2026-000001")).map((r) => r.trim().replace(/\s+/g, " "))).toEqual([
      "2027-01-08 QuickLube Franchise Holdings day -3 email accepted FR-2026-000001, FR-2026-000002",
      "2027-01-11 QuickLube Franchise Holdings day 0 email accepted FR-2026-000001, FR-2026-000002",
    ]);
    expect(text).toContain("12 reminder messages sent");
    // Auto-pay customers on track get no reminder at all.
    expect(text).not.toContain("Maria Rivera");
    expect(text).not.toContain("Robert Lindqvist");
  });

  it("step 6 climbs the ladder to collections, tells the FSM product first, bills late fees on the next invoice, and lets a dispute and a promise pause it", async () => {
    const text = await dunning();
    const story = (name: string) => text.split(`  ${name}\n`)[1]?.split("\n\n")[0]?.split("\n").map((l) => l.trim()) ?? [];
    // Net terms: QuickLube's invoices are due Jan 11; ten days' grace, then the fee on Jan 22.
    expect(story("QuickLube Franchise Holdings").slice(0, 9)).toEqual([
      "2027-01-12  current → past_due (1 day past due)",
      "2027-01-22  late fee 10.00 USD on FR-2026-000001",
      "2027-01-22  late fee 10.00 USD on FR-2026-000002",
      "2027-02-10  past_due → delinquent (30 days past due)",
      "2027-02-10  FSM product told: suspension planned for 2027-02-25",
      "2027-02-22  late fee 10.00 USD on FR-2027-000001",
      "2027-02-22  late fee 10.00 USD on FR-2027-000002",
      "2027-02-25  delinquent → suspended (45 days past due)",
      "2027-02-25  service.suspend",
    ]);
    expect(story("QuickLube Franchise Holdings")).toContain("2027-03-22  suspended → collections (70 days past due)");
    // Disputed on Jan 5, no late fee or dunning while open; upheld on Jan 20 and paid: nothing more.
    expect(story("Eastside Independent School District")).toEqual(["2027-01-05  dispute.opened GOV-2026-000001", "2027-01-20  dispute.resolved GOV-2026-000001 (upheld)"]);
    // The delinquent step fell due under the promise (Feb 15) and was overtaken by the payment.
    expect(story("Robert Lindqvist").slice(0, 5)).toEqual([
      "2027-01-16  current → past_due (1 day past due)",
      "2027-01-26  late fee 10.00 USD on RES-2027-000001",
      "2027-02-10  promiseToPay.recorded by 2027-02-20",
      "2027-02-21  promiseToPay.kept by 2027-02-20",
      "2027-02-21  past_due → current (0 days past due)",
    ]);
    expect(text).toContain("2027-01-27  FR-2027-000001   Late fee on invoice FR-2026-000001 (assessed 2027-01-22): 10.00");
    expect(text).toContain("2027-02-10  RES-2027-000004  Late fee on invoice RES-2027-000001 (assessed 2027-01-26): 10.00");
  });

  it("step 7 renews by itself after the notices, renews an accepted offer on the terms chosen, alerts sales, lets a term lapse and ends a declined one", async () => {
    const text = await renewals();
    const events = text.split("  Events\n")[1]?.split("\n\n")[0]?.split("\n").map((l) => l.trim().replace(/\s{2,}/g, " | ")) ?? [];
    expect(events).toEqual([
      "2027-01-20 | Robert Lindqvist | renewal accepted",
      "2027-01-25 | QuickLube Franchise Holdings | renewal declined",
      "2027-03-02 | Eastside Independent School District | sales alert: no answer to the offer — call the customer",
      // Five days before the old end, so the new term's first invoice is issued on time.
      "2027-03-05 | Maria Rivera | renewed 2027-03-10 → 2028-03-10 (automatic, +3 %)",
      // The 36-month option keeps today's prices.
      "2027-03-10 | Robert Lindqvist | renewed 2027-03-15 → 2030-03-15 (accepted)",
      "2027-04-01 | Eastside Independent School District | renewal lapsed",
      "2027-04-01 | QuickLube Franchise Holdings | service ends 2027-04-01",
    ]);
    // Maria's notices: 45 days before the renewal (California's window opens then), by her first channel.
    expect(text).toMatch(/2027-01-24 {2}Maria Rivera +priceIncreaseNotice +sms/);
    expect(text).toMatch(/2027-01-24 {2}Maria Rivera +renewalNotice +sms/);
    expect(text).toContain("1. Renew for 12 months from 2027-04-01: 175.10 USD a month (today 170.00 USD, +3 %).");
    expect(text).toContain("- Video verification, 10.00 a month");
  });

  it("the portfolio file is what its generator makes: 200 accounts, 60 % or so on auto-pay", () => {
    const portfolio = loadPortfolio();
    expect(portfolio).toEqual(JSON.parse(JSON.stringify(generatePortfolio())));
    expect(portfolio.accounts).toHaveLength(200);
    const autoPay = portfolio.accounts.filter((a) => (a.contract.paymentMethod as { autoPay?: boolean } | undefined)?.autoPay === true).length;
    expect(autoPay).toBe(105);
  });

  it("the demo's year accounts for every billed cent and shows each stage at work", async () => {
    const text = await year({ quiet: true });
    expect(text).toMatch(/A year of 200 alarm accounts, 2026-12-27 → 2027-12-31: 370 daily runs/);
    expect(text).toMatch(/billed = paid \+ credited \+ written off \+ open +yes, to the cent/);
    const figure = (label: string) => Number(new RegExp(`${label.replace(/[()+]/g, "\\$&")} +([\\d,]+)`).exec(text)?.[1]?.replace(/,/g, "") ?? "NaN");
    expect(figure("accounts (contracts)")).toBe(200);
    for (const label of ["invoices issued", "retries", "ACH returns", "hard declines (never retried)", "late fees billed", "disputes", "promises to pay", "dunning transitions", "invoices written off", "reminder at +10 days", "invitations sent", "offers sent (fixed terms)", "accepted", "renewed", "declined or cancelled (service ended)", "lapsed without an answer"]) {
      expect([label, figure(label) > 0]).toEqual([label, true]);
    }
  }, 180_000);
});

