import { z } from "zod";
import { isCalendarDate, isValidTimeZone } from "../calendar/index.js";
import { ErrorCodes } from "../errors/index.js";
import { isCurrencyCode, listCurrencies } from "../money/index.js";

/*
 * The contract format, as zod schemas. This is the boundary: a CRM export is checked here once and
 * the core trusts the types afterwards. Money is a decimal string, dates are "YYYY-MM-DD".
 * `docs/contract.schema.json` is generated from these schemas (`npm run schema`).
 */

const DECIMAL = /^-?\d+(\.\d+)?$/;
const NON_NEGATIVE_DECIMAL = /^\d+(\.\d+)?$/;

const DecimalStringShape = z
  .string({ error: 'expected a decimal string such as "39.99"' })
  .regex(NON_NEGATIVE_DECIMAL, { error: 'expected a decimal string such as "39.99" (no sign, exponent or separators)' })
  .describe('A non-negative decimal string such as "39.99".');

const SignedDecimalStringShape = z
  .string({ error: 'expected a decimal string such as "-10.00"' })
  .regex(DECIMAL, { error: 'expected a decimal string such as "-10.00"' })
  .describe('A decimal string such as "-10.00".');

const PercentShape = z
  .string({ error: 'expected a percentage as a decimal string such as "10" (for 10 %)' })
  .regex(NON_NEGATIVE_DECIMAL, { error: 'expected a percentage as a decimal string such as "10" (for 10 %): no sign, exponent or "%"' })
  .describe('A percentage as a decimal string: "10" is 10 %, "2.5" is 2.5 %.');

const CalendarDateStringShape = z
  .string({ error: 'expected a date "YYYY-MM-DD"' })
  .refine(isCalendarDate, { error: 'expected a date "YYYY-MM-DD" that exists', params: { code: ErrorCodes.invalidDate } })
  // For the JSON Schema: the format and shape zod checks with the refinement above.
  .meta({ description: 'A calendar date "YYYY-MM-DD".', format: "date", pattern: "^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$" });

const MonthDay = z
  .string({ error: 'expected a month and day "MM-DD"' })
  .regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { error: 'expected a month and day "MM-DD"', abort: true })
  .refine((v) => isCalendarDate(`2028-${v}`), { error: "not a day of the year" })
  .describe('A day of the year "MM-DD", e.g. "06-01".');

const Id = z.string({ error: "expected an id string" }).min(1, { error: "must not be empty" }).max(200, { error: "must be at most 200 characters" });

const TaxCategoryShape = z
  .string({ error: "expected a tax category" })
  .regex(/^[a-z][a-z0-9-]*$/, { error: 'expected a tax category such as "monitoring" or "equipment-rental"' });

const Currency = z
  .string({ error: "expected an ISO 4217 currency code" })
  .refine(isCurrencyCode, { error: 'unknown currency: expected an ISO 4217 code such as "USD"', params: { code: ErrorCodes.unknownCurrency } })
  .meta({ description: "An ISO 4217 currency code from the pinned table.", enum: listCurrencies().map((c) => c.code) });

const TimeZone = z
  .string({ error: "expected an IANA time zone" })
  .refine(isValidTimeZone, { error: 'unknown time zone: expected an IANA name such as "America/New_York"', params: { code: ErrorCodes.unknownTimeZone } })
  .meta({ description: 'An IANA time zone such as "America/New_York".', pattern: "^[A-Za-z_]+(/[A-Za-z0-9_+-]+)*$" });

/** Tags already checked: a portfolio uses a handful, and Intl's check showed at 2 % of an import's profile. */
const localeChecked = new Map<string, boolean>();

/** Whether Intl accepts a language tag (a CRM's "en_US" is not one: BCP 47 uses a hyphen). */
function isValidLocale(tag: string): boolean {
  let valid = localeChecked.get(tag);
  if (valid === undefined) {
    try {
      valid = Intl.getCanonicalLocales(tag).length === 1;
    } catch {
      valid = false;
    }
    if (localeChecked.size > 1000) localeChecked.clear();
    localeChecked.set(tag, valid);
  }
  return valid;
}

const Locale = z
  .string({ error: "expected a BCP 47 locale" })
  .refine(isValidLocale, { error: 'not a BCP 47 locale: expected a tag such as "en-US" or "fr-CA" (with a hyphen)', params: { code: ErrorCodes.invalidValue } })
  .meta({ description: 'A BCP 47 locale such as "en-US".', pattern: "^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$" });

/**
 * Options for a rule between an object's fields: zod skips a refinement once any field of the
 * object is malformed, so the rule would be reported only after that field is fixed. This runs it
 * alongside the other problems — on an object whose `fields` (the ones the rule reads the values
 * of; fields it only tests for presence need not be listed) are themselves well-formed.
 */
function alongsideOtherProblems(...fields: readonly string[]): { when: (payload: z.core.ParsePayload) => boolean } {
  return {
    when: (payload) =>
      typeof payload.value === "object" &&
      payload.value !== null &&
      !Array.isArray(payload.value) &&
      payload.issues.every((issue) => issue.path === undefined || !fields.includes(String(issue.path[0]))),
  };
}

// ---------------------------------------------------------------------------------------------
// Pricing

const PriceTierShape = z
  .object({
    /** Last unit of this tier (inclusive); null for the open-ended last tier. */
    upTo: z.number().int().min(1).nullable().describe("Last unit of this tier (inclusive); null for the open-ended last tier."),
    /** Price per unit per month in this tier. */
    unitPrice: DecimalStringShape.describe("Price per unit per month in this tier."),
    /** A flat amount per month added when the tier is reached. */
    flatFee: DecimalStringShape.optional().describe("A flat amount per month added when the tier is reached."),
  })
  .strict();

const tiers = z
  .array(PriceTierShape)
  .min(1, { error: "at least one tier is needed" })
  .superRefine(
    (list, ctx) => {
      let previous = 0;
      list.forEach((tier, i) => {
        const last = i === list.length - 1;
        if (tier.upTo === null && !last) ctx.addIssue({ code: "custom", path: [i, "upTo"], message: "only the last tier may be open-ended (upTo: null)" });
        if (tier.upTo !== null && last) ctx.addIssue({ code: "custom", path: [i, "upTo"], message: "the last tier must be open-ended (upTo: null)" });
        if (tier.upTo !== null) {
          if (tier.upTo <= previous) ctx.addIssue({ code: "custom", path: [i, "upTo"], message: `tiers must rise: ${tier.upTo} is not above ${previous}` });
          previous = tier.upTo;
        }
      });
    },
    {
      // Alongside problems in the tiers' prices, once every tier is an object with a well-formed upTo.
      when: (payload) =>
        Array.isArray(payload.value) &&
        payload.value.every((tier) => typeof tier === "object" && tier !== null) &&
        payload.issues.every((issue) => issue.path?.[1] !== "upTo"),
    },
  );

const PackageOverageShape = z.discriminatedUnion(
  "per",
  [
    z
      .object({
        /** Each unit beyond the included ones. */
        per: z.literal("unit"),
        /** Price of one unit; may be finer than a cent. */
        price: DecimalStringShape.describe("Price of one unit beyond the included ones; may be finer than a cent."),
      })
      .strict(),
    z
      .object({
        /** Each started block of units beyond the included ones, billed whole. */
        per: z.literal("block"),
        /** Units in a block; a started block is billed whole. */
        blockSize: z
          .number({ error: "expected a whole number of units" })
          .int({ error: "expected a whole number of units" })
          .positive({ error: "must be at least 1" })
          .describe("Units in a block; a started block is billed whole."),
        /** Price of one block. */
        price: DecimalStringShape.describe("Price of one started block."),
      })
      .strict(),
  ],
  { error: 'expected an overage { "per": "unit", "price" } or { "per": "block", "blockSize", "price" }' },
);

const PriceModelShape = z.discriminatedUnion("model", [
  z
    .object({
      /** A flat price. */
      model: z.literal("flat"),
      /** The price, whatever the quantity. */
      amount: DecimalStringShape.describe("The price, whatever the quantity."),
    })
    .strict(),
  z
    .object({
      /** A price per unit. */
      model: z.literal("perUnit"),
      /** Price of one unit; may be finer than a cent. */
      unitPrice: DecimalStringShape.describe("Price of one unit; may be finer than a cent."),
    })
    .strict(),
  z
    .object({
      /** A package: included units, then an explicit overage. */
      model: z.literal("package"),
      /** Charged whatever the quantity: the package itself, covering the included units. None when absent. */
      basePrice: DecimalStringShape.optional().describe("Charged whatever the quantity: the package itself, covering the included units. None when absent."),
      /** Units that cost nothing beyond the base price (e.g. the first 4 cameras); default 0. */
      includedUnits: z
        .number({ error: "expected a whole number of units" })
        .int({ error: "expected a whole number of units" })
        .nonnegative({ error: "must be at least 0" })
        .default(0)
        .describe("Units that cost nothing beyond the base price (e.g. the first 4 cameras); default 0."),
      /** How units beyond the included ones are billed: per unit, or per started block of units. */
      overage: PackageOverageShape.describe("How units beyond the included ones are billed: per unit, or per started block of units."),
    })
    .strict(),
  z
    .object({
      /** Graduated tiers. */
      model: z.literal("graduated"),
      /** Each unit is priced at the tier it falls in. */
      tiers: tiers.describe("Each unit is priced at the tier it falls in."),
    })
    .strict(),
  z
    .object({
      /** Volume tiers. */
      model: z.literal("volume"),
      /** Every unit is priced at the tier the total quantity reaches. */
      tiers: tiers.describe("Every unit is priced at the tier the total quantity reaches."),
    })
    .strict(),
]);

const PriceChangeShape = z
  .object({
    /** First day the new price applies. */
    effective: CalendarDateStringShape.describe("First day the new price applies."),
    /** New per-unit rate (shorthand for a perUnit price). */
    rate: DecimalStringShape.optional().describe("New per-unit rate (shorthand for a perUnit price)."),
    /** New price model. */
    price: PriceModelShape.optional().describe("New price model."),
  })
  .strict()
  .refine((v) => (v.rate === undefined) !== (v.price === undefined), { error: "give exactly one of rate or price", ...alongsideOtherProblems() });

const SeasonalRateShape = z
  .object({
    /** Shown on the invoice, e.g. "Summer occupancy". */
    name: z.string().min(1).describe('Shown on the invoice, e.g. "Summer occupancy".'),
    /** First day of the season, "MM-DD". */
    from: MonthDay.describe('First day of the season, "MM-DD".'),
    /** First day after the season, "MM-DD" (may wrap past December). */
    to: MonthDay.describe('First day after the season, "MM-DD" (may wrap past December).'),
    /** Per-unit rate during the season. */
    rate: DecimalStringShape.optional().describe("Per-unit rate during the season."),
    /** Price model during the season. */
    price: PriceModelShape.optional().describe("Price model during the season."),
  })
  .strict()
  .refine((v) => (v.rate === undefined) !== (v.price === undefined), { error: "give exactly one of rate or price", ...alongsideOtherProblems() })
  .refine((v) => v.from !== v.to, { error: "a season must not start and end on the same day", ...alongsideOtherProblems("from", "to") });

// ---------------------------------------------------------------------------------------------
// Lines, sites, customer

const LineBase = {
  /** Stable id of the line within the contract. */
  id: Id.describe("Stable id of the line within the contract."),
  /** Shown on the invoice; derived from the tier or item when absent. */
  description: z.string().min(1).optional().describe("Shown on the invoice; derived from the tier or item when absent."),
  /** Units (cameras, panels, sensors). */
  quantity: z.number({ error: "expected a whole number" }).int({ error: "expected a whole number" }).nonnegative({ error: "must be 0 or more" }).default(1).describe("Units (cameras, panels, sensors)."),
  /** How the line is taxed. */
  taxCategory: TaxCategoryShape.describe("How the line is taxed."),
  /** If given, must equal the contract's currency: an invoice has one currency. */
  currency: Currency.optional().describe("If given, must equal the contract's currency: an invoice has one currency."),
};

const QuantityChangeShape = z
  .object({
    /** First day the new quantity is billed. */
    effective: CalendarDateStringShape.describe("First day the new quantity is billed."),
    /** The quantity from that day on. */
    quantity: z.number({ error: "expected a whole number" }).int({ error: "expected a whole number" }).nonnegative({ error: "must be 0 or more" }).describe("The quantity from that day on."),
  })
  .strict();

const RecurringBase = {
  ...LineBase,
  /** Per-unit price per month (or cycle): shorthand for a perUnit price. */
  rate: DecimalStringShape.optional().describe("Per-unit price per month (or cycle): shorthand for a perUnit price."),
  /** A price model, when the price is not a plain rate. */
  price: PriceModelShape.optional().describe("A price model, when the price is not a plain rate."),
  /** Key in the site's price book, when the price comes from it. */
  priceKey: z.string().min(1).optional().describe("Key in the site's price book, when the price comes from it."),
  /** Effective-dated price versions, in date order. */
  priceChanges: z.array(PriceChangeShape).optional().describe("Effective-dated price versions, in date order."),
  /** Effective-dated quantity changes (a camera added on the 15th), in date order. */
  quantityChanges: z.array(QuantityChangeShape).optional().describe("Effective-dated quantity changes (a camera added on the 15th), in date order."),
  /** Seasonal overrides. */
  seasonal: z.array(SeasonalRateShape).optional().describe("Seasonal overrides."),
  /** First day of the line when added after the contract start. */
  start: CalendarDateStringShape.optional().describe("First day of the line when added after the contract start."),
  /** First day without the line when removed before the contract end. */
  end: CalendarDateStringShape.optional().describe("First day without the line when removed before the contract end."),
  /** Whether the contract's escalator raises this line. */
  escalate: z.boolean().default(true).describe("Whether the contract's escalator raises this line."),
};

const priceGiven = (v: { rate?: string | undefined; price?: unknown; priceKey?: string | undefined }): boolean =>
  [v.rate, v.price, v.priceKey].filter((x) => x !== undefined).length === 1;
const PRICE_ERROR = { error: "give exactly one of rate, price or priceKey", path: ["rate"], ...alongsideOtherProblems() };

const MonitoringLineShape = z
  .object({
    /** A monitoring service. */
    kind: z.literal("monitoring"),
    /** Service tier, e.g. "cellular", "video", "fire". */
    tier: z.string().min(1).describe('Service tier, e.g. "cellular", "video", "fire".'),
    ...RecurringBase,
  })
  .strict()
  .refine(priceGiven, PRICE_ERROR);

const EquipmentLineShape = z
  .object({
    /** Rented equipment. */
    kind: z.literal("equipment"),
    /** The equipment, e.g. "Qolsys IQ4 panel". */
    item: z.string().min(1).describe('The equipment, e.g. "Qolsys IQ4 panel".'),
    ...RecurringBase,
  })
  .strict()
  .refine(priceGiven, PRICE_ERROR);

const AddOnLineShape = z
  .object({
    /** A recurring add-on. */
    kind: z.literal("addon"),
    /** The add-on's name. */
    name: z.string().min(1).describe("The add-on's name."),
    ...RecurringBase,
  })
  .strict()
  .refine(priceGiven, PRICE_ERROR);

const OneTimeLineShape = z
  .object({
    /** A one-time charge. */
    kind: z.literal("oneTime"),
    ...LineBase,
    /** Shown on the invoice. */
    description: z.string().min(1).describe("Shown on the invoice."),
    /** Price per unit. */
    amount: DecimalStringShape.describe("Price per unit."),
    /** The day it falls on: billed on the invoice whose period contains it. */
    date: CalendarDateStringShape.describe("The day it falls on: billed on the invoice whose period contains it."),
  })
  .strict();

const LineShape = z.discriminatedUnion("kind", [MonitoringLineShape, EquipmentLineShape, AddOnLineShape, OneTimeLineShape]);

const AddressShape = z
  .object({
    /** Street address. */
    line1: z.string().min(1),
    /** Suite, unit or floor. */
    line2: z.string().optional(),
    /** City; city taxes match on it. */
    city: z.string().min(1),
    /** County, parish or borough; used by county taxes. */
    county: z.string().min(1).optional().describe("County, parish or borough; used by county taxes."),
    /** State or province code, e.g. "TX", "ON". */
    state: z.string().min(1).optional().describe('State or province code, e.g. "TX", "ON".'),
    /** Postal code; special tax districts match on it. */
    postalCode: z.string().min(1),
    /** ISO 3166-1 alpha-2 country code, e.g. "US". */
    country: z.string().regex(/^[A-Z]{2}$/, { error: 'expected an ISO 3166-1 alpha-2 country code such as "US"' }),
  })
  .strict();

const SiteShape = z
  .object({
    /** Stable id of the site within the contract. */
    id: Id,
    /** Shown on the invoice, e.g. "Austin office". */
    name: z.string().min(1),
    /** The service address: where the site is monitored and taxed. */
    address: AddressShape,
    /** Name of the location price book lines with a priceKey use. */
    priceBook: z.string().min(1).optional().describe("Name of the location price book lines with a priceKey use."),
    /** What the site is billed for. */
    lines: z.array(LineShape).min(1, { error: "a site needs at least one line" }),
  })
  .strict();

const TaxExemptionShape = z
  .object({
    /** The exemption certificate's id, quoted on the invoice. */
    certificateId: z.string().min(1),
    /** Categories exempted; absent = all. */
    categories: z.array(TaxCategoryShape).optional().describe("Categories exempted; absent = all."),
    /** Jurisdiction ids exempted (e.g. "US-TX"); absent = all. */
    jurisdictions: z.array(z.string().min(1)).optional().describe('Jurisdiction ids exempted (e.g. "US-TX"); absent = all.'),
    /** First day the certificate is no longer valid. */
    expires: CalendarDateStringShape.optional().describe("First day the certificate is no longer valid."),
  })
  .strict();

const ChannelShape = z.enum(["email", "sms", "portal"]);

const CustomerShape = z
  .object({
    /** The customer's id in your CRM. */
    id: Id,
    /** Name on the invoice. */
    name: z.string().min(1),
    /** Who receives invoices and reminders. */
    contact: z
      .object({
        /** Name on the invoice. */
        name: z.string().min(1).optional(),
        /** Billing email address. */
        email: z.email({ error: "expected an email address" }).optional(),
        /** Phone in E.164 form, e.g. "+15125550100". */
        phone: z.string().regex(/^\+[1-9]\d{6,14}$/, { error: 'expected an E.164 phone number such as "+15125550100"' }).optional(),
        /** Whether the customer agreed to text messages. */
        smsConsent: z.boolean().default(false).describe("Whether the customer agreed to text messages."),
      })
      .strict()
      .refine((c) => c.email !== undefined || c.phone !== undefined, { error: "a billing contact needs an email or a phone", path: ["email"], ...alongsideOtherProblems() })
      .refine((c) => !c.smsConsent || c.phone !== undefined, { error: "SMS consent needs a phone number", path: ["phone"], ...alongsideOtherProblems("smsConsent") }),
    /** Delivery channels in order of preference. */
    channels: z.array(ChannelShape).min(1).default(["email"]),
    /** BCP 47 locale for documents and amounts, e.g. "en-US". */
    locale: Locale.default("en-US"),
    /** IANA time zone: billing dates are days in this zone. */
    timeZone: TimeZone,
    /** Exemption certificates. */
    taxExemptions: z.array(TaxExemptionShape).default([]),
  })
  .strict();

// ---------------------------------------------------------------------------------------------
// Terms

const PaymentTermsShape = z.discriminatedUnion("kind", [
  z
    .object({
      /** Due on the cycle date. */
      kind: z.literal("onCycleDate"),
    })
    .strict(),
  z
    .object({
      /** Due some days after issue. */
      kind: z.literal("net"),
      /** Days after the issue date. */
      days: z.number().int().min(0).max(366),
    })
    .strict(),
]);

const CycleSchema = z.union([
  z.enum(["monthly", "quarterly", "semiannual", "annual"]),
  z
    .object({
      /** Months per cycle, 1–120. */
      everyMonths: z.number().int().min(1).max(120),
    })
    .strict(),
], { error: 'expected "monthly", "quarterly", "semiannual", "annual" or { "everyMonths": 1–120 }' });

const BillingTermsShape = z
  .object({
    /** ISO 4217 currency of every amount in the contract. */
    currency: Currency,
    /** How often it is billed. */
    cycle: CycleSchema,
    /** Day of the month periods start; default the contract start's day. */
    anchorDay: z.number().int().min(1).max(31).optional().describe("Day of the month periods start; default the contract start's day."),
    /**
     * For cycles longer than a month, a month (1–12) periods start in. Default: taken from the
     * contract start — the first full cycle begins on the first anchor day on or after the start.
     */
    anchorMonth: z
      .number()
      .int()
      .min(1)
      .max(12)
      .optional()
      .describe("For cycles longer than a month, a month (1–12) periods start in. Default: taken from the contract start (the first full cycle begins on the first anchor day on or after it)."),
    /** Bill each period in advance (at its start) or in arrears (at its end). */
    timing: z.enum(["advance", "arrears"]).default("advance"),
    /** Days before the cycle date the invoice is issued (default 5 in advance, 0 in arrears). */
    leadDays: z.number().int().min(0).max(366).optional().describe("Days before the cycle date the invoice is issued (default 5 in advance, 0 in arrears)."),
    /** When invoices are due: on the cycle date or net N days after issue. */
    paymentTerms: PaymentTermsShape.default({ kind: "onCycleDate" }),
    /** How a short first period is billed: prorated, as a full period, or not (next anchor). */
    stub: z.enum(["prorate", "full", "nextAnchor"]).default("prorate"),
    /** Day count for proration: actual days or 30/360. */
    dayCount: z.enum(["actual", "30/360"]).default("actual"),
    /**
     * What every price and fixed amount of the contract is per: a month (RMR; a quarter bills 3
     * months) or one billing cycle. Required for any cycle longer than a month, so a quarterly
     * rate is never silently read as monthly; a monthly contract bills the same either way.
     */
    pricesPer: z
      .enum(["month", "cycle"], { error: 'expected "month" or "cycle"' })
      .optional()
      .describe('What every price and fixed amount is per: "month" (RMR; a quarter bills 3 months) or "cycle". Required for cycles longer than a month.'),
    /**
     * What happens when a change (a price, quantity or line added or removed) takes effect inside
     * a period already invoiced: `"nextInvoice"` (default) puts the prorated difference on the next
     * invoice as explained adjustment lines; `"immediate"` bills or credits it at once (an
     * adjustment invoice or a credit note, see `computeAdjustments`); `"none"` leaves invoiced
     * periods as they were billed.
     */
    midPeriodChanges: z
      .enum(["nextInvoice", "immediate", "none"])
      .default("nextInvoice")
      .describe('A change inside a period already invoiced: "nextInvoice" (the difference on the next invoice), "immediate" (an adjustment invoice or credit note now) or "none".'),
    /** One invoice for all sites, or one per site. */
    consolidation: z.enum(["consolidated", "perSite"]).default("consolidated"),
    /** Numbering series of the invoices, e.g. "RES". */
    invoiceSeries: z.string().min(1).default("INV"),
    /** Whether prices include tax. */
    taxInclusive: z.boolean().default(false).describe("Whether prices include tax."),
    /** Keys of `customFields` to print on every invoice, in this order. */
    invoiceFields: z.array(z.string().min(1)).default([]).describe("Keys of customFields to print on every invoice, in this order."),
  })
  .strict();

const EscalatorShape = z.discriminatedUnion("kind", [
  z
    .object({
      /** A percentage increase. */
      kind: z.literal("percent"),
      /** Percent per anniversary, a percentage string: "3" is 3 % (never the fraction "0.03"). */
      percent: PercentShape.describe('Percent per anniversary, a percentage string: "3" is 3 % (never the fraction "0.03").'),
      /** Compound (1.03^n, the default) or simple (1 + 0.03 n). */
      compounding: z.boolean().default(true).describe("Compound (1.03^n, the default) or simple (1 + 0.03 n)."),
      /** Most the price may rise in total, a percentage of the agreed price: "10" is at most +10 %. */
      capPercent: PercentShape.optional().describe('Most the price may rise in total, a percentage of the agreed price: "10" is at most +10 %.'),
    })
    .strict(),
  z
    .object({
      /** A fixed-amount increase. */
      kind: z.literal("fixed"),
      /** Added to the per-unit rate at each anniversary. */
      amount: DecimalStringShape.describe("Added to the per-unit rate at each anniversary."),
      /** Most the rate may rise in total. */
      capAmount: DecimalStringShape.optional().describe("Most the rate may rise in total."),
    })
    .strict(),
]);

const TERMINATION_REASONS = ["cancelled", "moved", "nonPayment", "deceased", "serviceUnavailable", "replaced", "other"] as const;

const TerminationReasonShape = z.enum(TERMINATION_REASONS, {
  error: `expected one of ${TERMINATION_REASONS.map((r) => JSON.stringify(r)).join(", ")}`,
});

const EarlyTerminationFeeShape = z.discriminatedUnion("kind", [
  z
    .object({
      /** A fixed fee. */
      kind: z.literal("fixed"),
      /** The fee. */
      amount: DecimalStringShape.describe("The fee."),
    })
    .strict(),
  z
    .object({
      /** A number of months of the recurring charges in force on the termination date. */
      kind: z.literal("months"),
      /** How many months. */
      months: z.number().int().min(1).max(120).describe("How many months of the recurring charges."),
    })
    .strict(),
  z
    .object({
      /** A share of what the rest of the term would have billed. */
      kind: z.literal("remainingValue"),
      /** The share, in percent: "75" charges 75 % of the remaining recurring charges. */
      percent: PercentShape.describe('The share, in percent: "75" charges 75 % of the remaining recurring charges.'),
    })
    .strict(),
]);

const EarlyTerminationShape = z
  .object({
    /**
     * What the days billed in advance past the termination date give back: every day
     * (`"prorate"`, the default), only whole unused months (`"wholeMonths"`), or nothing (`"none"`).
     */
    credit: z.enum(["prorate", "wholeMonths", "none"]).default("prorate").describe('Days billed in advance past the termination date: credited to the day ("prorate"), only whole unused months ("wholeMonths"), or not ("none").'),
    /** The early-termination fee; none when absent. */
    fee: EarlyTerminationFeeShape.optional().describe("The early-termination fee; none when absent."),
    /** Most the fee may be. */
    capAmount: DecimalStringShape.optional().describe("Most the fee may be."),
    /** Termination reasons for which no fee is charged (e.g. "deceased", "moved" out of the service area). */
    waivedFor: z.array(TerminationReasonShape).default([]).describe('Termination reasons for which no fee is charged (e.g. "deceased").'),
    /** How the fee is taxed. */
    taxCategory: TaxCategoryShape.default("fee").describe("How the fee is taxed."),
    /** Shown on the invoice. */
    description: z.string().min(1).default("Early termination fee").describe("Shown on the invoice."),
  })
  .strict();

const TerminationShape = z
  .object({
    /** First day without service: billing stops here, before the term's end. */
    date: CalendarDateStringShape.describe("First day without service: billing stops here, before the term's end."),
    /** Why the contract ended. */
    reason: TerminationReasonShape.describe("Why the contract ended."),
    /** Free text kept with the termination. */
    note: z.string().optional().describe("Free text kept with the termination."),
  })
  .strict();

const TermShape = z
  .object({
    /** First day of service. */
    start: CalendarDateStringShape,
    /** First day without service (exclusive); absent = open-ended. */
    end: CalendarDateStringShape.optional().describe("First day without service (exclusive); absent = open-ended."),
    /** Whether the contract renews by itself at its end. */
    autoRenew: z.boolean().default(false),
    /** Length of each renewal, in months. */
    renewalTermMonths: z.number().int().min(1).max(120).optional(),
    /** Days of notice needed to cancel before a renewal. */
    cancellationNoticeDays: z.number().int().min(0).max(366).optional(),
    /** A yearly price increase on each anniversary. */
    escalator: EscalatorShape.optional(),
    /** What ending the contract before its term costs, and what it gives back. */
    earlyTermination: EarlyTerminationShape.prefault({ credit: "prorate" }).describe("What ending the contract before its term costs, and what it gives back."),
  })
  .strict();

const PaymentMethodShape = z
  .object({
    /** How the customer pays. */
    kind: z.enum(["card", "ach", "check", "cash", "portal"]),
    /** The gateway's token for the stored card or bank account. */
    token: z.string().min(1).optional().describe("The gateway's token for the stored card or bank account."),
    /** Last four digits of the card or account, for display. */
    last4: z.string().regex(/^\d{4}$/, { error: "expected the last 4 digits" }).optional(),
    /** Card expiry "YYYY-MM". */
    expiry: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'expected a card expiry "YYYY-MM"' }).optional(),
    /** Whether invoices are charged automatically on the due date. */
    autoPay: z.boolean().default(false),
  })
  .strict()
  .refine((m) => !m.autoPay || m.token !== undefined, { error: "auto-pay needs a stored payment token", path: ["token"], ...alongsideOtherProblems("autoPay") });

const DiscountScopeShape = z.discriminatedUnion("scope", [
  z
    .object({
      /** On some lines. */
      scope: z.literal("line"),
      /** The lines, by id. */
      lineIds: z.array(Id).min(1),
    })
    .strict(),
  z
    .object({
      /** On every line of some tax categories. */
      scope: z.literal("category"),
      /** The categories. */
      categories: z.array(TaxCategoryShape).min(1),
    })
    .strict(),
  z
    .object({
      /** On the whole invoice. */
      scope: z.literal("invoice"),
    })
    .strict(),
]);

const DiscountDurationShape = z.discriminatedUnion("kind", [
  z
    .object({
      /** For a number of periods. */
      kind: z.literal("cycles"),
      /** The first N billed periods. */
      count: z.number().int().min(1).describe("The first N billed periods."),
    })
    .strict(),
  z
    .object({
      /** Until a day. */
      kind: z.literal("until"),
      /** Periods starting before this day. */
      date: CalendarDateStringShape.describe("Periods starting before this day."),
    })
    .strict(),
  z
    .object({
      /** For the whole contract. */
      kind: z.literal("forever"),
    })
    .strict(),
]);

const DiscountBase = {
  /** Stable id of the discount. */
  id: Id,
  /** Shown on the invoice, e.g. "Spring promo". */
  description: z.string().min(1),
  /** Which amounts it applies to. */
  appliesTo: DiscountScopeShape,
  /** How long it lasts. */
  duration: DiscountDurationShape.default({ kind: "forever" }),
  /** Stacking order: lower applies first. */
  order: z.number().int().default(0).describe("Stacking order: lower applies first."),
};

const DiscountShape = z.discriminatedUnion("kind", [
  z
    .object({
      /** A percentage off. */
      kind: z.literal("percent"),
      /** The percentage: "10" is 10 % off, at most "100". */
      percent: PercentShape.describe('The percentage: "10" is 10 % off, at most "100".'),
      ...DiscountBase,
    })
    .strict(),
  z
    .object({
      /** A fixed amount off. */
      kind: z.literal("fixed"),
      /** The amount off, per month or per cycle as `billing.pricesPer` says, prorated like the period. */
      amount: DecimalStringShape.describe("The amount off, per month or per cycle as billing.pricesPer says, prorated like the period."),
      ...DiscountBase,
    })
    .strict(),
]);

const DiscountStackingShape = z
  .object({
    /**
     * How percentages combine: `"compound"` (default) takes each discount off what the ones
     * before it left (10 % then 20 % is 28 % off); `"additive"` sums them on the line's price
     * (10 % + 20 % is 30 % off). Fixed amounts come off in their order either way.
     */
    mode: z.enum(["compound", "additive"]).default("compound").describe('"compound": each discount on what the ones before left (10 % then 20 % = 28 %); "additive": percentages summed on the price (10 % + 20 % = 30 %).'),
    /** Most all discounts together may take off a line, in percent of its price. */
    capPercent: PercentShape.optional().describe("Most all discounts together may take off a line, in percent of its price."),
    /** Most all discounts together may take off an invoice, per month or cycle like the prices. */
    capAmount: DecimalStringShape.optional().describe("Most all discounts together may take off an invoice, per month or cycle like the prices."),
  })
  .strict();

const CustomValueShape = z.union([z.string(), z.number().finite(), z.boolean()], { error: "expected a string, a finite number or true/false" });

/** The error for a record's key that is not a name (an empty string), and zod's own for the rest. */
const recordKeyError = (what: string) => ({ error: (issue: z.core.$ZodRawIssue) => (issue.code === "invalid_key" ? `${what} name must not be empty` : undefined) });

const PriceBookPricesShape = z.record(z.string().min(1), PriceModelShape, recordKeyError("a price"));

const PriceBookVersionShape = z
  .object({
    /** Shown in explanations, e.g. "2027 price list". */
    name: z.string().min(1).optional().describe('Shown in explanations, e.g. "2027 price list".'),
    /** Contracts whose term starts on or after this day get the version's prices from their start. */
    newContractsFrom: CalendarDateStringShape.describe("Contracts whose term starts on or after this day get the version's prices from their start."),
    /**
     * When contracts started before `newContractsFrom` move to the version's prices: `"renewal"`
     * (the default: they keep their price until the end of their current term, and a renewed term,
     * starting then, is a new contract term) or a stated date.
     */
    existingContractsFrom: z
      .string({ error: 'expected "renewal" or a date "YYYY-MM-DD"' })
      .refine((v) => v === "renewal" || isCalendarDate(v), { error: 'expected "renewal" or a date "YYYY-MM-DD" that exists', params: { code: ErrorCodes.invalidValue } })
      .default("renewal")
      .meta({
        description: 'When contracts started before newContractsFrom move to these prices: "renewal" (default, at the end of their current term) or a date "YYYY-MM-DD".',
        pattern: "^(renewal|\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01]))$",
      }),
    /** The prices this version changes, by key; every other key keeps the earlier price. */
    prices: PriceBookPricesShape.describe("The prices this version changes, by key; every other key keeps the earlier price."),
  })
  .strict();

const PriceBookShape = z
  .object({
    /** The book's prices by key, for lines with a `priceKey`. */
    prices: PriceBookPricesShape.describe("The book's prices by key, for lines with a priceKey."),
    /** Later versions of some prices, each for new contracts from a date (grandfathering the rest), in date order. */
    versions: z
      .array(PriceBookVersionShape)
      .default([])
      .describe("Later versions of some prices, each for new contracts from a date (grandfathering the rest), in date order."),
  })
  .strict();

const ContractShape = z
  .object({
    /** The contract's id in your CRM. */
    id: Id,
    /** Who pays. */
    customer: CustomerShape,
    /** How and when it is billed. */
    billing: BillingTermsShape,
    /** How long it runs. */
    term: TermShape,
    /** The monitored locations and their lines. */
    sites: z.array(SiteShape).min(1, { error: "a contract needs at least one site" }),
    /** The stored payment method (gateway token only). */
    paymentMethod: PaymentMethodShape.optional(),
    /** Promotions and discounts. */
    discounts: z.array(DiscountShape).default([]),
    /** How the discounts combine, and a cap on all of them. */
    discountStacking: DiscountStackingShape.prefault({}).describe("How the discounts combine, and a cap on all of them."),
    /** Set when the contract ends before its term: billing stops on its date. */
    termination: TerminationShape.optional().describe("Set when the contract ends before its term: billing stops on its date."),
    /** The contract's free-text terms and notes, kept as they are. */
    notes: z.string().optional().describe("The contract's free-text terms and notes, kept as they are."),
    /** Your own typed fields (strings, numbers, booleans), kept and returned as they are; `billing.invoiceFields` prints some on invoices. */
    customFields: z.record(z.string().min(1), CustomValueShape, recordKeyError("a custom field")).default({}).describe("Your own typed fields, kept and returned as they are; billing.invoiceFields prints some on invoices."),
    /** Location price books by name. */
    priceBooks: z.record(z.string().min(1), PriceBookShape, recordKeyError("a price book")).default({}),
  })
  .strict();

// ---------------------------------------------------------------------------------------------
// The public schemas. Typed as plain ZodType of their input and output so the API reference shows
// the named types (Contract, Site, …) instead of expanding every zod internal.

/** A zod schema that reads `z.input<T>` and produces `z.output<T>`. */
export type SchemaOf<T extends z.ZodType> = z.ZodType<z.output<T>, z.input<T>>;

/** A non-negative decimal string such as `"39.99"` (money or a rate). */
export const DecimalString: SchemaOf<typeof DecimalStringShape> = DecimalStringShape;

/** A decimal string that may be negative, e.g. a credit `"-10.00"`. */
export const SignedDecimalString: SchemaOf<typeof SignedDecimalStringShape> = SignedDecimalStringShape;

/** A calendar date `"YYYY-MM-DD"` that exists. */
export const CalendarDateString: SchemaOf<typeof CalendarDateStringShape> = CalendarDateStringShape;

/** A tax category: lower-case words joined by hyphens, e.g. `"equipment-rental"`. */
export const TaxCategorySchema: SchemaOf<typeof TaxCategoryShape> = TaxCategoryShape;

/** One tier of a graduated or volume price: units up to `upTo` (inclusive; null for the last tier). */
export const PriceTierSchema: SchemaOf<typeof PriceTierShape> = PriceTierShape;

/**
 * How a line is priced — a closed union, one small module each in `src/pricing`. Amounts are per
 * month (or per cycle, by `billing.pricesPer`).
 */
export const PriceModelSchema: SchemaOf<typeof PriceModelShape> = PriceModelShape;

/** A price that applies from a date on (an effective-dated price change). */
export const PriceChangeSchema: SchemaOf<typeof PriceChangeShape> = PriceChangeShape;

/** A seasonal override: a price for a span of the year, every year (e.g. a summer home). */
export const SeasonalRateSchema: SchemaOf<typeof SeasonalRateShape> = SeasonalRateShape;

/** A recurring monitoring service (basic, cellular, video, fire, …). */
export const MonitoringLineSchema: SchemaOf<typeof MonitoringLineShape> = MonitoringLineShape;

/** Rented equipment billed every cycle (panel, cameras, cellular communicator). */
export const EquipmentLineSchema: SchemaOf<typeof EquipmentLineShape> = EquipmentLineShape;

/** A recurring add-on (guard response, extra user codes, app access). */
export const AddOnLineSchema: SchemaOf<typeof AddOnLineShape> = AddOnLineShape;

/** A one-time charge on the date it falls (installation, activation, false-alarm dispatch fee). */
export const OneTimeLineSchema: SchemaOf<typeof OneTimeLineShape> = OneTimeLineShape;

/** Any line of a site. */
export const LineSchema: SchemaOf<typeof LineShape> = LineShape;

/** A service address with the fields tax jurisdictions match on. */
export const AddressSchema: SchemaOf<typeof AddressShape> = AddressShape;

/** A monitored location and its lines. */
export const SiteSchema: SchemaOf<typeof SiteShape> = SiteShape;

/** An exemption certificate. */
export const TaxExemptionSchema: SchemaOf<typeof TaxExemptionShape> = TaxExemptionShape;

/** Delivery channels, in the customer's order of preference. */
export const ChannelSchema: SchemaOf<typeof ChannelShape> = ChannelShape;

/** The customer who pays. */
export const CustomerSchema: SchemaOf<typeof CustomerShape> = CustomerShape;

/** How the invoice is due. */
export const PaymentTermsSchema: SchemaOf<typeof PaymentTermsShape> = PaymentTermsShape;

/** How and when the contract is billed. */
export const BillingTermsSchema: SchemaOf<typeof BillingTermsShape> = BillingTermsShape;

/** A yearly price increase on each contract anniversary. */
export const EscalatorSchema: SchemaOf<typeof EscalatorShape> = EscalatorShape;

/** The contract term. */
export const TermSchema: SchemaOf<typeof TermShape> = TermShape;

/** How the customer pays: a gateway token, never card numbers. */
export const PaymentMethodSchema: SchemaOf<typeof PaymentMethodShape> = PaymentMethodShape;

/** Which amounts a discount applies to. */
export const DiscountScopeSchema: SchemaOf<typeof DiscountScopeShape> = DiscountScopeShape;

/** How long a discount lasts. */
export const DiscountDurationSchema: SchemaOf<typeof DiscountDurationShape> = DiscountDurationShape;

/** A percentage as a decimal string: `"10"` is 10 %. */
export const PercentString: SchemaOf<typeof PercentShape> = PercentShape;

/** A dated quantity change of a recurring line. */
export const QuantityChangeSchema: SchemaOf<typeof QuantityChangeShape> = QuantityChangeShape;

/** Why a contract ended before its term. */
export const TerminationReasonSchema: SchemaOf<typeof TerminationReasonShape> = TerminationReasonShape;

/** An early-termination fee: fixed, N months of the recurring charges, or a share of the remaining value. */
export const EarlyTerminationFeeSchema: SchemaOf<typeof EarlyTerminationFeeShape> = EarlyTerminationFeeShape;

/** What ending a contract early costs and gives back. */
export const EarlyTerminationSchema: SchemaOf<typeof EarlyTerminationShape> = EarlyTerminationShape;

/** A contract's early end. */
export const TerminationSchema: SchemaOf<typeof TerminationShape> = TerminationShape;

/** How a contract's discounts combine. */
export const DiscountStackingSchema: SchemaOf<typeof DiscountStackingShape> = DiscountStackingShape;

/** A promotion or discount. */
export const DiscountSchema: SchemaOf<typeof DiscountShape> = DiscountShape;

/** How a package bills units beyond its included ones: per unit, or per started block. */
export const PackageOverageSchema: SchemaOf<typeof PackageOverageShape> = PackageOverageShape;

/**
 * A dated version of a price book: new prices for contracts starting on or after a date, while
 * contracts started before keep theirs until their renewal or a stated date (grandfathering).
 */
export const PriceBookVersionSchema: SchemaOf<typeof PriceBookVersionShape> = PriceBookVersionShape;

/** A location price book: prices by key, used by lines with a `priceKey`, and their dated versions. */
export const PriceBookSchema: SchemaOf<typeof PriceBookShape> = PriceBookShape;

/** A complete contract, as a CRM exports it. */
export const ContractSchema: SchemaOf<typeof ContractShape> = ContractShape;
