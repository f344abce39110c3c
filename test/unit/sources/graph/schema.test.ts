import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { GRAPH_SCHEMA_FILE, readGraphSchema } from "../../../../scripts/graph-schema.js";
import { GRAPH_SCHEMA } from "../../../../src/sources/shared/graph-schema.generated.js";

describe("the generated Graph catalogue", () => {
  it("is what npm run gen:schema writes from the installed @microsoft/microsoft-graph-types", async () => {
    expect(readFileSync(GRAPH_SCHEMA_FILE, "utf8")).toBe(await readGraphSchema());
  }, 60_000); // parses Microsoft's 39,000-line declaration file and formats the result

  it("holds the alert, the incident and every evidence subtype with its @odata.type", () => {
    expect(GRAPH_SCHEMA.package).toBe("@microsoft/microsoft-graph-types@2.43.1");
    expect(Object.keys(GRAPH_SCHEMA.types[GRAPH_SCHEMA.alert]!.properties)).toEqual(
      expect.arrayContaining(["productName", "additionalData", "customDetails", "alertPolicyId", "tenantId"]),
    );
    expect(GRAPH_SCHEMA.types[GRAPH_SCHEMA.incident]!.properties.alerts).toEqual({
      type: "security.Alert",
      list: true,
    });
    expect(GRAPH_SCHEMA.evidence["#microsoft.graph.security.deviceEvidence"]).toBe("security.DeviceEvidence");
    expect(GRAPH_SCHEMA.evidence["#microsoft.graph.security.registryValueEvidence"]).toBe(
      "security.RegistryValueEvidence",
    );
    expect(Object.keys(GRAPH_SCHEMA.evidence)).toHaveLength(46);
    expect(GRAPH_SCHEMA.types["security.FileDetails"]!.properties.md5).toEqual({ type: "string" });
    expect(GRAPH_SCHEMA.types["security.Alert"]!.properties.additionalData).toEqual({ type: "open" });
  });
});
