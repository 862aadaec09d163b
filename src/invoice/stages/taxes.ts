import type { Contract, Line, Site } from "../../contract/index.js";
import { ErrorCodes, IssueCollector } from "../../errors/index.js";
import { exact, type Money } from "../../money/index.js";
import type { LineTaxResult, TaxAddress, TaxProvider } from "../../tax/index.js";
import type { Charge, InvoiceContext } from "./types.js";

/**
 * Refuses to bill a line whose tax category the tax provider does not know: billing it untaxed
 * would be wrong, and silently. Every such line is listed. @internal
 */
export function checkBillable(contract: Contract, sites: readonly Site[], tax: TaxProvider | undefined): void {
  if (tax === undefined) return;
  let issues: IssueCollector | undefined;
  for (const site of sites) {
    for (let l = 0; l < site.lines.length; l++) {
      const line = site.lines[l] as Line;
      if (tax.knowsCategory(line.taxCategory)) continue;
      issues ??= new IssueCollector();
      issues.add(["sites", contract.sites.indexOf(site), "lines", l, "taxCategory"], ErrorCodes.notBillable, `tax category "${line.taxCategory}" is unknown to the tax provider "${tax.name}": refusing to bill it untaxed`);
    }
  }
  issues?.throwIfAny();
}

function addressOf(site: Site): TaxAddress {
  const { country, state, county, city, postalCode } = site.address;
  if (state === undefined) return county === undefined ? { country, city, postalCode } : { country, county, city, postalCode };
  return county === undefined ? { country, state, city, postalCode } : { country, state, county, city, postalCode };
}

/**
 * The taxes stage: the tax provider's taxes on each charge's amount after discounts, at the
 * period's tax point. A credit line is not taxed again: it reverses the taxes it was billed with.
 * Returns each charge's result, by index (undefined when untaxed).
 * @internal
 */
export function computeTaxes(ctx: InvoiceContext, charges: readonly Charge[], nets: readonly Money[]): readonly (LineTaxResult | undefined)[] {
  const { contract, period } = ctx;
  const provider = ctx.tax;
  const taxed: number[] = [];
  charges.forEach((charge, i) => {
    if (charge.reversal === undefined) taxed.push(i);
  });
  if (provider === undefined || taxed.length === 0) return charges.map(() => undefined);
  const addresses = new Map<Site, TaxAddress>();
  const addressFor = (site: Site): TaxAddress => {
    let address = addresses.get(site);
    if (address === undefined) {
      address = addressOf(site);
      addresses.set(site, address);
    }
    return address;
  };
  const result = provider.calculate({
    currency: contract.billing.currency,
    inclusive: contract.billing.taxInclusive,
    lines: taxed.map((i) => ({
      lineId: (charges[i] as Charge).id,
      category: (charges[i] as Charge).line.taxCategory,
      amount: exact(nets[i] as Money),
      address: addressFor((charges[i] as Charge).site),
      taxDate: (charges[i] as Charge).taxDate ?? (charges[i] as Charge).adjusts?.period.cycleDate ?? period.cycleDate,
    })),
    exemptions: contract.customer.taxExemptions.map((e) => ({
      certificateId: e.certificateId,
      ...(e.categories === undefined ? {} : { categories: e.categories }),
      ...(e.jurisdictions === undefined ? {} : { jurisdictions: e.jurisdictions }),
      ...(e.expires === undefined ? {} : { expires: e.expires }),
    })),
    rounding: ctx.rounding.tax,
  });
  // Results come back in request order; fall back to a lookup for providers that reorder.
  if (taxed.length === charges.length) {
    return charges.map((charge, i) => {
      const same = result.lines[i];
      return same !== undefined && same.lineId === charge.id ? same : result.lines.find((l) => l.lineId === charge.id);
    });
  }
  return charges.map((charge) => result.lines.find((l) => l.lineId === charge.id));
}
