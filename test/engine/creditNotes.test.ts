/** Credit notes reach the customer as invoices do: once each, by their channels. */
import { describe, expect, it } from "vitest";
import { alarmContract, crashAtEveryStep, world } from "./support.js";
import type { Contract } from "../../src/contract/index.js";
import { parseBrand } from "../../src/messages/index.js";

const BRAND = parseBrand({
  companyName: "Lone Star Alarm Co.",
  address: { line1: "400 Lavaca St", city: "Austin", region: "TX", postalCode: "78701", country: "US" },
  supportPhone: "+1 512 555 0100",
});

async function terminateOn(w: Awaited<ReturnType<typeof world>>, id: string, date: string): Promise<void> {
  await w.store.transaction(async (tx) => {
    const stored = (await tx.getContract(id))!;
    await tx.putContract({ ...stored.contract, termination: { date, reason: "moved" } } as Contract, stored.version);
  });
}

describe("credit notes", () => {
  it("a termination's credit for days billed in advance goes out once, naming the invoice and what is left", async () => {
    const w = await world([alarmContract("C-MOVE")]);
    await w.engine.run(); // Dec 27: January's 52.49 issued
    await terminateOn(w, "C-MOVE", "2027-01-16");
    w.clock.set("2027-01-16T15:00:00Z");
    const report = await w.engine.run();
    expect(report.creditNotesIssued).toBe(1);
    await w.engine.run();
    const sent = w.notifier.sent.filter((m) => m.request.kind === "creditNote");
    // By the first channel only, once, though the run came twice.
    expect(sent.map((m) => `${m.request.idempotencyKey} ${m.request.channel}`)).toEqual(["creditNote:INV-CN-2027-000001:deliver:email email"]);
    // 16 of January's 31 days credited: 52.49 × 16/31 = 27.09; 25.40 left to pay.
    expect(sent[0]!.request.subject).toBe("Credit note INV-CN-2027-000001: 27.09 USD credited on invoice INV-2026-000001");
    expect(sent[0]!.request.text).toContain("Left to pay on INV-2026-000001: 25.40 USD.");
  });

  it("from a branded engine, the credit note template with the amount in the customer's money", async () => {
    const w = await world([alarmContract("C-BRAND")], { messages: { brand: BRAND } });
    await w.engine.run();
    await terminateOn(w, "C-BRAND", "2027-01-16");
    w.clock.set("2027-01-16T15:00:00Z");
    await w.engine.run();
    const sent = w.notifier.sent.find((m) => m.request.kind === "creditNote");
    expect(sent?.request.html).toContain("$27.09");
    expect(sent?.request.text).toContain("INV-CN-2027-000001");
    expect(sent?.request.text).toContain("INV-2026-000001");
  });

  it("a crash at any step, then a rerun, sends the credit note once", async () => {
    const contracts = () => [alarmContract("C-CRASH")];
    const setUp = async () => {
      const w = await world(contracts());
      await w.engine.run();
      await terminateOn(w, "C-CRASH", "2027-01-16");
      w.clock.set("2027-01-16T15:00:00Z");
      return w;
    };
    const { expected } = await crashAtEveryStep(setUp, contracts);
    expect(expected.sent.filter((k: string) => k.startsWith("creditNote:"))).toEqual(["creditNote:INV-CN-2027-000001:deliver:email"]);
  });
});
