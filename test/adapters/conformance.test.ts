/** The memory adapters pass the conformance suites every adapter must pass (`rmr-billing/testing`). */
import { describe, it } from "vitest";
import { createManualClock, createMemoryStore, createRecordingNotifier, createSimulatedGateway } from "../../src/adapters/memory/index.js";
import { describeGatewayContract, describeLockContract, describeNotifierContract, describeStoreContract } from "../../src/testing/index.js";

describeStoreContract(() => createMemoryStore(), { describe, it });
describeLockContract(() => createMemoryStore(), { describe, it });
describeGatewayContract(() => ({ gateway: createSimulatedGateway({ clock: createManualClock("2027-01-01T00:00:00Z") }), approvingToken: "tok_ok" }), { describe, it });
describeNotifierContract(() => createRecordingNotifier(), { describe, it });
