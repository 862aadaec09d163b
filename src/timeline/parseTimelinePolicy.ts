import { z } from "zod";
import { addMonthsFromAnchor, daysBetween, isCalendarDate } from "../calendar/index.js";
import { ErrorCodes, fail, fromZodIssues, IssueCollector, ValidationError, type ErrorCode, type IssuePath } from "../errors/index.js";
import { compare, fromMinorUnits, parseMoney, parseRoundingMode, ratio, toDecimalString, type Money } from "../money/index.js";
import {
  DEFAULT_DUNNING_POLICY,
  DEFAULT_LATE_FEE_POLICY,
  DEFAULT_MESSAGING_POLICY,
  DEFAULT_REMINDER_POLICY,
  DEFAULT_RENEWAL_POLICY,
  DEFAULT_RETRY_POLICY,
  type DunningPolicy,
  type LateFeePolicy,
  type MessagingPolicy,
  type ReminderPolicy,
  type RenewalPolicy,
  type RetryPolicy,
  type TimelinePolicy,
} from "./policies.js";
import type { NetworkRuleSet, NetworkScope } from "./networkRules.js";


// ---------------------------------------------------------------------------------------------
// Building blocks

const describe = (input: unknown): string =>
  input === undefined ? "nothing" : typeof input === "string" ? JSON.stringify(input) : typeof input === "number" ? String(input) : typeof input;

const MAX_DAYS = 3650;

const plural = (count: number, unit: string): string => `${count} ${unit}${count === 1 ? "" : "s"}`;

function wholeNumber(what: string, min: number, max: number) {
  return z
    .number({ error: (issue) => `expected ${what} as a whole number, got ${describe(issue.input)}` })
    .int({ error: (issue) => `expected ${what} as a whole number, got ${describe(issue.input)}` })
    .min(min, { error: (issue) => `expected ${what} of at least ${min}, got ${describe(issue.input)}` })
    .max(max, { error: (issue) => `expected ${what} of at most ${max}, got ${describe(issue.input)}` });
}

function oneOf<const T extends readonly [string, ...string[]]>(what: string, values: T) {
  return z.enum(values, { error: (issue) => `expected ${what} to be one of ${values.map((v) => JSON.stringify(v)).join(", ")}, got ${describe(issue.input)}` });
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

const timeOfDay = (what: string) =>
  z
    .string({ error: (issue) => `expected ${what} as a 24-hour time "HH:MM", got ${describe(issue.input)}` })
    .refine((value) => TIME.test(value), {
      error: (issue) => `expected ${what} as a 24-hour time "HH:MM", got ${describe(issue.input)}`,
      params: { code: ErrorCodes.invalidTime },
    });

const flag = (what: string) => z.boolean({ error: (issue) => `expected ${what} to be true or false, got ${describe(issue.input)}` });

const channelStrategy = oneOf("the channel strategy", ["preferred", "all"]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A field read by one of the project's parsers, whose ValidationError becomes zod issues under the field. */
function parsedBy<T>(parse: (input: unknown) => T) {
  return z.unknown().transform((input, ctx): T => {
    try {
      return parse(input);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      for (const issue of error.issues) {
        ctx.addIssue({ code: "custom", path: [...issue.path], message: issue.message, params: { code: issue.code } });
      }
      return z.NEVER;
    }
  });
}

/** Money as `{ amount: "5.00", currency: "USD" }` (serialized) or `{ minor: 500, currency: "USD" }`, above (or at least) zero. */
function moneyField(sign: "positive" | "nonNegative") {
  return parsedBy((input): Money => {
    if (isRecord(input)) {
      // One way to give the amount, and nothing else: { minor: 1, amount: "5.00" } is ambiguous.
      const issues = new IssueCollector();
      if ("minor" in input && "amount" in input) {
        issues.add([], ErrorCodes.invalidValue, 'give the amount once: "amount" (a decimal string) or "minor" (whole minor units), not both');
      }
      for (const key of Object.keys(input)) {
        if (key !== "amount" && key !== "minor" && key !== "currency") issues.add([key], ErrorCodes.unknownField, `unknown field "${key}": money is { amount, currency } or { minor, currency }`);
      }
      issues.throwIfAny();
    }
    const value =
      isRecord(input) && "minor" in input && !("amount" in input)
        ? // fromMinorUnits checks both fields at run time and reports both; the casts only meet its signature.
          fromMinorUnits(input["minor"] as number, input["currency"] as string)
        : parseMoney(input);
    if (value.minor < 0 || (sign === "positive" && value.minor === 0)) {
      fail([], ErrorCodes.tooSmall, `expected an amount ${sign === "positive" ? "above" : "of at least"} zero, got ${toDecimalString(value)} ${value.currency}`);
    }
    return value;
  });
}

const percent = z
  .string({ error: (issue) => `expected the percentage as a decimal string such as "1.5", got ${describe(issue.input)}` })
  .superRefine((value, ctx) => {
    if (!/^\d+(\.\d+)?$/.test(value)) {
      ctx.addIssue({ code: "custom", message: `expected the percentage as a decimal string such as "1.5", got ${JSON.stringify(value)}`, params: { code: ErrorCodes.invalidDecimal } });
      return;
    }
    const r = ratio(value);
    if (BigInt(r.numerator) === 0n) {
      ctx.addIssue({ code: "custom", message: "expected a percentage above 0", params: { code: ErrorCodes.tooSmall } });
    } else if (BigInt(r.numerator) > 100n * BigInt(r.denominator)) {
      ctx.addIssue({ code: "custom", message: `expected a percentage of at most 100, got ${value}`, params: { code: ErrorCodes.tooBig } });
    }
  });

/** A cross-field check that runs even when some fields failed: it must look at its inputs itself. */
type Check = (value: unknown, report: (path: IssuePath, code: ErrorCode, message: string) => void) => void;

function crossCheck<S extends z.ZodType>(schema: S, check: Check): S {
  return schema.superRefine(
    (value, ctx) => {
      if (!isRecord(value)) return;
      check(value, (path, code, message) => ctx.addIssue({ code: "custom", path: [...path], message, params: { code } }));
    },
    { when: () => true },
  );
}

const isInt = (value: unknown): value is number => typeof value === "number" && Number.isSafeInteger(value);
const isMoney = (value: unknown): value is Money =>
  isRecord(value) && typeof value["minor"] === "number" && typeof value["currency"] === "string" && !("amount" in value);
const field = (value: unknown, ...keys: readonly string[]): unknown => {
  let current = value;
  for (const key of keys) current = isRecord(current) ? current[key] : undefined;
  return current;
};

// ---------------------------------------------------------------------------------------------
// Policies

/** Where the late-fee policy states money, with its path; all of it must be in one currency. */
function lateFeeAmounts(fees: unknown): [IssuePath, unknown][] {
  const out: [IssuePath, unknown][] = [["charge", "amount"], ["minimum"], ["minimumBalance"]].map((path): [IssuePath, unknown] => [path, field(fees, ...path)]);
  const capsAt = (caps: unknown, prefix: IssuePath): void => {
    if (Array.isArray(caps)) caps.forEach((cap: unknown, i) => out.push([[...prefix, i, "amount"], field(cap, "amount")]));
  };
  capsAt(field(fees, "caps"), ["caps"]);
  const rules = field(fees, "jurisdictionCaps");
  if (isRecord(rules)) for (const [key, rule] of Object.entries(rules)) capsAt(field(rule, "caps"), ["jurisdictionCaps", key, "caps"]);
  return out;
}

const messagingSchema = z
  .strictObject({
    sendWindow: crossCheck(
      z.strictObject({
        opens: timeOfDay("the send window's opening").default(DEFAULT_MESSAGING_POLICY.sendWindow.opens),
        closes: timeOfDay("the send window's closing").default(DEFAULT_MESSAGING_POLICY.sendWindow.closes),
      }),
      (value, report) => {
        const opens = field(value, "opens");
        const closes = field(value, "closes");
        if (typeof opens === "string" && typeof closes === "string" && TIME.test(opens) && TIME.test(closes) && closes <= opens) {
          report(["closes"], ErrorCodes.windowClosesBeforeOpening, `the send window closes at ${closes}, not after it opens at ${opens}`);
        }
      },
    ).prefault({}),
  })
  .prefault({});

const reminderSchema = crossCheck(
  z.strictObject({
    steps: z
      .array(
        z.strictObject({
          offsetDays: wholeNumber("a reminder's offset in days", -365, 365),
          tone: oneOf("a reminder's tone", ["courtesy", "due", "friendly", "urgent"]),
        }),
        { error: (issue) => `expected the reminder steps as a list, got ${describe(issue.input)}` },
      )
      .max(50, { error: "expected at most 50 reminder steps" })
      .default(() => DEFAULT_REMINDER_POLICY.steps.map((step) => ({ ...step }))),
    channels: channelStrategy.default(DEFAULT_REMINDER_POLICY.channels),
  }),
  (value, report) => {
    const steps = field(value, "steps");
    if (!Array.isArray(steps)) return;
    let previous: number | undefined;
    steps.forEach((step: unknown, i) => {
      const offset = field(step, "offsetDays");
      if (!isInt(offset)) return;
      if (previous !== undefined && offset <= previous) {
        report(["steps", i, "offsetDays"], ErrorCodes.outOfOrder, `reminder offsets must increase strictly: ${offset} comes after ${previous}`);
      }
      previous = offset;
    });
  },
).prefault({});

const calendarDate = (what: string) =>
  z
    .string({ error: (issue) => `expected ${what} as a date "YYYY-MM-DD", got ${describe(issue.input)}` })
    .refine((value) => isCalendarDate(value), {
      error: (issue) => `expected ${what} as a date "YYYY-MM-DD" that exists, got ${describe(issue.input)}`,
      params: { code: ErrorCodes.invalidDate },
    });

const networkRuleSetSchema = crossCheck(
  z.strictObject({
    id: z.string({ error: "expected the rule set's id as a string" }).min(1, { error: "expected a rule set id that is not empty" }),
    appliesTo: z.strictObject({
      method: oneOf("the rule set's payment method", ["card", "ach"]),
      networks: z
        .array(z.string().min(1).transform((network) => network.trim().toLowerCase()), { error: (issue) => `expected the networks as a list of names, got ${describe(issue.input)}` })
        .min(1, { error: "expected at least one network, or leave the list out for every network" })
        .optional(),
    }).transform(({ method, networks }): NetworkScope => (networks === undefined ? { method } : { method, networks })),
    rules: z
      .array(
        z.strictObject({
          effectiveFrom: calendarDate("a rule's effective date"),
          maxRetries: wholeNumber("a rule's most retries", 0, 1000),
          windowDays: wholeNumber("a rule's window in days", 1, MAX_DAYS),
          window: oneOf("a rule's window", ["rolling", "fromOriginal"]),
          source: z.string({ error: "expected the rule's published source as text" }).min(1, { error: "expected the rule's published source, not an empty text" }),
        }),
        { error: (issue) => `expected the rules as a list, got ${describe(issue.input)}` },
      )
      .min(1, { error: "expected at least one rule in the set" })
      .max(100, { error: "expected at most 100 rules in a set" }),
  }),
  (value, report) => {
    const rules = field(value, "rules");
    if (!Array.isArray(rules)) return;
    let previous: string | undefined;
    rules.forEach((rule: unknown, i) => {
      const from = field(rule, "effectiveFrom");
      if (typeof from !== "string" || !isCalendarDate(from)) return;
      if (previous !== undefined && from <= previous) {
        report(["rules", i, "effectiveFrom"], ErrorCodes.outOfOrder, `rules must take effect in increasing order: ${from} comes after ${previous}`);
      }
      previous = from;
    });
  },
);

const copyRuleSet = (set: NetworkRuleSet) => ({
  id: set.id,
  appliesTo: set.appliesTo.networks === undefined ? { method: set.appliesTo.method } : { method: set.appliesTo.method, networks: [...set.appliesTo.networks] },
  rules: set.rules.map((rule) => ({ ...rule })),
});

const delayMs = (delay: unknown): number | undefined => {
  const amount = field(delay, "amount");
  const unit = field(delay, "unit");
  if (!isInt(amount)) return undefined;
  return unit === "hours" ? amount * 3_600_000 : unit === "days" ? amount * 86_400_000 : undefined;
};

const retrySchema = crossCheck(
  z.strictObject({
    delays: z
      .array(
        z.strictObject({
          amount: wholeNumber("a retry delay", 1, 10_000),
          unit: oneOf("a retry delay's unit", ["hours", "days"]),
        }),
        { error: (issue) => `expected the retry delays as a list, got ${describe(issue.input)}` },
      )
      .max(50, { error: "expected at most 50 retry delays" })
      .default(() => DEFAULT_RETRY_POLICY.delays.map((delay) => ({ ...delay }))),
    delaysFrom: oneOf("what retry delays count from", ["failure", "previousAttempt"]).default(DEFAULT_RETRY_POLICY.delaysFrom),
    networkRules: z
      .array(networkRuleSetSchema, { error: (issue) => `expected the network rule sets as a list, got ${describe(issue.input)}` })
      .max(50, { error: "expected at most 50 network rule sets" })
      .default(() => DEFAULT_RETRY_POLICY.networkRules.map(copyRuleSet)),
    notify: channelStrategy.default(DEFAULT_RETRY_POLICY.notify),
    clearingBusinessDays: wholeNumber("the clearing time in business days", 1, 30).default(DEFAULT_RETRY_POLICY.clearingBusinessDays),
  }),
  (value, report) => {
    const sets = field(value, "networkRules");
    if (Array.isArray(sets)) {
      const seen = new Map<string, number>();
      sets.forEach((set: unknown, i) => {
        const id = field(set, "id");
        if (typeof id !== "string") return;
        const before = seen.get(id);
        if (before !== undefined) report(["networkRules", i, "id"], ErrorCodes.invalidValue, `rule set "${id}" is listed twice (also at networkRules.${before}): give each set once`);
        else seen.set(id, i);
      });
    }
    // Offsets from the failure must increase, or a later retry would come before an earlier one.
    if ((field(value, "delaysFrom") ?? DEFAULT_RETRY_POLICY.delaysFrom) !== "failure") return;
    const delays = field(value, "delays");
    if (!Array.isArray(delays)) return;
    let previous: number | undefined;
    delays.forEach((delay: unknown, i) => {
      const ms = delayMs(delay);
      if (ms === undefined) return;
      if (previous !== undefined && ms <= previous) {
        report(["delays", i], ErrorCodes.outOfOrder, 'with delaysFrom "failure" each delay is an offset from the failure and must be longer than the one before it');
      }
      previous = ms;
    });
  },
).prefault({});

const capScope = oneOf("what the cap bounds", ["fee", "invoice"]).default("fee");
const lateFeeCap = z.discriminatedUnion(
  "kind",
  [
    z.strictObject({ kind: z.literal("fixed"), amount: moneyField("positive"), per: capScope }),
    z.strictObject({
      kind: z.literal("percentage"),
      percent,
      of: oneOf("the base of the percentage cap", ["overdueBalance", "invoiceTotal", "paymentDue"]).default("overdueBalance"),
      per: capScope,
    }),
  ],
  { error: (issue) => `expected the cap's kind to be "fixed" or "percentage", got ${describe(issue.input)}` },
);
const maxFees = wholeNumber("the most late fees per invoice", 1, 1000).nullable().default(null);
const jurisdictionKey = /^[A-Z]{2}(-[A-Z0-9]{1,3})?$/;
const jurisdictionRule = z
  .strictObject({
    caps: z.array(lateFeeCap).default([]),
    maxFeesPerInvoice: maxFees,
    source: z.string({ error: (issue) => `expected where the rule comes from as text, got ${describe(issue.input)}` }).nullable().default(null),
  })
  .prefault({});

const lateFeeSchema = crossCheck(
  z.strictObject({
    charge: z
      .discriminatedUnion(
        "kind",
        [
          z.strictObject({ kind: z.literal("none") }),
          z.strictObject({ kind: z.literal("fixed"), amount: moneyField("positive") }),
          z.strictObject({ kind: z.literal("percentage"), percent }),
        ],
        { error: (issue) => `expected the late fee's kind to be "none", "fixed" or "percentage", got ${describe(issue.input)}` },
      )
      .default(DEFAULT_LATE_FEE_POLICY.charge),
    graceDays: wholeNumber("the grace period in days", 0, 365).default(DEFAULT_LATE_FEE_POLICY.graceDays),
    minimum: moneyField("nonNegative").nullable().default(null),
    caps: z.array(lateFeeCap).default([]),
    maxFeesPerInvoice: maxFees,
    recurrence: z
      .discriminatedUnion("kind", [z.strictObject({ kind: z.literal("once") }), z.strictObject({ kind: z.literal("monthly") })], {
        error: (issue) => `expected the recurrence's kind to be "once" or "monthly", got ${describe(issue.input)}`,
      })
      .default(DEFAULT_LATE_FEE_POLICY.recurrence),
    jurisdictionCaps: z
      .record(
        z.string().regex(jurisdictionKey, {
          error: (issue) => `expected a jurisdiction as an ISO 3166 code, a country ("US") or a country and subdivision ("US-MD"), got ${describe(issue.input)}`,
        }),
        jurisdictionRule,
      )
      .default({}),
    minimumBalance: moneyField("nonNegative").nullable().default(null),
    rounding: parsedBy((input) => parseRoundingMode(input, [])).default(DEFAULT_LATE_FEE_POLICY.rounding),
    billAs: oneOf("the billing of late fees", ["line", "invoice"]).default(DEFAULT_LATE_FEE_POLICY.billAs),
  }),
  (value, report) => {
    let currency: string | undefined;
    let first: IssuePath = [];
    for (const [path, amount] of lateFeeAmounts(value)) {
      if (!isMoney(amount)) continue;
      if (currency === undefined) {
        currency = amount.currency;
        first = path;
      } else if (amount.currency !== currency) {
        report(path, ErrorCodes.currencyMismatch, `the policy's amounts must share one currency: ${amount.currency} here, ${currency} at ${first.join(".")}`);
      }
    }
    // The company's own fixed caps must leave room for its minimum; a jurisdiction's may not (the law wins).
    const min = field(value, "minimum");
    const caps = field(value, "caps");
    if (isMoney(min) && Array.isArray(caps)) {
      caps.forEach((cap: unknown, i) => {
        const max = field(cap, "amount");
        if (field(cap, "kind") === "fixed" && (field(cap, "per") ?? "fee") === "fee" && isMoney(max) && max.currency === min.currency && compare(max, min) < 0) {
          report(["caps", i, "amount"], ErrorCodes.maximumBelowMinimum, `the cap ${toDecimalString(max)} ${max.currency} per fee is below the minimum fee ${toDecimalString(min)} ${min.currency}`);
        }
      });
    }
  },
).prefault({});

const dunningStep = (what: string, defaults: { readonly enabled: boolean; readonly afterDays: number }) =>
  z
    .strictObject({
      enabled: flag(`whether ${what} is used`).default(defaults.enabled),
      afterDays: wholeNumber(`the days past due for ${what}`, 1, MAX_DAYS).default(defaults.afterDays),
    })
    .prefault({});

const dunningSchema = crossCheck(
  z.strictObject({
    pastDueAfterDays: wholeNumber("the days past due for past_due", 1, MAX_DAYS).default(DEFAULT_DUNNING_POLICY.pastDueAfterDays),
    delinquentAfterDays: wholeNumber("the days past due for delinquent", 1, MAX_DAYS).default(DEFAULT_DUNNING_POLICY.delinquentAfterDays),
    suspension: dunningStep("suspension", DEFAULT_DUNNING_POLICY.suspension),
    collections: z
      .strictObject({
        afterDays: wholeNumber("the days past due for collections", 1, MAX_DAYS).default(DEFAULT_DUNNING_POLICY.collections.afterDays),
        minimumBalance: moneyField("nonNegative").nullable().default(null),
      })
      .prefault({}),
    writeOff: dunningStep("write-off", DEFAULT_DUNNING_POLICY.writeOff),
    notify: channelStrategy.default(DEFAULT_DUNNING_POLICY.notify),
  }),
  (value, report) => {
    const ladder: [IssuePath, string, unknown, boolean][] = [
      [["pastDueAfterDays"], "past_due", field(value, "pastDueAfterDays"), true],
      [["delinquentAfterDays"], "delinquent", field(value, "delinquentAfterDays"), true],
      [["suspension", "afterDays"], "suspended", field(value, "suspension", "afterDays"), field(value, "suspension", "enabled") === true],
      [["collections", "afterDays"], "collections", field(value, "collections", "afterDays"), true],
      [["writeOff", "afterDays"], "written_off", field(value, "writeOff", "afterDays"), field(value, "writeOff", "enabled") === true],
    ];
    let previous: { state: string; days: number } | undefined;
    for (const [path, state, days, enabled] of ladder) {
      if (!enabled || !isInt(days)) continue;
      if (previous !== undefined && days <= previous.days) {
        report(path, ErrorCodes.outOfOrder, `${state} (${plural(days, "day")}) must come after ${previous.state} (${plural(previous.days, "day")})`);
      }
      previous = { state, days };
    }
  },
).prefault({});

/** The fewest days any run of `months` consecutive months can have (reference years without a leap day). */
function shortestDays(months: number): number {
  let fewest = Number.POSITIVE_INFINITY;
  for (let month = 1; month <= 12; month++) {
    const start = `2097-${String(month).padStart(2, "0")}-01`;
    fewest = Math.min(fewest, daysBetween(start, addMonthsFromAnchor(start, months)));
  }
  return fewest;
}

const renewalSchema = crossCheck(
  z.strictObject({
    offerDaysBeforeEnd: wholeNumber("the renewal offer's days before the end", 1, MAX_DAYS).default(DEFAULT_RENEWAL_POLICY.offerDaysBeforeEnd),
    followUpDaysBeforeEnd: z
      .array(wholeNumber("a follow-up's days before the end", 1, MAX_DAYS), {
        error: (issue) => `expected the follow-ups as a list of days, got ${describe(issue.input)}`,
      })
      .max(20, { error: "expected at most 20 follow-ups" })
      .default(() => [...DEFAULT_RENEWAL_POLICY.followUpDaysBeforeEnd]),
    salesAlertDaysBeforeEnd: wholeNumber("the sales alert's days before the end", 0, MAX_DAYS).default(DEFAULT_RENEWAL_POLICY.salesAlertDaysBeforeEnd),
    renewalTermMonths: wholeNumber("the renewal term in months", 1, 120).default(DEFAULT_RENEWAL_POLICY.renewalTermMonths),
    priceIncreaseNoticeDays: wholeNumber("the price-increase notice in days", 0, MAX_DAYS).default(DEFAULT_RENEWAL_POLICY.priceIncreaseNoticeDays),
    channels: channelStrategy.default(DEFAULT_RENEWAL_POLICY.channels),
    autoRenewal: z
      .strictObject({
        cancellationNoticeDays: wholeNumber("the cancellation notice in days", 0, MAX_DAYS).default(DEFAULT_RENEWAL_POLICY.autoRenewal.cancellationNoticeDays),
        notice: z
          .strictObject({
            before: oneOf("what the notice window is counted back from", ["renewal", "cancellationDeadline"]),
            maxDaysBefore: wholeNumber("the notice window's opening in days before", 0, MAX_DAYS),
            minDaysBefore: wholeNumber("the notice window's closing in days before", 0, MAX_DAYS),
          })
          .nullable()
          .default(() => (DEFAULT_RENEWAL_POLICY.autoRenewal.notice === null ? null : { ...DEFAULT_RENEWAL_POLICY.autoRenewal.notice })),
      })
      .prefault({}),
  }),
  (value, report) => {
    const offer = field(value, "offerDaysBeforeEnd");
    const followUps = field(value, "followUpDaysBeforeEnd");
    if (Array.isArray(followUps)) {
      let previous = isInt(offer) ? offer : undefined;
      followUps.forEach((days: unknown, i) => {
        if (!isInt(days)) return;
        if (previous !== undefined && days >= previous) {
          report(["followUpDaysBeforeEnd", i], ErrorCodes.outOfOrder, `follow-ups must come after the offer and each other: ${plural(days, "day")} before the end follows ${plural(previous, "day")}`);
        }
        previous = days;
      });
    }
    const alert = field(value, "salesAlertDaysBeforeEnd");
    if (isInt(alert) && isInt(offer) && alert > offer) {
      report(["salesAlertDaysBeforeEnd"], ErrorCodes.outOfOrder, `the sales alert (${plural(alert, "day")} before the end) cannot come before the offer (${plural(offer, "day")})`);
    }
    const min = field(value, "autoRenewal", "notice", "minDaysBefore");
    const max = field(value, "autoRenewal", "notice", "maxDaysBefore");
    if (isInt(min) && isInt(max) && min > max) {
      report(["autoRenewal", "notice", "minDaysBefore"], ErrorCodes.windowClosesBeforeOpening, `the notice window closes ${plural(min, "day")} before, earlier than it opens (${plural(max, "day")} before)`);
    }
    const months = field(value, "renewalTermMonths");
    if (!isInt(months) || months < 1 || months > 120) return;
    const termDays = shortestDays(months);
    const longer = (path: IssuePath, days: unknown, what: string): void => {
      if (isInt(days) && days > termDays) {
        report(path, ErrorCodes.windowLongerThanTerm, `${what} (${plural(days, "day")}) is longer than a ${months}-month term (${plural(termDays, "day")})`);
      }
    };
    longer(["offerDaysBeforeEnd"], offer, "the renewal workflow");
    const cancellation = field(value, "autoRenewal", "cancellationNoticeDays");
    longer(["autoRenewal", "cancellationNoticeDays"], cancellation, "the cancellation notice");
    longer(["priceIncreaseNoticeDays"], field(value, "priceIncreaseNoticeDays"), "the price-increase notice");
    if (isInt(max)) {
      const fromDeadline = field(value, "autoRenewal", "notice", "before") === "cancellationDeadline";
      const span = max + (fromDeadline && isInt(cancellation) ? cancellation : 0);
      longer(["autoRenewal", "notice", "maxDaysBefore"], span, "the renewal notice window");
    }
  },
).prefault({});

const timelineSchema = crossCheck(
  z.strictObject({
    messaging: messagingSchema,
    reminders: reminderSchema,
    retries: retrySchema,
    lateFees: lateFeeSchema,
    dunning: dunningSchema,
    renewals: renewalSchema,
  }),
  (value, report) => {
    // Within the late fees the currencies are checked above; here, the dunning minimum against them.
    const fees = lateFeeAmounts(field(value, "lateFees")).map(([path, amount]): [string, unknown] => [["lateFees", ...path].join("."), amount]);
    const first = fees.find((entry): entry is [string, Money] => isMoney(entry[1]));
    const balance = field(value, "dunning", "collections", "minimumBalance");
    if (first !== undefined && isMoney(balance) && balance.currency !== first[1].currency) {
      report(["dunning", "collections", "minimumBalance"], ErrorCodes.currencyMismatch, `the policy's amounts must share one currency: ${balance.currency} here, ${first[1].currency} at ${first[0]}`);
    }
  },
).prefault({});

// The schemas must produce exactly the documented types.
const produces =
  <T>() =>
  <S extends z.ZodType<T>>(schema: S): S =>
    schema;
produces<MessagingPolicy>()(messagingSchema);
produces<ReminderPolicy>()(reminderSchema);
produces<RetryPolicy>()(retrySchema);
produces<LateFeePolicy>()(lateFeeSchema);
produces<DunningPolicy>()(dunningSchema);
produces<RenewalPolicy>()(renewalSchema);
produces<TimelinePolicy>()(timelineSchema);

function parseWith<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input, { reportInput: true });
  if (!result.success) throw new ValidationError(fromZodIssues(result.error.issues));
  return result.data;
}

// ---------------------------------------------------------------------------------------------
// Public face

/** The result of {@link safeParseTimelinePolicy}: the policy, or the error listing every problem. */
export type SafeParseTimelinePolicyResult =
  | {
      /** The policy was valid. */
      readonly success: true;
      /** The complete policy, defaults filled in. */
      readonly data: TimelinePolicy;
    }
  | {
      /** The policy was refused. */
      readonly success: false;
      /** Every problem, each with its path and code. */
      readonly error: ValidationError;
    };

/**
 * Validates a timeline policy (typically stored JSON) and fills in every default. Any part may be
 * left out; amounts are `{ amount: "5.00", currency: "USD" }`.
 *
 * Refused, all problems at once, each with its path and a stable code: unknown fields
 * (`unknown_field`), wrong types, negative or zero retry delays (`too_small`), a send window that
 * closes before it opens (`window_closes_before_opening`), reminder offsets or dunning thresholds
 * out of order (`out_of_order`), a maximum fee under the minimum (`maximum_below_minimum`),
 * amounts in different currencies (`currency_mismatch`), a renewal or notice window longer than the
 * renewal term (`window_longer_than_term`).
 *
 * @throws {@link ValidationError} listing every problem
 * @example
 * ```ts
 * const policy = parseTimelinePolicy({ retries: { delays: [{ amount: 2, unit: "days" }] }, dunning: { suspension: { enabled: true } } });
 * policy.reminders.steps.length; // 4 (the default sequence)
 * parseTimelinePolicy({ messaging: { sendWindow: { opens: "21:00", closes: "08:00" } } });
 * // throws: messaging.sendWindow.closes: the send window closes at 08:00, not after it opens at 21:00
 * ```
 */
export function parseTimelinePolicy(input: unknown): TimelinePolicy {
  return parseWith(timelineSchema, input);
}

/**
 * Like {@link parseTimelinePolicy}, but returns the error instead of throwing it.
 *
 * @example
 * ```ts
 * const result = safeParseTimelinePolicy({ lateFees: { minimum: { amount: "5.00", currency: "USD" }, caps: [{ kind: "fixed", amount: { amount: "2.00", currency: "USD" } }] } });
 * if (!result.success) result.error.issues[0]?.code; // "maximum_below_minimum"
 * ```
 */
export function safeParseTimelinePolicy(input: unknown): SafeParseTimelinePolicyResult {
  const result = timelineSchema.safeParse(input, { reportInput: true });
  return result.success ? { success: true, data: result.data } : { success: false, error: new ValidationError(fromZodIssues(result.error.issues)) };
}

/**
 * Validates the send-window policy, filling in defaults.
 *
 * @throws {@link ValidationError} listing every problem
 * @example
 * ```ts
 * parseMessagingPolicy({ sendWindow: { closes: "20:00" } }); // { sendWindow: { opens: "08:00", closes: "20:00" } }
 * ```
 */
export function parseMessagingPolicy(input: unknown): MessagingPolicy {
  return parseWith(messagingSchema, input);
}

/**
 * Validates a reminder policy, filling in defaults.
 *
 * @throws {@link ValidationError} listing every problem
 * @example
 * ```ts
 * parseReminderPolicy({ steps: [{ offsetDays: -7, tone: "courtesy" }, { offsetDays: 0, tone: "due" }] });
 * ```
 */
export function parseReminderPolicy(input: unknown): ReminderPolicy {
  return parseWith(reminderSchema, input);
}

/**
 * Validates a retry policy, filling in defaults.
 *
 * @throws {@link ValidationError} listing every problem
 * @example
 * ```ts
 * parseRetryPolicy({ delays: [1, 8, 4, 7].map((amount) => ({ amount, unit: "days" })) });
 * ```
 */
export function parseRetryPolicy(input: unknown): RetryPolicy {
  return parseWith(retrySchema, input);
}

/**
 * Validates a late-fee policy, filling in defaults.
 *
 * @throws {@link ValidationError} listing every problem
 * @example
 * ```ts
 * parseLateFeePolicy({ charge: { kind: "percentage", percent: "1.5" }, minimum: { amount: "5.00", currency: "USD" },
 *   recurrence: { kind: "monthly" }, caps: [{ kind: "fixed", amount: { amount: "50.00", currency: "USD" }, per: "invoice" }] });
 * ```
 */
export function parseLateFeePolicy(input: unknown): LateFeePolicy {
  return parseWith(lateFeeSchema, input);
}

/**
 * Validates a dunning policy, filling in defaults.
 *
 * @throws {@link ValidationError} listing every problem
 * @example
 * ```ts
 * parseDunningPolicy({ suspension: { enabled: true }, collections: { minimumBalance: { amount: "100.00", currency: "USD" } } });
 * ```
 */
export function parseDunningPolicy(input: unknown): DunningPolicy {
  return parseWith(dunningSchema, input);
}

/**
 * Validates a renewal policy, filling in defaults.
 *
 * @throws {@link ValidationError} listing every problem
 * @example
 * ```ts
 * parseRenewalPolicy({ autoRenewal: { notice: NEW_YORK_RENEWAL_NOTICE } });
 * ```
 */
export function parseRenewalPolicy(input: unknown): RenewalPolicy {
  return parseWith(renewalSchema, input);
}
