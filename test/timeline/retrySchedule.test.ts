import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toCalendarDate } from "../../src/calendar/index.js";
import { parseRetryPolicy, retrySchedule, type PaymentAttempt } from "../../src/timeline/index.js";
import { ACH, CARD, DAY, declined, HOUR, returned } from "./support.js";

const days = (...amounts: number[]) => parseRetryPolicy({ delays: amounts.map((amount) => ({ amount, unit: "days" })) });
const hours = (count: number, amount: number) => parseRetryPolicy({ delays: Array.from({ length: count }, () => ({ amount, unit: "hours" })) });

describe("retry schedule", () => {
  it("reproduces the worked example: retries after 1, 8, 4 and 7 days from a failure on 2021-08-06", () => {
    const plan = retrySchedule([declined("a1", "2021-08-06T14:00:00Z")], { policy: days(1, 8, 4, 7) });
    expect(plan.status).toBe("retrying");
    for (const zone of ["America/New_York", "UTC", "America/Los_Angeles"]) {
      expect(plan.retries.map((r) => toCalendarDate(r.at, zone))).toEqual(["2021-08-07", "2021-08-15", "2021-08-19", "2021-08-26"]);
    }
    expect(plan.retries.map((r) => r.attempt)).toEqual([2, 3, 4, 5]);
    expect(plan.exhaustedAt).toBe("2021-08-26T14:00:00.000Z");
  });

  it("retries after 24 hours, then 3 days, then 7 days by default, each from the previous attempt", () => {
    const plan = retrySchedule([declined("a1", "2027-03-10T05:00:00Z")]);
    expect(plan.retries.map((r) => r.at)).toEqual(["2027-03-11T05:00:00.000Z", "2027-03-14T05:00:00.000Z", "2027-03-21T05:00:00.000Z"]);
    expect(plan.retries.every((r) => r.paymentMethodId === CARD.id && r.method === "card")).toBe(true);
  });

  it("counts the next delay from the retry actually made, not from the plan", () => {
    const plan = retrySchedule([declined("a1", "2027-03-10T05:00:00Z"), declined("a2", "2027-03-12T09:30:00Z")]);
    expect(plan.retries.map((r) => r.at)).toEqual(["2027-03-15T09:30:00.000Z", "2027-03-22T09:30:00.000Z"]);
    expect(plan.retries.map((r) => r.attempt)).toEqual([3, 4]);
  });

  it("stops retrying a card the customer's own attempt found stolen, and retries it after a soft customer decline", () => {
    const automatic = declined("a1", "2027-03-10T05:00:00Z");
    const stolen: PaymentAttempt = { ...declined("c1", "2027-03-10T18:00:00Z", { reason: "stolenCard", responseCode: "43" }), origin: "customer" };
    const plan = retrySchedule([automatic, stolen]);
    expect([plan.status, plan.retries]).toEqual(["updatePaymentMethod", []]);
    const soft: PaymentAttempt = { ...declined("c1", "2027-03-10T18:00:00Z"), origin: "customer" };
    expect(retrySchedule([automatic, soft]).retries.length).toBe(3);
    // A hard decline of another card of the customer's does not stop this one.
    const other: PaymentAttempt = { ...declined("c2", "2027-03-10T18:00:00Z", { reason: "stolenCard" }, { id: "pm_other", kind: "card" }), origin: "customer" };
    expect(retrySchedule([automatic, other]).retries.length).toBe(3);
  });

  it("plans no automatic charge on a card the customer's own attempt found stolen before the due date", () => {
    const stolen: PaymentAttempt = { ...declined("c1", "2027-03-05T15:00:00Z", { reason: "stolenCard", responseCode: "43" }), origin: "customer" };
    expect(retrySchedule([stolen], { paymentMethodId: CARD.id }).status).toBe("updatePaymentMethod");
    expect(retrySchedule([], { paymentMethodId: CARD.id }).status).toBe("notAttempted");
  });

  it("keeps retrying after the customer's own attempt failed on details they typed (CVV, PIN)", () => {
    const automatic = declined("a1", "2027-03-10T05:00:00Z");
    for (const decline of [{ responseCode: "N7" }, { responseCode: "82" }, { responseCode: "55" }, { reason: "incorrectDetails" as const }]) {
      const typo: PaymentAttempt = { ...declined("c1", "2027-03-10T18:00:00Z", decline), origin: "customer" };
      expect(retrySchedule([automatic, typo]).retries.length).toBe(3);
    }
    // The same codes on an automatic charge of the stored card still stop it.
    expect(retrySchedule([declined("a1", "2027-03-10T05:00:00Z", { responseCode: "N7" })]).status).toBe("updatePaymentMethod");
  });

  it("lists attempts in any order", () => {
    const a = retrySchedule([declined("a2", "2027-03-12T09:30:00Z"), declined("a1", "2027-03-10T05:00:00Z")]);
    const b = retrySchedule([declined("a1", "2027-03-10T05:00:00Z"), declined("a2", "2027-03-12T09:30:00Z")]);
    expect(a).toEqual(b);
  });

  it("moves the next attempt later for a gateway's retry-after hint or a Mastercard advice code", () => {
    const hinted = retrySchedule([declined("a1", "2027-03-10T05:00:00Z", { reason: "tryAgainLater", retryAfter: "2027-03-12T00:00:00Z" })]);
    expect(hinted.retries.map((r) => r.at)).toEqual(["2027-03-12T00:00:00.000Z", "2027-03-15T00:00:00.000Z", "2027-03-22T00:00:00.000Z"]);
    const advised = retrySchedule([declined("a1", "2027-03-10T05:00:00Z", { responseCode: "51", adviceCode: "27" })]);
    expect(advised.retries[0]?.at).toBe("2027-03-14T05:00:00.000Z");
    const earlyHint = retrySchedule([declined("a1", "2027-03-10T05:00:00Z", { adviceCode: "24" })]);
    expect(earlyHint.retries[0]?.at).toBe("2027-03-11T05:00:00.000Z");
  });

  it("never retries a hard decline and asks for a new payment method", () => {
    const plan = retrySchedule([declined("a1", "2027-03-10T05:00:00Z"), declined("a2", "2027-03-11T05:00:00Z", { responseCode: "43" })]);
    expect(plan).toMatchObject({ status: "updatePaymentMethod", retries: [], exhaustedAt: "2027-03-11T05:00:00.000Z" });
    expect(plan.explanation).toContain("a2");
  });

  it("stops when the policy's retries are used up", () => {
    const attempts = ["2027-03-10T05:00:00Z", "2027-03-11T05:00:00Z", "2027-03-14T05:00:00Z", "2027-03-21T05:00:00Z"].map((at, i) => declined(`a${i}`, at));
    expect(retrySchedule(attempts)).toMatchObject({ status: "exhausted", retries: [], exhaustedAt: "2027-03-21T05:00:00.000Z" });
  });

  it("asks for the outcome of a timed-out attempt before any new attempt", () => {
    const timeout: PaymentAttempt = { id: "a2", at: "2027-03-11T05:00:00Z", method: CARD, outcome: { kind: "unknown" } };
    const plan = retrySchedule([declined("a1", "2027-03-10T05:00:00Z"), timeout]);
    expect(plan).toMatchObject({ status: "awaitingOutcome", retries: [], exhaustedAt: null });
    expect(plan.explanation).toContain("a2");
  });

  it("makes no new attempt while one is still processing, and none after one succeeded", () => {
    const clearing: PaymentAttempt = { id: "a1", at: "2027-03-10T05:00:00Z", method: ACH, outcome: { kind: "processing" } };
    expect(retrySchedule([clearing]).status).toBe("processing");
    const paid: PaymentAttempt = { id: "a2", at: "2027-03-11T05:00:00Z", method: CARD, outcome: { kind: "succeeded" } };
    expect(retrySchedule([declined("a1", "2027-03-10T05:00:00Z"), paid])).toMatchObject({ status: "succeeded", retries: [] });
    expect(retrySchedule([]).status).toBe("notAttempted");
  });

  it("counts from when an ACH return arrived, not from the debit", () => {
    const plan = retrySchedule([returned("d1", "2027-03-10T05:00:00Z", "R01", "2027-03-12T20:00:00Z")]);
    expect(plan.retries.map((r) => r.at)).toEqual(["2027-03-13T20:00:00.000Z", "2027-03-16T20:00:00.000Z"]);
  });

  it("re-presents an ACH debit returned R01 at most twice, whatever the policy says", () => {
    const plan = retrySchedule([returned("d1", "2027-03-10T05:00:00Z", "R01")], { policy: days(1, 1, 1, 1, 1) });
    expect(plan.retries).toHaveLength(2);
    expect(plan.explanation).toContain("at most 2 times");
    const twice = retrySchedule(
      [returned("d1", "2027-03-10T05:00:00Z", "R09"), returned("d2", "2027-03-11T05:00:00Z", "R01"), returned("d3", "2027-03-12T05:00:00Z", "R01")],
      { policy: days(1, 1, 1, 1, 1) },
    );
    expect(twice).toMatchObject({ status: "exhausted", retries: [] });
  });

  it("re-presents an ACH debit only within 180 days of the original entry", () => {
    const plan = retrySchedule([returned("d1", "2027-01-01T05:00:00Z", "R01")], { policy: days(100, 100) });
    expect(plan.retries.map((r) => r.at)).toEqual(["2027-04-11T05:00:00.000Z"]);
    expect(plan.explanation).toContain("within 180 days");
  });

  it("never re-presents an ACH debit returned R07 without a new authorization", () => {
    const plan = retrySchedule([returned("d1", "2027-03-10T05:00:00Z", "R07")]);
    expect(plan).toMatchObject({ status: "updatePaymentMethod", retries: [] });
    expect(plan.explanation).toContain("new authorization");
  });

  it("holds a card to 15 retries in any 30 days even when the policy asks for more", () => {
    const plan = retrySchedule([declined("a1", "2027-03-10T00:00:00Z")], { policy: hours(20, 1) });
    const times = plan.retries.map((r) => Date.parse(r.at));
    expect(times).toHaveLength(20);
    expect(times.slice(0, 15).map((t) => (t - Date.parse("2027-03-10T00:00:00Z")) / HOUR)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    // The 16th waits until the first retry is 30 days old.
    expect(plan.retries[15]?.at).toBe("2027-04-09T01:00:00.000Z");
  });

  it("only counts the attempts on the method being charged", () => {
    const other = declined("x1", "2027-03-09T05:00:00Z", { reason: "insufficientFunds" }, { id: "pm_old", kind: "card" });
    const plan = retrySchedule([other, declined("a1", "2027-03-10T05:00:00Z")]);
    expect(plan.retries.map((r) => r.attempt)).toEqual([2, 3, 4]);
    expect(retrySchedule([other], { paymentMethodId: CARD.id }).status).toBe("notAttempted");
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const START = Date.parse("2027-01-01T00:00:00Z");

const softCard = fc.constantFrom({ reason: "insufficientFunds" } as const, { responseCode: "51", adviceCode: "24" } as const, { responseCode: "05" } as const);
const hardCard = fc.constantFrom({ reason: "stolenCard" } as const, { responseCode: "41" } as const, { responseCode: "51", adviceCode: "03" } as const, { adviceCode: "21" } as const);
const delaysArb = fc.oneof(
  // Dense: hourly retries that run into the network limits.
  fc.array(fc.record({ amount: fc.integer({ min: 1, max: 30 }), unit: fc.constant("hours") }), { minLength: 10, maxLength: 40 }),
  fc.array(fc.record({ amount: fc.integer({ min: 1, max: 96 }), unit: fc.constantFrom("hours", "days") }), { minLength: 1, maxLength: 40 }),
);

/** Card history whose attempts are at least `gap` hours apart, so the history itself keeps the limit. */
const cardHistory = fc.array(fc.tuple(fc.integer({ min: 49, max: 400 }), softCard), { minLength: 1, maxLength: 12 }).map((steps) => {
  let at = START;
  return steps.map(([gapHours, decline], i) => {
    at += gapHours * HOUR;
    return declined(`a${i}`, new Date(at).toISOString(), decline);
  });
});

describe("retry schedule properties", () => {
  it("never plans more than 15 card retries in any 30 days", () => {
    fc.assert(
      fc.property(cardHistory, delaysArb, (history, delays) => {
        const plan = retrySchedule(history, { policy: parseRetryPolicy({ delays }) });
        const retries = [...history.slice(1).map((a) => Date.parse(String(a.at))), ...plan.retries.map((r) => Date.parse(r.at))].sort((a, b) => a - b);
        for (const end of retries) {
          const inWindow = retries.filter((t) => t > end - 30 * DAY && t <= end).length;
          expect(inWindow).toBeLessThanOrEqual(15);
        }
        for (const retry of plan.retries) expect(Date.parse(retry.at)).toBeGreaterThan(Date.parse(String(history.at(-1)?.at)));
      }),
      { numRuns: 1000 },
    );
  });

  it("never retries after a hard decline, wherever it sits in the history", () => {
    fc.assert(
      fc.property(cardHistory, hardCard, fc.nat(), delaysArb, (history, hard, position, delays) => {
        const index = position % history.length;
        const withHard = history.map((a, i) => (i === index ? declined(a.id, String(a.at), hard) : a));
        const plan = retrySchedule(withHard, { policy: parseRetryPolicy({ delays }) });
        expect(plan.status).toBe("updatePaymentMethod");
        expect(plan.retries).toEqual([]);
      }),
      { numRuns: 1000 },
    );
  });

  it("re-presents an ACH debit at most twice, within 180 days of the original", () => {
    const history = fc.array(fc.tuple(fc.integer({ min: 1, max: 2000 }), fc.constantFrom("R01", "R09"), fc.integer({ min: 0, max: 72 })), { minLength: 1, maxLength: 3 }).map((steps) => {
      let at = START;
      return steps.map(([gapHours, code, lag], i) => {
        at += gapHours * HOUR;
        return returned(`d${i}`, new Date(at).toISOString(), code, new Date(at + lag * HOUR).toISOString());
      });
    });
    fc.assert(
      fc.property(history, delaysArb, (attempts, delays) => {
        const plan = retrySchedule(attempts, { policy: parseRetryPolicy({ delays }) });
        const original = Date.parse(String(attempts[0]?.at));
        expect(attempts.length - 1 + plan.retries.length).toBeLessThanOrEqual(Math.max(2, attempts.length - 1));
        if (attempts.length - 1 >= 2) expect(plan.retries).toEqual([]);
        for (const retry of plan.retries) {
          expect(Date.parse(retry.at) - original).toBeLessThanOrEqual(180 * DAY);
          expect(retry.method).toBe("ach");
        }
      }),
      { numRuns: 1000 },
    );
  });
});
