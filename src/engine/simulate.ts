import { addDays, daysBetween, isCalendarDate, type CalendarDate } from "../calendar/index.js";
import { ErrorCodes, IssueCollector, ValidationError } from "../errors/index.js";
import type { BillingStore, PaymentChannel, StoredInvoice } from "../ports/index.js";
import { newCounters } from "./context.js";
import type { BillingEngine, RunReport } from "./types.js";

/**
 * How a simulated customer pays what auto-pay does not collect (or everything, without auto-pay):
 *
 * - `"onTime"` — 0 to 3 days before the due date (an auto-pay customer whose charge failed: 1 to
 *   3 days after it, by the link in the failure notice);
 * - `"late"` — `lateDays` after the due date (drawn per invoice from the range);
 * - `"never"` — not at all: the dunning ladder runs its course.
 */
export type PaymentHabit = "onTime" | "late" | "never";

/** A dispute the simulated customer raises. */
export interface SimulatedDispute {
  /** The day they dispute their latest open invoice (or the first day after it with one open). */
  readonly on: CalendarDate;
  /** Why. */
  readonly reason: string;
  /** How it ends: credited in full, or upheld. */
  readonly outcome: "credited" | "upheld";
  /** Days until staff settle it. */
  readonly settleAfterDays: number;
}

/** A promise to pay the simulated customer makes. */
export interface SimulatedPromise {
  /** The day they promise (or the first day after it with an invoice past due). */
  readonly on: CalendarDate;
  /** Days ahead they promise to pay by. */
  readonly days: number;
  /** Whether they keep it (pay everything open on the day promised). */
  readonly keeps: boolean;
}

/** One simulated customer's behaviour, as data. */
export interface CustomerBehaviour {
  /** How they pay. */
  readonly pays: PaymentHabit;
  /** With `"late"`: the range of days after the due date, inclusive, e.g. `[5, 25]`. Default `[5, 20]`. */
  readonly lateDays?: readonly [number, number];
  /** How the money comes in; default `"check"` (`"portal"` for a customer paying by link). */
  readonly channel?: PaymentChannel;
  /** Disputes they raise. */
  readonly disputes?: readonly SimulatedDispute[];
  /** Promises to pay they make. */
  readonly promises?: readonly SimulatedPromise[];
  /**
   * What they do about a renewal: `"accept"` the offer (45 days before the term's end), `"decline"`
   * it or cancel an automatic renewal (40 days before), or `"ignore"` it (the default: a fixed term
   * lapses, an automatic one renews).
   */
  readonly renewal?: "accept" | "decline" | "ignore";
  /**
   * Days after an auto-pay invitation (`settings.autoPay.invite`) the customer enrolls, with a
   * simulated token; absent, they never do.
   */
  readonly enrollsAfterDays?: number;
}

/** The clock the simulation moves: the memory adapters' manual clock, or any clock you can set. */
export interface SettableClock {
  /** Moves the clock to an instant. */
  set(instant: string): void;
}

/** Options for {@link simulate}. */
export interface SimulationOptions {
  /** The engine to run each day. */
  readonly engine: BillingEngine;
  /** Its store (the simulated customers read their open invoices from it). */
  readonly store: BillingStore;
  /** Its clock, moved to each day's run time. */
  readonly clock: SettableClock;
  /** First day simulated. */
  readonly from: CalendarDate;
  /** Last day simulated (inclusive). */
  readonly to: CalendarDate;
  /** How far each step moves the clock. Only `"day"` for now. */
  readonly step?: "day";
  /** The run's time of day, UTC `"HH:MM"`; default `"14:00"` (morning across the US). */
  readonly runAt?: string;
  /** Seed of every random draw (days early or late): the same seed gives the same year. Default 1. */
  readonly seed?: number;
  /** The customers' behaviour by account id; an account not listed pays on time. */
  readonly customers?: Readonly<Record<string, CustomerBehaviour>>;
  /** Called after each day's run (a progress bar, a per-day check such as an invariant auditor). */
  readonly onDay?: (day: CalendarDate, report: RunReport) => void | Promise<void>;
}

/** The run counters added up over the simulation. */
export type SimulationTotals = Omit<RunReport, "asOf" | "errors" | "durationMs" | "contracts" | "charges"> & {
  /** Auto-pay charges by outcome. */
  readonly charges: RunReport["charges"];
  /** Payments the simulated customers made. */
  readonly customerPayments: number;
  /** Disputes they raised. */
  readonly disputes: number;
  /** Promises to pay they made. */
  readonly promises: number;
  /** Renewals they answered (accepted or declined). */
  readonly renewalAnswers: number;
  /** Customers who enrolled in auto-pay after an invitation. */
  readonly enrollments: number;
  /** Contract-days that failed in a run (see each report's `errors`). */
  readonly errors: number;
};

/** What {@link simulate} did. */
export interface SimulationResult {
  /** Days simulated. */
  readonly days: number;
  /** Every counter added up. */
  readonly totals: SimulationTotals;
}

/** A deterministic number in [0, 1) from the seed and a text (FNV-1a, then a mulberry32 step): order-free. */
function draw(seed: number, text: string): number {
  let h = 2166136261 ^ seed;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  let t = (h + 0x6d2b79f5) | 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** Later than any simulated day. */
const NEVER = "9999-12-31" as CalendarDate;

const between = (seed: number, key: string, [min, max]: readonly [number, number]): number => min + Math.floor(draw(seed, key) * (max - min + 1));

/** The day a customer pays an invoice, or undefined for never. */
function payDay(seed: number, behaviour: CustomerBehaviour, stored: StoredInvoice, autoPay: boolean): CalendarDate | undefined {
  const { dueDate, number } = stored.invoice;
  switch (behaviour.pays) {
    case "never":
      return undefined;
    case "late":
      return addDays(dueDate, between(seed, number, behaviour.lateDays ?? [5, 20]));
    default:
      return autoPay ? addDays(dueDate, between(seed, number, [1, 3])) : addDays(dueDate, -between(seed, number, [0, 3]));
  }
}

function checkOptions(options: SimulationOptions): void {
  const issues = new IssueCollector();
  if (!isCalendarDate(options.from)) issues.add(["from"], ErrorCodes.invalidDate, `expected a day "YYYY-MM-DD", got ${JSON.stringify(options.from)}`);
  if (!isCalendarDate(options.to)) issues.add(["to"], ErrorCodes.invalidDate, `expected a day "YYYY-MM-DD", got ${JSON.stringify(options.to)}`);
  else if (isCalendarDate(options.from) && options.to < options.from) issues.add(["to"], ErrorCodes.invalidValue, `${options.to} is before ${options.from}`);
  if (options.step !== undefined && options.step !== "day") issues.add(["step"], ErrorCodes.invalidValue, `only "day" steps are simulated, got ${JSON.stringify(options.step)}`);
  if (options.runAt !== undefined && !/^([01]\d|2[0-3]):[0-5]\d$/.test(options.runAt)) issues.add(["runAt"], ErrorCodes.invalidValue, `expected "HH:MM" (UTC), got ${JSON.stringify(options.runAt)}`);
  if (options.seed !== undefined && !Number.isSafeInteger(options.seed)) issues.add(["seed"], ErrorCodes.invalidValue, `expected an integer seed, got ${String(options.seed)}`);
  for (const [accountId, b] of Object.entries(options.customers ?? {})) {
    const at = ["customers", accountId];
    if (b.pays !== "onTime" && b.pays !== "late" && b.pays !== "never") issues.add([...at, "pays"], ErrorCodes.invalidValue, `expected "onTime", "late" or "never", got ${JSON.stringify(b.pays)}`);
    if (b.lateDays !== undefined && !(Number.isInteger(b.lateDays[0]) && Number.isInteger(b.lateDays[1]) && 0 <= b.lateDays[0] && b.lateDays[0] <= b.lateDays[1])) {
      issues.add([...at, "lateDays"], ErrorCodes.invalidValue, `expected [min, max] whole days, 0 ≤ min ≤ max, got ${JSON.stringify(b.lateDays)}`);
    }
    (b.disputes ?? []).forEach((d, i) => {
      if (!isCalendarDate(d.on)) issues.add([...at, "disputes", i, "on"], ErrorCodes.invalidDate, `expected a day "YYYY-MM-DD", got ${JSON.stringify(d.on)}`);
    });
    (b.promises ?? []).forEach((p, i) => {
      if (!isCalendarDate(p.on)) issues.add([...at, "promises", i, "on"], ErrorCodes.invalidDate, `expected a day "YYYY-MM-DD", got ${JSON.stringify(p.on)}`);
    });
  }
  if (!issues.ok) throw new ValidationError(issues.issues);
}

function emptyTotals(): { -readonly [K in keyof SimulationTotals]: SimulationTotals[K] } {
  // The run's counters (every one a report adds up), and the simulation's own.
  const { contracts: _contracts, ...counters } = newCounters();
  return { ...counters, eventsPublished: 0, customerPayments: 0, disputes: 0, promises: 0, renewalAnswers: 0, enrollments: 0, errors: 0 };
}

/**
 * Simulates days of billing, the way Stripe's test clocks and Kill Bill's clock API are used — but
 * in-process and instant: each day moves the clock to `runAt`, lets the simulated customers act
 * (pay what they owe when their habit says, dispute, promise to pay), then runs the engine.
 * Customers' behaviour is data ({@link CustomerBehaviour}), the gateway's is the gateway's own
 * script (the memory gateway's `script(token, …)`), and every draw comes from `seed`: the same
 * inputs give the same year, to the cent.
 *
 * @throws {@link ValidationError} naming every bad option at once
 * @example
 * ```ts
 * const { days, totals } = await simulate({ engine, store, clock, from: "2027-01-01", to: "2027-12-31", customers: { "CUST-1": { pays: "late", lateDays: [5, 20] } } });
 * days; // 365
 * ```
 */
export async function simulate(options: SimulationOptions): Promise<SimulationResult> {
  checkOptions(options);
  const { engine, store, clock } = options;
  const seed = options.seed ?? 1;
  const runAt = options.runAt ?? "14:00";
  const customers = options.customers ?? {};
  const totals = emptyTotals();
  const settlements = new Map<CalendarDate, { disputeId: string; outcome: "credited" | "upheld" }[]>();
  const raised = new Set<string>();
  const keptOn = new Map<string, CalendarDate>();
  // The contracts of the customers who answer renewals, read once (their terms are read each day).
  const answering = new Set(Object.entries(customers).filter(([, b]) => b.renewal === "accept" || b.renewal === "decline" || b.enrollsAfterDays !== undefined).map(([id]) => id));
  const enrolled = new Set<string>();
  const contractsOf = new Map<string, string[]>();
  if (answering.size > 0) {
    let after: string | undefined;
    do {
      const page = await store.transaction((tx) => tx.listContracts(after === undefined ? { limit: 500 } : { after, limit: 500 }));
      for (const c of page.items) if (answering.has(c.accountId)) contractsOf.set(c.accountId, [...(contractsOf.get(c.accountId) ?? []), c.contract.id]);
      after = page.next;
    } while (after !== undefined);
  }
  // Per customer: their account's write stamp when they last looked and found nothing to do, and
  // the first day they act if nothing is written on it meanwhile.
  const quiet = new Map<string, { stamp: string; until: CalendarDate }>();
  let days = 0;
  for (let day = options.from; day <= options.to; day = addDays(day, 1)) {
    clock.set(`${day}T${runAt}:00.000Z`);
    // Staff settle the disputes whose day has come.
    for (const s of settlements.get(day) ?? []) {
      await engine.resolveDispute(s.outcome === "credited" ? { disputeId: s.disputeId, outcome: "credited", reason: "dispute accepted" } : { disputeId: s.disputeId, outcome: "upheld", answer: "We checked the service records: the charges are right." });
    }
    settlements.delete(day);
    for (const [accountId, behaviour] of Object.entries(customers)) {
      for (const contractId of contractsOf.get(accountId) ?? []) {
        const end = (await store.transaction((tx) => tx.getContract(contractId)))?.contract.term.end;
        if (behaviour.enrollsAfterDays !== undefined && !enrolled.has(contractId)) {
          // Invited (the first invitation's record), and the days have passed: they enroll.
          const invited = await store.transaction(async (tx) => {
            for (const channel of ["email", "portal"] as const) {
              const m = await tx.getMessage(`autopay:${contractId}:invite:onboarding:${channel}`);
              if (m !== undefined) return String(m.createdAt).slice(0, 10);
            }
            return undefined;
          });
          const stored = await store.transaction((tx) => tx.getContract(contractId));
          if (stored?.contract.paymentMethod?.autoPay === true) enrolled.add(contractId);
          else if (invited !== undefined && addDays(invited, behaviour.enrollsAfterDays) <= day) {
            await engine.enrollAutoPay({ contractId, paymentMethod: { kind: "card", token: `sim_tok_${contractId}`, last4: "4242", expiry: "2032-12" }, authorization: { by: stored?.contract.customer.name ?? accountId, method: "web", text: "I authorize monthly charges of my monitoring invoices to this card until I cancel (simulated)." } });
            enrolled.add(contractId);
            totals.enrollments++;
          }
        }
        if (end === undefined) continue;
        if (behaviour.renewal === "accept" && addDays(end, -45) === day) await engine.acceptRenewal({ contractId });
        else if (behaviour.renewal === "decline" && addDays(end, -40) === day) await engine.declineRenewal({ contractId, reason: "moving" });
        else continue;
        totals.renewalAnswers++;
      }
      // A customer whose account nothing was written on since they last looked, before the next
      // day they act (pay, dispute, promise), has nothing new to do: skipped without reading (a
      // store with write stamps; the year bench read every account's open invoices every day).
      const stamp = await store.transaction(async (tx) => tx.accountStamp?.(accountId));
      const idle = quiet.get(accountId);
      if (idle !== undefined && stamp !== undefined && idle.stamp === stamp && day < idle.until) continue;
      quiet.delete(accountId);
      const open = await store.transaction((tx) => tx.listOpenInvoices(accountId));
      if (open.length === 0) {
        if (stamp !== undefined) quiet.set(accountId, { stamp, until: NEVER });
        continue;
      }
      let until: CalendarDate = NEVER;
      let acted = false;
      const soonest = (d: CalendarDate): void => {
        if (d < until) until = d;
      };
      const cases = await store.transaction((tx) => tx.listCases(accountId));
      const disputed = new Set(cases.filter((c) => c.kind === "dispute" && c.status === "open").flatMap((c) => c.invoiceNumbers));
      for (const [i, dispute] of (behaviour.disputes ?? []).entries()) {
        // On its day, or the first day after it with an invoice to dispute.
        const disputeId = `sim:${accountId}:dispute:${i}`;
        if (raised.has(disputeId)) continue;
        if (dispute.on > day) {
          soonest(dispute.on);
          continue;
        }
        const latest = [...open].filter((s) => !disputed.has(s.invoice.number)).sort((a, b) => (a.invoice.issueDate < b.invoice.issueDate ? 1 : -1))[0];
        if (latest === undefined) continue;
        acted = true;
        await engine.openDispute({ id: disputeId, invoiceNumber: latest.invoice.number, reason: dispute.reason, by: "customer" });
        raised.add(disputeId);
        disputed.add(latest.invoice.number);
        totals.disputes++;
        const settleOn = addDays(day, Math.max(1, dispute.settleAfterDays));
        settlements.set(settleOn, [...(settlements.get(settleOn) ?? []), { disputeId, outcome: dispute.outcome }]);
      }
      // A promise: on its day, or the first day after it with an invoice past due; a kept one is
      // paid on the day promised.
      for (const [i, promise] of (behaviour.promises ?? []).entries()) {
        const promiseId = `sim:${accountId}:promise:${i}`;
        if (raised.has(promiseId)) continue;
        if (promise.on > day || !open.some((s) => s.invoice.dueDate < day)) {
          // The first day on or after its day with an invoice past due.
          const pastDue = addDays(open.reduce<CalendarDate>((first, s) => (s.invoice.dueDate < first ? s.invoice.dueDate : first), NEVER), 1);
          soonest(promise.on > pastDue ? promise.on : pastDue);
          continue;
        }
        acted = true;
        const promisedOn = addDays(day, promise.days);
        await engine.recordPromiseToPay({ id: promiseId, accountId, promisedOn });
        raised.add(promiseId);
        totals.promises++;
        if (promise.keeps) keptOn.set(accountId, promisedOn);
      }
      const promisedPayDay = keptOn.get(accountId) === day ? day : undefined;
      const kept = keptOn.get(accountId);
      if (kept !== undefined && kept > day) soonest(kept);
      const autoPay = open.some((s) => s.invoice.paymentInstructions.autoPay);
      for (const stored of open) {
        if (disputed.has(stored.invoice.number)) continue;
        // A customer whose debit is still clearing, or whose charge the gateway has not answered, waits.
        if (autoPay && (await store.transaction((tx) => tx.listInvoiceAttempts(stored.invoice.number))).some((a) => a.status === "pending" || a.status === "unknown" || a.status === "started")) {
          // Settling it is a write on the account, which ends the wait.
          continue;
        }
        const due = payDay(seed, behaviour, stored, autoPay);
        if (promisedPayDay === undefined && (due === undefined || due > day)) {
          if (due !== undefined) soonest(due);
          continue;
        }
        acted = true;
        await engine.recordPayment({
          id: `sim:${stored.invoice.number}:${daysBetween(stored.invoice.issueDate, day)}`,
          accountId,
          amount: stored.balance,
          channel: behaviour.channel ?? "check",
          receivedOn: day,
          invoiceNumbers: [stored.invoice.number],
        });
        totals.customerPayments++;
      }
      if (!acted && stamp !== undefined) quiet.set(accountId, { stamp, until });
    }
    const report = await engine.run();
    days++;
    for (const key of Object.keys(totals) as (keyof SimulationTotals)[]) {
      if (key === "charges" || key === "customerPayments" || key === "disputes" || key === "promises" || key === "renewalAnswers" || key === "enrollments" || key === "errors") continue;
      totals[key] += report[key];
    }
    const charges = totals.charges as { -readonly [K in keyof RunReport["charges"]]: number };
    for (const key of Object.keys(charges) as (keyof RunReport["charges"])[]) charges[key] += report.charges[key];
    totals.errors += report.errors.length;
    await options.onDay?.(day, report);
  }
  return { days, totals };
}
