/** The notifier port: email and SMS out, delivery events back (through `engine.recordDeliveryEvent`). */

/** A channel a message is sent on. The customer portal needs no message: it shows the invoice. */
export type NotifierChannel = "email" | "sms";

/** What a provider reports about a message after it was accepted. */
export type DeliveryEventKind = "delivered" | "opened" | "clicked" | "bounced" | "complained" | "unsubscribed";

/** One message to send. */
export interface SendRequest {
  /** One message per key, ever: a notifier that sees a key again must not send it twice. */
  readonly idempotencyKey: string;
  /** The channel. */
  readonly channel: NotifierChannel;
  /** Email address or phone number. */
  readonly to: string;
  /** What it is about, e.g. `"invoice"`, `"receipt"`. */
  readonly kind: string;
  /** Subject line (email). */
  readonly subject?: string | undefined;
  /** HTML body (email), when there is one. */
  readonly html?: string | undefined;
  /** Plain-text body. */
  readonly text: string;
}

/** The provider's answer. */
export type SendResult =
  | {
      /** Accepted for delivery; events follow. */
      readonly status: "accepted";
      /** The provider's message id, quoted by its delivery events. */
      readonly messageId: string;
    }
  | {
      /** Not accepted: `retryable` when trying again (later, or another channel) can work. */
      readonly status: "failed";
      /** Whether a retry can succeed. */
      readonly retryable: boolean;
      /** Why, in the provider's words. */
      readonly reason?: string | undefined;
    };

/** The notifier port. */
export interface Notifier {
  /** Sends one message. */
  send(request: SendRequest): Promise<SendResult>;
}
