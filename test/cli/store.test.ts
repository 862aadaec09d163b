/**
 * The CLI over its database — an embedded PostgreSQL (PGlite) in a data folder: import a CRM
 * export, run a billing day twice (the day is done once), report; every command a fresh open of
 * the folder, as separate processes would.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli, type CliIo } from "../../src/cli/main.js";

const root = mkdtempSync(join(tmpdir(), "rmr-cli-"));
const data = join(root, "billing-data");
const outbox = join(root, "outbox");
afterAll(() => rmSync(root, { recursive: true, force: true }));

function io(): CliIo & { stdout: string[]; stderr: string[]; written: Map<string, string> } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const written = new Map<string, string>();
  return {
    stdout,
    stderr,
    written,
    out: (t) => stdout.push(t),
    err: (t) => stderr.push(t),
    readFile: (p) => readFileSync(p, "utf8"),
    writeFile: (p, t) => written.set(p, t),
    today: () => "2027-01-05",
  };
}

describe("rmr-billing over its database", () => {
  it("imports into the data folder, runs a day once however often it is run, and reports from it", async () => {
    const imported = io();
    expect(await runCli(["import", "examples/import/crm-export.csv", "--as-of", "2027-01-05", "--data", data], imported)).toBe(0);
    expect(imported.stdout.join("\n")).toMatch(/imported/);

    // The old system billed until January: the engine starts with February's invoices (issued Jan 27).
    const first = io();
    expect(await runCli(["run", "--as-of", "2027-01-27", "--bill-from", "2027-01-27", "--data", data, "--outbox", outbox], first)).toBe(0);
    const issued = Number(/invoices issued +(\d+)/.exec(first.stdout.join("\n"))?.[1]);
    expect(issued).toBeGreaterThan(0);
    const files = readdirSync(outbox).length;
    expect(files).toBeGreaterThan(0);

    const again = io();
    expect(await runCli(["run", "--as-of", "2027-01-27", "--bill-from", "2027-01-27", "--data", data, "--outbox", outbox], again)).toBe(0);
    expect(/invoices issued +(\d+)/.exec(again.stdout.join("\n"))?.[1]).toBe("0");
    expect(/messages sent +(\d+)/.exec(again.stdout.join("\n"))?.[1]).toBe("0");
    expect(readdirSync(outbox).length).toBe(files);

    const report = io();
    expect(await runCli(["report", "--as-of", "2027-01-31", "--data", data, "--out", join(root, "report.html")], report)).toBe(0);
    const json = JSON.parse(report.written.get(join(root, "report.json")) ?? "{}") as { receivables?: unknown };
    expect(report.written.get(join(root, "report.html"))).toContain("<svg");
    expect(json).toHaveProperty("asOf", "2027-01-31");

    const migrated = io();
    expect(await runCli(["migrate", "--data", data], migrated)).toBe(0);
    expect(migrated.stdout).toEqual([`The database at ${data} is up to date.`]);
  }, 120_000);

  it("names every problem of a run's command line, and a database it cannot open", async () => {
    const bad = io();
    expect(await runCli(["run", "--as-of", "2027-02-30", "--bill-from", "soon", "--colour", "red"], bad)).toBe(2);
    expect(bad.stderr.slice(0, 3)).toEqual(["rmr-billing: unknown option --colour", "rmr-billing: --as-of must be a day of the calendar YYYY-MM-DD, not \"2027-02-30\"", "rmr-billing: --bill-from must be a day of the calendar YYYY-MM-DD, not \"soon\""]);
    const unreachable = io();
    expect(await runCli(["migrate", "--database-url", "postgres://nobody:secret@127.0.0.1:1/none"], unreachable)).toBe(1);
    expect(unreachable.stderr[0]).toMatch(/^rmr-billing: cannot open the database at --database-url: /);
    expect(unreachable.stderr.join("\n")).not.toContain("secret");
  }, 60_000);
});
