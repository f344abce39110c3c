/** `check` warns when a mapping puts a record's identifier under a key whose limit would cut it. */
import { describe, expect, it } from "vitest";
import { parseYamlText } from "../../../src/config/yaml-file.js";
import { formatProblem } from "../../../src/errors.js";
import { compileMappingFile } from "../../../src/mapping/compile.js";
import { Tenant } from "../../../src/simulator/tenant.js";
import { alertsApiAlert } from "../../../src/simulator/views/alerts-api.js";
import { graphAlert } from "../../../src/simulator/views/graph.js";
import { siemRecords } from "../../../src/simulator/views/siem.js";
import { ALERTS_SAMPLES } from "../../../src/sources/alerts/samples.js";
import { GRAPH_SAMPLES } from "../../../src/sources/shared/graph-samples.js";
import { SIEM_IDENTITIES } from "../../../src/sources/siem/fields.js";
import { SIEM_SAMPLES } from "../../../src/sources/siem/samples.js";

const mapping = (source: string, fields: string, format = "cef") =>
  format === "cef"
    ? `format: cef
source: ${source}
header: { vendor: V, product: P, version: "1", signatureId: { value: s }, name: { value: n }, severity: { value: 5 } }
fields:
${fields}`
    : `format: ${format}
source: ${source}
${format === "leef" ? "header: { vendor: V, product: P, version: '1', eventId: { value: e } }\n" : ""}fields:
${fields}`;

const warnings = (text: string) =>
  compileMappingFile(parseYamlText("ids.yaml", text, "E_MAPPING")).warnings.map(formatProblem);

describe("identifiers under keys too short for them", () => {
  it("warns about the SIEM API's FullId under CEF externalId (40 bytes), with file, line and a key that holds it", () => {
    expect(
      warnings(mapping("siem", "  externalId: FullId\n  flexString2: { field: FullId, label: FullId }\n")),
    ).toEqual([
      "ids.yaml:5:3 fields.externalId: FullId is an identifier of up to 77 bytes, but ArcSight keeps 40 bytes of externalId: it would be cut and no longer find its alert; map it to a longer key such as flexString2 (1023 bytes) or cs1-cs6 (4000)",
    ]);
  });

  it("says nothing of alert ids under externalId, in any source", () => {
    expect(warnings(mapping("siem", "  externalId: AlertId\n"))).toEqual([]);
    expect(warnings(mapping("alerts", "  externalId: id\n"))).toEqual([]);
    expect(warnings(mapping("graph", "  externalId: id\n"))).toEqual([]);
  });

  it("warns about a key shorter than an alert id, and a maxBytes that cuts one, in any format", () => {
    expect(warnings(mapping("graph", "  app: id\n"))).toEqual([
      expect.stringMatching(
        /^ids\.yaml:5:3 fields\.app: id is an identifier of up to 32 bytes, but ArcSight keeps 31 /,
      ),
    ]);
    expect(warnings(mapping("siem", "  AlertVersion: { field: FullId, maxBytes: 64 }\n", "leef"))).toEqual([
      "ids.yaml:5:34 fields.AlertVersion.maxBytes: FullId is an identifier of up to 77 bytes: maxBytes 64 would cut it; raise it to 77 or remove it",
    ]);
    expect(warnings(mapping("alerts", "  alert: { field: id, maxBytes: 20 }\n", "json"))).toHaveLength(1);
  });

  it("leaves alone what is not the identifier as read: a mapped or converted value, a key without a limit", () => {
    expect(warnings(mapping("siem", "  ThreatFamily: FullId\n  act: { field: FullId, map: { x: y } }\n"))).toEqual([]);
  });

  it("knows lengths that hold for the simulated tenant's records and the built-in samples", () => {
    const tenant = new Tenant({ seed: 7, ratePerMinute: 0, historyMs: 0, lateFraction: 0, lateByMs: 0, startMs: 0 });
    const alerts = tenant.addRecords(300, 0, 3_600_000);
    const siem = [...alerts.flatMap((a) => siemRecords(a)), ...SIEM_SAMPLES];
    const bytes = (v: unknown) => Buffer.byteLength(String(v));
    expect(Math.max(...siem.map((r) => bytes(r.FullId)))).toBeLessThanOrEqual(SIEM_IDENTITIES.FullId!);
    expect(Math.max(...siem.map((r) => bytes(r.AlertId)))).toBeLessThanOrEqual(SIEM_IDENTITIES.AlertId!);
    // Every FullId the simulator makes is longer than externalId keeps: the warning is about every record.
    expect(Math.min(...alerts.flatMap((a) => siemRecords(a)).map((r) => bytes(r.FullId)))).toBeGreaterThan(40);
    const modern = [
      ...alerts.map((a) => alertsApiAlert(a, 3_600_000, { evidence: false, tenantId: "t" }).id),
      ...alerts.map((a) => graphAlert(a, 3_600_000, { evidence: false, tenantId: "t", unknownEnumMembers: false }).id),
      ...ALERTS_SAMPLES.map((r) => r.id),
      ...GRAPH_SAMPLES.map((r) => r.id),
    ];
    expect(Math.max(...modern.map(bytes))).toBeLessThanOrEqual(32);
  });
});
