/** The keys a zod object schema accepts at a path, seen through optional, default and preprocess wrappers. */
import type * as z from "zod";
import type { KeyPath } from "./yaml-file.js";

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  element?: z.ZodType;
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

function unwrap(schema: z.ZodType): z.ZodType {
  const def = defOf(schema);
  if (def.innerType) return unwrap(def.innerType);
  if (def.type === "pipe" && def.in && def.out) return unwrap(defOf(def.in).type === "transform" ? def.out : def.in);
  return schema;
}

export function keysAt(schema: z.ZodType, path: KeyPath): string[] {
  let node: z.ZodType | undefined = unwrap(schema);
  for (const key of path) {
    const def: Def = defOf(node);
    node = typeof key === "number" ? def.element : def.shape?.[String(key)];
    if (!node) return [];
    node = unwrap(node);
  }
  return Object.keys(defOf(node).shape ?? {});
}
