/**
 * Small helpers shared by the money tests: catching a thrown error and reading the issues of a
 * ValidationError without `any` or non-null assertions.
 */

/** Replaces every kind of space (U+00A0, U+202F, …) with a plain space, for Intl output. */
export function plainSpaces(text: string): string {
  return text.replace(/\s/gu, " ");
}

export { issuesOf, thrownBy } from "../support/errors.js";
