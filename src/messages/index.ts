/**
 * What customers receive: a template for every message kind (responsive HTML email through MJML,
 * plain text, SMS with its segment count), the brand as validated data, money and dates in the
 * customer's locale, and the invoice as print-ready HTML and as a PDF.
 *
 * @module
 */
export { parseBrand, safeParseBrand, type Brand, type BrandAddress, type BrandLicence, type BrandParseResult } from "./brand.js";
export { formatAmount, formatDay, formatMoment, isMessageLocale, MESSAGE_LOCALES, messageLocaleFor, type MessageLocale } from "./locale.js";
export { smsSize, toGsmAlphabet, type SmsEncoding, type SmsSize } from "./sms.js";
export {
  MESSAGE_KINDS,
  TEMPLATE_IDS,
  type AccountStatementMessage,
  type AutoPayInvitationMessage,
  type CollectionsMessage,
  type CreditNoteMessage,
  type DisputeAnswerMessage,
  type DunningMessage,
  type ExpiringCardMessage,
  type InvoiceMessage,
  type LateFeeMessage,
  type MessageKind,
  type MessageModelBase,
  type MessageModels,
  type OpenInvoiceItem,
  type PaymentFailedMessage,
  type PaymentReminderMessage,
  type PriceIncreaseMessage,
  type ReceiptMessage,
  type RenewalConfirmationMessage,
  type RenewalNoticeMessage,
  type RenewalOfferMessage,
  type RenewalOption,
  type StatementAging,
  type StatementEntry,
  type StatementInvoice,
  type TemplateId,
  type UpcomingChargeMessage,
  type UpdatePaymentMethodMessage,
} from "./models.js";
export { creditNoteMessage, type CreditNoteMessageOptions } from "./creditNoteMessage.js";
export { parseTemplateOverrides } from "./overrides.js";
export { renderMessage, templateIdOf, type RenderedMessage, type RenderedSms, type RenderMessageOptions, type TemplateOverride, type TemplateOverrides } from "./render.js";
export { statementAging, type StatementAgingOptions } from "./statementAging.js";
export { renderInvoiceHtml } from "./invoiceHtml.js";
export { renderInvoicePdf } from "./invoicePdf.js";
export type { InvoiceDocumentOptions, InvoiceSiteAddress } from "./invoiceView.js";
export { qrSvg } from "./qr.js";
