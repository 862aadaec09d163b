/**
 * `rmr-billing/smtp`: the {@link Notifier} over SMTP with nodemailer.
 *
 * @module
 */
export { createSmtpNotifier, messageIdFor, type SentKeys, type SmtpNotifierOptions } from "./notifier.js";
