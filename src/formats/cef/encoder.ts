/**
 * Compiles a layout into a CEF encoder: `CEF:0|Vendor|Product|Version|SignatureId|Name|Severity|k1=v1 k2=v2`.
 * Everything that does not depend on the record (constant header fields, keys, labels) is written once here.
 */
import { fitPieces, messageTooLarge, type Piece } from "../fit.js";
import type { Encoder, Layout, MappedField, MappedValue, SourceRecord } from "../format.js";
import { compileSlot, fits, type Slot } from "../slot.js";
import { utf8Length } from "../utf8.js";
import { cefKey } from "./dictionary.js";
import { cutEscaped, escapeExtension, escapeHeader } from "./escape.js";
import { cefSeverity, UNKNOWN_SEVERITY, type Severity } from "./severity.js";

/** The header fields before the severity, with their limits in bytes. */
export const CEF_HEADER = [["vendor", 63], ["product", 63], ["version", 31], ["signatureId", 1023], ["name", 512]] as const;

interface ExtensionSlot {
  /** `key=`, preceded by the label pair when the field has a label. */
  prefix: string;
  prefixBytes: number;
  shrinkable: boolean;
  text: Slot;
}

/** Full ArcSight names (`sourceHostName`) are written as their short keys (`shost`). */
function extensionSlot(field: MappedField): ExtensionSlot {
  const info = cefKey(field.key);
  const key = info?.key ?? field.key;
  const labelKey = info?.labelKey;
  const label = field.label !== undefined && labelKey ? cutEscaped(escapeExtension(field.label), cefKey(labelKey)?.limit ?? Infinity) : "";
  const prefix = `${label ? `${labelKey}=${label} ` : ""}${key}=`;
  return {
    prefix,
    prefixBytes: utf8Length(prefix),
    shrinkable: field.value.shrinkable,
    text: compileSlot(field.value, escapeExtension, cutEscaped, info?.limit),
  };
}

function severitySlot(value: MappedValue | undefined): (record: SourceRecord) => Severity {
  const of = (raw: string | undefined) => (raw === undefined ? undefined : cefSeverity(raw)) ?? UNKNOWN_SEVERITY;
  if (!value) return () => UNKNOWN_SEVERITY;
  if (value.constant !== undefined) {
    const fixed = of(value.constant);
    return () => fixed;
  }
  return (record) => of(value.get(record));
}

function assemble(head: string[], severity: string, slots: ExtensionSlot[], values: string[]): string {
  let extension = "";
  for (let i = 0; i < slots.length; i++) {
    if (values[i] === "") continue;
    extension += `${extension === "" ? "" : " "}${slots[i]!.prefix}${values[i]}`;
  }
  return `CEF:0|${head.join("|")}|${severity}|${extension}`;
}

export function compileCef(layout: Layout): Encoder {
  const header = CEF_HEADER.map(([name, limit]) => {
    const value = layout.header[name]!;
    return { shrinkable: value.shrinkable, text: compileSlot(value, escapeHeader, cutEscaped, limit) };
  });
  const severity = severitySlot(layout.header.severity);
  const slots = layout.fields.map(extensionSlot);

  const shorten = (head: string[], sev: string, values: string[], maxBytes: number): string => {
    const pieces: Piece[] = [
      ...head.map((text, i) => ({ text, overhead: 0, shrinkable: header[i]!.shrinkable, droppable: false })),
      ...values.map((text, i) => ({ text, overhead: slots[i]!.prefixBytes + 1, shrinkable: slots[i]!.shrinkable, droppable: true })),
    ];
    const fixed = "CEF:0|".length + CEF_HEADER.length + utf8Length(sev) + 1;
    const needed = fitPieces(pieces, fixed, maxBytes, cutEscaped);
    if (needed > maxBytes) throw messageTooLarge(maxBytes, needed);
    const texts = pieces.map((p) => p.text);
    return assemble(texts.slice(0, head.length), sev, slots, texts.slice(head.length));
  };

  return (record, maxBytes) => {
    const head = header.map((h) => h.text(record));
    const sev = severity(record);
    const values = slots.map((s) => s.text(record));
    const text = assemble(head, sev.text, slots, values);
    return { text: fits(text, maxBytes) ? text : shorten(head, sev.text, values, maxBytes), severity: sev.level };
  };
}
