/**
 * The hosted invoice page (seed step 3's "customer portal" with its secure payment link), as a
 * web-standard `Request → Response` handler.
 * @module
 */
export { createInvoicePortal, toNodeListener, type InvoicePortal, type InvoicePortalOptions, type PortalBrand } from "./handler.js";
