/**
 * Compiles a layout into a LEEF encoder: `LEEF:1.0|Vendor|Product|Version|EventID|k1=v1<TAB>k2=v2`, or with a
 * delimiter `LEEF:2.0|Vendor|Product|Version|EventID|^|k1=v1^k2=v2`.
 */
import { Shortener } from "../fit.js";
import { encoded, type Encoder, type Layout, type ValueChanges } from "../format.js";
import { joinPairs, shortenKeyed } from "../keyed.js";
import { numericSeverity } from "../severity.js";
import { compileSlot, fits, shortenerOf } from "../slot.js";
import { parseDelimiter } from "./delimiter.js";
import { cleanHeader, cutPlain, valueCleaner } from "./escape.js";

/** The header fields with their limits in bytes (IBM: EventID at most 255 characters). */
export const LEEF_HEADER = [["vendor"], ["product"], ["version"], ["eventId", 255]] as const;

export function compileLeef(layout: Layout): Encoder {
  const written = layout.header.delimiter?.constant;
  const delimiter = written === undefined ? "\t" : parseDelimiter(written)!;
  const start = written === undefined ? "LEEF:1.0|" : "LEEF:2.0|";
  const afterHeader = written === undefined ? "" : `${written}|`;
  const marker = layout.truncationMarker ?? "";
  const inHeader = new Shortener(cutPlain, cleanHeader(marker));
  const header = LEEF_HEADER.map(([name, limit]) => {
    const value = layout.header[name]!;
    const key = `header.${name}`;
    const text = compileSlot(key, value, cleanHeader, inHeader, limit);
    return { key, shrinkable: value.shrinkable, text, shortener: inHeader };
  });
  const clean = valueCleaner(delimiter);
  const inValue = new Shortener(cutPlain, clean(marker));
  const slots = layout.fields.map((f) => {
    const shortener = shortenerOf(f.value, inValue, clean);
    const text = compileSlot(f.key, f.value, clean, shortener);
    return { key: f.key, prefix: `${f.key}=`, shrinkable: f.value.shrinkable, text, shortener };
  });
  const sev = layout.fields.findIndex((f) => f.key === "sev");
  const assemble = (head: string[], values: string[]) =>
    `${start}${head.join("|")}|${afterHeader}${joinPairs(slots, values, delimiter)}`;
  const fixed = start.length + LEEF_HEADER.length + afterHeader.length;

  return (record, maxBytes) => {
    const changes: ValueChanges = {};
    const head = header.map((h) => h.text(record, changes));
    const values = slots.map((s) => s.text(record, changes));
    const severity = sev < 0 ? undefined : numericSeverity(values[sev]);
    const text = assemble(head, values);
    if (fits(text, maxBytes)) return encoded(text, severity, changes);
    const fitted = shortenKeyed({ header, head, slots, values }, fixed, maxBytes, changes);
    return encoded(assemble(fitted.head, fitted.values), severity, changes);
  };
}
