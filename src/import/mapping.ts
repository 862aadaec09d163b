import { z } from "zod";
import { fromZodIssues, ValidationError } from "../errors/index.js";
import { compileDateFormat, sameShapeSwapped } from "./dates.js";

/**
 * The fields a CRM export can carry, one column each. Contract-level fields (the contract, its
 * customer, billing, term, payment method and notes) are read from every row of the contract and
 * must agree; site-level fields from every row of the site; the rest belong to one line item.
 */
export const IMPORT_FIELDS = [
  "contractId",
  "notes",
  "customerId",
  "customerName",
  "contactName",
  "email",
  "phone",
  "smsConsent",
  "channels",
  "locale",
  "timeZone",
  "currency",
  "cycle",
  "anchorDay",
  "invoiceSeries",
  "pricesPer",
  "termStart",
  "termEnd",
  "autoRenew",
  "renewalTermMonths",
  "cancellationNoticeDays",
  "paymentKind",
  "paymentToken",
  "cardLast4",
  "cardExpiry",
  "autoPay",
  "siteId",
  "siteName",
  "addressLine1",
  "addressLine2",
  "city",
  "county",
  "state",
  "postalCode",
  "country",
  "lineId",
  "lineKind",
  "lineName",
  "rate",
  "quantity",
  "taxCategory",
  "lineStart",
  "lineEnd",
] as const;

/** One field a mapping can give a column for (see {@link IMPORT_FIELDS}). */
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** The fields every CSV mapping must map: rows are grouped by them. */
export const REQUIRED_COLUMNS: readonly ImportField[] = ["contractId", "siteId", "lineId"];

const CYCLES = ["monthly", "quarterly", "semiannual", "annual"] as const;
const LINE_KINDS = ["monitoring", "equipment", "addon", "oneTime"] as const;
const PAYMENT_KINDS = ["card", "ach", "check", "cash", "portal"] as const;
const CHANNELS = ["email", "sms", "portal"] as const;

const Spellings = z.array(z.string().trim().min(1, { error: "a spelling must not be empty" })).min(1, { error: "give at least one spelling" });

const DateFormatShape = z.string().refine((format) => compileDateFormat(format) !== undefined, {
  error: 'expected a date format made of YYYY, MM (or M), DD (or D) and separators, such as "MM/DD/YYYY"',
});

const MappingShape = z
  .object({
    /** A name for the mapping, shown in the report (e.g. "generic", "Acme CRM"). */
    name: z.string().min(1).default("mapping"),
    /** The CRM's column name for each field; a field left out is not read (and kept as stored on a re-import). */
    columns: z.partialRecord(z.enum(IMPORT_FIELDS), z.string().trim().min(1, { error: "a column name must not be empty" })),
    /** How the CRM spells values: matched without regard to case or surrounding spaces. */
    values: z
      .object({
        /** Spellings of each billing cycle, e.g. `{ "monthly": ["Monthly", "M", "mo"] }`. */
        cycle: z.partialRecord(z.enum(CYCLES), Spellings).default({}),
        /** Spellings of each line kind, e.g. `{ "equipment": ["Rental", "Equipment"] }`. */
        lineKind: z.partialRecord(z.enum(LINE_KINDS), Spellings).default({}),
        /** Spellings of each payment method kind, e.g. `{ "card": ["Credit Card", "CC"] }`. */
        paymentKind: z.partialRecord(z.enum(PAYMENT_KINDS), Spellings).default({}),
        /** Spellings of each delivery channel in a channels cell. */
        channel: z.partialRecord(z.enum(CHANNELS), Spellings).default({}),
        /** Spellings of yes and no, e.g. `{ "true": ["Y", "yes", "1"], "false": ["N", "no", "0"] }`. */
        boolean: z
          .object({
            /** Spellings of yes. */
            true: Spellings,
            /** Spellings of no. */
            false: Spellings,
          })
          .strict()
          .default({ true: ["true", "yes", "y", "1"], false: ["false", "no", "n", "0"] }),
        /** What separates the channels in a channels cell (default ";"). */
        listSeparator: z.string().min(1).default(";"),
      })
      .strict()
      .prefault({}),
    /** The date formats cells may use, tried in order; the first is the one an export writes. */
    dateFormats: z.array(DateFormatShape).min(1, { error: "give at least one date format" }).default(["YYYY-MM-DD"]),
    /** Values used where a column is not mapped or a cell is blank. */
    defaults: z
      .object({
        /** Currency of every contract, e.g. "USD". */
        currency: z.string().min(1).optional(),
        /** Customers' IANA time zone. */
        timeZone: z.string().min(1).optional(),
        /** Customers' locale, e.g. "en-US". */
        locale: z.string().min(1).optional(),
        /** Sites' country code, e.g. "US". */
        country: z.string().min(1).optional(),
        /** Kind of a line whose kind cell is blank. */
        lineKind: z.enum(LINE_KINDS).optional(),
        /** What prices are per for cycles longer than a month ("month": RMR). */
        pricesPer: z.enum(["month", "cycle"]).optional(),
        /** Country calling code for phone numbers written without one (e.g. "1" turns "(512) 555-0142" into "+15125550142"). */
        phoneCountryCode: z.string().regex(/^[1-9]\d{0,2}$/, { error: 'expected a calling code such as "1"' }).optional(),
        /** Tax category of a line whose category cell is blank, by line kind. */
        taxCategory: z.partialRecord(z.enum(LINE_KINDS), z.string().min(1)).default({}),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .superRefine((m, ctx) => {
    for (const field of REQUIRED_COLUMNS) {
      if (m.columns[field] === undefined) ctx.addIssue({ code: "custom", path: ["columns", field], message: `a mapping must name the column of ${field}: rows are grouped by it` });
    }
    const seen = new Map<string, string>();
    for (const [field, column] of Object.entries(m.columns)) {
      const key = column.toLowerCase();
      const other = seen.get(key);
      if (other !== undefined) ctx.addIssue({ code: "custom", path: ["columns", field], message: `column "${column}" is already the column of ${other}` });
      else seen.set(key, field);
    }
    for (const group of ["cycle", "lineKind", "paymentKind", "channel", "boolean"] as const) {
      const owner = new Map<string, string>();
      for (const [value, spellings] of Object.entries(m.values[group])) {
        for (const spelling of spellings as string[]) {
          const key = spelling.toLowerCase();
          const other = owner.get(key);
          if (other !== undefined && other !== value) ctx.addIssue({ code: "custom", path: ["values", group, value], message: `"${spelling}" already spells ${other}` });
          owner.set(key, value);
        }
      }
    }
    m.dateFormats.forEach((format, i) => {
      m.dateFormats.slice(0, i).forEach((earlier) => {
        if (sameShapeSwapped(format, earlier)) ctx.addIssue({ code: "custom", path: ["dateFormats", i], message: `"${format}" and "${earlier}" read "03/04" two ways: keep one` });
      });
    });
  });

/** A column mapping as written in JSON (defaults may be left out). */
export type ImportMappingInput = z.input<typeof MappingShape>;

/** A validated column mapping: which column holds each field, how values are spelled, which date formats are allowed. */
export type ImportMapping = z.output<typeof MappingShape>;

/** The zod schema of a column mapping. */
export const ImportMappingSchema: z.ZodType<ImportMapping, ImportMappingInput> = MappingShape;

/**
 * Validates a column mapping (JSON data) and returns it with defaults filled in, or throws one
 * {@link ValidationError} listing every problem with its path.
 *
 * @throws {@link ValidationError}
 * @example
 * ```ts
 * const mapping = parseImportMapping({ columns: { contractId: "Contract #", siteId: "Site", lineId: "Item" } });
 * mapping.dateFormats; // ["YYYY-MM-DD"]
 * ```
 */
export function parseImportMapping(input: unknown): ImportMapping {
  const parsed = MappingShape.safeParse(input);
  if (!parsed.success) throw new ValidationError(fromZodIssues(parsed.error.issues));
  return parsed.data;
}

/**
 * The mapping of a plain generic export, the one `examples/import/generic-mapping.json` holds:
 * one column per field, named like the field ("Contract ID", "Monthly Rate", …), the usual
 * spellings of cycles, kinds and yes/no, ISO dates, US dates (MM/DD/YYYY) and dotted European dates.
 */
export const GENERIC_MAPPING: ImportMapping = parseImportMapping({
  name: "generic",
  columns: {
    contractId: "Contract ID",
    notes: "Notes",
    customerId: "Customer ID",
    customerName: "Customer Name",
    contactName: "Contact Name",
    email: "Email",
    phone: "Phone",
    smsConsent: "SMS Consent",
    channels: "Channels",
    locale: "Locale",
    timeZone: "Time Zone",
    currency: "Currency",
    cycle: "Billing Cycle",
    anchorDay: "Billing Day",
    invoiceSeries: "Invoice Series",
    termStart: "Start Date",
    termEnd: "End Date",
    autoRenew: "Auto Renew",
    renewalTermMonths: "Renewal Months",
    cancellationNoticeDays: "Notice Days",
    paymentKind: "Payment Method",
    paymentToken: "Payment Token",
    cardLast4: "Card Last 4",
    cardExpiry: "Card Expiry",
    autoPay: "Auto Pay",
    siteId: "Site ID",
    siteName: "Site Name",
    addressLine1: "Address",
    addressLine2: "Address 2",
    city: "City",
    county: "County",
    state: "State",
    postalCode: "Postal Code",
    country: "Country",
    lineId: "Item ID",
    lineKind: "Item Type",
    lineName: "Service Tier / Item",
    rate: "Monthly Rate",
    quantity: "Quantity",
    taxCategory: "Tax Category",
    lineStart: "Item Start",
    lineEnd: "Item End",
  },
  values: {
    cycle: { monthly: ["Monthly", "M", "mo"], quarterly: ["Quarterly", "Q", "qtr"], semiannual: ["Semiannual", "Semi-annual", "S"], annual: ["Annual", "Yearly", "A", "yr"] },
    lineKind: { monitoring: ["Monitoring", "Service"], equipment: ["Equipment", "Rental"], addon: ["Add-on", "Addon"], oneTime: ["One-time", "One time", "Fee"] },
    paymentKind: { card: ["Card", "Credit Card", "CC"], ach: ["ACH", "Bank"], check: ["Check", "Cheque"], cash: ["Cash"], portal: ["Portal", "Online"] },
    channel: { email: ["Email"], sms: ["SMS", "Text"], portal: ["Portal"] },
    boolean: { true: ["Y", "yes", "1", "true"], false: ["N", "no", "0", "false"] },
  },
  dateFormats: ["YYYY-MM-DD", "MM/DD/YYYY", "M/D/YYYY", "DD.MM.YYYY"],
  defaults: { currency: "USD", locale: "en-US", country: "US", lineKind: "monitoring", pricesPer: "month", phoneCountryCode: "1", taxCategory: { monitoring: "monitoring", equipment: "equipment-rental", addon: "monitoring", oneTime: "installation" } },
});
