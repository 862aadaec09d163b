/**
 * Sales tax: the {@link TaxProvider} port and the built-in rule table. Rates by jurisdiction level
 * (country, state, county, city, special district) and category, effective-dated; exclusive and
 * tax-inclusive prices; compound taxes; exemptions with expiry; rounding per line or per invoice
 * with a named mode; every tax amount explained.
 *
 * @module
 */
export { exemptionCovers } from "./exemptions.js";
export { inclusiveFactor, netOfInclusivePrice } from "./inclusive.js";
export { TAX_LEVELS } from "./jurisdiction.js";
export { flatTax, type FlatTaxOptions } from "./flatTax.js";
export { createTaxTable, type TaxTableOptions } from "./taxTable.js";
export {
  STANDARD_TAX_CATEGORIES,
  type LineTax,
  type LineTaxResult,
  type TaxableLine,
  type TaxAddress,
  type TaxCategory,
  type TaxExemption,
  type TaxLevel,
  type TaxProvider,
  type TaxRequest,
  type TaxResult,
  type TaxRoundingPolicy,
  type TaxRule,
  type TaxRuleJurisdiction,
  type TaxTotal,
  type WaivedTax,
} from "./types.js";
export {
  isTaxCategoryName,
  parseTaxRules,
  safeParseTaxRules,
  TAX_CATEGORY_PATTERN,
  type SafeParseTaxRulesResult,
} from "./validateRules.js";
