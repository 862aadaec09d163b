import { parseInstant } from "../../calendar/index.js";
import type { Clock } from "../../ports/index.js";
import type { ChargeRequest, ChargeResult, LookupResult, PaymentGateway, RefundRequest, RefundResult } from "../../ports/index.js";

/**
 * How the simulated gateway answers for one payment-method token:
 * - `"approve"` — every charge succeeds;
 * - `{ decline, kind }` — every charge is declined with that code (`"51"`, `"R01"`, …), hard or soft;
 * - `{ failTimes, decline?, kind? }` — the first N charges are declined (default soft `"51"`), then they succeed;
 * - `{ pendingDays, settle }` — charges are `pending` for N days (an ACH debit), then `lookup`
 *   reports them settled (`"succeeded"`) or returned (`{ returnCode: "R01" }`: a soft decline for
 *   R01 and R09, insufficient or uncollected funds, which NACHA lets be presented again; hard for
 *   any other code);
 * - `"timeoutCharged"` — the charge goes through but the answer is lost (`unknown`); `lookup` says succeeded;
 * - `"timeoutNotCharged"` — the answer is lost and nothing was charged; `lookup` says not found;
 * - `{ timeoutTimes, charged }` — the first N charges' answers are lost (money moved or not, as
 *   `charged` says), then charges are approved: a gateway that has a bad hour, not a bad year;
 * - `"requiresAction"` — the customer must authenticate (3-D Secure).
 */
export type GatewayScript =
  | "approve"
  | "timeoutCharged"
  | "timeoutNotCharged"
  | "requiresAction"
  | {
      /** The decline code every charge gets. */
      readonly decline: string;
      /** Hard (never retried) or soft. */
      readonly kind: "hard" | "soft";
    }
  | {
      /** How many charges are declined before they succeed. */
      readonly failTimes: number;
      /** Their decline code (default `"51"`). */
      readonly decline?: string;
      /** Hard or soft (default soft). */
      readonly kind?: "hard" | "soft";
    }
  | {
      /** How many charges time out before they are approved. */
      readonly timeoutTimes: number;
      /** Whether those charges moved the money (lookup says succeeded) or not (lookup says not found). */
      readonly charged: boolean;
    }
  | {
      /** Days a charge stays pending. */
      readonly pendingDays: number;
      /** Then: settled, or returned with an ACH return code. */
      readonly settle: "succeeded" | AchReturn;
    };

/** An ACH debit returned by the customer's bank. */
export interface AchReturn {
  /** The NACHA return code, e.g. `"R01"` (insufficient funds). */
  readonly returnCode: string;
}

/** A charge the simulated gateway received, and what it did with it. */
export interface SimulatedCharge {
  /** The request. */
  readonly request: ChargeRequest;
  /** When it arrived (the clock's instant, ms). */
  readonly at: number;
  /** What it answered. */
  readonly answered: ChargeResult;
  /** Whether money was actually captured (or is being debited). */
  readonly captured: boolean;
}

/** The simulated gateway, with what tests read. */
export interface SimulatedGateway extends PaymentGateway {
  /** Sets (or replaces) the script of a token. Tokens without a script are approved. */
  script(token: string, script: GatewayScript): void;
  /** Every distinct charge received (a repeated idempotency key is not a new charge), in order. */
  readonly charges: readonly SimulatedCharge[];
  /** How many charges captured money, per idempotency key — more than 1 would be a double charge (it never is: keys are idempotent). */
  capturedCount(): number;
  /** The total captured, in minor units, per currency. */
  capturedTotal(currency: string): number;
  /** Refunds made. */
  readonly refunds: readonly RefundRequest[];
  /** From now on, refunds of this charge are refused (`failed`), as a processor refuses one past its window. */
  refuseRefunds(chargeId: string): void;
}

const DAY = 86_400_000;

/**
 * A payment gateway simulated in memory and scripted per payment-method token — what the tests,
 * examples and the demo charge. Idempotent like a real one: a key seen before returns the first
 * answer and charges nothing new (a timed-out charge's key answers `unknown` again; `lookup`
 * resolves it).
 *
 * @example
 * ```ts
 * const gateway = createSimulatedGateway({ clock });
 * gateway.script("tok_declines", { decline: "05", kind: "hard" });
 * ```
 */
export function createSimulatedGateway(options: { readonly clock: Clock; readonly scripts?: Readonly<Record<string, GatewayScript>> }): SimulatedGateway {
  const scripts = new Map<string, GatewayScript>(Object.entries(options.scripts ?? {}));
  const byKey = new Map<string, SimulatedCharge>();
  const charges: SimulatedCharge[] = [];
  const refunds: RefundRequest[] = [];
  const refunded = new Map<string, number>();
  const refundsByKey = new Map<string, RefundResult>();
  const refused = new Set<string>();
  const seen = new Map<string, number>();
  const now = (): number => parseInstant(options.clock.now() as unknown as string);
  let next = 1;

  const answer = (request: ChargeRequest): { answered: ChargeResult; captured: boolean } => {
    const script = scripts.get(request.paymentMethodToken) ?? "approve";
    const count = (seen.get(request.paymentMethodToken) ?? 0) + 1;
    seen.set(request.paymentMethodToken, count);
    const chargeId = `ch_${next++}`;
    if (script === "approve") return { answered: { status: "succeeded", chargeId }, captured: true };
    if (script === "timeoutCharged") return { answered: { status: "unknown" }, captured: true };
    if (script === "timeoutNotCharged") return { answered: { status: "unknown" }, captured: false };
    if (script === "requiresAction") return { answered: { status: "requires_action" }, captured: false };
    if ("pendingDays" in script) return { answered: { status: "pending", chargeId }, captured: true };
    if ("timeoutTimes" in script) return count <= script.timeoutTimes ? { answered: { status: "unknown" }, captured: script.charged } : { answered: { status: "succeeded", chargeId }, captured: true };
    if ("failTimes" in script) {
      if (count <= script.failTimes) return { answered: { status: "declined", code: script.decline ?? "51", kind: script.kind ?? "soft" }, captured: false };
      return { answered: { status: "succeeded", chargeId }, captured: true };
    }
    return { answered: { status: "declined", code: script.decline, kind: script.kind }, captured: false };
  };

  return {
    script: (token, script) => {
      scripts.set(token, script);
    },
    get charges() {
      return charges;
    },
    get refunds() {
      return refunds;
    },
    refuseRefunds: (chargeId) => {
      refused.add(chargeId);
    },
    capturedCount: () => charges.filter((c) => c.captured).length,
    capturedTotal: (currency) => charges.filter((c) => c.captured && c.request.amount.currency === currency).reduce((t, c) => t + c.request.amount.minor, 0) - refunds.filter((r) => r.amount.currency === currency).reduce((t, r) => t + r.amount.minor, 0),
    async charge(request) {
      if (!(request.amount.minor > 0)) throw new RangeError(`charge amount must be above zero, got ${request.amount.minor} minor units`);
      const known = byKey.get(request.idempotencyKey);
      if (known !== undefined) return known.answered;
      const { answered, captured } = answer(request);
      const charge: SimulatedCharge = { request, at: now(), answered, captured };
      byKey.set(request.idempotencyKey, charge);
      charges.push(charge);
      return answered;
    },
    async lookup(key): Promise<LookupResult> {
      const charge = byKey.get(key);
      if (charge === undefined) return { status: "not_found" };
      const a = charge.answered;
      if (a.status === "unknown") return charge.captured ? { status: "succeeded", chargeId: `ch_lookup_${key}` } : { status: "not_found" };
      if (a.status === "pending") {
        const script = scripts.get(charge.request.paymentMethodToken);
        if (script === undefined || typeof script === "string" || !("pendingDays" in script)) return { status: "succeeded", chargeId: a.chargeId };
        if (now() - charge.at < script.pendingDays * DAY) return a;
        if (script.settle === "succeeded") return { status: "succeeded", chargeId: a.chargeId };
        const code = script.settle.returnCode;
        return { status: "declined", code, kind: code === "R01" || code === "R09" ? "soft" : "hard" };
      }
      return a;
    },
    async refund(request) {
      // Idempotent like a real gateway: a key seen before answers as it did and refunds nothing new.
      const known = refundsByKey.get(request.idempotencyKey);
      if (known !== undefined) return known;
      const charge = [...byKey.entries()].find(
        ([key, c]) => ("chargeId" in c.answered && c.answered.chargeId === request.chargeId) || (c.answered.status === "unknown" && `ch_lookup_${key}` === request.chargeId),
      )?.[1];
      const already = refunded.get(request.chargeId) ?? 0;
      let result: RefundResult;
      if (charge === undefined || !charge.captured || refused.has(request.chargeId) || already + request.amount.minor > charge.request.amount.minor) {
        result = { status: "failed" };
      } else {
        refunded.set(request.chargeId, already + request.amount.minor);
        refunds.push(request);
        result = { status: "succeeded", refundId: `re_${refunds.length}` };
      }
      refundsByKey.set(request.idempotencyKey, result);
      return result;
    },
  };
}

