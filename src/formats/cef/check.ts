/** What a CEF layout must respect beyond the mapping language: key syntax, one value per key, labels, severity. */
import { closest } from "../../util/suggest.js";
import type { Layout, LayoutIssue, MappedField } from "../format.js";
import { CEF_KEY_NAMES, cefKey, type KeyInfo } from "./dictionary.js";
import { utf8Length } from "../utf8.js";
import { escapeExtension } from "./escape.js";
import { cefSeverity } from "./severity.js";

const KEY_SYNTAX = /^[A-Za-z0-9]+$/;
const TYPES_FOR_KIND = { number: ["int", "boolInt", "epochMillis"], time: ["epochMillis"] } as const;

export function checkCef(layout: Layout): LayoutIssue[] {
  const issues: LayoutIssue[] = [];
  const severity = layout.header.severity;
  for (const value of severity?.possible ?? []) {
    if (!cefSeverity(value)) {
      issues.push({
        path: ["header", "severity"],
        message: `"${value}" is not a CEF severity: expected 0 to 10, or Unknown, Low, Medium, High, Very-High`,
      });
    }
  }
  const written = new Map<string, string>();
  const labelled = new Set(layout.fields.flatMap((f) => (f.label === undefined ? [] : [cefKey(f.key)?.labelKey])));
  for (const field of layout.fields) issues.push(...checkField(field, written, labelled));
  return issues;
}

function checkField(
  field: MappedField,
  written: Map<string, string>,
  labelled: Set<string | undefined>,
): LayoutIssue[] {
  const path = ["fields", field.key];
  if (!KEY_SYNTAX.test(field.key)) {
    return [
      {
        path,
        message: `"${field.key}" is not a CEF extension key: expected one word of letters and digits, such as cs1 or sourceHostName`,
      },
    ];
  }
  const info = cefKey(field.key);
  const key = info?.key ?? field.key;
  const issues: LayoutIssue[] = [];
  const earlier = written.get(key);
  if (earlier !== undefined) {
    issues.push({ path, message: `writes CEF key ${key} again (fields.${earlier} already writes it): keep one` });
  } else if (labelled.has(key)) {
    issues.push({ path, message: `${key} is already written by the label: of another field: keep one` });
  }
  written.set(key, field.key);
  if (!info) return [...issues, ...customKeyWarning(field.key, path)];
  return [
    ...issues,
    ...labelIssues(field, info, path, labelled),
    ...kindWarning(field, info, path),
    ...identityWarning(field, info, path),
  ];
}

/** An identifier cut to the key's limit no longer finds its alert; a warning, since the mapping still works. */
function identityWarning(field: MappedField, info: KeyInfo, path: string[]): LayoutIssue[] {
  const id = field.value.identity;
  if (!id || info.limit === undefined || id.bytes <= info.limit) return [];
  return [
    {
      path,
      warning: true,
      message: `${id.field} is an identifier of up to ${id.bytes} bytes, but ArcSight keeps ${info.limit} bytes of ${info.key}: it would be cut and no longer find its alert; map it to a longer key such as flexString2 (1023 bytes) or cs1-cs6 (4000)`,
    },
  ];
}

function labelIssues(
  field: MappedField,
  info: KeyInfo,
  path: string[],
  labelled: Set<string | undefined>,
): LayoutIssue[] {
  if (field.label !== undefined && !info.labelKey) {
    return [
      {
        path: [...path, "label"],
        message: `${info.key} has no label companion; labels are for cs1-6, cn1-3, cfp1-4, c6a1-4, deviceCustomDate1-2, flexString1-2, flexNumber1-2 and flexDate1`,
      },
    ];
  }
  const labelLimit = info.labelKey ? cefKey(info.labelKey)?.limit : undefined;
  const labelBytes = field.label === undefined ? 0 : utf8Length(escapeExtension(field.label));
  if (labelLimit !== undefined && labelBytes > labelLimit) {
    return [
      {
        path: [...path, "label"],
        warning: true,
        message: `the label is ${labelBytes} bytes written, but ArcSight keeps ${labelLimit} bytes of ${info.labelKey}: it will be cut; shorten it`,
      },
    ];
  }
  if (info.labelKey && field.label === undefined && !labelled.has(info.labelKey)) {
    return [
      {
        path,
        warning: true,
        message: `${info.key} has no label: ArcSight shows it only as ${info.fullName}; add label: NAME`,
      },
    ];
  }
  return [];
}

function kindWarning(field: MappedField, info: KeyInfo, path: string[]): LayoutIssue[] {
  if (info.kind === "text" || field.value.constant !== undefined) return [];
  const types: readonly string[] = TYPES_FOR_KIND[info.kind];
  if (types.includes(field.value.type)) return [];
  const wanted =
    info.kind === "time" ? "epoch milliseconds: add type: epochMillis" : "a number: add type: int (or boolInt)";
  return [{ path, warning: true, message: `ArcSight reads ${info.key} as ${wanted}` }];
}

/** A likely intended dictionary key: one the key begins (`sourceHost` → `sourceHostName`), else the closest. */
function intendedKey(key: string): string | undefined {
  const lower = key.toLowerCase();
  const extended =
    key.length >= 4
      ? CEF_KEY_NAMES.filter((n) => n.toLowerCase().startsWith(lower)).sort((a, b) => a.length - b.length)
      : [];
  return extended[0] ?? closest(key, CEF_KEY_NAMES);
}

function customKeyWarning(key: string, path: string[]): LayoutIssue[] {
  const near = intendedKey(key);
  if (!near) return [];
  return [
    {
      path,
      warning: true,
      message: `"${key}" is not an ArcSight dictionary key, so it lands in additional data (did you mean "${near}"?)`,
    },
  ];
}
