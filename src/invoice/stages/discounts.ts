import type { BillingPeriod } from "../../calendar/index.js";
import type { Discount } from "../../contract/index.js";
import { allocate, fromMinorUnits, multiply, percentToRatio, ratio, round, subtract, sum, zero, type Money } from "../../money/index.js";
import { exactAmount } from "../../pricing/index.js";
import type { LineDiscount } from "../types.js";
import { priceUnitsPerCycle, type Charge, type InvoiceContext } from "./types.js";

/** Whether a discount is in force for a period. */
function discountActive(discount: Discount, period: BillingPeriod): boolean {
  const duration = discount.duration;
  switch (duration.kind) {
    case "forever":
      return true;
    case "cycles":
      return period.index < duration.count;
    case "until":
      return period.start < duration.date;
  }
}

function covers(discount: Discount, charge: Charge): boolean {
  const scope = discount.appliesTo;
  switch (scope.scope) {
    case "invoice":
      return true;
    case "line":
      return scope.lineIds.includes(charge.line.id);
    case "category":
      return scope.categories.includes(charge.line.taxCategory);
  }
}

/**
 * The discounts stage: the contract's discounts in force for the period, in stacking order —
 * `"compound"`, each percentage on what the ones before it left, or `"additive"`, each on the
 * line's price — never below zero and within the stacking caps (a percent of each line's price,
 * an amount over the invoice); fixed amounts are spread over the lines they cover in proportion,
 * without losing a cent. Returns each charge's discounts, by index.
 * @internal
 */
export function applyDiscounts(ctx: InvoiceContext, charges: readonly Charge[]): LineDiscount[][] {
  const { contract, period, currency } = ctx;
  const taken: LineDiscount[][] = charges.map(() => []);
  if (contract.discounts.length === 0) return taken;
  const mode = ctx.rounding.discount;
  const stacking = contract.discountStacking;
  const additive = stacking.mode === "additive";
  const left: Money[] = charges.map((c) => c.amount);
  const ordered = contract.discounts
    .map((discount, index) => ({ discount, index }))
    .sort((x, y) => x.discount.order - y.discount.order || x.index - y.index)
    .map((x) => x.discount);
  // A fixed amount is per month or per cycle, like the prices, and prorated like the period.
  const units = priceUnitsPerCycle(contract);
  const fraction = period.kind === "stub" && contract.billing.stub === "full" ? ratio(1) : period.fraction;
  const perPeriod = (amount: string): Money => round(multiply(multiply(exactAmount(amount, currency), units), fraction), mode);
  // What the caps still allow: per line (a percent of its price) and over the invoice (an amount).
  const capPercent = stacking.capPercent === undefined ? undefined : percentToRatio(stacking.capPercent);
  const lineRoom: number[] = charges.map((c) => (capPercent === undefined || c.amount.minor <= 0 ? Number.POSITIVE_INFINITY : round(multiply(c.amount, capPercent), mode).minor));
  let invoiceRoom = stacking.capAmount === undefined ? Number.POSITIVE_INFINITY : perPeriod(stacking.capAmount).minor;

  for (const discount of ordered) {
    const now = discountActive(discount, period);
    // An adjustment of a period already invoiced gets that period's percent discounts (its fixed
    // amounts were given on that period's invoice); a fee gets none.
    const applies = (charge: Charge): boolean =>
      charge.kind === "fee" ? false : charge.adjusts === undefined ? now : discount.kind === "percent" && discountActive(discount, charge.adjusts.period);
    const targets = charges
      .map((_, i) => i)
      .filter((i) => applies(charges[i] as Charge) && covers(discount, charges[i] as Charge) && (left[i] as Money).minor > 0 && (lineRoom[i] as number) > 0);
    if (targets.length === 0 || invoiceRoom <= 0) continue;
    const give = (i: number, wanted: Money): void => {
      let minor = Math.min(wanted.minor, (left[i] as Money).minor);
      let cappedBy: LineDiscount["cappedBy"];
      if (minor > (lineRoom[i] as number)) {
        minor = lineRoom[i] as number;
        cappedBy = "capPercent";
      }
      if (minor > invoiceRoom) {
        minor = invoiceRoom;
        cappedBy = "capAmount";
      }
      if (minor <= 0) return;
      const amount = minor === wanted.minor ? wanted : fromMinorUnits(minor, currency);
      taken[i]?.push(cappedBy === undefined ? { discountId: discount.id, description: discount.description, amount } : { discountId: discount.id, description: discount.description, amount, cappedBy });
      left[i] = subtract(left[i] as Money, amount);
      lineRoom[i] = (lineRoom[i] as number) - minor;
      invoiceRoom -= minor;
    };
    if (discount.kind === "percent") {
      const share = percentToRatio(discount.percent);
      for (const i of targets) give(i, round(multiply(additive ? (charges[i] as Charge).amount : (left[i] as Money), share), mode));
    } else {
      const available = sum(targets.map((i) => left[i] as Money), currency);
      const wanted = perPeriod(discount.amount);
      const total = wanted.minor > available.minor ? available : wanted;
      const shares = allocate(total, targets.map((i) => (left[i] as Money).minor));
      targets.forEach((i, k) => give(i, shares[k] ?? zero(currency)));
    }
  }
  return taken;
}
