/**
 * Templates: text with `{{Field}}` placeholders (any field path). A template whose placeholders are all empty is
 * empty itself, so `default` applies and a label with nothing after it is never sent.
 */
import type { NoteCut, SourceRecord } from "../formats/format.js";
import { toText } from "./convert.js";

export type TemplatePart = { text: string } | { path: string };
type Part = { text: string } | { get: (record: SourceRecord) => unknown };

/** The literal and placeholder parts of a template, or a message saying what is wrong with it. */
export function parseTemplate(template: string): TemplatePart[] | string {
  const parts: TemplatePart[] = [];
  let at = 0;
  while (at < template.length) {
    const open = template.indexOf("{{", at);
    if (open < 0) break;
    const close = template.indexOf("}}", open + 2);
    if (close < 0) return `unclosed "{{" in template "${template}": write {{Field}}`;
    const path = template.slice(open + 2, close).trim();
    if (!path) return `empty placeholder "{{}}" in template "${template}"`;
    if (open > at) parts.push({ text: template.slice(at, open) });
    parts.push({ path });
    at = close + 2;
  }
  if (at < template.length) parts.push({ text: template.slice(at) });
  return parts;
}

/** The compiled template: undefined when every placeholder is empty. */
export function compileTemplate(parts: Part[]): (record: SourceRecord, noteCut?: NoteCut) => string | undefined {
  if (parts.every((p) => "text" in p)) {
    const text = parts.map((p) => ("text" in p ? p.text : "")).join("");
    return () => text;
  }
  return (record, noteCut) => {
    let out = "";
    let filled = false;
    for (const part of parts) {
      if ("text" in part) {
        out += part.text;
        continue;
      }
      const value = toText(part.get(record), noteCut);
      if (value === undefined) continue;
      out += value;
      filled = true;
    }
    return filled ? out : undefined;
  };
}
