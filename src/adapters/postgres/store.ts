/**
 * The Store and AccountLock ports over PostgreSQL, through a {@link SqlExecutor}: the same SQL on
 * a server (node-postgres) and on PGlite. It behaves as the memory reference store does — the
 * same orders, the same unique index names in {@link UniqueViolationError}, {@link ConflictError}
 * on a stale version, frozen records, counters gap-free inside the transaction.
 */
import type { Instant } from "../../calendar/index.js";
import type { Contract } from "../../contract/index.js";
import { ErrorCodes, IssueCollector, type IssuePath } from "../../errors/index.js";
import type { CreditNote, Invoice } from "../../invoice/index.js";
import type { Money } from "../../money/index.js";
import { ConflictError, LockTimeoutError, UniqueViolationError } from "../../ports/index.js";
import type {
  AccountCase,
  AccountCaseChange,
  AccountLock,
  ActivityEntry,
  AttemptStatus,
  BillingStore,
  ChargeAttempt,
  ChargeResult,
  ContractPage,
  DeliveryEvent,
  LedgerEntry,
  ListContractsOptions,
  MessageRecord,
  MessageStatus,
  OutboxEvent,
  Page,
  PaymentAllocation,
  PaymentRecord,
  PaymentReversal,
  SendResult,
  StoreTransaction,
  StoredContract,
  StoredInvoice,
} from "../../ports/index.js";
import { deepFreeze, encodeJson } from "./codec.js";
import type { SqlExecutor, SqlRow, SqlSession } from "./executor.js";
import { DEFAULT_SCHEMA, migrate, quoteSchema, type MigrationReport } from "./migrations.js";

/** A store over PostgreSQL: the Store and AccountLock ports, its migrations, and `close()`. */
export interface PostgresStore extends BillingStore, AccountLock {
  /** Brings the schema up to date (see {@link migrate}); call it once at start, before anything else. */
  migrate(): Promise<MigrationReport>;
  /** Closes the pool or database the store opened itself (one you passed in stays open). */
  close(): Promise<void>;
  /** The executor underneath, e.g. to run your own reports in a transaction. */
  readonly executor: SqlExecutor;
  /** The PostgreSQL schema of the store's tables. */
  readonly schema: string;
}

/** The options every PostgreSQL store takes. */
export interface StoreOptions {
  /** The PostgreSQL schema holding the tables (default `"rmr_billing"`). One database can hold several stores, one per schema. */
  readonly schema?: string;
}

/**
 * The unique key of an invoice's period, as the memory store keys it: contract, sites, period and
 * kind (and the date of an adjustment or final invoice); a late-fee invoice is keyed by the fees
 * it bills (its line ids). Stored in `invoices.period_key` under the UNIQUE constraint
 * `invoices_period_key`.
 *
 * @example
 * ```ts
 * // contract: examples/contracts/residential.json, parsed (C-1001, one site S-1)
 * const january = issueInvoice(computeInvoice(contract, "2027-01"), { counter: 1 });
 * invoicePeriodKey(january); // → '["C-1001",["S-1"],"2027-01-01","cycle",""]' (the value of invoices.period_key)
 * ```
 */
export function invoicePeriodKey(invoice: Invoice): string {
  const kind = invoice.kind ?? "cycle";
  if (kind === "lateFee") return JSON.stringify([invoice.contractId, kind, invoice.lines.map((l) => l.id)]);
  return JSON.stringify([invoice.contractId, invoice.siteIds, invoice.period.start, kind, kind === "cycle" ? "" : invoice.issueDate]);
}

/** The memory store's index name of each unique constraint (what the engine matches on). */
const UNIQUE_INDEX: Readonly<Record<string, string>> = {
  contracts_pkey: "contracts.id",
  invoices_pkey: "invoices.number",
  invoices_period_key: "invoices.period",
  credit_notes_pkey: "creditNotes.number",
  attempts_pkey: "attempts.key",
  payments_pkey: "payments.id",
  reversals_pkey: "reversals.id",
  ledger_pkey: "ledger.id",
  messages_pkey: "messages.key",
  cases_pkey: "cases.id",
  events_pkey: "events.id",
};

/** A unique_violation (23505) raised by the server, as the port's error; anything else as it was. */
function portError(error: unknown): unknown {
  const e = error as { code?: unknown; constraint?: unknown; detail?: unknown } | null;
  if (e?.code === "23505" && typeof e.constraint === "string") {
    const index = UNIQUE_INDEX[e.constraint];
    if (index !== undefined) return new UniqueViolationError(index, typeof e.detail === "string" ? e.detail : e.constraint);
  }
  return error;
}

const money = (minor: unknown, currency: unknown): Money => ({ minor: minor as number, currency: currency as string });

/** Every money of one record in one currency (the record's currency column), each one named when it is not. */
function sameCurrency(currency: string, amounts: readonly (readonly [IssuePath, Money | undefined])[]): void {
  const issues = new IssueCollector();
  for (const [path, amount] of amounts) {
    if (amount !== undefined && amount.currency !== currency) issues.add(path, ErrorCodes.currencyMismatch, `expected ${currency} (the record's currency), got ${amount.currency}`);
  }
  issues.throwIfAny();
}

/**
 * The fields of a record the store has no column for (a field a later version of the port adds):
 * kept in the row's `extra` jsonb and given back as they were, so no field is ever dropped.
 */
function extraOf(record: object, known: ReadonlySet<string>): string {
  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) if (!known.has(key) && value !== undefined) extra[key] = value;
  return encodeJson(extra);
}

const KNOWN = {
  attempt: new Set(["key", "invoiceNumber", "accountId", "amount", "paymentMethodToken", "startedAt", "status", "outcome", "version"]),
  payment: new Set(["id", "accountId", "amount", "channel", "receivedOn", "allocations", "unapplied", "reference"]),
  reversal: new Set(["id", "kind", "accountId", "paymentId", "amount", "on", "reason", "code", "via", "status", "fromCredit", "fromInvoices", "refundId", "version"]),
  ledger: ["id", "accountId", "at", "kind", "debit", "credit", "amount", "reference"],
  message: new Set(["key", "accountId", "kind", "channel", "to", "subject", "text", "html", "template", "reference", "status", "mergedInto", "outcome", "events", "createdAt", "version"]),
  activity: new Set(["id", "accountId", "at", "kind", "text", "reference", "actor", "details"]),
  event: new Set(["id", "type", "accountId", "at", "data", "publishedAt"]),
} as const;

const extraIn = (row: SqlRow): Record<string, unknown> => (row["extra"] ?? {}) as Record<string, unknown>;

function optional<T extends object>(record: T): T {
  for (const key of Object.keys(record)) if ((record as Record<string, unknown>)[key] === null || (record as Record<string, unknown>)[key] === undefined) delete (record as Record<string, unknown>)[key];
  return record;
}

// ---------------------------------------------------------------------------------------------
// Row → record

function contractOf(row: SqlRow): StoredContract {
  return Object.freeze({ contract: deepFreeze(row["document"] as Contract), accountId: row["account_id"] as string, version: row["version"] as number });
}

function invoiceOf(row: SqlRow, invoice?: Invoice): StoredInvoice {
  return Object.freeze({
    invoice: invoice ?? deepFreeze(row["document"] as Invoice),
    accountId: row["account_id"] as string,
    balance: Object.freeze(money(row["balance_minor"], row["currency"])),
    version: row["version"] as number,
  });
}

function attemptOf(row: SqlRow): ChargeAttempt {
  return deepFreeze(
    optional({
      ...extraIn(row),
      key: row["key"] as string,
      invoiceNumber: row["invoice_number"] as string,
      accountId: row["account_id"] as string,
      amount: money(row["amount_minor"], row["currency"]),
      paymentMethodToken: row["payment_method_token"] as string,
      startedAt: row["started_at"] as string,
      status: row["status"] as AttemptStatus,
      outcome: row["outcome"] as ChargeResult | undefined,
      version: row["version"] as number,
    }),
  );
}

function paymentOf(row: SqlRow): PaymentRecord {
  return deepFreeze(
    optional({
      ...extraIn(row),
      id: row["id"] as string,
      accountId: row["account_id"] as string,
      amount: money(row["amount_minor"], row["currency"]),
      channel: row["channel"] as PaymentRecord["channel"],
      receivedOn: row["received_on"] as string,
      allocations: row["allocations"] as PaymentAllocation[],
      unapplied: money(row["unapplied_minor"], row["currency"]),
      reference: row["reference"] as string | undefined,
    }),
  );
}

function reversalOf(row: SqlRow): PaymentReversal {
  return deepFreeze(
    optional({
      ...extraIn(row),
      id: row["id"] as string,
      kind: row["kind"] as PaymentReversal["kind"],
      accountId: row["account_id"] as string,
      paymentId: row["payment_id"] as string,
      amount: money(row["amount_minor"], row["currency"]),
      on: row["reversed_on"] as string,
      reason: row["reason"] as string,
      code: row["code"] as string | undefined,
      via: row["via"] as PaymentReversal["via"],
      status: row["status"] as PaymentReversal["status"],
      fromCredit: row["from_credit_minor"] === null ? undefined : money(row["from_credit_minor"], row["currency"]),
      fromInvoices: row["from_invoices"] as PaymentAllocation[] | undefined,
      refundId: row["refund_id"] as string | undefined,
      version: row["version"] as number,
    }),
  );
}

function ledgerOf(row: SqlRow): LedgerEntry {
  return deepFreeze({
    ...extraIn(row),
    id: row["id"] as string,
    accountId: row["account_id"] as string,
    at: row["at"] as string,
    kind: row["kind"] as LedgerEntry["kind"],
    debit: row["debit"] as string,
    credit: row["credit"] as string,
    amount: money(row["amount_minor"], row["currency"]),
    reference: row["reference"] as string,
  });
}

function messageOf(row: SqlRow): MessageRecord {
  return deepFreeze(
    optional({
      ...extraIn(row),
      key: row["key"] as string,
      accountId: row["account_id"] as string,
      kind: row["kind"] as string,
      channel: row["channel"] as MessageRecord["channel"],
      to: row["to_address"] as string,
      subject: row["subject"] as string | undefined,
      text: row["body_text"] as string,
      html: row["html"] as string | undefined,
      template: row["template"] as string | undefined,
      reference: row["reference"] as string,
      status: row["status"] as MessageStatus,
      mergedInto: row["merged_into"] as string | undefined,
      outcome: row["outcome"] as SendResult | undefined,
      events: row["events"] as DeliveryEvent[],
      createdAt: row["created_at"] as string,
      version: row["version"] as number,
    }),
  );
}

function caseOf(row: SqlRow): AccountCase {
  return deepFreeze(
    optional({
      ...(row["details"] as Record<string, unknown>),
      id: row["id"] as string,
      kind: row["kind"] as AccountCase["kind"],
      accountId: row["account_id"] as string,
      contractId: row["contract_id"] as string,
      status: row["status"] as AccountCase["status"],
      openedAt: row["opened_at"] as string,
      closedAt: row["closed_at"] as string | undefined,
      version: row["version"] as number,
    }) as unknown as AccountCase,
  );
}

function activityOf(row: SqlRow): ActivityEntry {
  return deepFreeze(
    optional({
      ...extraIn(row),
      id: row["id"] as string,
      accountId: row["account_id"] as string,
      at: row["at"] as string,
      kind: row["kind"] as string,
      text: row["text"] as string,
      reference: row["reference"] as string | undefined,
      actor: row["actor"] as string | undefined,
      details: row["details"] as Record<string, string> | undefined,
    }),
  );
}

function eventOf(row: SqlRow): OutboxEvent {
  return deepFreeze(
    optional({
      ...extraIn(row),
      id: row["id"] as string,
      type: row["type"] as string,
      accountId: row["account_id"] as string,
      at: row["at"] as string,
      data: row["data"] as Record<string, unknown>,
      publishedAt: row["published_at"] as string | undefined,
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// SQL

const INVOICE_COLUMNS = "number, account_id, currency, balance_minor, version, document";
const ATTEMPT_COLUMNS = "key, invoice_number, account_id, amount_minor, currency, payment_method_token, started_at, status, outcome, version, extra";
const PAYMENT_COLUMNS = "id, account_id, amount_minor, currency, channel, received_on, allocations, unapplied_minor, reference, extra";
const REVERSAL_COLUMNS = "id, kind, account_id, payment_id, amount_minor, currency, reversed_on, reason, code, via, status, from_credit_minor, from_invoices, refund_id, version, extra";
const LEDGER_COLUMNS = "id, account_id, at, kind, debit, credit, amount_minor, currency, reference, extra";
const MESSAGE_COLUMNS = "key, account_id, kind, channel, to_address, subject, body_text, html, template, reference, status, merged_into, outcome, events, created_at, version, extra";
const CASE_COLUMNS = "id, kind, account_id, contract_id, status, opened_at, closed_at, details, version";
const EVENT_COLUMNS = "id, type, account_id, at, data, published_at, extra";

/** Every statement of the store, with the schema filled in once. */
function statements(s: string) {
  return {
    getContract: `SELECT account_id, version, document FROM ${s}.contracts WHERE id = $1`,
    insertContract: `INSERT INTO ${s}.contracts (id, account_id, version, document) VALUES ($1, $2, 1, $3::jsonb) ON CONFLICT DO NOTHING RETURNING version`,
    updateContract: `UPDATE ${s}.contracts SET account_id = $2, document = $3::jsonb, version = version + 1 WHERE id = $1 AND version = $4 RETURNING version`,
    contractVersion: `SELECT version FROM ${s}.contracts WHERE id = $1`,
    listContracts: `SELECT id, account_id, version, document FROM ${s}.contracts ORDER BY id LIMIT $1`,
    listContractsAfter: `SELECT id, account_id, version, document FROM ${s}.contracts WHERE id > $2 ORDER BY id LIMIT $1`,
    // With a wake-up instant: a contract is asleep while its wake-up is after $2 and was worked out
    // at its account's current stamp (an account never written has stamp 0); an asleep contract's
    // document is not read.
    listDueContracts: `SELECT c.id, c.account_id, c.version, CASE WHEN z.asleep THEN NULL ELSE c.document END AS document, z.asleep
      FROM ${s}.contracts c LEFT JOIN ${s}.wakeups w ON w.contract_id = c.id LEFT JOIN ${s}.account_stamps a ON a.account_id = c.account_id,
      LATERAL (SELECT COALESCE(w.at > $2::timestamptz AND w.account_stamp = COALESCE(a.stamp, 0)::text, false) AS asleep) z
      WHERE c.id > $3 ORDER BY c.id LIMIT $1`,
    accountStamp: `SELECT stamp FROM ${s}.account_stamps WHERE account_id = $1`,
    setWakeUp: `INSERT INTO ${s}.wakeups (contract_id, at, account_stamp) VALUES ($1, $2::timestamptz, $3) ON CONFLICT (contract_id) DO UPDATE SET at = EXCLUDED.at, account_stamp = EXCLUDED.account_stamp`,

    insertInvoice: `INSERT INTO ${s}.invoices (number, account_id, contract_id, kind, site_ids, period_start, period_end, issue_date, due_date, status, currency, total_minor, balance_minor, period_key, version, document)
      VALUES ($1, $2, $3, $4, $5::text[], $6::date, $7::date, $8::date, $9::date, $10, $11, $12, $13, $14, 1, $15::jsonb) ON CONFLICT DO NOTHING RETURNING number`,
    invoiceNumberTaken: `SELECT 1 FROM ${s}.invoices WHERE number = $1`,
    getInvoice: `SELECT ${INVOICE_COLUMNS} FROM ${s}.invoices WHERE number = $1`,
    updateInvoiceDocument: `UPDATE ${s}.invoices SET document = $3::jsonb, status = $4, due_date = $5::date, total_minor = $6, balance_minor = COALESCE($7, balance_minor), version = version + 1
      WHERE number = $1 AND version = $2 AND ($7::bigint IS NULL OR currency = $8) RETURNING account_id, currency, balance_minor, version`,
    updateInvoiceBalance: `UPDATE ${s}.invoices SET balance_minor = COALESCE($3, balance_minor), version = version + 1
      WHERE number = $1 AND version = $2 AND ($3::bigint IS NULL OR currency = $4) RETURNING ${INVOICE_COLUMNS}`,
    invoiceState: `SELECT version, currency FROM ${s}.invoices WHERE number = $1`,
    listContractInvoices: `SELECT ${INVOICE_COLUMNS} FROM ${s}.invoices WHERE contract_id = $1 ORDER BY seq`,
    listOpenInvoices: `SELECT ${INVOICE_COLUMNS} FROM ${s}.invoices WHERE account_id = $1 AND balance_minor > 0 AND status IN ('open', 'uncollectible') ORDER BY due_date, number`,

    insertCreditNote: `INSERT INTO ${s}.credit_notes (number, account_id, contract_id, invoice_number, issued_on, currency, total_minor, document) VALUES ($1, $2, $3, $4, $5::date, $6, $7, $8::jsonb) ON CONFLICT DO NOTHING RETURNING number`,
    listContractCreditNotes: `SELECT document FROM ${s}.credit_notes WHERE contract_id = $1 ORDER BY seq`,

    insertAttempt: `INSERT INTO ${s}.attempts (key, invoice_number, account_id, amount_minor, currency, payment_method_token, started_at, status, outcome, version, extra) VALUES ($1, $2, $3, $4, $5, $6, $7::timestamptz, $8, $9::jsonb, 1, $10::jsonb) ON CONFLICT DO NOTHING RETURNING ${ATTEMPT_COLUMNS}`,
    updateAttempt: `UPDATE ${s}.attempts SET status = $3, outcome = COALESCE($4::jsonb, outcome), version = version + 1 WHERE key = $1 AND version = $2 RETURNING ${ATTEMPT_COLUMNS}`,
    attemptVersion: `SELECT version FROM ${s}.attempts WHERE key = $1`,
    getAttempt: `SELECT ${ATTEMPT_COLUMNS} FROM ${s}.attempts WHERE key = $1`,
    listInvoiceAttempts: `SELECT ${ATTEMPT_COLUMNS} FROM ${s}.attempts WHERE invoice_number = $1 ORDER BY seq`,

    insertPayment: `INSERT INTO ${s}.payments (id, account_id, amount_minor, currency, channel, received_on, allocations, unapplied_minor, reference, extra) VALUES ($1, $2, $3, $4, $5, $6::date, $7::jsonb, $8, $9, $10::jsonb) ON CONFLICT DO NOTHING RETURNING id`,
    listPayments: `SELECT ${PAYMENT_COLUMNS} FROM ${s}.payments WHERE account_id = $1 ORDER BY seq`,

    insertReversal: `INSERT INTO ${s}.reversals (id, kind, account_id, payment_id, amount_minor, currency, reversed_on, reason, code, via, status, from_credit_minor, from_invoices, refund_id, version, extra)
      VALUES ($1, $2, $3, $4, $5, $6, $7::date, $8, $9, $10, $11, $12, $13::jsonb, $14, 1, $15::jsonb) ON CONFLICT DO NOTHING RETURNING ${REVERSAL_COLUMNS}`,
    updateReversal: `UPDATE ${s}.reversals SET status = COALESCE($3, status), from_credit_minor = COALESCE($4, from_credit_minor), from_invoices = COALESCE($5::jsonb, from_invoices), refund_id = COALESCE($6, refund_id), version = version + 1
      WHERE id = $1 AND version = $2 AND ($4::bigint IS NULL OR currency = $7) RETURNING ${REVERSAL_COLUMNS}`,
    reversalState: `SELECT version, currency FROM ${s}.reversals WHERE id = $1`,
    getReversal: `SELECT ${REVERSAL_COLUMNS} FROM ${s}.reversals WHERE id = $1`,
    listReversals: `SELECT ${REVERSAL_COLUMNS} FROM ${s}.reversals WHERE account_id = $1 ORDER BY seq`,

    // One statement for the whole batch: the entries go in as one jsonb array, in order.
    appendLedger: `INSERT INTO ${s}.ledger (id, account_id, at, kind, debit, credit, amount_minor, currency, reference, extra)
      SELECT e->>'id', e->>'accountId', (e->>'at')::timestamptz, e->>'kind', e->>'debit', e->>'credit', (e->'amount'->>'minor')::bigint, e->'amount'->>'currency', e->>'reference',
        e - '{${KNOWN.ledger.join(",")}}'::text[]
      FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS batch(e, ord) ORDER BY ord
      ON CONFLICT DO NOTHING RETURNING id`,
    deleteLedger: `DELETE FROM ${s}.ledger WHERE id = ANY($1::text[])`,
    listLedger: `SELECT ${LEDGER_COLUMNS} FROM ${s}.ledger WHERE account_id = $1 ORDER BY seq`,

    insertMessage: `INSERT INTO ${s}.messages (key, account_id, kind, channel, to_address, subject, body_text, html, template, reference, status, merged_into, outcome, created_at, version, extra)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::jsonb, $14::timestamptz, 1, $15::jsonb) ON CONFLICT DO NOTHING RETURNING ${MESSAGE_COLUMNS}`,
    updateMessage: `UPDATE ${s}.messages SET status = COALESCE($3, status), outcome = COALESCE($4::jsonb, outcome),
      events = CASE WHEN $5::jsonb IS NULL THEN events ELSE events || jsonb_build_array($5::jsonb) END,
      provider_message_id = COALESCE($6, provider_message_id), version = version + 1
      WHERE key = $1 AND version = $2 RETURNING ${MESSAGE_COLUMNS}`,
    messageVersion: `SELECT version FROM ${s}.messages WHERE key = $1`,
    getMessage: `SELECT ${MESSAGE_COLUMNS} FROM ${s}.messages WHERE key = $1`,
    findMessageById: `SELECT ${MESSAGE_COLUMNS} FROM ${s}.messages WHERE provider_message_id = $1 ORDER BY seq DESC LIMIT 1`,
    listMessages: `SELECT ${MESSAGE_COLUMNS} FROM ${s}.messages WHERE account_id = $1 ORDER BY seq`,

    insertCase: `INSERT INTO ${s}.cases (id, kind, account_id, contract_id, status, opened_at, closed_at, details, version) VALUES ($1, $2, $3, $4, $5, $6::timestamptz, $7::timestamptz, $8::jsonb, 1) ON CONFLICT DO NOTHING RETURNING ${CASE_COLUMNS}`,
    updateCase: `UPDATE ${s}.cases SET status = COALESCE($3, status), closed_at = COALESCE($4::timestamptz, closed_at),
      details = CASE WHEN $6::jsonb IS NOT NULL AND kind = 'dispute'
        THEN jsonb_set(details || $5::jsonb, '{evidence}', COALESCE(details->'evidence', '[]'::jsonb) || jsonb_build_array($6::jsonb))
        ELSE details || $5::jsonb END,
      version = version + 1
      WHERE id = $1 AND version = $2 RETURNING ${CASE_COLUMNS}`,
    caseVersion: `SELECT version FROM ${s}.cases WHERE id = $1`,
    getCase: `SELECT ${CASE_COLUMNS} FROM ${s}.cases WHERE id = $1`,
    listCases: `SELECT ${CASE_COLUMNS} FROM ${s}.cases WHERE account_id = $1 ORDER BY seq`,

    appendActivity: `INSERT INTO ${s}.activity (id, account_id, at, kind, text, reference, actor, details, extra) VALUES ($1, $2, $3::timestamptz, $4, $5, $6, $7, $8::jsonb, $9::jsonb)`,
    listActivity: `SELECT id, account_id, at, kind, text, reference, actor, details, extra FROM ${s}.activity WHERE account_id = $1 ORDER BY seq`,

    appendEvent: `INSERT INTO ${s}.events (id, type, account_id, at, data, published_at, extra) VALUES ($1, $2, $3, $4::timestamptz, $5::jsonb, $6::timestamptz, $7::jsonb) ON CONFLICT DO NOTHING RETURNING id`,
    // SKIP LOCKED: two publishers at once take different events (each row locked to COMMIT).
    listPendingEvents: `SELECT ${EVENT_COLUMNS} FROM ${s}.events WHERE published_at IS NULL ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`,
    markPublished: `UPDATE ${s}.events SET published_at = $2::timestamptz WHERE id = ANY($1::text[]) AND published_at IS NULL`,

    nextCounter: `INSERT INTO ${s}.counters (key, value) VALUES ($1, 1) ON CONFLICT (key) DO UPDATE SET value = ${s}.counters.value + 1 RETURNING value`,
  };
}

type Statements = ReturnType<typeof statements>;

/** The statements that only read (no write, no row lock): they need no open transaction block before a write. */
const READS = new Set<keyof Statements>([
  "getContract",
  "contractVersion",
  "listContracts",
  "listContractsAfter",
  "listDueContracts",
  "accountStamp",
  "invoiceNumberTaken",
  "getInvoice",
  "invoiceState",
  "listContractInvoices",
  "listOpenInvoices",
  "listContractCreditNotes",
  "attemptVersion",
  "getAttempt",
  "listInvoiceAttempts",
  "listPayments",
  "reversalState",
  "getReversal",
  "listReversals",
  "listLedger",
  "messageVersion",
  "getMessage",
  "findMessageById",
  "listMessages",
  "caseVersion",
  "getCase",
  "listCases",
  "listActivity",
]);

// ---------------------------------------------------------------------------------------------
// The transaction

/** A {@link StoreTransaction} over one SQL session; it refuses use after its transaction ended. */
class SqlTransaction implements StoreTransaction {
  open = true;

  constructor(
    private readonly session: SqlSession,
    private readonly sql: Statements,
    private readonly reads: ReadonlySet<string>,
  ) {}

  private async rows(text: string, params: readonly unknown[]): Promise<readonly SqlRow[]> {
    if (!this.open) throw new Error("This transaction has ended: use the tx only inside its transaction callback");
    try {
      return (await this.session.query(text, params, { read: this.reads.has(text) })).rows;
    } catch (error) {
      throw portError(error);
    }
  }

  private async conflict(what: string, expected: number, versionSql: string, key: string): Promise<never> {
    const [row] = await this.rows(versionSql, [key]);
    throw new ConflictError(what, expected, (row?.["version"] as number | undefined) ?? 0);
  }

  async getContract(id: string): Promise<StoredContract | undefined> {
    const [row] = await this.rows(this.sql.getContract, [id]);
    return row === undefined ? undefined : contractOf(row);
  }

  async putContract(contract: Contract, expectedVersion?: number): Promise<StoredContract> {
    const accountId = contract.customer.id;
    const document = encodeJson(contract);
    let row: SqlRow | undefined;
    if (expectedVersion === undefined) {
      [row] = await this.rows(this.sql.insertContract, [contract.id, accountId, document]);
      if (row === undefined) throw new UniqueViolationError("contracts.id", contract.id);
    } else {
      [row] = await this.rows(this.sql.updateContract, [contract.id, accountId, document, expectedVersion]);
      if (row === undefined) return this.conflict(`contract ${contract.id}`, expectedVersion, this.sql.contractVersion, contract.id);
    }
    // A copy, so the caller's later edits never reach the record (as the memory store does).
    return Object.freeze({ contract: deepFreeze(structuredClone(contract)), accountId, version: row["version"] as number });
  }

  async listContracts(options: ListContractsOptions = {}): Promise<ContractPage> {
    const limit = options.limit ?? 500;
    const issues = new IssueCollector();
    if (!Number.isSafeInteger(limit) || limit < 1) issues.add(["limit"], ErrorCodes.invalidValue, `a page holds a whole number of contracts, at least 1, got ${String(limit)}`);
    if (options.dueBy !== undefined && Number.isNaN(Date.parse(options.dueBy))) issues.add(["dueBy"], ErrorCodes.invalidValue, `expected an ISO instant, got ${JSON.stringify(options.dueBy)}`);
    issues.throwIfAny();
    if (options.dueBy !== undefined) {
      // "" sorts before every id (the ids' collation is "C"): the first page.
      const rows = await this.rows(this.sql.listDueContracts, [limit + 1, options.dueBy, options.after ?? ""]);
      const items: StoredContract[] = [];
      const asleep: string[] = [];
      for (const row of rows.slice(0, limit)) {
        if (row["asleep"] === true) asleep.push(row["account_id"] as string);
        else items.push(contractOf(row));
      }
      const last = rows[Math.min(rows.length, limit) - 1];
      return { items, asleep, next: rows.length > limit && last !== undefined ? (last["id"] as string) : undefined };
    }
    // One more than asked: whether a next page exists without a count.
    const rows = options.after === undefined ? await this.rows(this.sql.listContracts, [limit + 1]) : await this.rows(this.sql.listContractsAfter, [limit + 1, options.after]);
    const items = rows.slice(0, limit).map(contractOf);
    const last = items[items.length - 1];
    return { items, next: rows.length > limit && last !== undefined ? last.contract.id : undefined };
  }

  async accountStamp(accountId: string): Promise<string> {
    const [row] = await this.rows(this.sql.accountStamp, [accountId]);
    return String((row?.["stamp"] as number | undefined) ?? 0);
  }

  async setWakeUp(contractId: string, wakeUp: { readonly at: string; readonly accountStamp: string }): Promise<void> {
    if (Number.isNaN(Date.parse(wakeUp.at))) throw new TypeError(`setWakeUp: expected an ISO instant, got ${JSON.stringify(wakeUp.at)}`);
    await this.rows(this.sql.setWakeUp, [contractId, wakeUp.at, wakeUp.accountStamp]);
  }

  async insertInvoice(invoice: Invoice, accountId: string): Promise<StoredInvoice> {
    const key = invoicePeriodKey(invoice);
    const balance = invoice.total.minor > 0 ? invoice.total.minor : 0;
    const [row] = await this.rows(this.sql.insertInvoice, [
      invoice.number,
      accountId,
      invoice.contractId,
      invoice.kind ?? "cycle",
      invoice.siteIds,
      invoice.period.start,
      invoice.period.end,
      invoice.issueDate,
      invoice.dueDate,
      invoice.status,
      invoice.total.currency,
      invoice.total.minor,
      balance,
      key,
      encodeJson(invoice),
    ]);
    if (row === undefined) {
      const [taken] = await this.rows(this.sql.invoiceNumberTaken, [invoice.number]);
      throw taken === undefined ? new UniqueViolationError("invoices.period", key) : new UniqueViolationError("invoices.number", invoice.number);
    }
    return Object.freeze({ invoice, accountId, balance: invoice.total.minor > 0 ? invoice.total : Object.freeze({ ...invoice.total, minor: 0 }), version: 1 });
  }

  async getInvoice(number: string): Promise<StoredInvoice | undefined> {
    const [row] = await this.rows(this.sql.getInvoice, [number]);
    return row === undefined ? undefined : invoiceOf(row);
  }

  async updateInvoice(number: string, expectedVersion: number, change: { readonly invoice?: Invoice; readonly balance?: Money }): Promise<StoredInvoice> {
    const { invoice, balance } = change;
    if (invoice !== undefined && balance !== undefined) sameCurrency(invoice.total.currency, [[["balance"], balance]]);
    const [row] =
      invoice === undefined
        ? await this.rows(this.sql.updateInvoiceBalance, [number, expectedVersion, balance?.minor ?? null, balance?.currency ?? null])
        : await this.rows(this.sql.updateInvoiceDocument, [number, expectedVersion, encodeJson(invoice), invoice.status, invoice.dueDate, invoice.total.minor, balance?.minor ?? null, balance?.currency ?? null]);
    if (row === undefined) {
      const [state] = await this.rows(this.sql.invoiceState, [number]);
      if (state !== undefined && state["version"] === expectedVersion && balance !== undefined) sameCurrency(state["currency"] as string, [[["balance"], balance]]);
      throw new ConflictError(`invoice ${number}`, expectedVersion, (state?.["version"] as number | undefined) ?? 0);
    }
    return invoiceOf(row, invoice);
  }

  async listContractInvoices(contractId: string): Promise<readonly StoredInvoice[]> {
    return (await this.rows(this.sql.listContractInvoices, [contractId])).map((row) => invoiceOf(row));
  }

  async listOpenInvoices(accountId: string): Promise<readonly StoredInvoice[]> {
    return (await this.rows(this.sql.listOpenInvoices, [accountId])).map((row) => invoiceOf(row));
  }

  async insertCreditNote(note: CreditNote, accountId: string): Promise<void> {
    const [row] = await this.rows(this.sql.insertCreditNote, [note.number, accountId, note.contractId, note.invoiceNumber, note.date, note.currency, note.total.minor, encodeJson(note)]);
    if (row === undefined) throw new UniqueViolationError("creditNotes.number", note.number);
  }

  async listContractCreditNotes(contractId: string): Promise<readonly CreditNote[]> {
    return (await this.rows(this.sql.listContractCreditNotes, [contractId])).map((row) => deepFreeze(row["document"] as CreditNote));
  }

  async insertAttempt(attempt: Omit<ChargeAttempt, "version">): Promise<ChargeAttempt> {
    const [row] = await this.rows(this.sql.insertAttempt, [
      attempt.key,
      attempt.invoiceNumber,
      attempt.accountId,
      attempt.amount.minor,
      attempt.amount.currency,
      attempt.paymentMethodToken,
      attempt.startedAt,
      attempt.status,
      attempt.outcome === undefined ? null : encodeJson(attempt.outcome),
      extraOf(attempt, KNOWN.attempt),
    ]);
    if (row === undefined) throw new UniqueViolationError("attempts.key", attempt.key);
    return attemptOf(row);
  }

  async updateAttempt(key: string, expectedVersion: number, change: { readonly status: AttemptStatus; readonly outcome?: ChargeResult }): Promise<ChargeAttempt> {
    const [row] = await this.rows(this.sql.updateAttempt, [key, expectedVersion, change.status, change.outcome === undefined ? null : encodeJson(change.outcome)]);
    if (row === undefined) return this.conflict(`attempt ${key}`, expectedVersion, this.sql.attemptVersion, key);
    return attemptOf(row);
  }

  async getAttempt(key: string): Promise<ChargeAttempt | undefined> {
    const [row] = await this.rows(this.sql.getAttempt, [key]);
    return row === undefined ? undefined : attemptOf(row);
  }

  async listInvoiceAttempts(invoiceNumber: string): Promise<readonly ChargeAttempt[]> {
    return (await this.rows(this.sql.listInvoiceAttempts, [invoiceNumber])).map(attemptOf);
  }

  async insertPayment(payment: PaymentRecord): Promise<void> {
    const currency = payment.amount.currency;
    sameCurrency(currency, [[["unapplied"], payment.unapplied], ...payment.allocations.map((a, i) => [["allocations", i, "amount"], a.amount] as const)]);
    const [row] = await this.rows(this.sql.insertPayment, [payment.id, payment.accountId, payment.amount.minor, currency, payment.channel, payment.receivedOn, encodeJson(payment.allocations), payment.unapplied.minor, payment.reference ?? null, extraOf(payment, KNOWN.payment)]);
    if (row === undefined) throw new UniqueViolationError("payments.id", payment.id);
  }

  async listPayments(accountId: string): Promise<readonly PaymentRecord[]> {
    return (await this.rows(this.sql.listPayments, [accountId])).map(paymentOf);
  }

  async insertReversal(reversal: Omit<PaymentReversal, "version">): Promise<PaymentReversal> {
    const currency = reversal.amount.currency;
    sameCurrency(currency, [[["fromCredit"], reversal.fromCredit], ...(reversal.fromInvoices ?? []).map((a, i) => [["fromInvoices", i, "amount"], a.amount] as const)]);
    const [row] = await this.rows(this.sql.insertReversal, [
      reversal.id,
      reversal.kind,
      reversal.accountId,
      reversal.paymentId,
      reversal.amount.minor,
      currency,
      reversal.on,
      reversal.reason,
      reversal.code ?? null,
      reversal.via,
      reversal.status,
      reversal.fromCredit?.minor ?? null,
      reversal.fromInvoices === undefined ? null : encodeJson(reversal.fromInvoices),
      reversal.refundId ?? null,
      extraOf(reversal, KNOWN.reversal),
    ]);
    if (row === undefined) throw new UniqueViolationError("reversals.id", reversal.id);
    return reversalOf(row);
  }

  async updateReversal(id: string, expectedVersion: number, change: Partial<Pick<PaymentReversal, "status" | "fromCredit" | "fromInvoices" | "refundId">>): Promise<PaymentReversal> {
    const [row] = await this.rows(this.sql.updateReversal, [
      id,
      expectedVersion,
      change.status ?? null,
      change.fromCredit?.minor ?? null,
      change.fromInvoices === undefined ? null : encodeJson(change.fromInvoices),
      change.refundId ?? null,
      change.fromCredit?.currency ?? null,
    ]);
    if (row === undefined) {
      const [state] = await this.rows(this.sql.reversalState, [id]);
      if (state !== undefined && state["version"] === expectedVersion && change.fromCredit !== undefined) sameCurrency(state["currency"] as string, [[["fromCredit"], change.fromCredit]]);
      throw new ConflictError(`reversal ${id}`, expectedVersion, (state?.["version"] as number | undefined) ?? 0);
    }
    return reversalOf(row);
  }

  async getReversal(id: string): Promise<PaymentReversal | undefined> {
    const [row] = await this.rows(this.sql.getReversal, [id]);
    return row === undefined ? undefined : reversalOf(row);
  }

  async listReversals(accountId: string): Promise<readonly PaymentReversal[]> {
    return (await this.rows(this.sql.listReversals, [accountId])).map(reversalOf);
  }

  async appendLedger(entries: readonly LedgerEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const inserted = await this.rows(this.sql.appendLedger, [encodeJson(entries)]);
    if (inserted.length === entries.length) return;
    // All or none, as in the memory store: take back the rows that went in, name the first id held.
    const ids = new Set(inserted.map((row) => row["id"] as string));
    if (ids.size > 0) await this.rows(this.sql.deleteLedger, [[...ids]]);
    const held = entries.find((entry) => !ids.has(entry.id)) ?? (entries[0] as LedgerEntry);
    throw new UniqueViolationError("ledger.id", held.id);
  }

  async listLedger(accountId: string): Promise<readonly LedgerEntry[]> {
    return (await this.rows(this.sql.listLedger, [accountId])).map(ledgerOf);
  }

  async insertMessage(message: Omit<MessageRecord, "version" | "events">): Promise<MessageRecord> {
    const [row] = await this.rows(this.sql.insertMessage, [
      message.key,
      message.accountId,
      message.kind,
      message.channel,
      message.to,
      message.subject ?? null,
      message.text,
      message.html ?? null,
      message.template ?? null,
      message.reference,
      message.status,
      message.mergedInto ?? null,
      message.outcome === undefined ? null : encodeJson(message.outcome),
      message.createdAt,
      extraOf(message, KNOWN.message),
    ]);
    if (row === undefined) throw new UniqueViolationError("messages.key", message.key);
    return messageOf(row);
  }

  async updateMessage(key: string, expectedVersion: number, change: { readonly status?: MessageStatus; readonly outcome?: SendResult; readonly event?: DeliveryEvent }): Promise<MessageRecord> {
    const accepted = change.outcome?.status === "accepted" ? change.outcome.messageId : null;
    const [row] = await this.rows(this.sql.updateMessage, [
      key,
      expectedVersion,
      change.status ?? null,
      change.outcome === undefined ? null : encodeJson(change.outcome),
      change.event === undefined ? null : encodeJson(change.event),
      accepted,
    ]);
    if (row === undefined) return this.conflict(`message ${key}`, expectedVersion, this.sql.messageVersion, key);
    return messageOf(row);
  }

  async getMessage(key: string): Promise<MessageRecord | undefined> {
    const [row] = await this.rows(this.sql.getMessage, [key]);
    return row === undefined ? undefined : messageOf(row);
  }

  async findMessageById(messageId: string): Promise<MessageRecord | undefined> {
    const [row] = await this.rows(this.sql.findMessageById, [messageId]);
    return row === undefined ? undefined : messageOf(row);
  }

  async listMessages(accountId: string): Promise<readonly MessageRecord[]> {
    return (await this.rows(this.sql.listMessages, [accountId])).map(messageOf);
  }

  async insertCase(record: Omit<AccountCase, "version">): Promise<AccountCase> {
    const { id, kind, accountId, contractId, status, openedAt, closedAt, ...details } = record as Omit<AccountCase, "version"> & Record<string, unknown>;
    const [row] = await this.rows(this.sql.insertCase, [id, kind, accountId, contractId, status, openedAt, closedAt ?? null, encodeJson(details)]);
    if (row === undefined) throw new UniqueViolationError("cases.id", id);
    return caseOf(row);
  }

  async updateCase(id: string, expectedVersion: number, change: AccountCaseChange): Promise<AccountCase> {
    const { status, closedAt, evidence, ...rest } = change;
    const patch = optional({ ...rest });
    const [row] = await this.rows(this.sql.updateCase, [id, expectedVersion, status ?? null, closedAt ?? null, encodeJson(patch), evidence === undefined ? null : encodeJson(evidence)]);
    if (row === undefined) return this.conflict(`case ${id}`, expectedVersion, this.sql.caseVersion, id);
    return caseOf(row);
  }

  async getCase(id: string): Promise<AccountCase | undefined> {
    const [row] = await this.rows(this.sql.getCase, [id]);
    return row === undefined ? undefined : caseOf(row);
  }

  async listCases(accountId: string): Promise<readonly AccountCase[]> {
    return (await this.rows(this.sql.listCases, [accountId])).map(caseOf);
  }

  async appendActivity(entry: ActivityEntry): Promise<void> {
    await this.rows(this.sql.appendActivity, [entry.id, entry.accountId, entry.at, entry.kind, entry.text, entry.reference ?? null, entry.actor ?? null, entry.details === undefined ? null : encodeJson(entry.details), extraOf(entry, KNOWN.activity)]);
  }

  async listActivity(accountId: string): Promise<readonly ActivityEntry[]> {
    return (await this.rows(this.sql.listActivity, [accountId])).map(activityOf);
  }

  async appendEvent(event: OutboxEvent): Promise<void> {
    const [row] = await this.rows(this.sql.appendEvent, [event.id, event.type, event.accountId, event.at, encodeJson(event.data), event.publishedAt ?? null, extraOf(event, KNOWN.event)]);
    if (row === undefined) throw new UniqueViolationError("events.id", event.id);
  }

  async listPendingEvents(limit: number): Promise<readonly OutboxEvent[]> {
    return (await this.rows(this.sql.listPendingEvents, [limit])).map(eventOf);
  }

  async markPublished(ids: readonly string[], at: Instant): Promise<void> {
    if (ids.length === 0) return;
    await this.rows(this.sql.markPublished, [[...ids], at]);
  }

  async nextCounter(key: string): Promise<number> {
    const [row] = await this.rows(this.sql.nextCounter, [key]);
    return row?.["value"] as number;
  }
}

// ---------------------------------------------------------------------------------------------
// The store

/**
 * A PostgreSQL store over any {@link SqlExecutor}. {@link createPostgresStore} and
 * {@link createPgliteStore} build the executor for you; use this one for a driver of your own.
 *
 * @example
 * ```ts
 * import { PGlite } from "@electric-sql/pglite";
 * const store = createStoreOver(pgliteExecutor(new PGlite(), { ownsDatabase: true }), { schema: "billing" });
 * store.schema; // → "billing"
 * await store.migrate(); // → { applied: [1, 2, 3], version: 3 }
 * await store.close();
 * ```
 */
export function createStoreOver(executor: SqlExecutor, options: StoreOptions = {}): PostgresStore {
  const schema = options.schema ?? DEFAULT_SCHEMA;
  const sql = statements(quoteSchema(schema));
  const reads = new Set([...READS].map((name) => sql[name]));
  // The in-process part of the account lock: one waiter per account per process reaches the
  // database (a PGlite session would grant its own advisory lock twice, so there it is the lock).
  const held = new Map<string, Promise<void>>();

  const withAccountLock = async <T>(accountId: string, fn: () => Promise<T>, lockOptions: { readonly timeoutMs?: number } = {}): Promise<T> => {
    const timeoutMs = lockOptions.timeoutMs ?? 30_000;
    const started = Date.now();
    for (;;) {
      const current = held.get(accountId);
      if (current === undefined) break;
      const left = timeoutMs - (Date.now() - started);
      if (left <= 0) throw new LockTimeoutError(accountId, timeoutMs);
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([current, new Promise<void>((resolve) => (timer = setTimeout(resolve, left)))]);
      if (timer !== undefined) clearTimeout(timer);
    }
    let release: () => void = () => undefined;
    held.set(accountId, new Promise<void>((resolve) => (release = resolve)));
    try {
      const left = Math.max(0, timeoutMs - (Date.now() - started));
      return await executor.withAdvisoryLock(accountId, left, fn).catch((error: unknown) => {
        // The timeout is the caller's, whatever part of it the database took.
        throw error instanceof LockTimeoutError && error.accountId === accountId ? new LockTimeoutError(accountId, timeoutMs) : error;
      });
    } finally {
      held.delete(accountId);
      release();
    }
  };

  return {
    executor,
    schema,
    transaction: <T>(fn: (tx: StoreTransaction) => Promise<T>): Promise<T> =>
      executor.transaction(async (session) => {
        const tx = new SqlTransaction(session, sql, reads);
        try {
          return await fn(tx);
        } finally {
          tx.open = false;
        }
      }),
    withAccountLock,
    migrate: () => migrate(executor, { schema }),
    close: () => executor.close(),
  };
}
