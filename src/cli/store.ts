/**
 * The CLI's database: an embedded PostgreSQL (PGlite) in a data directory by default, or a
 * PostgreSQL server with `--database-url` — the same store either way, migrated on open.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createManualClock, createSimulatedGateway } from "../adapters/memory/index.js";
import { createPgliteStore, createPostgresStore, type PostgresStore } from "../adapters/postgres/index.js";
import { isCalendarDate } from "../calendar/index.js";
import { createBillingEngine, type RunReport } from "../engine/index.js";
import { parseBrand, type Brand } from "../messages/index.js";
import type { AccountLock, BillingStore, Notifier, SendRequest } from "../ports/index.js";

/** Where the CLI keeps its data. */
export interface StoreLocation {
  /** A PGlite data directory (default `./billing-data`). */
  readonly dataDir?: string | undefined;
  /** A PostgreSQL server: `postgres://user:password@host:5432/db`. */
  readonly databaseUrl?: string | undefined;
}

/** The store a command works on, closed when the command ends. */
export type CliStore = BillingStore & AccountLock & { readonly close: () => Promise<void>; readonly where: string };

/** The default data directory of the CLI. */
export const DEFAULT_DATA_DIR = "./billing-data";

/** Opens (and migrates) the store at a location. */
export async function openStore(location: StoreLocation): Promise<CliStore> {
  let store: PostgresStore;
  let where: string;
  if (location.databaseUrl !== undefined) {
    store = createPostgresStore({ connectionString: location.databaseUrl });
    where = location.databaseUrl.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");
  } else {
    const dataDir = location.dataDir ?? DEFAULT_DATA_DIR;
    mkdirSync(dataDir, { recursive: true });
    store = await createPgliteStore({ dataDir });
    where = dataDir;
  }
  try {
    await store.migrate();
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error;
  }
  return Object.assign(store, { where });
}

/**
 * A notifier that writes every message to a folder (`<key>.txt`, and `<key>.html` for an HTML
 * email) instead of sending it: the CLI has no mail or SMS provider of its own — your product
 * plugs in `rmr-billing/smtp` and `rmr-billing/sms-http`. One file per idempotency key: a message
 * written twice is the same file.
 */
export function createFolderNotifier(folder: string): Notifier & { readonly written: () => number } {
  let written = 0;
  return {
    written: () => written,
    async send(request: SendRequest) {
      mkdirSync(folder, { recursive: true });
      const name = request.idempotencyKey.replace(/[^A-Za-z0-9._+-]/g, "_");
      const head = [`To: ${request.to} (${request.channel})`, ...(request.subject === undefined ? [] : [`Subject: ${request.subject}`]), `Kind: ${request.kind}`, ""];
      writeFileSync(join(folder, `${name}.txt`), `${head.join("\n")}\n${request.text}\n`);
      if (request.html !== undefined) writeFileSync(join(folder, `${name}.html`), request.html);
      written++;
      return { status: "accepted", messageId: `file:${name}` };
    },
  };
}

/** What `rmr-billing run` did. */
export interface CliRunResult {
  /** The engine's report of the run. */
  readonly report: RunReport;
  /** The folder the messages were written to. */
  readonly outbox: string;
}

/**
 * One engine run at a day over the CLI's store: the clock reads that day at 17:00 UTC (midday on
 * US clocks, inside every send window); payments go through the simulated gateway (it approves
 * every token — the CLI takes no real card; your product plugs its gateway into the port); the
 * messages are written to `outbox`. Running the same day twice does the day once: every effect is
 * keyed in the store.
 */
export async function runDay(store: CliStore, asOf: string, options: { readonly outbox: string; readonly brand?: Brand | undefined; readonly billFrom?: string | undefined }): Promise<CliRunResult> {
  if (!isCalendarDate(asOf)) throw new TypeError(`--as-of must be a day YYYY-MM-DD, not ${JSON.stringify(asOf)}`);
  const clock = createManualClock(`${asOf}T17:00:00Z`);
  const engine = createBillingEngine({
    store,
    lock: store,
    gateway: createSimulatedGateway({ clock }),
    notifier: createFolderNotifier(options.outbox),
    clock,
    ...(options.billFrom === undefined ? {} : { settings: { billFrom: options.billFrom } }),
    ...(options.brand === undefined ? {} : { messages: { brand: options.brand } }),
  });
  const report = await engine.run({ asOf });
  return { report, outbox: options.outbox };
}

/** Reads a brand file for `run --brand`. */
export function readBrand(text: string): Brand {
  return parseBrand(JSON.parse(text) as unknown);
}
