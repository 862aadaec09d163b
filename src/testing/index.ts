/**
 * `rmr-billing/testing`: the conformance suites every adapter must pass — runnable under vitest,
 * jest, mocha or node:test (pass their `describe` and `it`) — and the library's invariants as
 * reusable checks for your own property tests.
 *
 * @module
 */
export { conformanceContract, describeGatewayContract, describeLockContract, describeNotifierContract, describeStoreContract, type NotifierContractOptions, type TestApi } from "./conformance.js";
export { checkInvoiceInvariants, checkLedgerConserved } from "./invariants.js";
export {
  ARBITRARY_ADDRESSES,
  ARBITRARY_TAX_CATEGORIES,
  contractArbitrary,
  paymentHistoryArbitrary,
  priceModelArbitrary,
  taxProviderArbitrary,
  taxRulesArbitrary,
  timelinePolicyArbitrary,
  type ContractArbitraryOptions,
  type CountRange,
  type HistoryPayment,
  type HistoryReversal,
  type PaymentHistoryEvent,
} from "./arbitraries.js";
