/**
 * Catalogue nodes from Microsoft's Graph schema (graph-schema.generated.ts): the alert of alerts_v2, the incident of
 * incidents (its alerts inside). A list of evidence accepts the properties of
 * every evidence subtype, and `evidence[@odata.type=#microsoft.graph.security.deviceEvidence]` narrows to one; open
 * types (`additionalData`, `customDetails`: `Dictionary` in the schema) accept any key below them. Microsoft's pages:
 * https://learn.microsoft.com/en-us/graph/api/resources/security-alert and
 * https://learn.microsoft.com/en-us/graph/api/resources/security-alertevidence (the evidence types),
 * https://learn.microsoft.com/en-us/graph/api/resources/security-incident.
 */
import { extendedNode, OPEN, type CatalogueNode, type Child } from "../../mapping/catalogue.js";
import type { FieldType, GraphSchema } from "./graph-schema.js";
import { GRAPH_SCHEMA } from "./graph-schema.generated.js";

const ODATA_TYPE = "@odata.type";

export function schemaNodes(schema: GraphSchema) {
  const memo = new Map<string, CatalogueNode>();
  const subtypeNames = Object.values(schema.evidence);

  /** The node of one type or of the union of several (the element of a list of evidence). */
  const typesNode = (names: readonly string[]): CatalogueNode => {
    const expanded = [...new Set(names.flatMap((n) => (n === schema.evidenceBase ? subtypeNames : [n])))].sort();
    const key = expanded.join("|");
    const known = memo.get(key);
    if (known) return known;
    let children: Map<string, Child> | undefined;
    const node: CatalogueNode = {
      children: () => (children ??= childrenOf(expanded)),
      ...(names.includes(schema.evidenceBase) ? { subtypes: evidenceSubtypes() } : {}),
    };
    memo.set(key, node);
    return node;
  };

  const childrenOf = (names: readonly string[]): Map<string, Child> => {
    const fields = new Map<string, { name: string; types: FieldType[] }>();
    for (const name of names) {
      for (const [prop, type] of Object.entries(schema.types[name]?.properties ?? {})) {
        const entry = fields.get(prop.toLowerCase()) ?? { name: prop, types: [] };
        entry.types.push(type);
        fields.set(prop.toLowerCase(), entry);
      }
    }
    return new Map([...fields].map(([lower, f]) => [lower, { name: f.name, node: fieldNode(f.types) }]));
  };

  /** A property's node; one name may have several types across the evidence subtypes. */
  const fieldNode = (types: readonly FieldType[]): CatalogueNode => {
    const objects = types.map((t) => t.type).filter((t) => !["string", "number", "boolean", "open"].includes(t));
    const values = [...new Set(types.flatMap((t) => (t.enum ? (schema.enums[t.enum] ?? []) : [])))];
    const item: CatalogueNode = types.some((t) => t.type === "open")
      ? OPEN
      : objects.length
        ? typesNode(objects)
        : { children: () => new Map(), ...(values.length ? { values } : {}) };
    return types.some((t) => t.list) ? { children: () => new Map(), element: item } : item;
  };

  let byValue: Map<string, { value: string; node: CatalogueNode }> | undefined;
  const evidenceSubtypes = (): NonNullable<CatalogueNode["subtypes"]> => ({
    prop: ODATA_TYPE,
    get byValue() {
      return (byValue ??= new Map(
        Object.entries(schema.evidence).map(([value, name]) => [
          value.toLowerCase(),
          { value, node: typesNode([name]) },
        ]),
      ));
    },
  });

  return { typesNode, fieldNode };
}

const graph = schemaNodes(GRAPH_SCHEMA);

/**
 * Identifiers and their length in bytes, which the schema does not give. Defender for Endpoint's alert ids are `da`,
 * 18 digits, `_` and a 32-bit integer (at most 32); other products' are of that order. An incident's id is a 64-bit
 * integer written as text (at most 20).
 */
const ALERT_ID_BYTES = 32;
const INCIDENT_ID_BYTES = 20;

/** A type's node whose `id` is an identifier of up to `bytes` bytes, plus the forwarder's own fields (`extra`). */
function recordNode(type: string, bytes: number, extra: CatalogueNode): CatalogueNode {
  const node = graph.typesNode([type]);
  let children: Map<string, Child> | undefined;
  const withIdentity = ([lower, child]: [string, Child]): [string, Child] =>
    lower === "id" ? [lower, { ...child, node: { ...child.node, identityBytes: bytes } }] : [lower, child];
  return extendedNode({ children: () => (children ??= new Map([...node.children()].map(withIdentity))) }, extra);
}

/** The alert as alerts_v2 returns it, plus the fields the forwarder adds (`extra`). */
export const graphAlertNode = (extra: CatalogueNode) => recordNode(GRAPH_SCHEMA.alert, ALERT_ID_BYTES, extra);

/** The incident as incidents returns it with `$expand=alerts`, plus the fields the forwarder adds (`extra`). */
export const graphIncidentNode = (extra: CatalogueNode) => recordNode(GRAPH_SCHEMA.incident, INCIDENT_ID_BYTES, extra);

/** The known values of a Graph enum, by the schema's name for it (`security.ServiceSource`). */
export function graphEnum(name: string): readonly string[] {
  const values = GRAPH_SCHEMA.enums[name];
  if (!values) throw new Error(`no enum ${name} in ${GRAPH_SCHEMA.package}`);
  return values;
}
