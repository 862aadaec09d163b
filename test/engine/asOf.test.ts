/** A run "as of" an instant other than the clock's: effects are never bunched, never early. */
import { describe, expect, it } from "vitest";
import { alarmContract, autoPay, world } from "./support.js";

describe("run({ asOf }) and the clock", () => {
  it("ahead of the clock: a declined charge is retried 24 hours after the run's instant, not at once", async () => {
    const w = await world([alarmContract("C-AHEAD", { paymentMethod: autoPay("tok_soft") })]);
    w.gateway.script("tok_soft", { decline: "51", kind: "soft" });
    // The clock stays at Dec 27; the run works to Jan 10, nine days after the due date.
    const first = await w.engine.run({ asOf: "2027-01-10T15:00:00Z" });
    expect(first.charges).toEqual({ succeeded: 0, pending: 0, declined: 1, requiresAction: 0, unknown: 0 });
    const attempts = await w.store.transaction((tx) => tx.listInvoiceAttempts("INV-2026-000001"));
    expect(attempts.map((a) => `${a.key} ${a.startedAt}`)).toEqual(["invoice:INV-2026-000001:autopay:1 2027-01-10T15:00:00.000Z"]);
    // Not yet 24 hours later: nothing; 24 hours later: the first retry.
    await w.engine.run({ asOf: "2027-01-11T14:00:00Z" });
    expect(w.gateway.charges).toHaveLength(1);
    await w.engine.run({ asOf: "2027-01-11T15:00:00Z" });
    expect(w.gateway.charges.map((c) => c.request.idempotencyKey)).toEqual(["invoice:INV-2026-000001:autopay:1", "invoice:INV-2026-000001:charge:tok_soft:2"]);
  });

  it("behind the clock (a catch-up run): effects are stamped with the clock's time, so nothing is planned earlier than it happened", async () => {
    const w = await world([alarmContract("C-BEHIND", { paymentMethod: autoPay("tok_soft") })]);
    w.gateway.script("tok_soft", { decline: "51", kind: "soft" });
    w.clock.set("2027-01-03T09:00:00Z");
    await w.engine.run({ asOf: "2027-01-01T15:00:00Z" });
    const attempts = await w.store.transaction((tx) => tx.listInvoiceAttempts("INV-2026-000001"));
    expect(attempts.map((a) => a.startedAt)).toEqual(["2027-01-03T09:00:00.000Z"]);
    w.clock.set("2027-01-04T08:59:00Z");
    await w.engine.run();
    expect(w.gateway.charges).toHaveLength(1);
    w.clock.set("2027-01-04T09:00:00Z");
    await w.engine.run();
    expect(w.gateway.charges).toHaveLength(2);
  });
});
