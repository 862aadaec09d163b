/**
 * Seed step 3 — "deliver invoices through the customer's preferred channels with a secure payment
 * link and delivery tracking": each invoice goes out by the customer's first channel, falls to the
 * next when a send fails or a message bounces, and every delivery event lands in the customer's
 * activity log. The payment link in each message is signed and verifies.
 *
 *     npx tsx examples/engine/deliver.ts
 */
import { examplePortfolio, isMain, runDaily } from "./portfolio.js";

export async function main(): Promise<string> {
  const out: string[] = [];
  const w = await examplePortfolio();
  // The Baptistes' mailbox is gone: their messages fall to their next channel, SMS. The school
  // district's mail server refuses everything this month: it has no other channel.
  for (const id of ["C-4410", "C-3105"]) {
    const email = w.contracts.find((c) => c.id === id)?.customer.contact.email;
    if (email !== undefined) w.notifier.failFor(email, false);
  }
  out.push("Step 3 — delivery through the customer's channels, in order (Dec 27 → Jan 31)");
  await runDaily(w, "2026-12-27", "2027-01-31");
  // Webhooks from the provider: Maria's invoice was delivered and opened.
  const mariaPhone = w.contracts.find((c) => c.id === "C-1001")?.customer.contact.phone ?? "";
  const maria = w.notifier.to("sms", mariaPhone).find((m) => m.request.kind === "invoice");
  if (maria !== undefined) {
    for (const kind of ["delivered", "opened", "clicked"] as const) await w.engine.recordDeliveryEvent(w.notifier.eventFor(maria.messageId, kind, "2027-01-05T15:00:00Z"));
  }
  const rows = await w.store.transaction(async (tx) => {
    const lines: string[] = [];
    for (const c of w.contracts) {
      for (const m of await tx.listMessages(c.customer.id)) {
        if (m.kind !== "invoice") continue;
        const events = m.events.map((e) => e.kind).join(", ");
        lines.push(`  ${String(m.createdAt).slice(0, 10)}  ${c.customer.name.padEnd(37)} ${m.to === "portal" ? "portal" : m.channel.padEnd(6)} ${m.to === "portal" ? "".padEnd(36) : m.to.padEnd(36)} ${m.status}${events === "" ? "" : ` (${events})`}`);
      }
    }
    return lines;
  });
  out.push(...rows);
  const activity = await w.store.transaction((tx) => tx.listActivity("CUST-1001"));
  out.push("", "Maria Rivera's activity log:", ...activity.map((a) => `  ${String(a.at).slice(0, 16).replace("T", " ")}  ${a.text}`));
  const link = /https:\/\/pay\.example\.com\/p\/\S+/.exec(maria?.request.text ?? "")?.[0];
  if (link !== undefined) {
    const checked = await w.engine.verifyPaymentLink(link);
    out.push("", `Her payment link verifies: ${checked.valid ? `${checked.invoiceNumber}, ${checked.invoiceStatus}, expires ${checked.expiresAt}` : checked.reason}`);
  }
  return out.join("\n");
}

if (isMain(import.meta.url)) console.log(await main());
