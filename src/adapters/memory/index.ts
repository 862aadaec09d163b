/**
 * In-memory reference adapters (`rmr-billing/memory`): real, complete implementations of the
 * ports, used by tests, examples and the demo.
 *
 * @module
 */
export { createFixedClock, createManualClock, type ManualClock } from "./clock.js";
export { createMemorySequence } from "./sequence.js";
export { createMemoryStore, invoicePeriodKey, type MemoryStore, type MemoryStoreSnapshot } from "./store.js";
export { createSimulatedGateway, type AchReturn, type GatewayScript, type SimulatedCharge, type SimulatedGateway } from "./gateway.js";
export { createRecordingNotifier, type ProviderEvent, type RecordedMessage, type RecordingNotifier } from "./notifier.js";
