import { isCalendarDate, isValidTimeZone, parseInstant } from "../calendar/index.js";
import { ErrorCodes, IssueCollector, ValidationError, type IssuePath } from "../errors/index.js";
import { isCurrencyCode, type Money } from "../money/index.js";
import type { TimelineFacts } from "./facts.js";

/**
 * Facts {@link timelineFacts} built from a parsed contract and its issued invoices: already checked,
 * so {@link nextActions} does not check them again (it runs for every contract on every engine run).
 * Facts built by hand are checked on every call.
 */
const trusted = new WeakSet<object>();

/** Marks facts built from checked inputs. @internal */
export function trustFacts(facts: TimelineFacts): TimelineFacts {
  trusted.add(facts);
  return facts;
}

/** Whether facts came from {@link timelineFacts}. @internal */
export function isTrustedFacts(facts: TimelineFacts): boolean {
  return trusted.has(facts);
}

const CHANNELS = new Set(["email", "sms", "portal"]);
const OUTCOMES = new Set(["succeeded", "processing", "unknown", "declined", "returned"]);
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const describe = (value: unknown): string => (value === undefined ? "nothing" : JSON.stringify(value) ?? String(value));

/** The problems of hand-built timeline facts, every one, each at its path. */
class FactChecker {
  readonly issues = new IssueCollector();

  text(value: unknown, path: IssuePath, required: boolean): void {
    if (value === undefined && !required) return;
    if (typeof value !== "string" || value.trim() === "") this.issues.add(path, value === undefined ? ErrorCodes.required : ErrorCodes.invalidValue, `expected a non-empty string, got ${describe(value)}`);
  }

  flag(value: unknown, path: IssuePath): void {
    if (value !== undefined && typeof value !== "boolean") this.issues.add(path, ErrorCodes.invalidValue, `expected true or false, got ${describe(value)}`);
  }

  oneOf(value: unknown, allowed: ReadonlySet<string>, path: IssuePath, required: boolean): void {
    if (value === undefined && !required) return;
    if (typeof value !== "string" || !allowed.has(value)) this.issues.add(path, value === undefined ? ErrorCodes.required : ErrorCodes.invalidOption, `expected one of ${[...allowed].map((a) => `"${a}"`).join(", ")}, got ${describe(value)}`);
  }

  date(value: unknown, path: IssuePath, required: boolean): boolean {
    if (value === undefined && !required) return false;
    if (isCalendarDate(value)) return true;
    this.issues.add(path, value === undefined ? ErrorCodes.required : ErrorCodes.invalidDate, `expected a day "YYYY-MM-DD", got ${describe(value)}`);
    return false;
  }

  /** Epoch milliseconds of a valid instant, or undefined (the problem recorded when it is given). */
  instant(value: unknown, path: IssuePath, required: boolean): number | undefined {
    if (value === undefined && !required) return undefined;
    try {
      return parseInstant(value, path);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      for (const issue of error.issues) this.issues.add(issue.path, issue.code, issue.message);
      return undefined;
    }
  }

  count(value: unknown, path: IssuePath, least: number): void {
    if (value === undefined) return;
    if (typeof value !== "number" || !Number.isSafeInteger(value) || value < least) this.issues.add(path, ErrorCodes.invalidValue, `expected a whole number of at least ${least}, got ${describe(value)}`);
  }

  /** A money value: integer minor units, at least `least`, in `currency` when one is given. */
  money(value: unknown, path: IssuePath, least: number, currency: string | undefined): value is Money {
    if (!isObject(value)) {
      this.issues.add(path, value === undefined ? ErrorCodes.required : ErrorCodes.invalidValue, `expected money { minor, currency }, got ${describe(value)}`);
      return false;
    }
    let ok = true;
    if (typeof value["currency"] !== "string" || !isCurrencyCode(value["currency"])) {
      this.issues.add([...path, "currency"], ErrorCodes.unknownCurrency, `expected an ISO 4217 currency code, got ${describe(value["currency"])}`);
      ok = false;
    } else if (currency !== undefined && value["currency"] !== currency) {
      this.issues.add([...path, "currency"], ErrorCodes.currencyMismatch, `expected ${currency} (the invoice's currency), got ${value["currency"]}`);
      ok = false;
    }
    const minor = value["minor"];
    if (typeof minor !== "number" || !Number.isSafeInteger(minor) || minor < least) {
      this.issues.add([...path, "minor"], ErrorCodes.invalidValue, `expected a whole number of minor units of at least ${least}, got ${describe(minor)}`);
      ok = false;
    }
    return ok;
  }

  list(value: unknown, path: IssuePath): readonly unknown[] {
    if (value === undefined) return [];
    if (Array.isArray(value)) return value;
    this.issues.add(path, ErrorCodes.invalidValue, `expected a list, got ${describe(value)}`);
    return [];
  }

  customer(value: unknown): void {
    const path = ["customer"];
    if (!isObject(value)) {
      this.issues.add(path, ErrorCodes.required, `expected the customer's facts, got ${describe(value)}`);
      return;
    }
    this.text(value["id"], [...path, "id"], true);
    if (!isValidTimeZone(value["timeZone"])) this.issues.add([...path, "timeZone"], value["timeZone"] === undefined ? ErrorCodes.required : ErrorCodes.unknownTimeZone, `expected an IANA time zone such as "America/Chicago", got ${describe(value["timeZone"])}`);
    const contact = value["contact"];
    if (!isObject(contact)) this.issues.add([...path, "contact"], ErrorCodes.required, `expected the contact { email?, phone?, smsConsent? }, got ${describe(contact)}`);
    else {
      for (const field of ["name", "email", "phone"]) this.text(contact[field], [...path, "contact", field], false);
      this.flag(contact["smsConsent"], [...path, "contact", "smsConsent"]);
    }
    for (const field of ["channels", "bouncedChannels"]) this.list(value[field], [...path, field]).forEach((c, i) => this.oneOf(c, CHANNELS, [...path, field, i], true));
    this.text(value["locale"], [...path, "locale"], false);
    this.text(value["jurisdiction"], [...path, "jurisdiction"], false);
    if (value["autoPay"] !== undefined) this.method(value["autoPay"], [...path, "autoPay"]);
  }

  method(value: unknown, path: IssuePath): void {
    if (!isObject(value)) {
      this.issues.add(path, ErrorCodes.invalidValue, `expected a payment method { kind, token }, got ${describe(value)}`);
      return;
    }
    this.oneOf(value["kind"], new Set(["card", "ach"]), [...path, "kind"], true);
    this.text(value["token"], [...path, "token"], true);
    if (value["expiry"] !== undefined && (typeof value["expiry"] !== "string" || !/^\d{4}-(0[1-9]|1[0-2])$/.test(value["expiry"]))) this.issues.add([...path, "expiry"], ErrorCodes.invalidValue, `expected a card expiry "YYYY-MM", got ${describe(value["expiry"])}`);
    this.text(value["network"], [...path, "network"], false);
  }

  invoice(value: unknown, path: IssuePath, ids: Map<string, unknown>): void {
    if (!isObject(value)) {
      this.issues.add(path, ErrorCodes.invalidValue, `expected an invoice's facts, got ${describe(value)}`);
      return;
    }
    const id = value["id"];
    this.text(id, [...path, "id"], true);
    if (typeof id === "string") {
      // The same invoice twice is planned once; two different invoices under one id cannot both be right.
      const seen = ids.get(id);
      if (seen !== undefined && seen !== value && JSON.stringify(seen) !== JSON.stringify(value)) this.issues.add([...path, "id"], ErrorCodes.invalidReference, `invoice ${id} is listed twice with different facts`);
      ids.set(id, value);
    }
    const due = this.date(value["dueDate"], [...path, "dueDate"], true);
    const issued = this.date(value["issueDate"], [...path, "issueDate"], false);
    if (due && issued && (value["issueDate"] as string) > (value["dueDate"] as string)) this.issues.add([...path, "dueDate"], ErrorCodes.endBeforeStart, `the due date ${value["dueDate"] as string} is before the issue date ${value["issueDate"] as string}`);
    const currency = this.money(value["total"], [...path, "total"], 0, undefined) ? (value["total"] as Money).currency : undefined;
    this.list(value["payments"], [...path, "payments"]).forEach((payment, i) => {
      const at = [...path, "payments", i];
      if (!isObject(payment)) this.issues.add(at, ErrorCodes.invalidValue, `expected a payment { at, amount }, got ${describe(payment)}`);
      else {
        this.instant(payment["at"], [...at, "at"], true);
        this.money(payment["amount"], [...at, "amount"], 1, currency);
      }
    });
    const attemptIds = new Set<string>();
    this.list(value["attempts"], [...path, "attempts"]).forEach((attempt, i) => this.attempt(attempt, [...path, "attempts", i], attemptIds));
    this.instant(value["voidedAt"], [...path, "voidedAt"], false);
    this.list(value["disputes"], [...path, "disputes"]).forEach((dispute, i) => {
      const at = [...path, "disputes", i];
      if (!isObject(dispute)) {
        this.issues.add(at, ErrorCodes.invalidValue, `expected a dispute { openedAt, closedAt? }, got ${describe(dispute)}`);
        return;
      }
      const opened = this.instant(dispute["openedAt"], [...at, "openedAt"], true);
      const closed = this.instant(dispute["closedAt"], [...at, "closedAt"], false);
      if (opened !== undefined && closed !== undefined && closed < opened) this.issues.add([...at, "closedAt"], ErrorCodes.endBeforeStart, "a dispute cannot close before it opened");
    });
    this.flag(value["waiveLateFees"], [...path, "waiveLateFees"]);
  }

  attempt(value: unknown, path: IssuePath, ids: Set<string>): void {
    if (!isObject(value)) {
      this.issues.add(path, ErrorCodes.invalidValue, `expected a payment attempt { id, at, method, outcome }, got ${describe(value)}`);
      return;
    }
    const id = value["id"];
    this.text(id, [...path, "id"], true);
    if (typeof id === "string") {
      if (ids.has(id)) this.issues.add([...path, "id"], ErrorCodes.invalidReference, `attempt ${id} is listed twice`);
      ids.add(id);
    }
    const at = this.instant(value["at"], [...path, "at"], true);
    this.method(value["method"], [...path, "method"]);
    this.oneOf(value["origin"], new Set(["automatic", "customer"]), [...path, "origin"], false);
    const outcome = value["outcome"];
    if (!isObject(outcome)) this.issues.add([...path, "outcome"], ErrorCodes.required, `expected an outcome { kind }, got ${describe(outcome)}`);
    else {
      this.oneOf(outcome["kind"], OUTCOMES, [...path, "outcome", "kind"], true);
      if (outcome["kind"] === "declined" && !isObject(outcome["decline"])) this.issues.add([...path, "outcome", "decline"], ErrorCodes.required, "a declined attempt names its decline ({ reason } or { responseCode })");
      if (outcome["kind"] === "returned") this.text(outcome["returnCode"], [...path, "outcome", "returnCode"], true);
    }
    const answered = this.instant(value["outcomeAt"], [...path, "outcomeAt"], false);
    if (at !== undefined && answered !== undefined && answered < at) this.issues.add([...path, "outcomeAt"], ErrorCodes.endBeforeStart, "an outcome cannot come before its attempt");
  }

  contract(value: unknown, path: IssuePath): void {
    if (!isObject(value)) {
      this.issues.add(path, ErrorCodes.invalidValue, `expected a contract term's facts, got ${describe(value)}`);
      return;
    }
    this.text(value["id"], [...path, "id"], true);
    const start = this.date(value["start"], [...path, "start"], true);
    const end = this.date(value["end"], [...path, "end"], true);
    if (start && end && (value["end"] as string) <= (value["start"] as string)) this.issues.add([...path, "end"], ErrorCodes.endBeforeStart, `the term ends (${value["end"] as string}) on or before it starts (${value["start"] as string})`);
    this.oneOf(value["renewal"], new Set(["fixedTerm", "automatic"]), [...path, "renewal"], true);
    const recurring = value["recurringPrice"] !== undefined && this.money(value["recurringPrice"], [...path, "recurringPrice"], 0, undefined) ? (value["recurringPrice"] as Money).currency : undefined;
    if (value["renewalPrice"] !== undefined) this.money(value["renewalPrice"], [...path, "renewalPrice"], 0, recurring);
    this.count(value["renewalTermMonths"], [...path, "renewalTermMonths"], 1);
    this.count(value["cancellationNoticeDays"], [...path, "cancellationNoticeDays"], 0);
    const response = value["response"];
    if (response !== undefined) {
      if (!isObject(response)) this.issues.add([...path, "response"], ErrorCodes.invalidValue, `expected the customer's answer { decision, at }, got ${describe(response)}`);
      else {
        this.oneOf(response["decision"], new Set(["accepted", "declined"]), [...path, "response", "decision"], true);
        this.instant(response["at"], [...path, "response", "at"], true);
      }
    }
    for (const field of ["cancelledAt", "renewalNoticeSentAt", "priceIncreaseNoticeSentAt"]) this.instant(value[field], [...path, field], false);
  }
}

/**
 * Checks timeline facts built by hand (not by {@link timelineFacts}) and `asOf`, as
 * {@link nextActions} does before it plans: every problem at once, each at its path — a missing or
 * unknown time zone, a date or instant that is not one, money that is not whole minor units or is in
 * another currency than its invoice, a due date before the issue date, two different invoices under
 * one id (the same invoice listed twice is planned once), an attempt listed twice, an outcome before
 * its attempt, a term that ends before it starts.
 *
 * @throws {@link ValidationError} listing every problem
 * @example
 * ```ts
 * checkTimelineFacts({ customer: { id: "C-1", timeZone: "Mars/Olympus", contact: {} }, invoices: [{ id: "I-1", dueDate: "2027-02-30", total: { minor: 1.5, currency: "USD" } }] }, "2027-01-01T00:00:00Z");
 * // → throws ValidationError
 * ```
 */
export function checkTimelineFacts(facts: unknown, asOf: unknown): void {
  const check = new FactChecker();
  check.instant(asOf, ["asOf"], true);
  if (!isObject(facts)) {
    check.issues.add([], ErrorCodes.invalidValue, `expected timeline facts { customer, invoices?, contracts? }, got ${describe(facts)}`);
    check.issues.throwIfAny();
    return;
  }
  check.customer(facts["customer"]);
  const ids = new Map<string, unknown>();
  check.list(facts["invoices"], ["invoices"]).forEach((invoice, i) => check.invoice(invoice, ["invoices", i], ids));
  check.list(facts["contracts"], ["contracts"]).forEach((contract, i) => check.contract(contract, ["contracts", i]));
  if (facts["policy"] !== undefined && !isObject(facts["policy"])) check.issues.add(["policy"], ErrorCodes.invalidValue, `expected a timeline policy (see parseTimelinePolicy), got ${describe(facts["policy"])}`);
  check.issues.throwIfAny();
}
