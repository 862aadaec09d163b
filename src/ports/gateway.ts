/**
 * The payment-gateway port. Tokens only: the library never sees a card number or a CVV, and
 * refuses contracts that carry one.
 */
import type { Money } from "../money/index.js";

/** What to charge. */
export interface ChargeRequest {
  /** One charge per key, ever: a gateway that sees a key again returns the first outcome. */
  readonly idempotencyKey: string;
  /** The gateway's token of the stored payment method. */
  readonly paymentMethodToken: string;
  /** The amount (positive). */
  readonly amount: Money;
  /** Invoice number, account id and the like, passed through to the gateway. */
  readonly metadata: Readonly<Record<string, string>>;
}

/** A decline: `hard` is never retried (a new payment method is needed), `soft` may be. */
export interface ChargeDeclined {
  /** Discriminant. */
  readonly status: "declined";
  /** The gateway's or network's code, e.g. `"51"` (insufficient funds) or an ACH return `"R01"`. */
  readonly code: string;
  /** Whether a retry can succeed. */
  readonly kind: "hard" | "soft";
  /** The earliest a retry makes sense, when the gateway says (an ISO instant). */
  readonly retryAfter?: string | undefined;
}

/** The gateway's answer to a charge. */
export type ChargeResult =
  | {
      /** The money is captured. */
      readonly status: "succeeded";
      /** The gateway's id of the charge. */
      readonly chargeId: string;
    }
  | {
      /** Accepted and clearing (an ACH debit takes days). */
      readonly status: "pending";
      /** The gateway's id of the charge. */
      readonly chargeId: string;
    }
  | {
      /** The customer must act (3-D Secure): send them the payment link. */
      readonly status: "requires_action";
    }
  | ChargeDeclined
  | {
      /** No answer (timed out): resolve with `lookup` before anything else. */
      readonly status: "unknown";
    };

/** `lookup`'s answer for a key the gateway never received: nothing was charged. */
export interface ChargeNotFound {
  /** Discriminant. */
  readonly status: "not_found";
}

/** What `lookup` knows about an idempotency key. */
export type LookupResult = ChargeResult | ChargeNotFound;

/** The gateway's answer to a refund. */
export interface RefundResult {
  /** Whether the money went back. */
  readonly status: "succeeded" | "failed";
  /** The gateway's id of the refund, when it succeeded. */
  readonly refundId?: string;
}

/** A refund of a charge, in part or in full. */
export interface RefundRequest {
  /** One refund per key. */
  readonly idempotencyKey: string;
  /** The charge refunded. */
  readonly chargeId: string;
  /** The amount (positive, at most what the charge captured less earlier refunds). */
  readonly amount: Money;
}

/** The payment-gateway port. */
export interface PaymentGateway {
  /** Charges a stored payment method. */
  charge(request: ChargeRequest): Promise<ChargeResult>;
  /** What became of a charge whose answer was `unknown` (or never arrived), and of a `pending` one. */
  lookup(idempotencyKey: string): Promise<LookupResult>;
  /** Refunds a captured charge. */
  refund(request: RefundRequest): Promise<RefundResult>;
}
