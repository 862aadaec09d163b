import Handlebars from "handlebars";
import { ErrorCodes, ValidationError, type ValidationIssue } from "../errors/index.js";
import { TEMPLATE_IDS, type TemplateId } from "./models.js";
import type { TemplateOverride, TemplateOverrides } from "./render.js";

const PARTS = ["subject", "html", "text", "sms"] as const;
const LOCALE = /^(\*|[a-z]{2,3}(-[A-Za-z0-9]{2,8})*)$/;

/**
 * Checks template overrides read from JSON or a settings screen: every template id is one of
 * {@link TEMPLATE_IDS}, every locale a BCP 47 tag or `"*"`, every part one of `subject`, `html`,
 * `text`, `sms` and a Handlebars template that parses. Throws a `ValidationError` listing every
 * problem with its path (`overrides.invoice.es-US.subjet: unknown field`); returns the overrides
 * as given otherwise.
 *
 * @example
 * ```ts
 * parseTemplateOverrides({ invoice: { "es-US": { subject: "Factura {{invoiceNumber}}" } } }).invoice?.["es-US"]?.subject; // → "Factura {{invoiceNumber}}"
 * ```
 */
export function parseTemplateOverrides(input: unknown): TemplateOverrides {
  const issues: ValidationIssue[] = [];
  const problem = (path: (string | number)[], code: ValidationIssue["code"], message: string): void => void issues.push({ path: ["overrides", ...path], code, message });
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw new ValidationError([{ path: ["overrides"], code: ErrorCodes.invalidType, message: "must be an object of templates by id" }]);
  }
  for (const [id, byLocale] of Object.entries(input)) {
    if (!(TEMPLATE_IDS as readonly string[]).includes(id)) {
      problem([id], ErrorCodes.unknownField, `unknown template "${id}" (one of ${TEMPLATE_IDS.join(", ")})`);
      continue;
    }
    if (typeof byLocale !== "object" || byLocale === null || Array.isArray(byLocale)) {
      problem([id], ErrorCodes.invalidType, 'must be an object of overrides by locale ("en-US", "*")');
      continue;
    }
    for (const [locale, override] of Object.entries(byLocale as Record<string, unknown>)) {
      if (!LOCALE.test(locale)) problem([id, locale], ErrorCodes.invalidValue, 'is not a BCP 47 locale such as "es-US", nor "*"');
      if (typeof override !== "object" || override === null || Array.isArray(override)) {
        problem([id, locale], ErrorCodes.invalidType, "must be an object with subject, html, text or sms");
        continue;
      }
      for (const [part, template] of Object.entries(override as Record<string, unknown>)) {
        if (!(PARTS as readonly string[]).includes(part)) {
          problem([id, locale, part], ErrorCodes.unknownField, `unknown field "${part}" (one of ${PARTS.join(", ")})`);
          continue;
        }
        if (typeof template !== "string") {
          problem([id, locale, part], ErrorCodes.invalidType, "must be a template string");
          continue;
        }
        try {
          Handlebars.parse(template);
        } catch (error) {
          // Handlebars says where (line, a caret under the text) and what it expected: keep both ends.
          const lines = (error instanceof Error ? error.message : String(error)).split("\n");
          problem([id, locale, part], ErrorCodes.invalidValue, `is not a Handlebars template: ${[lines[0], lines.length > 1 ? lines.at(-1) : undefined].filter((l) => l !== undefined).join(" ")}`);
        }
      }
    }
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return input as { readonly [id in TemplateId]?: Readonly<Record<string, TemplateOverride>> };
}
