/** Helpers shared by every test that checks what bad input throws. */
import { ValidationError, type IssuePath } from "../../src/errors/index.js";

/** Runs `action` and returns what it threw; fails the test if it returned normally. */
export function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to throw, but it returned normally");
}

/** The ValidationError thrown by `action`; fails the test on anything else. */
export function validationErrorOf(action: () => unknown): ValidationError {
  const error = thrownBy(action);
  if (error instanceof ValidationError) return error;
  throw new Error(`expected a ValidationError, got ${String(error)}`);
}

/** The `{ path, code }` of every issue of the ValidationError thrown by `action`. */
export function issuesOf(action: () => unknown): { path: IssuePath; code: string }[] {
  return validationErrorOf(action).issues.map(({ path, code }) => ({ path, code }));
}
