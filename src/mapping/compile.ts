/**
 * A mapping file compiled: validated with every problem located (file, line, key path), then turned once into an
 * encoder. Problems stop it (FileProblemsError); warnings come back with it.
 */
import { isMap, isScalar } from "yaml";
import type { Api } from "../config/config.js";
import type { KeyPath, YamlFile } from "../config/yaml-file.js";
import { defaultMessage, zodProblems } from "../config/zod-problems.js";
import { keysAt } from "../config/zod-shape.js";
import { FileProblemsError, type FileProblem } from "../errors.js";
import type { Encoder, Format, Layout, LayoutIssue, MappedField, MappedValue } from "../formats/format.js";
import { FORMATS, type FormatName } from "../formats/formats.js";
import { SOURCE_FIELDS } from "../sources/fields.js";
import { didYouMean } from "../util/suggest.js";
import { createCatalogue } from "./catalogue.js";
import { mappingSchema, valueObject, type MappingSpec, type ValueSpec } from "./schema.js";
import { compileValue, type ValueContext } from "./value.js";

export const MAPPING_ERROR = "E_MAPPING";

export interface CompiledFile {
  format: FormatName;
  source: Api;
  encode: Encoder;
  warnings: FileProblem[];
}

const knownKeys = (path: KeyPath) => (path.length === 0 ? keysAt(mappingSchema, []) : path.length === 2 ? keysAt(valueObject, []) : []);

export function compileMappingFile(yaml: YamlFile): CompiledFile {
  const raw: unknown = yaml.doc.toJS();
  const parsed = mappingSchema.safeParse(withTextHeader(raw), { reportInput: true, error: defaultMessage });
  if (!parsed.success) throw new FileProblemsError(MAPPING_ERROR, zodProblems(parsed.error.issues, yaml, knownKeys));
  const spec = parsed.data;
  const format: Format = FORMATS[spec.format];
  const ctx: ValueContext = { catalogue: createCatalogue(spec.source, SOURCE_FIELDS[spec.source]), issues: headerKeyIssues(spec, format) };
  const compile = (value: ValueSpec, at: (string | number)[]) => compileLocated(value, at, isBare(yaml, at), ctx);

  const header: Record<string, MappedValue> = {};
  for (const [key, value] of Object.entries(spec.header ?? {})) {
    const compiled = compile(value, ["header", key]);
    if (compiled) header[key] = compiled;
  }
  const fields: MappedField[] = [];
  for (const key of fieldOrder(yaml, spec)) {
    const value = compile(spec.fields![key]!, ["fields", key]);
    if (value) fields.push({ key, label: spec.fields![key]!.label, value });
  }
  const layout: Layout = { header, fields };
  const issues = [...ctx.issues, ...format.check(layout)];
  const located = (i: LayoutIssue) => yaml.problem(i.path, i.message);
  const problems = issues.filter((i) => !i.warning).map(located);
  if (problems.length) throw new FileProblemsError(MAPPING_ERROR, problems);
  return { format: spec.format, source: spec.source, encode: format.compile(layout), warnings: issues.filter((i) => i.warning).map(located) };
}

/** Header keys such as `vendor` take literal text: `vendor: Microsoft` is the word, not a field named Microsoft. */
function withTextHeader(raw: unknown): unknown {
  const data = raw as { format?: unknown; header?: unknown } | null;
  const format = typeof data?.format === "string" ? (FORMATS as Record<string, Format>)[data.format] : undefined;
  if (!format || typeof data?.header !== "object" || data.header === null) return raw;
  const header = Object.fromEntries(
    Object.entries(data.header as Record<string, unknown>).map(([k, v]) => [k, format.header.text.includes(k) && typeof v !== "object" ? { value: v } : v]),
  );
  return { ...data, header };
}

function headerKeyIssues(spec: MappingSpec, format: Format): LayoutIssue[] {
  const known = [...format.header.required, ...format.header.optional];
  const needs = `format ${spec.format} needs header ${format.header.required.join(", ")}`;
  if (!spec.header) return format.header.required.length ? [{ path: ["header"], message: `missing; ${needs}` }] : [];
  const given = Object.keys(spec.header);
  const unknown = given
    .filter((k) => !known.includes(k))
    .map((k) => ({
      path: ["header", k],
      message: known.length ? `not a ${spec.format} header key: expected ${known.join(", ")}${didYouMean(k, known)}` : `format ${spec.format} has no header`,
    }));
  const missing = format.header.required
    .filter((k) => !given.includes(k))
    .map((k) => ({ path: ["header", k], message: `missing; ${needs}` }));
  return [...unknown, ...missing];
}

/** Problems inside a bare value (`suser: UserNmae`) are reported at its key, which is all the file has. */
function compileLocated(value: ValueSpec, at: (string | number)[], bare: boolean, ctx: ValueContext): MappedValue | undefined {
  const before = ctx.issues.length;
  const compiled = compileValue(value, at, ctx);
  if (bare) for (const issue of ctx.issues.slice(before)) issue.path = at;
  return compiled;
}

function isBare(yaml: YamlFile, at: (string | number)[]): boolean {
  return isScalar(yaml.doc.getIn(at, true));
}

/** Fields in file order: the YAML node keeps it, where a JS object would move integer-like keys first. */
function fieldOrder(yaml: YamlFile, spec: MappingSpec): string[] {
  const node = yaml.doc.get("fields", true);
  if (!isMap(node)) return Object.keys(spec.fields ?? {});
  return node.items.map((pair) => String(isScalar(pair.key) ? pair.key.value : pair.key));
}
