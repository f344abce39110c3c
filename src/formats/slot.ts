/** One value's written text per record: escaped, held to its byte limit, "" when empty. Constants are written once. */
import type { Shortener } from "./fit.js";
import { noteDropped, noteShortened, type MappedValue, type SourceRecord, type ValueChanges } from "./format.js";
import { surelyFits, utf8Length } from "./utf8.js";

export type Escape = (value: string) => string;
/** The written text; a value cut to its limit is noted in `changes` under the slot's key. */
export type Slot = (record: SourceRecord, changes: ValueChanges) => string;

export function compileSlot(
  key: string,
  value: MappedValue,
  escape: Escape,
  shortener: Shortener,
  formatLimit = Infinity,
): Slot {
  const limit = Math.min(formatLimit, value.maxBytes ?? Infinity);
  const within = (text: string) => limit === Infinity || surelyFits(text, limit) || utf8Length(text) <= limit;
  /** A value cut to its limit counts as shortened, or as left out when nothing of it remains. */
  const note = (changes: ValueChanges, kept: string) =>
    kept === "" ? noteDropped(changes, key) : noteShortened(changes, key);
  const cut = (text: string, changes: ValueChanges) => {
    const kept = shortener.shorten(text, limit);
    note(changes, kept);
    return kept;
  };
  if (value.constant !== undefined) {
    const text = escape(value.constant);
    if (within(text)) return () => text;
    const kept = shortener.shorten(text, limit);
    return (_record, changes) => {
      note(changes, kept);
      return kept;
    };
  }
  // Encoding is synchronous: one flag per slot tells whether this record's value was cut in depth.
  let cutInDepth = false;
  const noteCut = () => (cutInDepth = true);
  return (record, changes) => {
    cutInDepth = false;
    const raw = value.get(record, noteCut);
    if (cutInDepth) noteShortened(changes, key);
    if (raw === undefined) return "";
    const text = escape(raw);
    return within(text) ? text : cut(text, changes);
  };
}

/** The shortener of a value: a list is cut between its elements, its separator written as `escape` writes it. */
export function shortenerOf(value: MappedValue, shortener: Shortener, escape: Escape): Shortener {
  return value.separator === undefined ? shortener : shortener.between(escape(`x${value.separator}x`).slice(1, -1));
}

/** Whether a written message is within its limit, counting bytes only when the length alone cannot tell. */
export function fits(text: string, maxBytes: number): boolean {
  return surelyFits(text, maxBytes) || utf8Length(text) <= maxBytes;
}
