import { describe, expect, it } from "vitest";
import { createCatalogue } from "../../../src/mapping/catalogue.js";
import { parseTemplate } from "../../../src/mapping/template.js";
import { compileValue, type ValueContext } from "../../../src/mapping/value.js";
import type { ValueSpec } from "../../../src/mapping/schema.js";
import { SIEM_FIELDS } from "../../../src/sources/siem/fields.js";

function compiled(spec: ValueSpec) {
  const ctx: ValueContext = { catalogue: createCatalogue("siem", SIEM_FIELDS), tenant: () => undefined, issues: [] };
  const value = compileValue(spec, ["fields", "x"], ctx);
  expect(ctx.issues).toEqual([]);
  return value!;
}

describe("mapping values", () => {
  it("reads a field whatever the case of the record's key, and treats null and blank as empty", () => {
    const v = compiled({ field: "IPAddress" });
    expect([
      v.get({ IpAddress: "10.0.0.1" }),
      v.get({ ipaddress: "10.0.0.2" }),
      v.get({ IpAddress: null }),
      v.get({ IpAddress: " " }),
    ]).toEqual(["10.0.0.1", "10.0.0.2", undefined, undefined]);
  });

  it("maps values without regard to case; what the table lacks takes the default", () => {
    const v = compiled({ field: "Severity", map: { Informational: 1, High: 8 }, default: "Unknown" });
    expect([
      v.get({ Severity: "high" }),
      v.get({ Severity: "Informational" }),
      v.get({ Severity: "UnSpecified" }),
      v.get({}),
    ]).toEqual(["8", "1", "Unknown", "Unknown"]);
    expect(v.possible).toEqual(["1", "8", "Unknown"]);
    expect(v.shrinkable).toBe(false);
  });

  it("fills templates, which are empty when all their placeholders are, and defaults that are templates", () => {
    const t = compiled({ template: "{{MachineName}} ({{MachineDomain}})" });
    expect([t.get({ MachineName: "pc", MachineDomain: "corp" }), t.get({ MachineName: "pc" }), t.get({})]).toEqual([
      "pc (corp)",
      "pc ()",
      undefined,
    ]);
    const d = compiled({ field: "IoaDefinitionId", default: "{{Category}}" });
    expect([
      d.get({ IoaDefinitionId: "id", Category: "Malware" }),
      d.get({ IoaDefinitionId: "", Category: "Malware" }),
      d.get({}),
    ]).toEqual(["id", "Malware", undefined]);
  });

  it("computes constants once and knows their values", () => {
    expect(compiled({ value: 2 })).toMatchObject({ constant: "2", possible: ["2"], shrinkable: false });
    expect(compiled({ template: "fixed text" })).toMatchObject({ constant: "fixed text" });
    expect(compiled({ value: "High", map: { high: 8 } })).toMatchObject({ constant: "8" });
    expect(compiled({ field: "Description" })).toMatchObject({ constant: undefined, shrinkable: true });
  });

  it("applies the type before the map", () => {
    const v = compiled({ field: "WasExecutingWhileDetected", type: "boolInt", map: { "1": "yes", "0": "no" } });
    expect([
      v.get({ WasExecutingWhileDetected: true }),
      v.get({ WasExecutingWhileDetected: false }),
      v.get({ WasExecutingWhileDetected: null }),
    ]).toEqual(["yes", "no", undefined]);
  });

  it("reports problems at the key of the value", () => {
    const ctx: ValueContext = { catalogue: createCatalogue("siem", SIEM_FIELDS), tenant: () => undefined, issues: [] };
    compileValue({ template: "{{Nope}}", default: "{{AlsoNope}}" }, ["fields", "msg"], ctx);
    expect(ctx.issues.map((i) => i.path.join("."))).toEqual(["fields.msg.template", "fields.msg.default"]);
  });

  it("parses templates into literal text and placeholders", () => {
    expect(parseTemplate("a {{ B.c }} d {{E}}")).toEqual([
      { text: "a " },
      { path: "B.c" },
      { text: " d " },
      { path: "E" },
    ]);
    expect(parseTemplate("}} only")).toEqual([{ text: "}} only" }]);
    expect(parseTemplate("{{ }}")).toBe('empty placeholder "{{}}" in template "{{ }}"');
  });
});
