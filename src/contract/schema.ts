import { z } from "zod";
import { isCalendarDate, isValidTimeZone } from "../calendar/index.js";
import { ErrorCodes } from "../errors/index.js";
import { isCurrencyCode } from "../money/index.js";

/*
 * The contract format, as zod schemas. This is the boundary: a CRM export is checked here once and
 * the core trusts the types afterwards. Money is a decimal string, dates are "YYYY-MM-DD".
 * `docs/contract.schema.json` is generated from these schemas (`npm run schema`).
 */

const DECIMAL = /^-?\d+(\.\d+)?$/;
const NON_NEGATIVE_DECIMAL = /^\d+(\.\d+)?$/;

/** A non-negative decimal string such as `"39.99"` (money or a rate). */
export const DecimalString = z
  .string({ error: 'expected a decimal string such as "39.99"' })
  .regex(NON_NEGATIVE_DECIMAL, { error: 'expected a decimal string such as "39.99" (no sign, exponent or separators)' })
  .describe('A non-negative decimal string such as "39.99".');

/** A decimal string that may be negative, e.g. a credit `"-10.00"`. */
export const SignedDecimalString = z
  .string({ error: 'expected a decimal string such as "-10.00"' })
  .regex(DECIMAL, { error: 'expected a decimal string such as "-10.00"' })
  .describe('A decimal string such as "-10.00".');

/** A calendar date `"YYYY-MM-DD"` that exists. */
export const CalendarDateString = z
  .string({ error: 'expected a date "YYYY-MM-DD"' })
  .refine(isCalendarDate, { error: 'expected a date "YYYY-MM-DD" that exists', params: { code: ErrorCodes.invalidDate } })
  .describe('A calendar date "YYYY-MM-DD".');

const MonthDay = z
  .string({ error: 'expected a month and day "MM-DD"' })
  .regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { error: 'expected a month and day "MM-DD"' })
  .refine((v) => isCalendarDate(`2028-${v}`), { error: "not a day of the year" })
  .describe('A day of the year "MM-DD", e.g. "06-01".');

const Id = z.string({ error: "expected an id string" }).min(1, { error: "must not be empty" }).max(200);

/** A tax category: lower-case words joined by hyphens, e.g. `"equipment-rental"`. */
export const TaxCategorySchema = z
  .string({ error: "expected a tax category" })
  .regex(/^[a-z][a-z0-9-]*$/, { error: 'expected a tax category such as "monitoring" or "equipment-rental"' });

const Currency = z
  .string({ error: "expected an ISO 4217 currency code" })
  .refine(isCurrencyCode, { error: 'unknown currency: expected an ISO 4217 code such as "USD"', params: { code: ErrorCodes.unknownCurrency } });

const TimeZone = z
  .string({ error: "expected an IANA time zone" })
  .refine(isValidTimeZone, { error: 'unknown time zone: expected an IANA name such as "America/New_York"', params: { code: ErrorCodes.unknownTimeZone } });

// ---------------------------------------------------------------------------------------------
// Pricing

/** One tier of a graduated or volume price: units up to `upTo` (inclusive; null for the last tier). */
export const PriceTierSchema = z
  .object({
    upTo: z.number().int().positive().nullable().describe("Last unit of this tier (inclusive); null for the open-ended last tier."),
    unitPrice: DecimalString.describe("Price per unit per month in this tier."),
    flatFee: DecimalString.optional().describe("A flat amount per month added when the tier is reached."),
  })
  .strict();

const tiers = z
  .array(PriceTierSchema)
  .min(1, { error: "at least one tier is needed" })
  .superRefine((list, ctx) => {
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
  });

/**
 * How a line is priced — a closed union, one small module each in `src/pricing`. Amounts are per
 * month (or per cycle, by `billing.ratePer`).
 */
export const PriceModelSchema = z.discriminatedUnion("model", [
  z.object({ model: z.literal("flat"), amount: DecimalString.describe("The price, whatever the quantity.") }).strict(),
  z.object({ model: z.literal("perUnit"), unitPrice: DecimalString.describe("Price of one unit; may be finer than a cent.") }).strict(),
  z
    .object({
      model: z.literal("package"),
      price: DecimalString.describe("Price of one package."),
      size: z.number().int().positive().describe("Units in a package; a started package is billed whole."),
    })
    .strict(),
  z.object({ model: z.literal("graduated"), tiers: tiers.describe("Each unit is priced at the tier it falls in.") }).strict(),
  z.object({ model: z.literal("volume"), tiers: tiers.describe("Every unit is priced at the tier the total quantity reaches.") }).strict(),
]);

/** A price that applies from a date on (an effective-dated price change). */
export const PriceChangeSchema = z
  .object({
    effective: CalendarDateString.describe("First day the new price applies."),
    rate: DecimalString.optional().describe("New per-unit rate (shorthand for a perUnit price)."),
    price: PriceModelSchema.optional().describe("New price model."),
  })
  .strict()
  .refine((v) => (v.rate === undefined) !== (v.price === undefined), { error: "give exactly one of rate or price" });

/** A seasonal override: a price for a span of the year, every year (e.g. a summer home). */
export const SeasonalRateSchema = z
  .object({
    name: z.string().min(1).describe('Shown on the invoice, e.g. "Summer occupancy".'),
    from: MonthDay.describe('First day of the season, "MM-DD".'),
    to: MonthDay.describe('First day after the season, "MM-DD" (may wrap past December).'),
    rate: DecimalString.optional().describe("Per-unit rate during the season."),
    price: PriceModelSchema.optional().describe("Price model during the season."),
  })
  .strict()
  .refine((v) => (v.rate === undefined) !== (v.price === undefined), { error: "give exactly one of rate or price" })
  .refine((v) => v.from !== v.to, { error: "a season must not start and end on the same day" });

// ---------------------------------------------------------------------------------------------
// Lines, sites, customer

const LineBase = {
  id: Id.describe("Stable id of the line within the contract."),
  description: z.string().min(1).optional().describe("Shown on the invoice; derived from the tier or item when absent."),
  quantity: z.number({ error: "expected a whole number" }).int({ error: "expected a whole number" }).nonnegative({ error: "must be 0 or more" }).default(1).describe("Units (cameras, panels, sensors)."),
  taxCategory: TaxCategorySchema.describe("How the line is taxed."),
  currency: Currency.optional().describe("If given, must equal the contract's currency: an invoice has one currency."),
};

const RecurringBase = {
  ...LineBase,
  rate: DecimalString.optional().describe("Per-unit price per month (or cycle): shorthand for a perUnit price."),
  price: PriceModelSchema.optional().describe("A price model, when the price is not a plain rate."),
  priceKey: z.string().min(1).optional().describe("Key in the site's price book, when the price comes from it."),
  priceChanges: z.array(PriceChangeSchema).optional().describe("Effective-dated price versions, in date order."),
  seasonal: z.array(SeasonalRateSchema).optional().describe("Seasonal overrides."),
  start: CalendarDateString.optional().describe("First day of the line when added after the contract start."),
  end: CalendarDateString.optional().describe("First day without the line when removed before the contract end."),
  escalate: z.boolean().default(true).describe("Whether the contract's escalator raises this line."),
};

const priceGiven = (v: { rate?: string | undefined; price?: unknown; priceKey?: string | undefined }): boolean =>
  [v.rate, v.price, v.priceKey].filter((x) => x !== undefined).length === 1;
const PRICE_ERROR = { error: "give exactly one of rate, price or priceKey", path: ["rate"] };
const lineDatesInOrder = (v: { start?: string | undefined; end?: string | undefined }): boolean =>
  v.start === undefined || v.end === undefined || v.end > v.start;
const LINE_DATES_ERROR = { error: "the line's end must be after its start", path: ["end"] };

/** A recurring monitoring service (basic, cellular, video, fire, …). */
export const MonitoringLineSchema = z
  .object({ kind: z.literal("monitoring"), tier: z.string().min(1).describe('Service tier, e.g. "cellular", "video", "fire".'), ...RecurringBase })
  .strict()
  .refine(priceGiven, PRICE_ERROR)
  .refine(lineDatesInOrder, LINE_DATES_ERROR);

/** Rented equipment billed every cycle (panel, cameras, cellular communicator). */
export const EquipmentLineSchema = z
  .object({ kind: z.literal("equipment"), item: z.string().min(1).describe('The equipment, e.g. "Qolsys IQ4 panel".'), ...RecurringBase })
  .strict()
  .refine(priceGiven, PRICE_ERROR)
  .refine(lineDatesInOrder, LINE_DATES_ERROR);

/** A recurring add-on (guard response, extra user codes, app access). */
export const AddOnLineSchema = z
  .object({ kind: z.literal("addon"), name: z.string().min(1).describe("The add-on's name."), ...RecurringBase })
  .strict()
  .refine(priceGiven, PRICE_ERROR)
  .refine(lineDatesInOrder, LINE_DATES_ERROR);

/** A one-time charge on the date it falls (installation, activation, false-alarm dispatch fee). */
export const OneTimeLineSchema = z
  .object({
    kind: z.literal("oneTime"),
    ...LineBase,
    description: z.string().min(1).describe("Shown on the invoice."),
    amount: DecimalString.describe("Price per unit."),
    date: CalendarDateString.describe("The day it falls on: billed on the invoice whose period contains it."),
  })
  .strict();

/** Any line of a site. */
export const LineSchema = z.discriminatedUnion("kind", [MonitoringLineSchema, EquipmentLineSchema, AddOnLineSchema, OneTimeLineSchema]);

/** A service address with the fields tax jurisdictions match on. */
export const AddressSchema = z
  .object({
    line1: z.string().min(1),
    line2: z.string().optional(),
    city: z.string().min(1),
    county: z.string().min(1).optional().describe("County, parish or borough; used by county taxes."),
    state: z.string().min(1).optional().describe('State or province code, e.g. "TX", "ON".'),
    postalCode: z.string().min(1),
    country: z.string().regex(/^[A-Z]{2}$/, { error: 'expected an ISO 3166-1 alpha-2 country code such as "US"' }),
  })
  .strict();

/** A monitored location and its lines. */
export const SiteSchema = z
  .object({
    id: Id,
    name: z.string().min(1),
    address: AddressSchema,
    priceBook: z.string().min(1).optional().describe("Name of the location price book lines with a priceKey use."),
    lines: z.array(LineSchema).min(1, { error: "a site needs at least one line" }),
  })
  .strict();

/** An exemption certificate. */
export const TaxExemptionSchema = z
  .object({
    certificateId: z.string().min(1),
    categories: z.array(TaxCategorySchema).optional().describe("Categories exempted; absent = all."),
    jurisdictions: z.array(z.string().min(1)).optional().describe('Jurisdiction ids exempted (e.g. "US-TX"); absent = all.'),
    expires: CalendarDateString.optional().describe("First day the certificate is no longer valid."),
  })
  .strict();

/** Delivery channels, in the customer's order of preference. */
export const ChannelSchema = z.enum(["email", "sms", "portal"]);

/** The customer who pays. */
export const CustomerSchema = z
  .object({
    id: Id,
    name: z.string().min(1),
    contact: z
      .object({
        name: z.string().min(1).optional(),
        email: z.email({ error: "expected an email address" }).optional(),
        phone: z.string().regex(/^\+[1-9]\d{6,14}$/, { error: 'expected an E.164 phone number such as "+15125550100"' }).optional(),
        smsConsent: z.boolean().default(false).describe("Whether the customer agreed to text messages."),
      })
      .strict()
      .refine((c) => c.email !== undefined || c.phone !== undefined, { error: "a billing contact needs an email or a phone", path: ["email"] })
      .refine((c) => !c.smsConsent || c.phone !== undefined, { error: "SMS consent needs a phone number", path: ["phone"] }),
    channels: z.array(ChannelSchema).min(1).default(["email"]),
    locale: z.string().min(2).default("en-US"),
    timeZone: TimeZone,
    taxExemptions: z.array(TaxExemptionSchema).default([]),
  })
  .strict();

// ---------------------------------------------------------------------------------------------
// Terms

/** How the invoice is due. */
export const PaymentTermsSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("onCycleDate") }).strict(),
  z.object({ kind: z.literal("net"), days: z.number().int().min(0).max(366) }).strict(),
]);

const CycleSchema = z.union([
  z.enum(["monthly", "quarterly", "semiannual", "annual"]),
  z.object({ everyMonths: z.number().int().min(1).max(120) }).strict(),
]);

/** How and when the contract is billed. */
export const BillingTermsSchema = z
  .object({
    currency: Currency,
    cycle: CycleSchema,
    anchorDay: z.number().int().min(1).max(31).optional().describe("Day of the month periods start; default the contract start's day."),
    anchorMonth: z.number().int().min(1).max(12).optional(),
    timing: z.enum(["advance", "arrears"]).default("advance"),
    leadDays: z.number().int().min(0).max(366).optional().describe("Days before the cycle date the invoice is issued (default 5 in advance, 0 in arrears)."),
    paymentTerms: PaymentTermsSchema.default({ kind: "onCycleDate" }),
    stub: z.enum(["prorate", "full", "nextAnchor"]).default("prorate"),
    dayCount: z.enum(["actual", "30/360"]).default("actual"),
    ratePer: z.enum(["month", "cycle"]).default("month").describe("Whether line rates are monthly (RMR; a quarter bills 3×) or per billing cycle."),
    consolidation: z.enum(["consolidated", "perSite"]).default("consolidated"),
    invoiceSeries: z.string().min(1).default("INV"),
    taxInclusive: z.boolean().default(false).describe("Whether prices include tax."),
  })
  .strict();

/** A yearly price increase on each contract anniversary. */
export const EscalatorSchema = z.discriminatedUnion("kind", [
  z
    .object({
      kind: z.literal("percent"),
      percent: DecimalString.describe('Percent per anniversary, e.g. "3" for 3 %.'),
      compounding: z.boolean().default(true).describe("Compound (1.03^n) or simple (1 + 0.03 n)."),
      capPercent: DecimalString.optional().describe("Most the price may rise in total, in percent."),
    })
    .strict(),
  z
    .object({
      kind: z.literal("fixed"),
      amount: DecimalString.describe("Added to the per-unit rate at each anniversary."),
      capAmount: DecimalString.optional().describe("Most the rate may rise in total."),
    })
    .strict(),
]);

/** The contract term. */
export const TermSchema = z
  .object({
    start: CalendarDateString,
    end: CalendarDateString.optional().describe("First day without service (exclusive); absent = open-ended."),
    autoRenew: z.boolean().default(false),
    renewalTermMonths: z.number().int().min(1).max(120).optional(),
    cancellationNoticeDays: z.number().int().min(0).max(366).optional(),
    escalator: EscalatorSchema.optional(),
  })
  .strict()
  .refine((t) => t.end === undefined || t.end > t.start, { error: "the term must end after it starts", path: ["end"] });

/** How the customer pays: a gateway token, never card numbers. */
export const PaymentMethodSchema = z
  .object({
    kind: z.enum(["card", "ach", "check", "cash", "portal"]),
    token: z.string().min(1).optional().describe("The gateway's token for the stored card or bank account."),
    last4: z.string().regex(/^\d{4}$/, { error: "expected the last 4 digits" }).optional(),
    expiry: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'expected a card expiry "YYYY-MM"' }).optional(),
    autoPay: z.boolean().default(false),
  })
  .strict()
  .refine((m) => !m.autoPay || m.token !== undefined, { error: "auto-pay needs a stored payment token", path: ["token"] });

/** Which amounts a discount applies to. */
export const DiscountScopeSchema = z.discriminatedUnion("scope", [
  z.object({ scope: z.literal("line"), lineIds: z.array(Id).min(1) }).strict(),
  z.object({ scope: z.literal("category"), categories: z.array(TaxCategorySchema).min(1) }).strict(),
  z.object({ scope: z.literal("invoice") }).strict(),
]);

/** How long a discount lasts. */
export const DiscountDurationSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("cycles"), count: z.number().int().positive().describe("The first N billed periods.") }).strict(),
  z.object({ kind: z.literal("until"), date: CalendarDateString.describe("Periods starting before this day.") }).strict(),
  z.object({ kind: z.literal("forever") }).strict(),
]);

/** A promotion or discount. */
export const DiscountSchema = z
  .object({
    id: Id,
    description: z.string().min(1),
    kind: z.enum(["percent", "fixed"]),
    value: DecimalString.describe('Percent ("10" = 10 %) or an amount per cycle.'),
    appliesTo: DiscountScopeSchema,
    duration: DiscountDurationSchema.default({ kind: "forever" }),
    order: z.number().int().default(0).describe("Stacking order: lower applies first, each on what is left."),
  })
  .strict()
  .refine((d) => d.kind !== "percent" || Number(d.value) <= 100, { error: "a percent discount cannot exceed 100", path: ["value"] });

/** A location price book: prices by key, used by lines with a `priceKey`. */
export const PriceBookSchema = z.record(z.string().min(1), PriceModelSchema);

/** A complete contract, as a CRM exports it. */
export const ContractSchema = z
  .object({
    id: Id,
    customer: CustomerSchema,
    billing: BillingTermsSchema,
    term: TermSchema,
    sites: z.array(SiteSchema).min(1, { error: "a contract needs at least one site" }),
    paymentMethod: PaymentMethodSchema.optional(),
    discounts: z.array(DiscountSchema).default([]),
    priceBooks: z.record(z.string().min(1), PriceBookSchema).default({}),
  })
  .strict();
