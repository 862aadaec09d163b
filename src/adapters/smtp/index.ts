/**
 * `rmr-billing/smtp`: the `Notifier` port over SMTP with nodemailer.
 *
 * @module
 */
export { createSmtpNotifier, messageIdFor, type SentKeys, type SmtpNotifierOptions } from "./notifier.js";
export { parseSmtpReport, type SmtpReport } from "./report.js";
