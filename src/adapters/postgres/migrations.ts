/**
 * The store's schema as versioned, forward-only migrations. A migration, once released, never
 * changes: a new need is a new version. `migrate()` applies the versions a database lacks, in
 * order, in one transaction, under an advisory lock (two processes starting at once apply each
 * version once), and records each in `schema_migrations`.
 */
import { ErrorCodes, IssueCollector } from "../../errors/index.js";
import type { SqlExecutor } from "./executor.js";
import { LOCK_NAMESPACE } from "./executor.js";

/** One version of the schema. */
export interface Migration {
  /** 1, 2, 3, … with no gap. */
  readonly version: number;
  /** What it does, in words. */
  readonly name: string;
  /** Its statements, run in order; `{schema}` stands for the quoted schema name. */
  readonly statements: readonly string[];
}

/** Every migration, oldest first. */
export const MIGRATIONS: readonly Migration[] = Object.freeze([
  {
    version: 1,
    name: "billing store: contracts, invoices, credit notes, attempts, payments, reversals, ledger, messages, cases, activity, outbox, counters",
    statements: [
      `CREATE TABLE {schema}.contracts (
        id text COLLATE "C" NOT NULL,
        account_id text NOT NULL,
        version integer NOT NULL,
        document jsonb NOT NULL,
        CONSTRAINT contracts_pkey PRIMARY KEY (id)
      )`,
      `CREATE INDEX contracts_account_idx ON {schema}.contracts (account_id)`,
      `CREATE TABLE {schema}.invoices (
        number text COLLATE "C" NOT NULL,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        account_id text NOT NULL,
        contract_id text NOT NULL,
        kind text NOT NULL,
        site_ids text[] NOT NULL,
        period_start date NOT NULL,
        period_end date NOT NULL,
        issue_date date NOT NULL,
        due_date date NOT NULL,
        status text NOT NULL,
        currency text NOT NULL,
        total_minor bigint NOT NULL,
        balance_minor bigint NOT NULL,
        period_key text NOT NULL,
        version integer NOT NULL,
        document jsonb NOT NULL,
        CONSTRAINT invoices_pkey PRIMARY KEY (number),
        CONSTRAINT invoices_period_key UNIQUE (period_key)
      )`,
      `CREATE INDEX invoices_contract_idx ON {schema}.invoices (contract_id, seq)`,
      `CREATE INDEX invoices_open_idx ON {schema}.invoices (account_id, due_date, number) WHERE balance_minor > 0 AND status IN ('open', 'uncollectible')`,
      `CREATE TABLE {schema}.credit_notes (
        number text COLLATE "C" NOT NULL,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        account_id text NOT NULL,
        contract_id text NOT NULL,
        invoice_number text NOT NULL,
        issued_on date NOT NULL,
        currency text NOT NULL,
        total_minor bigint NOT NULL,
        document jsonb NOT NULL,
        CONSTRAINT credit_notes_pkey PRIMARY KEY (number)
      )`,
      `CREATE INDEX credit_notes_contract_idx ON {schema}.credit_notes (contract_id, seq)`,
      `CREATE TABLE {schema}.attempts (
        key text NOT NULL,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        invoice_number text NOT NULL,
        account_id text NOT NULL,
        amount_minor bigint NOT NULL,
        currency text NOT NULL,
        payment_method_token text NOT NULL,
        started_at timestamptz NOT NULL,
        status text NOT NULL,
        outcome jsonb,
        version integer NOT NULL,
        CONSTRAINT attempts_pkey PRIMARY KEY (key)
      )`,
      `CREATE INDEX attempts_invoice_idx ON {schema}.attempts (invoice_number, seq)`,
      `CREATE TABLE {schema}.payments (
        id text NOT NULL,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        account_id text NOT NULL,
        amount_minor bigint NOT NULL,
        currency text NOT NULL,
        channel text NOT NULL,
        received_on date NOT NULL,
        allocations jsonb NOT NULL,
        unapplied_minor bigint NOT NULL,
        reference text,
        CONSTRAINT payments_pkey PRIMARY KEY (id)
      )`,
      `CREATE INDEX payments_account_idx ON {schema}.payments (account_id, seq)`,
      `CREATE TABLE {schema}.reversals (
        id text NOT NULL,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        kind text NOT NULL,
        account_id text NOT NULL,
        payment_id text NOT NULL,
        amount_minor bigint NOT NULL,
        currency text NOT NULL,
        reversed_on date NOT NULL,
        reason text NOT NULL,
        code text,
        via text NOT NULL,
        status text NOT NULL,
        from_credit_minor bigint,
        from_invoices jsonb,
        refund_id text,
        version integer NOT NULL,
        CONSTRAINT reversals_pkey PRIMARY KEY (id)
      )`,
      `CREATE INDEX reversals_account_idx ON {schema}.reversals (account_id, seq)`,
      `CREATE TABLE {schema}.ledger (
        id text NOT NULL,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        account_id text NOT NULL,
        at timestamptz NOT NULL,
        kind text NOT NULL,
        debit text NOT NULL,
        credit text NOT NULL,
        amount_minor bigint NOT NULL,
        currency text NOT NULL,
        reference text NOT NULL,
        CONSTRAINT ledger_pkey PRIMARY KEY (id)
      )`,
      `CREATE INDEX ledger_account_idx ON {schema}.ledger (account_id, seq)`,
      `CREATE TABLE {schema}.messages (
        key text NOT NULL,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        account_id text NOT NULL,
        kind text NOT NULL,
        channel text NOT NULL,
        to_address text NOT NULL,
        subject text,
        body_text text NOT NULL,
        reference text NOT NULL,
        status text NOT NULL,
        merged_into text,
        outcome jsonb,
        provider_message_id text,
        events jsonb NOT NULL DEFAULT '[]',
        created_at timestamptz NOT NULL,
        version integer NOT NULL,
        CONSTRAINT messages_pkey PRIMARY KEY (key)
      )`,
      `CREATE INDEX messages_account_idx ON {schema}.messages (account_id, seq)`,
      `CREATE INDEX messages_provider_idx ON {schema}.messages (provider_message_id) WHERE provider_message_id IS NOT NULL`,
      `CREATE TABLE {schema}.cases (
        id text NOT NULL,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        kind text NOT NULL,
        account_id text NOT NULL,
        contract_id text NOT NULL,
        status text NOT NULL,
        opened_at timestamptz NOT NULL,
        closed_at timestamptz,
        details jsonb NOT NULL,
        version integer NOT NULL,
        CONSTRAINT cases_pkey PRIMARY KEY (id)
      )`,
      `CREATE INDEX cases_account_idx ON {schema}.cases (account_id, seq)`,
      `CREATE TABLE {schema}.activity (
        seq bigint GENERATED ALWAYS AS IDENTITY,
        id text NOT NULL,
        account_id text NOT NULL,
        at timestamptz NOT NULL,
        kind text NOT NULL,
        text text NOT NULL,
        reference text,
        CONSTRAINT activity_pkey PRIMARY KEY (seq)
      )`,
      `CREATE INDEX activity_account_idx ON {schema}.activity (account_id, seq)`,
      `CREATE TABLE {schema}.events (
        id text NOT NULL,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        type text NOT NULL,
        account_id text NOT NULL,
        at timestamptz NOT NULL,
        data jsonb NOT NULL,
        published_at timestamptz,
        CONSTRAINT events_pkey PRIMARY KEY (id)
      )`,
      `CREATE INDEX events_pending_idx ON {schema}.events (seq) WHERE published_at IS NULL`,
      `CREATE TABLE {schema}.counters (
        key text NOT NULL,
        value bigint NOT NULL,
        CONSTRAINT counters_pkey PRIMARY KEY (key)
      )`,
    ],
  },
  {
    version: 2,
    name: "messages keep their HTML body and template, activity its actor and details; every record keeps the fields a later port adds (extra jsonb)",
    statements: [
      `ALTER TABLE {schema}.messages ADD COLUMN html text, ADD COLUMN template text`,
      `ALTER TABLE {schema}.activity ADD COLUMN actor text, ADD COLUMN details jsonb`,
      ...["attempts", "payments", "reversals", "ledger", "messages", "activity", "events"].map((table) => `ALTER TABLE {schema}.${table} ADD COLUMN extra jsonb NOT NULL DEFAULT '{}'`),
    ],
  },
  {
    version: 3,
    name: "wake-ups: each account's write stamp, moved by a trigger on every write on its records, and each contract's next wake-up",
    statements: [
      // The stamp: the write sequence's value at the account's last write. Moved inside the
      // writing transaction (so a rollback takes it back, which the port allows), by the database
      // itself — no write path of the store can forget it.
      `CREATE SEQUENCE {schema}.write_seq`,
      `CREATE TABLE {schema}.account_stamps (
        account_id text NOT NULL,
        stamp bigint NOT NULL,
        CONSTRAINT account_stamps_pkey PRIMARY KEY (account_id)
      )`,
      `CREATE TABLE {schema}.wakeups (
        contract_id text COLLATE "C" NOT NULL,
        at timestamptz NOT NULL,
        account_stamp text NOT NULL,
        CONSTRAINT wakeups_pkey PRIMARY KEY (contract_id)
      )`,
      `CREATE FUNCTION {schema}.stamp_account() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        IF TG_OP <> 'INSERT' THEN
          INSERT INTO {schema}.account_stamps AS s (account_id, stamp) VALUES (OLD.account_id, nextval('{schema}.write_seq'))
            ON CONFLICT (account_id) DO UPDATE SET stamp = EXCLUDED.stamp;
        END IF;
        IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.account_id IS DISTINCT FROM OLD.account_id) THEN
          INSERT INTO {schema}.account_stamps AS s (account_id, stamp) VALUES (NEW.account_id, nextval('{schema}.write_seq'))
            ON CONFLICT (account_id) DO UPDATE SET stamp = EXCLUDED.stamp;
        END IF;
        RETURN NULL;
      END
      $fn$`,
      // Every table of an account's records; the outbox only on insert (publishing an event is
      // no write on the account).
      ...["contracts", "invoices", "credit_notes", "attempts", "payments", "reversals", "ledger", "messages", "cases", "activity"].map(
        (table) => `CREATE TRIGGER ${table}_stamp_account AFTER INSERT OR UPDATE OR DELETE ON {schema}.${table} FOR EACH ROW EXECUTE FUNCTION {schema}.stamp_account()`,
      ),
      `CREATE TRIGGER events_stamp_account AFTER INSERT ON {schema}.events FOR EACH ROW EXECUTE FUNCTION {schema}.stamp_account()`,
    ],
  },
]);

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** The schema name, checked (lower-case letters, digits and `_`, as PostgreSQL folds them), quoted. */
export function quoteSchema(schema: string): string {
  if (typeof schema !== "string" || !SCHEMA_NAME.test(schema)) {
    const issues = new IssueCollector();
    issues.add(["schema"], ErrorCodes.invalidValue, `a schema name is 1–63 lower-case letters, digits or "_", not starting with a digit, got ${JSON.stringify(schema)}`);
    issues.throwIfAny();
  }
  return `"${schema}"`;
}

/** What {@link migrate} did. */
export interface MigrationReport {
  /** The versions applied now, in order (empty when the schema was up to date). */
  readonly applied: readonly number[];
  /** The schema's version now. */
  readonly version: number;
}

/** The options of {@link migrate}. */
export interface MigrateOptions {
  /** The PostgreSQL schema holding the store's tables (default `"rmr_billing"`); created when missing. */
  readonly schema?: string;
}

/** The store's default PostgreSQL schema. */
export const DEFAULT_SCHEMA = "rmr_billing";

/**
 * Brings the store's schema up to the latest version: creates the schema when missing, applies
 * each migration the database lacks in one transaction, and records it in
 * `<schema>.schema_migrations`. Safe to call at every start, from several processes at once.
 * Fails, changing nothing, when the database is at a version newer than this library knows.
 *
 * @example
 * ```ts
 * const report = await migrate(pgExecutor(pool));   // { applied: [1], version: 1 }, then { applied: [], version: 1 }
 * ```
 */
export async function migrate(executor: SqlExecutor, options: MigrateOptions = {}): Promise<MigrationReport> {
  const schemaName = options.schema ?? DEFAULT_SCHEMA;
  const schema = quoteSchema(schemaName);
  const latest = MIGRATIONS.length === 0 ? 0 : (MIGRATIONS[MIGRATIONS.length - 1] as Migration).version;
  return executor.transaction(async (session) => {
    // One migrator per schema at a time (held to COMMIT); a second one then finds the work done.
    await session.query("SELECT pg_advisory_xact_lock($1, hashtext($2))", [LOCK_NAMESPACE + 1, `migrate:${schemaName}`]);
    await session.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await session.query(`CREATE TABLE IF NOT EXISTS ${schema}.schema_migrations (version integer NOT NULL, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now(), CONSTRAINT schema_migrations_pkey PRIMARY KEY (version))`);
    const { rows } = await session.query(`SELECT version FROM ${schema}.schema_migrations ORDER BY version`);
    const done = new Set(rows.map((row) => row["version"] as number));
    const newest = Math.max(0, ...done);
    if (newest > latest) {
      throw new Error(`rmr-billing/postgres: the schema ${schemaName} is at version ${newest}, newer than this rmr-billing knows (${latest}); upgrade rmr-billing (migrations are forward-only)`);
    }
    const applied: number[] = [];
    for (const migration of MIGRATIONS) {
      if (done.has(migration.version)) continue;
      for (const statement of migration.statements) await session.query(statement.replaceAll("{schema}", schema));
      await session.query(`INSERT INTO ${schema}.schema_migrations (version, name) VALUES ($1, $2)`, [migration.version, migration.name]);
      applied.push(migration.version);
    }
    return { applied, version: latest };
  });
}
