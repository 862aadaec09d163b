/**
 * How values cross the driver boundary: the text PostgreSQL sends for `date`, `timestamptz`,
 * `bigint` and `jsonb`, turned into the port's plain data (and back for jsonb). The same parsers
 * serve node-postgres and PGlite, so both drivers hand the store identical rows.
 */

/** The PostgreSQL type oids the store reads. */
export const OID = {
  bool: 16,
  int8: 20,
  int2: 21,
  int4: 23,
  text: 25,
  json: 114,
  date: 1082,
  timestamptz: 1184,
  jsonb: 3802,
} as const;

/** A `bigint` column as a JS number: money in minor units and versions are safe integers. */
export function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new RangeError(`rmr-billing/postgres: the bigint ${text} is beyond the safe-integer range of money in minor units`);
  return value;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A `date` column as the calendar date string `"YYYY-MM-DD"` — never a JS `Date` (node-postgres's
 * default makes one at local midnight, which moves the day in a time zone west of UTC).
 */
export function parseDate(text: string): string {
  if (!DATE.test(text)) throw new RangeError(`rmr-billing/postgres: expected a date as YYYY-MM-DD, got ${JSON.stringify(text)} (the session's DateStyle must be ISO)`);
  return text;
}

// "2027-01-01 09:30:00.123456+00", "2027-01-01 03:30:00-06", "2027-01-01 15:00:00+05:30" (DateStyle ISO).
const TIMESTAMPTZ = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([+-])(\d{2})(?::?(\d{2}))?(?::?(\d{2}))?)?$/;

/**
 * A `timestamptz` column as the ISO instant the engine writes (`Date#toISOString`: UTC, with
 * milliseconds, e.g. `"2027-01-01T09:30:00.000Z"`), whatever the session's time zone.
 */
export function parseInstant(text: string): string {
  const m = TIMESTAMPTZ.exec(text);
  if (m === null) throw new RangeError(`rmr-billing/postgres: cannot read the timestamptz ${JSON.stringify(text)} (the session's DateStyle must be ISO)`);
  const [, y, mo, d, h, mi, s, fraction, sign, oh, om, os] = m;
  const ms = fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, "0"));
  const offsetSeconds = sign === undefined ? 0 : (sign === "-" ? -1 : 1) * (Number(oh) * 3600 + Number(om ?? 0) * 60 + Number(os ?? 0));
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms) - offsetSeconds * 1000;
  return new Date(utc).toISOString();
}

const BIGINT_TAG = "$bigint";

/**
 * A document as jsonb text. A `bigint` (a ratio part too large for a safe integer, as in a
 * credit note's share) is kept exactly as `{"$bigint": "123…"}` and read back as a bigint.
 */
export function encodeJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? { [BIGINT_TAG]: v.toString() } : v));
}

/** Reads a jsonb column; see {@link encodeJson}. */
export function parseJson(text: string): unknown {
  if (!text.includes(`"${BIGINT_TAG}"`)) return JSON.parse(text);
  return JSON.parse(text, (_key, v: unknown) => {
    if (v !== null && typeof v === "object" && !Array.isArray(v)) {
      const keys = Object.keys(v);
      const tagged = (v as Record<string, unknown>)[BIGINT_TAG];
      if (keys.length === 1 && typeof tagged === "string") return BigInt(tagged);
    }
    return v;
  });
}

/** The parser of each type oid the store reads; a type not listed comes back as its text. */
export const PARSERS: Readonly<Record<number, (text: string) => unknown>> = {
  [OID.bool]: (text) => text === "t",
  [OID.int8]: parseInt8,
  [OID.int2]: Number,
  [OID.int4]: Number,
  [OID.date]: parseDate,
  [OID.timestamptz]: parseInstant,
  [OID.json]: parseJson,
  [OID.jsonb]: parseJson,
};

/** Freezes a value and everything in it (documents read back are as immutable as the ones written). */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}
