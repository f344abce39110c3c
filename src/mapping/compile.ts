/**
 * A mapping file compiled: validated with every problem located (file, line, key path), then turned once into an
 * encoder. Problems stop it (FileProblemsError); warnings come back with it.
 */
import { isMap, isScalar } from "yaml";
import type { KeyPath, YamlFile } from "../config/yaml-file.js";
import { defaultMessage, zodProblems } from "../config/zod-problems.js";
import { keysAt } from "../config/zod-shape.js";
import { FileProblemsError, type FileProblem } from "../errors.js";
import type {
  EncodedMessage,
  Encoder,
  Format,
  Layout,
  LayoutIssue,
  MappedField,
  MappedValue,
  SourceRecord,
} from "../formats/format.js";
import { formatNamed, formatOf, type FormatName } from "../formats/registry.js";
import { sourceNamed, type SourceName } from "../sources/registry.js";
import { didYouMean } from "../util/suggest.js";
import { catalogueOf } from "./catalogue.js";
import { mappingSchema, valueObject, valueSpec, type MappingSpec, type ValueSpec } from "./schema.js";
import type { TenantLabel } from "./tenant.js";
import { compileValue, type ValueContext } from "./value.js";

export const MAPPING_ERROR = "E_MAPPING";

export interface CompiledFile {
  format: FormatName;
  source: SourceName;
  /** `tenant`: whose record it is, for `$tenant.name` and `$tenant.id` (left out when not given). */
  encode: (record: SourceRecord, maxBytes: number, tenant?: TenantLabel) => EncodedMessage;
  warnings: FileProblem[];
}

const knownKeys = (path: KeyPath) =>
  path.length === 0 ? keysAt(mappingSchema, []) : path.length === 2 ? keysAt(valueObject, []) : [];

export function compileMappingFile(yaml: YamlFile): CompiledFile {
  const parsed = mappingSchema.safeParse(withTextHeader(yaml.toJS()), { reportInput: true, error: defaultMessage });
  if (!parsed.success) throw new FileProblemsError(MAPPING_ERROR, zodProblems(parsed.error.issues, yaml, knownKeys));
  const spec = parsed.data;
  const format: Format = formatOf(spec.format);
  // Encoding is synchronous: the tenant of the record in hand is the one `encode` was given.
  let tenant: TenantLabel | undefined;
  const ctx: ValueContext = {
    catalogue: catalogueOf(spec.source, sourceNamed(spec.source).fields),
    tenant: () => tenant,
    issues: headerKeyIssues(spec, format),
  };
  const problems: FileProblem[] = [];
  const compile = (value: unknown, at: (string | number)[]) => {
    const checked = valueSpec.safeParse(value, { reportInput: true, error: defaultMessage });
    if (checked.success) return { spec: checked.data, value: compileLocated(checked.data, at, isBare(yaml, at), ctx) };
    problems.push(
      ...zodProblems(
        checked.error.issues.map((i) => ({ ...i, path: [...at, ...i.path] })),
        yaml,
        knownKeys,
      ),
    );
    return undefined;
  };

  const header: Record<string, MappedValue> = {};
  for (const [key, value] of Object.entries(spec.header ?? {})) {
    const compiled = compile(value, ["header", key])?.value;
    if (compiled) header[key] = compiled;
  }
  const fields: MappedField[] = [];
  for (const key of fieldOrder(yaml, spec)) {
    const compiled = compile(spec.fields![key], ["fields", key]);
    if (compiled?.value) fields.push({ key, label: compiled.spec.label, value: compiled.value });
  }
  const layout: Layout = { header, fields, truncationMarker: spec.truncationMarker };
  const issues = [...ctx.issues, ...format.check(layout), ...identityMaxBytes(fields)];
  const located = (i: LayoutIssue) => yaml.problem(i.path, i.message);
  problems.push(...issues.filter((i) => !i.warning).map(located));
  if (problems.length) throw new FileProblemsError(MAPPING_ERROR, problems);
  const encoder: Encoder = format.compile(layout);
  return {
    format: spec.format,
    source: spec.source,
    encode: (record, maxBytes, of) => {
      tenant = of;
      try {
        return encoder(record, maxBytes);
      } finally {
        tenant = undefined;
      }
    },
    warnings: issues.filter((i) => i.warning).map(located),
  };
}

/** A `maxBytes` that cuts an identifier, whatever the format (CEF also checks its keys' own limits). */
function identityMaxBytes(fields: readonly MappedField[]): LayoutIssue[] {
  return fields.flatMap(({ key, value: { identity, maxBytes } }) =>
    identity && maxBytes !== undefined && maxBytes < identity.bytes
      ? [
          {
            path: ["fields", key, "maxBytes"],
            warning: true,
            message: `${identity.field} is an identifier of up to ${identity.bytes} bytes: maxBytes ${maxBytes} would cut it; raise it to ${identity.bytes} or remove it`,
          },
        ]
      : [],
  );
}

/** Header keys such as `vendor` take literal text: `vendor: Microsoft` is the word, not a field named Microsoft. */
function withTextHeader(raw: unknown): unknown {
  const data = raw as { format?: unknown; header?: unknown } | null;
  const format = typeof data?.format === "string" ? formatNamed(data.format) : undefined;
  if (!format || typeof data?.header !== "object" || data.header === null) return raw;
  const header = Object.fromEntries(
    Object.entries(data.header as Record<string, unknown>).map(([k, v]) => [
      k,
      format.header.text.includes(k) && typeof v !== "object" ? { value: v } : v,
    ]),
  );
  return { ...data, header };
}

function headerKeyIssues(spec: MappingSpec, format: Format): LayoutIssue[] {
  const { required, optional } = format.header;
  const known = [...required, ...optional];
  const needs = `format ${spec.format} needs ${required.join(", ")}`;
  const given = Object.keys(spec.header ?? {});
  const unknown = given
    .filter((k) => !known.includes(k))
    .map((k) => ({
      path: ["header", k],
      message: `not a ${spec.format} header key: expected ${known.join(", ")}${didYouMean(k, known)}`,
    }));
  const missing = required.filter((k) => !given.includes(k));
  if (missing.length === 0) return unknown;
  const what = missing.length === required.length ? "missing" : `missing ${missing.join(", ")}`;
  return [...unknown, { path: ["header"], message: `${what}; ${needs}` }];
}

/** Problems inside a bare value (`suser: UserNmae`) are reported at its key, which is all the file has. */
function compileLocated(
  value: ValueSpec,
  at: (string | number)[],
  bare: boolean,
  ctx: ValueContext,
): MappedValue | undefined {
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
