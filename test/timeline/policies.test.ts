import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/errors/index.js";
import {
  CALIFORNIA_RENEWAL_NOTICE,
  DEFAULT_DUNNING_POLICY,
  DEFAULT_LATE_FEE_POLICY,
  DEFAULT_MESSAGING_POLICY,
  DEFAULT_REMINDER_POLICY,
  DEFAULT_RENEWAL_POLICY,
  DEFAULT_RETRY_POLICY,
  DEFAULT_TIMELINE_POLICY,
  NEW_YORK_RENEWAL_NOTICE,
  parseDunningPolicy,
  parseLateFeePolicy,
  parseMessagingPolicy,
  parseReminderPolicy,
  parseRenewalPolicy,
  parseRetryPolicy,
  parseTimelinePolicy,
  safeParseTimelinePolicy,
} from "../../src/timeline/index.js";
import { codesOf, thrown } from "./support.js";

function problems(input: unknown): [string, string][] {
  const result = safeParseTimelinePolicy(input);
  if (result.success) throw new Error("expected the policy to be refused");
  expect(result.error).toBeInstanceOf(ValidationError);
  return codesOf(result.error);
}

describe("timeline policies", () => {
  it("keeps the seeds' numbers as the defaults", () => {
    expect(DEFAULT_REMINDER_POLICY.steps).toEqual([
      { offsetDays: -3, tone: "courtesy" },
      { offsetDays: 0, tone: "due" },
      { offsetDays: 5, tone: "friendly" },
      { offsetDays: 10, tone: "urgent" },
    ]);
    expect(DEFAULT_RETRY_POLICY.delays).toEqual([
      { amount: 24, unit: "hours" },
      { amount: 3, unit: "days" },
      { amount: 7, unit: "days" },
    ]);
    expect(DEFAULT_RETRY_POLICY.delaysFrom).toBe("failure");
    expect(DEFAULT_RETRY_POLICY.networkRules.map((set) => set.id)).toEqual(["visa", "mastercard", "nacha"]);
    expect(DEFAULT_RETRY_POLICY.notify).toBe("all");
    expect(DEFAULT_RETRY_POLICY.clearingBusinessDays).toBe(4);
    expect(DEFAULT_MESSAGING_POLICY.sendWindow).toEqual({ opens: "08:00", closes: "21:00" });
    expect(DEFAULT_RENEWAL_POLICY.offerDaysBeforeEnd).toBe(90);
    expect(DEFAULT_RENEWAL_POLICY.followUpDaysBeforeEnd).toEqual([60, 30]);
    expect(DEFAULT_RENEWAL_POLICY.salesAlertDaysBeforeEnd).toBe(30);
    expect(DEFAULT_RENEWAL_POLICY.priceIncreaseNoticeDays).toBe(30);
    expect(DEFAULT_RENEWAL_POLICY.autoRenewal.notice).toEqual(CALIFORNIA_RENEWAL_NOTICE);
    expect(DEFAULT_DUNNING_POLICY.suspension.enabled).toBe(false);
    expect(DEFAULT_DUNNING_POLICY.collections).toEqual({ afterDays: 60, minimumBalance: null });
    expect(DEFAULT_LATE_FEE_POLICY.charge).toEqual({ kind: "none" });
  });

  it("fills every default from an empty policy, and from nothing at all", () => {
    expect(parseTimelinePolicy({})).toEqual(DEFAULT_TIMELINE_POLICY);
    expect(parseTimelinePolicy(undefined)).toEqual(DEFAULT_TIMELINE_POLICY);
  });

  it("fills the fields a partial policy leaves out and keeps the ones it gives", () => {
    const policy = parseTimelinePolicy({
      messaging: { sendWindow: { closes: "20:00" } },
      dunning: { suspension: { enabled: true } },
      renewals: { autoRenewal: { notice: NEW_YORK_RENEWAL_NOTICE } },
    });
    expect(policy.messaging.sendWindow).toEqual({ opens: "08:00", closes: "20:00" });
    expect(policy.dunning.suspension).toEqual({ enabled: true, afterDays: 45 });
    expect(policy.renewals.autoRenewal).toEqual({ cancellationNoticeDays: 30, notice: NEW_YORK_RENEWAL_NOTICE });
    expect(policy.reminders).toEqual(DEFAULT_REMINDER_POLICY);
  });

  it("reads money in serialized form or in minor units", () => {
    const a = parseLateFeePolicy({ charge: { kind: "fixed", amount: { amount: "5.00", currency: "USD" } } });
    const b = parseLateFeePolicy({ charge: { kind: "fixed", amount: { minor: 500, currency: "USD" } } });
    expect(a.charge).toEqual({ kind: "fixed", amount: { minor: 500, currency: "USD" } });
    expect(b).toEqual(a);
  });

  it("validates each part on its own with the same rules", () => {
    expect(parseMessagingPolicy({})).toEqual(DEFAULT_MESSAGING_POLICY);
    expect(parseReminderPolicy({})).toEqual(DEFAULT_REMINDER_POLICY);
    expect(parseRetryPolicy({ delays: [{ amount: 2, unit: "days" }] }).delays).toEqual([{ amount: 2, unit: "days" }]);
    expect(parseDunningPolicy({})).toEqual(DEFAULT_DUNNING_POLICY);
    expect(parseRenewalPolicy({})).toEqual(DEFAULT_RENEWAL_POLICY);
    const error = thrown(() => parseRetryPolicy({ delays: [{ amount: 0, unit: "days" }] })) as ValidationError;
    expect(codesOf(error)).toEqual([["delays.0.amount", "too_small"]]);
  });

  it("refuses offsets from the failure that do not increase, and network rules that cannot be read, all at once", () => {
    const error = thrown(() =>
      parseRetryPolicy({
        delays: [{ amount: 3, unit: "days" }, { amount: 72, unit: "hours" }],
        networkRules: [
          { id: "visa", appliesTo: { method: "card" }, rules: [{ effectiveFrom: "2026-02-30", maxRetries: -1, windowDays: 30, window: "rolling", source: "x" }] },
          { id: "visa", appliesTo: { method: "cheque" }, rules: [
            { effectiveFrom: "2026-01-01", maxRetries: 2, windowDays: 30, window: "rolling", source: "x" },
            { effectiveFrom: "2025-01-01", maxRetries: 2, windowDays: 30, window: "rolling", source: "" },
          ] },
        ],
      }),
    ) as ValidationError;
    expect(codesOf(error)).toEqual(
      expect.arrayContaining([
        ["delays.1", "out_of_order"],
        ["networkRules.0.rules.0.effectiveFrom", "invalid_date"],
        ["networkRules.0.rules.0.maxRetries", "too_small"],
        ["networkRules.1.appliesTo.method", "invalid_option"],
        ["networkRules.1.rules.1.effectiveFrom", "out_of_order"],
        ["networkRules.1.rules.1.source", "too_small"],
        ["networkRules.1.id", "invalid_value"],
      ]),
    );
    // The same delays are fine as gaps between attempts.
    expect(parseRetryPolicy({ delaysFrom: "previousAttempt", delays: [{ amount: 3, unit: "days" }, { amount: 72, unit: "hours" }] }).delays).toHaveLength(2);
  });

  it("refuses a policy that cannot work, naming every problem with its path and code", () => {
    expect(
      problems({
        messaging: { sendWindow: { opens: "21:00", closes: "08:00" } },
        reminders: { steps: [{ offsetDays: 0, tone: "due" }, { offsetDays: -3, tone: "courtesy" }] },
        retries: { delays: [{ amount: -1, unit: "days" }, { amount: 2, unit: "weeks" }] },
        lateFees: { minimum: { amount: "5.00", currency: "USD" }, caps: [{ kind: "fixed", amount: { amount: "2.00", currency: "USD" } }] },
        dunning: { delinquentAfterDays: 1 },
        renewals: { renewalTermMonths: 1, autoRenewal: { cancellationNoticeDays: 10, notice: { before: "renewal", maxDaysBefore: 10, minDaysBefore: 20 } } },
      }),
    ).toEqual([
      ["messaging.sendWindow.closes", "window_closes_before_opening"],
      ["reminders.steps.1.offsetDays", "out_of_order"],
      ["retries.delays.0.amount", "too_small"],
      ["retries.delays.1.unit", "invalid_option"],
      ["lateFees.caps.0.amount", "maximum_below_minimum"],
      ["dunning.delinquentAfterDays", "out_of_order"],
      ["renewals.autoRenewal.notice.minDaysBefore", "window_closes_before_opening"],
      ["renewals.offerDaysBeforeEnd", "window_longer_than_term"],
      ["renewals.priceIncreaseNoticeDays", "window_longer_than_term"],
    ]);
  });

  it("explains each problem in words", () => {
    const error = thrown(() => parseTimelinePolicy({ messaging: { sendWindow: { opens: "21:00", closes: "08:00" } }, lateFees: { graceDays: -2 } }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toContain("messaging.sendWindow.closes: the send window closes at 08:00, not after it opens at 21:00");
    expect((error as ValidationError).message).toContain("lateFees.graceDays: expected the grace period in days of at least 0, got -2");
  });

  it("refuses a send window that opens and closes at the same minute, and a time that is not HH:MM", () => {
    expect(problems({ messaging: { sendWindow: { opens: "09:00", closes: "09:00" } } })).toEqual([["messaging.sendWindow.closes", "window_closes_before_opening"]]);
    expect(problems({ messaging: { sendWindow: { opens: "8am", closes: "24:00" } } })).toEqual([
      ["messaging.sendWindow.opens", "invalid_time"],
      ["messaging.sendWindow.closes", "invalid_time"],
    ]);
  });

  it("refuses unknown fields instead of ignoring a typo", () => {
    expect(problems({ lateFees: { graceDay: 5 }, retry: {} })).toEqual([
      ["lateFees.graceDay", "unknown_field"],
      ["retry", "unknown_field"],
    ]);
  });

  it("refuses two reminders on the same day", () => {
    expect(problems({ reminders: { steps: [{ offsetDays: 5, tone: "friendly" }, { offsetDays: 5, tone: "urgent" }] } })).toEqual([
      ["reminders.steps.1.offsetDays", "out_of_order"],
    ]);
  });

  it("refuses late-fee amounts that are zero, negative, in different currencies or not money", () => {
    expect(
      problems({
        lateFees: {
          charge: { kind: "fixed", amount: { amount: "0.00", currency: "USD" } },
          minimum: { amount: "-1.00", currency: "USD" },
          caps: [{ kind: "fixed", amount: { amount: "9.00", currency: "EUR" } }],
          minimumBalance: { amount: "1.005", currency: "USD" },
        },
      }),
    ).toEqual([
      ["lateFees.charge.amount", "too_small"],
      ["lateFees.minimum", "too_small"],
      ["lateFees.minimumBalance.amount", "too_precise"],
    ]);
    expect(
      problems({
        lateFees: {
          charge: { kind: "fixed", amount: { amount: "3.00", currency: "USD" } },
          caps: [{ kind: "fixed", amount: { amount: "9.00", currency: "EUR" } }],
          jurisdictionCaps: { "US-MD": { caps: [{ kind: "fixed", amount: { amount: "5.00", currency: "CAD" } }] } },
        },
      }),
    ).toEqual([
      ["lateFees.caps.0.amount", "currency_mismatch"],
      ["lateFees.jurisdictionCaps.US-MD.caps.0.amount", "currency_mismatch"],
    ]);
  });

  it("refuses caps and jurisdiction rules that cannot be read, naming each", () => {
    expect(
      problems({
        lateFees: {
          caps: [{ kind: "percentage", percent: "0" }, { kind: "percentage", percent: "5", of: "balance" }, { kind: "ceiling" }, { kind: "fixed", amount: { amount: "5.00", currency: "USD" }, per: "month" }],
          maxFeesPerInvoice: 0,
          jurisdictionCaps: { maryland: {}, "US-MD": { maxFeesPerInvoice: 1.5, source: 7 } },
        },
      }),
    ).toEqual([
      ["lateFees.caps.0.percent", "too_small"],
      ["lateFees.caps.1.of", "invalid_option"],
      ["lateFees.caps.2.kind", "invalid_option"],
      ["lateFees.caps.3.per", "invalid_option"],
      ["lateFees.maxFeesPerInvoice", "too_small"],
      ["lateFees.jurisdictionCaps.maryland", "invalid_option"],
      ["lateFees.jurisdictionCaps.US-MD.maxFeesPerInvoice", "invalid_type"],
      ["lateFees.jurisdictionCaps.US-MD.source", "invalid_type"],
    ]);
    // A jurisdiction's cap may sit below the company's minimum: the law wins.
    expect(
      parseLateFeePolicy({ minimum: { amount: "10.00", currency: "USD" }, jurisdictionCaps: { "US-MD": { caps: [{ kind: "fixed", amount: { amount: "5.00", currency: "USD" } }] } } }).jurisdictionCaps,
    ).toEqual({ "US-MD": { caps: [{ kind: "fixed", amount: { minor: 500, currency: "USD" }, per: "fee" }], maxFeesPerInvoice: null, source: null } });
  });

  it("refuses money given two ways at once or with fields money does not have", () => {
    expect(problems({ lateFees: { minimum: { minor: 1, amount: "5.00", currency: "USD" } } })).toEqual([["lateFees.minimum", "invalid_value"]]);
    expect(problems({ lateFees: { minimum: { amount: "5.00", currency: "USD", cents: 500 } } })).toEqual([["lateFees.minimum.cents", "unknown_field"]]);
    expect(parseLateFeePolicy({ minimum: { minor: 500, currency: "USD" } }).minimum).toEqual({ minor: 500, currency: "USD" });
  });

  it("refuses a collections minimum in another currency than the late fees", () => {
    expect(
      problems({
        lateFees: { charge: { kind: "fixed", amount: { amount: "5.00", currency: "USD" } } },
        dunning: { collections: { minimumBalance: { amount: "100.00", currency: "EUR" } } },
      }),
    ).toEqual([["dunning.collections.minimumBalance", "currency_mismatch"]]);
  });

  it("says a value of the wrong type is of the wrong type, not that it is missing", () => {
    const cases: [unknown, string][] = [
      [{ lateFees: { graceDays: "x" } }, "lateFees.graceDays"],
      [{ lateFees: { graceDays: 1.5 } }, "lateFees.graceDays"],
      [{ retries: { delays: "24h" } }, "retries.delays"],
      [{ messaging: { sendWindow: { opens: 7 } } }, "messaging.sendWindow.opens"],
    ];
    for (const [input, path] of cases) {
      const found = problems(input);
      expect(found.map(([p]) => p)).toEqual([path]);
      expect(found[0]?.[1]).not.toBe("required");
    }
    const result = safeParseTimelinePolicy({ lateFees: { graceDays: 1.5 } });
    expect(result.success ? "" : result.error.issues[0]?.message).toContain("1.5");
  });

  it("accepts a percentage above 0 and up to 100 only", () => {
    expect(parseLateFeePolicy({ charge: { kind: "percentage", percent: "100" } }).charge).toEqual({ kind: "percentage", percent: "100" });
    expect(problems({ lateFees: { charge: { kind: "percentage", percent: "0" } } })).toEqual([["lateFees.charge.percent", "too_small"]]);
    expect(problems({ lateFees: { charge: { kind: "percentage", percent: "100.01" } } })).toEqual([["lateFees.charge.percent", "too_big"]]);
    expect(problems({ lateFees: { charge: { kind: "percentage", percent: "1,5" } } })).toEqual([["lateFees.charge.percent", "invalid_decimal"]]);
    expect(problems({ lateFees: { charge: { kind: "surcharge" } } })).toEqual([["lateFees.charge.kind", "invalid_option"]]);
    expect(problems({ lateFees: { rounding: "bankers" } })).toEqual([["lateFees.rounding", "invalid_option"]]);
  });

  it("refuses dunning thresholds out of order, counting only the steps in use", () => {
    expect(parseDunningPolicy({ suspension: { enabled: false, afterDays: 5 } }).suspension.afterDays).toBe(5);
    expect(problems({ dunning: { suspension: { enabled: true, afterDays: 5 } } })).toEqual([["dunning.suspension.afterDays", "out_of_order"]]);
    expect(problems({ dunning: { collections: { afterDays: 200 } } })).toEqual([["dunning.writeOff.afterDays", "out_of_order"]]);
  });

  it("refuses follow-ups that do not come after the offer and after each other", () => {
    expect(problems({ renewals: { followUpDaysBeforeEnd: [95, 30, 30], salesAlertDaysBeforeEnd: 120 } })).toEqual([
      ["renewals.followUpDaysBeforeEnd.0", "out_of_order"],
      ["renewals.followUpDaysBeforeEnd.2", "out_of_order"],
      ["renewals.salesAlertDaysBeforeEnd", "out_of_order"],
    ]);
  });

  it("refuses a renewal notice window longer than the renewal term, counting the shortest months", () => {
    // Three months can be as short as 89 days (February to April of a common year).
    expect(problems({ renewals: { renewalTermMonths: 3 } })).toEqual([["renewals.offerDaysBeforeEnd", "window_longer_than_term"]]);
    expect(parseRenewalPolicy({ renewalTermMonths: 3, offerDaysBeforeEnd: 89 }).offerDaysBeforeEnd).toBe(89);
    // New York counts back from the cancellation deadline: 30 + 30 days.
    expect(
      problems({ renewals: { renewalTermMonths: 2, offerDaysBeforeEnd: 40, followUpDaysBeforeEnd: [20], salesAlertDaysBeforeEnd: 20, autoRenewal: { notice: NEW_YORK_RENEWAL_NOTICE } } }),
    ).toEqual([["renewals.autoRenewal.notice.maxDaysBefore", "window_longer_than_term"]]);
  });

  it("reports problems instead of throwing through safeParseTimelinePolicy", () => {
    const result = safeParseTimelinePolicy({ lateFees: { minimum: { amount: "5.00", currency: "USD" }, caps: [{ kind: "fixed", amount: { amount: "2.00", currency: "USD" } }] } });
    expect(result.success).toBe(false);
    if (!result.success) expect(result.error.issues[0]?.code).toBe("maximum_below_minimum");
    expect(safeParseTimelinePolicy("strict")).toMatchObject({ success: false });
  });

  it("freezes the defaults so no caller can change them for everyone", () => {
    expect(Object.isFrozen(DEFAULT_TIMELINE_POLICY)).toBe(true);
    expect(Object.isFrozen(DEFAULT_REMINDER_POLICY.steps)).toBe(true);
    expect(Object.isFrozen(DEFAULT_REMINDER_POLICY.steps[0])).toBe(true);
  });
});
