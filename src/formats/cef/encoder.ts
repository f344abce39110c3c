/**
 * Compiles a layout into a CEF encoder: `CEF:0|Vendor|Product|Version|SignatureId|Name|Severity|k1=v1 k2=v2`.
 * Everything that does not depend on the record (constant header fields, keys, labels) is written once here.
 */
import { Shortener } from "../fit.js";
import {
  encoded,
  type Encoder,
  type Layout,
  type MappedField,
  type MappedValue,
  type SourceRecord,
  type ValueChanges,
} from "../format.js";
import { joinPairs, shortenKeyed, type PairSlot } from "../keyed.js";
import { compileSlot, fits, shortenerOf } from "../slot.js";
import { utf8Length } from "../utf8.js";
import { cefKey } from "./dictionary.js";
import { cutEscaped, escapeExtension, escapeHeader } from "./escape.js";
import { cefSeverity, UNKNOWN_SEVERITY, type Severity } from "./severity.js";

/** The header fields before the severity, with their limits in bytes. */
export const CEF_HEADER = [
  ["vendor", 63],
  ["product", 63],
  ["version", 31],
  ["signatureId", 1023],
  ["name", 512],
] as const;

/** Full ArcSight names (`sourceHostName`) are written as their short keys (`shost`); a label goes just before. */
function extensionSlot(field: MappedField, inExtension: Shortener): PairSlot {
  const shortener = shortenerOf(field.value, inExtension, escapeExtension);
  const info = cefKey(field.key);
  const key = info?.key ?? field.key;
  const labelKey = info?.labelKey;
  const label =
    field.label !== undefined && labelKey
      ? cutEscaped(escapeExtension(field.label), cefKey(labelKey)?.limit ?? Infinity)
      : "";
  return {
    key: field.key,
    prefix: `${label ? `${labelKey}=${label} ` : ""}${key}=`,
    shrinkable: field.value.shrinkable,
    text: compileSlot(field.key, field.value, escapeExtension, shortener, info?.limit),
    shortener,
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

export function compileCef(layout: Layout): Encoder {
  const marker = layout.truncationMarker ?? "";
  const inHeader = new Shortener(cutEscaped, escapeHeader(marker));
  const inExtension = new Shortener(cutEscaped, escapeExtension(marker));
  const header = CEF_HEADER.map(([name, limit]) => {
    const value = layout.header[name]!;
    const key = `header.${name}`;
    const text = compileSlot(key, value, escapeHeader, inHeader, limit);
    return { key, shrinkable: value.shrinkable, text, shortener: inHeader };
  });
  const severity = severitySlot(layout.header.severity);
  const slots = layout.fields.map((f) => extensionSlot(f, inExtension));
  const assemble = (head: string[], sev: string, values: string[]) =>
    `CEF:0|${head.join("|")}|${sev}|${joinPairs(slots, values, " ")}`;

  return (record, maxBytes) => {
    const changes: ValueChanges = {};
    const head = header.map((h) => h.text(record, changes));
    const sev = severity(record);
    const values = slots.map((s) => s.text(record, changes));
    const text = assemble(head, sev.text, values);
    if (fits(text, maxBytes)) return encoded(text, sev.level, changes);
    const fixed = "CEF:0|".length + CEF_HEADER.length + utf8Length(sev.text) + 1;
    const fitted = shortenKeyed({ header, head, slots, values }, fixed, maxBytes, changes);
    return encoded(assemble(fitted.head, sev.text, fitted.values), sev.level, changes);
  };
}
