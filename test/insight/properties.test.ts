import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addDays,
  agingAt,
  buildBook,
  computeInsight,
  fromMinorUnits,
  insightToJson,
  recognitionSchedule,
  rmrAt,
  rmrMovement,
  type CreditNoteFact,
  type InsightFacts,
  type InvoiceFact,
  type MessageFact,
  type ReceivedPaymentFact,
  type RecurringCharge,
} from "../../src/index.js";

const DAY0 = "2027-01-01";
const day = (n: number): string => addDays(DAY0, n);
const cents = (minor: number) => fromMinorUnits(minor, "USD");

interface Draft {
  readonly issue: number;
  readonly terms: number;
  readonly total: number;
  readonly status: "open" | "paid" | "void" | "uncollectible";
  readonly closedAfter: number;
  readonly account: number;
  readonly months: number;
  readonly payments: readonly { readonly after: number; readonly part: number }[];
  readonly credit: { readonly after: number; readonly part: number } | null;
}

const draftArb: fc.Arbitrary<Draft> = fc.record({
  issue: fc.integer({ min: 0, max: 400 }),
  terms: fc.integer({ min: 0, max: 45 }),
  total: fc.integer({ min: 1, max: 500_000 }),
  status: fc.constantFrom("open", "paid", "void", "uncollectible"),
  closedAfter: fc.integer({ min: 0, max: 200 }),
  account: fc.integer({ min: 0, max: 6 }),
  months: fc.constantFrom(1, 1, 3, 12),
  payments: fc.array(fc.record({ after: fc.integer({ min: 0, max: 150 }), part: fc.integer({ min: 1, max: 100 }) }), { maxLength: 3 }),
  credit: fc.option(fc.record({ after: fc.integer({ min: 0, max: 150 }), part: fc.integer({ min: 1, max: 100 }) })),
});

/** Facts from drafts: each invoice with one recurring line, payments of parts of it (never more than it owes), a credit note. */
function factsOf(drafts: readonly Draft[]): InsightFacts {
  const invoices: InvoiceFact[] = [];
  const payments: ReceivedPaymentFact[] = [];
  const creditNotes: CreditNoteFact[] = [];
  const messages: MessageFact[] = [];
  drafts.forEach((d, i) => {
    const number = `INV-${i}`;
    const accountId = `A-${d.account}`;
    const start = day(d.issue + 5);
    const end = addDays(start, d.months === 1 ? 31 : d.months === 3 ? 90 : 365);
    invoices.push({
      accountId,
      invoice: {
        number,
        contractId: `C-${d.account}`,
        customerName: `Customer ${d.account}`,
        currency: "USD",
        kind: "cycle",
        status: d.status,
        issueDate: day(d.issue),
        dueDate: day(d.issue + d.terms),
        total: cents(d.total),
        ...(d.status === "open" ? {} : { closedOn: day(d.issue + d.closedAfter) }),
        period: { start, end, fullStart: start, fullEnd: end },
        lines: [{ id: `L-${i}`, lineId: `L-${i}`, siteId: "S", kind: "recurring", description: "Monitoring", servicePeriod: { start, end }, net: cents(d.total), explanation: { fraction: "1" } }],
      },
    });
    let left = d.total;
    if (d.credit !== null) {
      const amount = Math.max(1, Math.floor((left * d.credit.part) / 100));
      left -= amount;
      creditNotes.push({ number: `CN-${i}`, invoiceNumber: number, date: day(d.issue + d.credit.after), reason: "r", total: cents(-amount) });
    }
    d.payments.forEach((p, k) => {
      const amount = Math.floor((left * p.part) / 100);
      if (amount <= 0) return;
      left -= amount;
      payments.push({ id: `P-${i}-${k}`, accountId, amount: cents(amount), channel: k === 0 ? "autopay" : "check", receivedOn: day(d.issue + p.after), allocations: [{ invoiceNumber: number, amount: cents(amount) }] });
    });
    messages.push({ key: `invoice:${number}:reminder:0:email`, accountId, kind: "paymentReminder", reference: number, status: "accepted", createdAt: `${day(d.issue + d.terms)}T12:00:00Z`, events: [] });
    messages.push({ key: `invoice:${number}:deliver:email`, accountId, kind: "invoice", reference: number, status: "accepted", createdAt: `${day(d.issue)}T12:00:00Z`, events: [] });
  });
  return { currency: "USD", invoices, payments, creditNotes, messages, contracts: [0, 1, 2, 3, 4, 5, 6].map((a) => ({ id: `C-${a}`, accountId: `A-${a}`, customerName: `Customer ${a}`, start: DAY0, autoPay: a % 2 === 0 })) };
}

/** What the invoices owed at the end of `asOf`, computed plainly from the facts. */
function receivables(facts: InsightFacts, asOf: string): number {
  let total = 0;
  for (const f of facts.invoices) {
    const inv = f.invoice;
    if (inv.status === "void" || inv.issueDate > asOf) continue;
    if (inv.status === "uncollectible" && (inv.closedOn as string) <= asOf) continue;
    let owed = inv.total.minor;
    for (const p of facts.payments ?? []) for (const a of p.allocations) if (a.invoiceNumber === inv.number && p.receivedOn <= asOf) owed -= a.amount.minor;
    for (const n of facts.creditNotes ?? []) if (n.invoiceNumber === inv.number && n.date <= asOf) owed += n.total.minor;
    total += Math.max(0, owed);
  }
  return total;
}

describe("insight properties", () => {
  it("aging buckets sum to total receivables, which is what every invoice still owed", () => {
    fc.assert(
      fc.property(fc.array(draftArb, { maxLength: 30 }), fc.integer({ min: 0, max: 500 }), (drafts, at) => {
        const facts = factsOf(drafts);
        const asOf = day(at);
        const aging = agingAt(buildBook(facts), asOf);
        const buckets = aging.buckets.reduce((s, b) => s + b.total.minor, 0);
        const perInvoice = aging.buckets.reduce((s, b) => s + b.invoices.reduce((x, i) => x + i.owed.minor, 0), 0);
        const perAccount = aging.accounts.reduce((s, a) => s + a.total.minor, 0);
        expect(buckets).toBe(aging.total.minor);
        expect(perInvoice).toBe(aging.total.minor);
        expect(perAccount).toBe(aging.total.minor);
        expect(aging.total.minor).toBe(receivables(facts, asOf));
      }),
      { numRuns: 200 },
    );
  });

  const chargeArb: fc.Arbitrary<RecurringCharge> = fc
    .record({ contract: fc.integer({ min: 0, max: 8 }), line: fc.integer({ min: 0, max: 3 }), minor: fc.integer({ min: 0, max: 100_000 }), from: fc.integer({ min: 0, max: 300 }), length: fc.option(fc.integer({ min: 1, max: 300 })) })
    .map((c) => ({
      contractId: `C-${c.contract}`,
      accountId: `A-${c.contract}`,
      customerName: "x",
      lineKey: `L-${c.line}`,
      description: `Line ${c.line}`,
      monthly: cents(c.minor),
      from: day(c.from),
      ...(c.length === null ? {} : { until: day(c.from + c.length), endReason: "moved" }),
    }));

  it("RMR movement components sum to the change in RMR", () => {
    fc.assert(
      fc.property(fc.array(chargeArb, { maxLength: 40 }), fc.integer({ min: 0, max: 400 }), fc.integer({ min: 1, max: 400 }), (charges, a, length) => {
        const from = day(a);
        const to = day(a + length);
        const mv = rmrMovement(charges, from, to, "USD");
        expect(mv.start.minor).toBe(rmrAt(charges, from, "USD").minor);
        expect(mv.end.minor).toBe(rmrAt(charges, to, "USD").minor);
        expect(mv.new.minor + mv.expansion.minor - mv.contraction.minor - mv.churn.minor).toBe(mv.end.minor - mv.start.minor);
        expect(mv.changes.reduce((s, c) => s + c.change.minor, 0)).toBe(mv.end.minor - mv.start.minor);
      }),
      { numRuns: 300 },
    );
  });

  it("no metric counts a void invoice", () => {
    fc.assert(
      fc.property(fc.array(draftArb, { maxLength: 15 }), fc.array(draftArb, { minLength: 1, maxLength: 5 }), fc.integer({ min: 30, max: 500 }), (drafts, voids, at) => {
        const base = factsOf(drafts);
        const extra = factsOf([...drafts, ...voids.map((v) => ({ ...v, status: "void" as const }))]);
        const asOf = day(at);
        const a = insightToJson(computeInsight(base, { asOf }));
        const b = insightToJson(computeInsight(extra, { asOf }));
        expect(b).toEqual(a);
      }),
      { numRuns: 60 },
    );
  });

  it("the revenue schedule of every line sums to the line, to the cent", () => {
    fc.assert(
      fc.property(fc.array(draftArb, { maxLength: 20 }), fc.constantFrom("daily" as const, "monthly" as const), (drafts, method) => {
        const facts = factsOf(drafts);
        const rows = recognitionSchedule(facts.invoices, [], method);
        for (const f of facts.invoices) {
          if (f.invoice.status === "void") continue;
          const line = f.invoice.lines?.[0];
          const sum = rows.filter((r) => r.lineId === line?.id).reduce((s, r) => s + r.amount.minor, 0);
          expect(sum).toBe(line?.net.minor);
        }
      }),
      { numRuns: 100 },
    );
  });
});
