import { isCalendarDate } from "../calendar/index.js";
import { safeParseContract } from "../contract/index.js";
import { formatPath, ValidationError } from "../errors/index.js";
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
}

const USAGE = `Usage: rmr-billing <command> [options]

Commands:
  invoice   Compute the invoice(s) of a contract for one billing period

Options for invoice:
  --contract <file>   contract JSON (see docs/contract.md)              (required)
  --period <YYYY-MM>  the period starting in that month                 (or --date)
  --date <YYYY-MM-DD> the period containing that day
  --tax <file>        tax rules JSON (see docs/tax.md); without it, no tax is computed
  --format <json|text>  output format (default json)
  --help              show this help

Example:
  rmr-billing invoice --contract examples/contracts/residential.json --period 2027-01 --tax examples/tax/us-ca-rules.json --format text`;

function parseArgs(argv: readonly string[]): { command?: string; flags: Map<string, string>; errors: string[] } {
  const flags = new Map<string, string>();
  const errors: string[] = [];
  let command: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--help" || arg === "-h") flags.set("help", "true");
    else if (arg.startsWith("--")) {
      const [name, inline] = arg.slice(2).split("=", 2) as [string, string | undefined];
      const value = inline ?? argv[i + 1];
      if (inline === undefined) i++;
      if (value === undefined || value.startsWith("--")) errors.push(`--${name} needs a value`);
      else flags.set(name, value);
    } else if (command === undefined) command = arg;
    else errors.push(`unexpected argument ${JSON.stringify(arg)}`);
  }
  return { ...(command === undefined ? {} : { command }), flags, errors };
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

/**
 * Runs the `rmr-billing` command line and returns the exit code: 0 on success, 1 for input that
 * cannot be billed (every problem listed on stderr), 2 for a usage error.
 *
 * @example
 * ```ts
 * runCli(["invoice", "--contract", "c.json", "--period", "2027-01"], io);
 * ```
 */
export function runCli(argv: readonly string[], io: CliIo): number {
  const { command, flags, errors } = parseArgs(argv);
  if (flags.has("help") || command === undefined) {
    (command === undefined && !flags.has("help") ? io.err : io.out)(USAGE);
    return command === undefined && !flags.has("help") ? 2 : 0;
  }
  if (command !== "invoice") errors.push(`unknown command ${JSON.stringify(command)}`);
  const contractPath = flags.get("contract");
  if (contractPath === undefined) errors.push("--contract <file> is required");
  const month = flags.get("period");
  const date = flags.get("date");
  if ((month === undefined) === (date === undefined)) errors.push("give one of --period <YYYY-MM> or --date <YYYY-MM-DD>");
  if (month !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) errors.push(`--period must be a month YYYY-MM, not ${JSON.stringify(month)}`);
  if (date !== undefined && !isCalendarDate(date)) errors.push(`--date must be a day of the calendar YYYY-MM-DD, not ${JSON.stringify(date)}`);
  const format = flags.get("format") ?? "json";
  if (format !== "json" && format !== "text") errors.push(`--format must be json or text, not ${JSON.stringify(format)}`);
  for (const name of flags.keys()) {
    if (!["contract", "period", "date", "format", "tax", "help"].includes(name)) errors.push(`unknown option --${name}`);
  }
  if (errors.length > 0) {
    for (const e of errors) io.err(`rmr-billing: ${e}`);
    io.err("Run rmr-billing --help for usage.");
    return 2;
  }

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
