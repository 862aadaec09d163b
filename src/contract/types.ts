import type { z } from "zod";
import type {
  AddOnLineSchema,
  AddressSchema,
  BillingTermsSchema,
  ContractSchema,
  CustomerSchema,
  DiscountSchema,
  DiscountStackingSchema,
  EarlyTerminationFeeSchema,
  EarlyTerminationSchema,
  EquipmentLineSchema,
  EscalatorSchema,
  LineSchema,
  MonitoringLineSchema,
  OneTimeLineSchema,
  PaymentMethodSchema,
  PriceBookSchema,
  PriceBookVersionSchema,
  QuantityChangeSchema,
  SeasonalRateSchema,
  SiteSchema,
  TerminationReasonSchema,
  TerminationSchema,
  TermSchema,
} from "./schema.js";

/** A validated contract, with defaults filled in. See {@link ContractSchema}. */
export type Contract = z.output<typeof ContractSchema>;
/** A contract as a CRM may send it (defaults may be left out). */
export type ContractInput = z.input<typeof ContractSchema>;
/** The paying customer. */
export type Customer = z.output<typeof CustomerSchema>;
/** A monitored location and its lines. */
export type Site = z.output<typeof SiteSchema>;
/** A service address. */
export type Address = z.output<typeof AddressSchema>;
/** Any line of a site. */
export type Line = z.output<typeof LineSchema>;
/** A recurring monitoring line. */
export type MonitoringLine = z.output<typeof MonitoringLineSchema>;
/** A rented-equipment line. */
export type EquipmentLine = z.output<typeof EquipmentLineSchema>;
/** A recurring add-on line. */
export type AddOnLine = z.output<typeof AddOnLineSchema>;
/** A one-time charge. */
export type OneTimeLine = z.output<typeof OneTimeLineSchema>;
/** A line billed every cycle. */
export type RecurringLine = MonitoringLine | EquipmentLine | AddOnLine;
/** A seasonal override. */
export type SeasonalRate = z.output<typeof SeasonalRateSchema>;
/** Billing terms. */
export type BillingTerms = z.output<typeof BillingTermsSchema>;
/** The contract term. */
export type Term = z.output<typeof TermSchema>;
/** An anniversary escalator. */
export type Escalator = z.output<typeof EscalatorSchema>;
/** A location price book: prices by key and their dated versions. */
export type PriceBook = z.output<typeof PriceBookSchema>;
/** A dated version of a price book, for new contracts from a date (grandfathering existing ones). */
export type PriceBookVersion = z.output<typeof PriceBookVersionSchema>;
/** A stored payment method (token only). */
export type PaymentMethod = z.output<typeof PaymentMethodSchema>;
/** A promotion or discount. */
export type Discount = z.output<typeof DiscountSchema>;
/** How a contract's discounts combine, and their cap. */
export type DiscountStacking = z.output<typeof DiscountStackingSchema>;
/** A dated quantity change of a recurring line. */
export type QuantityChange = z.output<typeof QuantityChangeSchema>;
/** Why a contract ended before its term. */
export type TerminationReason = z.output<typeof TerminationReasonSchema>;
/** A contract's early end: the first day without service and why. */
export type Termination = z.output<typeof TerminationSchema>;
/** What ending a contract early costs (the fee) and gives back (the credit of unused days). */
export type EarlyTermination = z.output<typeof EarlyTerminationSchema>;
/** An early-termination fee. */
export type EarlyTerminationFee = z.output<typeof EarlyTerminationFeeSchema>;
