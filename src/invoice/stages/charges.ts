import { type BillingPeriod, type CalendarDate } from "../../calendar/index.js";
import type { Contract, Line, OneTimeLine, RecurringLine, Site } from "../../contract/index.js";
import {
  divide,
  exactToDecimalString,
  exactToString,
  multiply,
  round,
  toDecimalString,
  type ExactMoney,
  type RoundingMode,
} from "../../money/index.js";
import { anniversariesBetween, anniversariesPassed, escalate, exactAmount, priceOf, seasonBoundaries } from "../../pricing/index.js";
import { hasDatedPrices, priceChangeDates, priceOn, type ResolvedPrice } from "../linePrice.js";
import { EMPTY_LEDGER, oneTimeKey, periodKey, type Ledger } from "./ledger.js";
import { prorate, prorationBasis } from "./proration.js";
import { idPart, maxDate, NO_TEXT, priceUnitsPerCycle, type Charge, type InvoiceContext } from "./types.js";

const LINE_NOUN: Record<RecurringLine["kind"], (line: RecurringLine) => string> = {
  monitoring: (line) => `${capitalize((line as { tier: string }).tier)} monitoring`,
  equipment: (line) => `Equipment rental: ${(line as { item: string }).item}`,
  addon: (line) => (line as { name: string }).name,
};

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * The charges stage: every line of the contract billed in the period — recurring lines split
 * where their price or quantity changes and prorated, one-time charges on the period containing
 * their date. What the issued invoices in `ledger` already billed is left out: a site's recurring
 * lines when its period was invoiced (the adjustments stage corrects those), and every one-time
 * charge already billed.
 * @internal
 */
export function periodCharges(ctx: InvoiceContext, ledger: Ledger = EMPTY_LEDGER): Charge[] {
  const { contract, period } = ctx;
  const charges: Charge[] = [];
  const checkLedger = ledger.invoicedPeriods.size + ledger.oneTime.size > 0;
  for (const site of contract.sites) {
    const invoiced = checkLedger && ledger.invoicedPeriods.has(periodKey(site.id, period.start));
    for (const line of site.lines) {
      if (line.kind === "oneTime") {
        // Billed in the period containing its date; one dated before the first billed period (in
        // a stub the `nextAnchor` policy leaves unbilled) goes on the first invoice.
        if (line.date < period.end && (line.date >= period.start || period.index === 0) && !(checkLedger && ledger.oneTime.has(oneTimeKey(site.id, line.id, line.date)))) {
          charges.push(oneTimeCharge(line, site, ctx.currency, ctx.rounding.line));
        }
      } else if (!invoiced) {
        recurringCharges(contract, site, line, period, ctx.rounding.line, charges);
      }
    }
  }
  return charges;
}

/** A one-time charge. @internal */
export function oneTimeCharge(line: OneTimeLine, site: Site, currency: string, mode: RoundingMode): Charge {
  const exactTotal = exactAmount(line.amount, currency, line.quantity);
  const amount = round(exactTotal, mode);
  return {
    id: `${idPart(site.id)}/${idPart(line.id)}/${line.date}`,
    line,
    site,
    kind: "oneTime",
    description: line.description,
    servicePeriod: undefined,
    date: line.date,
    quantity: line.quantity,
    unitPrice: line.amount,
    amount,
    explanation: {
      price: `${line.quantity} × ${line.amount}`,
      priceSource: "one-time charge",
      cycleMonths: 1,
      fraction: "1",
      proration: `one-time charge on ${line.date}`,
      escalator: undefined,
      seasonal: undefined,
      discounts: NO_TEXT,
      taxes: NO_TEXT,
      rounding: mode,
      unrounded: exactToDecimalString(exactTotal, 6),
      rounded: toDecimalString(amount),
    },
  };
}

/** The quantity of a recurring line on a day: its latest quantity change in effect, else its own. @internal */
export function quantityOn(line: RecurringLine, date: CalendarDate): number {
  let quantity = line.quantity;
  for (const change of line.quantityChanges ?? []) {
    if (change.effective <= date) quantity = change.quantity;
  }
  return quantity;
}

/** What a recurring line costs per full cycle from a day on, before proration. @internal */
export interface SegmentPrice {
  readonly resolved: ResolvedPrice;
  readonly quantity: number;
  readonly rule: string;
  readonly escalator: string | undefined;
  /** The price of one full cycle, exact. */
  readonly perCycle: ExactMoney;
  /** Price per unit per cycle, when the price is per unit. */
  readonly unitPrice: string | undefined;
}

/**
 * The price of a recurring line per full cycle on a day: its price model (a price change, a
 * season, the price book) at the quantity in force, escalated by the anniversaries passed since
 * the price was agreed, times the cycle's months when prices are per month. @internal
 */
export function segmentPrice(contract: Contract, site: Site, line: RecurringLine, date: CalendarDate): SegmentPrice {
  const currency = contract.billing.currency;
  const escalator = line.escalate ? contract.term.escalator : undefined;
  const months = priceUnitsPerCycle(contract);
  const resolved = priceOn(contract, site, line, date);
  const quantity = quantityOn(line, date);
  const quote = priceOf(resolved.model, quantity, currency);
  // A price change, or a line added after the start, is a new agreed price: only anniversaries
  // after it took effect raise it.
  const agreed = resolved.effective ?? (line.start !== undefined && line.start > contract.term.start ? line.start : undefined);
  const steps =
    escalator === undefined ? 0 : anniversariesPassed(contract.term.start, date) - (agreed === undefined ? 0 : anniversariesPassed(contract.term.start, agreed));
  // A fixed escalator adds per unit; a flat price is one unit, whatever the quantity.
  const units = resolved.model.model === "flat" ? 1 : quantity;
  const escalated = escalator === undefined || steps === 0 ? undefined : escalate(quote.amount, units, escalator, steps);
  const perCycle = months === 1 ? (escalated?.amount ?? quote.amount) : multiply(escalated?.amount ?? quote.amount, months);
  let unitPrice: string | undefined;
  if (resolved.model.model === "perUnit") {
    if (months === 1 && escalated === undefined) unitPrice = resolved.model.unitPrice;
    else {
      const base = exactAmount(resolved.model.unitPrice, currency);
      // A percent escalator scales the unit price; a fixed one adds to each unit.
      const unit =
        escalated === undefined ? base : escalated.factor !== undefined ? multiply(base, escalated.factor) : quantity > 0 ? divide(escalated.amount, quantity) : base;
      unitPrice = exactToString(multiply(unit, months));
    }
  }
  return { resolved, quantity, rule: quote.rule, escalator: escalated?.description, perCycle, unitPrice };
}

/** The days inside `(start, end)` where a recurring line's price may change. @internal */
export function lineCuts(contract: Contract, site: Site, line: RecurringLine, start: CalendarDate, end: CalendarDate): CalendarDate[] {
  const escalator = line.escalate ? contract.term.escalator : undefined;
  // Usually none, so skip the set and sort.
  if (line.quantityChanges === undefined && escalator === undefined && !hasDatedPrices(contract, site, line)) return [start, end];
  const cuts = new Set<CalendarDate>([
    ...priceChangeDates(contract, site, line, start, end),
    ...(line.quantityChanges ?? []).map((c) => c.effective).filter((d) => d > start && d < end),
    ...(line.seasonal === undefined ? [] : seasonBoundaries(line.seasonal, start, end)),
    ...(escalator === undefined ? [] : anniversariesBetween(contract.term.start, start, end)),
  ]);
  return [start, ...[...cuts].sort(), end];
}

/** The noun a recurring line is billed under, e.g. `"Cellular monitoring"`. @internal */
export function lineNoun(line: RecurringLine): string {
  return line.description ?? LINE_NOUN[line.kind](line);
}

/**
 * The charges of a recurring line in a period: one per span between price changes, quantity
 * changes, seasons and anniversaries, each prorated. The line stops at its own end, at the
 * period's end, or at `until` if earlier (a termination). Appends them to `charges` (a new list
 * by default) and returns it.
 * @internal
 */
export function recurringCharges(
  contract: Contract,
  site: Site,
  line: RecurringLine,
  period: BillingPeriod,
  mode: RoundingMode,
  charges: Charge[] = [],
  until?: CalendarDate,
): Charge[] {
  const start = maxDate(period.start, line.start ?? contract.term.start);
  let end = line.end !== undefined && line.end < period.end ? line.end : period.end;
  if (until !== undefined && until < end) end = until;
  if (start >= end) return charges;
  const bounds = lineCuts(contract, site, line, start, end);
  const months = priceUnitsPerCycle(contract);
  const basis = prorationBasis(period, contract.billing.stub, contract.billing.dayCount, contract.billing.anchorDay ?? Number(contract.term.start.slice(8, 10)));
  const noun = lineNoun(line);

  for (let i = 0; i + 1 < bounds.length; i++) {
    const a = bounds[i] as CalendarDate;
    const b = bounds[i + 1] as CalendarDate;
    const price = segmentPrice(contract, site, line, a);
    const resolved = price.resolved;
    const proration = prorate(a, b, basis);
    const exactTotal: ExactMoney = proration.whole ? price.perCycle : multiply(price.perCycle, proration.fraction);
    const amount = round(exactTotal, mode);
    charges.push({
      id: `${idPart(site.id)}/${idPart(line.id)}/${a}`,
      line,
      site,
      kind: "recurring",
      description:
        proration.whole && resolved.seasonal === undefined
          ? noun
          : `${noun}${resolved.seasonal === undefined ? "" : ` (${resolved.seasonal})`}${proration.whole ? "" : ` — prorated ${a} to ${b}`}`,
      servicePeriod: { start: a, end: b },
      date: undefined,
      quantity: price.quantity,
      unitPrice: price.unitPrice,
      amount,
      explanation: {
        price: price.rule,
        priceSource: resolved.source,
        cycleMonths: months,
        fraction: proration.fractionText,
        proration: proration.text,
        escalator: price.escalator,
        seasonal: resolved.seasonal === undefined ? undefined : resolved.source,
        discounts: NO_TEXT,
        taxes: NO_TEXT,
        rounding: mode,
        unrounded: exactToDecimalString(exactTotal, 6),
        rounded: toDecimalString(amount),
      },
    });
  }
  return charges;
}

/** Whether a line is billed every cycle. @internal */
export function isRecurring(line: Line): line is RecurringLine {
  return line.kind !== "oneTime";
}
