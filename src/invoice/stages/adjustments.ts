import type { BillingPeriod } from "../../calendar/index.js";
import type { Contract } from "../../contract/index.js";
import { addExact, exact, exactToDecimalString, fromMinorUnits, multiply, ratio, ratioToString, round, toDecimalString, type Money, type RoundingMode } from "../../money/index.js";
import type { LineTax } from "../../tax/index.js";
import type { CreditNote } from "../creditNote.js";
import { contractPeriods } from "../periods.js";
import type { Invoice } from "../types.js";
import { recurringCharges } from "./charges.js";
import { idPart, maxDate, NO_TEXT, type Charge } from "./types.js";

/**
 * Credit lines for advance-billed time that is no longer due: for each recurring line of an
 * issued invoice, recompute what its service period costs under the contract as it is now (a line
 * removed mid-period, a quantity lowered); what was billed beyond that, net of the discounts it
 * had, comes back once — minus any credit already given for it on a later issued invoice.
 * @internal
 */
export function unusedTimeCredits(contract: Contract, period: BillingPeriod, issued: readonly Invoice[], notes: readonly CreditNote[], mode: RoundingMode): Charge[] {
  if (issued.length === 0) return [];
  const currency = contract.billing.currency;
  const inclusive = contract.billing.taxInclusive;
  type Given = { net: number; taxes: Map<string, number> };
  const keyOf = (invoiceNumber: string, lineId: string): string => JSON.stringify([invoiceNumber, lineId]);
  const record = (into: Map<string, Given>, key: string, net: Money, taxes: readonly { readonly ruleId: string; readonly amount: Money }[]): void => {
    const seen = into.get(key) ?? { net: 0, taxes: new Map<string, number>() };
    seen.net -= net.minor;
    for (const tax of taxes) seen.taxes.set(tax.ruleId, (seen.taxes.get(tax.ruleId) ?? 0) - tax.amount.minor);
    into.set(key, seen);
  };
  // What later invoices already gave back, per corrected line: net and each tax, in minor units.
  const given = new Map<string, Given>();
  for (const invoice of issued) {
    // A voided invoice gave nothing back: its credit lines are owed again.
    if (invoice.contractId !== contract.id || invoice.status === "void") continue;
    for (const line of invoice.lines) {
      if (line.corrects !== undefined) record(given, keyOf(line.corrects.invoiceNumber, line.corrects.invoiceLineId), line.net, line.taxes);
    }
  }
  // What credit notes gave back on each invoice line.
  const noted = new Map<string, Given>();
  for (const note of notes) {
    if (note.contractId !== contract.id) continue;
    for (const line of note.lines) record(noted, keyOf(note.invoiceNumber, line.invoiceLineId), line.net, line.taxes);
  }
  const credits: Charge[] = [];
  for (const invoice of issued) {
    if (invoice.contractId !== contract.id || invoice.status === "void" || invoice.period.start >= period.start) continue;
    for (const billed of invoice.lines) {
      const span = billed.servicePeriod;
      if (billed.kind !== "recurring" || span === undefined || billed.net.minor <= 0) continue;
      const site = contract.sites.find((s) => s.id === billed.siteId);
      const line = site?.lines.find((l) => l.id === billed.lineId);
      if (site === undefined || line === undefined || line.kind === "oneTime") continue;
      // Compare like with like: the price before discounts as the contract computes it now (the
      // listed, tax-inclusive price when prices include tax) against what was billed for it.
      const billedPrice = inclusive ? billed.total.minor + billed.discountTotal.minor : billed.amount.minor;
      const billedPeriod = contractPeriods(contract, { from: span.start, count: 1 })[0];
      const now =
        billedPeriod === undefined
          ? 0
          : recurringCharges(contract, site, line, billedPeriod, mode)
              .filter((c) => c.servicePeriod !== undefined && c.servicePeriod.start >= span.start && c.servicePeriod.start < span.end)
              .reduce((total, c) => total + c.amount.minor, 0);
      if (now >= billedPrice || billedPrice <= 0) continue;
      // Give back the unused share of what was charged: the net after discounts and each tax as
      // billed (not at today's rates), cumulatively, so repeated corrections never overshoot.
      const unused = ratio(billedPrice - now, billedPrice);
      const whole = now <= 0;
      const back = (amount: Money): number => (whole ? amount.minor : round(multiply(amount, unused), mode).minor);
      const key = keyOf(invoice.number, billed.id);
      const before = given.get(key);
      const note = noted.get(key);
      // Never beyond what was billed, less what was given back already in any way.
      const wanted = back(billed.net) - (before?.net ?? 0);
      const net = Math.max(0, Math.min(wanted, billed.net.minor - (before?.net ?? 0) - (note?.net ?? 0)));
      const capped = net < wanted;
      const taxes: LineTax[] = billed.taxes.map((tax) => {
        const already = before?.taxes.get(tax.ruleId) ?? 0;
        const minor = Math.max(0, Math.min(back(tax.amount) - already, tax.amount.minor - already - (note?.taxes.get(tax.ruleId) ?? 0)));
        const amount = fromMinorUnits(-minor, currency);
        return {
          ...tax,
          base: exact(fromMinorUnits(-net, currency)),
          // Negative like the amount: what this credit gives back before rounding.
          unrounded: multiply(addExact(multiply(tax.amount, unused), fromMinorUnits(-already, currency)), -1),
          amount,
          explanation: `reverses ${whole ? "all" : ratioToString(unused)} of the ${tax.taxName} charged on ${invoice.number} (${toDecimalString(tax.amount)}): ${toDecimalString(amount)}`,
        };
      });
      if (net <= 0 && taxes.every((t) => t.amount.minor === 0)) continue;
      const from = line.end !== undefined && line.end < span.end ? maxDate(line.end, span.start) : span.start;
      credits.push({
        id: `${idPart(site.id)}/${idPart(line.id)}/credit/${idPart(invoice.number)}/${idPart(billed.id)}`,
        line,
        site,
        kind: "credit",
        description: `Credit: ${billed.description} — unused ${from} to ${span.end} (billed on ${invoice.number})`,
        servicePeriod: { start: from, end: span.end },
        date: undefined,
        quantity: line.quantity,
        unitPrice: undefined,
        amount: fromMinorUnits(-net, currency),
        corrects: { invoiceNumber: invoice.number, invoiceLineId: billed.id },
        reversal: { taxes },
        explanation: {
          price: `${toDecimalString(fromMinorUnits(billedPrice, currency))} billed, ${toDecimalString(fromMinorUnits(now, currency))} due under the contract now`,
          priceSource: `invoice ${invoice.number}, line ${billed.id}`,
          cycleMonths: 1,
          fraction: whole ? "1" : ratioToString(unused),
          proration: `unused share ${whole ? "1" : ratioToString(unused)} of the net ${toDecimalString(billed.net)} charged${capped ? `, capped at what is left after credits already given (${toDecimalString(fromMinorUnits(net, currency))})` : ""}`,
          escalator: undefined,
          seasonal: undefined,
          discounts: NO_TEXT,
          taxes: NO_TEXT,
          rounding: mode,
          // What is given back before rounding (the unused share less what was given before), negative like the amount.
          unrounded: exactToDecimalString(multiply(addExact(multiply(billed.net, unused), fromMinorUnits(-(before?.net ?? 0), currency)), -1), 6),
          rounded: toDecimalString(fromMinorUnits(-net, currency)),
        },
      });
    }
  }
  return credits;
}

