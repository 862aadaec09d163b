/**
 * The billing calendar: calendar dates, cycles anchored to a day of the month, periods that tile
 * a term, issue and due dates, proration fractions, time zones and custom recurrences.
 *
 * @module
 */
export {
  billingPeriods,
  DEFAULT_LEAD_DAYS,
  DEFAULT_PAYMENT_TERMS,
  iterateBillingPeriods,
  MAX_BILLING_PERIODS,
  type BillingPeriod,
  type BillingScheduleOptions,
  type BillingTiming,
  type PaymentTerms,
  type StubPolicy,
} from "./billingPeriods.js";
export { cycleMonths, MAX_CYCLE_MONTHS, type Cycle } from "./cycle.js";
export {
  addDays,
  addMonthsFromAnchor,
  anchorDate,
  compareDates,
  dateParts,
  daysBetween,
  daysInMonth,
  isCalendarDate,
  isLeapYear,
  parseCalendarDate,
  type CalendarDate,
  type DateParts,
} from "./date.js";
export { prorationFraction, type DateRange, type DayCount, type ProrationOptions } from "./proration.js";
export { iterateRecurrenceDates, MAX_RECURRENCE_DATES, recurrenceDates, type RecurrenceOptions } from "./recurrence.js";
export { instantAt, isValidTimeZone, parseInstant, parseTimeZone, toCalendarDate, type Instant } from "./timeZone.js";
