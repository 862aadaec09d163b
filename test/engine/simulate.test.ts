/** `simulate`: days of billing in-process, customers' behaviour as data, the same seed the same year. */
import { describe, expect, it } from "vitest";
import { daysBetween } from "../../src/calendar/index.js";
import { simulate } from "../../src/engine/index.js";
import { ValidationError } from "../../src/errors/index.js";
import { alarmContract, autoPay, outcome, world } from "./support.js";

// 52.49 a month, issued 5 days ahead, due on the 1st.
const contracts = () => [alarmContract("C-ON"), alarmContract("C-LATE"), alarmContract("C-NEVER"), alarmContract("C-AP", { paymentMethod: autoPay("tok_ap") })];
const customers = { "CUST-C-ON": { pays: "onTime" as const }, "CUST-C-LATE": { pays: "late" as const, lateDays: [4, 9] as const }, "CUST-C-NEVER": { pays: "never" as const } };

async function year(seed: number) {
  const w = await world(contracts());
  const result = await simulate({ engine: w.engine, store: w.store, clock: w.clock, from: "2026-12-27", to: "2027-04-30", step: "day", seed, customers });
  return { w, result };
}

describe("simulate", () => {
  it("pays as each customer's habit says, to the day", async () => {
    const { w, result } = await year(7);
    expect(result.days).toBe(125);
    // Each payment: days from its invoice's due date to the day it came in, and how.
    const paid = await w.store.transaction(async (tx) => {
      const out: Record<string, string[]> = {};
      for (const id of ["CUST-C-ON", "CUST-C-LATE", "CUST-C-NEVER", "CUST-C-AP"]) {
        out[id] = [];
        for (const p of await tx.listPayments(id)) {
          for (const a of p.allocations) {
            const due = (await tx.getInvoice(a.invoiceNumber))?.invoice.dueDate ?? "";
            out[id].push(`${due} ${daysBetween(due, p.receivedOn)} ${p.channel}`);
          }
        }
      }
      return out;
    });
    const offsets = (id: string) => (paid[id] ?? []).map((p) => Number(p.split(" ")[1]));
    // On time: 0–3 days before each due date (Jan 1 … May 1); late: 4–9 days after; never: nothing.
    expect((paid["CUST-C-ON"] ?? []).map((p) => p.split(" ")[0])).toEqual(["2027-01-01", "2027-02-01", "2027-03-01", "2027-04-01", "2027-05-01"]);
    for (const d of offsets("CUST-C-ON")) expect(d >= -3 && d <= 0).toBe(true);
    expect((paid["CUST-C-LATE"] ?? []).map((p) => p.split(" ")[0])).toEqual(["2027-01-01", "2027-02-01", "2027-03-01", "2027-04-01"]);
    for (const d of offsets("CUST-C-LATE")) expect(d >= 4 && d <= 9).toBe(true);
    expect(paid["CUST-C-NEVER"]).toEqual([]);
    // The auto-pay customer is charged on each due date; the simulation leaves it to the engine.
    expect(paid["CUST-C-AP"]).toEqual(["2027-01-01 0 autopay", "2027-02-01 0 autopay", "2027-03-01 0 autopay", "2027-04-01 0 autopay"]);
    expect(result.totals.customerPayments).toBe(9);
    expect(result.totals.invoicesIssued).toBe(20);
    expect(result.totals.errors).toBe(0);
  });

  it("is deterministic for a seed, and another seed moves the days", async () => {
    const a = await year(7);
    const b = await year(7);
    const c = await year(8);
    const days = async (w: Awaited<ReturnType<typeof year>>["w"]) => (await w.store.transaction((tx) => tx.listPayments("CUST-C-LATE"))).map((p) => p.receivedOn);
    expect(await outcome(a.w, contracts())).toEqual(await outcome(b.w, contracts()));
    expect(a.result.totals).toEqual(b.result.totals);
    expect(await days(a.w)).not.toEqual(await days(c.w));
  });

  it("names every bad option at once", async () => {
    const w = await world([]);
    let error: unknown;
    try {
      await simulate({ engine: w.engine, store: w.store, clock: w.clock, from: "2027-02-30", to: "2027-01-01", step: "week" as "day", runAt: "25:00", customers: { X: { pays: "sometimes" as "never", lateDays: [9, 3] } } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.path.join("."))).toEqual(["from", "step", "runAt", "customers.X.pays", "customers.X.lateDays"]);
  });
});
