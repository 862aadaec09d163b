import Handlebars from "handlebars";
import type { Money } from "../money/index.js";
import { ErrorCodes, ValidationError } from "../errors/index.js";
import type { Brand } from "./brand.js";
import { EN_US } from "./catalog.enUS.js";
import { ES_US } from "./catalog.esUS.js";
import { FR_CA } from "./catalog.frCA.js";
import { emailLayout, specToMjml, specToText, styleKey } from "./layout.js";
import { formatAmount, formatDay, formatMoment, messageLocaleFor, type MessageLocale } from "./locale.js";
import type { MessageKind, MessageModels, TemplateId } from "./models.js";
import { smsSize, toGsmAlphabet, type SmsEncoding } from "./sms.js";
import type { Catalogs } from "./spec.js";

const CATALOGS: Catalogs = { "en-US": EN_US, "es-US": ES_US, "fr-CA": FR_CA };

/**
 * A user's replacement for (part of) a template. Each part is a Handlebars template over the
 * kind's model (see {@link MessageModels}), with `brand`, `licences` and the helpers `money`,
 * `date` and `moment`; parts left out keep the built-in ones.
 */
export interface TemplateOverride {
  /** The subject line (plain text). */
  readonly subject?: string | undefined;
  /**
   * The email: MJML for inside the layout's content column (`<mj-text>…</mj-text>` elements), or
   * a whole `<mjml>` document. HTML-escaped by Handlebars: `{{customerName}}` is always text.
   * The MJML is compiled before the values are filled in: block helpers (`{{#if}}`) go inside an
   * element's text or a table's rows, not around MJML elements.
   */
  readonly html?: string | undefined;
  /** The plain-text body. */
  readonly text?: string | undefined;
  /** The SMS text. */
  readonly sms?: string | undefined;
}

/**
 * Template overrides by template id, then by locale: an exact BCP 47 locale (`"es-MX"`), a
 * built-in one it falls back to (`"es-US"`), or `"*"` for every locale.
 */
export type TemplateOverrides = { readonly [id in TemplateId]?: Readonly<Record<string, TemplateOverride>> };

/** Options for {@link renderMessage}. */
export interface RenderMessageOptions {
  /** The sender (see {@link parseBrand}). */
  readonly brand: Brand;
  /** The customer's BCP 47 locale; built-in templates exist for en-US, es-US and fr-CA, others fall back by language. */
  readonly locale: string;
  /** The customer's IANA time zone, for instants (a payment's moment, a due date given as an instant). Default UTC. */
  readonly timeZone?: string | undefined;
  /** The user's templates, compiled once per overrides object and cached. */
  readonly overrides?: TemplateOverrides | undefined;
  /**
   * `"gsm"` folds the SMS into the GSM-7 alphabet where a look-alike exists ({@link toGsmAlphabet}):
   * one message holds 160 characters instead of 70, at the cost of some accents. Default
   * `"unicode"`: the text as written.
   */
  readonly smsAlphabet?: "unicode" | "gsm" | undefined;
}

/** An SMS ready to send, with what it costs. */
export interface RenderedSms {
  /** The text. */
  readonly text: string;
  /** GSM-7 or UCS-2. */
  readonly encoding: SmsEncoding;
  /** Billed segments. */
  readonly segments: number;
  /** Septets (GSM-7) or UTF-16 units (UCS-2). */
  readonly units: number;
}

/** A message rendered for every channel. */
export interface RenderedMessage {
  /** The template used. */
  readonly templateId: TemplateId;
  /** The built-in locale the template was written in. */
  readonly locale: MessageLocale;
  /** The email subject (one line). */
  readonly subject: string;
  /** The responsive HTML email. */
  readonly html: string;
  /** The plain-text email body. */
  readonly text: string;
  /** The SMS. */
  readonly sms: RenderedSms;
}

/**
 * The template id of a message: its kind, or `paymentReminder.<tone>`.
 *
 * @example
 * ```ts
 * const reminder = { customerName: "Jane Doe", tone: "urgent", invoices: [], total: money("52.49", "USD"), paymentLink: "https://pay.example.com/i/abc" } as const;
 * templateIdOf("paymentReminder", reminder); // → "paymentReminder.urgent"
 * templateIdOf("invoice", { customerName: "Jane Doe", invoiceNumber: "INV-1", total: money("52.49", "USD"), dueDate: "2027-01-26", paymentLink: "https://pay.example.com/i/abc" }); // → "invoice"
 * ```
 */
export function templateIdOf<K extends MessageKind>(kind: K, model: MessageModels[K]): TemplateId {
  if (kind === "paymentReminder") return `paymentReminder.${(model as MessageModels["paymentReminder"]).tone}`;
  return kind as Exclude<MessageKind, "paymentReminder">;
}

interface Data {
  readonly locale: string;
  readonly timeZone: string;
}

function dataOf(options: Handlebars.HelperOptions): Data {
  return options.data as Data;
}

function createHandlebars(): typeof Handlebars {
  const hb = Handlebars.create();
  hb.registerHelper("money", (value: unknown, options: Handlebars.HelperOptions) => {
    if (typeof value !== "object" || value === null || typeof (value as Money).minor !== "number" || typeof (value as Money).currency !== "string") {
      throw new ValidationError([{ path: ["model"], code: ErrorCodes.invalidType, message: `{{money}} needs an amount ({ minor, currency }), got ${JSON.stringify(value)}` }]);
    }
    return formatAmount(value as Money, dataOf(options).locale);
  });
  hb.registerHelper("date", (value: unknown, options: Handlebars.HelperOptions) => {
    if (typeof value !== "string") throw new ValidationError([{ path: ["model"], code: ErrorCodes.invalidDate, message: `{{date}} needs a calendar date or an ISO instant, got ${JSON.stringify(value)}` }]);
    return formatDay(value, dataOf(options).locale, dataOf(options).timeZone);
  });
  hb.registerHelper("moment", (value: unknown, options: Handlebars.HelperOptions) => {
    if (typeof value !== "string") throw new ValidationError([{ path: ["model"], code: ErrorCodes.invalidInstant, message: `{{moment}} needs an ISO instant, got ${JSON.stringify(value)}` }]);
    return formatMoment(value, dataOf(options).locale, dataOf(options).timeZone);
  });
  return hb;
}

const hb = createHandlebars();

type Compiled = (context: unknown, options: { data: Data }) => string;

interface CompiledTemplate {
  readonly subject: Compiled;
  readonly html: Promise<Compiled>;
  readonly text: Compiled;
  readonly sms: Compiled;
}

let mjml: Promise<typeof import("mjml").default> | undefined;

/** MJML → HTML, loaded on first use (the package's root pulls in no email toolchain until a message is rendered). */
async function mjmlToHtml(source: string, id: string): Promise<string> {
  mjml ??= import("mjml").then((m) => m.default);
  const result = await (await mjml)(source, { validationLevel: "soft" });
  if (result.errors.length > 0) {
    throw new ValidationError(result.errors.map((e) => ({ path: ["overrides", id, "html"], code: ErrorCodes.invalidValue, message: `MJML line ${e.line}: ${e.message}` })));
  }
  return result.html;
}

const compileText = (source: string): Compiled => hb.compile(source, { noEscape: true }) as Compiled;

function lookupOverride(overrides: TemplateOverrides | undefined, id: TemplateId, locale: string, builtIn: MessageLocale): TemplateOverride | undefined {
  const byLocale = overrides?.[id];
  if (byLocale === undefined) return undefined;
  return byLocale[locale] ?? byLocale[builtIn] ?? byLocale["*"];
}

function compile(brand: Brand, id: TemplateId, builtIn: MessageLocale, override: TemplateOverride | undefined): CompiledTemplate {
  const catalog = CATALOGS[builtIn];
  const spec = catalog.templates[id];
  const mjmlSource = override?.html === undefined ? emailLayout(brand, catalog.labels, specToMjml(brand, catalog.labels, spec), builtIn) : /^\s*<mjml[\s>]/.test(override.html) ? override.html : emailLayout(brand, catalog.labels, override.html, builtIn);
  // MJML first (its markup with the Handlebars expressions left in place), then Handlebars: the
  // expensive MJML step runs once per template, and every value goes through Handlebars' escaping.
  const html = mjmlToHtml(mjmlSource, id).then((source) => hb.compile(source) as Compiled);
  // A failed compile is not cached as a rejection that nobody awaits.
  html.catch(() => undefined);
  return {
    subject: compileText(override?.subject ?? spec.subject),
    html,
    text: compileText(override?.text ?? specToText(catalog.labels, spec)),
    sms: compileText(override?.sms ?? spec.sms),
  };
}

const DEFAULTS: TemplateOverrides = {};
const caches = new WeakMap<TemplateOverrides, Map<string, CompiledTemplate>>();

function compiled(brand: Brand, id: TemplateId, locale: string, overrides: TemplateOverrides | undefined): { template: CompiledTemplate; builtIn: MessageLocale } {
  const builtIn = messageLocaleFor(locale);
  const override = lookupOverride(overrides, id, locale, builtIn);
  const owner = overrides ?? DEFAULTS;
  let cache = caches.get(owner);
  if (cache === undefined) {
    cache = new Map();
    caches.set(owner, cache);
  }
  const key = `${id}|${override === undefined ? builtIn : locale}|${styleKey(brand)}`;
  let template = cache.get(key);
  if (template === undefined) {
    template = compile(brand, id, builtIn, override);
    cache.set(key, template);
  }
  return { template, builtIn };
}

/**
 * Renders one message for every channel: the subject, a responsive HTML email (MJML), the plain
 * text, and the SMS with its segment count. Money and dates are in the customer's locale
 * (`Intl.NumberFormat` from exact decimal strings, date-fns with its locales), instants on the
 * customer's clock. Every model value is text: `<script>` or `Smith & Sons` in a name is escaped
 * in the HTML and kept as typed in the text and SMS. Templates (built-in or overridden) are
 * compiled once and cached.
 *
 * @example
 * ```ts
 * const brand = parseBrand({
 *   companyName: "Lone Star Alarm Co.",
 *   address: { line1: "400 Lavaca St", city: "Austin", region: "TX", postalCode: "78701", country: "US" },
 *   supportPhone: "+1 512 555 0100",
 * });
 * const message = await renderMessage(
 *   "invoice",
 *   { customerName: "Smith & Sons", invoiceNumber: "RES-2027-000001", total: money("129.99", "USD"), dueDate: "2027-01-26", paymentLink: "https://pay.example.com/i/abc" },
 *   { brand, locale: "en-US" },
 * );
 * message.subject; // → "Invoice RES-2027-000001 from Lone Star Alarm Co.: $129.99"
 * message.html.includes("Smith &amp; Sons"); // → true
 * message.sms.segments; // → 1
 * ```
 */
export async function renderMessage<K extends MessageKind>(kind: K, model: MessageModels[K], options: RenderMessageOptions): Promise<RenderedMessage> {
  const id = templateIdOf(kind, model);
  const { template, builtIn } = compiled(options.brand, id, options.locale, options.overrides);
  const data: Data = { locale: options.locale, timeZone: options.timeZone ?? "UTC" };
  const base = { ...model, brand: options.brand, licences: options.brand.licences };
  // One line (no header injection); no-break spaces of the locale's amounts are kept.
  const subject = template.subject(base, { data }).replace(/[ \t\r\n\f\v]+/g, " ").trim();
  const context = { ...base, subject };
  const html = (await template.html)(context, { data });
  const text = template.text(context, { data }).replace(/\n{3,}/g, "\n\n").trim();
  // Every space a plain one: a no-break space (fr-CA amounts) is not in GSM-7 and would make the text UCS-2.
  const written = template.sms(context, { data }).replace(/\s+/g, " ").trim();
  const sms = options.smsAlphabet === "gsm" ? toGsmAlphabet(written) : written;
  return { templateId: id, locale: builtIn, subject, html, text, sms: { text: sms, ...smsSize(sms) } };
}
