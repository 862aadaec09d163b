import { addMonthsFromAnchor, type CalendarDate } from "../calendar/index.js";
import {
  addExact,
  compareRatios,
  exactToRatio,
  multiply,
  percentToRatio,
  ratio,
  ratioToString,
  type ExactMoney,
  type Percent,
  type Ratio,
} from "../money/index.js";
import { exactAmount } from "./amount.js";

/**
 * A price increase on each contract anniversary: a percentage (compounding, 1.03ⁿ, or simple,
 * 1 + 0.03 n) or a fixed amount per unit, each with an optional cap on the total increase.
 * Percentages are {@link Percent} strings like every rate in rmr-billing: `"3"` is 3 %, never `"0.03"`.
 *
 * @example
 * ```ts
 * const yearly: EscalatorTerms = { kind: "percent", percent: "3", compounding: true, capPercent: "10" };
 * const fixed: EscalatorTerms = { kind: "fixed", amount: "1.00", capAmount: "3.00" };
 * ```
 */
export type EscalatorTerms =
  | {
      /** Percentage increase. */
      readonly kind: "percent";
      /** Percent per anniversary, a {@link Percent} (`"3"` = 3 %). */
      readonly percent: Percent;
      /** Compound (default) or simple. */
      readonly compounding: boolean;
      /** Most the price may rise in total, a {@link Percent} of the agreed price (`"10"` = at most +10 %). */
      readonly capPercent?: Percent | undefined;
    }
  | {
      /** Fixed increase. */
      readonly kind: "fixed";
      /** Added to the per-unit price at each anniversary, a decimal string. */
      readonly amount: string;
      /** Most the per-unit price may rise in total. */
      readonly capAmount?: string | undefined;
    };

/**
 * How many anniversaries of `termStart` have passed on `date` (the anniversary day itself counts).
 * Anniversaries are counted from the start, so a Feb 29 start has its anniversaries on Feb 28.
 *
 * @example
 * ```ts
 * anniversariesPassed("2026-03-10", "2027-03-09"); // 0
 * anniversariesPassed("2026-03-10", "2027-03-10"); // 1
 * ```
 */
export function anniversariesPassed(termStart: CalendarDate, date: CalendarDate): number {
  if (date < termStart) return 0;
  const years = Number(date.slice(0, 4)) - Number(termStart.slice(0, 4));
  let n = Math.max(0, years - 1);
  while (addMonthsFromAnchor(termStart, 12 * (n + 1)) <= date) n++;
  return n;
}

/**
 * The anniversaries of `termStart` strictly inside `(from, to)`: the days a price steps up within
 * a billing period.
 *
 * @example
 * ```ts
 * anniversariesBetween("2026-03-10", "2027-03-01", "2027-04-01"); // ["2027-03-10"]
 * ```
 */
export function anniversariesBetween(termStart: CalendarDate, from: CalendarDate, to: CalendarDate): CalendarDate[] {
  const out: CalendarDate[] = [];
  for (let k = anniversariesPassed(termStart, from) + 1; ; k++) {
    const date = addMonthsFromAnchor(termStart, 12 * k);
    if (date >= to) return out;
    if (date > from) out.push(date);
  }
}

/** A price after its escalator, and how. */
export interface EscalatedPrice {
  /** The exact amount after escalation. */
  readonly amount: ExactMoney;
  /** The exact factor applied (percent escalators), e.g. 1092727/1000000 for 3 % over three years. */
  readonly factor?: Ratio;
  /** What the escalator did, e.g. `"escalator 3 % compounding × 3 anniversaries = × 1.092727"`. */
  readonly description: string;
}

/**
 * Applies `steps` anniversaries of an escalator to a price, exactly. A percent escalator multiplies
 * the whole price (tiers included); a fixed one adds its amount × steps per unit.
 *
 * @throws {@link ValidationError} naming `percent` or `capPercent` when it is not a {@link Percent}
 *
 * @example
 * ```ts
 * escalate(exactAmount("39.99", "USD"), 1, { kind: "percent", percent: "3", compounding: true }, 3).description;
 * // "escalator 3 % compounding × 3 anniversaries = × 1.092727"
 * ```
 */
export function escalate(price: ExactMoney, quantity: number, escalator: EscalatorTerms, steps: number): EscalatedPrice {
  if (steps <= 0) return { amount: price, description: "no escalation yet" };
  switch (escalator.kind) {
    case "percent": {
      const step = percentToRatio(escalator.percent, ["percent"]);
      const sn = BigInt(step.numerator);
      const sd = BigInt(step.denominator);
      const n = BigInt(steps);
      let factor = escalator.compounding ? ratio((sd + sn) ** n, sd ** n) : ratio(sd + sn * n, sd);
      let capped = false;
      if (escalator.capPercent !== undefined) {
        const cap = percentToRatio(escalator.capPercent, ["capPercent"]);
        const capFactor = ratio(BigInt(cap.denominator) + BigInt(cap.numerator), cap.denominator);
        if (compareRatios(factor, capFactor) > 0) {
          factor = capFactor;
          capped = true;
        }
      }
      return {
        amount: multiply(price, factor),
        factor,
        description: `escalator ${escalator.percent} % ${escalator.compounding ? "compounding" : "simple"} × ${steps} anniversar${steps === 1 ? "y" : "ies"} = × ${ratioToString(factor)}${capped ? ` (capped at +${escalator.capPercent} %)` : ""}`,
      };
    }
    case "fixed": {
      let perUnit = multiply(exactAmount(escalator.amount, price.currency), steps);
      let capped = false;
      if (escalator.capAmount !== undefined) {
        const cap = exactAmount(escalator.capAmount, price.currency);
        if (compareRatios(exactToRatio(perUnit), exactToRatio(cap)) > 0) {
          perUnit = cap;
          capped = true;
        }
      }
      return {
        amount: addExact(price, multiply(perUnit, quantity)),
        description: `escalator +${escalator.amount} per unit × ${steps} anniversar${steps === 1 ? "y" : "ies"}${capped ? ` (capped at +${escalator.capAmount})` : ""}`,
      };
    }
  }
}
