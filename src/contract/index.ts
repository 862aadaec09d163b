/**
 * The contract format: zod schemas for customers, sites, lines, rentals, terms, payment methods and
 * discounts, with parsing that reports every problem with its path.
 *
 * @module
 */
export { luhnValid } from "./cardData.js";
export { parseContract, safeParseContract, type SafeParseContractResult } from "./parseContract.js";
export {
  AddOnLineSchema,
  AddressSchema,
  BillingTermsSchema,
  CalendarDateString,
  ChannelSchema,
  ContractSchema,
  CustomerSchema,
  DecimalString,
  DiscountDurationSchema,
  DiscountSchema,
  DiscountScopeSchema,
  EquipmentLineSchema,
  EscalatorSchema,
  LineSchema,
  MonitoringLineSchema,
  OneTimeLineSchema,
  PaymentMethodSchema,
  PaymentTermsSchema,
  PriceBookSchema,
  PriceChangeSchema,
  PriceModelSchema,
  PriceTierSchema,
  SeasonalRateSchema,
  SignedDecimalString,
  SiteSchema,
  TaxCategorySchema,
  TaxExemptionSchema,
  TermSchema,
  type SchemaOf,
} from "./schema.js";
export type {
  AddOnLine,
  Address,
  BillingTerms,
  Contract,
  ContractInput,
  Customer,
  Discount,
  EquipmentLine,
  Escalator,
  Line,
  MonitoringLine,
  OneTimeLine,
  PaymentMethod,
  RecurringLine,
  SeasonalRate,
  Site,
  Term,
} from "./types.js";
