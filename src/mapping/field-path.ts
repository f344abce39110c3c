/**
 * Field paths of a mapping: `AlertTitle`, `relatedUser.userName`, `evidence[0].sha1`, and the first element of a list
 * whose property has a value, `evidence[entityType=File].sha1` (values compared without regard to case, optionally
 * quoted). Parsed once and compiled into a chain of small getters; keys match case-insensitively.
 */

export type Step =
  { kind: "key"; name: string } | { kind: "index"; index: number } | { kind: "match"; prop: string; value: string };

const TOKEN = /\.([^.[\]]+)|\[(\d+)\]|\[([^=\]]+)=([^\]]*)\]/y;
const FIRST = /[^.[\]]+/y;

/** The steps of a path, or a message saying what is wrong with it. */
export function parsePath(path: string): Step[] | string {
  FIRST.lastIndex = 0;
  const first = FIRST.exec(path);
  if (!first) return `"${path}" is not a field path: it must start with a field name`;
  const steps: Step[] = [{ kind: "key", name: first[0].trim() }];
  let at = FIRST.lastIndex;
  while (at < path.length) {
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(path);
    if (!m)
      return `"${path}" is not a field path: unexpected "${path.slice(at)}" (write a.b, a[0] or a[property=value])`;
    if (m[1] !== undefined) steps.push({ kind: "key", name: m[1].trim() });
    else if (m[2] !== undefined) steps.push({ kind: "index", index: Number(m[2]) });
    else steps.push({ kind: "match", prop: m[3]!.trim(), value: unquote(m[4]!.trim()) });
    at = TOKEN.lastIndex;
  }
  return steps;
}

function unquote(text: string): string {
  return /^(["']).*\1$/.test(text) ? text.slice(1, -1) : text;
}

/** The path written back, for messages. */
export function formatPath(steps: readonly Step[]): string {
  return steps
    .map((s, i) =>
      s.kind === "key" ? `${i ? "." : ""}${s.name}` : s.kind === "index" ? `[${s.index}]` : `[${s.prop}=${s.value}]`,
    )
    .join("");
}

type Get = (from: unknown) => unknown;

/**
 * `text` equals `lower` (lower case already) without regard to case; most comparisons are settled by the lengths,
 * since lower-casing keeps a string's length except for U+0130 (İ), which becomes two units.
 */
function sameLower(text: string, lower: string): boolean {
  if (text.length !== lower.length && !text.includes("\u0130")) return false;
  return text.toLowerCase() === lower;
}

/** A getter for one key, exact spelling first, then any case; remembers the spelling records actually use. */
function keyGetter(name: string): Get {
  const lower = name.toLowerCase();
  let seen = name;
  return (from) => {
    if (typeof from !== "object" || from === null) return undefined;
    const o = from as Record<string, unknown>;
    if (Object.hasOwn(o, seen)) return o[seen];
    for (const k in o) {
      if (sameLower(k, lower)) {
        seen = k;
        return o[k];
      }
    }
    return undefined;
  };
}

function matchGetter(prop: string, value: string): Get {
  const get = keyGetter(prop);
  const wanted = value.toLowerCase();
  const matches = (element: unknown) => {
    const v = get(element);
    return (typeof v === "string" || typeof v === "number" || typeof v === "boolean") && sameLower(String(v), wanted);
  };
  return (from): unknown => (Array.isArray(from) ? (from as unknown[]).find(matches) : undefined);
}

function stepGetter(step: Step): Get {
  if (step.kind === "key") return keyGetter(step.name);
  if (step.kind === "index")
    return (from): unknown => (Array.isArray(from) ? (from as unknown[])[step.index] : undefined);
  return matchGetter(step.prop, step.value);
}

/** The compiled path: a record in, the raw value (or undefined) out. */
export function compilePath(steps: readonly Step[]): (record: Record<string, unknown>) => unknown {
  const getters = steps.map(stepGetter);
  if (getters.length === 1) return getters[0]!;
  return (record) => {
    let v: unknown = record;
    for (const get of getters) {
      v = get(v);
      if (v === undefined || v === null) return undefined;
    }
    return v;
  };
}
