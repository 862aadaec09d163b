import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toCalendarDate } from "../../src/calendar/index.js";
import { money } from "../../src/money/index.js";
import {
  dunningState,
  dunningTransitions,
  parseTimelinePolicy,
  retrySchedule,
  type DunningState,
  type PaymentAttempt,
  type TimelineFacts,
} from "../../src/timeline/index.js";
import { ACH, CARD, customer, declined, factsArb, invoice } from "./support.js";

const NY = "America/New_York";
const steps = (facts: TimelineFacts) => dunningTransitions(facts).map((t) => `${t.to} ${t.date}`);

describe("dunning", () => {
  it("reproduces the worked example: retries after 1, 8, 4 and 7 days, states at 10, 14 and 21 days past due", () => {
    const policy = parseTimelinePolicy({
      // The example's delays are gaps between attempts.
      retries: { delaysFrom: "previousAttempt", delays: [1, 8, 4, 7].map((amount) => ({ amount, unit: "days" })) },
      dunning: { pastDueAfterDays: 10, delinquentAfterDays: 14, suspension: { enabled: true, afterDays: 21 } },
    });
    const firstFailure = declined("a1", "2021-08-06T14:00:00Z");
    const facts: TimelineFacts = { customer: customer(NY, { autoPay: CARD }), policy, invoices: [invoice("INV-1", "2021-08-06", "120.00", { attempts: [firstFailure] })] };
    const retries = retrySchedule([firstFailure], { policy: policy.retries }).retries.map((r) => toCalendarDate(r.at, NY));
    expect(retries).toEqual(["2021-08-07", "2021-08-15", "2021-08-19", "2021-08-26"]);
    expect(steps(facts).slice(0, 3)).toEqual(["past_due 2021-08-16", "delinquent 2021-08-20", "suspended 2021-08-27"]);
  });

  it("walks the default ladder to the day: past due, delinquent at 30, collections at 60, written off at 180", () => {
    const facts: TimelineFacts = { customer: customer(NY), invoices: [invoice("INV-1", "2021-08-06")] };
    expect(steps(facts)).toEqual(["past_due 2021-08-07", "delinquent 2021-09-05", "collections 2021-10-05", "written_off 2022-02-02"]);
    const transitions = dunningTransitions(facts);
    expect(transitions.map((t) => t.from)).toEqual(["current", "past_due", "delinquent", "collections"]);
    expect(transitions.map((t) => t.daysPastDue)).toEqual([1, 30, 60, 180]);
    expect(transitions[0]?.at).toBe("2021-08-07T04:00:00.000Z");
    expect(transitions[2]?.explanation).toContain("every reminder has gone out");
  });

  it("suspends service only when the policy switches it on, at 45 days by default", () => {
    const policy = parseTimelinePolicy({ dunning: { suspension: { enabled: true } } });
    expect(steps({ customer: customer(NY), policy, invoices: [invoice("INV-1", "2021-08-06")] })).toEqual([
      "past_due 2021-08-07",
      "delinquent 2021-09-05",
      "suspended 2021-09-20",
      "collections 2021-10-05",
      "written_off 2022-02-02",
    ]);
  });

  it("returns to current the moment the overdue balance is paid", () => {
    const paid = invoice("INV-1", "2021-08-06", "120.00", { payments: [{ at: "2021-09-10T18:30:00Z", amount: money("120.00", "USD") }] });
    const facts: TimelineFacts = { customer: customer(NY), invoices: [paid] };
    const transitions = dunningTransitions(facts);
    expect(transitions.map((t) => `${t.from}→${t.to} ${t.date}`)).toEqual(["current→past_due 2021-08-07", "past_due→delinquent 2021-09-05", "delinquent→current 2021-09-10"]);
    expect(transitions[2]).toMatchObject({ reason: "balanceCleared", at: "2021-09-10T18:30:00.000Z", overdueBalance: money("120.00", "USD") });
    expect(dunningState(facts, "2021-09-10T18:29:59Z").state).toBe("delinquent");
    expect(dunningState(facts, "2021-09-10T18:30:00Z")).toMatchObject({ state: "current", since: "2021-09-10", daysPastDue: 0, earliestUnpaidDueDate: null });
  });

  it("recovers when the last overdue invoice is voided", () => {
    const voided = invoice("INV-1", "2021-08-06", "120.00", { voidedAt: "2021-08-20T12:00:00Z" });
    expect(steps({ customer: customer(NY), invoices: [voided] })).toEqual(["past_due 2021-08-07", "current 2021-08-20"]);
  });

  it("counts from the earliest unpaid due date and does not recover on a partial payment", () => {
    const first = invoice("INV-1", "2021-08-06", "50.00", { payments: [{ at: "2021-08-25T15:00:00Z", amount: money("50.00", "USD") }] });
    const second = invoice("INV-2", "2021-08-20", "50.00");
    const facts: TimelineFacts = { customer: customer(NY), invoices: [first, second] };
    // After INV-1 is paid the account stays past due; delinquency counts 30 days from INV-2's due date.
    expect(steps(facts)).toEqual(["past_due 2021-08-07", "delinquent 2021-09-19", "collections 2021-10-19", "written_off 2022-02-16"]);
    expect(dunningState(facts, "2021-09-01T15:00:00Z")).toMatchObject({ state: "past_due", daysPastDue: 12, earliestUnpaidDueDate: "2021-08-20", overdueBalance: money("50.00", "USD") });
  });

  it("hands a small balance to no agency: below the collections minimum it is written off from the step before", () => {
    const policy = parseTimelinePolicy({ dunning: { collections: { minimumBalance: { amount: "200.00", currency: "USD" } } } });
    expect(steps({ customer: customer(NY), policy, invoices: [invoice("INV-1", "2021-08-06", "120.00")] })).toEqual([
      "past_due 2021-08-07",
      "delinquent 2021-09-05",
      "written_off 2022-02-02",
    ]);
    const noWriteOff = parseTimelinePolicy({ dunning: { collections: { minimumBalance: { amount: "200.00", currency: "USD" } }, writeOff: { enabled: false } } });
    expect(steps({ customer: customer(NY), policy: noWriteOff, invoices: [invoice("INV-1", "2021-08-06", "120.00")] })).toEqual(["past_due 2021-08-07", "delinquent 2021-09-05"]);
  });

  it("waits for automated retries to run out before collections", () => {
    const policy = parseTimelinePolicy({ retries: { delays: [{ amount: 40, unit: "days" }, { amount: 80, unit: "days" }] } });
    const facts: TimelineFacts = { customer: customer(NY, { autoPay: CARD }), policy, invoices: [invoice("INV-1", "2021-08-06", "120.00", { attempts: [declined("a1", "2021-08-06T14:00:00Z")] })] };
    // Retries 40 and 80 days after the failure of 2021-08-06: the last on 2021-10-25; collections waits until the day after.
    expect(steps(facts)).toEqual(["past_due 2021-08-07", "delinquent 2021-09-05", "collections 2021-10-26", "written_off 2022-02-02"]);
  });

  it("waits for the last reminder before collections", () => {
    const policy = parseTimelinePolicy({ reminders: { steps: [{ offsetDays: 0, tone: "due" }, { offsetDays: 75, tone: "urgent" }] } });
    expect(steps({ customer: customer(NY), policy, invoices: [invoice("INV-1", "2021-08-06")] })).toContain("collections 2021-10-21");
  });

  it("sends no disputed invoice to collections until the dispute closes", () => {
    const disputed = invoice("INV-1", "2021-08-06", "120.00", { disputes: [{ openedAt: "2021-09-20T12:00:00Z", closedAt: "2021-11-02T15:00:00Z" }] });
    expect(steps({ customer: customer(NY), invoices: [disputed] })).toEqual(["past_due 2021-08-07", "delinquent 2021-09-05", "collections 2021-11-03", "written_off 2022-02-02"]);
  });

  it("escalates nothing while a payment is in flight", () => {
    const clearing: PaymentAttempt = { id: "d1", at: "2021-09-03T15:00:00Z", method: ACH, origin: "customer", outcome: { kind: "returned", returnCode: "R01" }, outcomeAt: "2021-09-08T15:00:00Z" };
    expect(steps({ customer: customer(NY), invoices: [invoice("INV-1", "2021-08-06", "120.00", { attempts: [clearing] })] }).slice(0, 2)).toEqual([
      "past_due 2021-08-07",
      "delinquent 2021-09-09",
    ]);
    const stuck: PaymentAttempt = { id: "d1", at: "2021-09-03T15:00:00Z", method: ACH, origin: "customer", outcome: { kind: "unknown" } };
    expect(steps({ customer: customer(NY), invoices: [invoice("INV-1", "2021-08-06", "120.00", { attempts: [stuck] })] })).toEqual(["past_due 2021-08-07"]);
  });

  it("says where an account stands on any day", () => {
    const facts: TimelineFacts = { customer: customer(NY), invoices: [invoice("INV-1", "2021-08-06")] };
    expect(dunningState(facts, "2021-08-06T20:00:00Z")).toMatchObject({ state: "current", since: null, daysPastDue: 0 });
    expect(dunningState(facts, "2021-08-20T15:00:00Z")).toMatchObject({ state: "past_due", since: "2021-08-07", daysPastDue: 14, earliestUnpaidDueDate: "2021-08-06" });
    expect(dunningState(facts, "2021-10-05T03:59:59Z").state).toBe("delinquent");
    expect(dunningState(facts, "2021-10-05T04:00:00Z").state).toBe("collections");
    expect(dunningState({ customer: customer(NY) }, "2021-10-05T04:00:00Z")).toEqual({ state: "current", since: null, daysPastDue: 0, earliestUnpaidDueDate: null, overdueBalance: null });
  });
});

const ORDER: readonly DunningState[] = ["current", "past_due", "delinquent", "suspended", "collections", "written_off"];

describe("dunning properties", () => {
  it("never reaches collections before every earlier step, and escalates one step at a time", () => {
    fc.assert(
      fc.property(factsArb, ({ facts }) => {
        const policy = facts.policy ?? parseTimelinePolicy({});
        const ladder: DunningState[] = ["current", "past_due", "delinquent", ...(policy.dunning.suspension.enabled ? (["suspended"] as const) : []), "collections"];
        const transitions = dunningTransitions(facts);
        let episode: DunningState[] = ["current"];
        let lastDate = "";
        for (const t of transitions) {
          expect(t.date >= lastDate).toBe(true);
          expect(t.from).toBe(episode.at(-1));
          if (t.to === "current") {
            expect(t.reason).toBe("balanceCleared");
            episode = ["current"];
          } else {
            expect(t.reason).toBe("daysPastDue");
            expect(t.date > lastDate).toBe(true);
            expect(ORDER.indexOf(t.to)).toBeGreaterThan(ORDER.indexOf(t.from));
            if (t.to === "collections") {
              expect(episode).toEqual(ladder.slice(0, -1));
              expect(t.daysPastDue).toBeGreaterThanOrEqual(policy.dunning.collections.afterDays);
              const minimum = policy.dunning.collections.minimumBalance;
              if (minimum !== null) expect(t.overdueBalance.minor).toBeGreaterThanOrEqual(minimum.minor);
            } else if (t.to !== "written_off") {
              expect(t.to).toBe(ladder[episode.length]);
            }
            episode = [...episode, t.to];
          }
          lastDate = t.date;
        }
      }),
      { numRuns: 1000 },
    );
  });
});
