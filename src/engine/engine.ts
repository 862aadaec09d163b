import { addDays, isCalendarDate, parseInstant, toCalendarDate, type CalendarDate } from "../calendar/index.js";
import type { Contract } from "../contract/index.js";
import { ErrorCodes, IssueCollector, ValidationError } from "../errors/index.js";
import { fromMinorUnits, toDecimalString, type Money } from "../money/index.js";
import type { CreditNote } from "../invoice/index.js";
import { creditNoteMessage } from "../messages/index.js";
import { UniqueViolationError, type AccountCase, type AccountLock, type BillingStore, type ChargeAttempt, type StoredContract, type StoredInvoice } from "../ports/index.js";
import { collectAutoPay, sendReceipts } from "./autopay.js";
import { addDisputeEvidence, openDispute, openlyDisputed, recordPromiseToPay, resolveDispute, sendDisputeAnswers } from "./cases.js";
import { newCounters, type RunContext, type RunCounters } from "./context.js";
import { deliver } from "./deliver.js";
import { followUp, sendReminders, type DueReminder } from "./followUp.js";
import { followTrackingLink, payByLink } from "./portalPayments.js";
import { checkRenewalLink } from "./renewalLinks.js";
import { invoiceNoun, issueDue } from "./issue.js";
import { handleReads } from "./readCache.js";
import { answerRenewal, renewals } from "./renewals.js";
import { clearExceptions, listExceptions, raise, raiseException, resolveException } from "./exceptions.js";
import { flagExpiringCard } from "./autopay.js";
import { cancelAutoPay, enrollAutoPay, inviteToAutoPay } from "./enrollment.js";
import { collectionsWorkList, recordLegalAction } from "./collections.js";
import { creditBalance } from "./ledger.js";
import { applyPayment } from "./payments.js";
import { shardOf } from "./shard.js";
import { paymentLinkFor, verifyPaymentLink } from "./paymentLinks.js";
import { reversePayment, writeOffInvoice } from "./reversals.js";
import { stageWakeUps, WakeUp } from "./wakeUp.js";
import { checkStatementSettings, sendStatement } from "./statements.js";
import { DEFAULT_ENGINE_SETTINGS, type BillingEngine, type BillingEngineOptions, type EventSubscriber, type RunError, type RunOptions, type RunReport, type ShardRunOptions } from "./types.js";

/** How long after its issue date an invoice no longer open is still looked at by the run (see `handle`). */
const ACTIVE_INVOICE_DAYS = 60;

function lockOf(options: BillingEngineOptions): AccountLock {
  if (options.lock !== undefined) return options.lock;
  const store = options.store as BillingStore & Partial<AccountLock>;
  if (typeof store.withAccountLock === "function") return store as AccountLock;
  throw new TypeError("createBillingEngine needs `lock` (an AccountLock) when the store has no withAccountLock");
}

/** Adds one handle's counters to the run's (each a count; `charges` by the gateway's answer). */
function addCounters(into: RunCounters, from: RunCounters): void {
  for (const key of Object.keys(from) as (keyof RunCounters)[]) {
    if (key === "charges") {
      for (const outcome of Object.keys(from.charges) as (keyof RunCounters["charges"])[]) into.charges[outcome] += from.charges[outcome];
    } else into[key] += from[key];
  }
}

/**
 * The billing engine: the imperative shell around the pure core. `run({ asOf })` does what is due
 * by `asOf` — issue (lead days before each cycle date, numbered inside the storing transaction),
 * deliver (the customer's channels in order, falling to the next), collect auto-pay (notice,
 * charge, payment applied, receipt) — reading and writing only through the ports, each account
 * under its lock, every effect recorded under a stable key before the outside call and resolved
 * first on a rerun: a crash at any step, a second run or a second worker never issues, charges or
 * sends anything twice. One broken contract is reported and the run goes on.
 *
 * @example
 * ```ts
 * const engine = createBillingEngine({ store, gateway, notifier, clock, tax });
 * const report = await engine.run({ asOf: "2027-01-01T12:00:00Z" });
 * report.invoicesIssued; // 1
 * ```
 */
export function createBillingEngine(options: BillingEngineOptions): BillingEngine {
  const lock = lockOf(options);
  const settings = { ...DEFAULT_ENGINE_SETTINGS, ...options.settings, renewal: { ...DEFAULT_ENGINE_SETTINGS.renewal, ...options.settings?.renewal }, autoPay: { ...DEFAULT_ENGINE_SETTINGS.autoPay, ...options.settings?.autoPay } };
  checkStatementSettings(settings.statements);
  const subscribers = new Set<EventSubscriber>();
  // The clock's reading in one form (UTC, milliseconds); the same reading is converted once.
  let lastReading: string | undefined;
  let lastNow = "";
  const now = (): string => {
    const reading = options.clock.now();
    if (reading !== lastReading) {
      lastNow = new Date(parseInstant(reading)).toISOString();
      lastReading = reading;
    }
    return lastNow;
  };
  // The run's day in each customer's zone, worked out once per zone and run.
  const daysByZone = new Map<string, { instant: string; day: CalendarDate }>();
  const dayIn = (instant: string, timeZone: string): CalendarDate => {
    const known = daysByZone.get(timeZone);
    if (known !== undefined && known.instant === instant) return known.day;
    const day = toCalendarDate(instant, timeZone);
    daysByZone.set(timeZone, { instant, day });
    return day;
  };
  const { store } = options;

  const context = (): RunContext => ({ store, gateway: options.gateway, notifier: options.notifier, tax: options.tax, rounding: options.rounding, settings, policy: options.policy, messages: options.messages, now, dayIn, report: newCounters() });

  /** The account an invoice is billed to, or a validation error naming the field. */
  const accountOfInvoice = async (invoiceNumber: string, path: string): Promise<string> => {
    const accountId = await store.transaction(async (tx) => (await tx.getInvoice(invoiceNumber))?.accountId);
    if (accountId === undefined) throw new ValidationError([{ path: [path], code: ErrorCodes.invalidReference, message: `no invoice ${invoiceNumber}` }]);
    return accountId;
  };
  /** The account a dispute is on. */
  const accountOfDispute = async (disputeId: string): Promise<string> => {
    const found = await store.transaction((tx) => tx.getCase(disputeId));
    if (found === undefined || found.kind !== "dispute") throw new ValidationError([{ path: ["disputeId"], code: ErrorCodes.invalidReference, message: `no dispute ${disputeId}` }]);
    return found.accountId;
  };

  /** Runs `fn` under the lock of the account a contract bills (none known: `fn` reports it). */
  const withContractAccount = async <T>(contractId: string, fn: () => Promise<T>): Promise<T> => {
    const accountId = await store.transaction(async (tx) => (await tx.getContract(contractId))?.accountId);
    return accountId === undefined ? fn() : lock.withAccountLock(accountId, fn, { timeoutMs: settings.lockTimeoutMs });
  };

  const publishEvents = async (): Promise<number> => {
    let published = 0;
    for (;;) {
      const pending = await store.transaction((tx) => tx.listPendingEvents(200));
      if (pending.length === 0) return published;
      for (const event of pending) for (const subscriber of subscribers) await subscriber(event);
      // At least once: marked only after every subscriber had it; a crash before this hands them again.
      await store.transaction((tx) => tx.markPublished(pending.map((e) => e.id), now()));
      published += pending.length;
    }
  };

  /**
   * The contract as the run reaches its customer: a channel whose address bounced or drew a
   * complaint (an open `bouncedContact` exception) is skipped — messages go to the next channel
   * until a person corrects the contact (a new address clears the exception).
   */
  const reachable = (contract: Contract, cases: readonly AccountCase[]): Contract => {
    const bounced = cases.filter((c) => c.kind === "exception" && c.exception === "bouncedContact" && c.status === "open").map((c) => c.id);
    if (bounced.length === 0) return contract;
    const { email, phone } = contract.customer.contact;
    const dead = (channel: string): boolean =>
      (channel === "email" && email !== undefined && bounced.some((id) => id.endsWith(`:email:${email}`))) || (channel === "sms" && phone !== undefined && bounced.some((id) => id.endsWith(`:sms:${phone}`)));
    const channels = contract.customer.channels.filter((c) => !dead(c));
    return channels.length === contract.customer.channels.length ? contract : { ...contract, customer: { ...contract.customer, channels } };
  };

  const handle = async (runCtx: RunContext, given: Contract, accountId: string, asOfInstant: string, asOfDay: CalendarDate | undefined, reminders: Map<string, DueReminder[]>, wakeUps: boolean): Promise<void> => {
    const asOf = asOfDay ?? dayIn(asOfInstant, given.customer.timeZone);
    await lock.withAccountLock(
      accountId,
      async () => {
        // The handle's reads of invoices, attempts and credit notes, kept while it holds the lock
        // (readCache.ts): 55 → 42 statements per contract in the PostgreSQL month bench.
        const store = handleReads(runCtx.store);
        // The handle's own counters, added to the run's when it ends: what it wrote is told by
        // its counters alone, also while other accounts' handles run beside it.
        const ctx: RunContext = { ...runCtx, store, report: newCounters() };
        try {
          await handleAccount(ctx, store);
        } finally {
          addCounters(runCtx.report, ctx.report);
        }
      },
      { timeoutMs: settings.lockTimeoutMs },
    );

    async function handleAccount(ctx: RunContext, store: BillingStore): Promise<void> {
      // Disputes, promises to pay, late fees waiting and renewal answers, as recorded; and the
      // account's write stamp, against which the contract's next wake-up is recorded — with the
      // contract as of that stamp: a write since the page was read (a CRM sync) would otherwise be
      // planned from the page's older copy and put to sleep under the newer stamp.
      const read = await store.transaction(async (tx) => ({
        cases: await tx.listCases(accountId),
        stamp: wakeUps ? await tx.accountStamp?.(accountId) : undefined,
        fresh: wakeUps ? (await tx.getContract(given.id))?.contract : undefined,
      }));
      const { cases, stamp } = read;
      const latest = read.fresh ?? given;
      const wake = stamp === undefined ? undefined : new WakeUp(Date.parse(asOfInstant));
      const heldBefore = ctx.report.heldForQuietHours;
      const effectsBefore = effectsOf(ctx);
      // First: a renewal writes the contract's next version, so the next term's first invoice
      // is issued on time (its lead days before the old term's end).
      let contract = reachable(latest, cases);
      if (await renewals(ctx, contract, accountId, asOfInstant, cases, wake)) contract = reachable((await store.transaction((tx) => tx.getContract(given.id)))?.contract ?? latest, cases);
      let nextIssue: (() => CalendarDate | undefined) | undefined;
      await issueDue(ctx, contract, accountId, asOf, wake === undefined ? undefined : (next) => (nextIssue = next));
      // The invoices that can still need something: open ones, and the ones issued or settled in
      // the last weeks (a delivery that failed, a receipt, a debit still clearing — also on an
      // invoice paid by check long after it was issued). An invoice settled long ago needs nothing
      // more, and looking at the whole history every day would grow the run with the contract's age.
      const since = addDays(asOf, -ACTIVE_INVOICE_DAYS);
      const history = await store.transaction(async (tx) => ({ invoices: await tx.listContractInvoices(contract.id), notes: await tx.listContractCreditNotes(contract.id) }));
      const invoices = history.invoices.filter((s) => s.invoice.status === "open" || s.invoice.issueDate >= since || (s.invoice.closedOn !== undefined && s.invoice.closedOn >= since));
      for (const stored of invoices) await deliverInvoice(ctx, contract, accountId, stored);
      // Credit notes of the last weeks go out as invoices do (once each, by key) — but not one
      // settling a dispute: the dispute's answer names it and what it credited.
      for (const note of history.notes) {
        if (note.date < since || cases.some((c) => c.kind === "dispute" && c.creditNoteNumber === note.number)) continue;
        const credited = history.invoices.find((s) => s.invoice.number === note.invoiceNumber);
        if (credited !== undefined) await deliverCreditNote(ctx, contract, accountId, note, credited);
      }
      const disputed = openlyDisputed(cases);
      for (const stored of invoices) {
        const fresh = await store.transaction((tx) => tx.getInvoice(stored.invoice.number));
        // No charge of an invoice the customer disputes.
        if (fresh !== undefined && !disputed.has(fresh.invoice.number)) await collectAutoPay(ctx, contract, accountId, fresh, asOf);
        await sendReceipts(ctx, contract, accountId, stored.invoice.number);
      }
      // Reminders, failure notices, retries, late fees and dunning, as the timeline plans them.
      const issuedBefore = ctx.report.invoicesIssued;
      await followUp(ctx, contract, accountId, asOfInstant, cases, (due) => {
        const known = reminders.get(accountId);
        if (known === undefined) reminders.set(accountId, [...due]);
        else known.push(...due);
      }, wake);
      await sendDisputeAnswers(ctx, contract, accountId, cases, asOfInstant);
      await flagExpiringCard(ctx, contract, accountId, invoices);
      await inviteToAutoPay(ctx, contract, accountId, invoices);
      // The periodic account statement: one per account and period, on its day (else two string reads).
      await sendStatement(ctx, contract, accountId, asOf);
      // Exceptions whose cause is gone: the contract billed, the payment method replaced, the invoice settled.
      const token = contract.paymentMethod?.token;
      const expiry = contract.paymentMethod?.kind === "card" ? contract.paymentMethod.expiry : undefined;
      const settled = new Set(invoices.filter((i) => i.invoice.status !== "open").map((i) => i.invoice.number));
      await clearExceptions(store, contract, cases, (c) => {
        if (c.exception === "billingFailed") return "the run billed the contract";
        if (c.exception === "bouncedContact" && !c.id.endsWith(`:email:${latest.customer.contact.email ?? ""}`) && !c.id.endsWith(`:sms:${latest.customer.contact.phone ?? ""}`)) return "the contact was corrected";
        if (c.exception === "hardDecline" && c.id !== `exception:hardDecline:${token ?? ""}`) return "a new payment method is on file";
        if (c.exception === "expiringCard" && c.id !== `exception:expiringCard:${token ?? ""}:${expiry ?? ""}`) return "the card on file was replaced or renewed";
        if (c.exception === "paymentUnresolved" && c.invoiceNumbers.every((n) => settled.has(n))) return "the invoice is settled";
        if (c.exception === "salesAlert" && cases.some((r) => r.kind === "renewal" && r.contractId === contract.id && c.id.includes(`:${r.termEnd}:`))) return "the customer answered the renewal";
        if ((c.exception === "salesAlert" || c.exception === "renewalNoticeMissed") && !c.id.includes(`:${contract.term.end ?? ""}:`)) return "the term was renewed";
        if ((c.exception === "salesAlert" || c.exception === "renewalNoticeMissed") && contract.term.end !== undefined && asOf >= contract.term.end) return "the term ended without a renewal";
        return undefined;
      }, now());
      // A late-fee invoice issued just now goes out on this run too.
      if (ctx.report.invoicesIssued > issuedBefore) {
        for (const stored of await store.transaction((tx) => tx.listContractInvoices(contract.id))) await deliverInvoice(ctx, contract, accountId, stored);
      }
      // A retry that succeeded has its receipt too.
      for (const stored of invoices) await sendReceipts(ctx, contract, accountId, stored.invoice.number);
      // A handle that issued, sent or charged wrote on the account: no wake-up to record (the next run looks again).
      if (wake !== undefined && stamp !== undefined && effectsOf(ctx) === effectsBefore) await recordWakeUp(ctx, wake, stamp, contract, accountId, asOf, invoices, cases, heldBefore, nextIssue);
    }
  };

  /** A sum of the run's counters of effects that write on the account: it moves, something was written. */
  const effectsOf = (ctx: RunContext): number => {
    const r = ctx.report;
    return r.invoicesIssued + r.creditNotesIssued + r.messagesSent + r.postedToPortal + r.upcomingChargeNotices + r.reminders + r.failureNotices + r.retries + r.charges.succeeded + r.charges.declined + r.charges.pending + r.charges.unknown + r.charges.requiresAction;
  };

  /**
   * Records the contract's next wake-up — only when this run wrote nothing on the account (its
   * stamp is the one read first): the run's reads then still hold, so nothing is due before the
   * earliest instant the stages wait for. After a write the next run looks again (and records it).
   */
  const recordWakeUp = async (ctx: RunContext, wake: WakeUp, stamp: string, contract: Contract, accountId: string, asOf: CalendarDate, invoices: readonly StoredInvoice[], cases: readonly AccountCase[], heldBefore: number, nextIssue: (() => CalendarDate | undefined) | undefined): Promise<void> => {
    if (ctx.report.heldForQuietHours > heldBefore) wake.soon("a message held for quiet hours");
    // A promise's day closes it; a dispute pauses the invoice's timeline until it is settled.
    if (cases.some((c) => c.status === "open" && (c.kind === "promiseToPay" || c.kind === "dispute"))) wake.soon("an open promise or dispute");
    await ctx.store.transaction(async (tx) => {
      if ((await tx.accountStamp?.(accountId)) !== stamp || tx.setWakeUp === undefined) return;
      const attempts = new Map<string, readonly ChargeAttempt[]>();
      for (const stored of invoices) attempts.set(stored.invoice.number, await tx.listInvoiceAttempts(stored.invoice.number));
      stageWakeUps(ctx, wake, contract, asOf, invoices, attempts);
      const issue = nextIssue?.();
      if (issue !== undefined) wake.day(issue, contract.customer.timeZone, "the next invoice");
      await tx.setWakeUp(contract.id, { at: Number.isFinite(wake.ms) ? new Date(wake.ms).toISOString() : "9999-12-31T00:00:00.000Z", accountStamp: stamp });
    });
  };

  // The invoice message's payment link, signed once per invoice and amount: the run passes every
  // recent invoice to the delivery stage each day, and signing (HMAC) was a twentieth of a
  // simulated year; the link depends on nothing else (its expiry comes from the due date).
  const links = new Map<string, string>();
  const invoiceLink = (invoice: StoredInvoice["invoice"], balance: Money): string => {
    const key = `${invoice.number}|${invoice.dueDate}|${balance.minor}|${balance.currency}`;
    let link = links.get(key);
    if (link === undefined) {
      link = paymentLinkFor(settings, invoice, balance);
      if (links.size >= 20_000) links.clear();
      links.set(key, link);
    }
    return link;
  };

  const deliverCreditNote = async (ctx: RunContext, contract: Contract, accountId: string, note: CreditNote, credited: StoredInvoice): Promise<void> => {
    const link = paymentLinkFor(settings, credited.invoice, credited.balance);
    const amount = `${toDecimalString(fromMinorUnits(-note.total.minor, note.currency))} ${note.currency}`;
    await deliver(ctx, contract, accountId, {
      key: `creditNote:${note.number}:deliver`,
      kind: "creditNote",
      subject: `Credit note ${note.number}: ${amount} credited on invoice ${note.invoiceNumber}`,
      text: [
        `Hello ${contract.customer.name},`,
        `Credit note ${note.number} credits ${amount} on invoice ${note.invoiceNumber}: ${note.reason}.`,
        credited.balance.minor > 0 ? `Left to pay on ${note.invoiceNumber}: ${toDecimalString(credited.balance)} ${credited.balance.currency}.` : `Nothing is left to pay on ${note.invoiceNumber}; any rest is kept as credit on your account.`,
        `See it securely: ${link}`,
      ].join("\n"),
      reference: note.number,
      template: { kind: "creditNote", model: creditNoteMessage(note, { customerName: contract.customer.name, documentLink: link }) },
    }, (tx, via) => tx.appendEvent({ id: `creditNote.delivered:${note.number}:${via}`, type: "creditNote.delivered", accountId, at: now(), data: { creditNoteNumber: note.number, via } }));
  };

  const deliverInvoice = async (ctx: RunContext, contract: Contract, accountId: string, stored: StoredInvoice): Promise<void> => {
    const invoice = stored.invoice;
    if (invoice.status === "void") return;
    const link = invoiceLink(invoice, stored.balance);
    const noun = invoiceNoun(invoice);
    await deliver(ctx, contract, accountId, {
      key: `invoice:${invoice.number}:deliver`,
      kind: "invoice",
      subject: `${noun} ${invoice.number}: ${toDecimalString(invoice.total)} ${invoice.currency} due ${invoice.dueDate}`,
      text: [
        `Hello ${contract.customer.name},`,
        `${noun} ${invoice.number} for ${invoice.period.start} to ${invoice.period.end} (exclusive): ${toDecimalString(invoice.total)} ${invoice.currency}, due ${invoice.dueDate}.`,
        invoice.paymentInstructions.text,
        `Pay or view it securely: ${link}`,
      ].join("\n"),
      reference: invoice.number,
      template: { kind: "invoice", model: { customerName: contract.customer.name, invoiceNumber: invoice.number, total: invoice.total, dueDate: invoice.dueDate, paymentLink: link, ...(contract.paymentMethod?.autoPay === true ? { autoPayMethod: `${contract.paymentMethod.kind === "ach" ? "bank account" : contract.paymentMethod.kind}${contract.paymentMethod.last4 === undefined ? "" : ` ending ${contract.paymentMethod.last4}`}` } : {}) } },
    }, (tx, via) => tx.appendEvent({ id: `invoice.delivered:${invoice.number}:${via}`, type: "invoice.delivered", accountId, at: now(), data: { invoiceNumber: invoice.number, via } }));
  };

  /** The run over every account, or over those `accept` takes (one shard). */
  const runAccounts = async (runOptions: RunOptions, accept: ((accountId: string) => boolean) | undefined): Promise<RunReport> => {
    const started = Date.now();
    const concurrency = runOptions.concurrency ?? 1;
    if (!Number.isSafeInteger(concurrency) || concurrency < 1 || concurrency > 64) {
      throw new ValidationError([{ path: ["concurrency"], code: ErrorCodes.invalidValue, message: `expected a whole number of accounts handled at once, from 1 to 64, got ${JSON.stringify(concurrency)}` }]);
    }

    const given = runOptions.asOf;
    const asOfDay = given !== undefined && isCalendarDate(given) ? given : undefined;
    const asOfInstant = asOfDay !== undefined || given === undefined ? now() : new Date(parseInstant(given)).toISOString();
    // What the run does happens no earlier than the instant it works to: a run "as of" a time ahead
    // of the clock stamps its attempts and messages at that time, so the retries and reminders it
    // plans are spaced from it (not from the clock, which would make a week's retries at once).
    const base = context();
    const ctx: RunContext = { ...base, now: () => { const clockNow = now(); return clockNow > asOfInstant ? clockNow : asOfInstant; } };
    const errors: RunError[] = [];
    let after: string | undefined;
    let done = 0;
    let asleep = 0;
    // A run to an instant pages only the contracts with something due (when the store keeps wake-ups).
    const dueBy = asOfDay === undefined ? asOfInstant : undefined;
    // Reminders due today, per account, from all its contracts: sent together after the
    // contracts are handled, so a customer with two contracts gets one message, not two.
    const reminders = new Map<string, DueReminder[]>();
    // A page of contracts at a time: a million contracts never sit in memory together.
    for (;;) {
      const { page, wakeUps } = await store.transaction(async (tx) => ({
        page: await tx.listContracts({ ...(after === undefined ? {} : { after }), limit: 500, ...(dueBy === undefined ? {} : { dueBy }) }),
        wakeUps: dueBy !== undefined && typeof tx.setWakeUp === "function" && typeof tx.accountStamp === "function",
      }));
      for (const accountId of page.asleep ?? []) if (accept === undefined || accept(accountId)) asleep++;
      const handleOne = async (stored: StoredContract): Promise<void> => {
        try {
          await handle(ctx, stored.contract, stored.accountId, asOfInstant, asOfDay, reminders, wakeUps);
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          errors.push({ contractId: stored.contract.id, message, code: (error as { code?: string }).code });
          // For a person: the contract stays unbilled until it is fixed (cleared by the first run that bills it).
          const raised = await raise(store, { id: `exception:billingFailed:${stored.contract.id}`, accountId: stored.accountId, contractId: stored.contract.id, exception: "billingFailed", reason: message, action: "correct the contract (or the tax table, or the policy) so the run can bill it" }, now()).catch(() => false);
          if (raised) ctx.report.exceptionsRaised++;
        }
        done++;
        runOptions.onProgress?.({ done, contractId: stored.contract.id });
      };
      const mine = accept === undefined ? page.items : page.items.filter((stored) => accept(stored.accountId));
      if (concurrency === 1) {
        for (const stored of mine) await handleOne(stored);
      } else {
        // Several accounts at once, each account's contracts one after another in id order (as
        // one at a time would): a worker takes the next account of the page when it is free.
        const accounts = new Map<string, StoredContract[]>();
        for (const stored of mine) {
          const list = accounts.get(stored.accountId);
          if (list === undefined) accounts.set(stored.accountId, [stored]);
          else list.push(stored);
        }
        const queue = [...accounts.values()];
        let next = 0;
        const worker = async (): Promise<void> => {
          while (next < queue.length) {
            const contracts = queue[next++] as StoredContract[];
            for (const stored of contracts) await handleOne(stored);
          }
        };
        await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
      }
      if (page.next === undefined) break;
      after = page.next;
    }
    for (const [accountId, due] of reminders) {
      try {
        await lock.withAccountLock(accountId, async () => {
          // Read again under the lock: an invoice paid since its contract was handled is not reminded.
          const fresh = await store.transaction(async (tx) => {
            const out: DueReminder[] = [];
            for (const d of due) {
              const current = await tx.getInvoice(d.stored.invoice.number);
              if (current !== undefined && current.invoice.status === "open" && current.balance.minor > 0) out.push({ ...d, stored: current });
            }
            return out;
          });
          if (fresh.length > 0) await sendReminders(ctx, accountId, fresh);
        }, { timeoutMs: settings.lockTimeoutMs });
      } catch (error) {
        errors.push({ contractId: due[0]?.contract.id ?? accountId, message: error instanceof Error ? error.message : String(error), code: (error as { code?: string }).code });
      }
    }
    ctx.report.contracts = done + asleep;
    const eventsPublished = await publishEvents();
    return { asOf: asOfInstant, ...ctx.report, eventsPublished, errors, durationMs: Date.now() - started };
  };

  return {
    run: (runOptions: RunOptions = {}) => runAccounts(runOptions, undefined),

    async runShard(shardOptions: ShardRunOptions): Promise<RunReport> {
      const issues = new IssueCollector();
      const { shard, shards } = shardOptions;
      if (!Number.isSafeInteger(shards) || shards < 1) issues.add(["shards"], ErrorCodes.invalidValue, `expected a whole number of shards of at least 1, got ${JSON.stringify(shards)}`);
      if (!Number.isSafeInteger(shard) || shard < 0 || (Number.isSafeInteger(shards) && shard >= shards)) issues.add(["shard"], ErrorCodes.invalidValue, `expected a shard from 0 to ${Number.isSafeInteger(shards) && shards >= 1 ? shards - 1 : "shards − 1"}, got ${JSON.stringify(shard)}`);
      if (!issues.ok) throw new ValidationError(issues.issues);
      return runAccounts(shardOptions, (accountId) => shardOf(accountId, shards) === shard);
    },


    async recordPayment(payment) {
      const issues = new IssueCollector();
      if (!Number.isSafeInteger(payment.amount.minor) || payment.amount.minor <= 0) issues.add(["amount"], ErrorCodes.tooSmall, `a payment must be above zero, got ${toDecimalString(payment.amount)}`);
      if (!isCalendarDate(payment.receivedOn)) issues.add(["receivedOn"], ErrorCodes.invalidDate, `expected a day "YYYY-MM-DD", got ${JSON.stringify(payment.receivedOn)}`);
      return lock.withAccountLock(payment.accountId, () =>
        store.transaction(async (tx) => {
          const ledger = await tx.listLedger(payment.accountId);
          if (ledger.length === 0) issues.add(["accountId"], ErrorCodes.invalidReference, `no account "${payment.accountId}" has been billed`);
          const currency = ledger[0]?.amount.currency;
          if (currency !== undefined && currency !== payment.amount.currency) issues.add(["amount", "currency"], ErrorCodes.currencyMismatch, `the account is billed in ${currency}, not ${payment.amount.currency}`);
          const targets: StoredInvoice[] = [];
          if (payment.invoiceNumbers !== undefined) {
            for (const [i, number] of payment.invoiceNumbers.entries()) {
              const stored = await tx.getInvoice(number);
              if (stored === undefined || stored.accountId !== payment.accountId) issues.add(["invoiceNumbers", i], ErrorCodes.invalidReference, `account ${payment.accountId} has no invoice ${number}`);
              else if (stored.invoice.status === "void") issues.add(["invoiceNumbers", i], ErrorCodes.invalidValue, `invoice ${number} is void: it cannot be paid`);
              else targets.push(stored);
            }
          } else {
            targets.push(...(await tx.listOpenInvoices(payment.accountId)));
          }
          if (!issues.ok) throw new ValidationError(issues.issues);
          try {
            return await applyPayment(tx, { id: payment.id, accountId: payment.accountId, amount: payment.amount, channel: payment.channel, receivedOn: payment.receivedOn, targets, reference: payment.reference, by: payment.by ?? "staff" }, now());
          } catch (error) {
            if (error instanceof UniqueViolationError && error.index === "payments.id") throw new ValidationError([{ path: ["id"], code: ErrorCodes.invalidValue, message: `payment ${payment.id} is already recorded` }]);
            throw error;
          }
        }),
      );
    },

    refundPayment: (refund) => lock.withAccountLock(refund.accountId, () => reversePayment(store, options.gateway, { ...refund, kind: "refund" }, now), { timeoutMs: settings.lockTimeoutMs }),

    recordChargeback: (chargeback) => lock.withAccountLock(chargeback.accountId, () => reversePayment(store, options.gateway, { ...chargeback, kind: "chargeback" }, now), { timeoutMs: settings.lockTimeoutMs }),

    recordAchReturn: (achReturn) => {
      return lock.withAccountLock(
        achReturn.accountId,
        async () => {
          // A return sends the whole debit back.
          const payment = await store.transaction(async (tx) => (await tx.listPayments(achReturn.accountId)).find((p) => p.id === achReturn.paymentId));
          return reversePayment(store, options.gateway, { ...achReturn, kind: "achReturn", amount: payment?.amount }, now);
        },
        { timeoutMs: settings.lockTimeoutMs },
      );
    },

    async writeOff(request) {
      const accountId = await accountOfInvoice(request.invoiceNumber, "invoiceNumber");
      return lock.withAccountLock(accountId, () => store.transaction((tx) => writeOffInvoice(tx, request, now())), { timeoutMs: settings.lockTimeoutMs });
    },

    async verifyPaymentLink(token) {
      const keys = settings.paymentLinkKeys;
      if (keys === undefined) throw new TypeError("the engine signs no payment links: give settings.paymentLinkKeys");
      const checked = verifyPaymentLink(token, { keys, now: now() });
      if (!checked.valid) return checked;
      const stored = await store.transaction((tx) => tx.getInvoice(checked.invoiceNumber));
      const status = stored?.invoice.status;
      return {
        ...checked,
        invoiceStatus: status ?? "unknown",
        balance: stored?.balance ?? { ...checked.amount, minor: 0 },
        ...(stored === undefined ? {} : { invoice: stored.invoice }),
      };
    },

    async verifyRenewalLink(token) {
      const keys = settings.paymentLinkKeys;
      if (keys === undefined) throw new TypeError("the engine signs no renewal links: give settings.paymentLinkKeys");
      return checkRenewalLink(context(), token, keys);
    },

    async payByLink(input) {
      return payByLink(context(), input, (token) => this.verifyPaymentLink(token), (accountId, fn) => lock.withAccountLock(accountId, fn, { timeoutMs: settings.lockTimeoutMs }));
    },

    async followTrackingLink(token) {
      const keys = settings.paymentLinkKeys;
      if (keys === undefined) throw new TypeError("the engine signs no links: give settings.paymentLinkKeys");
      return followTrackingLink(context(), token, keys);
    },

    async recordDeliveryEvent(event) {
      await store.transaction(async (tx) => {
        const message = await tx.findMessageById(event.messageId);
        if (message === undefined) throw new ValidationError([{ path: ["messageId"], code: ErrorCodes.invalidReference, message: `no message has id ${event.messageId}` }]);
        // A provider's webhook delivered twice changes nothing.
        if (message.events.some((e) => e.kind === event.kind && e.at === event.at)) return;
        const status = event.kind === "delivered" ? "delivered" : event.kind === "bounced" || event.kind === "complained" ? "bounced" : undefined;
        await tx.updateMessage(message.key, message.version, { event: { kind: event.kind, at: event.at }, ...(status === undefined ? {} : { status }) });
        await tx.appendActivity({ id: `${message.key}:${event.kind}:${event.at}`, accountId: message.accountId, at: event.at, kind: `message.${event.kind}`, text: `${message.subject ?? message.kind} (${message.channel} to ${message.to}): ${event.kind}`, reference: message.reference });
        if (event.kind === "bounced" || event.kind === "complained") {
          const contractId = (await tx.getInvoice(message.reference))?.invoice.contractId ?? message.reference;
          await raiseException(tx, { id: `exception:bouncedContact:${message.accountId}:${message.channel}:${message.to}`, accountId: message.accountId, contractId, exception: "bouncedContact", reason: `${message.channel} to ${message.to} ${event.kind}`, action: `get a working ${message.channel === "sms" ? "mobile number" : "email address"} from the customer and update the contract` }, now());
        }
      });
    },

    async openDispute(dispute) {
      const accountId = await accountOfInvoice(dispute.invoiceNumber, "invoiceNumber");
      return lock.withAccountLock(accountId, () => openDispute(context(), dispute, accountId), { timeoutMs: settings.lockTimeoutMs });
    },

    async addDisputeEvidence(evidence) {
      const accountId = await accountOfDispute(evidence.disputeId);
      return lock.withAccountLock(accountId, () => addDisputeEvidence(context(), evidence), { timeoutMs: settings.lockTimeoutMs });
    },

    async resolveDispute(resolution) {
      const accountId = await accountOfDispute(resolution.disputeId);
      return lock.withAccountLock(accountId, () => resolveDispute(context(), resolution), { timeoutMs: settings.lockTimeoutMs });
    },

    acceptRenewal: (answer) => withContractAccount(answer.contractId, () => answerRenewal(context(), answer, "accepted")),

    declineRenewal: (answer) => withContractAccount(answer.contractId, () => answerRenewal(context(), answer, "declined")),

    recordPromiseToPay: (promise) => lock.withAccountLock(promise.accountId, () => recordPromiseToPay(context(), promise), { timeoutMs: settings.lockTimeoutMs }),

    enrollAutoPay: (input) => withContractAccount(input.contractId, () => enrollAutoPay(context(), input)),

    cancelAutoPay: (input) => withContractAccount(input.contractId, () => cancelAutoPay(context(), input)),

    listExceptions: () => listExceptions(store, now()),

    collectionsWorkList: () => collectionsWorkList(store, now()),

    recordLegalAction: (input) => lock.withAccountLock(input.accountId, () => recordLegalAction(store, input, now()), { timeoutMs: settings.lockTimeoutMs }),

    resolveException: (input) => resolveException(store, input, now()),

    async activity(accountId, range = {}) {
      const issues = new IssueCollector();
      const read = (value: string | undefined, field: "from" | "to"): number | undefined => {
        if (value === undefined) return undefined;
        try {
          return isCalendarDate(value) ? Date.parse(`${value}T00:00:00Z`) : parseInstant(value, [field]);
        } catch {
          issues.add([field], ErrorCodes.invalidInstant, `expected an ISO instant or a day "YYYY-MM-DD", got ${JSON.stringify(value)}`);
          return undefined;
        }
      };
      const from = read(range.from, "from");
      const to = read(range.to, "to");
      if (from !== undefined && to !== undefined && to <= from) issues.add(["to"], ErrorCodes.endBeforeStart, `the range ends (${range.to ?? ""}) at or before it starts (${range.from ?? ""})`);
      if (!issues.ok) throw new ValidationError(issues.issues);
      const entries = await store.transaction((tx) => tx.listActivity(accountId));
      return entries
        .map((entry, i) => ({ entry, i, ms: Date.parse(String(entry.at)) }))
        .filter(({ ms }) => (from === undefined || ms >= from) && (to === undefined || ms < to))
        .sort((a, b) => a.ms - b.ms || a.i - b.i)
        .map(({ entry }) => ({ ...entry, actor: entry.actor ?? "system" }));
    },

    accountCredit: (accountId: string, currency: string): Promise<Money> => store.transaction((tx) => creditBalance(tx, accountId, currency)),

    subscribe(subscriber) {
      subscribers.add(subscriber);
      return () => subscribers.delete(subscriber);
    },
    publishEvents,
  };
}
