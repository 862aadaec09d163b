import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { money } from "../../src/money/index.js";
import {
  DEFAULT_TIMELINE_POLICY,
  ruleInForce,
  classifyAchReturn,
  classifyDecline,
  nextActions,
  parseTimelinePolicy,
  type ChargeAction,
  type InvoiceFacts,
  type TimelineAction,
  type TimelineFacts,
} from "../../src/timeline/index.js";
import { validationErrorOf } from "../support/errors.js";
import { CARD, contactBoth, customer, DAY, declined, factsArb, invoice, keysOf, stopOf, wallClock } from "./support.js";

const NY = "America/New_York";

describe("next actions", () => {
  it("merges reminders, dunning and renewals into one dated list in time order", () => {
    const facts: TimelineFacts = {
      customer: customer(NY),
      invoices: [invoice("INV-1", "2027-03-10")],
      contracts: [{ id: "K-1", start: "2026-06-01", end: "2027-06-01", renewal: "fixedTerm" }],
    };
    expect(nextActions(facts, "2027-03-01T12:00:00Z").map((a) => `${a.date} ${a.key}`)).toEqual([
      "2027-03-03 contract:K-1:2027-06-01:offer:email",
      "2027-03-07 invoice:INV-1:reminder:-3:email",
      "2027-03-10 invoice:INV-1:reminder:0:email",
      "2027-03-11 account:C-1:dunning:2027-03-11:past_due",
      "2027-03-15 invoice:INV-1:reminder:5:email",
      "2027-03-20 invoice:INV-1:reminder:10:email",
      "2027-04-02 contract:K-1:2027-06-01:followUp:60:email",
      "2027-04-09 account:C-1:dunning:2027-04-09:delinquent",
      "2027-04-09 account:C-1:dunning:2027-04-09:delinquent:email",
      "2027-05-02 contract:K-1:2027-06-01:followUp:30:email",
      "2027-05-02 contract:K-1:2027-06-01:salesOutreach",
      "2027-05-09 account:C-1:dunning:2027-05-09:collections",
      "2027-09-06 account:C-1:dunning:2027-09-06:written_off",
    ]);
  });

  it("keeps only the latest reminder already due, and everything still to come", () => {
    const facts: TimelineFacts = { customer: customer(NY), invoices: [invoice("INV-1", "2027-03-10")] };
    const keys = keysOf(nextActions(facts, "2027-03-16T12:00:00Z")).filter((k) => k.includes("reminder"));
    expect(keys).toEqual(["invoice:INV-1:reminder:5:email", "invoice:INV-1:reminder:10:email"]);
  });

  it("drops an upcoming-charge notice once the due date has come, but keeps a charge not yet made", () => {
    const facts: TimelineFacts = { customer: customer(NY, { autoPay: CARD }), invoices: [invoice("INV-1", "2027-03-10")] };
    expect(keysOf(nextActions(facts, "2027-03-09T12:00:00Z")).slice(0, 2)).toEqual(["invoice:INV-1:upcomingCharge:-3:email", "invoice:INV-1:charge:pm_card:1"]);
    expect(keysOf(nextActions(facts, "2027-03-10T12:00:00Z"))[0]).toBe("invoice:INV-1:charge:pm_card:1");
  });

  it("does not send a final notice for a delinquency the customer has already paid off", () => {
    const paidLate = invoice("INV-1", "2027-03-10", "120.00", { payments: [{ at: "2027-04-12T15:00:00Z", amount: money("120.00", "USD") }] });
    const facts: TimelineFacts = { customer: customer(NY), invoices: [paidLate] };
    expect(keysOf(nextActions(facts, "2027-04-10T12:00:00Z"))).toContain("account:C-1:dunning:2027-04-09:delinquent:email");
    const after = keysOf(nextActions(facts, "2027-04-13T12:00:00Z"));
    expect(after).not.toContain("account:C-1:dunning:2027-04-09:delinquent:email");
    expect(after).toContain("account:C-1:dunning:2027-04-12:current");
  });

  it("drops reminders and charges not yet made once the invoice is paid, but keeps a fee it incurred", () => {
    const policy = parseTimelinePolicy({ lateFees: { charge: { kind: "fixed", amount: { amount: "10.00", currency: "USD" } } } });
    const paid = invoice("INV-1", "2027-03-10", "120.00", { payments: [{ at: "2027-03-25T15:00:00Z", amount: money("120.00", "USD") }] });
    const facts: TimelineFacts = { customer: customer(NY, { autoPay: CARD }), policy, invoices: [paid] };
    expect(keysOf(nextActions(facts, "2027-03-24T12:00:00Z")).filter((k) => k.startsWith("invoice"))).toEqual(["invoice:INV-1:charge:pm_card:1", "invoice:INV-1:lateFee:2027-03-21"]);
    expect(keysOf(nextActions(facts, "2027-03-26T12:00:00Z")).filter((k) => k.startsWith("invoice"))).toEqual(["invoice:INV-1:lateFee:2027-03-21"]);
  });

  it("drops renewal messages and the sales alert once the term has ended, but keeps the renewal", () => {
    const facts: TimelineFacts = { customer: customer(NY), contracts: [{ id: "K-1", start: "2026-06-01", end: "2027-06-01", renewal: "fixedTerm", response: { decision: "accepted", at: "2027-06-03T15:00:00Z" } }] };
    expect(nextActions(facts, "2027-06-05T12:00:00Z").map((a) => a.kind)).toEqual(["renewContract"]);
  });

  it("lists a late fee with its explanation on the day after the grace period", () => {
    const policy = parseTimelinePolicy({ lateFees: { charge: { kind: "percentage", percent: "1.5" }, minimum: { amount: "5.00", currency: "USD" } } });
    const facts: TimelineFacts = { customer: customer(NY), policy, invoices: [invoice("INV-1", "2027-03-10", "21.33")] };
    const fee = nextActions(facts, "2027-03-01T12:00:00Z").find((a) => a.kind === "lateFee");
    expect(fee).toMatchObject({ key: "invoice:INV-1:lateFee:2027-03-21", date: "2027-03-21", fee: { amount: money("5.00", "USD") } });
  });

  it("lists each action once even when the facts repeat an invoice", () => {
    const one = invoice("INV-1", "2027-03-10");
    const facts: TimelineFacts = { customer: customer(NY), invoices: [one, one] };
    const keys = keysOf(nextActions(facts, "2027-03-01T12:00:00Z"));
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toEqual(keysOf(nextActions({ ...facts, invoices: [one] }, "2027-03-01T12:00:00Z")));
  });

  it("gives the same keys whatever the moment it is asked", () => {
    const facts: TimelineFacts = { customer: customer(NY, { autoPay: CARD, contact: contactBoth(true) }), invoices: [invoice("INV-1", "2027-03-10", "120.00", { attempts: [declined("a1", "2027-03-10T05:00:00Z")] })] };
    const early = new Map(nextActions(facts, "2027-03-10T06:00:00Z").map((a) => [a.key, a]));
    for (const later of nextActions(facts, "2027-03-13T06:00:00Z")) {
      const same = early.get(later.key);
      if (same !== undefined) expect(later).toEqual(same);
    }
    expect(keysOf(nextActions(facts, "2027-03-13T06:00:00Z"))).toContain("invoice:INV-1:charge:pm_card:3");
  });

  it("escapes ids so that keys cannot collide", () => {
    const facts: TimelineFacts = { customer: customer(NY), invoices: [invoice("A:1", "2027-03-10")] };
    expect(keysOf(nextActions(facts, "2027-03-01T12:00:00Z"))[0]).toBe("invoice:A%3A1:reminder:-3:email");
  });
});

// ---------------------------------------------------------------------------------------------
// Properties over any facts

function shuffled<T>(items: readonly T[] | undefined, seed: number): T[] {
  const out = [...(items ?? [])];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    const a = out[i] as T;
    out[i] = out[j] as T;
    out[j] = a;
  }
  return out;
}

function reordered(facts: TimelineFacts, seed: number): TimelineFacts {
  return {
    ...facts,
    invoices: shuffled(facts.invoices, seed).map(
      (inv): InvoiceFacts => ({ ...inv, payments: shuffled(inv.payments, seed + 1), attempts: shuffled(inv.attempts, seed + 2) }),
    ),
    contracts: shuffled(facts.contracts, seed + 3),
  };
}

const atOf = (action: TimelineAction): number => Date.parse(action.at);

describe("next actions properties", () => {
  it("lists actions in time order, each key once", () => {
    fc.assert(
      fc.property(factsArb, ({ facts, asOf }) => {
        const actions = nextActions(facts, asOf);
        for (let i = 1; i < actions.length; i++) {
          const before = actions[i - 1] as TimelineAction;
          const after = actions[i] as TimelineAction;
          expect(atOf(before)).toBeLessThanOrEqual(atOf(after));
          expect(before.date <= after.date).toBe(true);
        }
        expect(new Set(keysOf(actions)).size).toBe(actions.length);
        for (const action of actions) expect(action.date).toBe(wallClock(action.at, facts.customer.timeZone)[0]);
      }),
      { numRuns: 1000 },
    );
  });

  it("schedules nothing about an invoice after it is paid or voided", () => {
    fc.assert(
      fc.property(factsArb, ({ facts, asOf }) => {
        const stops = new Map((facts.invoices ?? []).map((inv) => [inv.id, stopOf(inv)]));
        for (const action of nextActions(facts, asOf)) {
          if (action.about.kind !== "invoice") continue;
          expect(atOf(action)).toBeLessThan(stops.get(action.about.id) ?? Number.NaN);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("sends no SMS without consent and no message outside the send window", () => {
    fc.assert(
      fc.property(factsArb, ({ facts, asOf }) => {
        const { contact, timeZone, bouncedChannels } = facts.customer;
        const window = (facts.policy ?? parseTimelinePolicy({})).messaging.sendWindow;
        for (const action of nextActions(facts, asOf)) {
          if (action.kind !== "message") continue;
          expect(facts.customer.channels ?? ["email"]).toEqual(expect.arrayContaining(action.channel === "portal" ? ["portal"] : []));
          if (action.channel === "sms") {
            expect(contact.smsConsent).toBe(true);
            expect(contact.phone).toBeDefined();
            expect(bouncedChannels ?? []).not.toContain("sms");
          }
          const time = wallClock(action.at, timeZone)[1];
          expect(time >= window.opens && time < window.closes).toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("gives the same actions and keys for the same facts, in whatever order they are listed", () => {
    fc.assert(
      fc.property(factsArb, fc.nat(), ({ facts, asOf }, seed) => {
        const first = nextActions(facts, asOf);
        expect(nextActions(facts, asOf)).toEqual(first);
        expect(nextActions(reordered(facts, seed), asOf)).toEqual(first);
      }),
      { numRuns: 1000 },
    );
  });

  it("never charges a card more often than the network rules in force on each retry's date allow, never after a hard decline, and never re-presents ACH more than twice in 180 days", () => {
    fc.assert(
      fc.property(factsArb, ({ facts, asOf }) => {
        const charges = nextActions(facts, asOf).filter((a): a is ChargeAction => a.kind === "charge");
        for (const inv of facts.invoices ?? []) {
          const automatic = (inv.attempts ?? []).filter((a) => (a.origin ?? "automatic") === "automatic");
          for (const method of new Set(charges.filter((c) => c.about.id === inv.id).map((c) => c.paymentMethodToken))) {
            const history = automatic.filter((a) => a.method.token === method).sort((a, b) => Date.parse(String(a.at)) - Date.parse(String(b.at)));
            const planned = charges.filter((c) => c.about.id === inv.id && c.paymentMethodToken === method && c.reason === "retry");
            const hard = history.some((a) =>
              a.outcome.kind === "declined" ? classifyDecline(a.outcome.decline).kind === "hard" : a.outcome.kind === "returned" && classifyAchReturn(a.outcome.returnCode).kind === "hard",
            );
            if (hard) expect(planned).toEqual([]);
            const kind = planned[0]?.method;
            if (kind === "card") {
              const times = [...history.slice(1).map((a) => Date.parse(String(a.at))), ...planned.map(atOf)];
              const sets = (facts.policy ?? DEFAULT_TIMELINE_POLICY).retries.networkRules.filter((set) => set.appliesTo.method === "card");
              for (const p of planned.map(atOf)) {
                for (const set of sets) {
                  const rule = ruleInForce(set, new Date(p).toISOString().slice(0, 10));
                  if (rule !== undefined) expect(times.filter((t) => t > p - rule.windowDays * DAY && t <= p).length).toBeLessThanOrEqual(rule.maxRetries);
                }
              }
            }
            if (kind === "ach") {
              const original = Date.parse(String(history[0]?.at));
              expect(history.length - 1 + planned.length).toBeLessThanOrEqual(Math.max(2, history.length - 1));
              for (const p of planned) expect(atOf(p) - original).toBeLessThanOrEqual(180 * DAY);
            }
          }
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("answers the same whatever the process's own time zone", () => {
    const facts: TimelineFacts = {
      customer: customer("Australia/Lord_Howe", { autoPay: CARD, contact: contactBoth(true) }),
      invoices: [invoice("INV-1", "2027-04-04", "120.00", { attempts: [declined("a1", "2027-04-03T13:30:00Z")] })],
      contracts: [{ id: "K-1", start: "2026-10-04", end: "2027-10-04", renewal: "automatic" }],
    };
    const original = process.env["TZ"];
    try {
      process.env["TZ"] = "Pacific/Kiritimati";
      const far = nextActions(facts, "2027-04-01T00:00:00Z");
      process.env["TZ"] = "America/Los_Angeles";
      expect(nextActions(facts, "2027-04-01T00:00:00Z")).toEqual(far);
    } finally {
      if (original === undefined) delete process.env["TZ"];
      else process.env["TZ"] = original;
    }
  });
});

describe("next actions: one currency", () => {
  it("refuses a policy whose amounts are in another currency than the account's invoices, naming each", () => {
    const policy = parseTimelinePolicy({
      lateFees: { charge: { kind: "fixed", amount: { amount: "5.00", currency: "EUR" } } },
      dunning: { collections: { minimumBalance: { amount: "100.00", currency: "EUR" } } },
    });
    const facts: TimelineFacts = { customer: customer(NY), invoices: [invoice("INV-1", "2027-03-10")], policy };
    const error = validationErrorOf(() => nextActions(facts, "2027-03-01T12:00:00Z"));
    expect(error.issues.map((i) => [i.path.join("."), i.code])).toEqual([
      ["policy.lateFees.charge.amount", "currency_mismatch"],
      ["policy.dunning.collections.minimumBalance", "currency_mismatch"],
    ]);
  });

  it("refuses invoices of one account in two currencies", () => {
    const facts: TimelineFacts = { customer: customer(NY), invoices: [invoice("INV-1", "2027-03-10"), { id: "INV-2", dueDate: "2027-04-10", total: money("80.00", "CAD") }] };
    const error = validationErrorOf(() => nextActions(facts, "2027-03-01T12:00:00Z"));
    expect(error.issues.map((i) => [i.path.join("."), i.code])).toEqual([["invoices.1.total.currency", "currency_mismatch"]]);
  });
});
