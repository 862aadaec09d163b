/** What a bounce or a complaint says about a message sent (see {@link parseSmtpReport}). */
export interface SmtpReport {
  /** The `Message-ID` of the message it is about, without the angle brackets: the `messageId` the notifier returned. */
  readonly messageId: string;
  /** `"bounced"` (a permanent failure), `"complained"` (marked as spam) or `"delivered"` (a success notice). */
  readonly kind: "bounced" | "complained" | "delivered";
  /** When the report was received (ISO instant). */
  readonly at: string;
  /** The recipient it is about, when the report names it. */
  readonly recipient?: string | undefined;
  /** The enhanced status code, e.g. `"5.1.1"` (a bounce). */
  readonly status?: string | undefined;
  /** The receiving server's words, e.g. `"550 5.1.1 No such user"`. */
  readonly diagnostic?: string | undefined;
  /** The feedback type of a complaint, e.g. `"abuse"`. */
  readonly feedbackType?: string | undefined;
}

/** A header field of a block of `Name: value` lines (folded lines unfolded), case-insensitive. */
function field(block: string, name: string): string | undefined {
  const unfolded = block.replace(/\r?\n[ \t]+/g, " ");
  const m = new RegExp(`^${name}:[ \\t]*(.*)$`, "im").exec(unfolded);
  return m?.[1]?.trim();
}

/**
 * Reads a delivery status notification (RFC 3464, `multipart/report; report-type=delivery-status`,
 * as a mail server sends back to the envelope sender) or a complaint (an ARF feedback report, RFC
 * 5965, as a mailbox provider's feedback loop sends) and says which sent message it is about — by
 * the original `Message-ID` it quotes — and what happened, as the delivery event the engine takes
 * (`engine.recordDeliveryEvent`): `Action: failed` is `"bounced"`, a feedback report
 * `"complained"`, `Action: delivered` or `relayed` `"delivered"`. A delay (`Action: delayed`, a 4.x.x
 * status: the server keeps trying) and anything that is not a report is `undefined`.
 *
 * @example
 * ```ts
 * const report = parseSmtpReport(rawBounceEmail, { at: "2027-01-26T15:00:00Z" });
 * if (report !== undefined) await engine.recordDeliveryEvent(report);
 * ```
 */
export function parseSmtpReport(raw: string, options: { readonly at: string }): SmtpReport | undefined {
  const text = raw.replace(/\r\n/g, "\n");
  const split = text.indexOf("\n\n");
  if (split < 0) return undefined;
  const headers = text.slice(0, split);
  const body = text.slice(split + 2);
  const contentType = (field(headers, "Content-Type") ?? "").toLowerCase();
  if (!contentType.startsWith("multipart/report")) return undefined;
  // The original message's headers are quoted in the body (text/rfc822-headers or message/rfc822):
  // the first Message-ID there is the one sent (the report's own is in the outer headers).
  const original = /^Message-ID:[ \t]*(?:\r?\n[ \t]+)?<([^>\s]+)>/im.exec(body)?.[1];
  if (original === undefined) return undefined;
  const base = { messageId: original, at: options.at };
  if (contentType.includes("feedback-report")) {
    const feedbackType = field(body, "Feedback-Type");
    if (feedbackType === undefined) return undefined;
    const recipient = field(body, "Original-Rcpt-To");
    return { ...base, kind: "complained", feedbackType, ...(recipient === undefined ? {} : { recipient }) };
  }
  if (!contentType.includes("delivery-status")) return undefined;
  const action = field(body, "Action")?.toLowerCase();
  const status = field(body, "Status");
  const recipient = field(body, "Final-Recipient")?.replace(/^rfc822;\s*/i, "");
  const diagnostic = field(body, "Diagnostic-Code")?.replace(/^smtp;\s*/i, "");
  const details = { ...(recipient === undefined ? {} : { recipient }), ...(status === undefined ? {} : { status }), ...(diagnostic === undefined ? {} : { diagnostic }) };
  if (action === "failed" && !(status?.startsWith("4") ?? false)) return { ...base, kind: "bounced", ...details };
  if (action === "delivered" || action === "relayed" || action === "expanded") return { ...base, kind: "delivered", ...details };
  return undefined;
}
