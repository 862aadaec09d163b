/**
 * `npm run example:portal`: the hosted invoice page on http://127.0.0.1:8787 against the memory
 * adapters. It bills one customer (issued Dec 27, due Jan 1), prints the payment link from the
 * invoice message, and serves the page: open it, press "Pay", see the receipt. Ctrl-C stops it.
 * `PORT` changes the port; `--once` (used by the tests) stops after the first payment.
 */
import { createServer } from "node:http";
import { createManualClock, createMemoryStore, createRecordingNotifier, createSimulatedGateway } from "../../src/adapters/memory/index.js";
import { createBillingEngine, createInvoicePortal, parseContract, toNodeListener } from "../../src/index.js";

const port = Number(process.env["PORT"] ?? 8787);
const base = `http://127.0.0.1:${port}/`;

const store = createMemoryStore();
const clock = createManualClock("2026-12-27T15:00:00Z");
const gateway = createSimulatedGateway({ clock });
const notifier = createRecordingNotifier();
await store.transaction(async (tx) => {
  await tx.putContract(
    parseContract({
      id: "C-1001",
      customer: { id: "CUST-1001", name: "Dana Reyes", contact: { email: "dana@example.com" }, timeZone: "America/Chicago" },
      billing: { currency: "USD", cycle: "monthly", anchorDay: 1 },
      term: { start: "2027-01-01", end: "2029-01-01" },
      sites: [
        {
          id: "S-1",
          name: "Home",
          address: { line1: "12 Oak St", city: "Austin", state: "TX", postalCode: "78701", country: "US" },
          lines: [
            { id: "L-mon", kind: "monitoring", tier: "cellular", rate: "39.99", taxCategory: "monitoring" },
            { id: "L-panel", kind: "equipment", item: "Panel rental", rate: "12.50", taxCategory: "equipment-rental" },
          ],
        },
      ],
    }),
  );
});
const keys = [{ id: "demo", secret: process.env["PAYMENT_LINK_SECRET"] ?? "example-only-secret-of-at-least-32-bytes" }];
const engine = createBillingEngine({ store, gateway, notifier, clock, settings: { paymentLinkKeys: keys, paymentLinkBase: `${base}invoice/` } });
await engine.run();
const message = notifier.sent.find((m) => m.request.kind === "invoice");
const link = /\S+\/invoice\/\S+/.exec(message?.request.text ?? "")?.[0];

const portal = createInvoicePortal({ engine, brand: { name: "Lone Star Alarm Co.", supportPhone: "+1 512 555 0100", colour: "#0b5fff" }, paymentMethod: "token" });
const once = process.argv.includes("--once");
const server = createServer(async (req, res) => {
  toNodeListener(portal)(req, res);
  if (once && req.method === "POST") res.on("finish", () => server.close());
});
server.listen(port, "127.0.0.1", () => {
  console.log(`The invoice message says:\n\n${message?.request.text ?? ""}\n`);
  console.log(`Open the payment link: ${link ?? "(none)"}`);
});
