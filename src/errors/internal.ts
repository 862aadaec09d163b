import { ValidationError, type ErrorCode, type IssuePath, type ValidationIssue } from "./codes.js";

/**
 * Collects problems while validating, then throws them all at once.
 *
 * @internal
 */
export class IssueCollector {
  readonly issues: ValidationIssue[] = [];

  add(path: IssuePath, code: ErrorCode, message: string): void {
    this.issues.push({ path, code, message });
  }

  get ok(): boolean {
    return this.issues.length === 0;
  }

  throwIfAny(): void {
    if (this.issues.length > 0) throw new ValidationError(this.issues);
  }
}

/** Throws a ValidationError with one issue. @internal */
export function fail(path: IssuePath, code: ErrorCode, message: string): never {
  throw new ValidationError([{ path, code, message }]);
}
