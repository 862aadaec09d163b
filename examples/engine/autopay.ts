/**
 * Seed step 4 — "process automatic payments on the due date for customers enrolled in auto-pay":
 * a notice three days ahead, one charge on the due date (recorded before the gateway is called),
 * the payment applied in the ledger and a receipt sent. A customer who pays by the link first is
 * not charged; a soft decline is retried 24 hours later (and told to the customer with the link
 * to update the card); a hard decline is never retried — the customer is asked for a new payment
 * method; a timed-out charge is resolved by lookup on the next run, never charged twice.
 *
 *     npx tsx examples/engine/autopay.ts
 */
import { fromMinorUnits, toDecimalString } from "../../src/index.js";
import { examplePortfolio, isMain, runDaily } from "./portfolio.js";

export async function main(): Promise<string> {
  const out: string[] = [];
  const w = await examplePortfolio();
  w.gateway.script("tok_amex_0005", { failTimes: 1, decline: "51" }); // Robert's card: insufficient funds once, then fine
  w.gateway.script("tok_visa_1881", { decline: "54", kind: "hard" }); // the bakery's card has expired
  w.gateway.script("tok_mc_5454", "timeoutCharged"); // the Baptistes' charge times out, but went through
  out.push("Step 4 — auto-pay on the due date (Dec 27 → Feb 1)");
  await runDaily(w, "2026-12-27", "2027-02-01", async (day, report) => {
    // Told on Jan 29 of the Feb 1 charge, Maria pays her February invoice by its link the next day.
    if (day === "2027-01-30") {
      const open = await w.store.transaction((tx) => tx.listOpenInvoices("CUST-1001"));
      const first = open[0];
      if (first !== undefined) {
        await w.engine.recordPayment({ id: "link-1001-jan", accountId: "CUST-1001", amount: first.balance, channel: "portal", receivedOn: day });
        out.push(`  ${day}  Maria Rivera paid ${first.invoice.number} by its payment link: ${toDecimalString(first.balance)} ${first.balance.currency}`);
      }
    }
    const c = report.charges;
    if (report.upcomingChargeNotices + c.succeeded + c.declined + c.unknown + c.pending + report.failureNotices > 0) {
      out.push(
        `  ${day}  notices ${report.upcomingChargeNotices}, charges: ${c.succeeded} succeeded, ${c.declined} declined, ${c.pending} pending, ${c.unknown} no answer yet` +
          `${report.retries > 0 ? ` (${report.retries} of them retries)` : ""}${report.failureNotices > 0 ? `; ${report.failureNotices} failure notices` : ""}`,
      );
    }
  });
  out.push("", "Charges the gateway received (one per invoice, whatever the reruns):");
  for (const charge of w.gateway.charges) {
    out.push(`  ${charge.request.idempotencyKey.padEnd(38)} ${charge.request.paymentMethodToken.padEnd(15)} ${toDecimalString(charge.request.amount).padStart(8)} ${charge.request.amount.currency}  ${charge.answered.status}`);
  }
  out.push("", "Accounts on Feb 1:");
  for (const contract of w.contracts) {
    const { open, payments } = await w.store.transaction(async (tx) => ({ open: await tx.listOpenInvoices(contract.customer.id), payments: await tx.listPayments(contract.customer.id) }));
    const owed = open.reduce((t, s) => t + s.balance.minor, 0);
    const received = payments.reduce((t, p) => t + p.amount.minor, 0);
    const currency = contract.billing.currency;
    out.push(`  ${contract.customer.name.padEnd(37)} received ${toDecimalString(fromMinorUnits(received, currency)).padStart(9)}  still owed ${toDecimalString(fromMinorUnits(owed, currency)).padStart(9)} ${currency}`);
  }
  const receipts = w.notifier.sent.filter((m) => m.request.kind === "receipt").length;
  out.push("", `${receipts} receipts sent; ${w.gateway.capturedCount()} charges captured.`);
  return out.join("\n");
}

if (isMain(import.meta.url)) console.log(await main());
