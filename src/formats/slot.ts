/** One value's written text per record: escaped, held to its byte limit, "" when empty. Constants are written once. */
import type { Cut } from "./fit.js";
import type { MappedValue, SourceRecord } from "./format.js";
import { surelyFits, utf8Length } from "./utf8.js";

export type Escape = (value: string) => string;
export type Slot = (record: SourceRecord) => string;

export function compileSlot(value: MappedValue, escape: Escape, cut: Cut, formatLimit = Infinity): Slot {
  const limit = Math.min(formatLimit, value.maxBytes ?? Infinity);
  const write = (raw: string | undefined): string => {
    if (raw === undefined) return "";
    const text = escape(raw);
    return limit === Infinity || surelyFits(text, limit) || utf8Length(text) <= limit ? text : cut(text, limit);
  };
  if (value.constant !== undefined) {
    const fixed = write(value.constant);
    return () => fixed;
  }
  return (record) => write(value.get(record));
}

/** Whether a written message is within its limit, counting bytes only when the length alone cannot tell. */
export function fits(text: string, maxBytes: number): boolean {
  return surelyFits(text, maxBytes) || utf8Length(text) <= maxBytes;
}
