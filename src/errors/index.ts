/**
 * Errors shared by every module of rmr-billing.
 *
 * Expected outcomes (a declined card, an invalid CSV row) are values, not exceptions. Exceptions are
 * for input that cannot be used at all (a {@link ValidationError} listing every problem) and for
 * broken invariants (mixing currencies, a number too large to stay exact).
 *
 * Every problem carries a stable `code` from {@link ErrorCodes}, so callers can branch on it and
 * translate messages without parsing English.
 *
 * @module
 */

export {
  CurrencyMismatchError,
  ErrorCodes,
  formatPath,
  ValidationError,
  type ErrorCode,
  type IssuePath,
  type ValidationIssue,
} from "./codes.js";
export { fail, IssueCollector } from "./internal.js";
export { fromZodIssues } from "./zodIssues.js";
