/**
 * JSON lines for SIEMs that take JSON over syslog: the mapped fields as one compact object, or the whole record when
 * the mapping lists no fields. JSON escapes control characters itself, so a message is always one line.
 */
import { fitPieces, messageTooLarge, type Piece } from "../fit.js";
import type { Encoder, Layout, MappedValue, SourceRecord } from "../format.js";
import { numericSeverity } from "../severity.js";
import { fits } from "../slot.js";
import { cutToBytes, utf8Length } from "../utf8.js";

const INTEGER = /^-?\d{1,15}$/;
const NUMERIC_TYPES = new Set(["int", "epochMillis", "boolInt"]);

/** JSON string content (between the quotes) cut to at most `maxBytes`, never inside an escape such as \u0001. */
export function cutJsonString(text: string, maxBytes: number): string {
  const cut = cutToBytes(text, maxBytes);
  for (let i = 0; i < cut.length; i++) {
    if (cut.charCodeAt(i) !== 92) continue;
    const length = text[i + 1] === "u" ? 6 : 2;
    if (i + length > cut.length) return cut.slice(0, i);
    i += length - 1;
  }
  return cut;
}

interface Entry {
  key: string;
  /** The written value: string content without its quotes, or a JSON number, object or array. */
  text: string;
  quoted: boolean;
  shrinkable: boolean;
}

function assemble(entries: Entry[]): string {
  let out = "";
  for (const e of entries) {
    if (e.text === "" && !e.quoted) continue;
    out += `${out === "" ? "" : ","}${e.key}:${e.quoted ? `"${e.text}"` : e.text}`;
  }
  return `{${out}}`;
}

function shorten(entries: Entry[], maxBytes: number): string {
  const pieces: Piece[] = entries.map((e) => ({
    text: e.text,
    overhead: utf8Length(e.key) + 2 + (e.quoted ? 2 : 0),
    shrinkable: e.shrinkable && e.quoted,
    droppable: true,
  }));
  const needed = fitPieces(pieces, 2, maxBytes, cutJsonString);
  if (needed > maxBytes) throw messageTooLarge(maxBytes, needed);
  return assemble(entries.flatMap((e, i) => (pieces[i]!.text === "" ? [] : [{ ...e, text: pieces[i]!.text }])));
}

function recordEntries(record: SourceRecord): Entry[] {
  return Object.entries(record).flatMap(([key, value]) => {
    const text = JSON.stringify(value) as string | undefined;
    if (text === undefined) return [];
    const quoted = typeof value === "string";
    return [{ key: JSON.stringify(key), text: quoted ? text.slice(1, -1) : text, quoted, shrinkable: quoted }];
  });
}

function mappedEntry(key: string, value: MappedValue, raw: string): Entry {
  if (NUMERIC_TYPES.has(value.type) && INTEGER.test(raw)) return { key, text: raw, quoted: false, shrinkable: false };
  let text = JSON.stringify(raw).slice(1, -1);
  if (value.maxBytes !== undefined && utf8Length(text) > value.maxBytes) text = cutJsonString(text, value.maxBytes);
  return { key, text, quoted: true, shrinkable: value.shrinkable };
}

export function compileJson(layout: Layout): Encoder {
  const severity = layout.header.severity;
  const level = (record: SourceRecord) => (severity ? numericSeverity(severity.get(record)) : undefined);
  if (layout.fields.length === 0) {
    return (record, maxBytes) => {
      const text = JSON.stringify(record);
      return { text: fits(text, maxBytes) ? text : shorten(recordEntries(record), maxBytes), severity: level(record) };
    };
  }
  const fields = layout.fields.map((f) => ({ key: JSON.stringify(f.key), value: f.value }));
  return (record, maxBytes) => {
    const entries: Entry[] = [];
    for (const f of fields) {
      const raw = f.value.get(record);
      if (raw !== undefined) entries.push(mappedEntry(f.key, f.value, raw));
    }
    const text = assemble(entries);
    return { text: fits(text, maxBytes) ? text : shorten(entries, maxBytes), severity: level(record) };
  };
}
