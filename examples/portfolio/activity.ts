/**
 * The demo's last screen: one customer's activity trail, as `engine.activity(accountId, { from,
 * to })` gives it — every message with its template and channel, every delivery event, payment,
 * state change and manual action, with when and who.
 */
import type { ActivityItem, BillingEngine, CalendarDate } from "../../src/index.js";

/** A slice of the year to show, and whose. */
export interface ActivityScreenOptions {
  /** First day shown (inclusive). */
  readonly from: CalendarDate;
  /** Day after the last one shown. */
  readonly to: CalendarDate;
  /** The account; default the one with the most kinds of activity in the slice. */
  readonly accountId?: string;
}

/** The account with the most different kinds of activity in the slice (ties: fewer lines, then the id), so the screen shows many stages in a few lines. */
export async function liveliestAccount(engine: BillingEngine, accountIds: readonly string[], range: { from: CalendarDate; to: CalendarDate }): Promise<string> {
  let best: { id: string; kinds: number; lines: number } | undefined;
  for (const id of [...accountIds].sort()) {
    const items = await engine.activity(id, range);
    const kinds = new Set(items.map((i) => (i.kind.startsWith("message.") ? `${i.kind}:${i.details?.template ?? i.details?.kind ?? ""}` : i.kind))).size;
    if (best === undefined || kinds > best.kinds || (kinds === best.kinds && items.length < best.lines)) best = { id, kinds, lines: items.length };
  }
  if (best === undefined) throw new Error("no account to show");
  return best.id;
}

/** What a line of the trail is about: a message's template and channel, else the entry's kind. */
function what(item: ActivityItem): string {
  const d = item.details;
  if (item.kind.startsWith("message.") && d !== undefined) return `${d.template ?? d.kind ?? "message"} · ${d.channel ?? "?"}`;
  return item.kind;
}

/** The trail of one account over a slice of days, one line per entry: when (UTC), who, what, and the entry's own words. */
export async function activityScreen(engine: BillingEngine, accountIds: readonly string[], options: ActivityScreenOptions): Promise<string> {
  const range = { from: options.from, to: options.to };
  const accountId = options.accountId ?? (await liveliestAccount(engine, accountIds, range));
  const items = await engine.activity(accountId, range);
  const whatWidth = Math.min(34, Math.max(...items.map((i) => what(i).length)));
  const whoWidth = Math.max(6, ...items.map((i) => i.actor.length));
  const lines = items.map((i) => `  ${String(i.at).slice(0, 16).replace("T", " ")}  ${i.actor.padEnd(whoWidth)}  ${what(i).padEnd(whatWidth)}  ${i.text.length > 110 ? `${i.text.slice(0, 109)}…` : i.text}`);
  return [`Activity of account ${accountId}, ${options.from} → ${options.to} (engine.activity; times UTC): ${items.length} entries`, `  ${"when".padEnd(16)}  ${"who".padEnd(whoWidth)}  ${"what".padEnd(whatWidth)}  `, ...lines].join("\n");
}
