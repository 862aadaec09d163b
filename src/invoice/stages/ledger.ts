import { daysBetween, type BillingPeriod, type CalendarDate } from "../../calendar/index.js";
import type { Contract } from "../../contract/index.js";
import { ratio } from "../../money/index.js";
import type { CreditNote } from "../creditNote.js";
import type { Invoice, InvoiceLine, InvoicePeriod } from "../types.js";
import { LATE_FEE_LINE_ID } from "./lateFees.js";

/**
 * One issued line a later correction can give back: an original recurring line or an
 * adjustment line, with what was given back of it so far. Amounts in minor units. @internal
 */
export interface BilledEntry {
  readonly invoice: Invoice;
  readonly line: InvoiceLine;
  /** Price level billed: before discounts, net of tax (the listed price, tax included, when prices include tax). */
  readonly price: number;
  /** Price level given back by automatic credits. */
  creditedPrice: number;
  /** Net given back, by any credit (automatic or a credit note). */
  creditedNet: number;
  /** Each tax given back, by rule id. */
  readonly creditedTaxes: Map<string, number>;
  /** Net given back by automatic credits (a change or a termination), not by goodwill. */
  autoNet: number;
  /** Each tax given back by automatic credits. */
  readonly autoTaxes: Map<string, number>;
}

/** What was billed for one contract line in one period. @internal */
export interface BilledPeriod {
  readonly siteId: string;
  readonly lineId: string;
  readonly periodStart: CalendarDate;
  /** The lines that billed it, in issue order. */
  readonly entries: BilledEntry[];
  /** Price level billed in all: the entries less the automatic credits. */
  price: number;
}

/**
 * What has been issued for a contract, as the adjustments stage reads it (Kill Bill's model: what
 * should be billed less what was billed). Void invoices count for nothing; credit notes against
 * them are ignored. @internal
 */
export interface Ledger {
  /** Per contract line and period, keyed by {@link billedKey}. */
  readonly periods: Map<string, BilledPeriod>;
  /** Every period a cycle or final invoice billed, by its first day, as the invoice recorded it. */
  readonly billedPeriods: Map<CalendarDate, BillingPeriod>;
  /** `site|periodStart` of every period a cycle or final invoice billed. */
  readonly invoicedPeriods: Set<string>;
  /** `site|line|date` of every one-time charge billed. */
  readonly oneTime: Set<string>;
  /** Whether an early-termination fee was billed. */
  feeBilled: boolean;
  /** Invoice line ids of the late fees billed (see `lateFeeLineId`). */
  readonly lateFees: Set<string>;
  /** The latest period start a cycle or final invoice billed. */
  lastPeriodStart: CalendarDate | undefined;
}

/** The key of a contract line's billed period. @internal */
export function billedKey(siteId: string, lineId: string, periodStart: CalendarDate): string {
  return JSON.stringify([siteId, lineId, periodStart]);
}

/** The key of a site's invoiced period. @internal */
export function periodKey(siteId: string, periodStart: CalendarDate): string {
  return JSON.stringify([siteId, periodStart]);
}

/** The key of a one-time charge. @internal */
export function oneTimeKey(siteId: string, lineId: string, date: CalendarDate): string {
  return JSON.stringify([siteId, lineId, date]);
}

function entryKey(invoiceNumber: string, lineId: string): string {
  return JSON.stringify([invoiceNumber, lineId]);
}

/** The price level of an issued line: what the contract's prices produce before discounts. @internal */
export function priceLevel(line: InvoiceLine, inclusive: boolean): number {
  return inclusive ? line.total.minor + line.discountTotal.minor : line.amount.minor;
}

function giveBack(entry: BilledEntry | undefined, net: number, taxes: readonly { readonly ruleId: string; readonly amount: { readonly minor: number } }[], price: number, auto: boolean): void {
  if (entry === undefined) return;
  entry.creditedNet -= net;
  entry.creditedPrice -= price;
  if (auto) entry.autoNet -= net;
  for (const tax of taxes) {
    entry.creditedTaxes.set(tax.ruleId, (entry.creditedTaxes.get(tax.ruleId) ?? 0) - tax.amount.minor);
    if (auto) entry.autoTaxes.set(tax.ruleId, (entry.autoTaxes.get(tax.ruleId) ?? 0) - tax.amount.minor);
  }
}

/** The billing period an issued invoice covered, as the invoice recorded it. @internal */
export function periodOfInvoice(invoice: Invoice): BillingPeriod {
  const p: InvoicePeriod = invoice.period;
  const whole = p.start === p.fullStart && p.end === p.fullEnd;
  return {
    index: p.index,
    kind: p.kind,
    start: p.start,
    end: p.end,
    fullStart: p.fullStart,
    fullEnd: p.fullEnd,
    fraction: whole ? ratio(1) : ratio(daysBetween(p.start, p.end), daysBetween(p.fullStart, p.fullEnd)),
    cycleDate: p.cycleDate,
    issueDate: invoice.issueDate,
    dueDate: invoice.dueDate,
  };
}

/**
 * Reads the issued invoices and credit notes of a contract into a {@link Ledger}. @internal
 */
export function readLedger(contract: Contract, issued: readonly Invoice[], notes: readonly CreditNote[]): Ledger {
  const inclusive = contract.billing.taxInclusive;
  const ledger: Ledger = { periods: new Map(), billedPeriods: new Map(), invoicedPeriods: new Set(), oneTime: new Set(), feeBilled: false, lateFees: new Set(), lastPeriodStart: undefined };
  const entries = new Map<string, BilledEntry>();
  const periodOf = (siteId: string, lineId: string, start: CalendarDate): BilledPeriod => {
    const key = billedKey(siteId, lineId, start);
    let billed = ledger.periods.get(key);
    if (billed === undefined) {
      billed = { siteId, lineId, periodStart: start, entries: [], price: 0 };
      ledger.periods.set(key, billed);
    }
    return billed;
  };
  const live = issued.filter((invoice) => invoice.contractId === contract.id && invoice.status !== "void");
  const credits: { line: InvoiceLine }[] = [];
  for (const invoice of live) {
    const kind = invoice.kind ?? "cycle";
    // A late-fee invoice, like an adjustment invoice, bills no period.
    if (kind === "cycle" || kind === "final") {
      for (const siteId of invoice.siteIds) ledger.invoicedPeriods.add(periodKey(siteId, invoice.period.start));
      if (!ledger.billedPeriods.has(invoice.period.start)) ledger.billedPeriods.set(invoice.period.start, periodOfInvoice(invoice));
      if (ledger.lastPeriodStart === undefined || invoice.period.start > ledger.lastPeriodStart) ledger.lastPeriodStart = invoice.period.start;
    }
    for (const line of invoice.lines) {
      switch (line.kind) {
        case "recurring":
        case "adjustment": {
          const start = line.adjusts?.periodStart ?? invoice.period.start;
          const price = line.adjusts?.price.minor ?? priceLevel(line, inclusive);
          const billed = periodOf(line.siteId, line.lineId, start);
          const entry: BilledEntry = { invoice, line, price, creditedPrice: 0, creditedNet: 0, creditedTaxes: new Map(), autoNet: 0, autoTaxes: new Map() };
          billed.entries.push(entry);
          billed.price += price;
          entries.set(entryKey(invoice.number, line.id), entry);
          break;
        }
        case "credit":
          credits.push({ line });
          break;
        case "oneTime":
          if (line.date !== undefined) ledger.oneTime.add(oneTimeKey(line.siteId, line.lineId, line.date));
          break;
        case "fee":
          if (line.lineId === LATE_FEE_LINE_ID) ledger.lateFees.add(line.id);
          else ledger.feeBilled = true;
          break;
      }
    }
  }
  // Credits after every entry is known: a credit line may correct an invoice issued after its own.
  for (const { line } of credits) {
    const price = line.adjusts?.price.minor ?? 0;
    if (line.adjusts !== undefined) periodOf(line.siteId, line.lineId, line.adjusts.periodStart).price += price;
    if (line.corrects !== undefined) giveBack(entries.get(entryKey(line.corrects.invoiceNumber, line.corrects.invoiceLineId)), line.net.minor, line.taxes, price, line.adjusts !== undefined);
  }
  const numbers = new Set(live.map((invoice) => invoice.number));
  for (const note of notes) {
    if (note.contractId !== contract.id || !numbers.has(note.invoiceNumber)) continue;
    for (const line of note.lines) {
      const entry = entries.get(entryKey(note.invoiceNumber, line.invoiceLineId));
      const price = line.adjusts?.price.minor ?? 0;
      // A credit note from a change lowers what was billed; a goodwill credit note does not (the
      // service was still due) but still caps what can be given back.
      if (line.adjusts !== undefined && entry !== undefined) periodOf(entry.line.siteId, entry.line.lineId, line.adjusts.periodStart).price += price;
      giveBack(entry, line.net.minor, line.taxes, price, line.adjusts !== undefined);
    }
  }
  return ledger;
}

/** An empty ledger: nothing issued. @internal */
export const EMPTY_LEDGER: Ledger = Object.freeze({
  periods: new Map(),
  billedPeriods: new Map(),
  invoicedPeriods: new Set(),
  oneTime: new Set(),
  feeBilled: false,
  lateFees: new Set(),
  lastPeriodStart: undefined,
}) as Ledger;
