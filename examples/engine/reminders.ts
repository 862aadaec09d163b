/**
 * Seed step 5 — "send payment reminders at −3, 0, +5 and +10 days, escalating in tone, through the
 * customer's preferred channels": the engine runs daily through February 2027 over the example
 * portfolio; customers who pay by auto-pay get the upcoming-charge notice instead, and a payment
 * stops the sequence.
 *
 *     npx tsx examples/engine/reminders.ts
 */
import { examplePortfolio, isMain, runDaily } from "./portfolio.js";

export async function main(): Promise<string> {
  const out: string[] = [];
  const w = await examplePortfolio();
  out.push("Step 5 — payment reminders (Dec 27 → Feb 15)");
  await runDaily(w, "2026-12-27", "2027-02-15", async (day) => {
    // QuickLube's accounts payable pays both January invoices on Jan 12, a day late.
    if (day === "2027-01-12") {
      const open = await w.store.transaction((tx) => tx.listOpenInvoices("CUST-7300"));
      for (const stored of open.filter((s) => s.invoice.period.start === "2027-01-01")) {
        await w.engine.recordPayment({ id: `ach-${stored.invoice.number}`, accountId: "CUST-7300", amount: stored.balance, channel: "ach", receivedOn: day, invoiceNumbers: [stored.invoice.number] });
        out.push(`  ${day}  QuickLube Franchise Holdings paid ${stored.invoice.number}`);
      }
    }
  });
  const rows = await w.store.transaction(async (tx) => {
    const lines: string[] = [];
    for (const c of w.contracts) {
      for (const m of await tx.listMessages(c.customer.id)) {
        // A reminder sent inside another message (same customer, same day) is listed with it.
        if (m.kind !== "paymentReminder" || m.status === "merged") continue;
        const step = /:reminder:(-?\d+):/.exec(m.key)?.[1] ?? "?";
        lines.push(`${String(m.createdAt).slice(0, 10)}  ${c.customer.name.padEnd(37)} day ${step.padStart(3)}  ${m.channel.padEnd(5)} ${m.status.padEnd(8)}  ${m.reference}`);
      }
    }
    return lines.sort();
  });
  out.push(...rows.map((r) => `  ${r}`));
  out.push("", `${rows.length} reminder messages sent; QuickLube's two sites are reminded in one message a day; none after an invoice was paid, none to an auto-pay customer whose charge is on track.`);
  return out.join("\n");
}

if (isMain(import.meta.url)) console.log(await main());
