/**
 * The query-executor seam: the store speaks SQL to a {@link SqlExecutor}, and two small
 * executors put it on a driver — node-postgres (a pool, one client per transaction) and PGlite
 * (one in-process session, its own `transaction()`). Everything above this file is one adapter.
 */
import type { PGlite } from "@electric-sql/pglite";
import type { Pool, PoolClient, QueryConfig } from "pg";
import { LockTimeoutError } from "../../ports/index.js";
import { PARSERS } from "./codec.js";

/** One row as the executor returns it: column name → value, already parsed (dates as strings, bigints as numbers). */
export type SqlRow = Readonly<Record<string, unknown>>;

/** What a statement returned. */
export interface SqlResult {
  /** The rows (empty for a statement that returns none). */
  readonly rows: readonly SqlRow[];
}

/** How a statement may be run. */
export interface SqlQueryOptions {
  /**
   * A plain read (no write, no row lock): an executor may run it before the transaction block
   * opens, while the transaction has written nothing — under READ COMMITTED each statement sees
   * what was committed when it began either way, so the rows are the same, and a transaction that
   * only reads costs no BEGIN and COMMIT.
   */
  readonly read?: boolean;
}

/** A session inside one transaction: statements run in order, with `$1`, `$2`, … parameters. */
export interface SqlSession {
  /** Runs one statement. */
  query(text: string, params?: readonly unknown[], options?: SqlQueryOptions): Promise<SqlResult>;
}

/**
 * What the store needs of a database driver: transactions, and an advisory lock that excludes
 * other processes. {@link pgExecutor} and {@link pgliteExecutor} are the two shipped; a third
 * driver is a small object of this shape.
 */
export interface SqlExecutor {
  /** `"pg"` for a server reached through node-postgres, `"pglite"` for the embedded database. */
  readonly dialect: "pg" | "pglite";
  /**
   * Runs `fn` in a READ COMMITTED transaction: COMMIT when it resolves, ROLLBACK when it throws
   * (the error is rethrown). Plain reads before the first write may run outside the transaction
   * block ({@link SqlQueryOptions.read}).
   */
  transaction<T>(fn: (session: SqlSession) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` holding the advisory lock of `key` against other processes, waiting at most
   * `timeoutMs` for it (then {@link LockTimeoutError}). An executor whose database only one
   * process can open (PGlite) runs `fn` at once: the store's in-process lock is all it needs.
   */
  withAdvisoryLock<T>(key: string, timeoutMs: number, fn: () => Promise<T>): Promise<T>;
  /** Closes what the executor owns (a pool it created, a PGlite it opened); a borrowed one stays open. */
  close(): Promise<void>;
}

/** The first key of the two-key advisory locks the store takes ("rmr" in ASCII): other users of advisory locks keep theirs. */
export const LOCK_NAMESPACE = 0x726d72;

/** Named prepared statements, one name per distinct text (node-postgres prepares each once per connection). */
const statementNames = new Map<string, string>();
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `rmr_billing_${statementNames.size + 1}`;
    statementNames.set(text, name);
  }
  return name;
}

const PG_TYPES = {
  getTypeParser: (oid: number) => PARSERS[oid] ?? ((text: string) => text),
};

/** A PostgreSQL error's SQLSTATE, when `error` is one. */
export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/** A transaction on one pool client; BEGIN is sent before its first statement that is not a plain read. */
function pgSession(client: PoolClient): SqlSession & { readonly begun: boolean; settle(): Promise<void>; end(): Promise<void> } {
  // One statement at a time on the connection, in call order, even when the caller does not await
  // each (a transaction's reads run under Promise.all): node-postgres deprecates queuing them itself.
  let last: Promise<unknown> = Promise.resolve();
  let begun = false;
  let ended = false;
  return {
    get begun() {
      return begun;
    },
    /** Waits for every statement asked so far (before COMMIT). */
    async settle() {
      for (let seen: Promise<unknown> | undefined; seen !== last; ) {
        seen = last;
        await seen;
      }
    },
    /** Refuses statements not started yet and waits for the one running (before ROLLBACK and release). */
    async end() {
      ended = true;
      await last;
    },
    query(text, params = [], options = {}) {
      const config: QueryConfig = { text, values: params as unknown[], name: statementName(text), types: PG_TYPES };
      const run = last.then(async () => {
        // A statement still queued when its transaction failed would run after ROLLBACK, outside it.
        if (ended) throw new Error("This transaction has ended: its statement was not run");
        if (!begun && options.read !== true) {
          await client.query("BEGIN ISOLATION LEVEL READ COMMITTED");
          begun = true;
        }
        return { rows: (await client.query(config)).rows as SqlRow[] };
      });
      last = run.catch(() => undefined);
      return run;
    },
  };
}

/** The options of {@link pgExecutor}. */
export interface PgExecutorOptions {
  /** Close the pool in `close()` (default false: the pool is the caller's). */
  readonly ownsPool?: boolean;
}

/**
 * An executor over a node-postgres pool: each transaction takes a client of its own; an account
 * lock holds one more client, in a transaction of its own, for as long as it is held
 * (`pg_advisory_xact_lock` with `lock_timeout`), so it is released by COMMIT — or by the server
 * when the process dies and its connection drops. At most `max − 1` of the pool's clients hold or
 * wait for locks at once (a further holder waits its turn in the process), so the transactions
 * inside the locks always find a client; size the pool at two per engine run working at a time.
 *
 * Type parsers are set per query (dates as `"YYYY-MM-DD"`, instants as ISO strings, bigints as
 * numbers), never on node-postgres's global `types`, so the rest of your application is untouched.
 *
 * @example
 * ```ts
 * import { Pool } from "pg";
 * const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 }); // no connection until the first query
 * const executor = pgExecutor(pool);
 * executor.dialect; // → "pg"
 * const store = createStoreOver(executor); // the pool stays yours: close() leaves it open
 * ```
 */
export function pgExecutor(pool: Pool, options: PgExecutorOptions = {}): SqlExecutor {
  // Lock holders never take the whole pool: a holder's own transactions need a client too, and
  // with every client holding (or waiting for) a lock they would wait for ever.
  const slots = createSlots(Math.max(1, (pool.options.max ?? 10) - 1));
  return {
    dialect: "pg",
    async transaction(fn) {
      const client = await pool.connect();
      let broken: Error | undefined;
      const session = pgSession(client);
      try {
        const result = await fn(session);
        await session.settle();
        await session.end();
        if (session.begun) {
          // A statement that failed (and was caught) aborted the transaction: PostgreSQL answers
          // COMMIT with ROLLBACK, and nothing of it was kept — say so, as PGlite does.
          const committed = await client.query("COMMIT");
          if (committed.command === "ROLLBACK") throw new Error("rmr-billing/postgres: the transaction was rolled back at COMMIT: a statement in it had failed (an error caught inside the transaction callback)");
        }
        return result;
      } catch (error) {
        await session.end();
        if (session.begun) {
          await client.query("ROLLBACK").catch((rollbackError: unknown) => {
            broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
          });
        }
        throw error;
      } finally {
        client.release(broken);
      }
    },
    async withAdvisoryLock(key, timeoutMs, fn) {
      const started = Date.now();
      if (!(await slots.acquire(timeoutMs))) throw new LockTimeoutError(key, timeoutMs);
      let client: PoolClient;
      try {
        client = await pool.connect();
      } catch (error) {
        slots.release();
        throw error;
      }
      let broken: Error | undefined;
      try {
        const left = Math.max(0, Math.ceil(timeoutMs - (Date.now() - started)));
        let held: boolean;
        if (left <= 0) {
          await client.query("BEGIN");
          const tried = await client.query<{ held: boolean }>("SELECT pg_try_advisory_xact_lock($1, hashtext($2)) AS held", [LOCK_NAMESPACE, key]);
          held = tried.rows[0]?.held === true;
        } else {
          try {
            // One round trip (the simple protocol runs the three in order; a lock every handle of
            // the month takes twice cost four before): the key goes in as an escaped literal.
            await client.query(`BEGIN; SET LOCAL lock_timeout = ${left}; SELECT pg_advisory_xact_lock(${LOCK_NAMESPACE}, hashtext(${client.escapeLiteral(key)}))`);
            held = true;
          } catch (error) {
            // 55P03 lock_not_available: lock_timeout ran out.
            if (sqlState(error) !== "55P03") throw error;
            held = false;
          }
        }
        if (!held) throw new LockTimeoutError(key, timeoutMs);
        try {
          return await fn();
        } finally {
          await client.query("COMMIT").catch((commitError: unknown) => {
            broken = commitError instanceof Error ? commitError : new Error(String(commitError));
          });
        }
      } catch (error) {
        if (broken === undefined) {
          await client.query("ROLLBACK").catch((rollbackError: unknown) => {
            broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
          });
        }
        throw error;
      } finally {
        // A client whose COMMIT or ROLLBACK failed is destroyed, which also drops any lock it held.
        client.release(broken);
        slots.release();
      }
    },
    async close() {
      if (options.ownsPool === true) await pool.end();
    },
  };
}

/** A counting semaphore whose waiters give up after a timeout. */
function createSlots(size: number): { acquire(timeoutMs: number): Promise<boolean>; release(): void } {
  let free = size;
  const waiting: ((granted: boolean) => void)[] = [];
  return {
    acquire(timeoutMs) {
      if (free > 0) {
        free--;
        return Promise.resolve(true);
      }
      return new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          const at = waiting.indexOf(grant);
          if (at >= 0) waiting.splice(at, 1);
          resolve(false);
        }, timeoutMs);
        const grant = (granted: boolean): void => {
          clearTimeout(timer);
          resolve(granted);
        };
        waiting.push(grant);
      });
    },
    release() {
      const next = waiting.shift();
      if (next === undefined) free++;
      else next(true);
    },
  };
}

/** The options of {@link pgliteExecutor}. */
export interface PgliteExecutorOptions {
  /** Close the database in `close()` (default false: the instance is the caller's). */
  readonly ownsDatabase?: boolean;
  /**
   * The instance was created with the store's parsers (`PGlite.create({ parsers })`, as
   * {@link createPgliteStore} does), so no query needs to carry them (PGlite merges per-query parsers
   * into its own on every query).
   */
  readonly instanceParsers?: boolean;
}

/**
 * An executor over a PGlite database (PostgreSQL compiled to WebAssembly, in this process). PGlite
 * is one session: its `transaction()` runs one transaction at a time, and a data directory is open
 * in one process only, so the advisory lock is the store's in-process lock alone. Parsers are given
 * per query, so an instance you created yourself works as is.
 *
 * @example
 * ```ts
 * import { PGlite } from "@electric-sql/pglite";
 * const executor = pgliteExecutor(await PGlite.create(), { ownsDatabase: true });
 * executor.dialect; // → "pglite"
 * const store = createStoreOver(executor);
 * await store.migrate(); // → { applied: [1, 2, 3], version: 3 }
 * await store.close(); // closes the PGlite database too (ownsDatabase)
 * ```
 */
export function pgliteExecutor(db: PGlite, options: PgliteExecutorOptions = {}): SqlExecutor {
  const queryOptions = options.instanceParsers === true ? undefined : { parsers: PARSERS as Record<number, (value: string) => unknown> };
  return {
    dialect: "pglite",
    transaction(fn) {
      return db.transaction(async (tx) =>
        fn({
          async query(text, params = []) {
            const result = await tx.query<SqlRow>(text, params as unknown[], queryOptions);
            return { rows: result.rows };
          },
        }),
      );
    },
    withAdvisoryLock(_key, _timeoutMs, fn) {
      return fn();
    },
    async close() {
      if (options.ownsDatabase === true && !db.closed) await db.close();
    },
  };
}
