/**
 * SIEM records with adversarial content in every field, the same for a given seed: CEF and LEEF delimiters, escapes,
 * `=`, CR/LF, NUL and other control characters, lone UTF-16 surrogates, any Unicode, numbers, booleans, null, lists
 * and objects; every thousandth record carries a 1 MB string, and another JSON nested 10,000 levels deep. FullId
 * starts with `h<index>:` (the rest is hostile too), so each message can be traced back to its record.
 */
import fc from "fast-check";
import { RawJson } from "../../src/simulator/index.js";
import { Random } from "../../src/simulator/random.js";
import { ticksTime } from "../../src/simulator/views/times.js";
import { SIEM_FIELDS } from "../../src/sources/siem/fields.js";
import { anyText, PIECES } from "./arbitraries.js";

export const ONE_MB = 1024 * 1024;
export const DEEP = 10_000;

const ODD_VALUES: unknown[] = [
  0,
  -1,
  3.14,
  1e21,
  true,
  false,
  null,
  [],
  {},
  ["a|b", "c=d\n", null],
  { "key=": "va|ue\\", nested: { list: [1, "\t\u0000"] } },
];
/** Mapped fields of both default mappings, in turn, for the largest and deepest values. */
const BIG_FIELDS = [
  "Description",
  "CommandLine",
  "AlertTitle",
  "FileName",
  "FilePath",
  "ThreatName",
  "MachineName",
  "Actor",
  "Url",
  "UserName",
];

const BOTTOM = "bottom | = \\";

/** A value `depth` levels deep, objects and lists in turn, built without recursion. */
export function deeplyNested(depth: number): unknown {
  let value: unknown = BOTTOM;
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { k: value };
  return value;
}

/** The JSON text of `deeplyNested(depth)`, which JSON.stringify cannot write (it recurses). */
function deeplyNestedJson(depth: number): string {
  const levels = Array.from({ length: depth }, (_, i) => i);
  const opens = levels
    .reverse()
    .map((i) => (i % 2 ? "[" : '{"k":'))
    .join("");
  const closes = levels
    .reverse()
    .map((i) => (i % 2 ? "]" : "}"))
    .join("");
  return `${opens}${JSON.stringify(BOTTOM)}${closes}`;
}

/** The record as the simulator serves it: as it is, or as exact JSON text when it holds a value nested too deep. */
export function served(record: Record<string, unknown>): unknown {
  const deep = Object.keys(record).filter(
    (k) => typeof record[k] === "object" && record[k] !== null && isTooDeep(record[k]),
  );
  if (deep.length === 0) return record;
  const marked = Object.fromEntries(Object.entries(record).map(([k, v]) => [k, deep.includes(k) ? "@@deep@@" : v]));
  return new RawJson(JSON.stringify(marked).replace('"@@deep@@"', deeplyNestedJson(DEEP)));
}

function isTooDeep(value: unknown): boolean {
  try {
    JSON.stringify(value);
    return false;
  } catch {
    return true;
  }
}

/** `index` read back from a decoded FullId. */
export function recordIndex(fullId: string | undefined): number | undefined {
  const m = /^h(\d+):/.exec(fullId ?? "");
  return m ? Number(m[1]) : undefined;
}

export function hostileRecords(
  count: number,
  options: { seed: number; from: number; to: number },
): Record<string, unknown>[] {
  const random = new Random(options.seed);
  const varied = fc.sample(anyText, { seed: options.seed, numRuns: 1000 });
  const text = (maxPieces: number) =>
    Array.from({ length: random.int(0, maxPieces) }, () => random.pick(PIECES)).join("");
  const value = (): unknown => {
    const roll = random.next();
    if (roll < 0.05) return random.pick(ODD_VALUES);
    return roll < 0.15 ? random.pick(varied) : text(30);
  };
  const huge = PIECES.join("")
    .repeat(Math.ceil(ONE_MB / PIECES.join("").length))
    .slice(0, ONE_MB);
  return Array.from({ length: count }, (_, i) => {
    const record: Record<string, unknown> = Object.fromEntries(SIEM_FIELDS.map((f) => [f, value()]));
    record.FullId = `h${i}:${text(8)}`;
    record.LastProcessedTimeUtc = ticksTime(
      options.from + Math.floor(random.next() * (options.to - options.from)),
      random.int(0, 9999),
    );
    const turn = BIG_FIELDS[Math.floor(i / 1000) % BIG_FIELDS.length]!;
    if (i % 1000 === 17) record[turn] = huge;
    if (i % 1000 === 503) record[turn] = deeplyNested(DEEP);
    return record;
  });
}
