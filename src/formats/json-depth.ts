/**
 * Compact JSON of any value a record holds. JSON.stringify recurses, so a hostile record nested thousands of levels
 * deep makes it throw: such a value is written cut in depth instead, and the record is still delivered.
 */

/** Nesting kept when a value is too deep for JSON.stringify: deeper levels become "…". */
const MAX_JSON_DEPTH = 64;

/** The value's JSON (undefined for what JSON leaves out, as JSON.stringify), and whether it was cut in depth. */
export function depthSafeJson(value: unknown): { text: string | undefined; cut: boolean } {
  try {
    return { text: JSON.stringify(value), cut: false };
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    return { text: JSON.stringify(shallow(value, MAX_JSON_DEPTH)), cut: true };
  }
}

function shallow(value: unknown, depth: number): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (depth === 0) return "…";
  if (Array.isArray(value)) return value.map((v) => shallow(v, depth - 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shallow(v, depth - 1)]));
}
