/** The PostgreSQL server the adapter tests run against (`RMR_TEST_DATABASE_URL`; `.ci/run` starts one). */
import { Pool } from "pg";

/** The server's URL. */
export const SERVER_URL = process.env["RMR_TEST_DATABASE_URL"] ?? "postgres://rmr:rmr@127.0.0.1:5432/rmr_test";

/**
 * A pool on the server, or undefined when none answers outside CI — said plainly on the console,
 * `skipped` telling what is skipped. In CI (`CI=true`) a missing server fails the file.
 */
export async function serverPool(options: { readonly max: number; readonly file: string; readonly skipped: string }): Promise<Pool | undefined> {
  const pool = new Pool({ connectionString: SERVER_URL, max: options.max, connectionTimeoutMillis: 3_000 });
  try {
    await pool.query("SELECT 1");
    return pool;
  } catch (error) {
    await pool.end().catch(() => undefined);
    const why = `PostgreSQL at ${SERVER_URL.replace(/:[^:@/]*@/, ":***@")} is unreachable (${error instanceof Error ? error.message : String(error)})`;
    if (process.env["CI"] === "true") throw new Error(`${why}: CI needs the server (.ci/run starts it)`);
    console.warn(`${options.file}: ${why} — ${options.skipped}`);
    return undefined;
  }
}
