/** The collections work list (30/60/90+ with reasons) and legal action as a last, confirmed, separate step. */
import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/errors/index.js";
import { toDecimalString } from "../../src/money/index.js";
import { alarmContract, world } from "./support.js";

describe("collections", () => {
  it("lists overdue accounts worst first, bucketed, with reasons; legal action only once in collections", async () => {
    // C-N never pays; C-L pays everything but March; C-OK pays on time. 52.49 a month, due on the 1st.
    // Collections comes at 60 days and once the newest overdue invoice has had its last reminder (+10): Mar 11.
    const w = await world([alarmContract("C-N"), alarmContract("C-L"), alarmContract("C-OK")]);
    for (let ms = Date.parse("2026-12-27T15:00:00Z"); ms <= Date.parse("2027-03-12T15:00:00Z"); ms += 86_400_000) {
      const at = new Date(ms).toISOString();
      const day = at.slice(0, 10);
      w.clock.set(at);
      for (const id of ["CUST-C-OK", "CUST-C-L"]) {
        for (const s of await w.store.transaction((tx) => tx.listOpenInvoices(id))) {
          if (s.invoice.dueDate === day && !(id === "CUST-C-L" && day === "2027-03-01")) await w.engine.recordPayment({ id: `chk-${s.invoice.number}`, accountId: id, amount: s.balance, channel: "check", receivedOn: day });
        }
      }
      await w.engine.run();
    }
    const list = await w.engine.collectionsWorkList();
    expect(list.map((i) => [i.accountId, i.bucket, i.daysPastDue, toDecimalString(i.overdueBalance), i.dunningState])).toEqual([
      ["CUST-C-N", "61-90", 70, "157.47", "collections"],
      ["CUST-C-L", "1-30", 11, "52.49", "past_due"],
    ]);
    expect(list[0]?.reasons[0]).toBe("3 invoices overdue (INV-2026-000002, INV-2027-000002, INV-2027-000005), the oldest due 2027-01-01: 70 days");
    const early = await w.engine.recordLegalAction({ accountId: "CUST-C-L", confirmedBy: "Dana (AR lead)", reason: "small claims" }).catch((e: ValidationError) => e.issues.map((i) => i.message));
    expect(early).toEqual(["account CUST-C-L is past due, not in collections: legal action comes only after every automated step"]);
    await w.engine.recordLegalAction({ accountId: "CUST-C-N", confirmedBy: "Dana (AR lead)", reason: "handed to Acme Recovery, claim 4471" });
    const after = await w.engine.collectionsWorkList();
    expect([after[0]?.legalAction, after[0]?.reasons.at(-1)]).toEqual([true, "Legal action confirmed by Dana (AR lead): handed to Acme Recovery, claim 4471"]);
    await expect(w.engine.recordLegalAction({ accountId: "CUST-C-N", confirmedBy: "", reason: "" })).rejects.toThrow(ValidationError);
  });
});
