/**
 * Contract import and CRM sync: CSV (one row per line item, through a column mapping) and JSON
 * (the contract schema), validated with the contract module, synced through the store port one
 * transaction per contract, with a validation report that accounts for every input row — and
 * export back to CSV with the same mapping.
 *
 * @module
 */
export { exportColumns, contractRows, exportCsv, exportStoreCsv, type ExportOptions } from "./exportCsv.js";
export { importCsv, importJson, readJsonContracts, type CsvSource, type EndMissingOptions, type ImportOptions, type ImportProgress } from "./importContracts.js";
export { GENERIC_MAPPING, IMPORT_FIELDS, ImportMappingSchema, parseImportMapping, REQUIRED_COLUMNS, type ImportField, type ImportMapping, type ImportMappingInput } from "./mapping.js";
export {
  formatImportSummary,
  reportRows,
  type ContractOutcome,
  type ImportFlag,
  type ImportProblem,
  type ImportProblemCode,
  type ImportReport,
  type ImportSummaryOptions,
  type ImportWarningCode,
  type MissingContract,
  type ReportRow,
  type RowStatus,
  type StatusCounts,
} from "./report.js";
