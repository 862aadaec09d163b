/**
 * The fault-injection simulation at a small size (the full one is `npm run soak`): a year of 30
 * accounts with every fault injected, and the auditor finds no violation — and the auditor itself
 * catches a rule broken on purpose.
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_FAULTS, runSoak } from "./soak.js";

describe("soak", () => {
  it("a year of 30 accounts under faults: every invariant holds after every day", async () => {
    // Lost gateway answers are rarer than the rest (2 % of ~130 charges): at this small size they
    // are made 6 % so each kind surely happens, whatever the run's order of events.
    const result = await runSoak({ seed: 7, accounts: 30, years: 1, faults: { ...DEFAULT_FAULTS, timeoutCharged: 0.06, timeoutNotCharged: 0.06 } });
    expect(result.violations).toEqual([]);
    expect(result.days).toBe(365);
    // The faults were really injected, and the year really billed.
    for (const [fault, count] of Object.entries(result.faults)) expect([fault, count > 0]).toEqual([fault, true]);
    expect(result.effects.invoices).toBeGreaterThan(250);
  }, 60_000);

  it("the auditor catches a double charge and a text without consent", async () => {
    const doubled = await runSoak({ seed: 7, accounts: 12, years: 0.25, sabotage: "doubleCharge" });
    expect(doubled.violations.some((v) => /was charged successfully 2 times/.test(v))).toBe(true);
    const texted = await runSoak({ seed: 7, accounts: 12, years: 0.25, sabotage: "noConsent" });
    expect(texted.violations.some((v) => /who did not consent/.test(v))).toBe(true);
  }, 60_000);
});
