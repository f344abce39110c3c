import { describe, expect, it } from "vitest";
import { catalogueOf, createCatalogue } from "../../../src/mapping/catalogue.js";
import { compilePath, formatPath, parsePath, type Step } from "../../../src/mapping/field-path.js";
import { ALERTS_FIELDS } from "../../../src/sources/alerts/fields.js";
import graphSource from "../../../src/sources/graph/index.js";
import { SIEM_FIELDS } from "../../../src/sources/siem/fields.js";

const steps = (path: string) => parsePath(path) as Step[];
const get = (path: string, record: Record<string, unknown>) => compilePath(steps(path))(record);

describe("field paths", () => {
  it("parses names, nested keys, indexes and first-match selectors", () => {
    expect(parsePath("evidence[entityType = 'File'].fileDetails.sha1")).toEqual([
      { kind: "key", name: "evidence" },
      { kind: "match", prop: "entityType", value: "File" },
      { kind: "key", name: "fileDetails" },
      { kind: "key", name: "sha1" },
    ]);
    expect(formatPath(steps("a[2].b[c=d]"))).toBe("a[2].b[c=d]");
  });

  it.each(["", "[0]", "a..b", "a[", "a[x]", "a]b"])("refuses %j", (path) => {
    expect(typeof parsePath(path)).toBe("string");
  });

  it("reads nested values, list elements and the first element whose property matches, in any case", () => {
    const alert = {
      relatedUser: { userName: "bob" },
      evidence: [
        { entityType: "Process", processCommandLine: "cmd" },
        { entityType: "File", sha1: "s1" },
        { entityType: "File", sha1: "s2" },
      ],
      Count: 0,
    };
    expect(get("relatedUser.userName", alert)).toBe("bob");
    expect(get("RELATEDUSER.USERNAME", alert)).toBe("bob");
    expect(get("evidence[1].sha1", alert)).toBe("s1");
    expect(get("evidence[entitytype=file].sha1", alert)).toBe("s1");
    expect(get("evidence[entityType=Ip].ipAddress", alert)).toBeUndefined();
    expect(get("evidence[9].sha1", alert)).toBeUndefined();
    expect(get("relatedUser[0]", alert)).toBeUndefined();
    expect(get("count", alert)).toBe(0);
    expect(get("constructor", alert)).toBeUndefined();
  });
});

describe("source catalogues", () => {
  const siem = createCatalogue("siem", SIEM_FIELDS);

  it("gives each key the spelling the payload uses", () => {
    expect(formatPath(siem.resolve(steps("IPAddress")) as Step[])).toBe("IpAddress");
    expect(formatPath(siem.resolve(steps("reportid")) as Step[])).toBe("ReportID");
  });

  it("knows the nested fields and lists of the Alerts and Graph APIs", () => {
    const alerts = createCatalogue("alerts", ALERTS_FIELDS);
    const graph = catalogueOf("graph", graphSource.fields);
    expect(formatPath(alerts.resolve(steps("evidence[entitytype=File].SHA1")) as Step[])).toBe(
      "evidence[entityType=File].sha1",
    );
    expect(formatPath(alerts.resolve(steps("mitreTechniques[0]")) as Step[])).toBe("mitreTechniques[0]");
    expect(
      formatPath(
        graph.resolve(
          steps("evidence[@odata.type=#microsoft.graph.security.fileEvidence].fileDetails.sha256"),
        ) as Step[],
      ),
    ).toBe("evidence[@odata.type=#microsoft.graph.security.fileEvidence].fileDetails.sha256");
    expect(graph.resolve(steps("evidence[0].userAccount.accountNam"))).toBe(
      'unknown field "evidence[0].userAccount.accountNam" of source graph (did you mean "evidence[0].userAccount.accountName"?)',
    );
    expect(alerts.resolve(steps("relatedUser"))).toEqual([{ kind: "key", name: "relatedUser" }]);
  });
});

describe("the Graph catalogue from Microsoft's schema", () => {
  const graph = catalogueOf("graph", graphSource.fields);
  const DEVICE = "evidence[@odata.type=#microsoft.graph.security.deviceEvidence]";
  const resolved = (path: string) => {
    const found = graph.resolve(steps(path));
    return typeof found === "string" ? found : formatPath(found);
  };

  it("knows the alert's fields and every evidence subtype's, narrowed by @odata.type", () => {
    for (const path of ["productName", "tenantId", "alertPolicyId", "evidence[0].detailedRoles"])
      expect(resolved(path)).toBe(path);
    expect(resolved(`${DEVICE}.DNSDomain`)).toBe(`${DEVICE}.dnsDomain`);
    expect(resolved(`${DEVICE}.vmMetadata.vmId`)).toBe(`${DEVICE}.vmMetadata.vmId`);
    expect(resolved("evidence[@odata.type=#microsoft.graph.security.ipEvidence].location.city")).toBe(
      "evidence[@odata.type=#microsoft.graph.security.ipEvidence].location.city",
    );
    expect(resolved("evidence[0].fileDetails.md5")).toBe("evidence[0].fileDetails.md5");
    expect(resolved("evidence[0].userAccount.activeDirectoryObjectGuid")).toBe(
      "evidence[0].userAccount.activeDirectoryObjectGuid",
    );
  });

  it("accepts any key inside an open object, and refuses a field of another subtype", () => {
    expect(resolved("additionalData.MyCustomKey.inner")).toBe("additionalData.MyCustomKey.inner");
    expect(resolved("customDetails[0]")).toBe("customDetails[0]");
    expect(resolved(`${DEVICE}.fileDetails`)).toBe(`unknown field "${DEVICE}.fileDetails" of source graph`);
  });

  it("says 'did you mean' for a near miss, of a field or of an evidence type", () => {
    expect(resolved("prodcutName")).toBe('unknown field "prodcutName" of source graph (did you mean "productName"?)');
    expect(resolved("evidence[@odata.type=#microsoft.graph.security.deviceEvidense].hostName")).toBe(
      'unknown @odata.type "#microsoft.graph.security.deviceEvidense" in "evidence" of source graph' +
        ' (did you mean "#microsoft.graph.security.deviceEvidence"?)',
    );
  });

  it("reads an evidence type newer than the schema as any known type", () => {
    expect(resolved("evidence[@odata.type=#microsoft.graph.security.quantumEvidence].hostName")).toBe(
      "evidence[@odata.type=#microsoft.graph.security.quantumEvidence].hostName",
    );
  });

  it("exposes each enum field's known values", () => {
    const severity = graph.field(steps("severity"));
    expect(typeof severity !== "string" && severity.values).toEqual([
      "unknown",
      "informational",
      "low",
      "medium",
      "high",
      "unknownFutureValue",
    ]);
    const source = graph.field(steps("serviceSource"));
    expect(typeof source !== "string" && source.values).toContain("microsoftSentinel");
    const open = graph.field(steps("additionalData.x"));
    expect(typeof open !== "string" && open.open).toBe(true);
  });
});

describe("case-insensitive names and values", () => {
  it("match whatever their lengths, İ (U+0130) included", () => {
    const get = compilePath(parsePath("evidence[kind=i̇x].NAME") as Step[]);
    expect(
      get({
        evidence: [
          { kind: "ix", name: "no" },
          { kind: "İX", name: "yes" },
        ],
      }),
    ).toBe("yes");
    expect(compilePath(parsePath("i̇d") as Step[])({ İD: 7 })).toBe(7);
  });
});
