/**
 * builtin:incidents-cef and builtin:incidents-leef against what breaks encoders: names, descriptions, comments,
 * assignees, tags, alert titles, users and devices full of CEF and LEEF metacharacters, CR, LF, TAB, NUL, broken and
 * astral characters and very long text, whole and one message per alert. Every message must decode strictly and say
 * each value as the format's rules (test/support/expected.ts) make it, cut only at its end. Then an incident of 300
 * alerts with long titles, held within several message limits: its lists cut between whole elements, the cut noted.
 * Records are typed with Microsoft's schema (@microsoft/microsoft-graph-types: SecurityNamespace.Incident, Alert).
 */
import type { SecurityNamespace } from "@microsoft/microsoft-graph-types";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadMapping } from "../../../src/mapping/load.js";
import type { TenantLabel } from "../../../src/mapping/tenant.js";
import { alertMessages, incidentMessage } from "../../../src/sources/incidents/messages.js";
import { anyText } from "../../support/arbitraries.js";
import { decodeCef } from "../../support/cef-decoder.js";
import { cefExtensionValue, cefHeaderValue, leefHeaderValue, leefValue } from "../../support/expected.js";
import { decodeLeef } from "../../support/leef-decoder.js";
import { expectedOf, mappingRules, textOf, valueProblem, type Expected } from "../../support/mapping-expectations.js";

type Item = Record<string, unknown>;
type Spec = ReturnType<typeof mappingRules>["fields"][string];

const TENANT: TenantLabel = { name: "contoso-prod", id: "b3c1b5fc-828c-45fa-a1e1-10d74f6d6e9c" };

/** Hostile values a person can type into Defender's portal, or an attacker into a file, host or account name. */
const HOSTILE = [
  'pipe | equals = backslash \\ quote " end \\',
  "CR\rLF\nCRLF\r\nTAB\tNUL\u0000ESC\u001b[31mDEL\u007fNEL\u0085.",
  "CEF:0|evil|injected|1|2|3|10|suser=root cs1=injected",
  "\tsev=10\tcat=injected |LEEF:1.0|x|y|z|w|",
  "astral 🚨🔥𝔘 and café, 中文, مرحبا",
  "lone surrogates \ud800 and \udfff here",
  "  spaces at both ends  ",
  `${"long ".repeat(2000)}| = \\ end`,
];

function alertOf(i: number, text: string): Item {
  const fields: SecurityNamespace.Alert = {
    id: `da6384123456789${String(i).padStart(5, "0")}_-${1_000_000_000 + i}`,
    title: text,
    severity: "high",
    serviceSource: "microsoftDefenderForEndpoint",
    mitreTechniques: [text, "T1059.001"],
    status: "new",
  };
  const evidence = [
    { "@odata.type": "#microsoft.graph.security.deviceEvidence", deviceDnsName: text, mdeDeviceId: `dev${i}` },
    { "@odata.type": "#microsoft.graph.security.userEvidence", userAccount: { userPrincipalName: text } },
  ];
  return { "@odata.type": "#microsoft.graph.security.alert", ...fields, evidence };
}

function incidentOf(texts: string[], id = "31337"): Item {
  const at = (i: number) => texts[i % texts.length]!;
  const fields: SecurityNamespace.Incident = {
    id,
    displayName: at(0),
    description: at(1),
    assignedTo: at(2),
    severity: "medium",
    status: "inProgress",
    classification: "truePositive",
    determination: "malware",
    incidentWebUrl: `https://security.microsoft.com/incidents/${id}?tid=${TENANT.id}&a=b|c`,
    tenantId: TENANT.id,
    createdDateTime: "2024-01-15T08:30:05.1234567Z",
    lastUpdateDateTime: "2024-01-15T09:02:11.5Z",
    customTags: texts,
    systemTags: [at(3)],
    lastModifiedBy: at(4),
    resolvingComment: at(5),
    comments: [{ comment: at(6), createdByDisplayName: at(7), createdDateTime: "2024-01-15T09:02:11.5Z" }],
  };
  return { ...fields, alerts: texts.map((t, i) => alertOf(i, t)) };
}

/** A field's value, `name[i]` being the element of a list. */
function fieldValue(record: Item, path: string): unknown {
  const m = /^(\w+)\[(\d+)\]$/.exec(path);
  return m ? (record[m[1]!] as unknown[] | undefined)?.[Number(m[2])] : record[path];
}

/** What a spec must give: `type: join` writes a list's non-empty elements between its separator. */
function expectation(spec: Spec, record: Item): Expected {
  if (spec.type === "join" && spec.field) {
    const parts = ((record[spec.field] as unknown[] | undefined) ?? []).map(textOf).filter((p) => p !== undefined);
    return { text: parts.length ? parts.join((spec as { separator?: string }).separator ?? ",") : undefined };
  }
  if (spec.field && /\[\d+\]$/.test(spec.field)) return { text: textOf(fieldValue(record, spec.field)) };
  return expectedOf(spec, record, TENANT);
}

interface Decoded {
  header: Record<string, string>;
  values: Record<string, string>;
}

const FORMATS = {
  cef: {
    decode: (text: string): Decoded => {
      const d = decodeCef(text);
      return { header: { signatureId: d.signatureId, name: d.name, severity: d.severity }, values: d.extension };
    },
    cleanHeader: cefHeaderValue,
    cleanValue: cefExtensionValue,
  },
  leef: {
    decode: (text: string): Decoded => ({
      header: { eventId: decodeLeef(text).eventId },
      values: decodeLeef(text).attributes,
    }),
    cleanHeader: leefHeaderValue,
    cleanValue: (s: string) => leefValue(s, "\t"),
  },
};

const MAPPINGS = (["cef", "leef"] as const).map((format) => {
  const name = `incidents-${format}`;
  return { name, format, rules: mappingRules(name), mapping: loadMapping(`builtin:${name}`) };
});

/** Every problem of one message made from `record` (an incident or one alert's message of it). */
async function problemsOf(which: (typeof MAPPINGS)[number], record: Item, maxBytes: number): Promise<string[]> {
  const { text, changes } = (await which.mapping).encode(record, maxBytes, TENANT);
  const format = FORMATS[which.format];
  const problems = Buffer.byteLength(text) > maxBytes ? [`${Buffer.byteLength(text)} bytes, over ${maxBytes}`] : [];
  let decoded: Decoded;
  try {
    decoded = format.decode(text);
  } catch (err) {
    return [...problems, `does not decode: ${(err as Error).message}`];
  }
  const room = { full: changes !== undefined };
  for (const key of Object.keys(decoded.values))
    if (!which.rules.keys.has(key)) problems.push(`key ${key} is not in the mapping`);
  const fixed = ["vendor", "product", "version"];
  for (const [key, spec] of Object.entries(which.rules.header).filter(([k]) => !fixed.includes(k)))
    problems.push(
      valueProblem(`header ${key}`, decoded.header[key], expectation(spec, record), format.cleanHeader, room) ?? "",
    );
  for (const [key, spec] of Object.entries(which.rules.fields))
    problems.push(valueProblem(key, decoded.values[key], expectation(spec, record), format.cleanValue, room) ?? "");
  return problems.filter(Boolean);
}

/** The messages a source makes of an incident: whole (messagePer: incident) and one per alert. */
const messagesOf = (incident: Item) => [incidentMessage(incident), ...alertMessages(incident)];

describe.each(MAPPINGS)("builtin:$name with hostile incidents", (which) => {
  it("says every hostile value strictly decodable, as the format's rules write it, whole and per alert", async () => {
    const incident = incidentOf(HOSTILE);
    for (const message of messagesOf(incident)) expect(await problemsOf(which, message, 65_536)).toEqual([]);
    for (const message of messagesOf(incident)) expect(await problemsOf(which, message, 2048)).toEqual([]);
  });

  it("keeps the identity, the link and the alert ids of a hostile incident whatever it holds", async () => {
    const incident = incidentMessage(incidentOf(HOSTILE));
    const { values } = FORMATS[which.format].decode((await which.mapping).encode(incident, 8192, TENANT).text);
    const id = which.format === "cef" ? values.externalId : values.IncidentId;
    const link = which.format === "cef" ? values.flexString1 : values.IncidentLink;
    expect([id, link, values.AlertIds, values.TenantName, values.TenantId]).toEqual([
      "31337",
      incident.incidentWebUrl,
      (incident.alertIds as string[]).join(","),
      TENANT.name,
      TENANT.id,
    ]);
  });

  it("round-trips any text in any of these fields (property, 150 incidents)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(anyText, { minLength: 1, maxLength: 8 }), async (texts) => {
        for (const message of messagesOf(incidentOf(texts))) expect(await problemsOf(which, message, 8192)).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});

describe.each(MAPPINGS)("builtin:$name with an incident of 300 alerts", (which) => {
  const titles = Array.from(
    { length: 300 },
    (_, i) => `Suspicious PowerShell download cradle no. ${i} ${"x".repeat(60)}`,
  );
  const incident = incidentMessage({ ...incidentOf(titles, "40000"), customTags: ["Demo"] });
  const ids = incident.alertIds as string[];

  it.each([1024, 2048, 4096, 8192])(
    "holds it within %i bytes, lists cut between whole elements, the cut noted",
    async (maxBytes) => {
      const { text, changes } = (await which.mapping).encode(incident, maxBytes, TENANT);
      expect(Buffer.byteLength(text)).toBeLessThanOrEqual(maxBytes);
      const { values } = FORMATS[which.format].decode(text);
      const kept = values.AlertIds?.split(",") ?? [];
      expect(kept.length).toBeGreaterThan(0);
      expect(kept.length).toBeLessThan(ids.length);
      expect(kept).toEqual(ids.slice(0, kept.length));
      expect(values[which.format === "cef" ? "cn1" : "AlertCount"]).toBe("300");
      expect(changes?.shortened ?? []).toContain("AlertIds");
      const titlesKept = values.AlertTitles?.split(" | ") ?? [];
      expect(titlesKept).toEqual(titles.slice(0, titlesKept.length));
      expect(await problemsOf(which, incident, maxBytes)).toEqual([]);
    },
  );
});
