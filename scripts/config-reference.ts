/**
 * docs/configuration.md, generated from the configuration schema: every key with its type, default, allowed values
 * and description, and for each family composed from components (`source`, `output`) the keys they all share, then one
 * table per component with its own.
 */
import type * as z from "zod";
import { configSchema } from "../src/config/schema.js";
import { valueKinds } from "../src/config/values.js";
import { membersOf } from "../src/config/zod-shape.js";

export const CONFIGURATION_DOC = new URL("../docs/configuration.md", import.meta.url);

interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
  entries?: Record<string, string>;
  values?: unknown[];
  shape?: Record<string, z.ZodType>;
  defaultValue?: unknown;
}
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** The schema under optional, default and preprocess wrappers, with the default met on the way. */
function peel(schema: z.ZodType): { node: z.ZodType; fallback?: unknown; optional: boolean } {
  let node = schema;
  let fallback: unknown;
  let optional = false;
  for (;;) {
    if (valueKinds.get(node)) return { node, fallback, optional };
    const def = defOf(node);
    if (def.type === "default" || def.type === "prefault") fallback ??= def.defaultValue;
    if (def.type === "optional") optional = true;
    if (def.innerType) node = def.innerType;
    else if (def.type === "pipe") node = defOf(def.in!).type === "transform" ? def.out! : def.in!;
    else return { node, fallback, optional };
  }
}

function typeOf(schema: z.ZodType): string {
  const { node } = peel(schema);
  const kind = valueKinds.get(node)?.kind;
  if (kind) return kind;
  const def = defOf(node);
  switch (def.type) {
    case "enum":
      return `one of ${Object.values(def.entries ?? {}).join(", ")}`;
    case "literal":
      return (def.values ?? []).map(String).join(", ");
    case "union":
      return (def.options ?? []).map(typeOf).join("; or ");
    case "array":
      return `list of ${typeOf(def.element!)}`;
    case "object":
      return "mapping";
    default:
      return def.type;
  }
}

/** One key of the reference. */
export interface KeyRow {
  key: string;
  type: string;
  /** The default as JSON, "required", or "" for an optional key without one. */
  shown: string;
  description: string;
}

/** A section of the reference: a heading, then a sentence, or keys (after a sentence introducing them), or both. */
export interface ReferenceSection {
  heading: string;
  text?: string;
  rowsIntro?: string;
  rows?: KeyRow[];
}

function rows(shape: Record<string, z.ZodType>, prefix: string): KeyRow[] {
  return Object.entries(shape).flatMap(([key, schema]) => {
    const { node, fallback, optional } = peel(schema);
    const def = defOf(node);
    const name = `${prefix}${key}`;
    const shown = fallback === undefined ? (optional ? "" : "required") : JSON.stringify(fallback);
    const row = { key: name, type: typeOf(schema), shown, description: schema.description ?? node.description ?? "" };
    return def.type === "object" && def.shape ? [row, ...rows(def.shape, `${name}.`)] : [row];
  });
}

/** The reference as data: each section of the configuration, each component of `source` and `output` apart. */
export function referenceSections(): ReferenceSection[] {
  const out: ReferenceSection[] = [];
  for (const [section, schema] of Object.entries(defOf(configSchema).shape ?? {})) {
    const { node, fallback, optional } = peel(schema);
    const union = membersOf(node);
    if (union) {
      const shapes = [...union.members].map(([word, member]): [string, Record<string, z.ZodType>] => [
        String(word),
        { ...defOf(member).shape },
      ]);
      for (const [, shape] of shapes) delete shape[union.key];
      // A key every member spreads from one shared group is the same schema in each: one table, not one per member.
      const shared = Object.fromEntries(
        Object.entries(shapes[0]?.[1] ?? {}).filter(([key, schema]) => shapes.every(([, s]) => s[key] === schema)),
      );
      if (Object.keys(shared).length)
        out.push({ heading: `${section} (every ${union.key})`, rows: rows(shared, `${section}.`) });
      for (const [word, shape] of shapes) {
        for (const key of Object.keys(shared)) delete shape[key];
        out.push({ heading: `${section} (${union.key}: ${word})`, rows: rows(shape, `${section}.`) });
      }
    } else if (defOf(node).type === "object") {
      out.push({ heading: section, rows: rows(defOf(node).shape ?? {}, `${section}.`) });
    } else {
      const shown = fallback === undefined ? (optional ? "" : "required") : JSON.stringify(fallback);
      const text = `${typeOf(schema)}. Default: ${shown || "none"}. ${schema.description ?? ""}`;
      // A list of mappings: the keys of each item.
      const item = defOf(node).type === "array" ? peel(defOf(node).element!).node : undefined;
      if (item && defOf(item).type === "object") {
        out.push({
          heading: section,
          text,
          rowsIntro: `${item.description ?? ""}`.trim() || "Each item:",
          rows: rows(defOf(item).shape ?? {}, `${section}[].`),
        });
      } else out.push({ heading: section, text });
    }
  }
  return out;
}

export const REFERENCE_NOTE =
  "Durations are ISO 8601 (PT10S, PT2H, P1D). Relative paths are relative to the configuration file.";

const cell = (text: string) => text.replaceAll("|", "\\|").replaceAll("\n", " ");

function table(keys: KeyRow[]): string {
  return [
    "| Key | Type | Default | Description |",
    "| --- | --- | --- | --- |",
    ...keys.map((r) => `| \`${r.key}\` | ${cell(r.type)} | ${cell(r.shown)} | ${cell(r.description)} |`),
  ].join("\n");
}

export function configurationReference(): string {
  const out = [
    "# Configuration reference",
    "",
    "Generated by `npm run gen:config-docs` from the configuration schema (src/config/schema.ts and each",
    "component's options); do not edit by hand. config.example.yaml shows the same keys with comments.",
    REFERENCE_NOTE,
  ];
  for (const section of referenceSections()) {
    out.push("", `## ${section.heading}`);
    if (section.text !== undefined) out.push("", section.text);
    if (section.rowsIntro !== undefined) out.push("", section.rowsIntro);
    if (section.rows) out.push("", table(section.rows));
  }
  return `${out.join("\n").trimEnd()}\n`;
}
