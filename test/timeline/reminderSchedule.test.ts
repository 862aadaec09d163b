import { describe, expect, it } from "vitest";
import { money } from "../../src/money/index.js";
import { parseTimelinePolicy, reminderSchedule, type MessageAction, type PaymentAttempt } from "../../src/timeline/index.js";
import { ACH, CARD, contactBoth, customer, declined, invoice, wallClock } from "./support.js";

const NY = "America/New_York";

function messages(actions: readonly { kind: string }[]): MessageAction[] {
  return actions.filter((a): a is MessageAction => a.kind === "message");
}

describe("reminder schedule", () => {
  it("sends the seed's four reminders to the day, at 08:00 on the customer's clock", () => {
    const actions = messages(reminderSchedule(invoice("INV-1", "2027-03-10"), { customer: customer(NY) }));
    expect(actions.map((a) => a.date)).toEqual(["2027-03-07", "2027-03-10", "2027-03-15", "2027-03-20"]);
    expect(actions.map((a) => a.tone)).toEqual(["courtesy", "due", "friendly", "urgent"]);
    expect(actions.map((a) => a.template)).toEqual(["paymentReminder", "paymentReminder", "paymentReminder", "paymentReminder"]);
    // New York moves to daylight time on 2027-03-14: 08:00 is 13:00Z before, 12:00Z after.
    expect(actions.map((a) => a.at)).toEqual(["2027-03-07T13:00:00.000Z", "2027-03-10T13:00:00.000Z", "2027-03-15T12:00:00.000Z", "2027-03-20T12:00:00.000Z"]);
    expect(actions.map((a) => a.key)).toEqual([
      "invoice:INV-1:reminder:-3:email",
      "invoice:INV-1:reminder:0:email",
      "invoice:INV-1:reminder:5:email",
      "invoice:INV-1:reminder:10:email",
    ]);
  });

  it("dates reminders in the customer's own time zone", () => {
    const actions = reminderSchedule(invoice("INV-1", "2027-03-10"), { customer: customer("Asia/Tokyo") });
    expect(actions.map((a) => a.date)).toEqual(["2027-03-07", "2027-03-10", "2027-03-15", "2027-03-20"]);
    expect(actions[0]?.at).toBe("2027-03-06T23:00:00.000Z");
  });

  it("stops the moment the invoice is paid", () => {
    const paid = invoice("INV-1", "2027-03-10", "120.00", { payments: [{ at: "2027-03-12T15:00:00Z", amount: money("120.00", "USD") }] });
    expect(reminderSchedule(paid, { customer: customer(NY) }).map((a) => a.date)).toEqual(["2027-03-07", "2027-03-10"]);
  });

  it("keeps reminding after a partial payment", () => {
    const partly = invoice("INV-1", "2027-03-10", "120.00", { payments: [{ at: "2027-03-12T15:00:00Z", amount: money("100.00", "USD") }] });
    expect(reminderSchedule(partly, { customer: customer(NY) })).toHaveLength(4);
  });

  it("stops when the invoice is voided", () => {
    const voided = invoice("INV-1", "2027-03-10", "120.00", { voidedAt: "2027-03-09T12:00:00Z" });
    expect(reminderSchedule(voided, { customer: customer(NY) }).map((a) => a.date)).toEqual(["2027-03-07"]);
  });

  it("holds reminders while a payment is processing and resumes if it fails", () => {
    const clearing: PaymentAttempt = { id: "d1", at: "2027-03-09T15:00:00Z", method: ACH, origin: "customer", outcome: { kind: "processing" } };
    expect(reminderSchedule(invoice("INV-1", "2027-03-10", "120.00", { attempts: [clearing] }), { customer: customer(NY) }).map((a) => a.date)).toEqual(["2027-03-07"]);
    const bounced: PaymentAttempt = { ...clearing, outcome: { kind: "returned", returnCode: "R01" }, outcomeAt: "2027-03-13T15:00:00Z" };
    expect(reminderSchedule(invoice("INV-1", "2027-03-10", "120.00", { attempts: [bounced] }), { customer: customer(NY) }).map((a) => a.date)).toEqual([
      "2027-03-07",
      "2027-03-15",
      "2027-03-20",
    ]);
  });

  it("sends no reminder while the invoice is disputed", () => {
    const disputed = invoice("INV-1", "2027-03-10", "120.00", { disputes: [{ openedAt: "2027-03-08T12:00:00Z", closedAt: "2027-03-16T12:00:00Z" }] });
    expect(reminderSchedule(disputed, { customer: customer(NY) }).map((a) => a.date)).toEqual(["2027-03-07", "2027-03-20"]);
  });

  it("skips a reminder that would fall before the invoice was issued", () => {
    const late = invoice("INV-1", "2027-03-10", "120.00", { issueDate: "2027-03-08" });
    expect(reminderSchedule(late, { customer: customer(NY) }).map((a) => a.date)).toEqual(["2027-03-10", "2027-03-15", "2027-03-20"]);
  });

  it("gives auto-pay customers an upcoming-charge notice instead of payment requests", () => {
    const actions = messages(reminderSchedule(invoice("INV-1", "2027-03-10"), { customer: customer(NY, { autoPay: CARD }) }));
    expect(actions.map((a) => [a.date, a.template, a.tone])).toEqual([["2027-03-07", "upcomingCharge", "courtesy"]]);
    expect(actions[0]?.key).toBe("invoice:INV-1:upcomingCharge:-3:email");
  });

  it("lets the failure path speak while retries run, then sends the remaining reminders", () => {
    const softFailure = invoice("INV-1", "2027-03-10", "120.00", { attempts: [declined("a1", "2027-03-10T05:00:00Z")] });
    // Retries on 03-11, 03-13 and 03-17 (days 1, 3 and 7 after the failure): the +5 reminder (03-15)
    // falls inside the recovery; the +10 one (03-20) comes after it.
    expect(messages(reminderSchedule(softFailure, { customer: customer(NY, { autoPay: CARD }) })).map((a) => [a.date, a.template])).toEqual([
      ["2027-03-07", "upcomingCharge"],
      ["2027-03-20", "paymentReminder"],
    ]);
    const hardFailure = invoice("INV-1", "2027-03-10", "120.00", { attempts: [declined("a1", "2027-03-10T05:00:00Z", { reason: "stolenCard" })] });
    expect(messages(reminderSchedule(hardFailure, { customer: customer(NY, { autoPay: CARD }) })).map((a) => [a.date, a.template])).toEqual([
      ["2027-03-07", "upcomingCharge"],
      ["2027-03-10", "paymentReminder"],
      ["2027-03-15", "paymentReminder"],
      ["2027-03-20", "paymentReminder"],
    ]);
  });

  it("never texts without consent and falls back to email", () => {
    const noConsent = messages(reminderSchedule(invoice("INV-1", "2027-03-10"), { customer: customer(NY, { contact: contactBoth(false) }) }));
    expect(noConsent.map((a) => a.channel)).toEqual(["email", "email", "email", "email"]);
    const consent = messages(reminderSchedule(invoice("INV-1", "2027-03-10"), { customer: customer(NY, { contact: contactBoth(true) }) }));
    expect(consent.map((a) => a.channel)).toEqual(["sms", "sms", "sms", "sms"]);
    const everywhere = parseTimelinePolicy({ reminders: { channels: "all" } });
    const both = messages(reminderSchedule(invoice("INV-1", "2027-03-10"), { customer: customer(NY, { contact: contactBoth(true) }), policy: everywhere }));
    expect(both.map((a) => a.channel)).toEqual(["sms", "email", "sms", "email", "sms", "email", "sms", "email"]);
  });

  it("falls back to email when the text message bounced, and raises a task when nothing works", () => {
    const bounced = { ...contactBoth(true), bouncedChannels: ["sms"] as const };
    expect(messages(reminderSchedule(invoice("INV-1", "2027-03-10"), { customer: customer(NY, { contact: bounced }) })).map((a) => a.channel)).toEqual([
      "email",
      "email",
      "email",
      "email",
    ]);
    const dead = { contact: { email: "pat@example.com" }, channels: ["sms", "email"] as const, bouncedChannels: ["email"] as const };
    const actions = reminderSchedule(invoice("INV-1", "2027-03-10"), { customer: customer(NY, { contact: dead }) });
    expect(actions.map((a) => (a.kind === "task" ? a.task : a.kind))).toEqual(["customerUnreachable", "customerUnreachable", "customerUnreachable", "customerUnreachable"]);
    expect(actions[0]?.key).toBe("invoice:INV-1:reminder:-3:unreachable");
  });

  it("sends within a narrower window at its opening", () => {
    const policy = parseTimelinePolicy({ messaging: { sendWindow: { opens: "10:30", closes: "17:00" } } });
    const actions = reminderSchedule(invoice("INV-1", "2027-07-10"), { customer: customer("America/Los_Angeles"), policy });
    expect(actions.map((a) => wallClock(a.at, "America/Los_Angeles")[1])).toEqual(["10:30", "10:30", "10:30", "10:30"]);
  });
});
