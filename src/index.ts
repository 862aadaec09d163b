/**
 * rmr-billing — a billing engine for security and alarm-monitoring companies.
 *
 * The public surface re-exports each module's own `index.ts`.
 *
 * @module
 */
export {
  CurrencyMismatchError,
  ErrorCodes,
  formatPath,
  fromZodIssues,
  ValidationError,
  type ErrorCode,
  type IssuePath,
  type ValidationIssue,
} from "./errors/index.js";
export * from "./money/index.js";
export * from "./calendar/index.js";
export * from "./contract/index.js";
export * from "./pricing/index.js";
export * from "./tax/index.js";
export * from "./invoice/index.js";
export * from "./ports/index.js";
export * from "./timeline/index.js";
export * from "./engine/index.js";
export * from "./portal/index.js";
export * from "./import/index.js";
export * from "./messages/index.js";
export * from "./insight/index.js";
