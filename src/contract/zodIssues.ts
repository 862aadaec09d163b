import type { z } from "zod";
import { ErrorCodes, type ErrorCode, type ValidationIssue } from "../errors/index.js";

/** Turns zod's issues into the project's, with stable codes and readable messages. @internal */
export function fromZodIssues(issues: readonly z.core.$ZodIssue[]): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  for (const issue of issues) {
    const path = issue.path.filter((p): p is string | number => typeof p !== "symbol");
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
      const code = (issue.params as { code?: ErrorCode } | undefined)?.code;
      return code ?? ErrorCodes.invalidValue;
    }
    case "invalid_format":
    case "not_multiple_of":
    case "unrecognized_keys":
      return ErrorCodes.invalidValue;
  }
}

function messageOf(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "invalid_value":
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    case "invalid_union":
      if ("discriminator" in issue && typeof issue.discriminator === "string") {
        return `unknown ${issue.discriminator}: expected one of ${(issue as { options?: unknown[] }).options?.map((v) => JSON.stringify(v)).join(", ") ?? "the documented values"}`;
      }
      return "matches none of the allowed shapes";
    case "too_small":
      if (issue.origin === "array") return issue.message.startsWith("Too small") ? `needs at least ${String(issue.minimum)} item(s)` : issue.message;
      if (issue.origin === "string") return "must not be empty";
      return issue.message.startsWith("Too small") ? `must be at least ${String(issue.minimum)}` : issue.message;
    case "too_big":
      return issue.message.startsWith("Too big") ? `must be at most ${String(issue.maximum)}` : issue.message;
    case "invalid_type":
      return issue.message.startsWith("Invalid input") ? `expected ${issue.expected}` : issue.message;
    default:
      return issue.message;
  }
}
