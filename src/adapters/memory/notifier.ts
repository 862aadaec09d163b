import type { DeliveryEventKind, Notifier, NotifierChannel, SendRequest, SendResult } from "../../ports/index.js";

/** A message the recording notifier accepted. */
export interface RecordedMessage {
  /** The request. */
  readonly request: SendRequest;
  /** The id it was given. */
  readonly messageId: string;
}

/** A delivery event as a provider's webhook reports it. */
export interface ProviderEvent {
  /** The provider's message id. */
  readonly messageId: string;
  /** What happened. */
  readonly kind: DeliveryEventKind;
  /** When (ISO instant). */
  readonly at: string;
}

/** The recording notifier, with what tests read and script. */
export interface RecordingNotifier extends Notifier {
  /** Every distinct message accepted (a repeated idempotency key is not sent again), in order. */
  readonly sent: readonly RecordedMessage[];
  /** Makes every send to an address fail (`retryable` or not), until `clearFailure`. */
  failFor(to: string, retryable: boolean): void;
  /** Lets sends to an address through again. */
  clearFailure(to: string): void;
  /** A delivery event for a sent message, as a provider's webhook would report it, for `engine.recordDeliveryEvent`. */
  eventFor(messageId: string, kind: DeliveryEventKind, at: string): ProviderEvent;
  /** The messages sent on a channel to an address. */
  to(channel: NotifierChannel, address: string): readonly RecordedMessage[];
}

/**
 * A notifier that records what it is asked to send instead of sending it — idempotent like a real
 * provider (a key seen before returns the first answer and sends nothing new), scriptable to fail
 * per address, and able to emit delivery events.
 *
 * @example
 * ```ts
 * const notifier = createRecordingNotifier();
 * notifier.failFor("bounces@example.com", false);
 * ```
 */
export function createRecordingNotifier(): RecordingNotifier {
  const sent: RecordedMessage[] = [];
  const byKey = new Map<string, SendResult>();
  const failing = new Map<string, boolean>();
  let next = 1;
  return {
    get sent() {
      return sent;
    },
    failFor: (to, retryable) => {
      failing.set(to, retryable);
    },
    clearFailure: (to) => {
      failing.delete(to);
    },
    eventFor: (messageId, kind, at) => ({ messageId, kind, at }),
    to: (channel, address) => sent.filter((m) => m.request.channel === channel && m.request.to === address),
    async send(request) {
      const known = byKey.get(request.idempotencyKey);
      if (known !== undefined) return known;
      const retryable = failing.get(request.to);
      // A failed send is not remembered: the provider did not take it, so the same key may be tried again.
      if (retryable !== undefined) return { status: "failed", retryable, reason: `scripted failure for ${request.to}` };
      const result: SendResult = { status: "accepted", messageId: `msg_${next++}` };
      byKey.set(request.idempotencyKey, result);
      sent.push({ request, messageId: result.messageId });
      return result;
    },
  };
}
