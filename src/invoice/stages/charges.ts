import { cycleMonths, type BillingPeriod, type CalendarDate } from "../../calendar/index.js";
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
import { hasDatedPrices, priceChangeDates, priceOn } from "../linePrice.js";
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
 * where their price changes and prorated, one-time charges on the period containing their date.
 * @internal
 */
export function periodCharges(ctx: InvoiceContext): Charge[] {
  const { contract, period } = ctx;
  const charges: Charge[] = [];
  for (const site of contract.sites) {
    for (const line of site.lines) {
      if (line.kind === "oneTime") {
        // Billed in the period containing its date; one dated before the first billed period (in
        // a stub the `nextAnchor` policy leaves unbilled) goes on the first invoice.
        if (line.date < period.end && (line.date >= period.start || period.index === 0)) charges.push(oneTimeCharge(line, site, ctx.currency, ctx.rounding.line));
      } else {
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

/**
 * The charges of a recurring line in a period: one per span between price changes, seasons and
 * anniversaries, each prorated. Appends them to `charges` (a new list by default) and returns it.
 * @internal
 */
export function recurringCharges(contract: Contract, site: Site, line: RecurringLine, period: BillingPeriod, mode: RoundingMode, charges: Charge[] = []): Charge[] {
  const currency = contract.billing.currency;
  const start = maxDate(period.start, line.start ?? contract.term.start);
  const end = line.end !== undefined && line.end < period.end ? line.end : period.end;
  if (start >= end) return charges;
  const escalator = line.escalate ? contract.term.escalator : undefined;
  // The days inside the span where the price may change; usually none, so skip the set and sort.
  let bounds: CalendarDate[];
  if (escalator === undefined && !hasDatedPrices(contract, site, line)) {
    bounds = [start, end];
  } else {
    const cuts = new Set<CalendarDate>([
      ...priceChangeDates(contract, site, line, start, end),
      ...(line.seasonal === undefined ? [] : seasonBoundaries(line.seasonal, start, end)),
      ...(escalator === undefined ? [] : anniversariesBetween(contract.term.start, start, end)),
    ]);
    bounds = [start, ...[...cuts].sort(), end];
  }
  const months = priceUnitsPerCycle(contract);
  const basis = prorationBasis(period, contract.billing.stub, contract.billing.dayCount, contract.billing.anchorDay ?? Number(contract.term.start.slice(8, 10)));
  const noun = line.description ?? LINE_NOUN[line.kind](line);

  for (let i = 0; i + 1 < bounds.length; i++) {
    const a = bounds[i] as CalendarDate;
    const b = bounds[i + 1] as CalendarDate;
    const resolved = priceOn(contract, site, line, a);
    const quote = priceOf(resolved.model, line.quantity, currency);
    // A price change, or a line added after the start, is a new agreed price: only anniversaries
    // after it took effect raise it.
    const agreed = resolved.effective ?? (line.start !== undefined && line.start > contract.term.start ? line.start : undefined);
    const steps =
      escalator === undefined ? 0 : anniversariesPassed(contract.term.start, a) - (agreed === undefined ? 0 : anniversariesPassed(contract.term.start, agreed));
    // A fixed escalator adds per unit; a flat price is one unit, whatever the quantity.
    const units = resolved.model.model === "flat" ? 1 : line.quantity;
    const escalated = escalator === undefined || steps === 0 ? undefined : escalate(quote.amount, units, escalator, steps);
    const perCycle = months === 1 ? (escalated?.amount ?? quote.amount) : multiply(escalated?.amount ?? quote.amount, months);
    const proration = prorate(a, b, basis);
    const exactTotal: ExactMoney = proration.whole ? perCycle : multiply(perCycle, proration.fraction);
    let unitPrice: string | undefined;
    if (resolved.model.model === "perUnit") {
      if (months === 1 && escalated === undefined) unitPrice = resolved.model.unitPrice;
      else {
        const base = exactAmount(resolved.model.unitPrice, currency);
        // A percent escalator scales the unit price; a fixed one adds to each unit.
        const unit =
          escalated === undefined
            ? base
            : escalated.factor !== undefined
              ? multiply(base, escalated.factor)
              : line.quantity > 0
                ? divide(escalated.amount, line.quantity)
                : base;
        unitPrice = exactToString(multiply(unit, months));
      }
    }
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
      quantity: line.quantity,
      unitPrice,
      amount,
      explanation: {
        price: quote.rule,
        priceSource: resolved.source,
        cycleMonths: months,
        fraction: proration.fractionText,
        proration: proration.text,
        escalator: escalated?.description,
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
