/**
 * What a strict receiver must read from a record under a mapping file, worked out from the file and the design's
 * rules (empty values are left out; expected.ts for escaping), not from the encoder: the keys that may appear at all,
 * and for each the text it must hold. A value may be shorter than expected only by being cut at its end, or left out
 * altogether, when the message needed the room; numbers and times are checked for their form.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

export type Expected = { text: string | undefined } | { form: RegExp };

interface Spec {
  field?: string;
  template?: string;
  value?: string | number | boolean;
  default?: string | number;
  map?: Record<string, string | number>;
  type?: string;
  label?: string;
}

export interface MappingRules {
  format: "cef" | "leef";
  /** Header keys (cef: signatureId, name, severity; leef: eventId) and extension keys, with their specs. */
  header: Record<string, Spec>;
  fields: Record<string, Spec>;
  /** Every key a message may hold: the mapping's keys and, for CEF, their label keys. */
  keys: Set<string>;
}

const FORMS: Record<string, RegExp> = {
  epochMillis: /^-?\d+$/,
  int: /^-?\d+$/,
  boolInt: /^[01]$/,
  iso8601: /^\d{4}-\d\d-\d\dT/,
};

const specOf = (value: unknown): Spec => (typeof value === "string" ? { field: value } : (value as Spec));
/** Header keys that take literal text (`vendor: Microsoft` is the word, not a field). */
const LITERAL_HEADER = ["vendor", "product", "version", "delimiter"];

export function mappingRules(builtinName: string): MappingRules {
  const file = fileURLToPath(new URL(`../../mappings/${builtinName}.yaml`, import.meta.url));
  const doc = parse(readFileSync(file, "utf8")) as {
    format: "cef" | "leef";
    header: Record<string, unknown>;
    fields: Record<string, unknown>;
  };
  const header = Object.fromEntries(
    Object.entries(doc.header).map(([k, v]) => [
      k,
      LITERAL_HEADER.includes(k) && typeof v !== "object" ? { value: v as string } : specOf(v),
    ]),
  );
  const fields = Object.fromEntries(Object.entries(doc.fields).map(([k, v]) => [k, specOf(v)]));
  const keys = new Set(Object.entries(fields).flatMap(([k, s]) => (s.label ? [k, `${k}Label`] : [k])));
  return { format: doc.format, header, fields, keys };
}

/** A raw JSON value as the design reads it: null, "" and blank text are empty; lists and objects are compact JSON. */
export function textOf(raw: unknown): string | undefined {
  if (raw === null || raw === undefined) return undefined;
  if (typeof raw === "string") return /^\s*$/.test(raw) ? undefined : raw;
  if (typeof raw === "number" || typeof raw === "boolean") return String(raw);
  return JSON.stringify(raw);
}

/** Whose record it is: what `$tenant.name` and `$tenant.id` read. */
export interface Tenant {
  name: string;
  id: string;
}

/** A field's raw value: the record's, or the tenant's for `$tenant.name` and `$tenant.id`. */
function read(name: string, record: Record<string, unknown>, tenant: Tenant | undefined): unknown {
  if (name === "$tenant.name") return tenant?.name;
  if (name === "$tenant.id") return tenant?.id;
  return record[name];
}

function fillTemplate(template: string, record: Record<string, unknown>, tenant?: Tenant): string | undefined {
  let filled = false;
  const text = template.replace(/\{\{\s*([^}]+?)\s*\}\}/g, (_, name: string) => {
    const value = textOf(read(name, record, tenant));
    filled ||= value !== undefined;
    return value ?? "";
  });
  return template.includes("{{") && !filled ? undefined : textOf(text);
}

/** The text a spec gives for a record before escaping, or the form it must have. */
export function expectedOf(spec: Spec, record: Record<string, unknown>, tenant?: Tenant): Expected {
  if (spec.type && FORMS[spec.type]) return { form: FORMS[spec.type]! };
  let text =
    spec.value !== undefined
      ? String(spec.value)
      : spec.template !== undefined
        ? fillTemplate(spec.template, record, tenant)
        : textOf(read(spec.field!, record, tenant));
  if (text !== undefined && spec.map) {
    const hit = Object.entries(spec.map).find(([k]) => k.toLowerCase() === text!.toLowerCase());
    text = hit ? String(hit[1]) : undefined;
  }
  if (text === undefined && spec.default !== undefined) text = fillTemplate(String(spec.default), record, tenant);
  return { text };
}

/**
 * A problem with one decoded value, or undefined. `clean` is the format's escaping (expected.ts); `room` says whether
 * the message was full enough for values to be cut or left out.
 */
export function valueProblem(
  what: string,
  got: string | undefined,
  expected: Expected,
  clean: (s: string) => string,
  room: { full: boolean },
): string | undefined {
  if ("form" in expected)
    return got === undefined || expected.form.test(got)
      ? undefined
      : `${what}: "${got}" is not of the form ${String(expected.form)}`;
  const want = expected.text === undefined ? "" : clean(expected.text);
  if (got === undefined || got === "")
    return want === "" || room.full ? undefined : `${what}: missing, expected ${JSON.stringify(want.slice(0, 80))}`;
  if (got === want || (want.startsWith(got) && got.length < want.length)) return undefined;
  return `${what}: got ${JSON.stringify(got.slice(0, 80))}, expected ${JSON.stringify(want.slice(0, 80))}`;
}
