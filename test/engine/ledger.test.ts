/** The payments ledger conserves money over any sequence of payments (fast-check). */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromMinorUnits } from "../../src/money/index.js";
import { checkInvoiceInvariants, checkLedgerConserved } from "../../src/testing/index.js";
import { alarmContract, world } from "./support.js";

describe("the payments ledger (properties)", () => {
  it("received = applied + credit, and no invoice is paid beyond its total, over random payments and months", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ cents: fc.integer({ min: 1, max: 20_000 }), month: fc.integer({ min: 0, max: 3 }) }), { minLength: 1, maxLength: 8 }), async (payments) => {
        const contract = alarmContract("C-L");
        const w = await world([contract]);
        const months = ["2026-12-27", "2027-01-27", "2027-02-24", "2027-03-27"];
        let n = 0;
        for (let m = 0; m < months.length; m++) {
          await w.engine.run({ asOf: `${months[m]}T15:00:00Z` });
          for (const p of payments.filter((x) => x.month === m)) {
            await w.engine.recordPayment({ id: `p-${n++}`, accountId: "CUST-C-L", amount: fromMinorUnits(p.cents, "USD"), channel: "check", receivedOn: months[m] as string });
          }
        }
        const { ledger, recorded, invoices } = await w.store.transaction(async (tx) => ({
          ledger: await tx.listLedger("CUST-C-L"),
          recorded: await tx.listPayments("CUST-C-L"),
          invoices: await tx.listContractInvoices("C-L"),
        }));
        expect(checkLedgerConserved(ledger, recorded)).toEqual([]);
        for (const s of invoices) {
          expect(checkInvoiceInvariants(s.invoice)).toEqual([]);
          expect(s.balance.minor).toBeGreaterThanOrEqual(0);
          expect(s.balance.minor).toBeLessThanOrEqual(s.invoice.total.minor);
        }
        // What the customer paid went to invoices or is still their credit, to the cent.
        const paid = payments.reduce((t, p) => t + p.cents, 0);
        const applied = invoices.reduce((t, s) => t + (s.invoice.total.minor - s.balance.minor), 0);
        const credit = (await w.engine.accountCredit("CUST-C-L", "USD")).minor;
        const creditUsed = invoices.flatMap((s) => s.invoice.lines).filter((l) => l.kind === "accountCredit").reduce((t, l) => t - l.total.minor, 0);
        expect(applied + credit + creditUsed).toBe(paid);
      }),
      { numRuns: 60 },
    );
  });
});
