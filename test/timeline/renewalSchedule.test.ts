import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/errors/index.js";
import { money } from "../../src/money/index.js";
import { NEW_YORK_RENEWAL_NOTICE, parseTimelinePolicy, renewalSchedule, renewedTerm, type ContractFacts, type TimelineAction } from "../../src/timeline/index.js";
import { codesOf, customer, thrown } from "./support.js";

const NY = "America/New_York";
const fixed: ContractFacts = { id: "K-1", start: "2024-06-01", end: "2027-06-01", renewal: "fixedTerm" };
const automatic: ContractFacts = { id: "K-2", start: "2026-06-01", end: "2027-06-01", renewal: "automatic" };

function summary(actions: readonly TimelineAction[]): string[] {
  return actions.map((a) => {
    switch (a.kind) {
      case "message":
        return `${a.date} ${a.template}`;
      case "task":
        return `${a.date} task ${a.task}`;
      case "renewContract":
        return `${a.date} renew ${a.term.start}→${a.term.end} (${a.trigger})`;
      case "endService":
        return `${a.date} endService (${a.reason})`;
      case "charge":
      case "lateFee":
      case "dunningTransition":
        return `${a.date} ${a.kind}`;
    }
  });
}

describe("renewal schedule", () => {
  it("offers renewal 90 days before the end, follows up at 60 and 30, and alerts sales at 30", () => {
    const actions = renewalSchedule(fixed, { customer: customer(NY), asOf: "2027-01-01T00:00:00Z" });
    expect(summary(actions)).toEqual(["2027-03-03 renewalOffer", "2027-04-02 renewalFollowUp", "2027-05-02 renewalFollowUp", "2027-05-02 task salesOutreach"]);
    expect(actions.map((a) => a.at)).toEqual(["2027-03-03T13:00:00.000Z", "2027-04-02T12:00:00.000Z", "2027-05-02T12:00:00.000Z", "2027-05-02T12:00:00.000Z"]);
    expect(actions.map((a) => a.key)).toEqual([
      "contract:K-1:2027-06-01:offer:email",
      "contract:K-1:2027-06-01:followUp:60:email",
      "contract:K-1:2027-06-01:followUp:30:email",
      "contract:K-1:2027-06-01:salesOutreach",
    ]);
  });

  it("renews into a new term at the escalated price when the customer accepts, and stops asking", () => {
    const accepted: ContractFacts = {
      ...fixed,
      recurringPrice: money("39.99", "USD"),
      renewalPrice: money("41.19", "USD"),
      response: { decision: "accepted", at: "2027-04-10T15:00:00Z" },
    };
    const actions = renewalSchedule(accepted, { customer: customer(NY), asOf: "2027-04-10T16:00:00Z" });
    expect(summary(actions)).toEqual(["2027-03-03 renewalOffer", "2027-04-02 renewalFollowUp", "2027-04-10 renew 2027-06-01→2028-06-01 (accepted)"]);
    const renew = actions.find((a) => a.kind === "renewContract");
    expect(renew).toMatchObject({ at: "2027-04-10T15:00:00.000Z", term: { start: "2027-06-01", end: "2028-06-01", recurringPrice: money("41.19", "USD") } });
  });

  it("schedules the end of service when the customer declines", () => {
    const declined: ContractFacts = { ...fixed, response: { decision: "declined", at: "2027-03-20T15:00:00Z" } };
    const actions = renewalSchedule(declined, { customer: customer(NY), asOf: "2027-03-21T00:00:00Z" });
    expect(summary(actions)).toEqual(["2027-03-03 renewalOffer", "2027-06-01 endService (declined)"]);
    expect(actions.at(-1)?.at).toBe("2027-06-01T04:00:00.000Z");
  });

  it("sends the automatic-renewal notice on the first day of California's window and renews at the end", () => {
    const actions = renewalSchedule(automatic, { customer: customer(NY), asOf: "2027-04-01T00:00:00Z" });
    expect(summary(actions)).toEqual(["2027-04-17 renewalNotice", "2027-06-01 renew 2027-06-01→2028-06-01 (automatic)"]);
  });

  it("counts New York's window back from the cancellation deadline", () => {
    const policy = parseTimelinePolicy({ renewals: { autoRenewal: { notice: NEW_YORK_RENEWAL_NOTICE } } });
    // Deadline 30 days before the end (2027-05-02); window 30 to 15 days before it.
    expect(summary(renewalSchedule(automatic, { customer: customer(NY), policy, asOf: "2027-03-01T00:00:00Z" }))[0]).toBe("2027-04-02 renewalNotice");
    const missed = renewalSchedule(automatic, { customer: customer(NY), policy, asOf: "2027-04-18T12:00:00Z" });
    expect(summary(missed)).toEqual(["2027-04-18 task renewalNoticeMissed"]);
  });

  it("flags a contract whose renewal notice was not sent in time instead of renewing it silently", () => {
    const actions = renewalSchedule(automatic, { customer: customer(NY), asOf: "2027-05-18T12:00:00Z" });
    expect(summary(actions)).toEqual(["2027-05-18 task renewalNoticeMissed"]);
    expect(actions.some((a) => a.kind === "renewContract")).toBe(false);
    const sentTooEarly = renewalSchedule({ ...automatic, renewalNoticeSentAt: "2027-03-01T15:00:00Z" }, { customer: customer(NY), asOf: "2027-05-18T12:00:00Z" });
    expect(summary(sentTooEarly)).toEqual(["2027-05-18 task renewalNoticeMissed"]);
  });

  it("renews quietly once the notice went out in its window", () => {
    const sent = renewalSchedule({ ...automatic, renewalNoticeSentAt: "2027-04-20T15:00:00Z" }, { customer: customer(NY), asOf: "2027-05-18T12:00:00Z" });
    expect(summary(sent)).toEqual(["2027-06-01 renew 2027-06-01→2028-06-01 (automatic)"]);
  });

  it("ends service when an automatic renewal is cancelled by the deadline, and renews when it is cancelled too late", () => {
    const inTime = renewalSchedule({ ...automatic, cancelledAt: "2027-05-02T20:00:00Z" }, { customer: customer(NY), asOf: "2027-05-03T00:00:00Z" });
    expect(summary(inTime)).toEqual(["2027-06-01 endService (cancelled)"]);
    const tooLate = renewalSchedule(
      { ...automatic, cancelledAt: "2027-05-03T20:00:00Z", renewalNoticeSentAt: "2027-04-20T15:00:00Z" },
      { customer: customer(NY), asOf: "2027-05-04T00:00:00Z" },
    );
    expect(summary(tooLate)).toEqual(["2027-06-01 renew 2027-06-01→2028-06-01 (automatic)"]);
  });

  it("announces a price increase at least 30 days ahead, and renews at the current price when that was missed", () => {
    const dearer: ContractFacts = { ...automatic, recurringPrice: money("39.99", "USD"), renewalPrice: money("42.99", "USD"), renewalNoticeSentAt: "2027-04-17T14:00:00Z" };
    expect(summary(renewalSchedule(dearer, { customer: customer(NY), asOf: "2027-04-01T00:00:00Z" }))).toEqual([
      "2027-04-17 priceIncreaseNotice",
      "2027-06-01 renew 2027-06-01→2028-06-01 (automatic)",
    ]);
    const late = renewalSchedule(dearer, { customer: customer(NY), asOf: "2027-05-03T12:00:00Z" });
    expect(summary(late)).toEqual(["2027-05-03 task priceIncreaseNoticeMissed", "2027-06-01 renew 2027-06-01→2028-06-01 (automatic)"]);
    expect(late.find((a) => a.kind === "renewContract")).toMatchObject({ term: { recurringPrice: money("39.99", "USD") } });
    const announced = renewalSchedule({ ...dearer, priceIncreaseNoticeSentAt: "2027-04-17T14:00:00Z" }, { customer: customer(NY), asOf: "2027-05-03T12:00:00Z" });
    expect(announced.find((a) => a.kind === "renewContract")).toMatchObject({ term: { recurringPrice: money("42.99", "USD") } });
  });

  it("builds the next term from the anchor, for the policy's or the contract's length", () => {
    const monthEnd: ContractFacts = { id: "K-3", start: "2026-01-31", end: "2027-01-31", renewal: "fixedTerm", recurringPrice: money("30.00", "USD") };
    expect(renewedTerm(monthEnd)).toEqual({ start: "2027-01-31", end: "2028-01-31", recurringPrice: money("30.00", "USD") });
    expect(renewedTerm(monthEnd, { termMonths: 1 }).end).toBe("2027-02-28");
    expect(renewedTerm({ ...monthEnd, renewalTermMonths: 36 }).end).toBe("2030-01-31");
    expect(renewedTerm({ ...monthEnd, renewalPrice: money("31.00", "USD") }, { price: "current" }).recurringPrice).toEqual(money("30.00", "USD"));
  });

  it("keeps the start's day through a short month: a monthly term from Jan 31 that ended Feb 28 renews to Mar 31", () => {
    const monthly: ContractFacts = { id: "K-4", start: "2027-01-31", end: "2027-02-28", renewal: "fixedTerm", renewalTermMonths: 1 };
    expect(renewedTerm(monthly)).toEqual({ start: "2027-02-28", end: "2027-03-31" });
    expect(renewedTerm({ ...monthly, end: "2027-04-30" }).end).toBe("2027-05-31");
    expect(renewedTerm({ ...monthly, start: "2027-01-29", end: "2027-02-28" }).end).toBe("2027-03-29");
    // A term that does not end on its start's day counts from its own end.
    expect(renewedTerm({ ...monthly, start: "2027-01-15", end: "2027-02-28" }).end).toBe("2027-03-28");
  });

  it("refuses a term that ends before it starts", () => {
    const error = thrown(() => renewalSchedule({ ...fixed, end: "2024-06-01" }, { customer: customer(NY), asOf: "2027-01-01T00:00:00Z" }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(codesOf(error as ValidationError)).toEqual([["contracts.K-1.end", "end_before_start"]]);
  });
});
