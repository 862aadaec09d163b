import { z } from "zod";
import { fromZodIssues, ValidationError, type ValidationIssue } from "../errors/index.js";

/** A postal address printed on messages and invoices (the remit-to address for checks). */
export interface BrandAddress {
  /** Street and number. */
  readonly line1: string;
  /** Suite, floor, PO box. */
  readonly line2?: string | undefined;
  /** City. */
  readonly city: string;
  /** State or province code, e.g. `"TX"`. */
  readonly region: string;
  /** ZIP or postal code. */
  readonly postalCode: string;
  /** ISO 3166-1 alpha-2 country code, e.g. `"US"`. */
  readonly country: string;
}

/** A licence number shown on invoices where a state requires it (alarm contractor licences). */
export interface BrandLicence {
  /** The state or province that issued it, e.g. `"TX"`. */
  readonly region: string;
  /** The number as printed, e.g. `"B12345"`. */
  readonly number: string;
  /** The label before it, e.g. `"Texas Private Security Bureau licence"`; default `"Licence"`. */
  readonly label?: string | undefined;
}

/** The company's brand: everything a message or an invoice shows about the sender. Data, not code. */
export interface Brand {
  /** The company name, e.g. `"Lone Star Alarm Co."`. */
  readonly companyName: string;
  /** An `https:` URL of the logo image (PNG or JPEG for the PDF; any web image for email). */
  readonly logoUrl?: string | undefined;
  /** Main colour, `#rrggbb`: headings, buttons. */
  readonly primaryColor: string;
  /** Accent colour, `#rrggbb`: rules, the amount due. */
  readonly accentColor: string;
  /** The remit-to and letterhead address. */
  readonly address: BrandAddress;
  /** Support phone as printed, e.g. `"+1 512 555 0100"`. */
  readonly supportPhone: string;
  /** Support email. */
  readonly supportEmail?: string | undefined;
  /** The company's website. */
  readonly website?: string | undefined;
  /** Licence numbers; each is printed on invoices billing a site in its region. */
  readonly licences: readonly BrandLicence[];
}

const colour = z.string().regex(/^#[0-9a-fA-F]{6}$/, { message: 'must be a colour as "#rrggbb"' });
const text = (max: number) => z.string().trim().min(1, { message: "must not be empty" }).max(max, { message: `must be at most ${max} characters` });
const httpsUrl = z.url({ protocol: /^https$/, message: "must be an https:// URL" });

const BrandSchema = z.strictObject({
  companyName: text(120),
  logoUrl: httpsUrl.optional(),
  primaryColor: colour.default("#1f3a5f"),
  accentColor: colour.default("#c8102e"),
  address: z.strictObject({
    line1: text(120),
    line2: text(120).optional(),
    city: text(80),
    region: text(40),
    postalCode: text(20),
    country: z.string().regex(/^[A-Z]{2}$/, { message: 'must be an ISO 3166-1 alpha-2 code such as "US"' }),
  }),
  supportPhone: z.string().regex(/^\+?[0-9 ().-]{7,24}$/, { message: "must be a phone number (digits, spaces, + ( ) . -)" }),
  supportEmail: z.email({ message: "must be an email address" }).optional(),
  website: httpsUrl.optional(),
  licences: z.array(z.strictObject({ region: text(40), number: text(40), label: text(80).optional() })).default([]),
});

/** What {@link safeParseBrand} returns. */
export type BrandParseResult =
  | {
      /** The brand is usable. */
      readonly success: true;
      /** The parsed brand, defaults filled in. */
      readonly data: Brand;
    }
  | {
      /** The brand has problems. */
      readonly success: false;
      /** Every problem, each with its path. */
      readonly error: ValidationError;
    };

/**
 * Checks a brand (from JSON, a settings form) and returns it with defaults filled in, or every
 * problem found with its path.
 *
 * @example
 * ```ts
 * const result = safeParseBrand({ companyName: "", supportPhone: "call us" });
 * result.success; // → false
 * ```
 */
export function safeParseBrand(input: unknown): BrandParseResult {
  const parsed = BrandSchema.safeParse(input);
  if (parsed.success) return { success: true, data: parsed.data };
  const issues: ValidationIssue[] = fromZodIssues(parsed.error.issues, ["brand"]);
  return { success: false, error: new ValidationError(issues) };
}

/**
 * Checks a brand and returns it with defaults filled in (colours, no licences); throws a
 * `ValidationError` listing every problem (`brand.address.city: is required`, …).
 *
 * @example
 * ```ts
 * const brand = parseBrand({
 *   companyName: "Lone Star Alarm Co.",
 *   address: { line1: "400 Lavaca St", city: "Austin", region: "TX", postalCode: "78701", country: "US" },
 *   supportPhone: "+1 512 555 0100",
 * });
 * brand.primaryColor; // → "#1f3a5f"
 * ```
 */
export function parseBrand(input: unknown): Brand {
  const result = safeParseBrand(input);
  if (!result.success) throw result.error;
  return result.data;
}

/** The licences to print for sites in `regions` (each region once). @internal */
export function licencesFor(brand: Brand, regions: readonly string[]): BrandLicence[] {
  return brand.licences.filter((l) => regions.includes(l.region));
}
