/** `map:` keys checked against the values the source's catalogue knows for the field (a typo would send every record
 * with that value to the default). */
import { describe, expect, it } from "vitest";
import { parseYamlText } from "../../../src/config/yaml-file.js";
import { formatProblem } from "../../../src/errors.js";
import { compileMappingFile } from "../../../src/mapping/compile.js";
import { builtinMappings, loadMapping } from "../../../src/mapping/load.js";

const header = (source: string, severity: string) => `format: cef
source: ${source}
header:
  vendor: Microsoft
  product: Microsoft Defender ATP
  version: "2.0"
  signatureId: { value: x }
  name: { value: y }
  severity: ${severity}
`;

const warnings = (text: string) =>
  compileMappingFile(parseYamlText("my-mapping.yaml", text, "E_MAPPING")).warnings.map(formatProblem);

describe("map keys against the field's known values", () => {
  it("warns about a misspelt severity with file, line, key and the value meant", () => {
    const text = `${header("siem", "{ field: Severity, map: { Informational: 1, Low: 3, Medium: 5, Hgih: 8 }, default: Unknown }")}fields:
  cs1: { field: Severity, label: Sev, map: { Medum: x } }
`;
    expect(warnings(text)).toEqual([
      'my-mapping.yaml:9:76 header.severity.map.Hgih: "Hgih" is not a known value of Severity (did you mean "High"?): known values are Informational, Low, Medium, High',
      'my-mapping.yaml:11:46 fields.cs1.map.Medum: "Medum" is not a known value of Severity (did you mean "Medium"?): known values are Informational, Low, Medium, High',
    ]);
  });

  it("matches without regard to case, as the map itself does", () => {
    expect(
      warnings(header("graph", "{ field: severity, map: { Informational: 1, LOW: 3, medium: 5, High: 8 } }")),
    ).toEqual([]);
  });

  it("checks nested enums of the Alerts API and Graph, and says nothing of a key far from every value", () => {
    const alerts = `${header("alerts", "{ field: severity, map: { Hihg: 8 } }")}fields:
  cs1: { field: status, label: Status, map: { Resolvd: closed, Closed: closed } }
`;
    expect(warnings(alerts)).toEqual([
      'my-mapping.yaml:9:39 header.severity.map.Hihg: "Hihg" is not a known value of severity (did you mean "High"?): known values are UnSpecified, Informational, Low, Medium, High',
      'my-mapping.yaml:11:47 fields.cs1.map.Resolvd: "Resolvd" is not a known value of status (did you mean "Resolved"?): known values are Unknown, New, InProgress, Resolved',
      'my-mapping.yaml:11:64 fields.cs1.map.Closed: "Closed" is not a known value of status: known values are Unknown, New, InProgress, Resolved',
    ]);
    const graph = `${header("graph", "{ value: 5 }")}fields:
  cs1: { field: "evidence[0].verdict", label: Verdict, map: { malicous: bad } }
`;
    expect(warnings(graph)).toEqual([
      expect.stringMatching(
        /^my-mapping\.yaml:11:63 fields\.cs1\.map\.malicous: "malicous" is not a known value of evidence\[0\]\.verdict \(did you mean "malicious"\?\): known values are /,
      ),
    ]);
  });

  it("leaves maps alone where the field has no known values or the map reads a converted value", () => {
    const text = `${header("siem", "{ field: Severity, map: { Informational: 1, Low: 3, Medium: 5, High: 8 } }")}fields:
  cs1: { field: Category, label: Category, map: { Anything: x } }
  cn1: { field: Severity, type: boolInt, label: Flag, map: { "1": 5 } }
`;
    expect(warnings(text)).toEqual([]);
  });

  it.each(builtinMappings())("builtin:%s has no warning", async (name) => {
    expect((await loadMapping(`builtin:${name}`)).warnings).toEqual([]);
  });
});
