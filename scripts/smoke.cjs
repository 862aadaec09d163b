// Smoke test of the built package through its CommonJS entry points (run by `npm run check`).
const assert = require("node:assert/strict");
const { billingPeriods, money, multiply, ratio, recurrenceDates, round, toDecimalString } = require("rmr-billing");
const { createFixedClock } = require("rmr-billing/memory");

const [stub] = billingPeriods({ start: "2026-03-10", cycle: "monthly", anchorDay: 1, count: 1 });
assert.equal(stub.end, "2026-04-01");
assert.equal(toDecimalString(round(multiply(money("31.00", "USD"), ratio(22, 31)), "halfUp")), "22.00");
// rrule has no `exports` map: this proves the wrapper loads it under CommonJS.
assert.deepEqual(recurrenceDates("FREQ=MONTHLY;BYMONTHDAY=-1", { start: "2027-01-01", count: 2 }), ["2027-01-31", "2027-02-28"]);
assert.equal(createFixedClock("2027-01-01T00:00:00Z").now(), "2027-01-01T00:00:00.000Z");
const { describeStoreContract } = require("rmr-billing/testing");
assert.equal(typeof describeStoreContract, "function");
console.log("smoke (require): ok");
