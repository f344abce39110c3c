/**
 * Compiles a layout into a CEF encoder: `CEF:0|Vendor|Product|Version|SignatureId|Name|Severity|k1=v1 k2=v2`.
 * Everything that does not depend on the record (constant header fields, keys, labels) is written once here.
 */
import type { Encoder, Layout, MappedField, MappedValue, SourceRecord } from "../format.js";
import { joinPairs, shortenKeyed, type PairSlot } from "../keyed.js";
import { compileSlot, fits } from "../slot.js";
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
function extensionSlot(field: MappedField): PairSlot {
  const info = cefKey(field.key);
  const key = info?.key ?? field.key;
  const labelKey = info?.labelKey;
  const label =
    field.label !== undefined && labelKey
      ? cutEscaped(escapeExtension(field.label), cefKey(labelKey)?.limit ?? Infinity)
      : "";
  return {
    prefix: `${label ? `${labelKey}=${label} ` : ""}${key}=`,
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

export function compileCef(layout: Layout): Encoder {
  const header = CEF_HEADER.map(([name, limit]) => {
    const value = layout.header[name]!;
    return { shrinkable: value.shrinkable, text: compileSlot(value, escapeHeader, cutEscaped, limit) };
  });
  const severity = severitySlot(layout.header.severity);
  const slots = layout.fields.map(extensionSlot);
  const assemble = (head: string[], sev: string, values: string[]) =>
    `CEF:0|${head.join("|")}|${sev}|${joinPairs(slots, values, " ")}`;

  return (record, maxBytes) => {
    const head = header.map((h) => h.text(record));
    const sev = severity(record);
    const values = slots.map((s) => s.text(record));
    const text = assemble(head, sev.text, values);
    if (fits(text, maxBytes)) return { text, severity: sev.level };
    const fixed = "CEF:0|".length + CEF_HEADER.length + utf8Length(sev.text) + 1;
    const fitted = shortenKeyed({ header, head, slots, values }, fixed, maxBytes, cutEscaped);
    return { text: assemble(fitted.head, sev.text, fitted.values), severity: sev.level };
  };
}
