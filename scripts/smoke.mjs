// Smoke test of the built package through its ESM entry points (run by `npm run check`).
import assert from "node:assert/strict";
import { billingPeriods, money, multiply, ratio, recurrenceDates, round, toDecimalString } from "rmr-billing";
import { createFixedClock } from "rmr-billing/memory";

const [stub] = billingPeriods({ start: "2026-03-10", cycle: "monthly", anchorDay: 1, count: 1 });
assert.equal(stub.end, "2026-04-01");
assert.equal(toDecimalString(round(multiply(money("31.00", "USD"), ratio(22, 31)), "halfUp")), "22.00");
// rrule has no `exports` map: this proves the wrapper loads it under ESM.
assert.deepEqual(recurrenceDates("FREQ=MONTHLY;BYMONTHDAY=-1", { start: "2027-01-01", count: 2 }), ["2027-01-31", "2027-02-28"]);
assert.equal(createFixedClock("2027-01-01T00:00:00Z").now(), "2027-01-01T00:00:00.000Z");
const { createMemoryStore } = await import("rmr-billing/memory");
const { checkInvoiceInvariants } = await import("rmr-billing/testing");
const store = createMemoryStore();
assert.equal(await store.transaction((tx) => tx.nextCounter("K")), 1);
assert.deepEqual(checkInvoiceInvariants({ currency: "USD", taxInclusive: false, lines: [], subtotal: { minor: 0, currency: "USD" }, discountTotal: { minor: 0, currency: "USD" }, taxTotal: { minor: 0, currency: "USD" }, total: { minor: 0, currency: "USD" } }), []);
console.log("smoke (import): ok");
