import { compareDates, type CalendarDate } from "../calendar/index.js";
import type { TaxCategory, TaxExemption } from "./types.js";

/**
 * Whether an exemption covers a tax: it is still valid on the tax date (`expires` is the first day
 * it no longer is), and it names the category and the jurisdiction, or leaves either list empty or
 * out to cover them all.
 *
 * @example
 * ```ts
 * const certificate = { certificateId: "TX-EX-1042", categories: ["monitoring"], expires: "2027-01-01" };
 * exemptionCovers(certificate, "monitoring", "US-TX", "2026-12-31"); // true
 * exemptionCovers(certificate, "monitoring", "US-TX", "2027-01-01"); // false: expired that day
 * exemptionCovers(certificate, "installation", "US-TX", "2026-06-01"); // false: other category
 * ```
 */
export function exemptionCovers(
  exemption: TaxExemption,
  category: TaxCategory,
  jurisdictionId: string,
  taxDate: CalendarDate,
): boolean {
  const { categories, jurisdictions, expires } = exemption;
  return (
    (categories === undefined || categories.length === 0 || categories.includes(category)) &&
    (jurisdictions === undefined || jurisdictions.length === 0 || jurisdictions.includes(jurisdictionId)) &&
    (expires === undefined || compareDates(taxDate, expires) < 0)
  );
}

/** The first exemption, in the customer's order, that covers a tax. @internal */
export function findExemption(
  exemptions: readonly TaxExemption[],
  category: TaxCategory,
  jurisdictionId: string,
  taxDate: CalendarDate,
): TaxExemption | undefined {
  return exemptions.find((exemption) => exemptionCovers(exemption, category, jurisdictionId, taxDate));
}

/** The reason quoted in a waived tax: `"exempt: certificate TX-EX-1042"`. @internal */
export function exemptionReason(exemption: TaxExemption): string {
  return `exempt: certificate ${exemption.certificateId}`;
}
