/**
 * The `type:` conversions of a mapping value, from a record's raw JSON value to the text written. A value that cannot
 * be converted (a date that is not one) counts as empty, so the mapping's `default` applies.
 */
import type { NoteCut, ValueType } from "../formats/format.js";
import { depthSafeJson } from "../formats/json-depth.js";

export type Convert = (raw: unknown, noteCut?: NoteCut) => string | undefined;

const BLANK = /^\s*$/;
const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?\d+(?:\.\d+)?$/;
const TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

const isPrintableAscii = (c: number) => c > 32 && c < 127;

/** Scalars as text, lists and objects as compact JSON; null, "" and blank text are empty. */
export function toText(raw: unknown, noteCut?: NoteCut): string | undefined {
  if (typeof raw === "string")
    return isPrintableAscii(raw.charCodeAt(0)) || (raw !== "" && !BLANK.test(raw)) ? raw : undefined;
  if (raw === null || raw === undefined) return undefined;
  if (typeof raw === "number" || typeof raw === "boolean" || typeof raw === "bigint") return String(raw);
  // Cut in depth when nested deeper than JSON.stringify can go: the record is kept, the cut counted.
  const { text, cut } = depthSafeJson(raw);
  if (cut) noteCut?.();
  return text;
}

/**
 * Epoch milliseconds of an ISO 8601 time. Without a zone it is UTC, as Microsoft's APIs mean it
 * (`2016-09-12T00:00:00.000`); fractions beyond milliseconds (`.0779765Z`) are cut.
 */
export function parseTime(text: string): number | undefined {
  const m = TIME.exec(text.trim());
  if (!m) return undefined;
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4] ?? 0);
  const minute = Number(m[5] ?? 0);
  const second = Number(m[6] ?? 0);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return undefined;
  const fraction = m[7];
  const ms = fraction === undefined ? 0 : Number(fraction.length >= 3 ? fraction.slice(0, 3) : fraction.padEnd(3, "0"));
  return Date.UTC(Number(m[1]), month - 1, day, hour, minute, second, ms) - zoneOffsetMs(m[8]);
}

function zoneOffsetMs(zone: string | undefined): number {
  if (!zone || zone.toUpperCase() === "Z") return 0;
  const digits = zone.replace(":", "");
  const sign = digits.startsWith("-") ? -1 : 1;
  return sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5) || "0")) * 60_000;
}

/**
 * The furthest a JavaScript date reaches from 1970, in ms: beyond it a number is no time (and 1e21 would print as
 * such).
 */
const MAX_TIME_MS = 8.64e15;

function toMillis(raw: unknown): number | undefined {
  const ms =
    typeof raw === "number"
      ? raw
      : typeof raw !== "string"
        ? undefined
        : INTEGER.test(raw.trim())
          ? Number(raw.trim())
          : parseTime(raw);
  return ms !== undefined && Math.abs(ms) <= MAX_TIME_MS ? Math.trunc(ms) : undefined;
}

/** A number's integer part in digits, even where String() would write an exponent (1e+21). */
function integerDigits(n: number): string {
  return Number.isSafeInteger(Math.trunc(n)) ? String(Math.trunc(n)) : BigInt(Math.trunc(n)).toString();
}

const CONVERTERS: Record<Exclude<ValueType, "join">, Convert> = {
  string: toText,
  int: (raw) => {
    if (typeof raw === "number") return Number.isFinite(raw) ? integerDigits(raw) : undefined;
    if (typeof raw !== "string") return undefined;
    const t = raw.trim();
    return INTEGER.test(t) ? t.replace(/^\+/, "") : DECIMAL.test(t) ? String(Math.trunc(Number(t))) : undefined;
  },
  epochMillis: (raw) => {
    const ms = toMillis(raw);
    return ms === undefined ? undefined : String(ms);
  },
  iso8601: (raw) => {
    const ms = toMillis(raw);
    return ms === undefined || Number.isNaN(new Date(ms).getTime()) ? undefined : new Date(ms).toISOString();
  },
  boolInt: (raw) => {
    const t = typeof raw === "string" ? raw.trim().toLowerCase() : raw;
    return t === true || t === "true" || t === 1 ? "1" : t === false || t === "false" || t === 0 ? "0" : undefined;
  },
};

/** Lists joined by `separator` (their empty elements left out); anything else as `string` would write it. */
function joiner(separator: string): Convert {
  return (raw, noteCut) => {
    if (!Array.isArray(raw)) return toText(raw, noteCut);
    const parts = raw.map((item) => toText(item, noteCut)).filter((p) => p !== undefined);
    return parts.length ? parts.join(separator) : undefined;
  };
}

export const DEFAULT_SEPARATOR = ",";

export function converter(type: ValueType, separator = DEFAULT_SEPARATOR): Convert {
  return type === "join" ? joiner(separator) : CONVERTERS[type];
}
