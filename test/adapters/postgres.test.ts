/**
 * The PostgreSQL store on PGlite (always) and on a real server (RMR_TEST_DATABASE_URL, default
 * postgres://rmr:rmr@127.0.0.1:5432/rmr_test): the conformance suites, then one script of
 * operations on the memory reference store and on PostgreSQL, compared read by read and error by
 * error. Each test works in a schema of its own, so runs never see each other's rows.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import fc from "fast-check";
import { Pool } from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createMemoryStore, invoicePeriodKey as memoryPeriodKey } from "../../src/adapters/memory/index.js";
import { encodeJson, parseInstant, parseJson } from "../../src/adapters/postgres/codec.js";
import { createPgliteStore, createPostgresStore, invoicePeriodKey, migrate, MIGRATIONS, pgExecutor, pgliteExecutor, type PostgresStore } from "../../src/adapters/postgres/index.js";
import { computeInvoice, createCreditNote, issueCreditNote, issueInvoice, type Invoice } from "../../src/invoice/index.js";
import { fromMinorUnits } from "../../src/money/index.js";
import { ConflictError, LockTimeoutError, UniqueViolationError, type AccountLock, type BillingStore, type LedgerEntry, type StoreTransaction } from "../../src/ports/index.js";
import { conformanceContract, describeLockContract, describeStoreContract } from "../../src/testing/index.js";
import { SERVER_URL, serverPool } from "./server.js";

const RUN = `${process.pid}_${Date.now().toString(36)}`;
let schemas = 0;
const nextSchema = (): string => `rmr_t_${RUN}_${++schemas}`;


const pglite = await PGlite.create();
const pool = await serverPool({ max: 16, file: "test/adapters/postgres.test.ts", skipped: "the server tests are SKIPPED; PGlite tests run. Set RMR_TEST_DATABASE_URL or start PostgreSQL to run them." });
const serverSchemas: string[] = [];

afterAll(async () => {
  if (pool !== undefined) {
    // Ten at a time (each schema holds tables, triggers and a function since migration 3; one
    // statement per schema outlasted the hook's default 10 s on a loaded machine).
    for (let i = 0; i < serverSchemas.length; i += 10) await pool.query(`DROP SCHEMA IF EXISTS ${serverSchemas.slice(i, i + 10).map((schema) => `"${schema}"`).join(", ")} CASCADE`);
    await pool.end();
  }
  await pglite.close();
}, 120_000);

interface Backend {
  readonly name: string;
  /** A fresh, migrated store in a new schema. */
  make(): Promise<PostgresStore>;
}

const backends: Backend[] = [
  {
    name: "PGlite",
    async make() {
      const store = createPostgresStore({ executor: pgliteExecutor(pglite), schema: nextSchema() });
      await store.migrate();
      return store;
    },
  },
];
if (pool !== undefined) {
  backends.push({
    name: "PostgreSQL server",
    async make() {
      const schema = nextSchema();
      serverSchemas.push(schema);
      const store = createPostgresStore({ pool, schema });
      await store.migrate();
      return store;
    },
  });
}
if (pool === undefined) {
  describe("PostgreSQL server (unreachable here: skipped, as the warning above says)", () => {
    it.skip(`needs ${SERVER_URL}`, () => undefined);
  });
}

const contract = conformanceContract("C-1");
const invoiceFor = (month: string, counter: number, c = contract): Invoice => issueInvoice(computeInvoice(c, month), { counter });

/** What a call gave: its value, or the error's kind and what the port says it carries. */
async function outcomeOf(run: () => Promise<unknown>): Promise<unknown> {
  try {
    return { value: await run() };
  } catch (error) {
    if (error instanceof UniqueViolationError) return { unique: error.index, key: error.key };
    if (error instanceof ConflictError) return { conflict: error.record, expected: error.expected, actual: error.actual };
    return { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

/**
 * A script touching every method of the port, with its orders, unique keys and stale versions:
 * what each step returned (or threw) is logged, so two stores can be compared step by step.
 */
async function script(store: BillingStore): Promise<unknown[]> {
  const log: unknown[] = [];
  const step = async (name: string, fn: (tx: StoreTransaction) => Promise<unknown>): Promise<void> => {
    log.push([name, await outcomeOf(() => store.transaction(fn))]);
  };
  const c2 = conformanceContract("C-2");
  const jan = invoiceFor("2027-01", 1);
  const feb = invoiceFor("2027-02", 2);
  const janC2 = invoiceFor("2027-01", 3, c2);
  await step("put contracts", async (tx) => [await tx.putContract(contract), await tx.putContract(c2)]);
  await step("put a known id", (tx) => tx.putContract(contract));
  await step("update", (tx) => tx.putContract({ ...contract, customer: { ...contract.customer, name: "Renamed" } }, 1));
  await step("stale update", (tx) => tx.putContract(contract, 1));
  await step("update of an unknown contract", (tx) => tx.putContract(conformanceContract("C-9"), 1));
  await step("get", async (tx) => [await tx.getContract("C-1"), await tx.getContract("nope")]);
  await step("page", async (tx) => [await tx.listContracts({ limit: 1 }), await tx.listContracts({ after: "C-1", limit: 1 }), await tx.listContracts({ after: "C-2" })]);

  // Invoices: February first, so "oldest due first" is not insertion order.
  await step("insert invoices", async (tx) => [await tx.insertInvoice(feb, "CUST-C-1"), await tx.insertInvoice(jan, "CUST-C-1"), await tx.insertInvoice(janC2, "CUST-C-2")]);
  await step("same number", (tx) => tx.insertInvoice({ ...jan, period: { ...jan.period, start: "2027-03-01" } }, "CUST-C-1"));
  await step("same period", (tx) => tx.insertInvoice({ ...jan, number: "INV-OTHER" }, "CUST-C-1"));
  await step("pay january", (tx) => tx.updateInvoice(jan.number, 1, { balance: fromMinorUnits(1000, "USD") }));
  await step("stale invoice", (tx) => tx.updateInvoice(jan.number, 1, { balance: fromMinorUnits(0, "USD") }));
  await step("unknown invoice", (tx) => tx.updateInvoice("INV-NONE", 1, { balance: fromMinorUnits(0, "USD") }));
  await step("void february", (tx) => tx.updateInvoice(feb.number, 1, { invoice: { ...feb, status: "void", closedOn: "2027-01-20", closeReason: "duplicate" }, balance: fromMinorUnits(0, "USD") }));
  await step("lists", async (tx) => [await tx.getInvoice(jan.number), await tx.getInvoice("INV-NONE"), await tx.listContractInvoices("C-1"), await tx.listOpenInvoices("CUST-C-1"), await tx.listOpenInvoices("CUST-C-2")]);

  const draft = createCreditNote(jan, { share: { numerator: 2n ** 60n, denominator: 2n ** 62n }, reason: "a quarter back", date: "2027-01-10" });
  const note = issueCreditNote(draft, { counter: 1 });
  await step("credit note", async (tx) => [await tx.insertCreditNote(note, "CUST-C-1"), await tx.listContractCreditNotes("C-1"), await tx.listContractCreditNotes("C-2")]);
  await step("credit note again", (tx) => tx.insertCreditNote(note, "CUST-C-1"));

  const attempt = { key: "invoice:INV:autopay:1", invoiceNumber: jan.number, accountId: "CUST-C-1", amount: jan.total, paymentMethodToken: "tok_ok", startedAt: "2027-01-01T15:00:00.000Z", status: "started" as const };
  await step("attempts", async (tx) => [await tx.insertAttempt(attempt), await tx.insertAttempt({ ...attempt, key: "invoice:INV:autopay:2", startedAt: "2027-01-02T15:00:00.000Z", status: "skipped" })]);
  await step("attempt again", (tx) => tx.insertAttempt(attempt));
  await step("attempt outcome", (tx) => tx.updateAttempt(attempt.key, 1, { status: "succeeded", outcome: { status: "succeeded", chargeId: "ch_1" } }));
  await step("attempt status only", (tx) => tx.updateAttempt(attempt.key, 2, { status: "succeeded" }));
  await step("stale attempt", (tx) => tx.updateAttempt(attempt.key, 1, { status: "declined" }));
  await step("attempt reads", async (tx) => [await tx.getAttempt(attempt.key), await tx.getAttempt("none"), await tx.listInvoiceAttempts(jan.number)]);

  const payment = { id: "pay-1", accountId: "CUST-C-1", amount: fromMinorUnits(6000, "USD"), channel: "check" as const, receivedOn: "2027-01-03", allocations: [{ invoiceNumber: jan.number, amount: fromMinorUnits(4999, "USD") }], unapplied: fromMinorUnits(1001, "USD"), reference: "check 1044" };
  await step("payments", async (tx) => [await tx.insertPayment(payment), await tx.insertPayment({ ...payment, id: "pay-2", reference: undefined, allocations: [], unapplied: payment.amount })]);
  await step("payment again", (tx) => tx.insertPayment(payment));
  await step("payments listed", (tx) => tx.listPayments("CUST-C-1"));
  // A field the port does not know today (a later version may add one): kept and given back.
  await step("a field of a later port", async (tx) => {
    await tx.insertPayment({ ...payment, id: "pay-3", note: "kept in extra" } as typeof payment);
    return (await tx.listPayments("CUST-C-1")).find((p) => p.id === "pay-3");
  });

  const reversal = { id: "rf-1", kind: "refund" as const, accountId: "CUST-C-1", paymentId: "pay-1", amount: fromMinorUnits(1001, "USD"), on: "2027-01-05", reason: "overpaid", via: "gateway" as const, status: "started" as const };
  await step("reversal", (tx) => tx.insertReversal(reversal));
  await step("reversal again", (tx) => tx.insertReversal(reversal));
  await step("reversal done", (tx) => tx.updateReversal("rf-1", 1, { status: "succeeded", fromCredit: fromMinorUnits(1001, "USD"), fromInvoices: [], refundId: "re_1" }));
  await step("stale reversal", (tx) => tx.updateReversal("rf-1", 1, { status: "failed" }));
  await step("chargeback", (tx) => tx.insertReversal({ id: "cb-1", kind: "chargeback", accountId: "CUST-C-1", paymentId: "pay-2", amount: fromMinorUnits(500, "USD"), on: "2027-01-06", reason: "fraud", code: "10.4", via: "outside", status: "succeeded", fromInvoices: [{ invoiceNumber: jan.number, amount: fromMinorUnits(500, "USD") }] }));
  await step("reversal reads", async (tx) => [await tx.getReversal("rf-1"), await tx.getReversal("none"), await tx.listReversals("CUST-C-1")]);

  const entry = (id: string, at: string, minor: number): LedgerEntry => ({ id, accountId: "CUST-C-1", at, kind: "payment", debit: "cash", credit: "customer-credit:CUST-C-1", amount: fromMinorUnits(minor, "USD"), reference: "pay-1" });
  await step("ledger", (tx) => tx.appendLedger([entry("l-3", "2027-01-03T10:00:00.000Z", 300), entry("l-1", "2027-01-01T10:00:00.000Z", 100), { ...entry("l-2", "2027-01-02T10:00:00.000Z", 200), memo: "kept in extra" } as LedgerEntry]));
  await step("ledger with a held id", (tx) => tx.appendLedger([entry("l-4", "2027-01-04T10:00:00.000Z", 400), entry("l-1", "2027-01-01T10:00:00.000Z", 100)]));
  await step("ledger read", async (tx) => [await tx.listLedger("CUST-C-1"), await tx.listLedger("CUST-C-2")]);

  const message = { key: "invoice:INV:deliver:email", accountId: "CUST-C-1", kind: "invoice", channel: "email" as const, to: "a@example.com", subject: "Your invoice", text: "Hello", reference: jan.number, status: "sending" as const, createdAt: "2027-01-01T15:00:00.000Z" };
  await step("messages", async (tx) => [await tx.insertMessage({ ...message, html: "<p>Hello</p>", template: "invoice.default" }), await tx.insertMessage({ ...message, key: "reminder:sms", channel: "sms", subject: undefined, status: "merged", mergedInto: message.key })]);
  await step("message again", (tx) => tx.insertMessage(message));
  await step("message accepted", (tx) => tx.updateMessage(message.key, 1, { status: "accepted", outcome: { status: "accepted", messageId: "msg-77" } }));
  await step("message delivered", (tx) => tx.updateMessage(message.key, 2, { status: "delivered", event: { kind: "delivered", at: "2027-01-01T15:01:00.000Z" } }));
  await step("stale message", (tx) => tx.updateMessage(message.key, 2, { status: "bounced" }));
  await step("message reads", async (tx) => [await tx.getMessage(message.key), await tx.getMessage("none"), await tx.findMessageById("msg-77"), await tx.findMessageById("msg-none"), await tx.listMessages("CUST-C-1")]);

  const dispute = { id: "dispute-1", kind: "dispute" as const, accountId: "CUST-C-1", contractId: "C-1", invoiceNumbers: [jan.number], status: "open" as const, openedAt: "2027-01-03T10:00:00.000Z", lineIds: [], reason: "not installed", evidence: [] };
  const promise = { id: "promise-1", kind: "promiseToPay" as const, accountId: "CUST-C-1", contractId: "C-1", invoiceNumbers: [jan.number], status: "open" as const, openedAt: "2027-01-04T10:00:00.000Z", promisedOn: "2027-01-20", amount: fromMinorUnits(2500, "USD") };
  await step("cases", async (tx) => [await tx.insertCase(dispute), await tx.insertCase(promise)]);
  await step("case again", (tx) => tx.insertCase(dispute));
  await step("evidence", (tx) => tx.updateCase("dispute-1", 1, { evidence: { at: "2027-01-05T09:00:00.000Z", by: "staff", text: "ticket 88" } }));
  await step("evidence on a promise (ignored)", (tx) => tx.updateCase("promise-1", 1, { evidence: { at: "2027-01-05T09:00:00.000Z", by: "staff", text: "x" }, resolution: "kept" }));
  await step("close dispute", (tx) => tx.updateCase("dispute-1", 2, { status: "closed", closedAt: "2027-01-06T09:00:00.000Z", outcome: "credited", creditNoteNumber: note.number, resolution: "a quarter credited" }));
  await step("stale case", (tx) => tx.updateCase("dispute-1", 2, { status: "open" }));
  await step("case reads", async (tx) => [await tx.getCase("dispute-1"), await tx.getCase("none"), await tx.listCases("CUST-C-1"), await tx.listCases("CUST-C-2")]);

  await step("activity", async (tx) => {
    await tx.appendActivity({ id: "a-1", accountId: "CUST-C-1", at: "2027-01-01T10:00:00.000Z", kind: "invoice.issued", text: "Invoice issued", reference: jan.number, actor: "jane@example.com", details: { channel: "email", messageKey: "k" } });
    await tx.appendActivity({ id: "a-1", accountId: "CUST-C-1", at: "2027-01-01T09:00:00.000Z", kind: "note", text: "same id twice is kept twice, as in the memory store" });
    return tx.listActivity("CUST-C-1");
  });

  await step("events", async (tx) => {
    await tx.appendEvent({ id: "e-1", type: "invoice.issued", accountId: "CUST-C-1", at: "2027-01-01T10:00:00.000Z", data: { invoiceNumber: jan.number, total: jan.total } });
    await tx.appendEvent({ id: "e-0", type: "old", accountId: "CUST-C-1", at: "2026-12-01T10:00:00.000Z", data: {}, publishedAt: "2026-12-01T10:00:01.000Z" });
    await tx.appendEvent({ id: "e-2", type: "payment.succeeded", accountId: "CUST-C-1", at: "2027-01-02T10:00:00.000Z", data: { nested: { list: [1, "two", null, true] } } });
    await tx.appendEvent({ id: "e-3", type: "invoice.delivered", accountId: "CUST-C-2", at: "2027-01-02T11:00:00.000Z", data: {} });
    return [await tx.listPendingEvents(2), await tx.listPendingEvents(10)];
  });
  await step("event again", (tx) => tx.appendEvent({ id: "e-1", type: "x", accountId: "A", at: "2027-01-01T10:00:00.000Z", data: {} }));
  await step("mark", async (tx) => {
    await tx.markPublished(["e-2", "e-0", "nope"], "2027-01-03T00:00:00.000Z");
    await tx.markPublished([], "2027-01-03T00:00:00.000Z");
    return tx.listPendingEvents(10);
  });

  await step("counters", async (tx) => [await tx.nextCounter("INV-2027"), await tx.nextCounter("INV-2027"), await tx.nextCounter("CN-2027")]);
  await step("counter rolled back", async (tx) => {
    await tx.nextCounter("INV-2027");
    throw new RangeError("boom");
  });
  await step("counter after", (tx) => tx.nextCounter("INV-2027"));
  return log;
}

for (const backend of backends) {
  describe(`${backend.name}: conformance`, () => {
    describeStoreContract(() => backend.make(), { describe, it });
    describeLockContract(() => backend.make(), { describe, it });
  });

  describe(`${backend.name}: the same answers as the memory store`, () => {
    it("returns what the memory store returns, step by step, for every method, its orders, unique keys and stale versions", async () => {
      const expected = await script(createMemoryStore());
      const got = await script(await backend.make());
      expect(got.length).toBe(expected.length);
      for (let i = 0; i < expected.length; i++) expect(got[i]).toEqual(expected[i]);
      // A few of the facts the script pins, said outright.
      const byName = new Map(got.map((entry) => entry as [string, Record<string, unknown>]));
      expect(byName.get("put a known id")).toEqual({ unique: "contracts.id", key: "C-1" });
      expect(byName.get("same period")).toMatchObject({ unique: "invoices.period" });
      expect(byName.get("same number")).toMatchObject({ unique: "invoices.number", key: "INV-2026-000001" });
      expect(byName.get("payment again")).toEqual({ unique: "payments.id", key: "pay-1" });
      expect(byName.get("ledger with a held id")).toEqual({ unique: "ledger.id", key: "l-1" });
      expect(byName.get("stale invoice")).toEqual({ conflict: "invoice INV-2026-000001", expected: 1, actual: 2 });
      expect(byName.get("counter after")).toEqual({ value: 3 });
    });

    it("goes on in a transaction after a unique violation it caught (no aborted transaction)", async () => {
      const store = await backend.make();
      const payment = { id: "pay-1", accountId: "A", amount: fromMinorUnits(100, "USD"), channel: "cash" as const, receivedOn: "2027-01-03", allocations: [], unapplied: fromMinorUnits(100, "USD") };
      await store.transaction((tx) => tx.insertPayment(payment));
      const after = await store.transaction(async (tx) => {
        const caught = await tx.insertPayment(payment).catch((error: unknown) => error);
        const ledger = await tx.appendLedger([{ id: "l-1", accountId: "A", at: "2027-01-03T00:00:00.000Z", kind: "payment", debit: "cash", credit: "x", amount: fromMinorUnits(100, "USD"), reference: "pay-1" }]).catch((error: unknown) => error);
        const again = await tx.appendLedger([{ id: "l-2", accountId: "A", at: "2027-01-03T00:00:00.000Z", kind: "payment", debit: "cash", credit: "x", amount: fromMinorUnits(1, "USD"), reference: "pay-1" }, { id: "l-1", accountId: "A", at: "2027-01-03T00:00:00.000Z", kind: "payment", debit: "cash", credit: "x", amount: fromMinorUnits(1, "USD"), reference: "pay-1" }]).catch((error: unknown) => error);
        await tx.putContract(contract);
        return { caught, ledger, again };
      });
      expect(after.caught).toBeInstanceOf(UniqueViolationError);
      expect(after.ledger).toBeUndefined();
      expect((after.again as UniqueViolationError).index).toBe("ledger.id");
      const kept = await store.transaction(async (tx) => [(await tx.listLedger("A")).map((e) => e.id), (await tx.getContract("C-1"))?.version]);
      // l-2 of the refused batch is not kept: a batch goes in whole or not at all.
      expect(kept).toEqual([["l-1"], 1]);
    });

    it("keeps nothing of a transaction whose failed statement the callback caught, and says so", async () => {
      const store = await backend.make();
      const outcome = await store
        .transaction(async (tx) => {
          await tx.putContract(contract);
          // PostgreSQL refuses a NUL in text: the statement fails and aborts the transaction.
          await tx.appendActivity({ id: "a", accountId: "A", at: "2027-01-01T00:00:00.000Z", kind: "k", text: "bad\u0000text" }).catch(() => undefined);
          return "returned normally";
        })
        .then(
          (value) => value,
          (error: unknown) => (error instanceof Error ? error.message : String(error)),
        );
      expect(outcome).toMatch(/roll|abort/i);
      expect(await store.transaction((tx) => tx.getContract("C-1"))).toBeUndefined();
    });

    it("runs every statement asked before COMMIT, and none of a failed transaction after ROLLBACK", async () => {
      const store = await backend.make();
      const entry = (id: string): LedgerEntry => ({ id, accountId: "A", at: "2027-01-01T00:00:00.000Z", kind: "payment", debit: "cash", credit: "x", amount: fromMinorUnits(1, "USD"), reference: "r" });
      // Not awaited by the callback: still committed with it.
      await store.transaction(async (tx) => {
        void tx.appendLedger([entry("l-1")]);
        void tx.appendLedger([entry("l-2")]);
      });
      // A failure with writes still queued: none of them is kept.
      await store
        .transaction(async (tx) => {
          await tx.appendLedger([entry("l-3")]);
          void tx.appendLedger([entry("l-4")]).catch(() => undefined);
          throw new RangeError("boom");
        })
        .catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect((await store.transaction((tx) => tx.listLedger("A"))).map((e) => e.id)).toEqual(["l-1", "l-2"]);
    });

    it("keeps dates as YYYY-MM-DD strings and instants as UTC ISO strings, whatever the offset written", async () => {
      const store = await backend.make();
      const seen = await store.transaction(async (tx) => {
        await tx.insertAttempt({ key: "k", invoiceNumber: "I", accountId: "A", amount: fromMinorUnits(1, "USD"), paymentMethodToken: "t", startedAt: "2027-01-31T23:30:00-06:00", status: "started" });
        await tx.insertPayment({ id: "p", accountId: "A", amount: fromMinorUnits(1, "USD"), channel: "cash", receivedOn: "2027-01-31", allocations: [], unapplied: fromMinorUnits(1, "USD") });
        return [(await tx.getAttempt("k"))?.startedAt, (await tx.listPayments("A"))[0]?.receivedOn];
      });
      // Whatever TZ this process runs in (the suite runs under UTC and America/Los_Angeles).
      expect(seen).toEqual(["2027-02-01T05:30:00.000Z", "2027-01-31"]);
    });

    it("keeps money exact to the cent in bigint columns, up to the largest safe amount", async () => {
      const store = await backend.make();
      const big = Number.MAX_SAFE_INTEGER;
      const amounts = await store.transaction(async (tx) => {
        await tx.appendLedger([
          { id: "l-big", accountId: "A", at: "2027-01-01T00:00:00.000Z", kind: "invoice", debit: "receivable:I", credit: "revenue", amount: fromMinorUnits(big, "USD"), reference: "I" },
          { id: "l-jpy", accountId: "A", at: "2027-01-01T00:00:00.000Z", kind: "invoice", debit: "receivable:J", credit: "revenue", amount: fromMinorUnits(129_99, "JPY"), reference: "J" },
        ]);
        return (await tx.listLedger("A")).map((e) => e.amount);
      });
      expect(amounts).toEqual([
        { minor: 9_007_199_254_740_991, currency: "USD" },
        { minor: 12_999, currency: "JPY" },
      ]);
    });

    it("refuses money in another currency than the record's, naming each field", async () => {
      const store = await backend.make();
      const error = await store
        .transaction((tx) => tx.insertPayment({ id: "p", accountId: "A", amount: fromMinorUnits(100, "USD"), channel: "cash", receivedOn: "2027-01-03", allocations: [{ invoiceNumber: "I", amount: fromMinorUnits(50, "EUR") }], unapplied: fromMinorUnits(50, "CAD") }))
        .then(
          () => new Error("stored"),
          (e: unknown) => e as Error,
        );
      expect(error.name).toBe("ValidationError");
      expect(error.message).toContain("unapplied");
      expect(error.message).toContain("allocations[0].amount");
    });

    it("returns frozen records", async () => {
      const store = await backend.make();
      const read = await store.transaction(async (tx) => {
        await tx.putContract(contract);
        await tx.insertInvoice(invoiceFor("2027-01", 1), "CUST-C-1");
        return [await tx.getContract("C-1"), await tx.getInvoice("INV-2026-000001")] as const;
      });
      expect(Object.isFrozen(read[0]) && Object.isFrozen(read[0]?.contract) && Object.isFrozen(read[0]?.contract.customer)).toBe(true);
      expect(Object.isFrozen(read[1]) && Object.isFrozen(read[1]?.invoice.lines)).toBe(true);
    });

    it("fails an account lock held past the timeout with LockTimeoutError, and frees it after", async () => {
      const lock: AccountLock = await backend.make();
      let release: () => void = () => undefined;
      const holding = lock.withAccountLock("A", () => new Promise<void>((resolve) => (release = resolve)));
      await new Promise((resolve) => setTimeout(resolve, 20));
      const started = Date.now();
      const waited = await lock.withAccountLock("A", async () => "got in", { timeoutMs: 100 }).catch((error: unknown) => error);
      expect(waited).toBeInstanceOf(LockTimeoutError);
      expect((waited as LockTimeoutError).accountId).toBe("A");
      expect(Date.now() - started).toBeGreaterThanOrEqual(95);
      expect(await lock.withAccountLock("B", async () => "other account free", { timeoutMs: 100 })).toBe("other account free");
      release();
      await holding;
      expect(await lock.withAccountLock("A", async () => "free again", { timeoutMs: 100 })).toBe("free again");
    });

    it("keys invoice periods as the memory store does", () => {
      const jan = invoiceFor("2027-01", 1);
      expect(invoicePeriodKey(jan)).toBe(memoryPeriodKey(jan));
      expect(invoicePeriodKey(jan)).toBe('["C-1",["S-1"],"2027-01-01","cycle",""]');
    });
  });

  describe(`${backend.name}: migrations`, () => {
    it("applies each version once, records it, and refuses a schema newer than it knows", async () => {
      const executor = backend.name === "PGlite" ? pgliteExecutor(pglite) : pgExecutor(pool as Pool);
      const schema = nextSchema();
      if (backend.name !== "PGlite") serverSchemas.push(schema);
      expect(await migrate(executor, { schema })).toEqual({ applied: [1, 2, 3], version: 3 });
      expect(await migrate(executor, { schema })).toEqual({ applied: [], version: 3 });
      const recorded = await executor.transaction((s) => s.query(`SELECT version, name FROM "${schema}".schema_migrations ORDER BY version`));
      expect(recorded.rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
      await executor.transaction((s) => s.query(`INSERT INTO "${schema}".schema_migrations (version, name) VALUES (99, 'from a newer rmr-billing')`));
      await expect(migrate(executor, { schema })).rejects.toThrow(`the schema ${schema} is at version 99, newer than this rmr-billing knows (3)`);
    });

    it("upgrades a database at version 1 in place, its rows kept", async () => {
      const executor = backend.name === "PGlite" ? pgliteExecutor(pglite) : pgExecutor(pool as Pool);
      const schema = nextSchema();
      if (backend.name !== "PGlite") serverSchemas.push(schema);
      const q = `"${schema}"`;
      // The database as version 1 of rmr-billing left it.
      await executor.transaction(async (s) => {
        await s.query(`CREATE SCHEMA ${q}`);
        await s.query(`CREATE TABLE ${q}.schema_migrations (version integer NOT NULL, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now(), CONSTRAINT schema_migrations_pkey PRIMARY KEY (version))`);
        for (const statement of (MIGRATIONS[0] as (typeof MIGRATIONS)[number]).statements) await s.query(statement.replaceAll("{schema}", q));
        await s.query(`INSERT INTO ${q}.schema_migrations (version, name) VALUES (1, 'v1')`);
        await s.query(`INSERT INTO ${q}.messages (key, account_id, kind, channel, to_address, body_text, reference, status, created_at, version) VALUES ('m-1', 'A', 'invoice', 'email', 'a@example.com', 'Hello', 'INV-1', 'sending', '2027-01-01T00:00:00Z', 1)`);
      });
      expect(await migrate(executor, { schema })).toEqual({ applied: [2, 3], version: 3 });
      const store = createPostgresStore({ executor, schema });
      const message = await store.transaction((tx) => tx.getMessage("m-1"));
      expect(message).toEqual({ key: "m-1", accountId: "A", kind: "invoice", channel: "email", to: "a@example.com", text: "Hello", reference: "INV-1", status: "sending", events: [], createdAt: "2027-01-01T00:00:00.000Z", version: 1 });
      // Version 3's wake-ups on rows written before it: an account not written since has stamp "0",
      // and its first write moves it.
      expect(await store.transaction(async (tx) => tx.accountStamp?.("A"))).toBe("0");
      await store.transaction((tx) => tx.updateMessage("m-1", 1, { status: "accepted" }));
      expect(await store.transaction(async (tx) => tx.accountStamp?.("A"))).not.toBe("0");
    });

    it("refuses a schema name it would have to quote, naming the field", () => {
      expect(() => createPostgresStore({ executor: pgliteExecutor(pglite), schema: 'x"; DROP TABLE y; --' })).toThrow(/schema/);
    });
  });
}

describe("reading PostgreSQL's text", () => {
  const offsetText = (minutes: number): string => {
    const sign = minutes < 0 ? "-" : "+";
    const a = Math.abs(minutes);
    const hh = String(Math.floor(a / 60)).padStart(2, "0");
    return a % 60 === 0 ? `${sign}${hh}` : `${sign}${hh}:${String(a % 60).padStart(2, "0")}`;
  };
  /** A timestamptz as PostgreSQL prints it (DateStyle ISO) in a session at `offset` minutes from UTC. */
  const asPostgresPrints = (ms: number, offset: number, micros: number): string => {
    const local = new Date(ms + offset * 60_000).toISOString(); // "2027-01-31T23:30:00.123Z", shifted
    const fraction = `${local.slice(20, 23)}${String(micros).padStart(3, "0")}`.replace(/0+$/, "");
    return `${local.slice(0, 10)} ${local.slice(11, 19)}${fraction === "" ? "" : `.${fraction}`}${offsetText(offset)}`;
  };

  it("reads a timestamptz printed at any offset as the same UTC instant, to the millisecond (worked examples)", () => {
    expect(parseInstant("2027-01-01 15:00:00+00")).toBe("2027-01-01T15:00:00.000Z");
    expect(parseInstant("2027-01-31 23:30:00-06")).toBe("2027-02-01T05:30:00.000Z");
    expect(parseInstant("2027-03-01 05:45:00.123456+05:45")).toBe("2027-03-01T00:00:00.123Z");
    expect(parseInstant("2028-02-29 00:00:00.5+00")).toBe("2028-02-29T00:00:00.500Z");
    expect(() => parseInstant("infinity")).toThrow(/cannot read the timestamptz "infinity"/);
  });

  it("reads any instant at any offset back as Date#toISOString writes it (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2200, 0, 1) }),
        fc.integer({ min: -12 * 4, max: 14 * 4 }).map((quarters) => quarters * 15),
        fc.integer({ min: 0, max: 999 }),
        (ms, offset, micros) => parseInstant(asPostgresPrints(ms, offset, micros)) === new Date(ms).toISOString(),
      ),
      { numRuns: 2_000 },
    );
  });

  it("keeps a bigint inside a document exactly, and every other JSON value as it was (property)", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.bigInt({ min: -(2n ** 200n), max: 2n ** 200n }), (value, big) => {
        const back = parseJson(encodeJson({ value, share: { numerator: big, denominator: 3n } })) as { value: unknown; share: unknown };
        expect(back.share).toEqual({ numerator: big, denominator: 3n });
        expect(back.value).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 500 },
    );
  });

  it("stores instants written at random offsets and reads them back normalised, on PGlite (property)", async () => {
    const store = createPostgresStore({ executor: pgliteExecutor(pglite), schema: nextSchema() });
    await store.migrate();
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) }), fc.integer({ min: -12 * 4, max: 14 * 4 }).map((q) => q * 15), async (ms, offset) => {
        // The instant as a caller in that zone writes it: local wall time and its offset, "+05:45".
        const hhmm = `${offset < 0 ? "-" : "+"}${String(Math.floor(Math.abs(offset) / 60)).padStart(2, "0")}:${String(Math.abs(offset) % 60).padStart(2, "0")}`;
        const written = `${new Date(ms + offset * 60_000).toISOString().slice(0, 23)}${hhmm}`;
        const id = `e-${++n}`;
        const read = await store.transaction(async (tx) => {
          await tx.appendEvent({ id, type: "t", accountId: "A", at: written, data: {} });
          return (await tx.listPendingEvents(10_000)).find((e) => e.id === id)?.at;
        });
        expect(read).toBe(new Date(ms).toISOString());
      }),
      { numRuns: 100 },
    );
  });
});

describe.each(backends.map((b) => [b.name, b] as const))("%s and the memory store order alike (properties)", (_name, backend) => {
  const idArbitrary = fc.stringMatching(/^[A-Za-z0-9 _.:\/éÖßøñ-]{1,10}$/);

  it("pages any set of contract ids in the memory store's order, each once", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(idArbitrary, { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 7 }), async (ids, limit) => {
        const page = async (store: BillingStore): Promise<string[]> => {
          await store.transaction(async (tx) => {
            for (const id of ids) await tx.putContract({ ...contract, id });
          });
          const seen: string[] = [];
          let after: string | undefined;
          for (;;) {
            const next = await store.transaction((tx) => tx.listContracts(after === undefined ? { limit } : { after, limit }));
            seen.push(...next.items.map((s) => s.contract.id));
            if (next.next === undefined) return seen;
            after = next.next;
          }
        };
        expect(await page(await backend.make())).toEqual(await page(createMemoryStore()));
      }),
      { numRuns: 25 },
    );
  });

  it("lists an account's open invoices oldest due first, then by number, as the memory store does", async () => {
    const invoiceArbitrary = fc.record({ number: idArbitrary, due: fc.integer({ min: 0, max: 40 }), paid: fc.boolean() });
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(invoiceArbitrary, { minLength: 1, maxLength: 15, selector: (i) => i.number }), async (specs) => {
        const open = async (store: BillingStore): Promise<string[]> => {
          await store.transaction(async (tx) => {
            for (const [k, spec] of specs.entries()) {
              const base = invoiceFor("2027-01", k + 1);
              const dueDate = new Date(Date.UTC(2027, 0, 1 + spec.due)).toISOString().slice(0, 10);
              const stored = await tx.insertInvoice({ ...base, number: spec.number, dueDate, period: { ...base.period, start: `2027-01-${String((k % 28) + 1).padStart(2, "0")}` }, siteIds: [`S-${k}`] }, "CUST-C-1");
              if (spec.paid) await tx.updateInvoice(spec.number, stored.version, { balance: fromMinorUnits(0, "USD") });
            }
          });
          return (await store.transaction((tx) => tx.listOpenInvoices("CUST-C-1"))).map((s) => `${s.invoice.dueDate} ${s.invoice.number}`);
        };
        expect(await open(await backend.make())).toEqual(await open(createMemoryStore()));
      }),
      { numRuns: 25 },
    );
  });
});

describe("PGlite: a data directory", () => {
  it("keeps what was committed across a close and a reopen", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rmr-pglite-"));
    try {
      const first = await createPgliteStore({ dataDir: dir });
      expect((await first.migrate()).applied).toEqual([1, 2, 3]);
      await first.transaction(async (tx) => {
        await tx.putContract(contract);
        await tx.insertInvoice(invoiceFor("2027-01", 1), "CUST-C-1");
        await tx.nextCounter("INV-2027");
        await tx.insertPayment({ id: "p-1", accountId: "CUST-C-1", amount: fromMinorUnits(1000, "USD"), channel: "cash", receivedOn: "2027-01-03", allocations: [], unapplied: fromMinorUnits(1000, "USD") });
        await tx.appendLedger([{ id: "l-1", accountId: "CUST-C-1", at: "2027-01-03T09:00:00-06:00", kind: "payment", debit: "cash", credit: "customer-credit:CUST-C-1", amount: fromMinorUnits(1000, "USD"), reference: "p-1" }]);
      });
      await first.close();
      const again = await createPgliteStore({ dataDir: dir });
      expect((await again.migrate()).applied).toEqual([]);
      const kept = await again.transaction(async (tx) => [(await tx.getContract("C-1"))?.version, (await tx.listOpenInvoices("CUST-C-1")).map((s) => [s.invoice.number, s.balance.minor]), await tx.nextCounter("INV-2027")]);
      // 39.99 monitoring, untaxed; January is invoiced in December (5 days ahead), numbered in 2026.
      expect(kept).toEqual([1, [["INV-2026-000001", 3999]], 2]);
      // The store's own PGlite reads dates and instants as the port's strings too.
      const read = await again.transaction(async (tx) => [(await tx.listPayments("CUST-C-1"))[0]?.receivedOn, (await tx.listLedger("CUST-C-1"))[0]?.at]);
      expect(read).toEqual(["2027-01-03", "2027-01-03T15:00:00.000Z"]);
      await again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.runIf(pool !== undefined)("PostgreSQL server: several processes at once", () => {
  /** A second pool stands for a second worker process: its own connections, its own sessions. */
  const otherProcess = (): Pool => new Pool({ connectionString: SERVER_URL, max: 8 });

  it("excludes a second process from an account's lock (advisory lock), with LockTimeoutError past its timeout", async () => {
    const schema = nextSchema();
    serverSchemas.push(schema);
    const other = otherProcess();
    try {
      const a = createPostgresStore({ pool: pool as Pool, schema });
      const b = createPostgresStore({ pool: other, schema });
      await a.migrate();
      let inside = 0;
      let most = 0;
      const work = (store: PostgresStore) =>
        store.withAccountLock("ACC-1", async () => {
          inside++;
          most = Math.max(most, inside);
          await new Promise((resolve) => setTimeout(resolve, 30));
          inside--;
        });
      await Promise.all([work(a), work(b), work(a), work(b)]);
      expect(most).toBe(1);
      let release: () => void = () => undefined;
      const holding = a.withAccountLock("ACC-2", () => new Promise<void>((resolve) => (release = resolve)));
      await new Promise((resolve) => setTimeout(resolve, 50));
      const refused = await b.withAccountLock("ACC-2", async () => "in", { timeoutMs: 150 }).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(LockTimeoutError);
      release();
      await holding;
      // The key goes to the server as an escaped literal: quotes and backslashes lock their own account.
      const odd = "O'Brien \\ '); SELECT 1; --";
      let releaseOdd: () => void = () => undefined;
      const holdingOdd = a.withAccountLock(odd, () => new Promise<void>((resolve) => (releaseOdd = resolve)));
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await b.withAccountLock(odd, async () => "in", { timeoutMs: 150 }).catch((error: unknown) => error)).toBeInstanceOf(LockTimeoutError);
      expect(await b.withAccountLock("O'Brien", async () => "another account", { timeoutMs: 150 })).toBe("another account");
      releaseOdd();
      await holdingOdd;
      expect(await b.withAccountLock(odd, async () => "free again", { timeoutMs: 150 })).toBe("free again");
      expect(await b.withAccountLock("ACC-2", async () => "in", { timeoutMs: 1_000 })).toBe("in");
    } finally {
      await other.end();
    }
  });

  it("never lets lock holders take the whole pool: more accounts locked at once than clients, each with its transactions", async () => {
    const schema = nextSchema();
    serverSchemas.push(schema);
    const small = new Pool({ connectionString: SERVER_URL, max: 3 });
    try {
      const store = createPostgresStore({ pool: small, schema });
      await store.migrate();
      const numbers = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          store.withAccountLock(`ACC-${i}`, async () => {
            await store.transaction((tx) => tx.putContract(conformanceContract(`C-${i}`)));
            return store.transaction((tx) => tx.nextCounter("RES-2027"));
          }),
        ),
      );
      expect([...numbers].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    } finally {
      await small.end();
    }
  });

  it("hands two publishers at once different outbox events (FOR UPDATE SKIP LOCKED)", async () => {
    const schema = nextSchema();
    serverSchemas.push(schema);
    const store = createPostgresStore({ pool: pool as Pool, schema });
    await store.migrate();
    await store.transaction(async (tx) => {
      for (let i = 1; i <= 6; i++) await tx.appendEvent({ id: `e-${i}`, type: "t", accountId: "A", at: `2027-01-01T00:00:0${i}.000Z`, data: { i } });
    });
    let firstHas: () => void = () => undefined;
    const firstRead = new Promise<void>((resolve) => (firstHas = resolve));
    let finishFirst: () => void = () => undefined;
    const firstMayFinish = new Promise<void>((resolve) => (finishFirst = resolve));
    const first = store.transaction(async (tx) => {
      const events = await tx.listPendingEvents(3);
      firstHas();
      await firstMayFinish;
      await tx.markPublished(events.map((e) => e.id), "2027-01-02T00:00:00.000Z");
      return events.map((e) => e.id);
    });
    await firstRead;
    const second = await store.transaction((tx) => tx.listPendingEvents(10));
    finishFirst();
    expect(await first).toEqual(["e-1", "e-2", "e-3"]);
    expect(second.map((e) => e.id)).toEqual(["e-4", "e-5", "e-6"]);
    expect((await store.transaction((tx) => tx.listPendingEvents(10))).map((e) => e.id)).toEqual(["e-4", "e-5", "e-6"]);
  });

  it("migrates once when two processes start at the same time", async () => {
    const schema = nextSchema();
    serverSchemas.push(schema);
    const other = otherProcess();
    try {
      const reports = await Promise.all([migrate(pgExecutor(pool as Pool), { schema }), migrate(pgExecutor(other), { schema })]);
      expect(reports.map((r) => r.applied).sort()).toEqual([[], [1, 2, 3]]);
    } finally {
      await other.end();
    }
  });

  it("hands out counters gap-free across processes, and gives back the number of a rolled-back transaction", async () => {
    const schema = nextSchema();
    serverSchemas.push(schema);
    const other = otherProcess();
    try {
      const a = createPostgresStore({ pool: pool as Pool, schema });
      const b = createPostgresStore({ pool: other, schema });
      await a.migrate();
      const draws = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          (i % 2 === 0 ? a : b)
            .transaction(async (tx) => {
              const n = await tx.nextCounter("RES-2027");
              if (i % 5 === 0) throw new RangeError("rolled back");
              return n;
            })
            .catch(() => undefined),
        ),
      );
      const kept = draws.filter((n): n is number => n !== undefined).sort((x, y) => x - y);
      expect(kept).toEqual(Array.from({ length: 32 }, (_, i) => i + 1));
    } finally {
      await other.end();
    }
  });
});
