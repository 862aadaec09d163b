import { createMemoryStore } from "../adapters/memory/index.js";
import { REPORT_USAGE, runReport } from "./report.js";
import { DEFAULT_DATA_DIR, openStore, readBrand, runDay, type CliStore, type StoreLocation } from "./store.js";
import { isCalendarDate } from "../calendar/index.js";
import { safeParseContract } from "../contract/index.js";
import { formatPath, ValidationError } from "../errors/index.js";
import { formatImportSummary, GENERIC_MAPPING, importCsv, importJson, parseImportMapping, readJsonContracts, type ImportMapping, type ImportReport } from "../import/index.js";
import { computeInvoices, periodContaining, periodForMonth, renderInvoiceText, toJsonDocument } from "../invoice/index.js";
import { createTaxTable, safeParseTaxRules, type TaxProvider } from "../tax/index.js";

/** Where the CLI writes; injectable so it can be tested without a process. */
export interface CliIo {
  /** Standard output. */
  readonly out: (text: string) => void;
  /** Standard error. */
  readonly err: (text: string) => void;
  /** Reads a file as UTF-8. */
  readonly readFile: (path: string) => string;
  /** Streams a file's bytes (for big imports); without it the file is read whole with `readFile`. */
  readonly openFile?: ((path: string) => AsyncIterable<Uint8Array>) | undefined;
  /** A file's size in bytes, for the progress bar; undefined when unknown. */
  readonly fileSize?: ((path: string) => number | undefined) | undefined;
  /** Writes a file (the import's JSON report); without it `--report` is refused. */
  readonly writeFile?: ((path: string, text: string) => void) | undefined;
  /** Writes to standard error without a line end (the progress bar redraws one line). */
  readonly errRaw?: ((text: string) => void) | undefined;
  /** Whether standard error is a terminal: a redrawn bar if so, a plain percentage line per tenth if not. */
  readonly errIsTty?: boolean | undefined;
  /** Today, "YYYY-MM-DD", the import day when --as-of is not given. */
  readonly today?: (() => string) | undefined;
  /** Opens the store of `--data` / `--database-url` (default: PGlite in `./billing-data`, migrated). */
  readonly openStore?: ((location: StoreLocation) => Promise<CliStore>) | undefined;
}

const USAGE = `Usage: rmr-billing <command> [options]

Commands:
  invoice   Compute the invoice(s) of a contract for one billing period
  import    Import and validate contracts from a CRM export (CSV or JSON) into the database
  run       Run the billing of a day: issue, deliver, collect, remind, dun, renew — once
  report    Write the receivables report (HTML, JSON, a summary) of the database
  migrate   Create or bring up to date the database's tables

The database (import, run, report, migrate): an embedded PostgreSQL (PGlite) in a folder, or a
PostgreSQL server:
  --data <dir>          the data folder (default ${DEFAULT_DATA_DIR}); created when missing
  --database-url <url>  postgres://user:password@host:5432/db instead of the folder

Options for run:
  --as-of <YYYY-MM-DD>  the day to bill                                       (required)
  --outbox <dir>        where the messages are written (default <data>/outbox; the CLI sends
                        no email or SMS itself, and charges through the simulated gateway)
  --brand <file>        the brand JSON (see docs/messages.md): messages from the templates
  --bill-from <YYYY-MM-DD>  invoices due to be issued before this day were billed by your old
                        system: not billed again (default: every period from each term's start)
  Running the same day twice does the day once.

Options for invoice:
  --contract <file>   contract JSON (see docs/contract.md)              (required)
  --period <YYYY-MM>  the period starting in that month                 (or --date)
  --date <YYYY-MM-DD> the period containing that day
  --tax <file>        tax rules JSON (see docs/tax.md); without it, no tax is computed
  --format <json|text>  output format (default json)
  --help              show this help

Usage of import: rmr-billing import <file.csv|file.json|file.jsonl> [options]
  --mapping <file>      column mapping JSON (see docs/import.md); default: the generic mapping
                        (examples/import/generic-mapping.json)
  --dry-run             validate and compare only: write nothing
  --report <file>       write the full report (every row, problem and flag) as JSON
  --as-of <YYYY-MM-DD>  the import day warnings are judged on (default today, UTC)
  --effective <YYYY-MM-DD>  the day changes take effect from (default --as-of)
  --full                the file is a full export: report stored contracts it does not list
  --end-missing <YYYY-MM-DD>  with --full: end those contracts on that day
  --memory              import into a store that lasts as long as the command (no database)
  Prints the summary (counts, the first problems with their row numbers); exits 1 only when the
  file cannot be read, whatever its rows hold.

Examples:
  rmr-billing invoice --contract examples/contracts/residential.json --period 2027-01 --tax examples/tax/us-ca-rules.json --format text
  rmr-billing import examples/import/crm-export.csv --as-of 2027-01-05 --report report.json
  rmr-billing run --as-of 2027-01-27
  rmr-billing report --as-of 2027-01-31

${REPORT_USAGE.replace(/^Usage: /, "Usage of report: ")}`;

/** Options that take no value. */
const SWITCHES = new Set(["help", "dry-run", "full", "memory"]);

/** A command line read: the command, its other arguments, its options, and what could not be read. */
interface ParsedArgs {
  readonly command?: string;
  readonly positionals: readonly string[];
  readonly flags: Map<string, string>;
  readonly errors: string[];
}

function parseArgs(argv: readonly string[]): ParsedArgs {
  const flags = new Map<string, string>();
  const errors: string[] = [];
  const positionals: string[] = [];
  let command: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--help" || arg === "-h") flags.set("help", "true");
    else if (arg.startsWith("--")) {
      const [name, inline] = arg.slice(2).split("=", 2) as [string, string | undefined];
      if (SWITCHES.has(name) && inline === undefined) {
        flags.set(name, "true");
        continue;
      }
      const value = inline ?? argv[i + 1];
      if (inline === undefined) i++;
      if (value === undefined || value.startsWith("--")) errors.push(`--${name} needs a value`);
      else flags.set(name, value);
    } else if (command === undefined) command = arg;
    else positionals.push(arg);
  }
  return { ...(command === undefined ? {} : { command }), positionals, flags, errors };
}

/** Usage errors on stderr, exit code 2. */
function usageError(io: CliIo, errors: readonly string[]): number {
  for (const e of errors) io.err(`rmr-billing: ${e}`);
  io.err("Run rmr-billing --help for usage.");
  return 2;
}

/** Options of a command that it does not know. */
function unknownOptions(flags: Map<string, string>, known: readonly string[]): string[] {
  return [...flags.keys()].filter((name) => name !== "help" && !known.includes(name)).map((name) => `unknown option --${name}`);
}

function readJson(io: CliIo, path: string, what: string, problems: string[]): unknown {
  try {
    return JSON.parse(io.readFile(path)) as unknown;
  } catch (error) {
    problems.push(`cannot read the ${what} ${path}: ${(error as Error).message}`);
    return undefined;
  }
}

function reportValidation(io: CliIo, file: string, error: ValidationError): void {
  io.err(`${file}: ${error.issues.length} problem(s):`);
  for (const issue of error.issues) io.err(`  ${formatPath(issue.path) || "(root)"}: ${issue.message} [${issue.code}]`);
}

/** A command: reads its arguments, does its work, returns the exit code. */
type Command = (args: ParsedArgs, io: CliIo) => Promise<number>;

/** The commands by name: adding one is adding an entry. */
const COMMANDS: Readonly<Record<string, Command>> = {
  invoice: async (args, io) => runInvoice(args, io),
  import: runImport,
  run: runRun,
  report: runReportCommand,
  migrate: runMigrate,
};

/** The database options of a command line. */
function locationOf(flags: Map<string, string>): StoreLocation {
  const databaseUrl = flags.get("database-url");
  return databaseUrl !== undefined ? { databaseUrl } : { dataDir: flags.get("data") ?? DEFAULT_DATA_DIR };
}

/** Runs `fn` on the command's store, closed after; a store that cannot be opened is exit code 1. */
async function withStore(io: CliIo, flags: Map<string, string>, fn: (store: CliStore) => Promise<number>): Promise<number> {
  let store: CliStore;
  try {
    store = await (io.openStore ?? openStore)(locationOf(flags));
  } catch (error) {
    io.err(`rmr-billing: cannot open the database ${flags.get("database-url") === undefined ? (flags.get("data") ?? DEFAULT_DATA_DIR) : "at --database-url"}: ${(error as Error).message}`);
    return 1;
  }
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** `migrate`: the database's tables created or brought up to date (also done by every command that opens it). */
async function runMigrate(args: ParsedArgs, io: CliIo): Promise<number> {
  const errors = [...args.errors, ...unknownOptions(args.flags, ["data", "database-url"]), ...args.positionals.map((a) => `unexpected argument ${JSON.stringify(a)}`)];
  if (errors.length > 0) return usageError(io, errors);
  return withStore(io, args.flags, async (store) => {
    io.out(`The database at ${store.where} is up to date.`);
    return 0;
  });
}

/** `run`: one day of billing over the database. */
async function runRun(args: ParsedArgs, io: CliIo): Promise<number> {
  const { flags } = args;
  const errors = [...args.errors, ...unknownOptions(flags, ["data", "database-url", "as-of", "outbox", "brand", "bill-from"]), ...args.positionals.map((a) => `unexpected argument ${JSON.stringify(a)}`)];
  const asOf = flags.get("as-of");
  if (asOf === undefined) errors.push("--as-of <YYYY-MM-DD> is required: the day to bill");
  else if (!isCalendarDate(asOf)) errors.push(`--as-of must be a day of the calendar YYYY-MM-DD, not ${JSON.stringify(asOf)}`);
  const billFrom = flags.get("bill-from");
  if (billFrom !== undefined && !isCalendarDate(billFrom)) errors.push(`--bill-from must be a day of the calendar YYYY-MM-DD, not ${JSON.stringify(billFrom)}`);
  if (errors.length > 0) return usageError(io, errors);
  let brand: ReturnType<typeof readBrand> | undefined;
  const brandPath = flags.get("brand");
  if (brandPath !== undefined) {
    try {
      brand = readBrand(io.readFile(brandPath));
    } catch (error) {
      if (error instanceof ValidationError) reportValidation(io, brandPath, error);
      else io.err(`rmr-billing: cannot read the brand ${brandPath}: ${(error as Error).message}`);
      return 1;
    }
  }
  return withStore(io, flags, async (store) => {
    const outbox = flags.get("outbox") ?? `${flags.get("data") ?? DEFAULT_DATA_DIR}/outbox`;
    const { report } = await runDay(store, asOf as string, { outbox, brand, billFrom });
    io.out(
      [
        `Billing run of ${asOf} over ${store.where}: ${report.contracts} contracts`,
        `  invoices issued      ${report.invoicesIssued}`,
        `  messages sent        ${report.messagesSent} (written to ${outbox})`,
        `  statements sent      ${report.statementsSent}`,
        `  charges              ${report.charges.succeeded} succeeded, ${report.charges.declined} declined, ${report.charges.pending} pending`,
        `  reminders            ${report.reminders}`,
        `  dunning steps        ${report.dunningTransitions}`,
        `  renewals             ${report.renewals}`,
        `  exceptions raised    ${report.exceptionsRaised}`,
        ...report.errors.slice(0, 10).map((e) => `  not billed: ${e.contractId}: ${e.message}`),
      ].join("\n"),
    );
    return report.errors.length > 0 ? 1 : 0;
  });
}

/** `report`: the receivables report of the database. */
async function runReportCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const { flags } = args;
  if (flags.has("help")) {
    io.out(REPORT_USAGE);
    return 0;
  }
  const argv: string[] = [];
  for (const [name, value] of flags) if (name !== "data" && name !== "database-url") argv.push(`--${name}`, value);
  for (const p of args.positionals) argv.push(p);
  if (io.writeFile === undefined) return usageError(io, ["report cannot write its files here"]);
  const writeFile = io.writeFile;
  return withStore(io, flags, (store) => runReport(argv, { out: io.out, err: io.err, writeFile, store }));
}

/**
 * Runs the `rmr-billing` command line and resolves to the exit code: 0 on success, 1 for input
 * that cannot be used (every problem listed on stderr), 2 for a usage error.
 *
 * @example
 * ```ts
 * await runCli(["invoice", "--contract", "c.json", "--period", "2027-01"], io);
 * ```
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv);
  const { command, flags } = args;
  if (flags.has("help") || command === undefined) {
    (command === undefined && !flags.has("help") ? io.err : io.out)(USAGE);
    return command === undefined && !flags.has("help") ? 2 : 0;
  }
  const run = COMMANDS[command];
  if (run === undefined) return usageError(io, [`unknown command ${JSON.stringify(command)}`, ...args.errors]);
  return run(args, io);
}

/** `invoice`: the invoice(s) of one contract for one period. */
function runInvoice(args: ParsedArgs, io: CliIo): number {
  const { flags } = args;
  const errors = [...args.errors];
  for (const arg of args.positionals) errors.push(`unexpected argument ${JSON.stringify(arg)}`);
  const contractPath = flags.get("contract");
  if (contractPath === undefined) errors.push("--contract <file> is required");
  const month = flags.get("period");
  const date = flags.get("date");
  if ((month === undefined) === (date === undefined)) errors.push("give one of --period <YYYY-MM> or --date <YYYY-MM-DD>");
  if (month !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) errors.push(`--period must be a month YYYY-MM, not ${JSON.stringify(month)}`);
  if (date !== undefined && !isCalendarDate(date)) errors.push(`--date must be a day of the calendar YYYY-MM-DD, not ${JSON.stringify(date)}`);
  const format = flags.get("format") ?? "json";
  if (format !== "json" && format !== "text") errors.push(`--format must be json or text, not ${JSON.stringify(format)}`);
  errors.push(...unknownOptions(flags, ["contract", "period", "date", "format", "tax"]));
  if (errors.length > 0) return usageError(io, errors);

  const problems: string[] = [];
  const rawContract = readJson(io, contractPath as string, "contract", problems);
  const taxPath = flags.get("tax");
  const rawRules = taxPath === undefined ? undefined : readJson(io, taxPath, "tax rules", problems);
  if (problems.length > 0) {
    for (const p of problems) io.err(`rmr-billing: ${p}`);
    return 1;
  }
  const contract = safeParseContract(rawContract);
  let tax: TaxProvider | undefined;
  let failed = false;
  if (!contract.success) {
    reportValidation(io, contractPath as string, contract.error);
    failed = true;
  }
  if (rawRules !== undefined) {
    const rules = safeParseTaxRules(rawRules);
    if (rules.success) tax = createTaxTable(rules.data);
    else {
      reportValidation(io, taxPath as string, rules.error);
      failed = true;
    }
  }
  if (failed || !contract.success) return 1;
  try {
    const period = month !== undefined ? periodForMonth(contract.data, month) : periodContaining(contract.data, date as string);
    const drafts = computeInvoices(contract.data, period, tax === undefined ? {} : { tax });
    if (format === "json") io.out(JSON.stringify(toJsonDocument(drafts.length === 1 ? drafts[0] : drafts), null, 2));
    else io.out(drafts.map((d) => renderInvoiceText(d, { locale: contract.data.customer.locale })).join("\n\n"));
    return 0;
  } catch (error) {
    if (error instanceof ValidationError) {
      // Nothing to bill in that period, or a line the tax table cannot tax: the contract's problem.
      reportValidation(io, contractPath as string, error);
      return 1;
    }
    throw error;
  }
}

/** The file's bytes as a stream (counted for the progress bar), or read whole. */
async function* fileChunks(io: CliIo, path: string, counted: { bytes: number }): AsyncGenerator<Uint8Array | string> {
  if (io.openFile === undefined) {
    const text = io.readFile(path);
    counted.bytes += Buffer.byteLength(text);
    yield text;
    return;
  }
  for await (const chunk of io.openFile(path)) {
    counted.bytes += chunk.byteLength;
    yield chunk;
  }
}

/** A progress bar on stderr: redrawn on a terminal, a plain line per tenth otherwise; only for files over 1 MiB. */
function progressBar(io: CliIo, size: number | undefined, counted: { bytes: number }): { update: (rows: number) => void; done: () => void } {
  if (size === undefined || size < 1_048_576) return { update: () => undefined, done: () => undefined };
  let lastTenth = -1;
  const tty = io.errIsTty === true && io.errRaw !== undefined;
  return {
    update: (rows) => {
      const share = Math.min(1, counted.bytes / size);
      const percent = Math.floor(share * 100);
      if (tty) {
        const width = 30;
        const filled = Math.round(share * width);
        (io.errRaw as (text: string) => void)(`\r[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${String(percent).padStart(3)}%  ${rows.toLocaleString("en-US")} rows`);
      } else if (Math.floor(percent / 10) > lastTenth) {
        lastTenth = Math.floor(percent / 10);
        io.err(`import: ${lastTenth * 10}% (${rows.toLocaleString("en-US")} rows)`);
      }
    },
    done: () => {
      if (tty) (io.errRaw as (text: string) => void)("\n");
    },
  };
}

/** `import`: a CRM export into the (in-memory) store, with the validation report. */
async function runImport(args: ParsedArgs, io: CliIo): Promise<number> {
  const { flags } = args;
  const errors = [...args.errors];
  const [file, ...extra] = args.positionals;
  if (file === undefined) errors.push("import needs the file to import: rmr-billing import <file.csv|file.json>");
  for (const arg of extra) errors.push(`unexpected argument ${JSON.stringify(arg)}`);
  errors.push(...unknownOptions(flags, ["mapping", "dry-run", "report", "as-of", "effective", "full", "end-missing", "memory", "data", "database-url"]));
  const asOf = flags.get("as-of") ?? io.today?.() ?? new Date().toISOString().slice(0, 10);
  const effective = flags.get("effective");
  const endMissing = flags.get("end-missing");
  for (const [name, value] of [["as-of", asOf], ["effective", effective], ["end-missing", endMissing]] as const) {
    if (value !== undefined && !isCalendarDate(value)) errors.push(`--${name} must be a day of the calendar YYYY-MM-DD, not ${JSON.stringify(value)}`);
  }
  if (endMissing !== undefined && !flags.has("full")) errors.push("--end-missing needs --full: only a full export tells which contracts are missing");
  const reportPath = flags.get("report");
  if (reportPath !== undefined && io.writeFile === undefined) errors.push("--report cannot be written here");
  if (errors.length > 0) return usageError(io, errors);

  let mapping: ImportMapping = GENERIC_MAPPING;
  const mappingPath = flags.get("mapping");
  if (mappingPath !== undefined) {
    const problems: string[] = [];
    const raw = readJson(io, mappingPath, "mapping", problems);
    if (problems.length > 0) {
      for (const p of problems) io.err(`rmr-billing: ${p}`);
      return 1;
    }
    try {
      mapping = parseImportMapping(raw);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      reportValidation(io, mappingPath, error);
      return 1;
    }
  }

  const path = file as string;
  const json = /\.(json|jsonl|ndjson)$/i.test(path);
  if (!flags.has("memory")) return withStore(io, flags, (store) => importInto(store, io, flags, path, json, { asOf, mapping, effective, endMissing, reportPath }));
  return importInto(createMemoryStore(), io, flags, path, json, { asOf, mapping, effective, endMissing, reportPath });
}

/** The import itself, into a store. */
async function importInto(
  store: import("../ports/index.js").BillingStore,
  io: CliIo,
  flags: Map<string, string>,
  path: string,
  json: boolean,
  given: { readonly asOf: string; readonly mapping: ImportMapping; readonly effective: string | undefined; readonly endMissing: string | undefined; readonly reportPath: string | undefined },
): Promise<number> {
  const { asOf, mapping, effective, endMissing, reportPath } = given;
  const options = {
    asOf,
    store,
    mapping,
    dryRun: flags.has("dry-run"),
    full: flags.has("full"),
    ...(effective === undefined ? {} : { effectiveDate: effective }),
    ...(endMissing === undefined ? {} : { endMissing: { date: endMissing } }),
  };
  let report: ImportReport;
  const counted = { bytes: 0 };
  try {
    if (json) {
      let items: unknown[];
      try {
        items = readJsonContracts(io.readFile(path));
      } catch (error) {
        io.err(`rmr-billing: cannot read ${path}: ${error instanceof ValidationError ? (error.issues[0]?.message ?? error.message) : (error as Error).message}`);
        return 1;
      }
      report = await importJson(items, options);
    } else {
      // The first chunk is read before the import starts: a file that cannot be opened is said so plainly.
      const chunks = fileChunks(io, path, counted);
      let first: IteratorResult<Uint8Array | string>;
      try {
        first = await chunks.next();
      } catch (error) {
        io.err(`rmr-billing: cannot read ${path}: ${(error as Error).message}`);
        return 1;
      }
      async function* all(): AsyncGenerator<Uint8Array | string> {
        if (first.done !== true) yield first.value;
        yield* chunks;
      }
      const bar = progressBar(io, io.fileSize?.(path), counted);
      report = await importCsv(all(), { ...options, onProgress: (p) => bar.update(p.rows) });
      bar.done();
    }
  } catch (error) {
    // The file itself could not be opened or read.
    if (error instanceof ValidationError) throw error;
    io.err(`rmr-billing: cannot read ${path}: ${(error as Error).message}`);
    return 1;
  }
  io.out(formatImportSummary(report));
  if (reportPath !== undefined) {
    (io.writeFile as (path: string, text: string) => void)(reportPath, `${JSON.stringify(report, null, 2)}\n`);
    io.out(`Report written to ${reportPath}`);
  }
  if (report.fileProblems.some((p) => p.startsWith("unreadable"))) {
    io.err(`rmr-billing: ${path} could not be read to its end`);
    return 1;
  }
  return 0;
}
