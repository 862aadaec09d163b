/** The demo's last screen: a customer's activity trail from a branded year, each message with its template and channel. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { activityScreen, liveliestAccount } from "../../examples/portfolio/activity.js";
import { runYear } from "../../examples/portfolio/year.js";
import { parseBrand } from "../../src/index.js";

const brand = parseBrand(JSON.parse(readFileSync(new URL("../../examples/messages/brand.json", import.meta.url), "utf8")));

describe("the demo's activity screen", () => {
  it("shows the liveliest customer's quarter as engine.activity gives it: messages by template and channel, state changes, in time order", async () => {
    const world = await runYear({ quiet: true, accounts: 24, brand });
    const accountIds = [...new Set(world.contracts.map((c) => c.customer.id))];
    const range = { from: "2027-01-01", to: "2027-04-01" } as const;
    const accountId = await liveliestAccount(world.engine, accountIds, range);
    const items = await world.engine.activity(accountId, range);
    const screen = await activityScreen(world.engine, accountIds, range);
    const [header, , ...lines] = screen.split("\n");
    expect(header).toBe(`Activity of account ${accountId}, 2027-01-01 → 2027-04-01 (engine.activity; times UTC): ${items.length} entries`);
    expect(lines).toHaveLength(items.length);
    // Every line in the range, in time order, saying who.
    const times = lines.map((l) => l.slice(2, 18));
    expect(times.every((t) => t >= "2027-01-01 00:00" && t < "2027-04-01 00:00")).toBe(true);
    expect([...times].sort()).toEqual(times);
    for (const line of lines) expect(line.slice(20)).toMatch(/^(system|\S+) /);
    // A branded year records each message's template: the screen names it and the channel.
    const messages = items.filter((i) => i.kind === "message.accepted");
    expect(messages.length).toBeGreaterThan(0);
    for (const m of messages) {
      expect(m.details?.template).toBeDefined();
      expect(screen).toContain(`${m.details?.template ?? ""} · ${m.details?.channel ?? ""}`);
    }
    // No other account has more kinds of activity in the quarter.
    const kinds = async (id: string) => new Set((await world.engine.activity(id, range)).map((i) => (i.kind.startsWith("message.") ? `${i.kind}:${i.details?.template ?? ""}` : i.kind))).size;
    const mine = await kinds(accountId);
    for (const id of accountIds) expect(await kinds(id)).toBeLessThanOrEqual(mine);
  }, 120_000);
});
