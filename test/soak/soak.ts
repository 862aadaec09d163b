/**
 * A fault-injection simulation that proves the engine's invariants, in the spirit of TigerBeetle's
 * VOPR: a seeded portfolio (the demo's generator) billed day by day for years while faults are
 * injected — gateway timeouts (charged and not), notifier failures, crashes at a random effect
 * followed by a rerun, duplicated and out-of-order delivery events, gateway lookups that answer
 * "unknown" for a charge already settled, chargebacks (some notified twice), payments recorded
 * twice, ACH returns, late and missing payments — and an auditor checks after every simulated day:
 *
 * 1. no period billed twice (one live cycle or final invoice per contract, sites and period, and
 *    no two overlapping);
 * 2. no charge reaches the gateway without its attempt recorded first;
 * 3. at most one successful charge per invoice, unless refunded or charged back;
 * 4. money conserved: every payment applied or kept as credit, cash in the ledger equal to the
 *    payments less what went back, each invoice's receivable equal to its balance, and
 *    billed = paid + credited + written off + open, to the cent;
 * 5. dunning moves only forward until a payment (a move back is always `balanceCleared`);
 * 6. no reminder about an invoice already paid;
 * 7. no text message to a customer who did not consent;
 * 8. a chargeback notified again changes nothing, and a payment recorded again under its id is
 *    refused by name with nothing written.
 *
 * On a violation it prints the seed that replays it.
 *
 *   npm run soak                                   # 1,000 accounts, 5 years
 *   npm run soak -- --accounts 100 --years 1 --seed 42
 */
import { fileURLToPath } from "node:url";
import { createManualClock, createMemoryStore, createRecordingNotifier, createSimulatedGateway } from "../../src/adapters/memory/index.js";
import {
  addDays,
  createBillingEngine,
  parseContract,
  parseTimelinePolicy,
  simulate,
  ValidationError,
  type BillingEngine,
  type BillingEngineOptions,
  type CalendarDate,
  type ChargebackInput,
  type ChargeRequest,
  type Notifier,
  type OutboxEvent,
  type PaymentGateway,
  type SendRequest,
} from "../../src/index.js";
import { checkLedgerConserved } from "../../src/testing/index.js";
import { generatePortfolio } from "../../examples/portfolio/generate.js";
import { Crash, faulty } from "../engine/support.js";
import { prng } from "../../bench/prng.js";

/** How often each fault is injected: a probability per charge, per message, per day. */
export interface FaultRates {
  /** A charge's answer is lost after the money moved. */
  readonly timeoutCharged: number;
  /** A charge's answer is lost before the money moved. */
  readonly timeoutNotCharged: number;
  /** A message fails to send (retryable). */
  readonly notifierFailure: number;
  /** A day's run crashes at a random effect and is run again. */
  readonly crash: number;
  /** A day on which a random auto-pay payment is charged back. */
  readonly chargeback: number;
  /** Share of messages whose delivery events arrive duplicated and out of order. */
  readonly deliveryEvents: number;
  /**
   * A gateway lookup answers "unknown" though the gateway has the charge's result (its records
   * lag behind its answers): the engine must ask again on a later run, never charge anew.
   */
  readonly staleLookup: number;
  /** Share of chargebacks whose notification arrives again a day later (the same chargeback id). */
  readonly duplicatedChargeback: number;
  /** A day on which a payment already recorded is recorded again (a lockbox file imported twice). */
  readonly duplicatedPayment: number;
}

/** The default rates: every fault happens many times a year in a portfolio of a thousand. */
export const DEFAULT_FAULTS: FaultRates = { timeoutCharged: 0.02, timeoutNotCharged: 0.02, notifierFailure: 0.03, crash: 0.15, chargeback: 0.05, deliveryEvents: 0.2, staleLookup: 0.3, duplicatedChargeback: 0.5, duplicatedPayment: 0.05 };

/** Options of a soak run. */
export interface SoakOptions {
  readonly seed: number;
  readonly accounts: number;
  readonly years: number;
  readonly faults?: FaultRates;
  readonly onDay?: (day: CalendarDate, done: number, total: number) => void;
  /**
   * For the auditor's own tests: break a rule on purpose, so a test sees the auditor catch it —
   * `"doubleCharge"` charges every auto-pay charge twice at the gateway, `"noConsent"` forgets
   * every customer's SMS consent.
   */
  readonly sabotage?: "doubleCharge" | "noConsent";
}

/** What a soak run did and found. */
export interface SoakResult {
  readonly seed: number;
  readonly accounts: number;
  readonly days: number;
  readonly effects: { readonly invoices: number; readonly charges: number; readonly messages: number; readonly payments: number };
  readonly faults: Readonly<Record<string, number>>;
  readonly violations: readonly string[];
}


const RANK: Readonly<Record<string, number>> = { current: 0, past_due: 1, delinquent: 2, suspended: 3, collections: 4, written_off: 5 };

export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const faults = options.faults ?? DEFAULT_FAULTS;
  const random = prng(options.seed ^ 0x5eed);
  const chance = (p: number) => random() < p;
  const portfolio = generatePortfolio(options.seed, options.accounts);
  const contracts = portfolio.accounts.map((a) => parseContract(a.contract));
  const store = createMemoryStore();
  const clock = createManualClock("2026-12-27T14:00:00Z");
  const real = createSimulatedGateway({ clock });
  const recording = createRecordingNotifier();
  for (const a of portfolio.accounts) if (a.gateway !== undefined) real.script(a.gateway.token, a.gateway.script);
  await store.transaction(async (tx) => {
    for (const c of contracts) await tx.putContract(c);
  });
  const violations: string[] = [];
  const injected = { timeoutCharged: 0, timeoutNotCharged: 0, notifierFailure: 0, crash: 0, chargeback: 0, duplicatedDeliveryEvents: 0, staleLookup: 0, duplicatedChargeback: 0, duplicatedPayment: 0 };
  const violate = (day: string, what: string) => {
    if (violations.length < 50) violations.push(`${day}: ${what}`);
  };
  let today = "2026-12-27";

  // The gateway, with lost answers; every charge is checked against its recorded attempt (2) and
  // counted per invoice (3).
  const captures = new Map<string, number>();
  const gateway: PaymentGateway = {
    async charge(request: ChargeRequest) {
      const attempt = await store.transaction((tx) => tx.getAttempt(request.idempotencyKey));
      if (attempt === undefined) violate(today, `charge ${request.idempotencyKey} reached the gateway with no attempt recorded`);
      if (chance(faults.timeoutNotCharged)) {
        injected.timeoutNotCharged++;
        return { status: "unknown" };
      }
      const before = real.capturedCount();
      const result = await real.charge(request);
      if (options.sabotage === "doubleCharge") await real.charge({ ...request, idempotencyKey: `${request.idempotencyKey}:again` });
      if (real.capturedCount() > before) {
        const invoice = String(request.metadata?.invoiceNumber ?? "");
        captures.set(invoice, (captures.get(invoice) ?? 0) + real.capturedCount() - before);
      }
      if (chance(faults.timeoutCharged)) {
        injected.timeoutCharged++;
        return { status: "unknown" };
      }
      return result;
    },
    async lookup(key) {
      const answer = await real.lookup(key);
      if (answer.status !== "unknown" && chance(faults.staleLookup)) {
        injected.staleLookup++;
        return { status: "unknown" };
      }
      return answer;
    },
    refund: (request) => real.refund(request),
  };

  // The notifier, with failures; reminders about paid invoices (6) and texts without consent (7) are caught on the way out.
  // Consent by contract (two customers may share a number: a household, a shop and its owner).
  const consentOf = new Map(contracts.map((c) => [c.id, options.sabotage !== "noConsent" && c.customer.contact.smsConsent === true]));
  const contractsOfAccount = new Map<string, string[]>();
  for (const c of contracts) contractsOfAccount.set(c.customer.id, [...(contractsOfAccount.get(c.customer.id) ?? []), c.id]);
  const byPhone = new Map<string, string[]>();
  for (const c of contracts) byPhone.set(c.customer.contact.phone ?? "", [...(byPhone.get(c.customer.contact.phone ?? "") ?? []), c.id]);
  /** The contracts a message is about, from its key. */
  const aboutContracts = async (key: string, to: string): Promise<string[]> => {
    const [kind, id] = key.split(":");
    if (kind === "invoice" && id !== undefined) {
      const contractId = (await store.transaction((tx) => tx.getInvoice(id)))?.invoice.contractId;
      return contractId === undefined ? [] : [contractId];
    }
    if ((kind === "contract" || kind === "autopay") && id !== undefined) return [id];
    if (kind === "account" && id !== undefined) return contractsOfAccount.get(id) ?? [];
    return byPhone.get(to) ?? [];
  };
  const sentToday: { messageId: string }[] = [];
  const notifier: Notifier = {
    async send(request: SendRequest) {
      if (request.channel === "sms") {
        const about = await aboutContracts(request.idempotencyKey, request.to);
        if (about.length === 0 || !about.some((id) => consentOf.get(id) === true)) violate(today, `text ${request.idempotencyKey} to ${request.to}, who did not consent`);
      }
      const number = /^invoice:([^:]+):reminder:/.exec(request.idempotencyKey)?.[1];
      if (number !== undefined) {
        const stored = await store.transaction((tx) => tx.getInvoice(number));
        if (stored !== undefined && stored.invoice.status === "paid" && stored.invoice.reopenedOn === undefined) violate(today, `reminder ${request.idempotencyKey} about ${number}, paid on ${String(stored.invoice.closedOn)}`);
      }
      if (chance(faults.notifierFailure)) {
        injected.notifierFailure++;
        return { status: "failed", retryable: true, reason: "injected failure" };
      }
      const result = await recording.send(request);
      if (result.status === "accepted") sentToday.push({ messageId: result.messageId });
      return result;
    },
  };

  const engineOptions: BillingEngineOptions = {
    store,
    gateway,
    notifier,
    clock,
    policy: parseTimelinePolicy({
      lateFees: { charge: { kind: "fixed", amount: { amount: "10.00", currency: "USD" } }, graceDays: 10 },
      dunning: { suspension: { enabled: true, afterDays: 45 } },
    }),
    settings: { billFrom: "2026-12-27", renewal: { priceIncreasePercent: "3", upgrades: [] } },
  };
  const inner = createBillingEngine(engineOptions);

  // Accounts something happened to today: the auditor looks at them.
  const touched = new Set<string>();
  // Chargebacks whose notification comes again the next day.
  const chargebacksToRepeat: ChargebackInput[] = [];
  const dunningEvents: OutboxEvent[] = [];
  inner.subscribe((e) => {
    touched.add(e.accountId);
    if (e.type === "account.dunning") dunningEvents.push(e);
  });
  // Crashes: some days a first run dies at a random effect; the day's real run follows.
  const engine: BillingEngine = {
    ...inner,
    async run(runOptions) {
      if (chance(faults.crash)) {
        injected.crash++;
        const f = faulty(store, gateway, notifier, 1 + Math.floor(random() * 400));
        await createBillingEngine({ ...engineOptions, store: f.store, gateway: f.gateway, notifier: f.notifier })
          .run(runOptions)
          .catch((error: unknown) => {
            if (!(error instanceof Crash)) throw error;
          });
      }
      return inner.run(runOptions);
    },
    recordPayment(payment) {
      touched.add(payment.accountId);
      return inner.recordPayment(payment);
    },
  };

  const customers = Object.fromEntries(portfolio.accounts.map((a) => [(a.contract.customer as { id: string }).id, a.behaviour]));
  const from: CalendarDate = "2026-12-27";
  const to = addDays(addDays(from, Math.round(365.25 * options.years)), -1);
  const total = Math.round(365.25 * options.years);
  const periods = new Map<string, { start: string; end: string; number: string }[]>();
  const lastRank = new Map<string, number>();
  let auditedEvents = 0;
  let done = 0;

  const audit = async (day: CalendarDate) => {
    // 5. Dunning only forward until a payment.
    for (; auditedEvents < dunningEvents.length; auditedEvents++) {
      const e = dunningEvents[auditedEvents] as OutboxEvent;
      const fromRank = RANK[String(e.data.from)] ?? -1;
      const toRank = RANK[String(e.data.to)] ?? -1;
      if (toRank < fromRank && e.data.reason !== "balanceCleared") violate(day, `account ${e.accountId} moved back ${String(e.data.from)} → ${String(e.data.to)} without a payment`);
      lastRank.set(e.accountId, toRank);
    }
    const accounts = [...touched];
    touched.clear();
    await store.transaction(async (tx) => {
      for (const accountId of accounts) {
        const [ledger, payments, reversals, open] = [await tx.listLedger(accountId), await tx.listPayments(accountId), await tx.listReversals(accountId), await tx.listOpenInvoices(accountId)];
        // 4. Money conserved.
        for (const problem of checkLedgerConserved(ledger, payments, reversals)) violate(day, `account ${accountId}: ${problem}`);
        // A written-off invoice (still payable, its receivable moved to bad debt) is checked by the last look.
        for (const s of open.filter((o) => o.invoice.status === "open")) {
          const account = `receivable:${s.invoice.number}`;
          const owed = ledger.reduce((t, e) => t + (e.debit === account ? e.amount.minor : 0) - (e.credit === account ? e.amount.minor : 0), 0);
          if (owed !== s.balance.minor) violate(day, `invoice ${s.invoice.number}: receivable ${owed} in the ledger, balance ${s.balance.minor}`);
        }
      }
      // 1. No period billed twice: every invoice issued today, against the contract's others.
      for (const c of contracts) {
        if (!accounts.includes(c.customer.id)) continue;
        const list = periods.get(c.id) ?? [];
        const known = new Set(list.map((p) => p.number));
        for (const s of await tx.listContractInvoices(c.id)) {
          const kind = s.invoice.kind ?? "cycle";
          if (known.has(s.invoice.number) || s.invoice.status === "void" || (kind !== "cycle" && kind !== "final")) continue;
          for (const siteId of s.invoice.siteIds) {
            for (const p of list) {
              if (p.start.startsWith(`${siteId}|`) && s.invoice.period.start < p.end && p.start.slice(siteId.length + 1) < s.invoice.period.end) {
                violate(day, `contract ${c.id} site ${siteId}: ${s.invoice.number} bills ${s.invoice.period.start}–${s.invoice.period.end}, already billed by ${p.number}`);
              }
            }
          }
          for (const siteId of s.invoice.siteIds) list.push({ start: `${siteId}|${s.invoice.period.start}`, end: s.invoice.period.end, number: s.invoice.number });
          known.add(s.invoice.number);
        }
        periods.set(c.id, list);
      }
    });
    // 3. At most one successful charge per invoice, unless money went back. A debit the bank
    // returned (an ACH R01) moved no money in the end: what counts is what the gateway settled.
    for (const [invoice, captured] of captures) {
      if (captured <= 1) continue;
      let count = 0;
      for (const c of real.charges) {
        if (c.captured && String(c.request.metadata?.invoiceNumber ?? "") === invoice && (await real.lookup(c.request.idempotencyKey)).status === "succeeded") count++;
      }
      const back = real.refunds.filter((r) => String(r.idempotencyKey).includes(invoice)).length;
      if (count > 1 + back) violate(day, `invoice ${invoice} was charged successfully ${count} times`);
    }
  };

  await simulate({
    engine,
    store,
    clock,
    from,
    to,
    step: "day",
    seed: options.seed,
    customers,
    onDay: async (day) => {
      today = addDays(day, 1);
      // Delivery events for some of today's messages: duplicated, and the later before the earlier.
      for (const { messageId } of sentToday.splice(0)) {
        if (!chance(faults.deliveryEvents)) continue;
        injected.duplicatedDeliveryEvents++;
        for (const kind of ["opened", "delivered", "opened"] as const) await engine.recordDeliveryEvent({ messageId, kind, at: `${day}T${kind === "delivered" ? "14:05" : "18:30"}:00.000Z` });
      }
      // Yesterday's chargebacks notified again: the same id changes nothing.
      for (const again of chargebacksToRepeat.splice(0)) {
        const before = await store.transaction(async (tx) => ({ ledger: (await tx.listLedger(again.accountId)).length, reversals: (await tx.listReversals(again.accountId)).length }));
        const answer = await engine.recordChargeback(again).then(
          (r) => r,
          (e: unknown) => e,
        );
        injected.duplicatedChargeback++;
        const after = await store.transaction(async (tx) => ({ ledger: (await tx.listLedger(again.accountId)).length, reversals: (await tx.listReversals(again.accountId)).length }));
        if (answer instanceof Error) violate(day, `chargeback ${again.id} notified again was refused: ${answer.message}`);
        if (after.ledger !== before.ledger || after.reversals !== before.reversals) violate(day, `chargeback ${again.id} notified again wrote ${after.ledger - before.ledger} ledger entries and ${after.reversals - before.reversals} reversals`);
      }
      // A payment recorded again under its id: refused by name, nothing written.
      if (chance(faults.duplicatedPayment)) {
        const c = contracts[Math.floor(random() * contracts.length)];
        const target = c === undefined ? undefined : (await store.transaction((tx) => tx.listPayments(c.customer.id))).find((p) => p.channel !== "autopay" && p.channel !== "portal" && p.receivedOn <= day);
        if (c !== undefined && target !== undefined) {
          const ledgerBefore = await store.transaction(async (tx) => (await tx.listLedger(c.customer.id)).length);
          const answer = await engine.recordPayment({ id: target.id, accountId: c.customer.id, amount: target.amount, channel: target.channel, receivedOn: target.receivedOn }).then(
            () => undefined,
            (e: unknown) => e,
          );
          injected.duplicatedPayment++;
          const ledgerAfter = await store.transaction(async (tx) => (await tx.listLedger(c.customer.id)).length);
          if (!(answer instanceof ValidationError) || !answer.issues.some((i) => i.path.join(".") === "id")) violate(day, `payment ${target.id} recorded again was not refused by its id`);
          if (ledgerAfter !== ledgerBefore) violate(day, `payment ${target.id} recorded again wrote ${ledgerAfter - ledgerBefore} ledger entries`);
        }
      }
      // A chargeback of a random auto-pay payment.
      if (chance(faults.chargeback)) {
        const c = contracts[Math.floor(random() * contracts.length)];
        if (c !== undefined) {
          const payments = await store.transaction((tx) => tx.listPayments(c.customer.id));
          const target = payments.find((p) => p.channel === "autopay" && p.receivedOn <= day);
          if (target !== undefined) {
            const chargeback = { id: `cb-${target.id}`, accountId: c.customer.id, paymentId: target.id, on: day, reason: "fraudulent", code: "10.4" } as const;
            await engine.recordChargeback(chargeback).then(
              () => {
                injected.chargeback++;
                touched.add(c.customer.id);
                if (chance(faults.duplicatedChargeback)) chargebacksToRepeat.push(chargeback);
              },
              () => undefined,
            );
          }
        }
      }
      await audit(day);
      done++;
      options.onDay?.(day, done, total);
    },
  });
  // A last look at everything: billed = paid + credited + written off + open, to the cent.
  const everything = await store.transaction(async (tx) => {
    let billed = 0;
    let open = 0;
    let credited = 0;
    let applied = 0;
    let writtenOff = 0;
    let creditApplied = 0;
    let invoices = 0;
    let payments = 0;
    for (const c of contracts) {
      for (const s of await tx.listContractInvoices(c.id)) {
        invoices++;
        billed += s.invoice.total.minor;
        if (s.invoice.status === "open") open += s.balance.minor;
      }
      for (const n of await tx.listContractCreditNotes(c.id)) credited -= n.total.minor;
    }
    for (const accountId of new Set(contracts.map((c) => c.customer.id))) {
      const ledger = await tx.listLedger(accountId);
      writtenOff += ledger.filter((e) => e.kind === "writeOff").reduce((t, e) => t + e.amount.minor, 0);
      creditApplied += ledger.filter((e) => e.kind === "creditApplied").reduce((t, e) => t + e.amount.minor, 0);
      const ps = await tx.listPayments(accountId);
      payments += ps.length;
      applied += ps.reduce((t, p) => t + p.allocations.reduce((x, a) => x + a.amount.minor, 0), 0);
      for (const r of await tx.listReversals(accountId)) if (r.status === "succeeded") applied -= (r.fromInvoices ?? []).reduce((x, a) => x + a.amount.minor, 0);
    }
    return { billed, open, credited, applied, writtenOff, creditApplied, invoices, payments };
  });
  const accountedFor = everything.applied + everything.creditApplied + everything.credited + everything.writtenOff + everything.open;
  if (everything.billed !== accountedFor) violate(to, `billed ${everything.billed} ≠ paid ${everything.applied} + credit applied ${everything.creditApplied} + credited ${everything.credited} + written off ${everything.writtenOff} + open ${everything.open}`);
  return {
    seed: options.seed,
    accounts: options.accounts,
    days: done,
    effects: { invoices: everything.invoices, charges: real.charges.length, messages: recording.sent.length, payments: everything.payments },
    faults: injected,
    violations,
  };
}

/** The figures, in words. */
export function describeSoak(result: SoakResult, seconds: number): string {
  const f = result.faults;
  return [
    `soak: seed ${result.seed}, ${result.accounts} accounts, ${result.days} days simulated in ${seconds.toFixed(1)} s`,
    `  effects: ${result.effects.invoices} invoices, ${result.effects.charges} charges, ${result.effects.messages} messages, ${result.effects.payments} payments`,
    `  faults injected: ${Object.entries(f)
      .map(([k, v]) => `${v} ${k}`)
      .join(", ")}`,
    `  violations: ${result.violations.length}`,
    ...result.violations.map((v) => `    ${v}`),
    ...(result.violations.length === 0 ? [] : [`  replay: npm run soak -- --seed ${result.seed} --accounts ${result.accounts} --years ${(result.days / 365.25).toFixed(0)}`]),
  ].join("\n");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name: string, fallback: number) => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? Number(process.argv[i + 1]) : fallback;
  };
  const seed = arg("seed", Number(process.env.SOAK_SEED ?? 20270101));
  const started = Date.now();
  let lastYear = "";
  const result = await runSoak({
    seed,
    accounts: arg("accounts", 1000),
    years: arg("years", 5),
    onDay: (day, done, total) => {
      if (day.slice(0, 4) !== lastYear) {
        lastYear = day.slice(0, 4);
        process.stderr.write(`  ${lastYear} … day ${done} of ${total} (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
      }
    },
  });
  console.log(describeSoak(result, (Date.now() - started) / 1000));
  if (result.violations.length > 0) process.exit(1);
}
