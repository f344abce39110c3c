/**
 * The simulated tenant against the catalogues mappings are checked with: over a seeded batch, the Graph and Alerts API
 * views send no key outside their schema, and every key of the schema somewhere.
 */
import { describe, expect, it } from "vitest";
import { catalogueOf } from "../../../src/mapping/catalogue.js";
import { parsePath, type Step } from "../../../src/mapping/field-path.js";
import { Tenant } from "../../../src/simulator/tenant.js";
import { alertsApiAlert } from "../../../src/simulator/views/alerts-api.js";
import { graphAlert } from "../../../src/simulator/views/graph.js";
import { ALERTS_FIELDS } from "../../../src/sources/alerts/fields.js";
import { sourceNamed } from "../../../src/sources/registry.js";
import { GRAPH_SCHEMA } from "../../../src/sources/shared/graph-schema.generated.js";

const START = Date.parse("2024-05-01T12:00:00Z");
const tenant = new Tenant({
  seed: 16,
  ratePerMinute: 10,
  historyMs: 2 * 3_600_000,
  lateFraction: 0,
  lateByMs: 0,
  startMs: START,
});
tenant.advanceTo(START);
const alerts = tenant.store.alerts({ since: 0, until: Number.MAX_SAFE_INTEGER, now: START });
const TENANT_ID = "b3c1b5fc-828c-45fa-a1e1-10d74f6d6e9c";

/** Every key path of a value: `a.b`, `list[].c`, a Graph evidence item as `evidence[<its @odata.type>]`. */
function paths(value: unknown, prefix: string, into: Set<string>): Set<string> {
  if (Array.isArray(value)) {
    into.add(`${prefix}[]`);
    for (const item of value) {
      const odata = (item as Record<string, unknown> | null)?.["@odata.type"];
      const step = prefix === "evidence" && typeof odata === "string" ? `[${odata}]` : "[]";
      paths(item, `${prefix}${step}`, into);
    }
  } else if (typeof value === "object" && value !== null) {
    for (const [key, v] of Object.entries(value)) {
      const path = prefix ? `${prefix}.${key}` : key;
      into.add(path);
      paths(v, path, into);
    }
  }
  return into;
}

/** A path of `paths` as mapping steps: `[x]` → `[@odata.type=x]`, `[]` → `[0]`. */
const asSteps = (path: string) =>
  parsePath(path.replace(/\[(#[^\]]+)\]/g, "[@odata.type=$1]").replaceAll("[]", "[0]")) as Step[];

describe("the simulator against Graph's schema", () => {
  const emitted = new Set<string>();
  for (const alert of alerts)
    paths(graphAlert(alert, START, { evidence: true, tenantId: TENANT_ID, unknownEnumMembers: true }), "", emitted);
  const catalogue = catalogueOf("graph", sourceNamed("graph").fields);

  it("sends no key outside the schema", () => {
    expect(alerts.length).toBeGreaterThan(1000);
    const outside = [...emitted].filter((p) => typeof catalogue.field(asSteps(p)) === "string");
    expect(outside).toEqual([]);
  });

  it("sends every alert key, every evidence type with all its keys, and the keys of the types they hold", () => {
    const expected: string[] = [];
    const types = GRAPH_SCHEMA.types;
    for (const key of Object.keys(types[GRAPH_SCHEMA.alert]!.properties)) expected.push(key);
    for (const [odata, name] of Object.entries(GRAPH_SCHEMA.evidence)) {
      for (const [key, field] of Object.entries(types[name]!.properties)) {
        const at = `evidence[${odata}].${key}`;
        expected.push(at);
        const nested = types[field.type];
        if (!nested || field.type === GRAPH_SCHEMA.evidenceBase || GRAPH_SCHEMA.evidence[`#${field.type}`]) continue;
        for (const inner of Object.keys(nested.properties)) expected.push(`${at}${field.list ? "[]" : ""}.${inner}`);
      }
    }
    expect(expected.length).toBeGreaterThan(600);
    expect(expected.filter((p) => !emitted.has(p))).toEqual([]);
  });
});

describe("the simulator against the Alerts API catalogue", () => {
  const emitted = new Set<string>();
  for (const alert of alerts) paths(alertsApiAlert(alert, START, { evidence: true, tenantId: TENANT_ID }), "", emitted);
  const catalogue = catalogueOf("alerts", sourceNamed("alerts").fields);

  it("sends no key outside the catalogue", () => {
    const outside = [...emitted].filter((p) => typeof catalogue.field(asSteps(p)) === "string");
    expect(outside).toEqual([]);
  });

  it("sends every key of the catalogue, loggedOnUsers and domains included", () => {
    const missing = ALERTS_FIELDS.filter((entry) =>
      entry.endsWith(".*") ? ![...emitted].some((p) => p.startsWith(`${entry.slice(0, -2)}.`)) : !emitted.has(entry),
    );
    expect(missing).toEqual([]);
  });
});
