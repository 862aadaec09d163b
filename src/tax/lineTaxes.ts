/**
 * The exact (unrounded) taxes of one line: which rules apply, which are waived, the net and each
 * tax to the last fraction of a cent. Rounding happens afterwards, in `rounding.ts`.
 *
 * @internal
 * @module
 */
import type { CalendarDate } from "../calendar/index.js";
import { addExact, exact, multiply, round, type ExactMoney, type Money, type Ratio, type RoundingMode } from "../money/index.js";
import { exemptionReason, findExemption } from "./exemptions.js";
import { netOfInclusivePrice } from "./inclusive.js";
import type { JurisdictionMatcher } from "./jurisdiction.js";
import type { TaxableLine, TaxCategory, TaxExemption, TaxRule, WaivedTax } from "./types.js";

/** A validated rule, ready to match lines. @internal */
export interface CompiledRule {
  readonly rule: TaxRule;
  readonly compound: boolean;
  /** Position of the level in TAX_LEVELS. */
  readonly rank: number;
  readonly rates: ReadonlyMap<TaxCategory, Ratio>;
  /** Per category: the rate and the start of the sentence explaining a tax at it. */
  readonly terms: ReadonlyMap<TaxCategory, RateTerm>;
  readonly matcher: JurisdictionMatcher;
  readonly effectiveFrom: CalendarDate;
  readonly effectiveTo: CalendarDate | undefined;
}

/** A rule's rate for one category, with the opening of its explanations written once. @internal */
export interface RateTerm {
  readonly rate: Ratio;
  /** E.g. `"Texas state sales tax (rule tx-state, US-TX) 6.25 % of "`. */
  readonly prefix: string;
}

/** One tax of one line, exact. @internal */
export interface ExactTax {
  readonly rule: TaxRule;
  readonly rate: Ratio;
  readonly compound: boolean;
  /** The amount taxed: the net, or for a compound tax the net plus the simple taxes. */
  readonly base: ExactMoney;
  readonly unrounded: ExactMoney;
}

/** One line's taxes, exact. @internal */
export interface ExactLine {
  readonly lineId: string;
  /** For tax-inclusive pricing, the listed price (the total the line must keep). */
  readonly listed: Money | undefined;
  /** The line's amount as given (exclusive) or its exact net (inclusive). */
  readonly net: ExactMoney;
  readonly taxes: readonly ExactTax[];
  readonly waived: readonly WaivedTax[];
}

/**
 * Computes a line's exact taxes from the rules that apply to it, already in order (simple taxes
 * by level then id, then compound taxes by level then id).
 *
 * Simple taxes are charged on the net; compound taxes on the net plus every simple tax actually
 * charged, exactly, before any rounding (a waived simple tax adds nothing to the compound base).
 * For a tax-inclusive price the net is price ÷ ((1 + simple rates) × (1 + compound rates)); an
 * exact inclusive price is first rounded with `mode`, since the listed price is money.
 *
 * @internal
 */
export function exactLineTaxes(
  line: TaxableLine,
  rules: readonly CompiledRule[],
  exemptions: readonly TaxExemption[],
  inclusive: boolean,
  mode: RoundingMode,
): ExactLine {
  const charged: { readonly rule: CompiledRule; readonly rate: Ratio }[] = [];
  const waived: WaivedTax[] = [];
  for (const rule of rules) {
    const rate = rule.rates.get(line.category);
    if (rate === undefined) continue;
    const exemption = findExemption(exemptions, line.category, rule.rule.jurisdiction.id, line.taxDate);
    if (exemption === undefined) charged.push({ rule, rate });
    else {
      waived.push({
        ruleId: rule.rule.id,
        jurisdictionId: rule.rule.jurisdiction.id,
        taxName: rule.rule.taxName,
        reason: exemptionReason(exemption),
      });
    }
  }
  const simple = charged.filter((tax) => !tax.rule.compound);
  const compound = charged.filter((tax) => tax.rule.compound);
  const listed = inclusive ? round(line.amount, mode) : undefined;
  const net =
    listed === undefined
      ? exact(line.amount)
      : netOfInclusivePrice(
          listed,
          simple.map((tax) => tax.rate),
          compound.map((tax) => tax.rate),
        );
  const taxes: ExactTax[] = simple.map(({ rule, rate }) => ({
    rule: rule.rule,
    rate,
    compound: false,
    base: net,
    unrounded: multiply(net, rate),
  }));
  if (compound.length > 0) {
    const compoundBase = addExact(net, ...taxes.map((tax) => tax.unrounded));
    for (const { rule, rate } of compound) {
      taxes.push({ rule: rule.rule, rate, compound: true, base: compoundBase, unrounded: multiply(compoundBase, rate) });
    }
  }
  return { lineId: line.lineId, listed, net, taxes, waived };
}
