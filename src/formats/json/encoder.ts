/**
 * JSON lines for SIEMs that take JSON over syslog: the mapped fields as one compact object, or the whole record when
 * the mapping lists no fields. JSON escapes control characters itself, so a message is always one line.
 */
import { fitPieces, messageTooLarge, Shortener, type Piece } from "../fit.js";
import {
  encoded,
  noteDropped,
  noteShortened,
  type Encoder,
  type Layout,
  type MappedValue,
  type SourceRecord,
  type ValueChanges,
} from "../format.js";
import { depthSafeJson } from "../json-depth.js";
import { numericSeverity } from "../severity.js";
import { fits, shortenerOf } from "../slot.js";
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
  /** The member's name as written (quoted, escaped), and as counted in ValueChanges. */
  key: string;
  name: string;
  /** The written value: string content without its quotes, or a JSON number, object or array. */
  text: string;
  quoted: boolean;
  shrinkable: boolean;
  /** How it is cut: a list between its elements. */
  shortener: Shortener;
}

function assemble(entries: Entry[]): string {
  let out = "";
  for (const e of entries) {
    if (e.text === "" && !e.quoted) continue;
    out += `${out === "" ? "" : ","}${e.key}:${e.quoted ? `"${e.text}"` : e.text}`;
  }
  return `{${out}}`;
}

/** String content (between the quotes) for a marker, escaped as JSON escapes it. */
const jsonShortener = (marker: string) => new Shortener(cutJsonString, JSON.stringify(marker).slice(1, -1));

function shorten(entries: Entry[], maxBytes: number, changes: ValueChanges): string {
  const pieces: Piece[] = entries.map((e) => ({
    key: e.name,
    text: e.text,
    overhead: utf8Length(e.key) + 2 + (e.quoted ? 2 : 0),
    shrinkable: e.shrinkable && e.quoted,
    droppable: true,
    shortener: e.shortener,
  }));
  const needed = fitPieces(pieces, 2, maxBytes, changes);
  if (needed > maxBytes) throw messageTooLarge(maxBytes, needed);
  return assemble(entries.flatMap((e, i) => (pieces[i]!.text === "" ? [] : [{ ...e, text: pieces[i]!.text }])));
}

/** The record's members; one nested deeper than JSON.stringify can go is cut in depth and counted as shortened. */
function recordEntries(record: SourceRecord, changes: ValueChanges, shortener: Shortener): Entry[] {
  return Object.entries(record).flatMap(([key, value]) => {
    const { text, cut } = depthSafeJson(value);
    if (text === undefined) return [];
    if (cut) noteShortened(changes, key);
    const quoted = typeof value === "string";
    const written = quoted ? text.slice(1, -1) : text;
    return [{ key: JSON.stringify(key), name: key, text: written, quoted, shrinkable: quoted, shortener }];
  });
}

interface Field {
  key: string;
  name: string;
  value: MappedValue;
  shortener: Shortener;
}

function mappedEntry(f: Field, raw: string, changes: ValueChanges): Entry {
  const { key, name, value, shortener } = f;
  if (NUMERIC_TYPES.has(value.type) && INTEGER.test(raw))
    return { key, name, text: raw, quoted: false, shrinkable: false, shortener };
  let text = JSON.stringify(raw).slice(1, -1);
  if (value.maxBytes !== undefined && utf8Length(text) > value.maxBytes) {
    text = shortener.shorten(text, value.maxBytes);
    if (text === "") noteDropped(changes, name);
    else noteShortened(changes, name);
  }
  return { key, name, text, quoted: true, shrinkable: value.shrinkable, shortener };
}

export function compileJson(layout: Layout): Encoder {
  const severity = layout.header.severity;
  const level = (record: SourceRecord) => (severity ? numericSeverity(severity.get(record)) : undefined);
  const shortener = jsonShortener(layout.truncationMarker ?? "");
  if (layout.fields.length === 0) {
    return (record, maxBytes) => {
      const changes: ValueChanges = {};
      const whole = depthSafeJson(record);
      if (!whole.cut && fits(whole.text!, maxBytes)) return encoded(whole.text!, level(record), changes);
      const entries = recordEntries(record, changes, shortener);
      const all = assemble(entries);
      const text = fits(all, maxBytes) ? all : shorten(entries, maxBytes, changes);
      return encoded(text, level(record), changes);
    };
  }
  const inString = (text: string) => JSON.stringify(text).slice(1, -1);
  const fields: Field[] = layout.fields.map((f) => ({
    key: JSON.stringify(f.key),
    name: f.key,
    value: f.value,
    shortener: shortenerOf(f.value, shortener, inString),
  }));
  // Encoding is synchronous: one flag tells whether the field just read was cut in depth.
  let cutInDepth = false;
  const noteCut = () => (cutInDepth = true);
  return (record, maxBytes) => {
    const changes: ValueChanges = {};
    const entries: Entry[] = [];
    for (const f of fields) {
      cutInDepth = false;
      const raw = f.value.get(record, noteCut);
      if (cutInDepth) noteShortened(changes, f.name);
      if (raw !== undefined) entries.push(mappedEntry(f, raw, changes));
    }
    const whole = assemble(entries);
    const text = fits(whole, maxBytes) ? whole : shorten(entries, maxBytes, changes);
    return encoded(text, level(record), changes);
  };
}
