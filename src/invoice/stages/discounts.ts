import { cycleMonths, type BillingPeriod } from "../../calendar/index.js";
import type { Discount } from "../../contract/index.js";
import { allocate, multiply, ratio, round, subtract, sum, zero, type Money } from "../../money/index.js";
import { exactAmount } from "../../pricing/index.js";
import type { LineDiscount } from "../types.js";
import type { Charge, InvoiceContext } from "./types.js";

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
 * The discounts stage: the contract's discounts in force for the period, in stacking order, each
 * on what is left of a line, never below zero; fixed amounts are spread over the lines they cover
 * in proportion, without losing a cent. Returns each charge's discounts, by index.
 * @internal
 */
export function applyDiscounts(ctx: InvoiceContext, charges: readonly Charge[]): LineDiscount[][] {
  const { contract, period, currency } = ctx;
  const mode = ctx.rounding.discount;
  const taken: LineDiscount[][] = charges.map(() => []);
  const left: Money[] = charges.map((c) => c.amount);
  const ordered = contract.discounts
    .map((discount, index) => ({ discount, index }))
    .sort((x, y) => x.discount.order - y.discount.order || x.index - y.index)
    .map((x) => x.discount)
    .filter((d) => discountActive(d, period));
  const months = contract.billing.ratePer === "month" ? cycleMonths(contract.billing.cycle) : 1;
  const fraction = period.kind === "stub" && contract.billing.stub === "full" ? ratio(1) : period.fraction;

  for (const discount of ordered) {
    const targets = charges.map((_, i) => i).filter((i) => covers(discount, charges[i] as Charge) && (left[i] as Money).minor > 0);
    if (targets.length === 0) continue;
    const give = (i: number, amount: Money): void => {
      if (amount.minor <= 0) return;
      taken[i]?.push({ discountId: discount.id, description: discount.description, amount });
      left[i] = subtract(left[i] as Money, amount);
    };
    if (discount.kind === "percent") {
      for (const i of targets) {
        const remaining = left[i] as Money;
        const off = round(multiply(remaining, ratio(discount.value, 100)), mode);
        give(i, off.minor > remaining.minor ? remaining : off);
      }
    } else {
      const available = sum(targets.map((i) => left[i] as Money), currency);
      const wanted = round(multiply(multiply(exactAmount(discount.value, currency), months), fraction), mode);
      const total = wanted.minor > available.minor ? available : wanted;
      const shares = allocate(total, targets.map((i) => (left[i] as Money).minor));
      targets.forEach((i, k) => give(i, shares[k] ?? zero(currency)));
    }
  }
  return taken;
}
