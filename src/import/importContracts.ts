import { isCalendarDate } from "../calendar/index.js";
import { safeParseContract, type Contract, type TerminationReason } from "../contract/index.js";
import { ErrorCodes, formatPath, ValidationError, type ValidationIssue } from "../errors/index.js";
import type { BillingStore, StoreTransaction } from "../ports/index.js";
import { parseImported } from "./fastContract.js";
import { readCsvBatches, UnreadableInput, type CsvSource } from "./csv.js";
import { buildDocument, compileSpelling, FIELD_INDEX, locate, looksLikeCardNumber, type BuildContext, type DocumentOrigin, type InputRow } from "./build.js";
import { GENERIC_MAPPING, IMPORT_FIELDS, REQUIRED_COLUMNS, type ImportField, type ImportMapping } from "./mapping.js";
import { deepEqual, differences, mergeContract, type Owned } from "./merge.js";
import type { ContractOutcome, ImportFlag, ImportProblem, ImportReport, ImportWarningCode, MissingContract, RowStatus } from "./report.js";
import { contractWarnings, FLAG_ACTIONS } from "./warnings.js";

export type { CsvSource } from "./csv.js";

/** How far an import has got, for a progress bar. */
export interface ImportProgress {
  /** Input rows read so far. */
  readonly rows: number;
  /** Contracts finished so far. */
  readonly contracts: number;
}

/** How missing contracts of a full export are ended. */
export interface EndMissingOptions {
  /** The first day without service (the termination date). */
  readonly date: string;
  /** Why (default `"cancelled"`). */
  readonly reason?: TerminationReason | undefined;
  /** Kept with the termination (default "missing from the CRM export of <asOf>"). */
  readonly note?: string | undefined;
}

/** Options of {@link importCsv} and {@link importJson}. */
export interface ImportOptions {
  /** The import day, "YYYY-MM-DD": warnings are judged on it (a card expiring before its next charge, a term already over). */
  readonly asOf: string;
  /** The day changes take effect from (a new rate becomes a price version from it); default `asOf`. */
  readonly effectiveDate?: string | undefined;
  /** The column mapping of a CSV (default {@link GENERIC_MAPPING}); JSON input needs none. */
  readonly mapping?: ImportMapping | undefined;
  /** Where contracts are synced, one transaction per contract. Without one, the input is only validated. */
  readonly store?: BillingStore | undefined;
  /** Compare with the store and report, but write nothing. */
  readonly dryRun?: boolean | undefined;
  /** The input is a full export: stored contracts it does not list are reported as missing. */
  readonly full?: boolean | undefined;
  /** End the missing contracts of a full export on a date (they are only reported without it). */
  readonly endMissing?: EndMissingOptions | undefined;
  /**
   * How many contracts may be open at once while rows are read (default 100). Rows of one
   * contract need not be adjacent, but must come within this many other contracts of each
   * other; memory is bounded by it.
   */
  readonly window?: number | undefined;
  /** Keep each contract's outcome in the report (default true; false for huge files: counts, flags and `onContract` only). */
  readonly keepOutcomes?: boolean | undefined;
  /** Called every 1,000 rows and at the end. */
  readonly onProgress?: ((progress: ImportProgress) => void) | undefined;
  /** Called with each contract's outcome as it is finished. */
  readonly onContract?: ((outcome: ContractOutcome) => void) | undefined;
}

const TERMINATION_REASONS = new Set(["cancelled", "moved", "nonPayment", "deceased", "serviceUnavailable", "replaced", "other"]);

/** Checks the options, naming every problem. */
function checkOptions(options: ImportOptions): void {
  const issues: ValidationIssue[] = [];
  if (!isCalendarDate(options.asOf)) issues.push({ path: ["asOf"], code: ErrorCodes.invalidDate, message: 'expected the import day "YYYY-MM-DD"' });
  if (options.effectiveDate !== undefined && !isCalendarDate(options.effectiveDate)) issues.push({ path: ["effectiveDate"], code: ErrorCodes.invalidDate, message: 'expected a date "YYYY-MM-DD"' });
  if (options.endMissing !== undefined) {
    if (options.full !== true) issues.push({ path: ["endMissing"], code: ErrorCodes.invalidValue, message: "missing contracts are known only from a full export: set full as well" });
    if (options.store === undefined) issues.push({ path: ["endMissing"], code: ErrorCodes.invalidValue, message: "ending missing contracts needs a store" });
    if (!isCalendarDate(options.endMissing.date)) issues.push({ path: ["endMissing", "date"], code: ErrorCodes.invalidDate, message: 'expected the termination date "YYYY-MM-DD"' });
    if (options.endMissing.reason !== undefined && !TERMINATION_REASONS.has(options.endMissing.reason)) issues.push({ path: ["endMissing", "reason"], code: ErrorCodes.invalidOption, message: `expected one of ${[...TERMINATION_REASONS].join(", ")}` });
  }
  if (options.full === true && options.store === undefined) issues.push({ path: ["full"], code: ErrorCodes.invalidValue, message: "a full export is compared with a store: give one" });
  if (options.window !== undefined && (!Number.isInteger(options.window) || options.window < 1)) issues.push({ path: ["window"], code: ErrorCodes.tooSmall, message: "expected a whole number of contracts, at least 1" });
  if (issues.length > 0) throw new ValidationError(issues);
}

/** How the problems of one contract are placed on rows and fields. */
interface Placement {
  /** Where a contract path comes from. */
  locate(path: readonly (string | number)[]): { row: number; field: string; column?: string | undefined };
}

/** One contract read from the input, ready to be validated and synced. */
interface Unit {
  readonly contractId: string | null;
  readonly rows: readonly number[];
  readonly doc: Record<string, unknown>;
  readonly placement: Placement;
  readonly problems: ImportProblem[];
  readonly failed: ReadonlySet<string>;
  readonly owned: Owned;
  readonly firstRow: number;
}

/**
 * A copy of a string that holds nothing of the text it was cut from. The CSV reader's cells are
 * slices of the chunk they were read from, and a slice keeps the whole chunk alive: a report
 * keeping every contract's id (or a message quoting a cell) would keep the whole file in memory.
 * Measured with 60,000 rows of 36-character ids, the report kept: 84 MiB of heap after the import
 * without this, 57 MiB with it.
 */
function own(text: string): string {
  return text.length < 13 ? text : (` ${text}`).slice(1);
}

/** An outcome whose strings are {@link own}: it outlives the rows it came from (in the report, in a callback's hands). */
function ownOutcome(o: ContractOutcome): ContractOutcome {
  return {
    ...o,
    contractId: o.contractId === null ? null : own(o.contractId),
    ...(o.accountId === undefined ? {} : { accountId: own(o.accountId) }),
    problems: o.problems.map((p) => ({ ...p, message: own(p.message) })),
    changes: o.changes.map(own),
  };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** Validation, sync and the report's bookkeeping, shared by CSV and JSON input. */
class Importer {
  readonly outcomes: ContractOutcome[] = [];
  readonly flags: ImportFlag[] = [];
  readonly missing: MissingContract[] = [];
  readonly fileProblems: string[] = [];
  readonly columnsNotFound: string[] = [];
  readonly seen = new Set<string>();
  readonly rowCounts: Record<RowStatus, number> = { imported: 0, updated: 0, unchanged: 0, rejected: 0 };
  readonly contractCounts: Record<RowStatus, number> = { imported: 0, updated: 0, unchanged: 0, rejected: 0 };
  errors = 0;
  warnings = 0;
  rowsRead = 0;
  finished = 0;
  readonly effective: string;

  constructor(readonly options: ImportOptions, readonly mappingName: string, readonly format: "csv" | "json") {
    this.effective = options.effectiveDate ?? options.asOf;
  }

  /** Records an outcome: counts, flags, the callback. `countContract` is false for stray rows of a contract finished already. */
  record(cut: ContractOutcome, countContract = true): void {
    const outcome = ownOutcome(cut);
    this.rowCounts[outcome.status] += outcome.rows.length;
    if (countContract) this.contractCounts[outcome.status]++;
    for (const p of outcome.problems) {
      if (p.severity === "error") this.errors++;
      else this.warnings++;
    }
    if (outcome.status !== "rejected" && outcome.contractId !== null && outcome.accountId !== undefined) {
      for (const p of outcome.problems) {
        if (p.severity !== "warning" || p.code === "duplicateRow") continue;
        const kind = p.code as ImportWarningCode;
        this.flags.push({ id: `import:${kind}:${outcome.contractId}`, kind, accountId: outcome.accountId, contractId: outcome.contractId, invoiceNumbers: [], reason: p.message, action: FLAG_ACTIONS[kind] ?? "check the contract", rows: outcome.rows });
      }
    }
    this.finished++;
    if (this.options.keepOutcomes !== false) this.outcomes.push(outcome);
    this.options.onContract?.(outcome);
  }

  /** Rows rejected without a contract to build (no contract id, a stray row, an unreadable file). */
  rejectRows(contractId: string | null, rows: readonly number[], problem: Omit<ImportProblem, "row">, countContract: boolean): void {
    this.record({ contractId, status: "rejected", rows, problems: rows.map((row) => ({ ...problem, row })), changes: [] }, countContract);
  }

  progress(): void {
    this.options.onProgress?.({ rows: this.rowsRead, contracts: this.finished });
  }

  /** The problems of a failed validation, on their rows and fields, without those the builder already reported. */
  private issuesToProblems(unit: Unit, issues: readonly ValidationIssue[], doc: Record<string, unknown>): ImportProblem[] {
    const out: ImportProblem[] = [];
    for (const issue of issues) {
      const place = unit.placement.locate(issue.path);
      if (unit.failed.has(place.field)) continue;
      let { code, message } = issue;
      if (message.startsWith("give exactly one of rate, price or priceKey") && lineAt(doc, issue.path) !== undefined) {
        const line = lineAt(doc, issue.path) as Record<string, unknown>;
        if (line["rate"] === undefined && line["price"] === undefined && line["priceKey"] === undefined) {
          code = ErrorCodes.required;
          message = "missing rate: the line has no rate (nor a price model or price key)";
        }
      }
      out.push({ row: place.row, field: place.field, column: place.column, severity: "error", code, message });
    }
    return out;
  }

  /** Validates a unit and syncs it through the store: one transaction, all or nothing. */
  async finish(unit: Unit): Promise<void> {
    const problems = [...unit.problems];
    const doc = unit.doc;
    // Auto-pay without a token imports with auto-pay off, flagged (the schema alone would refuse it).
    const method = doc["paymentMethod"];
    if (isObject(method) && method["autoPay"] === true && method["token"] === undefined) {
      doc["paymentMethod"] = { ...method, autoPay: false };
      const place = unit.placement.locate(["paymentMethod", "autoPay"]);
      problems.push({ row: place.row, field: place.field, column: place.column, severity: "warning", code: "autoPayWithoutToken", message: "auto-pay without a stored payment token: imported with auto-pay off" });
    }
    const outcome = await this.validateAndSync(unit, doc, problems);
    this.record(outcome);
  }

  private async validateAndSync(unit: Unit, doc: Record<string, unknown>, problems: ImportProblem[]): Promise<ContractOutcome> {
    const { contractId, rows } = unit;
    const rejected = (extra: readonly ImportProblem[]): ContractOutcome => ({ contractId, status: "rejected", rows, problems: [...problems, ...extra], changes: [] });
    if (problems.some((p) => p.severity === "error") || contractId === null) {
      const parsed = safeParseContract(doc);
      return rejected(parsed.success ? [] : this.issuesToProblems(unit, parsed.error.issues, doc));
    }
    const store = this.options.store;
    const warn = (contract: Contract): ImportProblem[] =>
      contractWarnings(contract, this.options.asOf).map((w) => {
        const place = unit.placement.locate(w.path);
        return { row: place.row, field: place.field, column: place.column, severity: "warning", code: w.code, message: w.message };
      });
    if (store === undefined) {
      const parsed = parseImported(doc);
      if (!parsed.success) return rejected(this.issuesToProblems(unit, parsed.error.issues, doc));
      return { contractId, accountId: parsed.data.customer.id, status: "imported", rows, problems: [...problems, ...warn(parsed.data)], changes: [] };
    }
    try {
      return await store.transaction(async (tx) => this.sync(tx, unit, doc, problems, warn));
    } catch (error) {
      // The transaction rolled back: nothing of this contract was written.
      return rejected([{ row: unit.firstRow, field: "contractId", column: undefined, severity: "error", code: "store_failed", message: `the store refused the write, nothing of this contract was written: ${(error as Error).message}` }]);
    }
  }

  private async sync(tx: StoreTransaction, unit: Unit, doc: Record<string, unknown>, problems: ImportProblem[], warn: (c: Contract) => ImportProblem[]): Promise<ContractOutcome> {
    const { contractId, rows } = unit;
    const stored = await tx.getContract(contractId as string);
    let candidate = doc;
    let changes: string[] = [];
    if (stored !== undefined) {
      ({ merged: candidate, changes } = mergeContract(stored.contract, doc, unit.owned, this.effective));
      // What the input says is what is stored already (a re-import): valid, since it is stored; nothing to write.
      if (changes.length === 0 && deepEqual(candidate, stored.contract)) {
        return { contractId, accountId: stored.contract.customer.id, status: "unchanged", rows, problems: [...problems, ...warn(stored.contract)], changes: [], version: stored.version };
      }
    }
    const parsed = parseImported(candidate);
    if (!parsed.success) return { contractId, status: "rejected", rows, problems: [...problems, ...this.issuesToProblems(unit, parsed.error.issues, candidate)], changes: [] };
    const contract = parsed.data;
    const all = [...problems, ...warn(contract)];
    if (stored !== undefined && deepEqual(contract, stored.contract)) {
      return { contractId, accountId: contract.customer.id, status: "unchanged", rows, problems: all, changes: [], version: stored.version };
    }
    if (stored !== undefined) {
      // Line changes are told by the merge; the rest by the fields that differ.
      const more = differences(stored.contract, contract).filter((path) => !/^sites(\[\d+\])?(\.lines|$)/.test(path));
      changes.push(...more.map((path) => `${path} changed`));
      // A change inside a period already invoiced: the invoice stays as issued.
      const invoices = await tx.listContractInvoices(contractId as string);
      const last = invoices.reduce<string | undefined>((end, inv) => (end === undefined || inv.invoice.period.end > end ? inv.invoice.period.end : end), undefined);
      if (last !== undefined && last > this.effective) {
        all.push({ row: unit.firstRow, field: "contractId", column: undefined, severity: "warning", code: "changeInInvoicedPeriod", message: `the change from ${this.effective} falls in periods invoiced up to ${last}: those invoices stay as issued, the difference goes on a later invoice` });
      }
    }
    let version: number | undefined;
    if (this.options.dryRun !== true) version = (await tx.putContract(contract, stored?.version)).version;
    return { contractId, accountId: contract.customer.id, status: stored === undefined ? "imported" : "updated", rows, problems: all, changes, version };
  }

  /** After a full export: the stored contracts it did not list, ended on request. */
  async findMissing(): Promise<void> {
    const store = this.options.store;
    if (this.options.full !== true || store === undefined) return;
    // A file read only in part, or whose rows could not be grouped, does not say which contracts are gone.
    if (this.fileProblems.length > 0) return;
    let after: string | undefined;
    const missing: Contract[] = [];
    do {
      const page = await store.transaction((tx) => tx.listContracts(after === undefined ? { limit: 500 } : { after, limit: 500 }));
      for (const item of page.items) if (!this.seen.has(item.contract.id) && item.contract.termination === undefined) missing.push(item.contract);
      after = page.next;
    } while (after !== undefined);
    const end = this.options.endMissing;
    for (const contract of missing) {
      if (end === undefined) {
        this.missing.push({ contractId: contract.id, accountId: contract.customer.id });
        continue;
      }
      const termination = { date: end.date, reason: end.reason ?? "cancelled", note: end.note ?? `missing from the CRM export of ${this.options.asOf}` };
      if (this.options.dryRun === true) {
        this.missing.push({ contractId: contract.id, accountId: contract.customer.id, problem: "dry run: not ended" });
        continue;
      }
      const result = await store.transaction(async (tx): Promise<MissingContract> => {
        const current = await tx.getContract(contract.id);
        if (current === undefined) return { contractId: contract.id, accountId: contract.customer.id, problem: "no longer stored" };
        const parsed = safeParseContract({ ...current.contract, termination });
        if (!parsed.success) return { contractId: contract.id, accountId: contract.customer.id, problem: parsed.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`).join("; ") };
        await tx.putContract(parsed.data, current.version);
        return { contractId: contract.id, accountId: contract.customer.id, ended: { date: termination.date, reason: termination.reason } };
      });
      this.missing.push(result);
    }
  }

  report(): ImportReport {
    const total = (c: Record<RowStatus, number>): number => c.imported + c.updated + c.unchanged + c.rejected;
    return {
      mapping: this.mappingName,
      format: this.format,
      asOf: this.options.asOf,
      effectiveDate: this.effective,
      dryRun: this.options.dryRun === true,
      full: this.options.full === true,
      counts: { rows: { ...this.rowCounts, total: total(this.rowCounts) }, contracts: { ...this.contractCounts, total: total(this.contractCounts) }, errors: this.errors, warnings: this.warnings },
      contracts: this.outcomes,
      flags: this.flags,
      missing: this.missing,
      fileProblems: this.fileProblems,
      columnsNotFound: this.columnsNotFound,
    };
  }
}

/** The line a path into a document points into, when it does. */
function lineAt(doc: Record<string, unknown>, path: readonly (string | number)[]): unknown {
  if (path[0] !== "sites" || path[2] !== "lines") return undefined;
  const sites = doc["sites"];
  if (!Array.isArray(sites)) return undefined;
  const site: unknown = sites[path[1] as number];
  if (!isObject(site) || !Array.isArray(site["lines"])) return undefined;
  return (site["lines"] as unknown[])[path[3] as number];
}

/** The fields the input speaks for: mapped in the header, or given a default by the mapping. */
function ownedFields(columns: ReadonlyMap<ImportField, string>, mapping: ImportMapping): Set<ImportField> {
  const owned = new Set(columns.keys());
  const d = mapping.defaults;
  if (d.currency !== undefined) owned.add("currency");
  if (d.timeZone !== undefined) owned.add("timeZone");
  if (d.locale !== undefined) owned.add("locale");
  if (d.country !== undefined) owned.add("country");
  if (d.pricesPer !== undefined) owned.add("pricesPer");
  return owned;
}

/**
 * Imports contracts from a CRM's CSV export — one row per line item, grouped into contracts by
 * contract id and into sites by site id — through a column mapping. Streams: memory is bounded by
 * `window` open contracts, whatever the file's size. Every input row is accounted for exactly once
 * in the report: imported, updated, unchanged or rejected, with its problems (row, field, column,
 * reason). With a `store`, each contract is synced in a transaction of its own; without one, the
 * file is only validated.
 *
 * @throws {@link ValidationError} for unusable options (a malformed `asOf`, `endMissing` without `full`)
 * @example
 * ```ts
 * const report = await importCsv(createReadStream("crm.csv"), { asOf: "2027-01-15", store });
 * console.log(formatImportSummary(report));
 * ```
 */
export async function importCsv(source: CsvSource, options: ImportOptions): Promise<ImportReport> {
  checkOptions(options);
  const mapping = options.mapping ?? GENERIC_MAPPING;
  const importer = new Importer(options, mapping.name, "csv");
  const spelling = compileSpelling(mapping);
  const window = options.window ?? 100;
  const notes = FIELD_INDEX.notes;
  let ctx: BuildContext | undefined;
  let indexes: number[] = [];
  let owned: Set<ImportField> = new Set();
  let usable = true;
  const open = new Map<string, InputRow[]>();
  const closed = new Map<string, number>();

  const finishGroup = async (contractId: string, rows: InputRow[]): Promise<void> => {
    open.delete(contractId);
    closed.set(contractId, (rows[rows.length - 1] as InputRow).row);
    importer.seen.add(contractId);
    const built = buildDocument(rows, ctx as BuildContext);
    const origin: DocumentOrigin = built.origin;
    const columns = (ctx as BuildContext).columns;
    await importer.finish({
      contractId,
      rows: rows.map((r) => r.row),
      doc: built.doc,
      problems: built.problems,
      failed: built.failed,
      owned,
      firstRow: origin.firstRow,
      placement: {
        locate: (path) => {
          const { row, field } = locate(path, origin);
          return field === undefined ? { row, field: formatPath(path) || "(contract)" } : { row, field, column: columns.get(field) };
        },
      },
    });
  };

  try {
    for await (const batch of readCsvBatches(source)) for (const { record, line } of batch) {
      if (ctx === undefined) {
        const header = new Map(record.map((name, i) => [name.trim().toLowerCase(), i]));
        const columns = new Map<ImportField, string>();
        indexes = IMPORT_FIELDS.map((field) => {
          const name = mapping.columns[field];
          if (name === undefined) return -1;
          const at = header.get(name.toLowerCase());
          if (at === undefined) {
            if (REQUIRED_COLUMNS.includes(field)) {
              importer.fileProblems.push(`the header has no column "${name}" (${field}): rows cannot be grouped without it`);
              usable = false;
            } else importer.columnsNotFound.push(name);
            return -1;
          }
          columns.set(field, name);
          return at;
        });
        ctx = { mapping, spelling, columns, mapped: IMPORT_FIELDS.map((field) => columns.has(field)), at: indexes };
        owned = ownedFields(columns, mapping);
        continue;
      }
      if (record.every((cell) => cell.trim() === "")) continue;
      importer.rowsRead++;
      if (importer.rowsRead % 1000 === 0) importer.progress();
      if (!usable) {
        importer.rejectRows(null, [line], { field: "contractId", severity: "error", code: ErrorCodes.required, message: "the file's header lacks a required column (see the file problems)" }, false);
        continue;
      }
      // Mapped cells trimmed in place (the notes as written); the row keeps the parser's array.
      for (let i = 0; i < indexes.length; i++) {
        const at = indexes[i] as number;
        if (at < 0 || i === notes) continue;
        const cell = record[at];
        if (cell !== undefined && cell !== "") record[at] = cell.trim();
      }
      const row: InputRow = { row: line, cells: record };
      const contractId = record[indexes[FIELD_INDEX.contractId] as number] ?? "";
      if (contractId === "") {
        importer.rejectRows(null, [line], { field: "contractId", column: mapping.columns.contractId, severity: "error", code: ErrorCodes.required, message: "the contract id is blank: the row belongs to no contract" }, false);
        continue;
      }
      if (looksLikeCardNumber(contractId)) {
        importer.rejectRows(null, [line], { field: "contractId", column: mapping.columns.contractId, severity: "error", code: ErrorCodes.cardData, message: "the contract id looks like a card number: store the payment gateway's token, never card numbers" }, false);
        continue;
      }
      const list = open.get(contractId);
      if (list !== undefined) {
        list.push(row);
        open.delete(contractId);
        open.set(contractId, list);
        continue;
      }
      const finishedAt = closed.get(contractId);
      if (finishedAt !== undefined) {
        importer.rejectRows(contractId, [line], { field: "contractId", column: mapping.columns.contractId, severity: "error", code: ErrorCodes.invalidValue, message: `contract ${contractId} was finished at row ${finishedAt}, more than ${window} other contracts before this row: keep a contract's rows together (sort the export by contract id)` }, false);
        continue;
      }
      open.set(own(contractId), [row]);
      if (open.size > window) {
        const [oldest, rows] = open.entries().next().value as [string, InputRow[]];
        await finishGroup(oldest, rows);
      }
    }
  } catch (error) {
    if (!(error instanceof UnreadableInput)) throw error;
    importer.fileProblems.push(`unreadable: ${error.message}`);
    for (const [contractId, rows] of [...open]) {
      open.delete(contractId);
      importer.seen.add(contractId);
      importer.rejectRows(contractId, rows.map((r) => r.row), { field: "contractId", column: mapping.columns.contractId, severity: "error", code: ErrorCodes.invalidValue, message: "the file could not be read to its end: this contract may be incomplete, nothing of it was written" }, true);
    }
  }
  if (ctx === undefined && importer.fileProblems.length === 0) importer.fileProblems.push("the file is empty: no header");
  for (const [contractId, rows] of [...open]) await finishGroup(contractId, rows);
  await importer.findMissing();
  importer.progress();
  return importer.report();
}

/**
 * Imports contracts given in the contract schema (docs/contract.md): each item is one contract
 * and one "row" of the report, numbered from 1 in input order. The same validation, warnings and
 * sync as {@link importCsv}; a JSON contract speaks for the whole contract, but a changed rate
 * still becomes a price version from the effective date, so what was billed stays as billed.
 *
 * @throws {@link ValidationError} for unusable options
 * @example
 * ```ts
 * const report = await importJson(JSON.parse(text), { asOf: "2027-01-15", store });
 * ```
 */
export async function importJson(items: Iterable<unknown> | AsyncIterable<unknown>, options: ImportOptions): Promise<ImportReport> {
  checkOptions(options);
  const importer = new Importer(options, "json", "json");
  let row = 0;
  for await (const item of items as AsyncIterable<unknown>) {
    row++;
    importer.rowsRead++;
    if (row % 1000 === 0) importer.progress();
    const at = row;
    // An id that looks like a card number is not repeated in the report (the contract module refuses it).
    const id = isObject(item) && typeof item["id"] === "string" && item["id"] !== "" && !looksLikeCardNumber(item["id"]) ? item["id"] : null;
    const placement: Placement = { locate: (path) => ({ row: at, field: formatPath(path) || "(contract)" }) };
    if (id !== null && importer.seen.has(id)) {
      importer.rejectRows(id, [at], { field: "id", severity: "error", code: ErrorCodes.invalidReference, message: `contract ${id} is given twice: this one is left out` }, false);
      continue;
    }
    if (!isObject(item)) {
      importer.rejectRows(null, [at], { field: "(contract)", severity: "error", code: ErrorCodes.invalidType, message: `expected a contract (a JSON object), not ${item === null ? "null" : Array.isArray(item) ? "an array" : typeof item}` }, false);
      continue;
    }
    if (id !== null) importer.seen.add(id);
    const doc = { ...item };
    await importer.finish({ contractId: id, rows: [at], doc, problems: [], failed: new Set(), owned: "all", firstRow: at, placement });
  }
  await importer.findMissing();
  importer.progress();
  return importer.report();
}

/**
 * Reads a JSON file's text as contracts: an array of contracts, `{ "contracts": [...] }`, one
 * contract, or JSON Lines (one contract per line, blank lines skipped).
 *
 * @throws {@link ValidationError} when the text is not JSON or JSON Lines
 * @example
 * ```ts
 * readJsonContracts('[{"id":"C-1"}]').length; // 1
 * ```
 */
export function readJsonContracts(text: string): unknown[] {
  const body = text.replace(/^\uFEFF/, "");
  try {
    const value: unknown = JSON.parse(body);
    if (Array.isArray(value)) return value;
    if (isObject(value) && Array.isArray(value["contracts"])) return value["contracts"] as unknown[];
    return [value];
  } catch (whole) {
    const lines = body.split(/\r?\n/);
    const out: unknown[] = [];
    for (let i = 0; i < lines.length; i++) {
      const line = (lines[i] as string).trim();
      if (line === "") continue;
      try {
        out.push(JSON.parse(line));
      } catch {
        throw new ValidationError([{ path: [], code: ErrorCodes.invalidValue, message: `not JSON (${(whole as Error).message}) nor JSON Lines (line ${i + 1} is not JSON)` }]);
      }
    }
    return out;
  }
}
