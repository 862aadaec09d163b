import type { ErrorCode } from "../errors/index.js";

/** What became of an input row: every row of the input gets exactly one. */
export type RowStatus = "imported" | "updated" | "unchanged" | "rejected";

/**
 * Problems that import a contract but flag it for action (the seed's "flags missing payment
 * details for immediate resolution"), and two about the import itself:
 *
 * - `"noPaymentMethod"` — the contract has no payment method;
 * - `"autoPayWithoutToken"` — auto-pay was asked for without a stored token (imported with auto-pay off);
 * - `"cardExpiresBeforeCharge"` — the auto-pay card expires before the contract's next charge;
 * - `"noReachableContact"` — no email and no phone with SMS consent: invoices can only go to the portal;
 * - `"pastEnd"` — the contract's term (or termination) ended on or before the import day;
 * - `"changeInInvoicedPeriod"` — a change takes effect inside a period already invoiced (the
 *   invoice stays as issued; the difference goes on a later invoice as `billing.midPeriodChanges` says);
 * - `"duplicateRow"` — a row repeats another row of the same line exactly and was counted once.
 */
export type ImportWarningCode = "noPaymentMethod" | "autoPayWithoutToken" | "cardExpiresBeforeCharge" | "noReachableContact" | "pastEnd" | "changeInInvoicedPeriod" | "duplicateRow";

/** What an import problem's code can be: a validation code, a warning, or a store that refused the write. */
export type ImportProblemCode = ErrorCode | ImportWarningCode | "store_failed";

/** One problem of an input row: where (row, field, column), what (code, message) and how bad. */
export interface ImportProblem {
  /** The row: the line of the file where the record starts (CSV), or the contract's position in the list, from 1 (JSON). */
  readonly row: number;
  /** The field: an {@link ImportField} for CSV, or the contract path (`sites[0].lines[1].rate`) where no column holds it. */
  readonly field: string;
  /** The CRM's column name, when a column holds the field. */
  readonly column?: string | undefined;
  /** `"error"` blocks the contract; `"warning"` imports it and flags it. */
  readonly severity: "error" | "warning";
  /** Stable code. */
  readonly code: ImportProblemCode;
  /** What is wrong, in words (a card number is never echoed back). */
  readonly message: string;
}

/** What became of one contract of the input, and of its rows. */
export interface ContractOutcome {
  /** The contract id; null for rows that name no contract. */
  readonly contractId: string | null;
  /** The account (customer id), once the contract is valid. */
  readonly accountId?: string | undefined;
  /** What became of it: every one of its rows has this status. */
  readonly status: RowStatus;
  /** Its input rows, in input order. */
  readonly rows: readonly number[];
  /** Its errors and warnings. */
  readonly problems: readonly ImportProblem[];
  /** For an update: what changed, in words (a rate from a date, a line ended, a field). */
  readonly changes: readonly string[];
  /** The stored version after the import (absent in a dry run or without a store). */
  readonly version?: number | undefined;
}

/**
 * A flag for a person, shaped like an entry of the engine's exceptions queue (`ExceptionItem`
 * without its age): an id naming one cause, the account and contract, why, and what clears it.
 */
export interface ImportFlag {
  /** One id per contract and cause: `import:<kind>:<contract id>`. */
  readonly id: string;
  /** The cause. */
  readonly kind: ImportWarningCode;
  /** The account (customer id). */
  readonly accountId: string;
  /** The contract. */
  readonly contractId: string;
  /** The invoices it is about (none for an import flag). */
  readonly invoiceNumbers: readonly string[];
  /** Why, in words. */
  readonly reason: string;
  /** What clears it, in words. */
  readonly action: string;
  /** The input rows of the contract. */
  readonly rows: readonly number[];
}

/** A stored contract that a full export did not list. */
export interface MissingContract {
  /** The contract. */
  readonly contractId: string;
  /** Its account. */
  readonly accountId: string;
  /** The termination written when the import was asked to end missing contracts. */
  readonly ended?:
    | {
        /**
         * The termination date.
         */
        readonly date: string;
        /**
         * Why.
         */
        readonly reason: string;
      }
    | undefined;
  /** Why it could not be ended, when it could not. */
  readonly problem?: string | undefined;
}

/** Counts by status, and their total. */
export interface StatusCounts {
  /** New in the store (or valid, without a store). */
  readonly imported: number;
  /** Changed in the store. */
  readonly updated: number;
  /** As stored already. */
  readonly unchanged: number;
  /** Blocked by an error. */
  readonly rejected: number;
  /** All of them. */
  readonly total: number;
}

/** The validation report of an import: every input row exactly once, with its contract's status and problems. */
export interface ImportReport {
  /** The mapping's name ("json" for JSON input). */
  readonly mapping: string;
  /** The input format. */
  readonly format: "csv" | "json";
  /** The import day (warnings are judged on it). */
  readonly asOf: string;
  /** The day changes take effect from. */
  readonly effectiveDate: string;
  /** Whether nothing was written. */
  readonly dryRun: boolean;
  /** Whether the input was a full export (contracts missing from it are reported). */
  readonly full: boolean;
  /** Rows and contracts by status, and the problems. */
  readonly counts: {
    /** Input rows by status. */
    readonly rows: StatusCounts;
    /** Contracts by status. */
    readonly contracts: StatusCounts;
    /** Errors found. */
    readonly errors: number;
    /** Warnings found. */
    readonly warnings: number;
  };
  /** Each contract's outcome, in the order they were finished (empty when `keepOutcomes` is false). */
  readonly contracts: readonly ContractOutcome[];
  /** A flag for each warning of an imported, updated or unchanged contract. */
  readonly flags: readonly ImportFlag[];
  /** Stored contracts a full export did not list. */
  readonly missing: readonly MissingContract[];
  /** Problems with the file itself: a header without a required column, a quote never closed. */
  readonly fileProblems: readonly string[];
  /** Columns the mapping names that the file's header lacks: those fields were not read (stored values are kept). */
  readonly columnsNotFound: readonly string[];
}

/** One row of a report, as {@link reportRows} lists them. */
export interface ReportRow {
  /** The row. */
  readonly row: number;
  /** Its contract (null when the row names none). */
  readonly contractId: string | null;
  /** What became of it. */
  readonly status: RowStatus;
  /** The problems found on this row. */
  readonly problems: readonly ImportProblem[];
}

/**
 * Every input row of a report once, in row order, with its status and its own problems.
 *
 * @example
 * ```ts
 * for (const row of reportRows(report)) if (row.status === "rejected") console.log(row.row, row.problems[0]?.message);
 * ```
 */
export function reportRows(report: ImportReport): ReportRow[] {
  const rows: ReportRow[] = [];
  for (const outcome of report.contracts) {
    for (const row of outcome.rows) rows.push({ row, contractId: outcome.contractId, status: outcome.status, problems: outcome.problems.filter((p) => p.row === row) });
  }
  return rows.sort((a, b) => a.row - b.row);
}

/** Options of {@link formatImportSummary}. */
export interface ImportSummaryOptions {
  /** How many problems to list (default 10). */
  readonly maxProblems?: number;
}

const plural = (n: number, word: string): string => `${n.toLocaleString("en-US")} ${word}${n === 1 ? "" : "s"}`;

/**
 * The report as a few readable lines: the counts, the first problems with their row numbers,
 * and the contracts missing from a full export.
 *
 * @example
 * ```ts
 * console.log(formatImportSummary(report, { maxProblems: 5 }));
 * ```
 */
export function formatImportSummary(report: ImportReport, options: ImportSummaryOptions = {}): string {
  const max = options.maxProblems ?? 10;
  const { rows, contracts } = report.counts;
  const lines: string[] = [];
  const verb = report.dryRun ? " (dry run: nothing written)" : "";
  lines.push(`Import (${report.format}, mapping ${report.mapping}) as of ${report.asOf}, changes effective ${report.effectiveDate}${verb}`);
  lines.push(`  rows:      ${plural(rows.total, "row")} — ${rows.imported} imported, ${rows.updated} updated, ${rows.unchanged} unchanged, ${rows.rejected} rejected`);
  lines.push(`  contracts: ${plural(contracts.total, "contract")} — ${contracts.imported} imported, ${contracts.updated} updated, ${contracts.unchanged} unchanged, ${contracts.rejected} rejected`);
  lines.push(`  problems:  ${plural(report.counts.errors, "error")}, ${plural(report.counts.warnings, "warning")} (${plural(report.flags.length, "flag")} for action)`);
  for (const problem of report.fileProblems) lines.push(`  file: ${problem}`);
  if (report.columnsNotFound.length > 0) lines.push(`  not in the header (not read): ${report.columnsNotFound.map((c) => `"${c}"`).join(", ")}`);
  const problems = report.contracts.flatMap((c) => c.problems.map((p) => ({ ...p, contractId: c.contractId })));
  problems.sort((a, b) => (a.severity === b.severity ? a.row - b.row : a.severity === "error" ? -1 : 1));
  if (problems.length > 0) {
    lines.push(problems.length > max ? `First ${max} of ${problems.length} problems:` : "Problems:");
    for (const p of problems.slice(0, max)) {
      const where = p.column === undefined ? p.field : `${p.field} ("${p.column}")`;
      lines.push(`  row ${p.row}  ${p.severity === "error" ? "error  " : "warning"}  ${p.contractId ?? "(no contract)"}  ${where}: ${p.message} [${p.code}]`);
    }
  }
  if (report.full) {
    lines.push(report.missing.length === 0 ? "Missing from the export: none" : `Missing from the export: ${plural(report.missing.length, "contract")}`);
    for (const m of report.missing.slice(0, max)) {
      lines.push(`  ${m.contractId} (${m.accountId})${m.ended !== undefined ? ` — ended on ${m.ended.date} (${m.ended.reason})` : m.problem !== undefined ? ` — not ended: ${m.problem}` : " — kept; end it with endMissing / --end-missing <date>"}`);
    }
  }
  return lines.join("\n");
}
