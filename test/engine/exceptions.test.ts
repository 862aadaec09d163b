/** The exceptions queue: what needs a person, raised once, cleared when its cause goes away, resolved by hand with an audit line. */
import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/errors/index.js";
import type { Contract } from "../../src/contract/index.js";
import { flatTax } from "../../src/tax/index.js";
import { equipment, monitoring } from "../contract/builder.js";
import { alarmContract, autoPay, world, type World } from "./support.js";

async function daily(w: World, from: string, to: string): Promise<void> {
  for (let ms = Date.parse(`${from}T15:00:00Z`); ms <= Date.parse(`${to}T15:00:00Z`); ms += 86_400_000) {
    w.clock.set(new Date(ms).toISOString());
    await w.engine.run();
  }
}

const queue = async (w: World) => (await w.engine.listExceptions()).map((e) => `${e.kind} ${e.contractId} ${e.ageDays}d: ${e.reason}`);

describe("exceptions", () => {
  it("a contract the run cannot bill waits for a person, and clears itself once it bills", async () => {
    // A line in a tax category the tax table does not know: it is not billed untaxed.
    const tax = flatTax({ taxName: "Exampleland tax", percent: "4", country: "US", state: "XX" });
    const broken = alarmContract("C-X", { lines: [monitoring("L-mon", "39.99"), { ...equipment("L-panel", "12.50"), taxCategory: "gadget-rental" }] });
    const w = await world([broken], { tax });
    await daily(w, "2026-12-27", "2026-12-29");
    const [item] = await w.engine.listExceptions();
    expect([item?.kind, item?.contractId, item?.ageDays]).toEqual(["billingFailed", "C-X", 2]);
    expect(item?.reason).toContain('tax category "gadget-rental" is unknown');
    expect(item?.action).toBe("correct the contract (or the tax table, or the policy) so the run can bill it");
    // Fixed: the panel moves to the monitoring category; the next run bills and clears the exception.
    await w.store.transaction(async (tx) => {
      const stored = await tx.getContract("C-X");
      const c = stored!.contract;
      await tx.putContract({ ...c, sites: c.sites.map((s) => ({ ...s, lines: s.lines.map((l) => ({ ...l, taxCategory: l.taxCategory === "gadget-rental" ? "equipment-rental" : l.taxCategory })) })) } as Contract, stored!.version);
    });
    await daily(w, "2026-12-30", "2026-12-30");
    expect(await queue(w)).toEqual([]);
    const activity = await w.store.transaction((tx) => tx.listActivity("CUST-C-X"));
    expect(activity.some((a) => a.kind === "exception.cleared" && a.text === "Exception cleared (billingFailed): the run billed the contract")).toBe(true);
  });

  it("a card expiring before its next charge: the customer told once, an exception until a new expiry is on file", async () => {
    const card = { kind: "card" as const, token: "tok_exp", last4: "4242", expiry: "2027-01", autoPay: true };
    const w = await world([alarmContract("C-E", { paymentMethod: card })]);
    await daily(w, "2026-12-27", "2027-01-28");
    // January is charged on Jan 1 (the card still works); February's invoice, issued Jan 27, is due after the card expires.
    const told = w.notifier.sent.filter((m) => m.request.kind === "expiringCard");
    expect(told.map((m) => `${m.request.channel} ${m.request.text.split(". Please")[0]}.`)).toEqual([
      "email Hello Customer C-E, the card ending 4242 expires at the end of 2027-01, before the automatic payment of invoice INV-2027-000001 on 2027-02-01.",
    ]);
    expect(await queue(w)).toEqual(["expiringCard C-E 1d: the auto-pay card ending 4242 expires 2027-01, before the charge of INV-2027-000001 on 2027-02-01"]);
    await w.store.transaction(async (tx) => {
      const stored = await tx.getContract("C-E");
      await tx.putContract({ ...stored!.contract, paymentMethod: { ...card, expiry: "2030-01" } } as Contract, stored!.version);
    });
    await daily(w, "2027-01-29", "2027-01-29");
    expect(await queue(w)).toEqual([]);
  });

  it("a hard decline and an open dispute are listed; resolving by hand is audited, and only once", async () => {
    const w = await world([alarmContract("C-H", { paymentMethod: autoPay("tok_lost") }), alarmContract("C-D")]);
    w.gateway.script("tok_lost", { decline: "41", kind: "hard" });
    await daily(w, "2026-12-27", "2027-01-02");
    const [disputed] = await w.store.transaction((tx) => tx.listOpenInvoices("CUST-C-D"));
    await w.engine.openDispute({ id: "D-1", invoiceNumber: disputed!.invoice.number, reason: "never ordered the panel" });
    await daily(w, "2027-01-03", "2027-01-05");
    const items = await w.engine.listExceptions();
    expect(items.map((e) => `${e.kind} ${e.contractId} ${e.ageDays}d`)).toEqual(["hardDecline C-H 4d", "disputeOpen C-D 3d"]);
    const hard = items[0]!;
    const resolved = await w.engine.resolveException({ id: hard.id, by: "dana@billing", note: "called the customer: new card coming" });
    expect([resolved.status, resolved.resolvedBy]).toEqual(["closed", "dana@billing"]);
    const activity = await w.store.transaction((tx) => tx.listActivity("CUST-C-H"));
    expect(activity.find((a) => a.kind === "exception.resolved")?.text).toBe("Exception resolved by dana@billing (hardDecline): called the customer: new card coming");
    await expect(w.engine.resolveException({ id: hard.id, by: "x", note: "y" })).rejects.toThrow(ValidationError);
    const bad = await w.engine.resolveException({ id: "nope", by: "", note: "" }).catch((e: ValidationError) => e.issues.map((i) => i.path.join(".")));
    expect(bad).toEqual(["by", "note", "id"]);
  });

  it("a bounced address is listed once, however many times the provider reports it", async () => {
    const w = await world([alarmContract("C-B")]);
    await daily(w, "2026-12-27", "2026-12-27");
    const sent = w.notifier.sent.find((m) => m.request.channel === "email");
    const messageId = (await w.store.transaction((tx) => tx.listMessages("CUST-C-B"))).find((m) => m.channel === "email")?.outcome;
    expect(sent).toBeDefined();
    const id = messageId?.status === "accepted" ? messageId.messageId : "";
    for (let i = 0; i < 3; i++) await w.engine.recordDeliveryEvent({ messageId: id, kind: "bounced", at: "2026-12-27T15:01:00Z" });
    expect(await queue(w)).toEqual(["bouncedContact C-B 0d: email to c-b@example.com bounced"]);
    const message = (await w.store.transaction((tx) => tx.listMessages("CUST-C-B"))).find((m) => m.channel === "email");
    expect(message?.events).toHaveLength(1);
  });
});
