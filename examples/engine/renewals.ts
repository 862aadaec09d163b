/**
 * Seed step 7 — "initiate contract renewals 90 days before expiration with current service
 * summary, pricing options, and upgrade opportunities". Four example contracts are brought near
 * the end of their terms, and the engine runs daily from Dec 27, 2026 to Apr 30, 2027 with a 3 %
 * increase at renewal, a 36-month option at today's prices and two upgrades to suggest:
 *
 * - Maria Rivera (renews by itself on Mar 10): the renewal and price-increase notices inside
 *   California-style windows, then the renewal, prices up 3 % from the new term;
 * - Robert Lindqvist (fixed term to Mar 15): takes the 36-month option on Jan 20;
 * - Eastside Independent School District (fixed term to Apr 1): never answers — follow-ups, a
 *   sales alert for a person to call, and the term lapses;
 * - QuickLube Franchise Holdings (fixed term to Apr 1): declines; service ends with the term.
 *
 *     npx tsx examples/engine/renewals.ts
 */
import { toDecimalString, type Contract, type OutboxEvent } from "../../src/index.js";
import { examplePortfolio, isMain, runDaily } from "./portfolio.js";

const ENDS: Readonly<Record<string, { end: string; autoRenew: boolean }>> = {
  "C-1001": { end: "2027-03-10", autoRenew: true },
  "C-6200": { end: "2027-03-15", autoRenew: false },
  "C-3105": { end: "2027-04-01", autoRenew: false },
  "C-7300": { end: "2027-04-01", autoRenew: false },
};

export async function main(): Promise<string> {
  const out: string[] = ["Step 7 — renewals (Dec 27 → Apr 30)"];
  const w = await examplePortfolio({
    settings: { renewal: { priceIncreasePercent: "3", longerTerm: { months: 36 }, upgrades: ["Video verification, 10.00 a month", "Cellular backup, 5.00 a month"] } },
  });
  // The four contracts near the end of their terms (a new version of each, as a CRM sync would write).
  await w.store.transaction(async (tx) => {
    for (const [id, term] of Object.entries(ENDS)) {
      const stored = await tx.getContract(id);
      if (stored !== undefined) await tx.putContract({ ...stored.contract, term: { ...stored.contract.term, ...term } } as Contract, stored.version);
    }
  });
  const names = new Map(w.contracts.map((c) => [c.id, c.customer.name]));
  const seen: OutboxEvent[] = [];
  w.engine.subscribe((e) => {
    if (/^(contract\.renewed|renewal\.|service\.end)/.test(e.type)) seen.push(e);
  });
  // Everyone pays on the due date: this example is about renewals.
  await runDaily(w, "2026-12-27", "2027-04-30", async (day) => {
    for (const c of w.contracts) {
      for (const s of await w.store.transaction((tx) => tx.listOpenInvoices(c.customer.id))) {
        if (s.invoice.dueDate === day && !s.invoice.paymentInstructions.autoPay) await w.engine.recordPayment({ id: `chk-${s.invoice.number}`, accountId: c.customer.id, amount: s.balance, channel: "check", receivedOn: day, invoiceNumbers: [s.invoice.number] });
      }
    }
    if (day === "2027-01-20") await w.engine.acceptRenewal({ contractId: "C-6200", termMonths: 36 });
    if (day === "2027-01-25") await w.engine.declineRenewal({ contractId: "C-7300", reason: "closing the Round Rock site" });
  });
  const messages = await w.store.transaction(async (tx) => {
    const rows: string[] = [];
    for (const c of w.contracts) {
      for (const m of await tx.listMessages(c.customer.id)) {
        if (!/^(renewal|priceIncrease)/.test(m.kind)) continue;
        rows.push(`${String(m.createdAt).slice(0, 10)}  ${c.customer.name.padEnd(37)} ${m.kind.padEnd(20)} ${m.channel}`);
      }
    }
    return rows.sort();
  });
  out.push("", "  Messages", ...messages.map((r) => `    ${r}`));
  out.push("", "  Events");
  for (const e of seen) {
    const d = e.data;
    const what =
      e.type === "contract.renewed"
        ? `renewed ${String(d.start)} → ${String(d.end)} (${String(d.trigger)}${d.priceIncreasePercent === null ? "" : `, +${String(d.priceIncreasePercent)} %`})`
        : e.type === "renewal.salesAlert"
          ? "sales alert: no answer to the offer — call the customer"
          : e.type === "service.end"
            ? `service ends ${String(d.on)}`
            : e.type.replace("renewal.", "renewal ");
    out.push(`    ${String(e.at).slice(0, 10)}  ${(names.get(String(d.contractId)) ?? String(d.contractId)).padEnd(37)} ${what}`);
  }
  const maria = await w.store.transaction(async (tx) => (await tx.listContractInvoices("C-1001")).find((s) => s.invoice.period.start === "2027-04-01"));
  const offer = w.notifier.sent.find((m) => m.request.kind === "renewalOffer" && m.request.to.includes("eastside"));
  out.push("", `  Maria's April invoice, the first of the new term: ${maria === undefined ? "none" : `${maria.invoice.number} ${toDecimalString(maria.invoice.total)} ${maria.invoice.currency}`}`);
  if (offer !== undefined) out.push("", "  The offer Eastside received:", ...offer.request.text.split("\n").map((l) => `    ${l}`));
  return out.join("\n");
}

if (isMain(import.meta.url)) console.log(await main());
