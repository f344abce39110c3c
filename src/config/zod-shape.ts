/**
 * The keys a zod object schema accepts at a path, seen through optional, default and preprocess wrappers, and through
 * discriminated unions (the member the document's value selects).
 */
import type * as z from "zod";
import { memberNotes, needed } from "./components.js";
import { localPaths } from "./values.js";
import type { KeyPath } from "./yaml-file.js";

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
  discriminator?: string;
  values?: unknown[];
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** A schema and the wrappers inside it, outermost first: a registration may sit on any of them. */
function layers(schema: z.ZodType): z.ZodType[] {
  const def = defOf(schema);
  if (def.innerType) return [schema, ...layers(def.innerType)];
  if (def.type === "pipe" && def.in && def.out)
    return [schema, ...layers(defOf(def.in).type === "transform" ? def.out : def.in)];
  return [schema];
}

export const unwrap = (schema: z.ZodType): z.ZodType => layers(schema).at(-1)!;

const child = (value: unknown, key: PropertyKey): unknown =>
  value !== null && typeof value === "object" ? (value as Record<PropertyKey, unknown>)[key] : undefined;

/** The discriminated union's members with the word that selects each. */
export function membersOf(schema: z.ZodType): { key: string; members: Map<unknown, z.ZodType> } | undefined {
  const def = defOf(schema);
  if (def.type !== "union" || !def.discriminator || !def.options) return undefined;
  const key = def.discriminator;
  const members = new Map(def.options.map((o) => [defOf(unwrap(defOf(o).shape![key]!)).values?.[0], o]));
  return { key, members };
}

/** The schema itself, or the member of a discriminated union that `value` selects. */
function resolve(schema: z.ZodType, value: unknown): z.ZodType | undefined {
  const node = unwrap(schema);
  const union = membersOf(node);
  if (!union) return node;
  const member = union.members.get(child(value, union.key));
  return member && unwrap(member);
}

interface Step {
  node: z.ZodType;
  value: unknown;
  /** How far along the path this node is. */
  depth: number;
  union?: z.ZodType;
}

/** Each schema node along `path` in the document `doc`. */
function walk(schema: z.ZodType, path: KeyPath, doc: unknown): Step[] {
  const steps: Step[] = [];
  let node: z.ZodType | undefined = schema;
  let value = doc;
  for (let depth = 0; node; depth++) {
    const resolved = resolve(node, value);
    if (!resolved) return steps;
    steps.push({ node: resolved, value, depth, ...(membersOf(unwrap(node)) ? { union: unwrap(node) } : {}) });
    if (depth === path.length) return steps;
    const key = path[depth]!;
    const def = defOf(resolved);
    node = typeof key === "number" ? def.element : def.shape?.[String(key)];
    value = child(value, key);
  }
  return steps;
}

export function keysAt(schema: z.ZodType, path: KeyPath, doc?: unknown): string[] {
  const last = walk(schema, path, doc).at(-1);
  return last?.depth === path.length ? Object.keys(defOf(last.node).shape ?? {}) : [];
}

/** For a key the selected member lacks: the words of the members that have it, and what the member says why. */
export interface Owners {
  /** `transport`, `api`. */
  key: string;
  given: string;
  owners: string[];
  note?: string;
}

export function ownersOf(schema: z.ZodType, path: KeyPath, key: string, doc: unknown): Owners | undefined {
  const steps = walk(schema, path, doc);
  if (steps.at(-1)?.depth !== path.length) return undefined;
  const step = steps.findLast((s) => s.union);
  if (!step?.union) return undefined;
  const union = membersOf(step.union)!;
  const rest = [...path.slice(step.depth), key];
  const owners = [...union.members]
    .filter(([, member]) => walk(member, rest, step.value).at(-1)?.depth === rest.length)
    .map(([word]) => String(word));
  if (owners.length === 0) return undefined;
  const chosen = union.members.get(child(step.value, union.key));
  const note = chosen && rest.length === 1 ? memberNotes.get(chosen)?.lacks[key] : undefined;
  return { key: union.key, given: String(child(step.value, union.key)), owners, ...(note ? { note } : {}) };
}

/** `transport udp needs the receiver's host`, for a key the selected member requires and the document lacks. */
export function needsOf(schema: z.ZodType, path: KeyPath, doc: unknown): string | undefined {
  const steps = walk(schema, path, doc);
  const last = steps.at(-1);
  const step = steps.findLast((s) => s.union);
  if (last?.depth !== path.length || !step?.union) return undefined;
  const what = needed.get(last.node)?.needs;
  const key = membersOf(step.union)!.key;
  return what && `${key} ${String(child(step.value, key))} ${what}`;
}

/** The values `value` sets for keys registered in `registry`, with their key paths and registrations. */
export function registeredIn<M extends object>(
  registry: z.core.$ZodRegistry<M>,
  schema: z.ZodType,
  value: unknown,
  at: KeyPath = [],
): { at: KeyPath; value: unknown; meta: M }[] {
  if (value === undefined) return [];
  const meta = layers(schema)
    .map((s) => registry.get(s))
    .find((m) => m !== undefined);
  if (meta !== undefined) return [{ at, value, meta: meta as M }];
  const node = resolve(schema, value);
  const shape = node && defOf(node).shape;
  if (!shape || value === null || typeof value !== "object") return [];
  return Object.entries(shape).flatMap(([key, child]) =>
    registeredIn(registry, child, (value as Record<string, unknown>)[key], [...at, key]),
  );
}

/** The keys registered as local paths (config/values.ts) that `value` sets, with their key paths. */
export function localPathsIn(
  schema: z.ZodType,
  value: unknown,
): { at: KeyPath; path: string; access: "read" | "write" }[] {
  return registeredIn(localPaths, schema, value)
    .filter((r) => typeof r.value === "string")
    .map(({ at, value, meta }) => ({ at, path: value as string, access: meta.access }));
}
