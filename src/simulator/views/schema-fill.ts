/**
 * Objects of any type in Microsoft's Graph schema (sources/shared/graph-schema.generated.ts), every property filled
 * with a plausible value drawn from a seeded generator: the evidence of other products' kinds (mailbox, cloud
 * application, Kubernetes …) that an alert may carry, so the simulator sends every key of the schema somewhere.
 */
import { GRAPH_SCHEMA } from "../../sources/shared/graph-schema.generated.js";
import type { FieldType } from "../../sources/shared/graph-schema.js";
import type { Random } from "../random.js";

/** Evidence type name → its `@odata.type`. */
const ODATA_TYPE = new Map(Object.entries(GRAPH_SCHEMA.evidence).map(([odata, name]) => [name, odata]));
const EVIDENCE_TYPES = Object.values(GRAPH_SCHEMA.evidence);
/** Nesting deeper than this is null: some types contain themselves (a container image's digest image). */
const MAX_DEPTH = 2;

/** The values a filter or a consumer knows without `Prefer: include-unknown-enum-members`, `unknown` aside. */
export function settledValues(enumName: string): string[] {
  const values = GRAPH_SCHEMA.enums[enumName] ?? [];
  const cut = values.indexOf("unknownFutureValue");
  return (cut < 0 ? values : values.slice(0, cut)).filter((v) => v !== "unknown");
}

/** The members after `unknownFutureValue`: Graph sends them only to `Prefer: include-unknown-enum-members`. */
export function evolvedValues(enumName: string): string[] {
  const values = GRAPH_SCHEMA.enums[enumName] ?? [];
  const cut = values.indexOf("unknownFutureValue");
  return cut < 0 ? [] : values.slice(cut + 1);
}

function text(key: string, rng: Random, at: number): string {
  const k = key.toLowerCase();
  if (k.endsWith("datetime")) return new Date(at - rng.int(0, 86_400_000)).toISOString();
  if (k === "sha256" || k === "sha256ac") return rng.hex(64);
  if (k === "sha1") return rng.hex(40);
  if (k === "md5") return rng.hex(32);
  if (k.endsWith("url") || k === "url") return `https://contoso.example/${key}/${rng.hex(8)}`;
  if (k.includes("ipaddress") || k === "ip" || k.endsWith("ip")) return `198.51.100.${rng.int(1, 254)}`;
  if (k.includes("email") || k.includes("principalname") || k.endsWith("address") || k.endsWith("sender"))
    return `user${rng.int(1, 99)}@contoso.example`;
  if (k.endsWith("id") || k.endsWith("guid")) return rng.guid();
  return `${key}-${rng.int(1, 999)}`;
}

function value(key: string, type: FieldType, rng: Random, at: number, depth: number): unknown {
  if (type.enum) return rng.pick(settledValues(type.enum));
  switch (type.type) {
    case "string":
      return text(key, rng, at);
    case "number":
      return rng.int(1, 65_535);
    case "boolean":
      return rng.chance(0.5);
    case "open":
      return { [`${key}Source`]: "simulator", note: `${key}-${rng.int(1, 999)}` };
  }
  if (depth >= MAX_DEPTH) return null;
  const name = type.type === GRAPH_SCHEMA.evidenceBase ? rng.pick(EVIDENCE_TYPES) : type.type;
  return schemaObject(name, rng, at, depth + 1);
}

/** An object of the named type; an evidence type carries its `@odata.type`. */
export function schemaObject(name: string, rng: Random, at: number, depth = 0): Record<string, unknown> {
  const properties = GRAPH_SCHEMA.types[name]?.properties;
  if (!properties) throw new Error(`no type ${name} in ${GRAPH_SCHEMA.package}`);
  const odata = ODATA_TYPE.get(name);
  const filled: Record<string, unknown> = odata ? { "@odata.type": odata } : {};
  for (const [key, type] of Object.entries(properties)) {
    const one = () => value(key, type, rng, at, depth);
    filled[key] = type.list ? [one()] : one();
  }
  return filled;
}

/** The schema's type name of an `@odata.type` such as `#microsoft.graph.security.mailboxEvidence`. */
export function evidenceTypeName(odataType: string): string {
  const name = GRAPH_SCHEMA.evidence[odataType];
  if (!name) throw new Error(`no evidence type ${odataType} in ${GRAPH_SCHEMA.package}`);
  return name;
}

export const EVIDENCE_ODATA_TYPES: readonly string[] = Object.keys(GRAPH_SCHEMA.evidence);
