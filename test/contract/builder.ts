/**
 * A small builder for contracts in tests: a plain object literal with defaults for everything a
 * test does not care about, passed through `parseContract` so every test bills a validated
 * contract. Each test states only what matters to it.
 */
import { parseContract, type Contract, type ContractInput } from "../../src/contract/index.js";

/** A line as a CRM sends it. */
export type LineInput = ContractInput["sites"][number]["lines"][number];
/** A site as a CRM sends it. */
export type SiteInput = ContractInput["sites"][number];
/** An address as a CRM sends it. */
export type AddressInput = SiteInput["address"];
/** Billing terms as a CRM sends them. */
export type BillingInput = ContractInput["billing"];
/** The term as a CRM sends it. */
export type TermInput = ContractInput["term"];
/** The customer as a CRM sends it. */
export type CustomerInput = ContractInput["customer"];
/** A discount as a CRM sends it. */
export type DiscountInput = NonNullable<ContractInput["discounts"]>[number];

type MonitoringInput = Extract<LineInput, { kind: "monitoring" }>;
type EquipmentInput = Extract<LineInput, { kind: "equipment" }>;
type OneTimeInput = Extract<LineInput, { kind: "oneTime" }>;

/** An address in a made-up state "XX" that no example rule table taxes unless a test says so. */
export const PLAIN_ADDRESS: AddressInput = { line1: "1 Main St", city: "Springfield", state: "XX", postalCode: "00001", country: "US" };

/** A monitoring line billed at a monthly rate. */
export function monitoring(id: string, rate: string, fields: Partial<Omit<MonitoringInput, "kind" | "id">> = {}): MonitoringInput {
  return { kind: "monitoring", id, tier: "cellular", rate, taxCategory: "monitoring", ...fields };
}

/** A monitoring line priced by a price model instead of a rate. */
export function priced(id: string, price: NonNullable<MonitoringInput["price"]>, fields: Partial<Omit<MonitoringInput, "kind" | "id" | "rate">> = {}): MonitoringInput {
  return { kind: "monitoring", id, tier: "video", price, taxCategory: "monitoring", ...fields };
}

/** An equipment-rental line. */
export function equipment(id: string, rate: string, fields: Partial<Omit<EquipmentInput, "kind" | "id">> = {}): EquipmentInput {
  return { kind: "equipment", id, item: "Panel", rate, taxCategory: "equipment-rental", ...fields };
}

/** A one-time charge. */
export function oneTime(id: string, amount: string, date: string, fields: Partial<Omit<OneTimeInput, "kind" | "id" | "amount" | "date">> = {}): OneTimeInput {
  return { kind: "oneTime", id, description: "Installation", amount, date, taxCategory: "installation", ...fields };
}

/** A site with the given lines. */
export function site(id: string, lines: readonly LineInput[], fields: Partial<Omit<SiteInput, "id" | "lines">> = {}): SiteInput {
  return { id, name: `Site ${id}`, address: PLAIN_ADDRESS, lines: [...lines], ...fields };
}

/** What a test may say about a contract; everything left out gets a sensible default. */
export interface ContractSpec {
  readonly id?: string;
  /** The term's start (default 2027-01-01). */
  readonly start?: string;
  /** The term's end (default open-ended). */
  readonly end?: string;
  /** Lines of a single site "S-1" (ignored when `sites` is given). */
  readonly lines?: readonly LineInput[];
  /** The address of that single site. */
  readonly address?: AddressInput;
  readonly sites?: readonly SiteInput[];
  readonly billing?: Partial<BillingInput>;
  readonly term?: Partial<TermInput>;
  readonly customer?: Partial<CustomerInput>;
  readonly discounts?: readonly DiscountInput[];
  readonly priceBooks?: ContractInput["priceBooks"];
  readonly paymentMethod?: ContractInput["paymentMethod"];
  readonly termination?: ContractInput["termination"];
  readonly customFields?: ContractInput["customFields"];
  readonly notes?: string;
  readonly discountStacking?: ContractInput["discountStacking"];
}

/** The raw contract input, before validation: for tests that break it on purpose. */
export function contractInput(spec: ContractSpec = {}): ContractInput {
  const start = spec.start ?? "2027-01-01";
  return {
    id: spec.id ?? "C-TEST",
    customer: {
      id: "CUST-1",
      name: "Test Customer",
      contact: { email: "billing@example.com" },
      timeZone: "America/Chicago",
      ...spec.customer,
    },
    billing: { currency: "USD", cycle: "monthly", anchorDay: 1, ...spec.billing },
    term: { start, ...(spec.end === undefined ? {} : { end: spec.end }), ...spec.term },
    sites: spec.sites === undefined ? [site("S-1", spec.lines ?? [monitoring("L-1", "39.99")], spec.address === undefined ? {} : { address: spec.address })] : [...spec.sites],
    ...(spec.discounts === undefined ? {} : { discounts: [...spec.discounts] }),
    ...(spec.priceBooks === undefined ? {} : { priceBooks: spec.priceBooks }),
    ...(spec.paymentMethod === undefined ? {} : { paymentMethod: spec.paymentMethod }),
    ...(spec.termination === undefined ? {} : { termination: spec.termination }),
    ...(spec.customFields === undefined ? {} : { customFields: spec.customFields }),
    ...(spec.notes === undefined ? {} : { notes: spec.notes }),
    ...(spec.discountStacking === undefined ? {} : { discountStacking: spec.discountStacking }),
  };
}

/** A validated contract built from the spec. */
export function buildContract(spec: ContractSpec = {}): Contract {
  return parseContract(contractInput(spec));
}
