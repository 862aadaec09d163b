import { ErrorCodes, type ValidationIssue } from "../errors/index.js";
import type { Contract } from "./types.js";

/**
 * Rules that need the whole contract: references, uniqueness, dates inside the term, one currency.
 * Run only on input whose shape is already valid.
 * @internal
 */
export function checkContract(contract: Contract): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const add = (path: (string | number)[], code: ValidationIssue["code"], message: string): void => {
    issues.push({ path, code, message });
  };
  const { term, billing } = contract;
  const inTerm = (date: string): boolean => date >= term.start && (term.end === undefined || date <= term.end);
  const siteIds = new Set<string>();
  const lineIds = new Set<string>();

  contract.sites.forEach((site, s) => {
    if (siteIds.has(site.id)) add(["sites", s, "id"], ErrorCodes.invalidReference, `duplicate site id "${site.id}"`);
    siteIds.add(site.id);
    const book = site.priceBook === undefined ? undefined : contract.priceBooks[site.priceBook];
    if (site.priceBook !== undefined && book === undefined) {
      add(["sites", s, "priceBook"], ErrorCodes.invalidReference, `no price book named "${site.priceBook}" in priceBooks`);
    }
    site.lines.forEach((line, l) => {
      const at = ["sites", s, "lines", l];
      if (lineIds.has(line.id)) add([...at, "id"], ErrorCodes.invalidReference, `duplicate line id "${line.id}": line ids are unique in a contract`);
      lineIds.add(line.id);
      if (line.currency !== undefined && line.currency !== billing.currency) {
        add([...at, "currency"], ErrorCodes.currencyMismatch, `the line is in ${line.currency} but the contract bills in ${billing.currency}: an invoice has one currency`);
      }
      if (line.kind === "oneTime") {
        if (!inTerm(line.date)) add([...at, "date"], ErrorCodes.invalidValue, `${line.date} is outside the term`);
        return;
      }
      if (line.priceKey !== undefined) {
        if (site.priceBook === undefined) add([...at, "priceKey"], ErrorCodes.invalidReference, "a priceKey needs the site to name a priceBook");
        else if (book !== undefined && book[line.priceKey] === undefined) {
          add([...at, "priceKey"], ErrorCodes.invalidReference, `price book "${site.priceBook}" has no price "${line.priceKey}"`);
        }
      }
      if (line.start !== undefined && !inTerm(line.start)) add([...at, "start"], ErrorCodes.invalidValue, `${line.start} is outside the term`);
      if (line.end !== undefined && !inTerm(line.end)) add([...at, "end"], ErrorCodes.invalidValue, `${line.end} is outside the term`);
      let previous = line.start ?? term.start;
      line.priceChanges?.forEach((change, c) => {
        if (change.effective <= previous) {
          add([...at, "priceChanges", c, "effective"], ErrorCodes.invalidValue, `price changes must be in date order, after the line starts (${previous})`);
        }
        previous = change.effective;
      });
    });
  });

  contract.discounts.forEach((discount, d) => {
    if (discount.appliesTo.scope === "line") {
      discount.appliesTo.lineIds.forEach((id, i) => {
        if (!lineIds.has(id)) add(["discounts", d, "appliesTo", "lineIds", i], ErrorCodes.invalidReference, `no line with id "${id}"`);
      });
    }
  });
  if (term.autoRenew && term.end === undefined) {
    add(["term", "autoRenew"], ErrorCodes.invalidValue, "an auto-renewing contract needs a term end to renew at");
  }
  return issues;
}
