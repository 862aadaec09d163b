import { cycleMonths, type CalendarDate } from "../../calendar/index.js";
import type { Contract, OneTimeLine, RecurringLine, Site } from "../../contract/index.js";
import { addExact, divide, exactToDecimalString, fromMinorUnits, multiply, percentToRatio, round, toDecimalString, zero, type ExactMoney, type Money, type RoundingMode } from "../../money/index.js";
import { exactAmount } from "../../pricing/index.js";
import { contractPeriods } from "../periods.js";
import { isRecurring, recurringCharges, segmentPrice } from "./charges.js";
import { idPart, type Charge } from "./types.js";

/** What a termination did about the early-termination fee. */
export type TerminationFeeOutcome =
  | {
      /** The fee is on the final invoice. */
      readonly status: "charged";
      /** The fee, before tax. */
      readonly amount: Money;
      /** How it was worked out, e.g. `"3 months × 42.00 monthly recurring charges = 126.00"`. */
      readonly explanation: string;
    }
  | {
      /** No fee: the reason the contract ended is one the terms waive it for. */
      readonly status: "waived";
      /** The termination reason. */
      readonly reason: string;
      /** Why, in words. */
      readonly explanation: string;
    }
  | {
      /** An earlier final invoice already billed it. */
      readonly status: "alreadyBilled";
    };

/** The early-termination fee's line id on the final invoice. */
export const TERMINATION_FEE_LINE_ID = "early-termination-fee";

/**
 * The early-termination fee of a terminated contract, by its terms: a fixed amount, N months of
 * the recurring charges in force on the termination date, or a percentage of the remaining
 * contract value (what the recurring lines would have billed from the termination date to the
 * term's end, before discounts and tax) — capped at `capAmount`, waived for the reasons listed.
 * Undefined when there is no fee: no termination, none agreed, an open-ended term, or a
 * termination on or after the term's end. @internal
 */
export function terminationFee(contract: Contract, mode: RoundingMode): { charge: Charge | undefined; outcome: TerminationFeeOutcome } | undefined {
  const termination = contract.termination;
  const terms = contract.term.earlyTermination;
  const end = contract.term.end;
  if (termination === undefined || terms.fee === undefined || end === undefined || termination.date >= end) return undefined;
  const date = termination.date;
  if (terms.waivedFor.includes(termination.reason)) {
    return { charge: undefined, outcome: { status: "waived", reason: termination.reason, explanation: `${terms.description} waived: the contract ended for a reason its terms waive it for ("${termination.reason}")` } };
  }
  const currency = contract.billing.currency;
  const fee = terms.fee;
  let exactFee: ExactMoney;
  let how: string;
  switch (fee.kind) {
    case "fixed":
      exactFee = exactAmount(fee.amount, currency);
      how = `fixed fee ${fee.amount}`;
      break;
    case "months": {
      const monthly = monthlyRecurring(contract, date);
      exactFee = multiply(monthly, fee.months);
      how = `${fee.months} month${fee.months === 1 ? "" : "s"} × ${exactToDecimalString(monthly, 2)} monthly recurring charges in force on ${date}`;
      break;
    }
    case "remainingValue": {
      const remaining = remainingValue(contract, date, mode);
      exactFee = multiply(remaining, percentToRatio(fee.percent));
      how = `${fee.percent} % of the remaining contract value ${toDecimalString(remaining)} (recurring charges from ${date} to the term's end ${end})`;
      break;
    }
  }
  let amount = round(exactFee, mode);
  if (terms.capAmount !== undefined) {
    const cap = round(exactAmount(terms.capAmount, currency), mode);
    if (cap.minor < amount.minor) {
      how += `, capped at ${terms.capAmount}`;
      amount = cap;
    }
  }
  const explanation = `${how} = ${toDecimalString(amount)}`;
  if (amount.minor <= 0) return { charge: undefined, outcome: { status: "charged", amount: zero(currency), explanation } };
  const site = contract.sites[0] as Site;
  const line: OneTimeLine = {
    kind: "oneTime",
    id: TERMINATION_FEE_LINE_ID,
    description: terms.description,
    amount: toDecimalString(amount),
    quantity: 1,
    date,
    taxCategory: terms.taxCategory,
  } as OneTimeLine;
  const charge: Charge = {
    id: `${idPart(site.id)}/${TERMINATION_FEE_LINE_ID}/${date}`,
    line,
    site,
    kind: "fee",
    description: `${terms.description} (contract ended ${date}: ${termination.reason})`,
    servicePeriod: undefined,
    date,
    quantity: 1,
    unitPrice: undefined,
    amount,
    taxDate: date,
    explanation: {
      price: how,
      priceSource: "early-termination terms of the contract",
      cycleMonths: 1,
      fraction: "1",
      proration: `charged once, on the termination date ${date}`,
      escalator: undefined,
      seasonal: undefined,
      discounts: [],
      taxes: [],
      rounding: mode,
      unrounded: exactToDecimalString(exactFee, 6),
      rounded: toDecimalString(amount),
    },
  };
  return { charge, outcome: { status: "charged", amount, explanation } };
}

/** The contract as it would run without its termination. */
function untilTermEnd(contract: Contract): Contract {
  const { termination: _ended, ...rest } = contract;
  return rest as Contract;
}

function activeOn(contract: Contract, line: RecurringLine, date: CalendarDate): boolean {
  return (line.start ?? contract.term.start) <= date && (line.end === undefined || date < line.end);
}

/** The recurring charges in force on a day, per month, exact (a quarterly price is a third). */
function monthlyRecurring(contract: Contract, date: CalendarDate): ExactMoney {
  const months = cycleMonths(contract.billing.cycle);
  const parts: ExactMoney[] = [];
  for (const site of contract.sites) {
    for (const line of site.lines) {
      if (isRecurring(line) && activeOn(contract, line, date)) parts.push(segmentPrice(contract, site, line, date).perCycle);
    }
  }
  const total = parts.length === 0 ? exactAmount("0", contract.billing.currency) : addExact(...parts);
  return months === 1 ? total : divide(total, months);
}

/** What the recurring lines would have billed from `date` to the term's end, each segment rounded as billed. */
function remainingValue(contract: Contract, date: CalendarDate, mode: RoundingMode): Money {
  const full = untilTermEnd(contract);
  let minor = 0;
  for (const period of contractPeriods(full, { from: date })) {
    const clipped = period.start < date ? { ...period, start: date } : period;
    for (const site of full.sites) {
      for (const line of site.lines) {
        if (!isRecurring(line)) continue;
        for (const charge of recurringCharges(full, site, line, clipped, mode)) minor += charge.amount.minor;
      }
    }
  }
  return fromMinorUnits(minor, contract.billing.currency);
}
