import { parseContract, type Contract } from "../contract/index.js";
import { computeInvoice, createCreditNote, issueCreditNote, issueInvoice, type Invoice } from "../invoice/index.js";
import { fromMinorUnits } from "../money/index.js";
import { ConflictError, UniqueViolationError, type AccountLock, type BillingStore, type Notifier, type NotifierChannel, type PaymentGateway, type StoreTransaction } from "../ports/index.js";

/**
 * The test functions a suite registers with — vitest's, jest's, node:test's or mocha's `describe`
 * and `it` all fit. The suites assert by throwing, so no `expect` is needed.
 */
export interface TestApi {
  /** Groups tests. */
  describe(name: string, fn: () => void): void;
  /** One test; may return a promise. */
  it(name: string, fn: () => unknown): void;
}

function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`conformance: ${message}`);
}

async function rejectsWith(run: () => Promise<unknown>, type: abstract new (...args: never[]) => Error, what: string): Promise<void> {
  try {
    await run();
  } catch (error) {
    assert(error instanceof type, `${what}: expected ${type.name}, got ${error instanceof Error ? error.name : String(error)}`);
    return;
  }
  throw new Error(`conformance: ${what}: expected ${type.name}, nothing was thrown`);
}

/**
 * A small valid contract for the suites.
 *
 * @example
 * ```ts
 * const contract = conformanceContract("C-1");
 * contract.customer.id; // → "CUST-C-1"
 * computeInvoice(contract, "2027-01").total; // → { minor: 3999, currency: "USD" } (one monitoring line at 39.99, no tax)
 * ```
 */
export function conformanceContract(id: string): Contract {
  return parseContract({
    id,
    customer: { id: `CUST-${id}`, name: `Customer ${id}`, contact: { email: "billing@example.com" }, timeZone: "America/Chicago" },
    billing: { currency: "USD", cycle: "monthly", anchorDay: 1 },
    term: { start: "2027-01-01" },
    sites: [{ id: "S-1", name: "Home", address: { line1: "1 Main St", city: "Springfield", state: "IL", postalCode: "62701", country: "US" }, lines: [{ id: "L-mon", kind: "monitoring", tier: "cellular", rate: "39.99", taxCategory: "monitoring" }] }],
  });
}

function invoiceOf(contract: Contract, month: string, counter: number): Invoice {
  return issueInvoice(computeInvoice(contract, month), { counter });
}

/**
 * The tests every {@link BillingStore} must pass (the memory store does; so will PostgreSQL):
 * a transaction commits whole or not at all, stale versions conflict, unique keys hold — also under
 * concurrent inserts — pages return each record once, and counters are gap-free.
 *
 * @param makeStore - a fresh, empty store per test
 * @example
 * ```ts
 * import { describe, it } from "vitest";
 * describeStoreContract(() => createMemoryStore(), { describe, it });
 * ```
 */
export function describeStoreContract(makeStore: () => BillingStore | Promise<BillingStore>, api: TestApi): void {
  const { describe, it } = api;
  describe("BillingStore conformance", () => {
    it("commits every write of a transaction together", async () => {
      const store = await makeStore();
      const contract = conformanceContract("C-1");
      await store.transaction(async (tx) => {
        await tx.putContract(contract);
        await tx.insertInvoice(invoiceOf(contract, "2027-01", 1), contract.customer.id);
      });
      const seen = await store.transaction(async (tx) => [await tx.getContract("C-1"), await tx.listContractInvoices("C-1")] as const);
      assert(seen[0]?.version === 1, "a new contract has version 1");
      assert(seen[1].length === 1, "the invoice is there");
    });

    it("rolls a failed transaction back whole, counters included", async () => {
      const store = await makeStore();
      const contract = conformanceContract("C-1");
      await rejectsWith(
        () =>
          store.transaction(async (tx) => {
            await tx.putContract(contract);
            await tx.nextCounter("INV-2027");
            await tx.insertInvoice(invoiceOf(contract, "2027-01", 1), contract.customer.id);
            throw new RangeError("boom");
          }),
        RangeError,
        "the transaction's own error comes out",
      );
      const after = await store.transaction(async (tx) => [await tx.getContract("C-1"), await tx.getInvoice("INV-2026-000001"), await tx.nextCounter("INV-2027")] as const);
      assert(after[0] === undefined && after[1] === undefined, "nothing of the failed transaction is kept");
      assert(after[2] === 1, "the counter drawn in the failed transaction is given back (no gap)");
    });

    it("refuses a stale write with ConflictError", async () => {
      const store = await makeStore();
      const contract = conformanceContract("C-1");
      await store.transaction((tx) => tx.putContract(contract));
      await store.transaction((tx) => tx.putContract(contract, 1));
      await rejectsWith(() => store.transaction((tx) => tx.putContract(contract, 1)), ConflictError, "a contract written from version 1 after version 2");
      const invoice = invoiceOf(contract, "2027-01", 1);
      await store.transaction((tx) => tx.insertInvoice(invoice, contract.customer.id));
      await store.transaction((tx) => tx.updateInvoice(invoice.number, 1, { balance: fromMinorUnits(0, "USD") }));
      await rejectsWith(() => store.transaction((tx) => tx.updateInvoice(invoice.number, 1, { balance: fromMinorUnits(1, "USD") })), ConflictError, "an invoice updated from a stale version");
    });

    it("holds every unique key, also when two writers insert at once", async () => {
      const store = await makeStore();
      const contract = conformanceContract("C-1");
      await store.transaction((tx) => tx.putContract(contract));
      await rejectsWith(() => store.transaction((tx) => tx.putContract(contract)), UniqueViolationError, "a second insert of one contract id");
      const january = invoiceOf(contract, "2027-01", 1);
      // The same period under another number: one invoice per contract, site and period.
      const again = { ...january, number: "INV-2026-000002" };
      const results = await Promise.allSettled([store.transaction((tx) => tx.insertInvoice(january, "CUST-C-1")), store.transaction((tx) => tx.insertInvoice(again, "CUST-C-1"))]);
      assert(results.filter((r) => r.status === "fulfilled").length === 1, "exactly one of two invoices for one period is stored");
      const failed = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
      assert(failed.reason instanceof UniqueViolationError, "the other fails with UniqueViolationError");
      const attempt = { key: "invoice:X:autopay:1", invoiceNumber: january.number, accountId: "CUST-C-1", amount: january.total, paymentMethodToken: "tok", startedAt: "2027-01-01T00:00:00.000Z", status: "started" as const };
      const attempts = await Promise.allSettled([store.transaction((tx) => tx.insertAttempt(attempt)), store.transaction((tx) => tx.insertAttempt(attempt))]);
      assert(attempts.filter((r) => r.status === "fulfilled").length === 1, "one charge per attempt key");
      const message = { key: "invoice:X:deliver:email", accountId: "CUST-C-1", kind: "invoice", channel: "email" as const, to: "a@example.com", text: "hi", reference: "X", status: "sending" as const, createdAt: "2027-01-01T00:00:00.000Z" };
      const messages = await Promise.allSettled([store.transaction((tx) => tx.insertMessage(message)), store.transaction((tx) => tx.insertMessage(message))]);
      assert(messages.filter((r) => r.status === "fulfilled").length === 1, "one message per message key");
      const reversal = { id: "rf-1", kind: "refund" as const, accountId: "CUST-C-1", paymentId: "p-1", amount: january.total, on: "2027-01-05", reason: "x", via: "gateway" as const, status: "started" as const };
      const reversals = await Promise.allSettled([store.transaction((tx) => tx.insertReversal(reversal)), store.transaction((tx) => tx.insertReversal(reversal))]);
      assert(reversals.filter((r) => r.status === "fulfilled").length === 1, "one reversal (refund intent) per id");
      const stored = await store.transaction((tx) => tx.getReversal("rf-1"));
      assert(stored?.version === 1 && stored.status === "started", "a reversal is stored at version 1");
      await rejectsWith(() => store.transaction((tx) => tx.updateReversal("rf-1", 2, { status: "succeeded" })), ConflictError, "a stale reversal update");
    });

    it("keeps account cases unique by id, versioned, evidence appended, listed per account in order", async () => {
      const store = await makeStore();
      const dispute = { id: "dispute-1", kind: "dispute" as const, accountId: "CUST-C-1", contractId: "C-1", invoiceNumbers: ["INV-1"], status: "open" as const, openedAt: "2027-01-03T10:00:00.000Z", lineIds: [], reason: "not installed yet", evidence: [] };
      const both = await Promise.allSettled([store.transaction((tx) => tx.insertCase(dispute)), store.transaction((tx) => tx.insertCase(dispute))]);
      assert(both.filter((r) => r.status === "fulfilled").length === 1, "one case per id");
      const promise = { id: "promise-1", kind: "promiseToPay" as const, accountId: "CUST-C-1", contractId: "C-1", invoiceNumbers: ["INV-1"], status: "open" as const, openedAt: "2027-01-04T10:00:00.000Z", promisedOn: "2027-01-20" };
      await store.transaction((tx) => tx.insertCase(promise));
      const changed = await store.transaction((tx) => tx.updateCase("dispute-1", 1, { evidence: { at: "2027-01-05T09:00:00.000Z", by: "staff", text: "install ticket 88" } }));
      assert(changed.version === 2 && changed.kind === "dispute" && changed.evidence.length === 1, "evidence is appended and the version goes up");
      await rejectsWith(() => store.transaction((tx) => tx.updateCase("dispute-1", 1, { status: "closed" })), ConflictError, "a stale case update");
      const closed = await store.transaction((tx) => tx.updateCase("dispute-1", 2, { status: "closed", closedAt: "2027-01-06T09:00:00.000Z", outcome: "upheld", resolution: "installed on 2026-12-20" }));
      assert(closed.status === "closed" && closed.kind === "dispute" && closed.outcome === "upheld" && closed.evidence.length === 1, "closing keeps the evidence");
      const listed = await store.transaction((tx) => tx.listCases("CUST-C-1"));
      assert(listed.map((c) => c.id).join(",") === "dispute-1,promise-1", "an account's cases in the order recorded");
      assert((await store.transaction((tx) => tx.listCases("CUST-OTHER"))).length === 0, "another account has none");
    });

    it("pages contracts so that each comes back exactly once", async () => {
      const store = await makeStore();
      const ids = Array.from({ length: 237 }, (_, i) => `C-${String(i).padStart(4, "0")}`);
      await store.transaction(async (tx) => {
        for (const id of [...ids].reverse()) await tx.putContract(conformanceContract(id));
      });
      const seen: string[] = [];
      let after: string | undefined;
      for (;;) {
        const page = await store.transaction((tx) => tx.listContracts(after === undefined ? { limit: 50 } : { after, limit: 50 }));
        seen.push(...page.items.map((s) => s.contract.id));
        if (page.next === undefined) break;
        after = page.next;
      }
      assert(seen.length === ids.length && new Set(seen).size === ids.length, `each contract once (got ${seen.length} of ${ids.length})`);
      assert(seen.join() === ids.join(), "in id order");
    });

    it("hands out gap-free counters, distinct under concurrency", async () => {
      const store = await makeStore();
      const drawn = await Promise.all(Array.from({ length: 20 }, () => store.transaction((tx) => tx.nextCounter("RES-2027"))));
      assert([...drawn].sort((a, b) => a - b).join() === Array.from({ length: 20 }, (_, i) => i + 1).join(), `1 to 20, each once (got ${drawn.join(",")})`);
    });

    it("keeps wake-ups, when it offers them: asleep until the instant, woken by any write on the account", async () => {
      const store = await makeStore();
      const offered = await store.transaction(async (tx) => [typeof tx.accountStamp, typeof tx.setWakeUp] as const);
      assert(offered[0] === offered[1], `a store offers both wake-up methods or neither (accountStamp: ${offered[0]}, setWakeUp: ${offered[1]})`);
      if (offered[0] !== "function") return;
      const [a, b] = [conformanceContract("C-A"), conformanceContract("C-B")];
      await store.transaction(async (tx) => {
        await tx.putContract(a);
        await tx.putContract(b);
      });
      const page = (dueBy: string) => store.transaction((tx) => tx.listContracts({ dueBy }));
      const ids = (p: { items: readonly { contract: Contract }[] }) => p.items.map((s) => s.contract.id).join(",");
      const stamp = (accountId: string) => store.transaction(async (tx) => (await tx.accountStamp?.(accountId)) ?? "");
      const sleep = async (contractId: string, at: string) => {
        const accountId = `CUST-${contractId}`;
        await store.transaction(async (tx) => tx.setWakeUp?.(contractId, { at, accountStamp: (await tx.accountStamp?.(accountId)) ?? "" }));
      };
      assert(ids(await page("2027-01-01T00:00:00.000Z")) === "C-A,C-B", "with no wake-up recorded, every contract is due");
      await sleep("C-A", "2027-01-10T06:00:00.000Z");
      const before = await page("2027-01-10T05:59:59.999Z");
      assert(ids(before) === "C-B" && before.asleep?.join() === "CUST-C-A", `asleep before its instant (items ${ids(before)}, asleep ${before.asleep?.join() ?? "none"})`);
      assert(ids(await page("2027-01-10T06:00:00.000Z")) === "C-A,C-B", "due at its instant");
      assert((await store.transaction((tx) => tx.listContracts())).items.length === 2, "without dueBy every contract is listed");
      const paged = await store.transaction((tx) => tx.listContracts({ dueBy: "2027-01-05T00:00:00.000Z", limit: 1 }));
      assert(paged.items.length === 0 && paged.asleep?.join() === "CUST-C-A" && paged.next === "C-A", "a page of one asleep contract still pages on");
      assert((await store.transaction(async (tx) => { await tx.setWakeUp?.("C-A", { at: "soon", accountStamp: "0" }); }).then(() => false, () => true)), "an instant it cannot read is refused");
      // Writes on another account, and publishing events, leave it asleep.
      await store.transaction((tx) => tx.appendActivity({ id: "x-b", accountId: "CUST-C-B", at: "2027-01-02T00:00:00.000Z", kind: "note", text: "a note" }));
      await store.transaction((tx) => tx.appendEvent({ id: "e-b", type: "note", accountId: "CUST-C-B", at: "2027-01-02T00:00:00.000Z", data: {} }));
      await store.transaction((tx) => tx.markPublished(["e-b"], "2027-01-02T00:00:01.000Z"));
      assert((await page("2027-01-05T00:00:00.000Z")).asleep?.join() === "CUST-C-A", "a write on another account, or publishing an event, wakes nobody");
      // A wake-up recorded in a transaction rolled back is not kept.
      await store.transaction((tx) => tx.putContract({ ...a, customer: { ...a.customer, name: "Renamed" } }, 1));
      assert(ids(await page("2027-01-05T00:00:00.000Z")) === "C-A,C-B", "a contract change wakes it");
      await rejectsWith(
        () =>
          store.transaction(async (tx) => {
            await tx.setWakeUp?.("C-A", { at: "2027-06-01T00:00:00.000Z", accountStamp: (await tx.accountStamp?.("CUST-C-A")) ?? "" });
            throw new RangeError("crash");
          }),
        RangeError,
        "the transaction's own error comes out",
      );
      assert(ids(await page("2027-01-05T00:00:00.000Z")) === "C-A,C-B", "a wake-up of a rolled-back transaction is not kept");
      // Every kind of write on the account wakes it.
      const invoice = invoiceOf(a, "2027-01", 1);
      const account = a.customer.id;
      const at = "2027-01-02T00:00:00.000Z";
      const promise = { id: "promise-w", kind: "promiseToPay" as const, accountId: account, contractId: a.id, invoiceNumbers: [invoice.number], status: "open" as const, openedAt: at, promisedOn: "2027-01-20" };
      const writes: readonly (readonly [string, (tx: StoreTransaction) => Promise<unknown>])[] = [
        ["an invoice", (tx) => tx.insertInvoice(invoice, account)],
        ["an invoice's balance", (tx) => tx.updateInvoice(invoice.number, 1, { balance: fromMinorUnits(100, "USD") })],
        ["a credit note", (tx) => tx.insertCreditNote(issueCreditNote(createCreditNote(invoice, { lines: [{ invoiceLineId: invoice.lines[0]?.id ?? "", share: "0.5" }], reason: "outage", date: "2027-01-20" }), { counter: 1 }), account)],
        ["a charge attempt", (tx) => tx.insertAttempt({ key: "wake:1", invoiceNumber: invoice.number, accountId: account, amount: invoice.total, paymentMethodToken: "tok", startedAt: at, status: "started" })],
        ["an attempt's outcome", (tx) => tx.updateAttempt("wake:1", 1, { status: "succeeded", outcome: { status: "succeeded", chargeId: "ch_1" } })],
        ["a payment", (tx) => tx.insertPayment({ id: "p-w", accountId: account, amount: fromMinorUnits(100, "USD"), channel: "check", receivedOn: "2027-01-02", allocations: [], unapplied: fromMinorUnits(100, "USD") })],
        ["a reversal", (tx) => tx.insertReversal({ id: "rf-w", kind: "refund", accountId: account, paymentId: "p-w", amount: fromMinorUnits(100, "USD"), on: "2027-01-03", reason: "x", via: "gateway", status: "started" })],
        ["a reversal's outcome", (tx) => tx.updateReversal("rf-w", 1, { status: "succeeded" })],
        ["a ledger line", (tx) => tx.appendLedger([{ id: "l-w", accountId: account, at, kind: "payment", debit: "cash", credit: "receivable", amount: fromMinorUnits(100, "USD"), reference: "p-w" }])],
        ["a message", (tx) => tx.insertMessage({ key: "wake:m", accountId: account, kind: "invoice", channel: "email", to: "a@example.com", text: "hi", reference: invoice.number, status: "sending", createdAt: at })],
        ["a message's outcome", (tx) => tx.updateMessage("wake:m", 1, { status: "accepted" })],
        ["a case", (tx) => tx.insertCase(promise)],
        ["a case's change", (tx) => tx.updateCase("promise-w", 1, { status: "closed", closedAt: at })],
        ["an activity line", (tx) => tx.appendActivity({ id: "x-a", accountId: account, at, kind: "note", text: "a note" })],
        ["an event", (tx) => tx.appendEvent({ id: "e-a", type: "note", accountId: account, at, data: {} })],
      ];
      for (const [what, write] of writes) {
        await sleep("C-A", "2027-06-01T00:00:00.000Z");
        const stampBefore = await stamp(account);
        assert((await page("2027-01-05T00:00:00.000Z")).asleep?.join() === "CUST-C-A", `asleep before ${what}`);
        await store.transaction(write);
        assert((await stamp(account)) !== stampBefore, `${what} moves the account's stamp`);
        assert(ids(await page("2027-01-05T00:00:00.000Z")) === "C-A,C-B", `${what} wakes the contract`);
      }
    });

    it("publishes each outbox event until it is marked", async () => {
      const store = await makeStore();
      await store.transaction((tx) => tx.appendEvent({ id: "e1", type: "invoice.issued", accountId: "A", at: "2027-01-01T00:00:00.000Z", data: {} }));
      const pending = await store.transaction((tx) => tx.listPendingEvents(10));
      assert(pending.length === 1, "the event is pending");
      await store.transaction((tx) => tx.markPublished(["e1"], "2027-01-01T00:00:01.000Z"));
      assert((await store.transaction((tx) => tx.listPendingEvents(10))).length === 0, "a published event is no longer pending");
    });
  });
}

/**
 * The tests every {@link AccountLock} must pass: one holder per account at a time, other accounts
 * free, a released lock after an error.
 *
 * @example
 * ```ts
 * describeLockContract(() => createMemoryStore(), { describe, it });
 * ```
 */
export function describeLockContract(makeLock: () => AccountLock | Promise<AccountLock>, api: TestApi): void {
  api.describe("AccountLock conformance", () => {
    api.it("lets one holder in at a time per account, and releases after an error", async () => {
      const lock = await makeLock();
      let inside = 0;
      let most = 0;
      const work = (): Promise<void> =>
        lock.withAccountLock("A", async () => {
          inside++;
          most = Math.max(most, inside);
          await new Promise((resolve) => setTimeout(resolve, 5));
          inside--;
        });
      await Promise.all([work(), work(), work(), lock.withAccountLock("B", async () => undefined)]);
      assert(most === 1, `at most one holder of account A (saw ${most})`);
      await lock.withAccountLock("A", async () => {
        throw new Error("x");
      }).catch(() => undefined);
      assert((await lock.withAccountLock("A", async () => "free")) === "free", "the lock is free after its holder failed");
    });
  });
}

/**
 * The tests every {@link PaymentGateway} must pass: a key charges once, `lookup` knows what a key
 * did (and that an unknown key did nothing), a refund never exceeds the charge.
 *
 * @param makeGateway - a fresh gateway and a token it approves
 * @example
 * ```ts
 * describeGatewayContract(() => ({ gateway: createSimulatedGateway({ clock }), approvingToken: "tok_ok" }), { describe, it });
 * ```
 */
export function describeGatewayContract(makeGateway: () => { gateway: PaymentGateway; approvingToken: string } | Promise<{ gateway: PaymentGateway; approvingToken: string }>, api: TestApi): void {
  api.describe("PaymentGateway conformance", () => {
    api.it("charges a key once, and lookup reports it", async () => {
      const { gateway, approvingToken } = await makeGateway();
      const request = { idempotencyKey: "conformance-1", paymentMethodToken: approvingToken, amount: fromMinorUnits(1999, "USD"), metadata: {} };
      const first = await gateway.charge(request);
      const second = await gateway.charge(request);
      assert(first.status === "succeeded" && second.status === "succeeded", "the approving token succeeds");
      assert(first.chargeId === second.chargeId, "the same key answers the same charge");
      const looked = await gateway.lookup("conformance-1");
      assert(looked.status === "succeeded", "lookup knows the charge");
      assert((await gateway.lookup("never-sent")).status === "not_found", "lookup of an unknown key: not found");
      const refund = await gateway.refund({ idempotencyKey: "r1", chargeId: first.chargeId, amount: fromMinorUnits(2000, "USD") });
      assert(refund.status === "failed", "a refund above the charge fails");
    });
  });
}

/** The channel and address {@link describeNotifierContract} sends to (default email to `conformance@example.com`). */
export interface NotifierContractOptions {
  /** The channel the notifier sends on. */
  readonly channel: NotifierChannel;
  /** An address on it that accepts messages. */
  readonly to: string;
}

/**
 * The tests every {@link Notifier} must pass: a key is sent once. An SMS-only notifier gives its
 * channel and a number that accepts messages.
 *
 * @example
 * ```ts
 * describeNotifierContract(() => createRecordingNotifier(), { describe, it });
 * describeNotifierContract(() => mySmsNotifier, { describe, it }, { channel: "sms", to: "+15125550123" });
 * ```
 */
export function describeNotifierContract(makeNotifier: () => Notifier | Promise<Notifier>, api: TestApi, options: NotifierContractOptions = { channel: "email", to: "conformance@example.com" }): void {
  api.describe("Notifier conformance", () => {
    api.it("sends a key once and answers the same message id", async () => {
      const notifier = await makeNotifier();
      const request = { idempotencyKey: "conformance-m1", channel: options.channel, to: options.to, kind: "invoice", subject: "Invoice", text: "Hello" };
      const first = await notifier.send(request);
      const second = await notifier.send(request);
      assert(first.status === "accepted" && second.status === "accepted" && first.messageId === second.messageId, "one message per key");
    });
  });
}
