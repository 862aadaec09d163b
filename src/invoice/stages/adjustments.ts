import { addMonthsFromAnchor, daysBetween, type BillingPeriod, type CalendarDate } from "../../calendar/index.js";
import type { Contract, RecurringLine, Site } from "../../contract/index.js";
import { allocate, exact, fromMinorUnits, multiply, ratio, ratioToString, round, toDecimalString, type Money, type RoundingMode } from "../../money/index.js";
import type { LineTax } from "../../tax/index.js";
import { isRecurring, lineNoun, quantityOn, recurringCharges } from "./charges.js";
import { billedKey, periodKey, type BilledEntry, type BilledPeriod, type Ledger } from "./ledger.js";
import { idPart, NO_TEXT, type Charge } from "./types.js";

/**
 * The first day a termination gives back of a billed period, by the contract's credit policy:
 * the termination date (`"prorate"`), the first whole month after it counted from the cycle's
 * start (`"wholeMonths"`), or the period's end (`"none"`: nothing back). Undefined when the
 * contract is not terminated or the period ends before it does. @internal
 */
export function creditFrom(contract: Contract, period: { readonly start: CalendarDate; readonly end: CalendarDate; readonly fullStart: CalendarDate }): CalendarDate | undefined {
  const termination = contract.termination;
  if (termination === undefined || termination.date >= period.end) return undefined;
  const date = termination.date < period.start ? period.start : termination.date;
  switch (contract.term.earlyTermination.credit) {
    case "prorate":
      return date;
    case "none":
      return period.end;
    case "wholeMonths": {
      // Count from the cycle's start, each boundary from the anchor (chained month steps drift).
      for (let k = 0; ; k++) {
        const boundary = addMonthsFromAnchor(period.fullStart, k);
        if (boundary >= date) return boundary < period.end ? boundary : period.end;
      }
    }
  }
}

/** Which billed periods to correct, and how. @internal */
export interface DiffScope {
  /** The sites whose periods are corrected. */
  readonly sites: readonly Site[];
  /** Only periods starting before this day (the next invoice's period); default all. */
  readonly before?: CalendarDate;
  /** Line rounding mode. */
  readonly mode: RoundingMode;
}

/**
 * The adjustments stage (Kill Bill's model): for each contract line and each period already
 * invoiced, what the contract says those days cost now, less what the issued invoices, their
 * adjustments and credits actually billed for them. More becomes an `"adjustment"` charge for the
 * difference; less becomes `"credit"` lines that give back, from the lines that billed it, the
 * same share of their net and of each tax as billed — cumulatively, so any number of changes in
 * one period never credits more than was charged, nor charges the same days twice.
 *
 * Under `midPeriodChanges: "none"` invoiced periods stay as billed, except for the days after a
 * termination, which the credit policy gives back as billed.
 * @internal
 */
export function periodDiffs(contract: Contract, ledger: Ledger, scope: DiffScope): Charge[] {
  const out: Charge[] = [];
  const currency = contract.billing.currency;
  const asBilled = contract.billing.midPeriodChanges === "none";
  for (const [periodStart, period] of ledger.billedPeriods) {
    if (scope.before !== undefined && periodStart >= scope.before) continue;
    const until = creditFrom(contract, period);
    for (const site of scope.sites) {
      if (!ledger.invoicedPeriods.has(periodKey(site.id, periodStart))) continue;
      // The lines of the contract now, and any line billed then but since deleted from it.
      const lineIds = new Set<string>();
      const targets: { line: RecurringLine | undefined; billed: BilledPeriod | undefined; id: string }[] = [];
      for (const line of site.lines) {
        if (!isRecurring(line)) continue;
        lineIds.add(line.id);
        targets.push({ line, billed: ledger.periods.get(billedKey(site.id, line.id, periodStart)), id: line.id });
      }
      for (const billed of ledger.periods.values()) {
        if (billed.siteId === site.id && billed.periodStart === periodStart && !lineIds.has(billed.lineId)) targets.push({ line: undefined, billed, id: billed.lineId });
      }
      for (const { line, billed } of targets) {
        const billedPrice = billed?.price ?? 0;
        let due: number;
        let segments: Charge[] = [];
        if (asBilled || line === undefined) {
          // As billed (or a deleted line: nothing due for it now under a correcting policy).
          due = asBilled ? keptPrice(billed, until, scope.mode, currency) : 0;
        } else {
          // Whole unused months are worth the same each: count the kept months 30/360, so a year
          // billed at 480.00 and ended in March gives back exactly 9 × 40.00.
          const counted = until !== undefined && contract.term.earlyTermination.credit === "wholeMonths" ? thirty360(contract) : contract;
          segments = recurringCharges(counted, site, line, period, scope.mode, [], until);
          due = segments.reduce((total, c) => total + c.amount.minor, 0);
        }
        const difference = due - billedPrice;
        if (difference === 0) continue;
        const from = changedFrom(line, segments, billed, until, period);
        if (difference > 0 && line !== undefined) {
          out.push(adjustmentCharge(contract, site, line, period, from, until ?? period.end, due, billedPrice, difference, billed, scope.mode));
        } else if (difference < 0 && billed !== undefined) {
          const dueOf = (entry: BilledEntry): number => (asBilled ? keptOf(entry, until, scope.mode, currency) : dueOver(entry, segments));
          out.push(...creditCharges(contract, site, line, period, from, until, due, billed, -difference, scope.mode, dueOf));
        }
      }
    }
  }
  return out;
}

/** The contract with its days counted 30/360. */
function thirty360(contract: Contract): Contract {
  return contract.billing.dayCount === "30/360" ? contract : { ...contract, billing: { ...contract.billing, dayCount: "30/360" } };
}

/** The days `[start, end)` an issued line covers: its service period, or the period it adjusts. */
function spanOf(entry: BilledEntry): { start: CalendarDate; end: CalendarDate } | undefined {
  const line = entry.line;
  if (line.servicePeriod !== undefined) return line.servicePeriod;
  return line.adjusts === undefined ? undefined : { start: line.adjusts.periodStart, end: line.adjusts.periodEnd };
}

/** Under `"none"`: what one billed line keeps of its price once the days from `until` on are given back. */
function keptOf(entry: BilledEntry, until: CalendarDate | undefined, mode: RoundingMode, currency: string): number {
  const left = entry.price - entry.creditedPrice;
  const span = spanOf(entry);
  if (until === undefined || span === undefined || until >= span.end) return left;
  if (until <= span.start) return 0;
  return round(multiply(fromMinorUnits(left, currency), ratio(daysBetween(span.start, until), daysBetween(span.start, span.end))), mode).minor;
}

/** Under `"none"`: what the billed lines keep of their price once the days from `until` on are given back. */
function keptPrice(billed: BilledPeriod | undefined, until: CalendarDate | undefined, mode: RoundingMode, currency: string): number {
  if (billed === undefined) return 0;
  let kept = 0;
  for (const entry of billed.entries) kept += keptOf(entry, until, mode, currency);
  return kept;
}

/** About what the contract now says the days of one billed line cost: the due segments over its days, in proportion. */
function dueOver(entry: BilledEntry, segments: readonly Charge[]): number {
  const span = spanOf(entry);
  if (span === undefined) return 0;
  let due = 0;
  for (const segment of segments) {
    const s = segment.servicePeriod;
    if (s === undefined) continue;
    const from = s.start > span.start ? s.start : span.start;
    const to = s.end < span.end ? s.end : span.end;
    if (from < to) due += (segment.amount.minor * daysBetween(from, to)) / daysBetween(s.start, s.end);
  }
  return due;
}

/**
 * The first day the contract's charges now differ from what was billed, for the description:
 * the earliest change inside the period (the line's start or end, a price or quantity change, a
 * termination) that the issued lines do not already start a segment on; else the first due
 * segment no issued line matches; else the period's start.
 */
function changedFrom(line: RecurringLine | undefined, segments: readonly Charge[], billed: BilledPeriod | undefined, until: CalendarDate | undefined, period: BillingPeriod): CalendarDate {
  const matches = (c: Charge): boolean =>
    billed?.entries.some(
      (e) => e.line.kind === "recurring" && e.line.servicePeriod?.start === c.servicePeriod?.start && e.line.servicePeriod?.end === c.servicePeriod?.end && e.price === c.amount.minor,
    ) ?? false;
  const billedStarts = new Set(billed?.entries.map((e) => spanOf(e)?.start) ?? []);
  const events = [
    line?.start,
    line?.end,
    ...(line?.priceChanges ?? []).map((c) => c.effective),
    ...(line?.quantityChanges ?? []).map((c) => c.effective),
    until,
  ].filter((d): d is CalendarDate => d !== undefined && d > period.start && d < period.end && (d === until || d === line?.end || !billedStarts.has(d)));
  if (events.length > 0) return events.sort()[0] as CalendarDate;
  return segments.find((c) => !matches(c))?.servicePeriod?.start ?? period.start;
}

function invoicesOf(billed: BilledPeriod | undefined): string {
  const numbers = [...new Set(billed?.entries.map((e) => e.invoice.number) ?? [])];
  return numbers.length === 0 ? "nothing billed yet" : `billed on ${numbers.join(", ")}`;
}

function adjustmentCharge(
  contract: Contract,
  site: Site,
  line: RecurringLine,
  period: BillingPeriod,
  from: CalendarDate,
  to: CalendarDate,
  due: number,
  billedPrice: number,
  difference: number,
  billed: BilledPeriod | undefined,
  mode: RoundingMode,
): Charge {
  const currency = contract.billing.currency;
  const amount = fromMinorUnits(difference, currency);
  const show = (minor: number): string => toDecimalString(fromMinorUnits(minor, currency));
  const end = from < to ? to : period.end;
  return {
    id: `${idPart(site.id)}/${idPart(line.id)}/adjustment/${period.start}`,
    line,
    site,
    kind: "adjustment",
    description: `Adjustment: ${lineNoun(line)} — ${from} to ${end} (period ${period.start} to ${period.end}, ${invoicesOf(billed)})`,
    servicePeriod: { start: from, end },
    date: undefined,
    quantity: quantityOn(line, from),
    unitPrice: undefined,
    amount,
    adjusts: { period, price: amount },
    explanation: {
      price: `${show(due)} due for ${period.start} to ${period.end} under the contract now − ${show(billedPrice)} ${invoicesOf(billed)}`,
      priceSource: `difference for a period already invoiced (${contract.billing.midPeriodChanges})`,
      cycleMonths: 1,
      fraction: "1",
      proration: `the days from ${from} priced as the contract now says, against what was issued for them`,
      escalator: undefined,
      seasonal: undefined,
      discounts: NO_TEXT,
      taxes: NO_TEXT,
      rounding: mode,
      unrounded: show(difference),
      rounded: show(difference),
    },
  };
}

/**
 * Credit lines for `give` (minor units, price level) of a billed period, spread over the lines
 * that billed it in proportion to what each has left, each giving back the same share of its net
 * and taxes as billed.
 */
function creditCharges(
  contract: Contract,
  site: Site,
  line: RecurringLine | undefined,
  period: BillingPeriod,
  from: CalendarDate,
  until: CalendarDate | undefined,
  due: number,
  billed: BilledPeriod,
  give: number,
  mode: RoundingMode,
  dueOf: (entry: BilledEntry) => number,
): Charge[] {
  const currency = contract.billing.currency;
  const show = (minor: number): string => toDecimalString(fromMinorUnits(minor, currency));
  const open = billed.entries.filter((e) => e.price - e.creditedPrice > 0);
  if (open.length === 0) return [];
  const room = open.reduce((total, e) => total + e.price - e.creditedPrice, 0);
  // Each line gives back in proportion to what it billed beyond what its own days cost now (the
  // segment of a month split by a price change that is no longer due gives back the most); when
  // no line stands out, in proportion to what each has left.
  const left = open.map((e) => e.price - e.creditedPrice);
  const excess = open.map((e, k) => Math.max(0, Math.round((left[k] as number) - dueOf(e))));
  const weights = excess.some((x) => x > 0) ? excess : left;
  const shares = spread(Math.min(give, room), weights, left, currency);
  const out: Charge[] = [];
  const why =
    until !== undefined && contract.termination !== undefined
      ? `contract terminated ${contract.termination.date} (${contract.termination.reason}), days from ${from} given back (${contract.term.earlyTermination.credit})`
      : `${show(due)} due for ${period.start} to ${period.end} under the contract now, ${show(billed.price)} billed`;
  open.forEach((entry, k) => {
    const price = shares[k] as number;
    if (price <= 0) return;
    const credit = reverse(entry, price, mode, currency);
    if (credit === undefined) return;
    const invoiceLine = entry.line;
    const priced = fromMinorUnits(-price, currency);
    const span = spanOf(entry) ?? { start: period.start, end: period.end };
    const start = from > span.start && from < span.end ? from : span.start;
    out.push({
      id: `${idPart(site.id)}/${idPart(billed.lineId)}/credit/${idPart(entry.invoice.number)}/${idPart(invoiceLine.id)}`,
      line: line ?? deletedLine(billed.lineId, invoiceLine.category, invoiceLine.description),
      site,
      kind: "credit",
      description: `Credit: ${invoiceLine.description} — ${start} to ${span.end} (billed on ${entry.invoice.number})`,
      servicePeriod: { start, end: span.end },
      date: undefined,
      quantity: invoiceLine.quantity,
      unitPrice: undefined,
      amount: fromMinorUnits(-credit.net, currency),
      corrects: { invoiceNumber: entry.invoice.number, invoiceLineId: invoiceLine.id },
      reversal: { taxes: credit.taxes },
      adjusts: { period, price: priced },
      explanation: {
        price: why,
        priceSource: `invoice ${entry.invoice.number}, line ${invoiceLine.id}`,
        cycleMonths: 1,
        fraction: credit.shareText,
        proration: `gives back ${show(price)} of the ${show(entry.price)} billed at price level: cumulative share ${credit.shareText} of the net ${toDecimalString(invoiceLine.net)} and of each tax as billed${credit.capped ? ", capped at what is left after credits already given" : ""}`,
        escalator: undefined,
        seasonal: undefined,
        discounts: NO_TEXT,
        taxes: NO_TEXT,
        rounding: mode,
        unrounded: show(-credit.net),
        rounded: show(-credit.net),
      },
    });
    // Later periods' credits in this same run see this one.
    entry.creditedPrice += price;
    entry.autoNet += credit.net;
    entry.creditedNet += credit.net;
    for (const tax of credit.taxes) {
      entry.autoTaxes.set(tax.ruleId, (entry.autoTaxes.get(tax.ruleId) ?? 0) - tax.amount.minor);
      entry.creditedTaxes.set(tax.ruleId, (entry.creditedTaxes.get(tax.ruleId) ?? 0) - tax.amount.minor);
    }
    billed.price -= price;
  });
  return out;
}

/**
 * Splits `total` by `weights` (largest remainder, every cent kept), never giving a line more than
 * it has `left`: what a line cannot take goes to the others, in proportion to what they have left.
 */
function spread(total: number, weights: readonly number[], left: readonly number[], currency: string): number[] {
  const shares = allocate(fromMinorUnits(total, currency), weights).map((m) => m.minor);
  for (;;) {
    let over = 0;
    shares.forEach((share, k) => {
      const room = left[k] as number;
      if (share > room) {
        over += share - room;
        shares[k] = room;
      }
    });
    if (over === 0) return shares;
    const rooms = shares.map((share, k) => (left[k] as number) - share);
    if (rooms.every((r) => r <= 0)) return shares;
    allocate(fromMinorUnits(over, currency), rooms).forEach((extra, k) => {
      shares[k] = (shares[k] as number) + extra.minor;
    });
  }
}

/**
 * What crediting `price` more of an entry's price level gives back: the cumulative share of its
 * net and of each tax, less what automatic credits gave before, never beyond what any credit
 * (a goodwill credit note included) has left of it.
 */
function reverse(entry: BilledEntry, price: number, mode: RoundingMode, currency: string): { net: number; taxes: LineTax[]; shareText: string; capped: boolean } | undefined {
  const after = entry.creditedPrice + price;
  const full = after >= entry.price;
  const share = full ? ratio(1) : ratio(after, entry.price);
  const shareText = full ? "1" : ratioToString(share);
  const back = (amount: Money): number => (full ? amount.minor : round(multiply(amount, share), mode).minor);
  const line = entry.line;
  const wanted = back(line.net) - entry.autoNet;
  const net = Math.max(0, Math.min(wanted, line.net.minor - entry.creditedNet));
  let capped = net < wanted;
  const taxes: LineTax[] = line.taxes.map((tax) => {
    const want = back(tax.amount) - (entry.autoTaxes.get(tax.ruleId) ?? 0);
    const minor = Math.max(0, Math.min(want, tax.amount.minor - (entry.creditedTaxes.get(tax.ruleId) ?? 0)));
    if (minor < want) capped = true;
    const amount = fromMinorUnits(-minor, currency);
    return {
      ...tax,
      base: exact(fromMinorUnits(-net, currency)),
      unrounded: exact(amount),
      amount,
      explanation: `reverses ${shareText === "1" ? "all" : shareText} of the ${tax.taxName} charged on ${entry.invoice.number} (${toDecimalString(tax.amount)}): ${toDecimalString(amount)}`,
    };
  });
  if (net <= 0 && taxes.every((t) => t.amount.minor === 0)) return undefined;
  return { net, taxes, shareText, capped };
}

/** A stand-in for a line billed once and since deleted from the contract, so its credit has a category. */
function deletedLine(id: string, category: string, description: string): RecurringLine {
  return { kind: "addon", id, name: description, description, taxCategory: category, quantity: 1, rate: "0", escalate: false } as unknown as RecurringLine;
}
