/**
 * Compiles one value of a mapping (`field`, `template` or `value`, with `type`, `map`, `default`, `maxBytes`) into a
 * getter, once: per record only the compiled steps run, nothing is parsed or looked up by name.
 */
import type { LayoutIssue, MappedValue, NoteCut, SourceRecord, ValueType } from "../formats/format.js";
import { didYouMean } from "../util/suggest.js";
import type { Catalogue, CatalogueField } from "./catalogue.js";
import { converter, DEFAULT_SEPARATOR, toText } from "./convert.js";
import { compilePath, parsePath } from "./field-path.js";
import type { ValueSpec } from "./schema.js";
import { compileTemplate, parseTemplate } from "./template.js";
import { TENANT_PREFIX, tenantGetter, type TenantLabel } from "./tenant.js";

type Path = (string | number)[];
type Get = (record: SourceRecord, noteCut?: NoteCut) => string | undefined;

export interface ValueContext {
  /** The source's fields, which every path is checked against. */
  catalogue: Catalogue;
  /** The tenant of the record being encoded (`$tenant.name`, `$tenant.id`). */
  tenant: () => TenantLabel | undefined;
  issues: LayoutIssue[];
}

function fieldGetter(
  path: string,
  at: Path,
  ctx: ValueContext,
): { get: (record: SourceRecord) => unknown; field?: CatalogueField } | undefined {
  if (path.startsWith(TENANT_PREFIX)) {
    const get = tenantGetter(path, ctx.tenant);
    if (typeof get === "string") ctx.issues.push({ path: at, message: get });
    return typeof get === "string" ? undefined : { get };
  }
  const parsed = parsePath(path);
  const field = typeof parsed === "string" ? parsed : ctx.catalogue.field(parsed);
  if (typeof field === "string") {
    ctx.issues.push({ path: at, message: field });
    return undefined;
  }
  return { get: compilePath(field.steps), field };
}

function templateGetter(template: string, at: Path, ctx: ValueContext): Get | undefined {
  const parsed = parseTemplate(template);
  if (typeof parsed === "string") {
    ctx.issues.push({ path: at, message: parsed });
    return undefined;
  }
  const getters = parsed.map((p) => ("text" in p ? undefined : fieldGetter(p.path, at, ctx)?.get));
  if (parsed.some((p, i) => "path" in p && !getters[i])) return undefined;
  return compileTemplate(parsed.map((p, i) => ("text" in p ? p : { get: getters[i]! })));
}

/** The raw value: a record field (with what the catalogue knows of it), a filled template, or a constant. */
function sourceGetter(
  spec: ValueSpec,
  at: Path,
  ctx: ValueContext,
): { get: (record: SourceRecord, noteCut?: NoteCut) => unknown; field?: CatalogueField } | undefined {
  if (spec.field !== undefined) return fieldGetter(spec.field, [...at, "field"], ctx);
  if (spec.template !== undefined) {
    const get = templateGetter(spec.template, [...at, "template"], ctx);
    return get && { get };
  }
  const constant = String(spec.value);
  return { get: () => constant };
}

/**
 * `map` keys that the field is not known to take: a typo (`Hgih`) would send every High record to the default. Only
 * a warning, because Microsoft adds values to its enums.
 */
function unknownMapKeys(spec: ValueSpec, field: CatalogueField | undefined, at: Path, ctx: ValueContext): void {
  const known = field?.values;
  if (!spec.map || !known || (spec.type ?? "string") !== "string") return;
  const lower = new Set(known.map((v) => v.toLowerCase()));
  for (const key of Object.keys(spec.map)) {
    if (lower.has(key.toLowerCase())) continue;
    ctx.issues.push({
      path: [...at, "map", key],
      warning: true,
      message: `"${key}" is not a known value of ${spec.field}${didYouMean(key, known)}: known values are ${known.join(", ")}`,
    });
  }
}

/** `map` with keys matched without regard to case; a value the table lacks counts as empty. */
function lookup(
  map: Record<string, string | number>,
  at: Path,
  ctx: ValueContext,
): (text: string) => string | undefined {
  const table = new Map<string, string>();
  for (const [key, value] of Object.entries(map)) {
    const lower = key.toLowerCase();
    if (table.has(lower))
      ctx.issues.push({
        path: [...at, "map", key],
        message: `"${key}" is already in the map (keys match without regard to case)`,
      });
    table.set(lower, String(value));
  }
  return (text) => table.get(text.toLowerCase());
}

export function compileValue(spec: ValueSpec, at: Path, ctx: ValueContext): MappedValue | undefined {
  const type: ValueType = spec.type ?? "string";
  if (spec.separator !== undefined && type !== "join")
    ctx.issues.push({ path: [...at, "separator"], message: "only for type: join" });
  const source = sourceGetter(spec, at, ctx);
  const raw = source?.get;
  unknownMapKeys(spec, source?.field, at, ctx);
  const fallback =
    spec.default === undefined ? undefined : templateGetter(String(spec.default), [...at, "default"], ctx);
  const map = spec.map && lookup(spec.map, at, ctx);
  if (!raw || (spec.default !== undefined && !fallback)) return undefined;

  const convert = converter(type, spec.separator);
  const converted: Get = (r, noteCut) => convert(raw(r, noteCut), noteCut);
  const mapped: Get = map
    ? (r, noteCut) => {
        const t = converted(r, noteCut);
        return t === undefined ? undefined : map(t);
      }
    : converted;
  const get: Get = fallback ? (r, noteCut) => mapped(r, noteCut) ?? toText(fallback(r, noteCut), noteCut) : mapped;
  const recordFree = spec.value !== undefined || (spec.template !== undefined && !spec.template.includes("{{"));
  const defaultFree = spec.default === undefined || !String(spec.default).includes("{{");
  const constant = recordFree && defaultFree ? get({}) : undefined;
  return {
    get: constant === undefined ? get : () => constant,
    constant,
    possible: possibleValues(spec, constant, defaultFree),
    type,
    shrinkable: (type === "string" || type === "join") && !spec.map && constant === undefined,
    maxBytes: spec.maxBytes,
    ...(type === "join" && spec.field !== undefined ? { separator: spec.separator ?? DEFAULT_SEPARATOR } : {}),
    identity: identityOf(spec, source?.field),
  };
}

/** An identifier written as the record has it: not mapped, not converted. */
function identityOf(spec: ValueSpec, field: CatalogueField | undefined): MappedValue["identity"] {
  if (!field?.identityBytes || spec.map || (spec.type ?? "string") !== "string") return undefined;
  return { field: spec.field!, bytes: field.identityBytes };
}

function possibleValues(spec: ValueSpec, constant: string | undefined, defaultFree: boolean): string[] | undefined {
  if (constant !== undefined) return [constant];
  if (!spec.map || !defaultFree) return undefined;
  const values = Object.values(spec.map).map(String);
  return spec.default === undefined ? values : [...values, String(spec.default)];
}
