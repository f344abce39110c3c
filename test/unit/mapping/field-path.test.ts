import { describe, expect, it } from "vitest";
import { createCatalogue } from "../../../src/mapping/catalogue.js";
import { compilePath, formatPath, parsePath, type Step } from "../../../src/mapping/field-path.js";
import { ALERTS_FIELDS } from "../../../src/sources/alerts/fields.js";
import { GRAPH_FIELDS } from "../../../src/sources/graph/fields.js";
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
    const graph = createCatalogue("graph", GRAPH_FIELDS);
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
