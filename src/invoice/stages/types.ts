import { cycleMonths, type BillingPeriod, type CalendarDate } from "../../calendar/index.js";
import type { Contract, Line, Site } from "../../contract/index.js";
import type { Money } from "../../money/index.js";
import type { LineTax, TaxProvider } from "../../tax/index.js";
import type { InvoiceRoundingPolicy } from "../rounding.js";
import type { CorrectedLine, InvoiceKind, InvoiceLine, LineExplanation } from "../types.js";

/** A line's explanation while its draft is built. @internal */
export type DraftExplanation = { -readonly [K in keyof LineExplanation]: LineExplanation[K] };

/** What every stage of one invoice computation reads. @internal */
export interface InvoiceContext {
  readonly contract: Contract;
  readonly period: BillingPeriod;
  readonly currency: string;
  readonly rounding: InvoiceRoundingPolicy;
  readonly tax: TaxProvider | undefined;
  /** For an adjustment or final invoice: what it is and its own dates (a cycle invoice takes the period's). */
  readonly document?: { readonly kind: InvoiceKind; readonly issueDate: CalendarDate; readonly dueDate: CalendarDate };
}

/** A line before discounts and tax. @internal */
export interface Charge {
  readonly id: string;
  readonly line: Line;
  readonly site: Site;
  readonly kind: InvoiceLine["kind"];
  readonly description: string;
  readonly servicePeriod: { readonly start: CalendarDate; readonly end: CalendarDate } | undefined;
  readonly date: CalendarDate | undefined;
  readonly quantity: number;
  readonly unitPrice: string | undefined;
  readonly amount: Money;
  /**
   * The line's explanation. Its `discounts` and `taxes` are filled in once, when the line is
   * built (each charge goes on exactly one draft); until then they are empty.
   */
  readonly explanation: DraftExplanation;
  readonly corrects?: CorrectedLine;
  /** For a credit line: the taxes it reverses, taken from the line it corrects (it is not taxed again). */
  readonly reversal?: { readonly taxes: readonly LineTax[] };
  /**
   * For an adjustment or credit line: the billed period it corrects and the change at price
   * level. An adjustment is discounted and taxed as that period was: its percent discounts, its
   * tax point.
   */
  readonly adjusts?: { readonly period: BillingPeriod; readonly price: Money };
  /** The tax point when it is not the invoice period's cycle date (a fee on the termination date). */
  readonly taxDate?: CalendarDate;
}

/** Shared empty lists, frozen: pushing into one must fail rather than show up on every line. @internal */
export const NO_TEXT: readonly string[] = Object.freeze([]);

/**
 * One part of an invoice line id (`site/line/day`): a `/` or `%` inside a site or line id is
 * escaped (`%2F`, `%25`), so two different lines never share an id ("HQ/West" + "mon" is not
 * "HQ" + "West/mon"). @internal
 */
export function idPart(text: string): string {
  return text.includes("/") || text.includes("%") ? text.replace(/%/g, "%25").replace(/\//g, "%2F") : text;
}

/** The later of two days. @internal */
export function maxDate(a: CalendarDate, b: CalendarDate): CalendarDate {
  return a > b ? a : b;
}

/**
 * How many of the contract's price units one full cycle holds: the cycle's months when prices
 * are per month (a quarter bills 3 months), 1 when they are per cycle. @internal
 */
export function priceUnitsPerCycle(contract: Contract): number {
  return contract.billing.pricesPer === "cycle" ? 1 : cycleMonths(contract.billing.cycle);
}
