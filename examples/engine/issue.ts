/**
 * Seed step 2 — "generate invoices automatically 5 days before each billing cycle date": the
 * engine runs once a day through January 2027 over the example portfolio and issues each invoice
 * five days ahead, numbered from its series, taxed and explained; a second pass over the same days
 * issues nothing (exactly once).
 *
 *     npx tsx examples/engine/issue.ts
 */
import { renderInvoiceText, toDecimalString } from "../../src/index.js";
import { examplePortfolio, isMain, runDaily } from "./portfolio.js";

export async function main(): Promise<string> {
  const out: string[] = [];
  const w = await examplePortfolio();
  out.push("Step 2 — invoices issued 5 days before each cycle date (runs daily, Dec 27 → Jan 31)");
  const seen = new Set<string>();
  await runDaily(w, "2026-12-27", "2027-01-31", async (day, report) => {
    if (report.invoicesIssued === 0) return;
    const numbers = await w.store.transaction(async (tx) => {
      const issued = [];
      for (const c of w.contracts) for (const s of await tx.listContractInvoices(c.id)) if (!seen.has(s.invoice.number)) issued.push(s.invoice);
      return issued;
    });
    for (const invoice of numbers) {
      seen.add(invoice.number);
      out.push(`  ${day}  ${invoice.number.padEnd(16)} ${invoice.customerName.padEnd(37)} ${invoice.period.start} → ${invoice.period.end}  due ${invoice.dueDate}  ${toDecimalString(invoice.total).padStart(9)} ${invoice.currency}`);
    }
  });
  const all = await w.store.transaction(async (tx) => (await Promise.all(w.contracts.map((c) => tx.listContractInvoices(c.id)))).flat());
  out.push(`  ${all.length} invoices issued.`);
  // The same days again: everything was done already.
  let again = 0;
  await runDaily(w, "2026-12-27", "2027-01-31", (_day, report) => {
    again += report.invoicesIssued;
  });
  out.push(`  Rerun of the same 36 days: ${again} invoices issued (each period is issued once).`);
  const first = all[0];
  if (first !== undefined) out.push("", renderInvoiceText(first.invoice));
  return out.join("\n");
}

if (isMain(import.meta.url)) console.log(await main());
