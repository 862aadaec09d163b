import { createMemoryStore } from "../../src/adapters/memory/index.js";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { generateExport } from "../../bench/import.js";
import { runCli, type CliIo } from "../../src/cli/main.js";
import { GENERIC_MAPPING, parseImportMapping, type ImportReport } from "../../src/import/index.js";

const example = (path: string): string => readFileSync(new URL(`../../examples/import/${path}`, import.meta.url), "utf8");

interface FakeIo extends CliIo {
  readonly stdout: string[];
  readonly stderr: string[];
  readonly raw: string[];
  readonly written: Map<string, string>;
}

/** A fake io: files from a map, streamed in small chunks, everything written kept. */
function fakeIo(files: Record<string, string>, options: { tty?: boolean } = {}): FakeIo {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const raw: string[] = [];
  const written = new Map<string, string>();
  const content = (path: string): string => {
    const text = files[path];
    if (text === undefined) throw new Error(`ENOENT: no such file or directory, open '${path}'`);
    return text;
  };
  return {
    stdout,
    stderr,
    raw,
    written,
    out: (text) => stdout.push(text),
    err: (text) => stderr.push(text),
    errRaw: (text) => raw.push(text),
    errIsTty: options.tty === true,
    readFile: content,
    openFile: (path) =>
      (async function* () {
        const bytes = Buffer.from(content(path));
        for (let at = 0; at < bytes.length; at += 65_536) yield bytes.subarray(at, at + 65_536);
      })(),
    fileSize: (path) => (files[path] === undefined ? undefined : Buffer.byteLength(files[path] as string)),
    writeFile: (path, text) => written.set(path, text),
    today: () => "2027-01-05",
    // The database of each command line: a fresh memory store (test/cli/store.test.ts opens PGlite).
    openStore: async () => Object.assign(createMemoryStore(), { close: async () => undefined, where: "memory" }),
  };
}

describe("rmr-billing import", () => {
  it("ships the generic mapping as JSON, equal to GENERIC_MAPPING", () => {
    expect(parseImportMapping(JSON.parse(example("generic-mapping.json")))).toEqual(GENERIC_MAPPING);
  });

  it("prints the summary with the first problems by row, and exits 0 though some rows are rejected", async () => {
    const io = fakeIo({ "crm.csv": example("crm-export.csv") });
    expect(await runCli(["import", "crm.csv"], io)).toBe(0);
    const text = io.stdout.join("\n");
    expect(text).toContain("Import (csv, mapping generic) as of 2027-01-05, changes effective 2027-01-05");
    expect(text).toContain("  rows:      9 rows — 8 imported, 0 updated, 0 unchanged, 1 rejected");
    expect(text).toContain('  row 15  error    C-1005  cycle ("Billing Cycle"): unknown billing cycle "Weekly"');
    expect(text).toContain('  row 14  warning  C-1004  paymentKind ("Payment Method"): no payment method');
    expect(io.stderr).toEqual([]);
  });

  it("writes the full report as JSON with --report: every row once", async () => {
    const io = fakeIo({ "crm.csv": example("crm-export.csv") });
    expect(await runCli(["import", "crm.csv", "--report", "out/report.json", "--as-of", "2027-01-05"], io)).toBe(0);
    const report = JSON.parse(io.written.get("out/report.json") as string) as ImportReport;
    expect(report.contracts.flatMap((c) => c.rows).sort((a, b) => a - b)).toEqual([2, 4, 7, 8, 11, 12, 13, 14, 15]);
    expect(report.flags.map((f) => f.id)).toEqual(["import:noPaymentMethod:C-1004"]);
    expect(io.stdout.at(-1)).toBe("Report written to out/report.json");
  });

  it("validates only with --dry-run, and takes a mapping, a day and an effective date", async () => {
    const io = fakeIo({ "crm.csv": example("crm-export.csv"), "m.json": example("generic-mapping.json") });
    expect(await runCli(["import", "crm.csv", "--dry-run", "--mapping", "m.json", "--as-of", "2027-02-01", "--effective=2027-03-01"], io)).toBe(0);
    expect(io.stdout[0]?.split("\n")[0]).toBe("Import (csv, mapping generic) as of 2027-02-01, changes effective 2027-03-01 (dry run: nothing written)");
  });

  it("imports a JSON file of contracts", async () => {
    const contract = readFileSync(new URL("../../examples/contracts/residential.json", import.meta.url), "utf8");
    const io = fakeIo({ "contracts.json": `[${contract}]` });
    expect(await runCli(["import", "contracts.json"], io)).toBe(0);
    expect(io.stdout.join("\n")).toContain("contracts: 1 contract — 1 imported");
  });

  it("exits 1 only when the file cannot be read", async () => {
    const missing = fakeIo({});
    expect(await runCli(["import", "nope.csv"], missing)).toBe(1);
    expect(missing.stderr).toEqual(["rmr-billing: cannot read nope.csv: ENOENT: no such file or directory, open 'nope.csv'"]);

    const unclosed = fakeIo({ "bad.csv": 'Contract ID,Site ID,Item ID\nC-1,S-1,"L-1\n' });
    expect(await runCli(["import", "bad.csv"], unclosed)).toBe(1);
    expect(unclosed.stdout.join("\n")).toContain("file: unreadable: Quote Not Closed");
    expect(unclosed.stderr).toEqual(["rmr-billing: bad.csv could not be read to its end"]);

    const notJson = fakeIo({ "c.json": "{ nope" });
    expect(await runCli(["import", "c.json"], notJson)).toBe(1);
    expect(notJson.stderr[0]).toMatch(/^rmr-billing: cannot read c\.json: not JSON/);
  });

  it("exits 1 for a mapping that cannot be read or is not valid, listing every problem", async () => {
    const io = fakeIo({ "crm.csv": example("crm-export.csv"), "m.json": JSON.stringify({ columns: { contractId: "ID", email: "id" } }) });
    expect(await runCli(["import", "crm.csv", "--mapping", "m.json"], io)).toBe(1);
    expect(io.stderr[0]).toBe("m.json: 3 problem(s):");
    expect(io.stderr.slice(1).sort()).toEqual([
      '  columns.email: column "id" is already the column of contractId [invalid_value]',
      "  columns.lineId: a mapping must name the column of lineId: rows are grouped by it [invalid_value]",
      "  columns.siteId: a mapping must name the column of siteId: rows are grouped by it [invalid_value]",
    ]);
    const missing = fakeIo({ "crm.csv": example("crm-export.csv") });
    expect(await runCli(["import", "crm.csv", "--mapping", "none.json"], missing)).toBe(1);
    expect(missing.stderr[0]).toContain("cannot read the mapping none.json");
  });

  const usage: [string, string[], string][] = [
    ["no file", ["import"], "import needs the file to import"],
    ["two files", ["import", "a.csv", "b.csv"], 'unexpected argument "b.csv"'],
    ["a day that does not exist", ["import", "a.csv", "--as-of", "2027-02-30"], '--as-of must be a day of the calendar YYYY-MM-DD, not "2027-02-30"'],
    ["--end-missing without --full", ["import", "a.csv", "--end-missing", "2027-02-01"], "--end-missing needs --full"],
    ["an unknown option", ["import", "a.csv", "--force", "yes"], "unknown option --force"],
  ];
  it.each(usage)("refuses %s with exit code 2", async (_name, argv, message) => {
    const io = fakeIo({ "a.csv": example("crm-export.csv") });
    expect(await runCli(argv, io)).toBe(2);
    expect(io.stderr.join("\n")).toContain(message);
    expect(io.stdout).toEqual([]);
  });

  it("says in the help where the import goes: the database, or memory with --memory", async () => {
    const io = fakeIo({});
    expect(await runCli(["--help"], io)).toBe(0);
    expect(io.stdout.join("\n")).toContain("import    Import and validate contracts from a CRM export (CSV or JSON) into the database");
    expect(io.stdout.join("\n")).toContain("--memory              import into a store that lasts as long as the command (no database)");
  });

  describe("progress on stderr for a big file", () => {
    const big = [...generateExport(1_200)].join(""); // about 1.2 MiB: over the 1 MiB the bar starts at

    it("draws a bar on a terminal", async () => {
      const io = fakeIo({ "big.csv": big }, { tty: true });
      expect(await runCli(["import", "big.csv"], io)).toBe(0);
      expect(io.raw[0]).toMatch(/^\r\[[#-]{30}\] +\d+%  1,000 rows$/);
      expect(io.raw.at(-2)).toMatch(/^\r\[#{30}\] 100%  4,800 rows$/);
      expect(io.raw.at(-1)).toBe("\n");
      expect(io.stdout.join("\n")).toContain("4,800 rows");
    });

    it("prints a plain percentage line per tenth otherwise", async () => {
      const io = fakeIo({ "big.csv": big });
      expect(await runCli(["import", "big.csv"], io)).toBe(0);
      expect(io.raw).toEqual([]);
      expect(io.stderr.length).toBeGreaterThanOrEqual(5);
      expect(io.stderr.every((line) => /^import: \d+0?% \([\d,]+ rows\)$/.test(line))).toBe(true);
      expect(io.stderr.at(-1)).toBe("import: 100% (4,800 rows)");
    });

    it("stays quiet for a small file", async () => {
      const io = fakeIo({ "crm.csv": example("crm-export.csv") }, { tty: true });
      await runCli(["import", "crm.csv"], io);
      expect(io.raw).toEqual([]);
    });
  });
});
