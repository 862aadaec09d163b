import type { MessageLocale } from "./locale.js";
import type { TemplateId } from "./models.js";

/**
 * A built-in template, written once per locale: the HTML email, the plain text and the SMS are
 * all made from it. Every string is a Handlebars template over the kind's model, with the brand
 * as `brand` and the helpers `money`, `date` and `moment`. @internal
 */
export interface TemplateSpec {
  readonly subject: string;
  readonly heading: string;
  /** Paragraphs, in order. */
  readonly body: readonly string[];
  /** A table drawn from the model after the paragraphs. */
  readonly table?: "invoices" | "statement" | "options";
  /** The call to action: a button in HTML, a line with the link in text. */
  readonly action?: { readonly label: string; readonly link: string };
  /** The SMS: short, with the link. */
  readonly sms: string;
}

/** Words the layout and its tables use, per locale. @internal */
export interface LayoutLabels {
  readonly invoice: string;
  readonly due: string;
  readonly balance: string;
  readonly total: string;
  readonly date: string;
  readonly description: string;
  readonly amount: string;
  readonly payments: string;
  readonly credits: string;
  readonly openInvoices: string;
  readonly aging: string;
  readonly current: string;
  readonly days1to30: string;
  readonly days31to60: string;
  readonly days61to90: string;
  readonly over90: string;
  readonly balanceDue: string;
  readonly option: string;
  readonly monthly: string;
  readonly questions: string;
  /** The colon before a value: ":" in English and Spanish, " :" (no-break space) in French. */
  readonly colon: string;
}

/** One locale's templates. @internal */
export interface Catalog {
  readonly labels: LayoutLabels;
  readonly templates: Readonly<Record<TemplateId, TemplateSpec>>;
}

/** The catalogues by locale. @internal */
export type Catalogs = Readonly<Record<MessageLocale, Catalog>>;
