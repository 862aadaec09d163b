import type { CalendarDate } from "../calendar/index.js";
import { ErrorCodes, IssueCollector } from "../errors/index.js";
import { addExact, allocate, fromMinorUnits, money, multiply, negate, ratio, ratioToString, round, subtract, sum, toDecimalString, zero, type Money, type Ratio, type RoundingMode } from "../money/index.js";
import { deepFreeze } from "./freeze.js";
import { InvalidTransitionError } from "./issueInvoice.js";
import { formatDocumentNumber, type NumberFormat } from "./numbering.js";
import type { Invoice, InvoiceLine, LineAdjustment } from "./types.js";

/** What to credit on one invoice line: an amount of its net, or a share of it. */
export interface CreditRequestLine {
  /** The invoice line's id. */
  readonly invoiceLineId: string;
  /** Net amount to credit, a decimal string (`"20.00"`); default the whole remaining net. */
  readonly amount?: string;
  /** Share of the line's net to credit, a fraction (not a percentage): `"0.5"` is half, a Ratio such as `ratio(1, 3)` an exact third; instead of `amount`. */
  readonly share?: string | Ratio;
}

/**
 * Options for {@link createCreditNote}. What to credit, one of four ways: nothing said — the
 * whole invoice (everything not credited yet); `lines` — by line, each in full, by an amount or by
 * a share; `amount` — a net amount of the whole invoice, spread over its lines in proportion to
 * what each has left; `share` — a share of every line.
 */
export interface CreditNoteOptions {
  /** The lines to credit; give this, `amount`, `share` or none of them (the whole invoice). */
  readonly lines?: readonly CreditRequestLine[];
  /** A net amount (before tax) of the whole invoice, a decimal string, e.g. `"25.00"`. */
  readonly amount?: string;
  /** A share of every line, a fraction (not a percentage): `"0.5"` is half; a `Ratio` such as `ratio(1, 3)` an exact third. */
  readonly share?: string | Ratio;
  /** Why, printed on the credit note. */
  readonly reason: string;
  /** The credit note's date. */
  readonly date: CalendarDate;
  /** Credit notes already issued against this invoice: a line is never credited beyond its net. */
  readonly previous?: readonly CreditNote[];
  /** Rounding of the reversed taxes; default `"halfUp"`. */
  readonly rounding?: RoundingMode;
  /** The credit notes' series; default the invoice's series + `"-CN"`. */
  readonly series?: string;
}

/** One tax reversed on a credit-note line. */
export interface CreditedTax {
  /** The tax rule. */
  readonly ruleId: string;
  /** The jurisdiction. */
  readonly jurisdictionId: string;
  /** The tax's name. */
  readonly taxName: string;
  /** The amount reversed (negative). */
  readonly amount: Money;
}

/** One line of a credit note: a negative amount against an invoice line. */
export interface CreditNoteLine {
  /** The invoice line credited. */
  readonly invoiceLineId: string;
  /** Its description. */
  readonly description: string;
  /** Net amount credited (negative). */
  readonly net: Money;
  /** Taxes reversed in proportion (negative). */
  readonly taxes: readonly CreditedTax[];
  /** Sum of the reversed taxes. */
  readonly taxTotal: Money;
  /** `net + taxTotal` (negative). */
  readonly total: Money;
  /** How it was computed. */
  readonly explanation: string;
  /**
   * The share of the invoice line's net this line credits, when it was asked for as a share.
   * Shares add up exactly across notes: two halves credit the whole line, whatever the rounding.
   */
  readonly share?: Ratio;
  /**
   * Set on a credit note from {@link computeAdjustments}: the billed period this line lowers and by
   * how much at price level (negative), so later corrections measure against what is left.
   */
  readonly adjusts?: LineAdjustment;
}

/** A credit note before it is numbered. */
export interface CreditNoteDraft {
  /** Always `"draft"`. */
  readonly status: "draft";
  /** The invoice corrected. */
  readonly invoiceNumber: string;
  /** The contract. */
  readonly contractId: string;
  /** The customer. */
  readonly customerId: string;
  /** Currency (the invoice's). */
  readonly currency: string;
  /** The series it will be numbered in. */
  readonly series: string;
  /** Its date. */
  readonly date: CalendarDate;
  /** Why. */
  readonly reason: string;
  /** The lines. */
  readonly lines: readonly CreditNoteLine[];
  /** Sum of the nets (negative). */
  readonly subtotal: Money;
  /** Sum of the reversed taxes (negative). */
  readonly taxTotal: Money;
  /** Total credited (negative). */
  readonly total: Money;
}

/** An issued, numbered, immutable credit note. */
export interface CreditNote extends Omit<CreditNoteDraft, "status"> {
  /** Always `"issued"`. */
  readonly status: "issued";
  /** Its number, in its own series. */
  readonly number: string;
}

/** The lines of earlier credit notes that credit one invoice line. */
function creditLinesOf(previous: readonly CreditNote[], invoiceNumber: string, lineId: string): CreditNoteLine[] {
  return previous.filter((note) => note.invoiceNumber === invoiceNumber).flatMap((note) => note.lines.filter((l) => l.invoiceLineId === lineId));
}

function credited(previous: readonly CreditNote[], invoiceNumber: string, lineId: string, currency: string): Money {
  const amounts = previous
    .filter((note) => note.invoiceNumber === invoiceNumber)
    .flatMap((note) => note.lines.filter((l) => l.invoiceLineId === lineId).map((l) => negate(l.net)));
  return sum(amounts, currency);
}

function reversedTax(previous: readonly CreditNote[], invoiceNumber: string, lineId: string, ruleId: string, currency: string): Money {
  const amounts = previous
    .filter((note) => note.invoiceNumber === invoiceNumber)
    .flatMap((note) => note.lines.filter((l) => l.invoiceLineId === lineId).flatMap((l) => l.taxes.filter((t) => t.ruleId === ruleId).map((t) => negate(t.amount))));
  return sum(amounts, currency);
}

/**
 * Drafts a credit note against an issued invoice: each credited line's net, with its taxes
 * reversed in the same proportion (a full credit reverses the taxes exactly). An invoice is never
 * edited; this is how it is corrected.
 *
 * @throws {@link ValidationError} listing unknown lines, amounts beyond what is left to credit, and bad shares
 * @throws {@link InvalidTransitionError} for a void invoice
 * @example
 * ```ts
 * const draft = createCreditNote(invoice, {
 *   lines: [{ invoiceLineId: invoice.lines[0].id, share: "0.5" }],
 *   reason: "Monitoring outage, half a month",
 *   date: "2027-01-20",
 * });
 * ```
 */
export function createCreditNote(invoice: Invoice, options: CreditNoteOptions): CreditNoteDraft {
  // Only an issued invoice can be corrected: a void one is gone, and a draft is simply recomputed.
  if (invoice.status === "void" || (invoice.status as string) === "draft") {
    throw new InvalidTransitionError(`invoice ${invoice.number ?? "(draft)"}`, invoice.status, "credited");
  }
  const currency = invoice.currency;
  const mode = options.rounding ?? "halfUp";
  const issues = new IssueCollector();
  const requested = requestedLines(invoice, options, issues);
  if (requested.length === 0 && issues.ok) issues.add(["lines"], ErrorCodes.tooSmall, "a credit note needs at least one line, and nothing of this invoice is left to credit");
  const lines: CreditNoteLine[] = [];
  // Earlier lines of this same request count too, so one line cannot be credited twice over.
  const pending = (): CreditNote => ({ ...draftOf(invoice, options, lines, currency), status: "issued", number: "(this note)" });
  requested.forEach((request, i) => {
    const line: InvoiceLine | undefined = invoice.lines.find((l) => l.id === request.invoiceLineId);
    if (line === undefined) {
      issues.add(["lines", i, "invoiceLineId"], ErrorCodes.invalidReference, `invoice ${invoice.number} has no line "${request.invoiceLineId}"`);
      return;
    }
    const earlier = [...(options.previous ?? []), pending()];
    const left = sum([line.net, negate(credited(earlier, invoice.number, line.id, currency))], currency);
    if (left.minor <= 0) {
      issues.add(["lines", i], ErrorCodes.tooBig, "nothing of this line is left to credit");
      return;
    }
    let net: Money | undefined;
    let share: Ratio | undefined;
    try {
      if (request.amount !== undefined && request.share !== undefined) {
        issues.add(["lines", i], ErrorCodes.invalidValue, "give amount or share, not both");
        return;
      }
      if (request.share !== undefined) share = typeof request.share === "string" ? ratio(request.share, undefined, ["lines", i, "share"]) : ratio(request.share);
      net = request.amount !== undefined ? money(request.amount, currency, ["lines", i]) : share !== undefined ? shareNet(line, share, earlier, invoice.number, left, mode) : left;
    } catch (error) {
      issues.add(["lines", i], ErrorCodes.invalidValue, (error as Error).message);
      return;
    }
    if (net === undefined) {
      issues.add(["lines", i], ErrorCodes.tooBig, `the shares credited come to more than the whole line: only ${toDecimalString(left)} of it is left to credit`);
      return;
    }
    if (net.minor <= 0) {
      issues.add(["lines", i], ErrorCodes.tooSmall, "the credit must be above zero");
      return;
    }
    if (net.minor > left.minor) {
      issues.add(["lines", i], ErrorCodes.tooBig, `only ${toDecimalString(left)} of this line is left to credit, not ${toDecimalString(net)}`);
      return;
    }
    // Taxes are reversed cumulatively: after this note, the line's credited tax is its tax × the
    // share of its net credited so far, rounded — so crediting a line in parts reverses exactly the
    // tax it was charged, never a cent more or less.
    const before = line.net.minor - left.minor;
    const creditedAfter = before + net.minor;
    const full = creditedAfter === line.net.minor;
    const taxShare = ratio(creditedAfter, line.net.minor);
    const taxes: CreditedTax[] = line.taxes.map((tax) => {
      const target = full ? tax.amount : round(multiply(tax.amount, taxShare), mode);
      const already = reversedTax(earlier, invoice.number, line.id, tax.ruleId, currency);
      return { ruleId: tax.ruleId, jurisdictionId: tax.jurisdictionId, taxName: tax.taxName, amount: negate(subtract(target, already)) };
    });
    const taxTotal = sum(taxes.map((t) => t.amount), currency);
    lines.push({
      invoiceLineId: line.id,
      description: line.description,
      net: negate(net),
      taxes,
      taxTotal,
      total: sum([negate(net), taxTotal], currency),
      explanation: `credits ${toDecimalString(net)} of ${toDecimalString(line.net)}${share === undefined ? "" : ` (share ${ratioToString(share)})`}${before > 0 ? ` (after ${toDecimalString(fromMinorUnits(before, currency))} credited before)` : ""}; taxes reversed in proportion, ${full ? "in full" : `cumulative share ${creditedAfter}/${line.net.minor}, ${mode}`}`,
      ...(share === undefined ? {} : { share }),
    });
  });
  issues.throwIfAny();
  return draftOf(invoice, options, lines, currency);
}

/** What each line is asked to credit, from whichever of the four ways the options use. */
function requestedLines(invoice: Invoice, options: CreditNoteOptions, issues: IssueCollector): readonly CreditRequestLine[] {
  const ways = [options.lines, options.amount, options.share].filter((w) => w !== undefined).length;
  if (ways > 1) {
    issues.add([], ErrorCodes.invalidValue, "give one of lines, amount or share (or none, to credit the whole invoice)");
    return [];
  }
  if (options.lines !== undefined) {
    if (options.lines.length === 0) issues.add(["lines"], ErrorCodes.tooSmall, "a credit note needs at least one line");
    return options.lines;
  }
  // Only lines that charged something can be credited, and only what is left of them.
  const left = invoice.lines
    .map((line) => ({ line, left: line.net.minor - credited(options.previous ?? [], invoice.number, line.id, invoice.currency).minor }))
    .filter((x) => x.line.net.minor > 0 && x.left > 0);
  if (options.share !== undefined) return left.map((x) => ({ invoiceLineId: x.line.id, share: options.share }) as CreditRequestLine);
  if (options.amount === undefined) return left.map((x) => ({ invoiceLineId: x.line.id }));
  let amount: Money;
  try {
    amount = money(options.amount, invoice.currency, ["amount"]);
  } catch (error) {
    issues.add(["amount"], ErrorCodes.invalidValue, (error as Error).message);
    return [];
  }
  const room = left.reduce((t, x) => t + x.left, 0);
  if (amount.minor <= 0) issues.add(["amount"], ErrorCodes.tooSmall, "the credit must be above zero");
  else if (amount.minor > room) issues.add(["amount"], ErrorCodes.tooBig, `only ${toDecimalString(fromMinorUnits(room, invoice.currency))} of this invoice is left to credit, not ${toDecimalString(amount)}`);
  if (!issues.ok) return [];
  const shares = allocate(amount, left.map((x) => x.left));
  return left.map((x, k) => ({ invoiceLineId: x.line.id, amount: toDecimalString(shares[k] as Money) })).filter((r) => r.amount !== toDecimalString(zero(invoice.currency)));
}

/**
 * The net to credit for a share of a line. When every earlier credit of the line was a share too,
 * the shares are added exactly and the total rounded once — so two halves of 39.99 credit 20.00
 * and then 19.99, not 20.00 twice; otherwise the share of the line's net, rounded.
 *
 * Undefined when the shares together come to more than the whole line.
 */
function shareNet(line: InvoiceLine, share: Ratio, earlier: readonly CreditNote[], invoiceNumber: string, left: Money, mode: RoundingMode): Money | undefined {
  const before = creditLinesOf(earlier, invoiceNumber, line.id);
  const shares = before.map((l) => l.share);
  if (!shares.every((s): s is Ratio => s !== undefined)) return round(multiply(line.net, share), mode);
  const total = addExact(...shares.map((s) => multiply(line.net, s)), multiply(line.net, share));
  if (round(total, "up").minor > line.net.minor) return undefined;
  const after = round(total, mode);
  return fromMinorUnits(after.minor - (line.net.minor - left.minor), line.net.currency);
}

function draftOf(invoice: Invoice, options: CreditNoteOptions, lines: readonly CreditNoteLine[], currency: string): CreditNoteDraft {
  const subtotal = sum(lines.map((l) => l.net), currency);
  const taxTotal = sum(lines.map((l) => l.taxTotal), currency);
  return {
    status: "draft",
    invoiceNumber: invoice.number,
    contractId: invoice.contractId,
    customerId: invoice.customerId,
    currency,
    series: options.series ?? `${invoice.series}-CN`,
    date: options.date,
    reason: options.reason,
    lines: [...lines],
    subtotal,
    taxTotal,
    total: lines.length === 0 ? zero(currency) : sum([subtotal, taxTotal], currency),
  };
}

/** Options for {@link issueCreditNote}. */
export interface IssueCreditNoteOptions {
  /** The next counter of the credit-note series, from your sequence. */
  readonly counter: number;
  /** How the number looks. */
  readonly format?: NumberFormat;
}

/**
 * Numbers a credit-note draft in its own series and freezes it.
 *
 * @example
 * ```ts
 * issueCreditNote(draft, { counter: 1 }).number; // "RES-CN-2027-000001"
 * ```
 */
export function issueCreditNote(draft: CreditNoteDraft, options: IssueCreditNoteOptions): CreditNote {
  // Numbering a note twice would credit the customer twice and spend a number of the series.
  if (draft.status !== "draft") {
    throw new InvalidTransitionError(`credit note ${(draft as unknown as CreditNote).number ?? ""}`.trim(), draft.status, "issued");
  }
  const number = formatDocumentNumber(draft.series, draft.date, options.counter, options.format);
  const { status: _status, ...rest } = draft;
  return deepFreeze({ ...rest, status: "issued" as const, number });
}
