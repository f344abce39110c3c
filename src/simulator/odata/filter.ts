/**
 * The `$filter` subset both simulated APIs honour: comparisons `field op literal` with `eq ge gt le lt`, joined by
 * `and`, optionally in parentheses. Literals: 'strings' ('' for a quote), numbers, null and unquoted date-times
 * (`2024-05-01T12:00:00Z`, up to 7 fractional digits). Anything else (`or`, `ne`, functions, an unknown or
 * unfilterable field) is a clear error, as on the real APIs.
 */
export type Op = "eq" | "ge" | "gt" | "le" | "lt";
export type Literal =
  | { kind: "string"; value: string }
  | { kind: "number"; value: number }
  | { kind: "null" }
  | { kind: "time"; value: bigint };

export interface Comparison {
  /** The field's documented spelling. */
  field: string;
  op: Op;
  literal: Literal;
}

const TOKEN =
  /\s*(?:(\()|(\))|'((?:[^']|'')*)'|(\d{4}-\d{2}-\d{2}T[\d:.]+(?:Z|[+-]\d{2}:\d{2}))|(-?\d+(?:\.\d+)?)(?![\w-])|([A-Za-z_][\w.]*))/y;
const OPS = new Set<string>(["eq", "ge", "gt", "le", "lt"]);

type Token = { kind: "open" | "close" } | { kind: "literal"; literal: Literal } | { kind: "word"; text: string };

function tokens(text: string): Token[] | string {
  const out: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(text);
    if (!m) {
      if (text.slice(at).trim() === "") break;
      return `syntax error at position ${at}: "${text.slice(at, at + 20)}"`;
    }
    if (m[1]) out.push({ kind: "open" });
    else if (m[2]) out.push({ kind: "close" });
    else if (m[3] !== undefined)
      out.push({ kind: "literal", literal: { kind: "string", value: m[3].replaceAll("''", "'") } });
    else if (m[4] !== undefined) {
      const time = timeTicks(m[4]);
      if (time === undefined) return `${m[4]} is not a date and time`;
      out.push({ kind: "literal", literal: { kind: "time", value: time } });
    } else if (m[5] !== undefined) out.push({ kind: "literal", literal: { kind: "number", value: Number(m[5]) } });
    else if (m[6] === "null") out.push({ kind: "literal", literal: { kind: "null" } });
    else out.push({ kind: "word", text: m[6]! });
  }
  return out;
}

/** The comparisons of a `$filter`, or what is wrong with it. `fields` are the filterable ones, as documented. */
export function parseFilter(text: string, fields: readonly string[]): Comparison[] | string {
  const list = tokens(text);
  if (typeof list === "string") return list;
  const known = new Map(fields.map((f) => [f.toLowerCase(), f]));
  const out: Comparison[] = [];
  let i = 0;
  for (;;) {
    let open = 0;
    while (list[i]?.kind === "open") [open, i] = [open + 1, i + 1];
    const [f, o, l] = [list[i], list[i + 1], list[i + 2]];
    if (f?.kind !== "word") return "expected a property name";
    const field = known.get(f.text.toLowerCase());
    if (!field) return `the property '${f.text}' cannot be used in $filter; filterable: ${fields.join(", ")}`;
    if (o?.kind !== "word" || !OPS.has(o.text))
      return `operator ${o?.kind === "word" ? `'${o.text}'` : "missing"} after '${f.text}' is not supported; use eq, ge, gt, le or lt`;
    if (l?.kind !== "literal") return `expected a value after '${f.text} ${o.text}'`;
    out.push({ field, op: o.text as Op, literal: l.literal });
    i += 3;
    for (; open > 0; open--, i++) if (list[i]?.kind !== "close") return "a parenthesis is not closed";
    if (i >= list.length) return out;
    const joiner = list[i];
    if (joiner?.kind !== "word" || joiner.text !== "and")
      return `'${joiner?.kind === "word" ? joiner.text : "?"}' is not supported; join comparisons with and`;
    i++;
  }
}

/** A date-time as 100-nanosecond ticks since the epoch (Microsoft's 7 digits compared exactly). */
export function timeTicks(text: string): bigint | undefined {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?)(?:\.(\d{1,7}))?(Z|[+-]\d{2}:\d{2})$/.exec(text);
  if (!m) return undefined;
  const ms = Date.parse(`${m[1]}${m[3]}`);
  if (Number.isNaN(ms)) return undefined;
  return BigInt(ms) * 10_000n + BigInt((m[2] ?? "").padEnd(7, "0"));
}

/** Whether a record's value satisfies a comparison; values are read from the record by the field's spelling. */
export function matches(record: Record<string, unknown>, c: Comparison): boolean {
  const value = record[c.field];
  const { literal } = c;
  if (literal.kind === "null") return c.op === "eq" ? value === null || value === undefined : false;
  if (value === null || value === undefined) return false;
  if (literal.kind === "time") return typeof value === "string" && compare(timeTicks(value), literal.value, c.op);
  if (literal.kind === "number") return typeof value === "number" && compare(value, literal.value, c.op);
  return typeof value === "string" && compare(value, literal.value, c.op);
}

function compare<T extends bigint | number | string>(a: T | undefined, b: T, op: Op): boolean {
  if (a === undefined) return false;
  switch (op) {
    case "eq":
      return a === b;
    case "ge":
      return a >= b;
    case "gt":
      return a > b;
    case "le":
      return a <= b;
    case "lt":
      return a < b;
  }
}
