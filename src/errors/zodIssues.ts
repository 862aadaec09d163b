import type { z } from "zod";
import { ErrorCodes, type ErrorCode, type IssuePath, type ValidationIssue } from "./codes.js";

let codes: ReadonlySet<string> | undefined;

function isErrorCode(value: unknown): value is ErrorCode {
  codes ??= new Set(Object.values(ErrorCodes));
  return typeof value === "string" && codes.has(value);
}

/**
 * Turns zod's issues into the project's {@link ValidationIssue}s: each with its path (under
 * `prefix`), a stable code and a readable message. Messages written by a schema are kept; zod's
 * generic ones are reworded ("expected string"). A custom check gives its own code as
 * `params: { code }`. Use it to report problems of your own zod schemas the way rmr-billing does.
 *
 * @example
 * ```ts
 * const result = MySchema.safeParse(input);
 * if (!result.success) throw new ValidationError(fromZodIssues(result.error.issues, ["settings"]));
 * ```
 */
export function fromZodIssues(issues: readonly z.core.$ZodIssue[], prefix: IssuePath = []): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path.filter((p): p is string | number => typeof p !== "symbol")];
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) out.push({ path: [...path, key], code: ErrorCodes.unknownField, message: `unknown field "${key}"` });
      continue;
    }
    if (issue.code === "invalid_type" && issue.input === undefined) {
      out.push({ path, code: ErrorCodes.required, message: "is required" });
      continue;
    }
    out.push({ path, code: codeOf(issue), message: messageOf(issue) });
  }
  return out;
}

function codeOf(issue: z.core.$ZodIssue): ErrorCode {
  switch (issue.code) {
    case "invalid_type":
      return ErrorCodes.invalidType;
    case "too_small":
      return ErrorCodes.tooSmall;
    case "too_big":
      return ErrorCodes.tooBig;
    case "invalid_value":
    case "invalid_union":
    case "invalid_key":
    case "invalid_element":
      return ErrorCodes.invalidOption;
    case "custom": {
      const code: unknown = (issue.params as Record<string, unknown> | undefined)?.["code"];
      return isErrorCode(code) ? code : ErrorCodes.invalidValue;
    }
    case "invalid_format":
    case "not_multiple_of":
    case "unrecognized_keys":
      return ErrorCodes.invalidValue;
  }
}

/** zod's own wording starts like this; a schema's custom message does not. */
const GENERIC = /^(Invalid input|Invalid option|Too small|Too big)/;

function messageOf(issue: z.core.$ZodIssue): string {
  if (!GENERIC.test(issue.message)) return issue.message;
  switch (issue.code) {
    case "invalid_value":
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    case "invalid_union": {
      const options = (issue as { options?: unknown[] }).options;
      const discriminator = (issue as { discriminator?: unknown }).discriminator;
      if (typeof discriminator === "string" && options !== undefined) {
        return `unknown ${discriminator}: expected one of ${options.map((v) => JSON.stringify(v)).join(", ")}`;
      }
      return "matches none of the allowed shapes";
    }
    case "too_small":
      if (issue.origin === "array") return `needs at least ${String(issue.minimum)} item(s)`;
      if (issue.origin === "string") return "must not be empty";
      return `must be at least ${String(issue.minimum)}`;
    case "too_big":
      return `must be at most ${String(issue.maximum)}`;
    case "invalid_type":
      return `expected ${issue.expected}`;
    default:
      return issue.message;
  }
}
