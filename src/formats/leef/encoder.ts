/**
 * Compiles a layout into a LEEF encoder: `LEEF:1.0|Vendor|Product|Version|EventID|k1=v1<TAB>k2=v2`, or with a
 * delimiter `LEEF:2.0|Vendor|Product|Version|EventID|^|k1=v1^k2=v2`.
 */
import { fitPieces, messageTooLarge, type Piece } from "../fit.js";
import type { Encoder, Layout } from "../format.js";
import { numericSeverity } from "../severity.js";
import { compileSlot, fits } from "../slot.js";
import { utf8Length } from "../utf8.js";
import { parseDelimiter } from "./delimiter.js";
import { cleanHeader, cutPlain, valueCleaner } from "./escape.js";

/** The header fields with their limits in bytes (IBM: EventID at most 255 characters). */
export const LEEF_HEADER = [["vendor"], ["product"], ["version"], ["eventId", 255]] as const;

export function compileLeef(layout: Layout): Encoder {
  const written = layout.header.delimiter?.constant;
  const delimiter = written === undefined ? "\t" : parseDelimiter(written)!;
  const start = written === undefined ? "LEEF:1.0|" : "LEEF:2.0|";
  const afterHeader = written === undefined ? "" : `${written}|`;
  const header = LEEF_HEADER.map(([name, limit]) => {
    const value = layout.header[name]!;
    return { shrinkable: value.shrinkable, text: compileSlot(value, cleanHeader, cutPlain, limit) };
  });
  const clean = valueCleaner(delimiter);
  const slots = layout.fields.map((f) => ({
    prefix: `${f.key}=`,
    shrinkable: f.value.shrinkable,
    text: compileSlot(f.value, clean, cutPlain),
  }));
  const sev = layout.fields.findIndex((f) => f.key === "sev");

  const assemble = (head: string[], values: string[]): string => {
    let attributes = "";
    for (let i = 0; i < slots.length; i++) {
      if (values[i] === "") continue;
      attributes += `${attributes === "" ? "" : delimiter}${slots[i]!.prefix}${values[i]}`;
    }
    return `${start}${head.join("|")}|${afterHeader}${attributes}`;
  };

  const shorten = (head: string[], values: string[], maxBytes: number): string => {
    const pieces: Piece[] = [
      ...head.map((text, i) => ({ text, overhead: 0, shrinkable: header[i]!.shrinkable, droppable: false })),
      ...values.map((text, i) => ({ text, overhead: utf8Length(slots[i]!.prefix) + 1, shrinkable: slots[i]!.shrinkable, droppable: true })),
    ];
    const fixed = start.length + LEEF_HEADER.length + afterHeader.length;
    const needed = fitPieces(pieces, fixed, maxBytes, cutPlain);
    if (needed > maxBytes) throw messageTooLarge(maxBytes, needed);
    const texts = pieces.map((p) => p.text);
    return assemble(texts.slice(0, head.length), texts.slice(head.length));
  };

  return (record, maxBytes) => {
    const head = header.map((h) => h.text(record));
    const values = slots.map((s) => s.text(record));
    const text = assemble(head, values);
    const severity = sev < 0 ? undefined : numericSeverity(values[sev]);
    return { text: fits(text, maxBytes) ? text : shorten(head, values, maxBytes), severity };
  };
}
