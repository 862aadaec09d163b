import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toCalendarDate } from "../../src/calendar/index.js";
import { parseRetryPolicy, retrySchedule, type PaymentAttempt } from "../../src/timeline/index.js";
import { ruleInForce, VISA_RETRY_RULES, MASTERCARD_RETRY_RULES, NACHA_REINITIATION_RULES, DEFAULT_NETWORK_RULE_SETS, type NetworkRuleSet, type PaymentMethodFacts } from "../../src/timeline/index.js";
import { ACH, CARD, DAY, declined, HOUR, returned } from "./support.js";

const VISA: PaymentMethodFacts = { token: "pm_visa", kind: "card", network: "visa" };

/** Gaps between attempts: each delay counts from the previous attempt. */
const days = (...amounts: number[]) => parseRetryPolicy({ delaysFrom: "previousAttempt", delays: amounts.map((amount) => ({ amount, unit: "days" })) });
const hours = (count: number, amount: number) =>
  parseRetryPolicy({ delaysFrom: "previousAttempt", delays: Array.from({ length: count }, () => ({ amount, unit: "hours" })) });

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

  it("retries 24 hours, 3 days and 7 days after the failure by default: days 1, 3 and 7 (the seed's schedule)", () => {
    // Failure 2027-03-10 05:00 UTC; + 24 h = 03-11, + 3 d = 03-13, + 7 d = 03-17, all at 05:00.
    const plan = retrySchedule([declined("a1", "2027-03-10T05:00:00Z")]);
    expect(plan.retries.map((r) => r.at)).toEqual(["2027-03-11T05:00:00.000Z", "2027-03-13T05:00:00.000Z", "2027-03-17T05:00:00.000Z"]);
    expect(plan.retries.every((r) => r.paymentMethodToken === CARD.token && r.method === "card")).toBe(true);
  });

  it("counts each delay from the previous attempt when the policy says delaysFrom: previousAttempt: days 1, 4 and 11", () => {
    // 03-10 + 1 d = 03-11; + 3 d = 03-14; + 7 d = 03-21.
    const plan = retrySchedule([declined("a1", "2027-03-10T05:00:00Z")], { policy: parseRetryPolicy({ delaysFrom: "previousAttempt" }) });
    expect(plan.retries.map((r) => r.at)).toEqual(["2027-03-11T05:00:00.000Z", "2027-03-14T05:00:00.000Z", "2027-03-21T05:00:00.000Z"]);
  });

  it("counts the next delay from the retry actually made, not from the plan", () => {
    const attempts = [declined("a1", "2027-03-10T05:00:00Z"), declined("a2", "2027-03-12T09:30:00Z")];
    // From the previous attempt: 03-12 09:30 + 3 d = 03-15 09:30; + 7 d = 03-22 09:30.
    const gaps = retrySchedule(attempts, { policy: parseRetryPolicy({ delaysFrom: "previousAttempt" }) });
    expect(gaps.retries.map((r) => r.at)).toEqual(["2027-03-15T09:30:00.000Z", "2027-03-22T09:30:00.000Z"]);
    expect(gaps.retries.map((r) => r.attempt)).toEqual([3, 4]);
    // From the failure, the late first retry (day 2 at 09:30, planned day 1 at 05:00) moves the rest
    // by its delay, keeping the spacing of the offsets: 3 d − 1 d = 2 d → 03-14 09:30; 7 d − 3 d = 4 d → 03-18 09:30.
    const offsets = retrySchedule(attempts);
    expect(offsets.retries.map((r) => r.at)).toEqual(["2027-03-14T09:30:00.000Z", "2027-03-18T09:30:00.000Z"]);
  });

  it("stops retrying a card the customer's own attempt found stolen, and retries it after a soft customer decline", () => {
    const automatic = declined("a1", "2027-03-10T05:00:00Z");
    const stolen: PaymentAttempt = { ...declined("c1", "2027-03-10T18:00:00Z", { reason: "stolenCard", responseCode: "43" }), origin: "customer" };
    const plan = retrySchedule([automatic, stolen]);
    expect([plan.status, plan.retries]).toEqual(["updatePaymentMethod", []]);
    const soft: PaymentAttempt = { ...declined("c1", "2027-03-10T18:00:00Z"), origin: "customer" };
    expect(retrySchedule([automatic, soft]).retries.length).toBe(3);
    // A hard decline of another card of the customer's does not stop this one.
    const other: PaymentAttempt = { ...declined("c2", "2027-03-10T18:00:00Z", { reason: "stolenCard" }, { token: "pm_other", kind: "card" }), origin: "customer" };
    expect(retrySchedule([automatic, other]).retries.length).toBe(3);
  });

  it("plans no automatic charge on a card the customer's own attempt found stolen before the due date", () => {
    const stolen: PaymentAttempt = { ...declined("c1", "2027-03-05T15:00:00Z", { reason: "stolenCard", responseCode: "43" }), origin: "customer" };
    expect(retrySchedule([stolen], { paymentMethodToken: CARD.token }).status).toBe("updatePaymentMethod");
    expect(retrySchedule([], { paymentMethodToken: CARD.token }).status).toBe("notAttempted");
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
    // The hint moves the first retry to 03-12 00:00; the offsets' spacing follows: + 2 d, + 4 d.
    expect(hinted.retries.map((r) => r.at)).toEqual(["2027-03-12T00:00:00.000Z", "2027-03-14T00:00:00.000Z", "2027-03-18T00:00:00.000Z"]);
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
    const attempts = ["2027-03-10T05:00:00Z", "2027-03-11T05:00:00Z", "2027-03-13T05:00:00Z", "2027-03-17T05:00:00Z"].map((at, i) => declined(`a${i}`, at));
    expect(retrySchedule(attempts)).toMatchObject({ status: "exhausted", retries: [], exhaustedAt: "2027-03-17T05:00:00.000Z" });
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
    // The return arrived 03-12 20:00: + 24 h = 03-13, + 3 d = 03-15; NACHA allows no third.
    expect(plan.retries.map((r) => r.at)).toEqual(["2027-03-13T20:00:00.000Z", "2027-03-15T20:00:00.000Z"]);
  });

  it("re-presents an ACH debit returned R01 at most twice, whatever the policy says", () => {
    const plan = retrySchedule([returned("d1", "2027-03-10T05:00:00Z", "R01")], { policy: days(1, 1, 1, 1, 1) });
    expect(plan.retries).toHaveLength(2);
    expect(plan.explanation).toContain("nacha allows 2 retries within 180 days of the original attempt");
    const twice = retrySchedule(
      [returned("d1", "2027-03-10T05:00:00Z", "R09"), returned("d2", "2027-03-11T05:00:00Z", "R01"), returned("d3", "2027-03-12T05:00:00Z", "R01")],
      { policy: days(1, 1, 1, 1, 1) },
    );
    expect(twice).toMatchObject({ status: "exhausted", retries: [] });
  });

  it("re-presents an ACH debit only within 180 days of the original entry", () => {
    const plan = retrySchedule([returned("d1", "2027-01-01T05:00:00Z", "R01")], { policy: days(100, 100) });
    expect(plan.retries.map((r) => r.at)).toEqual(["2027-04-11T05:00:00.000Z"]);
    expect(plan.explanation).toContain("within 180 days of the original attempt (in force from 2015-09-18)");
  });

  it("never re-presents an ACH debit returned R07 without a new authorization", () => {
    const plan = retrySchedule([returned("d1", "2027-03-10T05:00:00Z", "R07")]);
    expect(plan).toMatchObject({ status: "updatePaymentMethod", retries: [] });
    expect(plan.explanation).toContain("new authorization");
  });

  it("holds a Visa card to 15 retries in any 30 days before 2025-05-25, the rule in force then", () => {
    const plan = retrySchedule([declined("a1", "2024-03-10T00:00:00Z", {}, VISA)], { policy: hours(20, 1) });
    const times = plan.retries.map((r) => Date.parse(r.at));
    expect(times).toHaveLength(20);
    expect(times.slice(0, 15).map((t) => (t - Date.parse("2024-03-10T00:00:00Z")) / HOUR)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    // The 16th waits until the first retry (03-10 01:00) is 30 days old: 04-09 01:00.
    expect(plan.retries[15]?.at).toBe("2024-04-09T01:00:00.000Z");
  });

  it("holds a Visa card to 20 retries in any 30 days from 2025-05-25, when Visa raised the limit", () => {
    const plan = retrySchedule([declined("a1", "2027-03-10T00:00:00Z", {}, VISA)], { policy: hours(25, 1) });
    const times = plan.retries.map((r) => (Date.parse(r.at) - Date.parse("2027-03-10T00:00:00Z")) / HOUR);
    expect(times.slice(0, 20)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    // The 21st waits until the first retry (03-10 01:00) is 30 days old: 04-09 01:00.
    expect(plan.retries[20]?.at).toBe("2027-04-09T01:00:00.000Z");
  });

  it("reads the rule in force on each retry's date: across 2025-05-25 a Visa card moves from 15 to 20", () => {
    // Hourly retries from 2025-05-24 12:00: the 15th falls 05-25 03:00, already under the 20-in-30 rule,
    // so nothing waits: 20 retries in the first 20 hours, the 21st waits 30 days after the first.
    const plan = retrySchedule([declined("a1", "2025-05-24T12:00:00Z", {}, VISA)], { policy: hours(21, 1) });
    expect(plan.retries[19]?.at).toBe("2025-05-25T08:00:00.000Z");
    expect(plan.retries[20]?.at).toBe("2025-06-23T13:00:00.000Z");
    // Ending on 05-24, the same history is held to 15: the 16th retry waits.
    const before = retrySchedule([declined("a1", "2025-05-23T00:00:00Z", {}, VISA)], { policy: hours(16, 1) });
    expect(before.retries[15]?.at).toBe("2025-06-22T01:00:00.000Z");
  });

  it("holds a Mastercard card to 35 retries in 30 days, and a card of unknown network to every card network's rule", () => {
    const mastercard = retrySchedule([declined("a1", "2027-03-10T00:00:00Z", {}, { token: "pm_mc", kind: "card", network: "mastercard" })], { policy: hours(36, 1) });
    expect(mastercard.retries[34]?.at).toBe("2027-03-11T11:00:00.000Z");
    expect(mastercard.retries[35]?.at).toBe("2027-04-09T01:00:00.000Z");
    // Network unknown (the contract does not say): Visa's 20 binds first.
    const unknown = retrySchedule([declined("a1", "2027-03-10T00:00:00Z")], { policy: hours(21, 1) });
    expect(unknown.retries[20]?.at).toBe("2027-04-09T01:00:00.000Z");
  });

  it("lets a user replace the rule sets or add one, as policy data", () => {
    const strict = parseRetryPolicy({
      delaysFrom: "previousAttempt",
      delays: Array.from({ length: 4 }, () => ({ amount: 1, unit: "days" })),
      networkRules: [{ id: "acquirer", appliesTo: { method: "card" }, rules: [{ effectiveFrom: "2026-01-01", maxRetries: 2, windowDays: 30, window: "fromOriginal", source: "our acquirer's contract §4" }] }],
    });
    const plan = retrySchedule([declined("a1", "2027-03-10T00:00:00Z")], { policy: strict });
    expect(plan.retries.map((r) => r.at)).toEqual(["2027-03-11T00:00:00.000Z", "2027-03-12T00:00:00.000Z"]);
    expect(plan.explanation).toContain("acquirer allows 2 retries within 30 days of the original attempt (in force from 2026-01-01)");
    // Before the set's first rule it imposes nothing.
    expect(retrySchedule([declined("a1", "2025-03-10T00:00:00Z")], { policy: strict }).retries).toHaveLength(4);
  });

  it("only counts the attempts on the method being charged", () => {
    const other = declined("x1", "2027-03-09T05:00:00Z", { reason: "insufficientFunds" }, { token: "pm_old", kind: "card" });
    const plan = retrySchedule([other, declined("a1", "2027-03-10T05:00:00Z")]);
    expect(plan.retries.map((r) => r.attempt)).toEqual([2, 3, 4]);
    expect(retrySchedule([other], { paymentMethodToken: CARD.token }).status).toBe("notAttempted");
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

// Histories start around Visa's change of 2025-05-25, so plans cross it.
const START = Date.parse("2025-04-20T00:00:00Z");

const softCard = fc.constantFrom({ reason: "insufficientFunds" } as const, { responseCode: "51", adviceCode: "24" } as const, { responseCode: "05" } as const);
const hardCard = fc.constantFrom({ reason: "stolenCard" } as const, { responseCode: "41" } as const, { responseCode: "51", adviceCode: "03" } as const, { adviceCode: "21" } as const);
const delayList = fc.oneof(
  // Dense: hourly retries that run into the network limits.
  fc.array(fc.record({ amount: fc.integer({ min: 1, max: 30 }), unit: fc.constant("hours" as const) }), { minLength: 10, maxLength: 40 }),
  fc.array(fc.record({ amount: fc.integer({ min: 1, max: 96 }), unit: fc.constantFrom("hours" as const, "days" as const) }), { minLength: 1, maxLength: 40 }),
);
const ms = (d: { amount: number; unit: "hours" | "days" }): number => d.amount * (d.unit === "hours" ? HOUR : DAY);
/** A valid retry policy: gaps as they come, or offsets from the failure made strictly increasing. */
const retryPolicyArb = fc.tuple(delayList, fc.constantFrom("failure" as const, "previousAttempt" as const)).map(([delays, delaysFrom]) => {
  if (delaysFrom === "previousAttempt") return parseRetryPolicy({ delays, delaysFrom });
  let total = 0;
  const offsets = delays.map((d) => {
    total += d.amount;
    return { amount: total, unit: d.unit === "days" || total > 9_000 ? ("days" as const) : ("hours" as const) };
  });
  const increasing = offsets.filter((d, i) => i === 0 || ms(d) > ms(offsets[i - 1] ?? d)).filter((d, i, all) => all.findIndex((e) => ms(e) >= ms(d)) === i);
  return parseRetryPolicy({ delays: increasing, delaysFrom });
});
const network = fc.constantFrom<string | undefined>("visa", "mastercard", undefined);

/** Card history whose attempts are at least `gap` hours apart, so the history itself keeps the limit. */
const cardHistory = fc
  .tuple(fc.array(fc.tuple(fc.integer({ min: 49, max: 400 }), softCard), { minLength: 1, maxLength: 12 }), network)
  .map(([steps, net]) => {
    let at = START;
    const method: PaymentMethodFacts = net === undefined ? CARD : { ...CARD, network: net };
    return steps.map(([gapHours, decline], i) => {
      at += gapHours * HOUR;
      return declined(`a${i}`, new Date(at).toISOString(), decline, method);
    });
  });

const governing = (sets: readonly NetworkRuleSet[], kind: "card" | "ach", net: string | undefined): NetworkRuleSet[] =>
  sets.filter((set) => set.appliesTo.method === kind && (set.appliesTo.networks === undefined || net === undefined || set.appliesTo.networks.includes(net)));

describe("network rule sets", () => {
  it("ship Visa, Mastercard and NACHA with their effective dates and sources", () => {
    expect(DEFAULT_NETWORK_RULE_SETS.map((set) => set.id)).toEqual(["visa", "mastercard", "nacha"]);
    expect(VISA_RETRY_RULES.rules.map((r) => [r.effectiveFrom, r.maxRetries, r.windowDays, r.window])).toEqual([
      ["2021-04-01", 15, 30, "rolling"],
      ["2025-05-25", 20, 30, "rolling"],
    ]);
    expect(MASTERCARD_RETRY_RULES.rules.map((r) => [r.effectiveFrom, r.maxRetries, r.windowDays])).toEqual([["2023-11-01", 35, 30]]);
    expect(NACHA_REINITIATION_RULES.rules.map((r) => [r.maxRetries, r.windowDays, r.window])).toEqual([[2, 180, "fromOriginal"]]);
    for (const set of DEFAULT_NETWORK_RULE_SETS) for (const rule of set.rules) expect(rule.source).toMatch(/https:\/\//);
  });

  it("pick the rule in force on a date: the latest that took effect on or before it", () => {
    expect(ruleInForce(VISA_RETRY_RULES, "2021-03-31")).toBeUndefined();
    expect(ruleInForce(VISA_RETRY_RULES, "2021-04-01")?.maxRetries).toBe(15);
    expect(ruleInForce(VISA_RETRY_RULES, "2025-05-24")?.maxRetries).toBe(15);
    expect(ruleInForce(VISA_RETRY_RULES, "2025-05-25")?.maxRetries).toBe(20);
  });
});

describe("retry schedule properties", () => {
  it("never breaks the rule set in force on a retry's date, and never retries before the last attempt", () => {
    fc.assert(
      fc.property(cardHistory, retryPolicyArb, (history, policy) => {
        const plan = retrySchedule(history, { policy });
        const net = history[0]?.method.network;
        const retries = [...history.slice(1).map((a) => Date.parse(String(a.at))), ...plan.retries.map((r) => Date.parse(r.at))].sort((a, b) => a - b);
        for (const retry of plan.retries) {
          const t = Date.parse(retry.at);
          for (const set of governing(policy.networkRules, "card", net)) {
            const rule = ruleInForce(set, retry.at.slice(0, 10));
            if (rule === undefined) continue;
            const inWindow = retries.filter((r) => r > t - rule.windowDays * DAY && r <= t).length;
            expect(inWindow).toBeLessThanOrEqual(rule.maxRetries);
          }
        }
        const planned = plan.retries.map((r) => Date.parse(r.at));
        planned.forEach((t, i) => expect(t).toBeGreaterThan(i === 0 ? Date.parse(String(history.at(-1)?.at)) : (planned[i - 1] ?? 0)));
      }),
      { numRuns: 1000 },
    );
  });

  it("lands each retry its delay after the failure (delaysFrom failure) or after the attempt before it (previousAttempt) when nothing moves it", () => {
    fc.assert(
      fc.property(retryPolicyArb, fc.integer({ min: 0, max: 400 }), (policy, startHours) => {
        const failedAt = START + startHours * HOUR;
        const plan = retrySchedule([declined("a1", new Date(failedAt).toISOString(), {}, { ...CARD, network: "mastercard" })], {
          policy: { ...policy, networkRules: [] },
        });
        let previous = failedAt;
        plan.retries.forEach((retry, i) => {
          const delay = policy.delays[i];
          if (delay === undefined) throw new Error("more retries than delays");
          const expected = policy.delaysFrom === "failure" ? failedAt + ms(delay) : previous + ms(delay);
          expect(Date.parse(retry.at)).toBe(expected);
          previous = expected;
        });
        expect(plan.retries).toHaveLength(policy.delays.length);
      }),
      { numRuns: 500 },
    );
  });

  it("never retries after a hard decline, wherever it sits in the history", () => {
    fc.assert(
      fc.property(cardHistory, hardCard, fc.nat(), retryPolicyArb, (history, hard, position, policy) => {
        const index = position % history.length;
        const withHard = history.map((a, i) => (i === index ? declined(a.id, String(a.at), hard, a.method) : a));
        const plan = retrySchedule(withHard, { policy });
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
      fc.property(history, retryPolicyArb, (attempts, policy) => {
        const plan = retrySchedule(attempts, { policy });
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
