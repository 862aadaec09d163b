/**
 * Small helpers shared by the money tests: catching a thrown error and reading the issues of a
 * ValidationError without `any` or non-null assertions.
 */
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

/** The `{ path, code }` of every issue of the ValidationError thrown by `action`. */
export function issuesOf(action: () => unknown): { path: IssuePath; code: string }[] {
  const error = thrownBy(action);
  if (!(error instanceof ValidationError)) {
    throw new Error(`expected a ValidationError, got ${String(error)}`);
  }
  return error.issues.map(({ path, code }) => ({ path, code }));
}

/** Replaces every kind of space (U+00A0, U+202F, …) with a plain space, for Intl output. */
export function plainSpaces(text: string): string {
  return text.replace(/\s/gu, " ");
}
