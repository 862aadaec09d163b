import fc from "fast-check";
import type { ValidationError } from "../../src/errors/index.js";
import { fromMinorUnits, money } from "../../src/money/index.js";
import {
  parseTimelinePolicy,
  type CardDecline,
  type Channel,
  type ContactFacts,
  type ContractFacts,
  type CustomerFacts,
  type InvoiceFacts,
  type PaymentAttempt,
  type PaymentMethodFacts,
  type TimelineAction,
  type TimelineFacts,
  type TimelinePolicy,
} from "../../src/timeline/index.js";

export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/** `[path, code]` pairs of a ValidationError. */
export function codesOf(error: ValidationError): [string, string][] {
  return error.issues.map((issue) => [issue.path.join("."), issue.code]);
}

/** Runs `fn` and returns the error it throws (fails the test if it does not throw). */
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
}


// ---------------------------------------------------------------------------------------------
// Independent clock reading (Intl, not the code under test)

const formats = new Map<string, Intl.DateTimeFormat>();
function format(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    formats.set(timeZone, f);
  }
  return f;
}

/** Local date and time of an instant in a zone, read with Intl: `["2027-03-10", "08:00"]`. */
export function wallClock(at: string | number, timeZone: string): [string, string] {
  const parts = Object.fromEntries(format(timeZone).formatToParts(new Date(at)).map((p) => [p.type, p.value]));
  return [`${parts["year"]}-${parts["month"]}-${parts["day"]}`, `${parts["hour"]}:${parts["minute"]}`];
}

// ---------------------------------------------------------------------------------------------
// Fixtures

/** How a customer is reached: their contact, channels in order, and bounced channels. */
export type Reach = Pick<CustomerFacts, "contact" | "channels" | "bouncedChannels">;

export function contactEmail(): Reach {
  return { contact: { email: "pat@example.com" }, channels: ["email"] };
}

export function contactBoth(smsConsent: boolean): Reach {
  return { contact: { email: "pat@example.com", phone: "+15555550100", smsConsent }, channels: ["sms", "email"] };
}

export function customer(timeZone: string, options: { contact?: Reach; autoPay?: PaymentMethodFacts } = {}): CustomerFacts {
  return {
    id: "C-1",
    timeZone,
    ...(options.contact ?? contactEmail()),
    ...(options.autoPay === undefined ? {} : { autoPay: options.autoPay }),
  };
}

export const CARD: PaymentMethodFacts = { token: "pm_card", kind: "card" };
export const ACH: PaymentMethodFacts = { token: "pm_ach", kind: "ach" };

export function declined(id: string, at: string, decline: CardDecline = { reason: "insufficientFunds" }, method: PaymentMethodFacts = CARD): PaymentAttempt {
  return { id, at, method, outcome: { kind: "declined", decline } };
}

export function returned(id: string, at: string, returnCode: string, outcomeAt?: string): PaymentAttempt {
  return { id, at, method: ACH, outcome: { kind: "returned", returnCode }, ...(outcomeAt === undefined ? {} : { outcomeAt }) };
}

export function invoice(id: string, dueDate: string, total = "120.00", extra: Partial<InvoiceFacts> = {}): InvoiceFacts {
  return { id, dueDate, total: money(total, "USD"), ...extra };
}

export function keysOf(actions: readonly TimelineAction[]): string[] {
  return actions.map((a) => a.key);
}

// ---------------------------------------------------------------------------------------------
// Arbitraries

export const zones = fc.constantFrom(
  "UTC",
  "America/New_York",
  "America/Los_Angeles",
  "Asia/Tokyo",
  "Australia/Lord_Howe",
  "Europe/London",
  "Pacific/Chatham",
  "Asia/Kolkata",
);

const FIRST = Date.UTC(2021, 0, 1) / DAY;
const LAST = Date.UTC(2030, 11, 31) / DAY;

/** A calendar date 2021–2030, built with the platform's UTC calendar. */
export const dateArb = fc.integer({ min: FIRST, max: LAST }).map((day) => new Date(day * DAY).toISOString().slice(0, 10));

const channels: Channel[] = ["email", "sms", "portal"];

const contactFactsArb: fc.Arbitrary<ContactFacts> = fc.record(
  {
    email: fc.constant("pat@example.com"),
    phone: fc.constant("+15555550100"),
    smsConsent: fc.boolean(),
  },
  { requiredKeys: [] },
);

export const contactArb: fc.Arbitrary<Reach> = fc.record(
  {
    contact: contactFactsArb,
    channels: fc.shuffledSubarray(channels),
    bouncedChannels: fc.subarray(["email", "sms"] as Channel[]),
  },
  { requiredKeys: ["contact"] },
);

export const methodArb: fc.Arbitrary<PaymentMethodFacts> = fc.constantFrom(CARD, ACH, { token: "pm_card_2", kind: "card" } as const);

const declineArb: fc.Arbitrary<CardDecline> = fc.record(
  {
    reason: fc.constantFrom("insufficientFunds", "tryAgainLater", "doNotHonor", "issuerUnavailable", "stolenCard", "closedAccount", "expiredCard"),
    responseCode: fc.constantFrom("51", "05", "91", "41", "43", "54", "R1", "14"),
    adviceCode: fc.constantFrom("02", "03", "21", "24", "25", "27", "30"),
  },
  { requiredKeys: [] },
);

const iso = (ms: number): string => new Date(ms).toISOString();

/** An attempt `minutes` after a base instant, with any outcome. */
function attemptArb(index: number, base: number): fc.Arbitrary<PaymentAttempt> {
  return fc
    .record({
      minutes: fc.integer({ min: -3 * 24 * 60, max: 60 * 24 * 60 }),
      method: methodArb,
      origin: fc.constantFrom("automatic", "automatic", "automatic", "customer"),
      outcome: fc.oneof(
        { weight: 8, arbitrary: declineArb.map((decline) => ({ kind: "declined", decline }) as const) },
        { weight: 4, arbitrary: fc.constantFrom("R01", "R09", "R01", "R02", "R07", "R16").map((returnCode) => ({ kind: "returned", returnCode }) as const) },
        { weight: 1, arbitrary: fc.constant({ kind: "processing" } as const) },
        { weight: 1, arbitrary: fc.constant({ kind: "unknown" } as const) },
        { weight: 1, arbitrary: fc.constant({ kind: "succeeded" } as const) },
      ),
      lagHours: fc.integer({ min: 0, max: 96 }),
    })
    .map(({ minutes, method, origin, outcome, lagHours }): PaymentAttempt => {
      const at = base + minutes * 60_000;
      return {
        id: `att-${index}`,
        at: iso(at),
        method,
        origin,
        outcome,
        ...(lagHours > 0 ? { outcomeAt: iso(at + lagHours * HOUR) } : {}),
      };
    });
}

/** Up to `max` values, the i-th built by `make(i)` (so ids are distinct). */
function listOf<T>(max: number, make: (index: number) => fc.Arbitrary<T>): fc.Arbitrary<T[]> {
  return fc.integer({ min: 0, max }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => make(i))).map((items): T[] => [...items]));
}

/** A value one time in five, else undefined. */
function rarely<T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> {
  return fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary });
}

/** An invoice with any mix of payments, attempts, void and dispute around its due date. */
export function invoiceArb(index: number): fc.Arbitrary<InvoiceFacts> {
  return dateArb.chain((dueDate) => {
    const base = Date.parse(`${dueDate}T00:00:00Z`);
    return fc
      .record({
        cents: fc.integer({ min: 100, max: 200_000 }),
        payments: fc.array(fc.record({ minutes: fc.integer({ min: -10 * 24 * 60, max: 240 * 24 * 60 }), share: fc.integer({ min: 1, max: 100 }) }), { maxLength: 3 }),
        attempts: listOf(4, (i) => attemptArb(i, base)),
        voidMinutes: rarely(fc.integer({ min: -5 * 24 * 60, max: 200 * 24 * 60 })),
        dispute: rarely(fc.record({ from: fc.integer({ min: 0, max: 90 * 24 * 60 }), length: fc.option(fc.integer({ min: 60, max: 60 * 24 * 60 }), { nil: undefined }) })),
      })
      .map(({ cents, payments, attempts, voidMinutes, dispute }): InvoiceFacts => ({
        id: `INV-${index}`,
        dueDate,
        total: fromMinorUnits(cents, "USD"),
        payments: payments.map((p) => ({ at: iso(base + p.minutes * 60_000), amount: fromMinorUnits(Math.max(1, Math.floor((cents * p.share) / 100)), "USD") })),
        attempts,
        ...(voidMinutes === undefined ? {} : { voidedAt: iso(base + voidMinutes * 60_000) }),
        ...(dispute === undefined
          ? {}
          : {
              disputes: [
                {
                  openedAt: iso(base + dispute.from * 60_000),
                  ...(dispute.length === undefined ? {} : { closedAt: iso(base + (dispute.from + dispute.length) * 60_000) }),
                },
              ],
            }),
      }));
  });
}

/** A contract term of 1–5 years, fixed or renewing, with any answer, cancellation and notices. */
export function contractArb(index: number): fc.Arbitrary<ContractFacts> {
  return fc
    .record({
      start: dateArb,
      years: fc.integer({ min: 1, max: 5 }),
      renewal: fc.constantFrom("fixedTerm", "automatic"),
      prices: fc.option(fc.tuple(fc.integer({ min: 1000, max: 9000 }), fc.integer({ min: 1000, max: 9900 })), { nil: undefined }),
      responseDays: fc.option(fc.tuple(fc.integer({ min: 0, max: 120 }), fc.constantFrom("accepted", "declined")), { nil: undefined }),
      cancelDays: fc.option(fc.integer({ min: 0, max: 120 }), { nil: undefined }),
      noticeDays: fc.option(fc.integer({ min: 0, max: 120 }), { nil: undefined }),
    })
    .map(({ start, years, renewal, prices, responseDays, cancelDays, noticeDays }): ContractFacts => {
      const end = `${Number(start.slice(0, 4)) + years}${start.slice(4, 8)}${start.slice(8) === "29" && start.slice(5, 7) === "02" ? "28" : start.slice(8)}`;
      const endMs = Date.parse(`${end}T12:00:00Z`);
      const before = (days: number): string => iso(endMs - days * DAY);
      return {
        id: `K-${index}`,
        start,
        end,
        renewal,
        ...(prices === undefined ? {} : { recurringPrice: fromMinorUnits(prices[0], "USD"), renewalPrice: fromMinorUnits(prices[1], "USD") }),
        ...(responseDays === undefined ? {} : { response: { decision: responseDays[1], at: before(responseDays[0]) } }),
        ...(cancelDays === undefined ? {} : { cancelledAt: before(cancelDays) }),
        ...(noticeDays === undefined ? {} : { renewalNoticeSentAt: before(noticeDays), priceIncreaseNoticeSentAt: before(noticeDays) }),
      };
    });
}

/** Delays made into offsets from the failure (running sums), strictly increasing as the policy requires. */
export function increasingOffsets(delays: readonly { amount: number; unit: "hours" | "days" }[]): { amount: number; unit: "hours" }[] {
  let total = 0;
  const out: { amount: number; unit: "hours" }[] = [];
  for (const d of delays) {
    total += d.unit === "hours" ? d.amount : d.amount * 24;
    if (total > 10_000) break; // the policy's longest delay
    out.push({ amount: total, unit: "hours" });
  }
  return out;
}

/** The default policy or a valid variation of it (reminders, retries, send window, dunning, late fees). */
export const policyArb: fc.Arbitrary<TimelinePolicy> = fc.oneof(
  fc.constant(parseTimelinePolicy({})),
  fc
    .record({
      offsets: fc.uniqueArray(fc.integer({ min: -10, max: 30 }), { minLength: 1, maxLength: 6 }),
      delays: fc.oneof(
        fc.array(fc.record({ amount: fc.integer({ min: 1, max: 72 }), unit: fc.constantFrom("hours" as const, "days" as const) }), { maxLength: 25 }),
        fc.array(fc.record({ amount: fc.integer({ min: 1, max: 12 }), unit: fc.constant("hours" as const) }), { minLength: 16, maxLength: 30 }),
      ),
      opens: fc.integer({ min: 0, max: 12 }),
      hours: fc.integer({ min: 1, max: 11 }),
      thresholds: fc.uniqueArray(fc.integer({ min: 1, max: 200 }), { minLength: 5, maxLength: 5 }),
      suspension: fc.boolean(),
      writeOff: fc.boolean(),
      minimumBalance: fc.option(fc.integer({ min: 1, max: 100_000 }), { nil: null }),
      fee: fc.constantFrom("none", "fixed", "percentage"),
      monthly: fc.boolean(),
      gaps: fc.boolean(),
    })
    .map((p) => {
      const [pastDue, delinquent, suspension, collections, writeOff] = [...p.thresholds].sort((a, b) => a - b) as [number, number, number, number, number];
      const hh = (h: number): string => `${String(h).padStart(2, "0")}:00`;
      return parseTimelinePolicy({
        messaging: { sendWindow: { opens: hh(p.opens), closes: hh(p.opens + p.hours) } },
        reminders: { steps: [...p.offsets].sort((a, b) => a - b).map((offsetDays) => ({ offsetDays, tone: "friendly" })) },
        retries: p.gaps ? { delays: p.delays, delaysFrom: "previousAttempt" } : { delays: increasingOffsets(p.delays) },
        dunning: {
          pastDueAfterDays: pastDue,
          delinquentAfterDays: delinquent,
          suspension: { enabled: p.suspension, afterDays: suspension },
          collections: { afterDays: collections, minimumBalance: p.minimumBalance === null ? null : { minor: p.minimumBalance, currency: "USD" } },
          writeOff: { enabled: p.writeOff, afterDays: writeOff },
        },
        lateFees: {
          charge:
            p.fee === "fixed"
              ? { kind: "fixed", amount: { amount: "10.00", currency: "USD" } }
              : p.fee === "percentage"
                ? { kind: "percentage", percent: "1.5" }
                : { kind: "none" },
          minimum: { amount: "5.00", currency: "USD" },
          recurrence: p.monthly ? { kind: "monthly" } : { kind: "once" },
          caps: p.monthly ? [{ kind: "fixed", amount: { amount: "40.00", currency: "USD" }, per: "invoice" }] : [],
        },
      });
    }),
);

/** Facts for one account: a customer, 0–4 invoices, 0–2 contracts, a policy, and a moment. */
export const factsArb: fc.Arbitrary<{ facts: TimelineFacts; asOf: string }> = fc
  .record({
    timeZone: zones,
    contact: contactArb,
    autoPay: fc.option(methodArb, { nil: undefined }),
    invoices: listOf(4, invoiceArb),
    contracts: listOf(2, contractArb),
    policy: policyArb,
    asOfDay: fc.integer({ min: FIRST - 60, max: LAST + 400 }),
    nearInvoice: fc.option(fc.tuple(fc.nat(), fc.integer({ min: -20, max: 90 })), { nil: undefined }),
    asOfMinute: fc.integer({ min: 0, max: 24 * 60 - 1 }),
  })
  .map(({ timeZone, contact, autoPay, invoices, contracts, policy, asOfDay, nearInvoice, asOfMinute }) => {
    // Mostly ask around an invoice's due date, where reminders, retries and fees happen.
    const near = nearInvoice === undefined || invoices.length === 0 ? undefined : invoices[nearInvoice[0] % invoices.length];
    const day = near === undefined || nearInvoice === undefined ? asOfDay : Date.parse(`${near.dueDate}T00:00:00Z`) / DAY + nearInvoice[1];
    return { timeZone, contact, autoPay, invoices, contracts, policy, asOfDay: day, asOfMinute };
  })
  .map(({ timeZone, contact, autoPay, invoices, contracts, policy, asOfDay, asOfMinute }) => ({
    facts: {
      customer: { id: "C-1", timeZone, ...contact, ...(autoPay === undefined ? {} : { autoPay }) },
      invoices,
      contracts,
      policy,
    },
    asOf: iso(asOfDay * DAY + asOfMinute * 60_000),
  }));

/** When an invoice stops, computed independently: the first moment payments cover the total, or its void. */
export function stopOf(inv: InvoiceFacts): number {
  let stop = inv.voidedAt === undefined ? Number.POSITIVE_INFINITY : Date.parse(String(inv.voidedAt));
  if (inv.total.minor <= 0) return Number.NEGATIVE_INFINITY;
  let paid = 0;
  for (const p of [...(inv.payments ?? [])].sort((a, b) => Date.parse(String(a.at)) - Date.parse(String(b.at)))) {
    paid += p.amount.minor;
    if (paid >= inv.total.minor) {
      stop = Math.min(stop, Date.parse(String(p.at)));
      break;
    }
  }
  return stop;
}
