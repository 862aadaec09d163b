import type { ActionSubject, MessageAction, MessageTemplate, TaskAction, TimelineAction } from "./actions.js";
import { selectChannels } from "./channels.js";
import type { CustomerFacts } from "./facts.js";
import { iso, localDate, millis } from "./instant.js";
import { within, type Interval } from "./invoiceState.js";
import type { ChannelStrategy, SendWindow, Tone } from "./policies.js";
import { earliestSendMs } from "./sendWindow.js";

/**
 * An action as the schedules produce it, with what {@link nextActions} needs to drop stale ones:
 * within a `group`, an action is superseded once a later one is due; after `expiresAt` it is moot.
 * @internal
 */
export interface Scheduled<A extends TimelineAction = TimelineAction> {
  readonly action: A;
  readonly atMs: number;
  readonly group?: string;
  readonly expiresAt?: number;
}

/** The idempotency key of an action: subject and parts, each URI-encoded, joined by `:`. @internal */
export function actionKey(about: ActionSubject, parts: readonly (string | number)[]): string {
  return [about.kind, about.id, ...parts].map((part) => encodeURIComponent(String(part))).join(":");
}

/** The common fields of an action at an instant. @internal */
export function base(about: ActionSubject, parts: readonly (string | number)[], atMs: number, timeZone: string): {
  key: string;
  at: string;
  date: string;
  about: ActionSubject;
} {
  return { key: actionKey(about, parts), at: iso(atMs), date: localDate(atMs, timeZone), about };
}

/** What a message is and when it may go out at the earliest. @internal */
export interface MessageRequest {
  readonly about: ActionSubject;
  readonly keyParts: readonly (string | number)[];
  /** Earliest instant (ms); moved into the send window. */
  readonly earliest: number;
  readonly template: MessageTemplate;
  readonly tone: Tone;
  readonly strategy: ChannelStrategy;
  /** Not sent at or after this instant (paid, voided, answered, cancelled), and dropped once it has passed. */
  readonly until: number;
  /** Not sent inside these spans (a payment in flight, a dispute). */
  readonly held?: readonly Interval[];
  readonly group?: string;
  /** Dropped once this instant has passed, even if due before it. */
  readonly expiresAt?: number;
}

/** Where messages go and the hours they may go out in. @internal */
export interface MessageContext {
  readonly customer: CustomerFacts;
  readonly window: SendWindow;
}

/**
 * One message action per channel the customer can be reached on, inside the send window; a
 * `customerUnreachable` task when there is none; nothing when the send time falls at or after
 * `until` or inside a hold.
 * @internal
 */
export function messageActions(request: MessageRequest, context: MessageContext): Scheduled<MessageAction | TaskAction>[] {
  const { customer, window } = context;
  const timeZone = customer.timeZone;
  const atMs = earliestSendMs(request.earliest, { timeZone, window });
  if (atMs >= request.until || within(request.held ?? [], atMs)) return [];
  // Once `until` has passed (paid, answered, state left), a message not yet sent is moot too.
  const expiresAt = Math.min(request.expiresAt ?? Number.POSITIVE_INFINITY, request.until);
  const extra = {
    ...(request.group === undefined ? {} : { group: request.group }),
    ...(expiresAt === Number.POSITIVE_INFINITY ? {} : { expiresAt }),
  };
  const channels = selectChannels(customer, request.strategy);
  if (channels.length === 0) {
    const task: TaskAction = {
      kind: "task",
      ...base(request.about, [...request.keyParts, "unreachable"], atMs, timeZone),
      task: "customerUnreachable",
      detail: `no usable channel for the ${request.template} message: no consented SMS number, no working email address and no portal among the customer's channels`,
    };
    return [{ action: task, atMs, ...extra }];
  }
  return channels.map((channel): Scheduled<MessageAction> => {
    const message: MessageAction = {
      kind: "message",
      ...base(request.about, [...request.keyParts, channel], atMs, timeZone),
      channel,
      locale: customer.locale ?? "en-US",
      template: request.template,
      tone: request.tone,
    };
    return { action: message, atMs, ...extra };
  });
}
