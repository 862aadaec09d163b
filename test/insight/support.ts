import { money, type Money } from "../../src/index.js";
import type { InvoiceFact, InvoiceFactLine, MessageFact, ReceivedPaymentFact } from "../../src/index.js";

/** USD from a decimal string. */
export const usd = (amount: string): Money => money(amount, "USD");

/** A recurring line of `net` over `[start, end)`. */
export function recurring(id: string, net: string, start: string, end: string, fraction = "1", description = `Line ${id}`): InvoiceFactLine {
  return { id: `S-1/${id}/${start}`, lineId: id, siteId: "S-1", kind: "recurring", description, servicePeriod: { start, end }, net: usd(net), explanation: { fraction } };
}

/** An invoice fact. */
export function invoice(
  number: string,
  accountId: string,
  o: {
    issue: string;
    due: string;
    total: string;
    status?: "open" | "paid" | "void" | "uncollectible";
    closedOn?: string;
    contractId?: string;
    name?: string;
    kind?: "cycle" | "adjustment" | "final" | "lateFee";
    period?: { start: string; end: string; fullStart?: string; fullEnd?: string };
    lines?: InvoiceFactLine[];
  },
): InvoiceFact {
  const p = o.period;
  return {
    accountId,
    invoice: {
      number,
      contractId: o.contractId ?? `C-${accountId}`,
      customerName: o.name ?? `Customer ${accountId}`,
      currency: "USD",
      kind: o.kind ?? "cycle",
      status: o.status ?? "open",
      issueDate: o.issue,
      dueDate: o.due,
      total: usd(o.total),
      ...(o.closedOn === undefined ? {} : { closedOn: o.closedOn }),
      ...(p === undefined ? {} : { period: { start: p.start, end: p.end, fullStart: p.fullStart ?? p.start, fullEnd: p.fullEnd ?? p.end } }),
      ...(o.lines === undefined ? {} : { lines: o.lines }),
    },
  };
}

/** A payment of `amount` received on `on`, all to one invoice. */
export function payment(id: string, accountId: string, on: string, invoiceNumber: string, amount: string, channel = "check"): ReceivedPaymentFact {
  return { id, accountId, amount: usd(amount), channel, receivedOn: on, allocations: [{ invoiceNumber, amount: usd(amount) }] };
}

/** A reminder message about an invoice at a step, sent at noon UTC on `on`. */
export function reminder(invoiceNumber: string, accountId: string, step: number, on: string, events: MessageFact["events"] = []): MessageFact {
  return { key: `invoice:${invoiceNumber}:reminder:${step}:email`, accountId, kind: "paymentReminder", reference: invoiceNumber, status: "accepted", createdAt: `${on}T12:00:00Z`, events };
}
