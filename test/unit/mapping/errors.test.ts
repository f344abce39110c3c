/** Bad mapping files, each with the one precise message an engineer gets: file, line, column, key path, what to do. */
import { describe, expect, it } from "vitest";
import { parseYamlText } from "../../../src/config/yaml-file.js";
import { FileProblemsError } from "../../../src/errors.js";
import { compileMappingFile } from "../../../src/mapping/compile.js";

const CEF = `format: cef
source: siem
header:
  vendor: Microsoft
  product: Microsoft Defender ATP
  version: "2.0"
  signatureId: IoaDefinitionId
  name: AlertTitle
  severity: { field: Severity, map: { Low: 3, High: 8 } }
fields:
`;
const LEEF = `format: leef
source: siem
header: { vendor: Microsoft, product: Defender, version: "2.0", eventId: Category }
fields:
`;

function problems(text: string): string {
  try {
    compileMappingFile(parseYamlText("bad.yaml", text, "E_MAPPING"));
  } catch (err) {
    expect(err).toBeInstanceOf(FileProblemsError);
    expect((err as FileProblemsError).code).toBe("E_MAPPING");
    return (err as Error).message;
  }
  throw new Error("the mapping was accepted");
}

const CASES: [string, string, string][] = [
  [
    "an unknown format",
    "format: cfe\nsource: siem\n",
    'bad.yaml:1:1 format: expected one of cef, leef, json, got "cfe"',
  ],
  [
    "an unknown source",
    "format: cef\nsource: seim\n",
    'bad.yaml:2:1 source: expected one of siem, alerts, graph, incidents, got "seim"',
  ],
  [
    "an unknown top-level key",
    "format: json\nsource: siem\nfeilds: {}\n",
    'bad.yaml:3:1 feilds: unknown key (did you mean "fields"?)',
  ],
  [
    "a truncation marker that escaping or trimming would change",
    'format: json\nsource: siem\ntruncationMarker: " …"\n',
    'bad.yaml:3:1 truncationMarker: expected 1 to 16 characters, no control characters and no spaces at either end, such as "…" or "[cut]", got " …"',
  ],
  [
    "an unknown source field",
    `${CEF}  suser: UserNmae\n`,
    'bad.yaml:11:3 fields.suser: unknown field "UserNmae" of source siem (did you mean "UserName"?)',
  ],
  [
    "an unknown field in a path",
    `${CEF}  suser: { field: UserNmae }\n`,
    'bad.yaml:11:12 fields.suser.field: unknown field "UserNmae" of source siem (did you mean "UserName"?)',
  ],
  [
    "an unknown field in a template",
    `${CEF}  msg: { template: "{{Descripton}} on {{MachineName}}" }\n`,
    'bad.yaml:11:10 fields.msg.template: unknown field "Descripton" of source siem (did you mean "Description"?)',
  ],
  [
    "an unknown nested field",
    "format: json\nsource: alerts\nfields:\n  user: relatedUser.usrName\n",
    'bad.yaml:4:3 fields.user: unknown field "relatedUser.usrName" of source alerts (did you mean "relatedUser.userName"?)',
  ],
  [
    "an unknown match property",
    "format: json\nsource: alerts\nfields:\n  sha1: evidence[entityTpe=File].sha1\n",
    'bad.yaml:4:3 fields.sha1: unknown field "evidence[].entityTpe" of source alerts (did you mean "evidence[].entityType"?)',
  ],
  [
    "an index into a field that is no list",
    `${CEF}  msg: { field: "Description[0]" }\n`,
    'bad.yaml:11:10 fields.msg.field: "Description" of source siem is not a list',
  ],
  [
    "a broken path",
    `${CEF}  msg: { field: "Description[0" }\n`,
    'bad.yaml:11:10 fields.msg.field: "Description[0" is not a field path: unexpected "[0" (write a.b, a[0] or a[property=value])',
  ],
  [
    "an unclosed placeholder",
    `${CEF}  msg: { template: "{{Description" }\n`,
    'bad.yaml:11:10 fields.msg.template: unclosed "{{" in template "{{Description": write {{Field}}',
  ],
  [
    "an invalid CEF extension key",
    `${CEF}  "src ip": IpAddress\n`,
    'bad.yaml:11:3 fields.src ip: "src ip" is not a CEF extension key: expected one word of letters and digits, such as cs1 or sourceHostName',
  ],
  [
    "a duplicate key",
    `${CEF}  suser: UserName\n  suser: UserDomain\n`,
    "bad.yaml:12:3 fields.suser: given twice (first at line 11): keep one, with the settings you need from both",
  ],
  [
    "a full ArcSight name beside its short key",
    `${CEF}  shost: MachineName\n  sourceHostName: ComputerDnsName\n`,
    "bad.yaml:12:3 fields.sourceHostName: writes CEF key shost again (fields.shost already writes it): keep one",
  ],
  [
    "a label and an explicit label field",
    `${CEF}  cs1: { field: ThreatName, label: ThreatName }\n  cs1Label: { value: Threat }\n`,
    "bad.yaml:12:3 fields.cs1Label: cs1Label is already written by the label: of another field: keep one",
  ],
  [
    "a label on a key without one",
    `${CEF}  suser: { field: UserName, label: User }\n`,
    "bad.yaml:11:29 fields.suser.label: suser has no label companion; labels are for cs1-6, cn1-3, cfp1-4, c6a1-4, deviceCustomDate1-2, flexString1-2, flexNumber1-2 and flexDate1",
  ],
  [
    "a misspelt option",
    `${CEF}  cs1: { field: ThreatName, lable: ThreatName }\n`,
    'bad.yaml:11:29 fields.cs1.lable: unknown key (did you mean "label"?)',
  ],
  [
    "an unknown type",
    `${CEF}  rt: { field: AlertTime, type: epochmilis }\n`,
    'bad.yaml:11:27 fields.rt.type: expected one of string, int, epochMillis, iso8601, boolInt, join, got "epochmilis"',
  ],
  [
    "a map that is a list",
    `${CEF}  cat: { field: Category, map: [a, b] }\n`,
    "bad.yaml:11:27 fields.cat.map: expected a table of value: replacement",
  ],
  [
    "a map entry without a replacement",
    `${CEF}  cat: { field: Category, map: { Malware: } }\n`,
    "bad.yaml:11:34 fields.cat.map.Malware: expected the replacement: text or a number",
  ],
  [
    "map keys equal but for case",
    `${CEF}  cat: { field: Category, map: { malware: a, Malware: b } }\n`,
    'bad.yaml:11:46 fields.cat.map.Malware: "Malware" is already in the map (keys match without regard to case)',
  ],
  [
    "both field and template",
    `${CEF}  msg: { field: Description, template: "{{Description}}" }\n`,
    "bad.yaml:11:3 fields.msg: set only one of field and template",
  ],
  [
    "none of field, template, value",
    `${CEF}  msg: { label: x }\n`,
    "bad.yaml:11:3 fields.msg: missing; set one of field, template or value",
  ],
  [
    "a bare number",
    `${CEF}  cn3: 5\n`,
    "bad.yaml:11:3 fields.cn3: expected a field name, or a mapping with one of field, template or value, got 5",
  ],
  [
    "a separator without join",
    `${CEF}  msg: { field: Description, separator: ";" }\n`,
    "bad.yaml:11:30 fields.msg.separator: only for type: join",
  ],
  [
    "maxBytes of zero",
    `${CEF}  msg: { field: Description, maxBytes: 0 }\n`,
    "bad.yaml:11:30 fields.msg.maxBytes: expected an integer from 1 to 1048576, got 0",
  ],
  [
    "a CEF severity out of range",
    CEF.replace("High: 8", "High: 11"),
    'bad.yaml:9:3 header.severity: "11" is not a CEF severity: expected 0 to 10, or Unknown, Low, Medium, High, Very-High',
  ],
  [
    "missing header keys",
    "format: cef\nsource: siem\nheader:\n  vendor: Microsoft\n",
    "bad.yaml:3:1 header: missing product, version, signatureId, name, severity; format cef needs vendor, product, version, signatureId, name, severity",
  ],
  [
    "a LEEF header key in a CEF mapping",
    CEF.replace("  name: AlertTitle\n", "  name: AlertTitle\n  eventId: Category\n"),
    "bad.yaml:9:3 header.eventId: not a cef header key: expected vendor, product, version, signatureId, name, severity",
  ],
  [
    "an invalid LEEF delimiter",
    LEEF.replace("eventId: Category", 'eventId: Category, delimiter: "=="'),
    "bad.yaml:3:84 header.delimiter: expected one character such as ^, or its hex form such as x5E (x09 for TAB); not a letter, digit or =",
  ],
  [
    "a LEEF sev out of range",
    `${LEEF}  sev: { value: 0 }\n`,
    'bad.yaml:5:3 fields.sev: "0" is not a LEEF severity: expected an integer from 1 to 10',
  ],
  [
    "a label in LEEF",
    `${LEEF}  usrName: { field: UserName, label: x }\n`,
    "bad.yaml:5:31 fields.usrName.label: labels are for CEF custom fields; a LEEF attribute is named by its key",
  ],
  ["a list instead of a mapping", "- format: cef\n", "bad.yaml:1:1 expected a mapping"],
];

describe("bad mapping files", () => {
  it("has at least fifteen of them", () => expect(CASES.length).toBeGreaterThanOrEqual(15));
  it.each(CASES)("reports %s", (_what, text, message) => expect(problems(text)).toBe(message));

  it("reports every problem at once, in file order", () => {
    const text = `${CEF}  suser: UserNmae\n  cs9: ThreatName\n  rt: { field: AlertTime, type: epochmilis }\n`;
    expect(
      problems(text)
        .split("\n")
        .map((l) => l.split(" ")[0]),
    ).toEqual(["bad.yaml:11:3", "bad.yaml:13:27"]);
  });
});

describe("prototype keys", () => {
  it("refuses __proto__, constructor and prototype wherever they stand, each located", () => {
    const text = `${CEF}  cs1: { field: ThreatName, label: T }\n  __proto__: { polluted: true }\n  cs2: { field: Severity, map: { constructor: 1, prototype: 2 } }\n`;
    expect(problems(text).split("\n")).toEqual([
      "bad.yaml:12:3 fields.__proto__: '__proto__' is not allowed as a key: it names a JavaScript object's prototype machinery, not a setting",
      "bad.yaml:13:34 fields.cs2.map.constructor: 'constructor' is not allowed as a key: it names a JavaScript object's prototype machinery, not a setting",
      "bad.yaml:13:50 fields.cs2.map.prototype: 'prototype' is not allowed as a key: it names a JavaScript object's prototype machinery, not a setting",
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("mapping warnings", () => {
  it("warns about what works but deserves a look", () => {
    const { warnings } = compileMappingFile(
      parseYamlText(
        "ok.yaml",
        `${CEF}  cs1: ThreatName\n  sourceHost: MachineName\n  rt: AlertTime\n  Devtime: AlertTime\n`,
        "E_MAPPING",
      ),
    );
    expect(warnings.map((w) => `${w.line}:${w.column} ${w.path}: ${w.message}`)).toEqual([
      "11:3 fields.cs1: cs1 has no label: ArcSight shows it only as deviceCustomString1; add label: NAME",
      '12:3 fields.sourceHost: "sourceHost" is not an ArcSight dictionary key, so it lands in additional data (did you mean "sourceHostName"?)',
      "13:3 fields.rt: ArcSight reads rt as epoch milliseconds: add type: epochMillis",
    ]);
  });

  it("warns about a CEF label longer than ArcSight keeps", () => {
    const label = "Threat name ".repeat(11).trim();
    const { warnings } = compileMappingFile(
      parseYamlText("ok.yaml", `${CEF}  flexString1: { field: ThreatName, label: ${label} }\n`, "E_MAPPING"),
    );
    expect(warnings.map((w) => `${w.line}:${w.column} ${w.path}: ${w.message}`)).toEqual([
      `11:37 fields.flexString1.label: the label is ${label.length} bytes written, but ArcSight keeps 128 bytes of flexString1Label: it will be cut; shorten it`,
    ]);
  });

  it("warns about LEEF attributes QRadar would not recognise", () => {
    const { warnings } = compileMappingFile(
      parseYamlText("ok.yaml", `${LEEF}  devtime: AlertTime\n  devTime: AlertTime\n`, "E_MAPPING"),
    );
    expect(warnings.map((w) => `${w.path}: ${w.message}`)).toEqual([
      'fields.devtime: QRadar\'s predefined attribute is spelt devTime; "devtime" is a custom one',
      "fields.devTime: QRadar reads devTime without devTimeFormat only as epoch time: add type: epochMillis",
    ]);
  });
});
