/**
 * Seed step 6 and the receivables practice note — late fees after the grace period, the dunning
 * ladder (past due → delinquent → suspended → collections) with the FSM product told before any
 * interruption, a dispute that pauses one invoice, a promise to pay that holds dunning until its
 * day. The engine runs daily from Dec 27, 2026 to Apr 30, 2027 over the example portfolio with a
 * 10.00 late fee after ten days and suspension at 45 days:
 *
 * - QuickLube Franchise Holdings (two sites, invoiced per site) never pays;
 * - Eastside Independent School District disputes its January invoice, which is upheld on Jan 20
 *   with the explanation of every line, and then pays it;
 * - Robert Lindqvist's card was declined hard (expired), so his invoices fall to reminders and
 *   dunning; on Feb 10 he promises to pay by Feb 20, keeps the promise, and pays by check after.
 *
 *     npx tsx examples/engine/dunning.ts
 */
import { LATE_FEE_LINE_ID, parseTimelinePolicy, toDecimalString, type OutboxEvent } from "../../src/index.js";
import { examplePortfolio, isMain, runDaily } from "./portfolio.js";

const POLICY = parseTimelinePolicy({
  lateFees: { charge: { kind: "fixed", amount: { amount: "10.00", currency: "USD" } }, graceDays: 10, billAs: "line" },
  dunning: { suspension: { enabled: true, afterDays: 45 } },
});

const WATCHED = ["CUST-7300", "CUST-3105", "CUST-6200"];
// The late fee is in US dollars: the Canadian account is left out (a policy's amounts are in the
// currency of the invoices it applies to; a mismatch is a run error for that contract).
const LEFT_OUT = ["CUST-5077"];

export async function main(): Promise<string> {
  const out: string[] = ["Step 6 — late fees, dunning, a dispute and a promise to pay (Dec 27 → Apr 30)"];
  const w = await examplePortfolio({ policy: POLICY });
  // Robert's card has expired: the issuer declines it hard (54), so it is never retried.
  const robert = w.contracts.find((c) => c.customer.id === "CUST-6200");
  if (robert?.paymentMethod?.token !== undefined) w.gateway.script(robert.paymentMethod.token, { decline: "54", kind: "hard" });
  const names = new Map(w.contracts.map((c) => [c.customer.id, c.customer.name]));
  const seen: OutboxEvent[] = [];
  w.engine.subscribe((e) => {
    if (WATCHED.includes(e.accountId) && /^(account\.dunning|service\.|lateFee\.|dispute\.|promiseToPay\.)/.test(e.type)) seen.push(e);
  });
  const payAll = async (accountId: string, id: string, day: string) => {
    const open = await w.store.transaction((tx) => tx.listOpenInvoices(accountId));
    for (const s of open) await w.engine.recordPayment({ id: `${id}-${s.invoice.number}`, accountId, amount: s.balance, channel: "check", receivedOn: day, invoiceNumbers: [s.invoice.number] });
  };
  // Everyone else pays on the due date, so the table shows the three stories.
  const others = w.contracts.map((c) => c.customer.id).filter((id) => !WATCHED.includes(id) && !LEFT_OUT.includes(id));
  await runDaily(w, "2026-12-27", "2027-04-30", async (day, report) => {
    const failed = report.errors.filter((e) => !LEFT_OUT.some((id) => w.contracts.find((c) => c.id === e.contractId)?.customer.id === id));
    if (failed.length > 0) throw new Error(`the run failed for ${failed.map((e) => `${e.contractId}: ${e.message}`).join("; ")}`);
    // After its dispute, the school district pays each invoice on its due date.
    for (const id of day > "2027-01-22" ? [...others, "CUST-3105"] : others) {
      const open = await w.store.transaction((tx) => tx.listOpenInvoices(id));
      for (const s of open.filter((o) => o.invoice.dueDate === day && o.invoice.paymentInstructions.autoPay === false)) {
        await w.engine.recordPayment({ id: `chk-${s.invoice.number}`, accountId: id, amount: s.balance, channel: "check", receivedOn: day, invoiceNumbers: [s.invoice.number] });
      }
    }
    if (day === "2027-01-05") {
      const [january] = await w.store.transaction((tx) => tx.listOpenInvoices("CUST-3105"));
      if (january !== undefined) await w.engine.openDispute({ id: "D-3105-1", invoiceNumber: january.invoice.number, reason: "the gym sensors were not installed until January 10", by: "portal" });
    }
    if (day === "2027-01-20") await w.engine.resolveDispute({ disputeId: "D-3105-1", outcome: "upheld", answer: "Our technician's report shows the sensors live on 2026-12-18." });
    if (day === "2027-01-22") await payAll("CUST-3105", "chk", day);
    if (day === "2027-02-10") await w.engine.recordPromiseToPay({ id: "P-6200-1", accountId: "CUST-6200", promisedOn: "2027-02-20" });
    if (day === "2027-02-20" || (day > "2027-02-20" && day.endsWith("-16"))) await payAll("CUST-6200", "chk", day);
  });
  for (const accountId of WATCHED) {
    out.push("", `  ${names.get(accountId) ?? accountId}`);
    for (const e of seen.filter((x) => x.accountId === accountId)) {
      const d = e.data;
      const what =
        e.type === "account.dunning"
          ? `${String(d.from)} → ${String(d.to)} (${String(d.daysPastDue)} day${d.daysPastDue === 1 ? "" : "s"} past due)`
          : e.type === "lateFee.assessed"
            ? `late fee ${String(d.amount)} ${String(d.currency)} on ${String(d.invoiceNumber)}`
            : e.type === "service.suspensionScheduled"
              ? `FSM product told: suspension planned for ${String(d.on)}`
              : e.type.startsWith("dispute.")
                ? `${e.type} ${String(d.invoiceNumber)}${d.outcome === undefined ? "" : ` (${String(d.outcome)})`}`
                : e.type.startsWith("promiseToPay.")
                  ? `${e.type}${d.promisedOn === undefined ? "" : ` by ${String(d.promisedOn)}`}`
                  : e.type;
      out.push(`    ${String(e.at).slice(0, 10)}  ${what}`);
    }
  }
  const fees = await w.store.transaction(async (tx) => {
    const lines: string[] = [];
    for (const c of w.contracts) {
      for (const s of await tx.listContractInvoices(c.id)) {
        for (const l of s.invoice.lines.filter((x) => x.lineId === LATE_FEE_LINE_ID)) lines.push(`    ${s.invoice.issueDate}  ${s.invoice.number.padEnd(16)} ${l.description}: ${toDecimalString(l.total)}`);
      }
    }
    return lines.sort();
  });
  out.push("", "  Late fees, each a line of the next invoice:", ...fees);
  return out.join("\n");
}

if (isMain(import.meta.url)) console.log(await main());
