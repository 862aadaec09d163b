/** The customer's activity log: every message, event, payment, state change and manual action, with who and when. */
import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/errors/index.js";
import { money } from "../../src/money/index.js";
import { alarmContract, world } from "./support.js";

describe("engine.activity", () => {
  it("is the account's trail in order, each line with who did it; messages carry their channel and key", async () => {
    const w = await world([alarmContract("C-ACT")]);
    for (const day of ["2026-12-27", "2026-12-29", "2027-01-01"]) {
      w.clock.set(`${day}T15:00:00Z`);
      await w.engine.run();
    }
    w.clock.set("2027-01-03T16:00:00Z");
    await w.engine.recordPayment({ id: "chk-77", accountId: "CUST-C-ACT", amount: money("52.49", "USD"), channel: "check", receivedOn: "2027-01-03", by: "maria.lopez" });
    const record = await w.store.transaction((tx) => tx.getMessage("invoice:INV-2026-000001:deliver:email"));
    const messageId = record?.outcome?.status === "accepted" ? record.outcome.messageId : "";
    await w.engine.recordDeliveryEvent({ messageId, kind: "opened", at: "2027-01-02T10:00:00.000Z" });

    const trail = await w.engine.activity("CUST-C-ACT");
    expect(trail.map((e) => [String(e.at).slice(0, 10), e.kind, e.actor])).toEqual([
      ["2026-12-27", "invoice.issued", "system"],
      ["2026-12-27", "message.accepted", "system"],
      ["2026-12-29", "message.accepted", "system"],
      ["2027-01-01", "message.accepted", "system"],
      ["2027-01-02", "message.opened", "system"],
      ["2027-01-03", "payment.applied", "maria.lopez"],
    ]);
    const first = trail.find((e) => e.kind === "message.accepted");
    expect(first?.details).toEqual({ messageKey: "invoice:INV-2026-000001:deliver:email", channel: "email", kind: "invoice" });
    // A slice: from (inclusive) to (exclusive), days or instants.
    expect((await w.engine.activity("CUST-C-ACT", { from: "2026-12-29", to: "2027-01-02" })).map((e) => String(e.at).slice(0, 10))).toEqual(["2026-12-29", "2027-01-01"]);
    expect((await w.engine.activity("CUST-C-ACT", { from: "2027-01-03T16:00:00Z" })).map((e) => e.kind)).toEqual(["payment.applied"]);
  });

  it("refuses a range that is not one, naming each bound", async () => {
    const w = await world([alarmContract("C-ACR")]);
    const error = await w.engine.activity("CUST-C-ACR", { from: "yesterday", to: "2027-13-01" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.path.join("."))).toEqual(["from", "to"]);
    const backwards = await w.engine.activity("CUST-C-ACR", { from: "2027-02-01", to: "2027-01-01" }).catch((e: unknown) => e);
    expect((backwards as ValidationError).issues.map((i) => i.code)).toEqual(["end_before_start"]);
  });
});
