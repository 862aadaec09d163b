/**
 * `rmr-billing/postgres`: the Store and AccountLock ports over PostgreSQL — on a server (14 or
 * newer, through node-postgres) or embedded in this process (PGlite, PostgreSQL compiled to
 * WebAssembly: no server to install). One adapter, the same SQL on both, behind a small
 * query-executor seam; versioned, forward-only migrations; the schema is in docs/postgres.md.
 *
 * @example
 * ```ts
 * const store = await createPgliteStore();          // in memory; { dataDir: "./billing-data" } keeps it on disk
 * await store.migrate();
 * const engine = createBillingEngine({ store, gateway, notifier, clock });
 * ```
 *
 * @module
 */
import { PGlite } from "@electric-sql/pglite";
import { Pool, type PoolConfig } from "pg";
import { PARSERS } from "./codec.js";
import { pgExecutor, pgliteExecutor, type SqlExecutor } from "./executor.js";
import { createStoreOver, type PostgresStore, type StoreOptions } from "./store.js";

export { pgExecutor, pgliteExecutor, type PgExecutorOptions, type PgliteExecutorOptions, type SqlExecutor, type SqlQueryOptions, type SqlResult, type SqlRow, type SqlSession } from "./executor.js";
export { DEFAULT_SCHEMA, migrate, MIGRATIONS, type Migration, type MigrateOptions, type MigrationReport } from "./migrations.js";
export { createStoreOver, invoicePeriodKey, type PostgresStore, type StoreOptions } from "./store.js";
export { createShardedRun, shardJobId, type DateRunStatus, type EnqueueReport, type ShardedRun, type ShardedRunOptions, type ShardQueueBoss, type ShardRunner, type ShardRunError, type ShardRunReport, type ShardWorkOptions } from "./pgboss.js";

/** The options of {@link createPostgresStore}: a pool of yours, or what to open one with. */
export type PostgresStoreOptions = StoreOptions &
  (
    | {
        /** Your node-postgres pool; it stays open when the store closes. */
        readonly pool: Pool;
      }
    | {
        /** A connection string (`postgres://user:password@host:5432/db`): the store opens a pool and closes it in `close()`. */
        readonly connectionString: string;
        /** More pool settings (`max`, `ssl`, …) for the pool the store opens. */
        readonly poolConfig?: PoolConfig;
      }
    | {
        /** Any executor (a driver of your own). */
        readonly executor: SqlExecutor;
      }
  );

/**
 * A store on a PostgreSQL server (14 or newer). Call `migrate()` once at start. Transactions run
 * READ COMMITTED on a client of the pool each; account locks are advisory locks, so workers in
 * several processes exclude each other.
 *
 * @example
 * ```ts
 * const store = createPostgresStore({ connectionString: process.env.DATABASE_URL });
 * await store.migrate();
 * ```
 */
export function createPostgresStore(options: PostgresStoreOptions): PostgresStore {
  const schema = options.schema === undefined ? {} : { schema: options.schema };
  if ("executor" in options) return createStoreOver(options.executor, schema);
  if ("pool" in options) return createStoreOver(pgExecutor(options.pool), schema);
  const pool = new Pool({ ...options.poolConfig, connectionString: options.connectionString });
  return createStoreOver(pgExecutor(pool, { ownsPool: true }), schema);
}

/** The options of {@link createPgliteStore}. */
export type PgliteStoreOptions = StoreOptions &
  (
    | {
        /** Where the database lives on disk (created when missing); in memory when absent. */
        readonly dataDir?: string;
      }
    | {
        /** A PGlite you opened yourself; it stays open when the store closes. */
        readonly pglite: PGlite;
      }
  );

/**
 * A store on PGlite, embedded in this process: zero set-up, in memory by default or in a data
 * directory. One process opens a data directory at a time; inside it the store's transactions
 * run one after another and the account lock is in-process. Call `migrate()` once at start.
 *
 * @example
 * ```ts
 * const store = await createPgliteStore({ dataDir: "./billing-data" });
 * await store.migrate();
 * ```
 */
export async function createPgliteStore(options: PgliteStoreOptions = {}): Promise<PostgresStore> {
  const schema = options.schema === undefined ? {} : { schema: options.schema };
  if ("pglite" in options) return createStoreOver(pgliteExecutor(options.pglite), schema);
  const parsers = PARSERS as Record<number, (value: string) => unknown>;
  const db = options.dataDir === undefined ? await PGlite.create({ parsers }) : await PGlite.create(options.dataDir, { parsers });
  return createStoreOver(pgliteExecutor(db, { ownsDatabase: true, instanceParsers: true }), schema);
}
