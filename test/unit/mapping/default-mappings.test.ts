/**
 * The shipped mappings: parity with Microsoft's ArcSight table, the extra fields analysts need, valid on every sample.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadMapping } from "../../../src/mapping/load.js";
import { GRAPH_SAMPLES } from "../../../src/sources/shared/graph-samples.js";
import { SIEM_FIELDS } from "../../../src/sources/siem/fields.js";
import { SIEM_SAMPLES } from "../../../src/sources/siem/samples.js";
import { decodeCef } from "../../support/cef-decoder.js";
import { decodeLeef } from "../../support/leef-decoder.js";

/**
 * SIEM field → CEF key, the ArcSight column of Microsoft's table, in its order (header fields aside):
 * https://learn.microsoft.com/en-us/defender-endpoint/api-portal-mapping
 */
const MICROSOFT_TABLE: [string, string][] = [
  ["Category", "cat"],
  ["Source", "sourceServiceName"],
  ["MachineName", "shost"],
  ["FileName", "fname"],
  ["FilePath", "filePath"],
  ["UserDomain", "sntdom"],
  ["UserName", "suser"],
  ["Sha1", "fileHash"],
  ["Sha256", "cs6"],
  ["Md5", "cs5"],
  ["ThreatName", "cs1"],
  ["Actor", "cs4"],
  ["IpAddress", "src"],
  ["Url", "request"],
  ["AlertId", "externalId"],
  ["LinkToWDATP", "flexString1"],
  ["MachineDomain", "sourceDnsDomain"],
  ["LogOnUsers", "suid"],
];
const EXTRAS: [string, string][] = [
  ["Description", "msg"],
  ["CommandLine", "cs2"],
  ["ComputerDnsName", "dvchost"],
  ["DeviceID", "deviceExternalId"],
  ["MachineGroup", "cs3"],
  ["IncidentLinkToMTP", "IncidentLink"],
  ["ThreatFamily", "ThreatFamily"],
  ["RemediationAction", "act"],
  ["FullId", "flexString2"],
  ["IoaDefinitionId", "IoaDefinitionId"],
];

/** A record whose every field holds a value that says where it came from. */
const TAGGED: Record<string, unknown> = {
  ...Object.fromEntries(SIEM_FIELDS.map((f) => [f, `v-${f}`])),
  AlertTime: "2024-01-15T08:30:05.123Z",
  LastProcessedTimeUtc: "2024-01-15T08:31:00Z",
  Severity: "Medium",
  RemediationIsSuccess: false,
  WasExecutingWhileDetected: true,
};

describe("builtin:siem-cef", async () => {
  const mapping = await loadMapping("builtin:siem-cef");
  const decoded = decodeCef(mapping.encode(TAGGED, 8192).text);

  it("is valid without warnings", () =>
    expect(mapping).toMatchObject({ name: "builtin:siem-cef", format: "cef", source: "siem", warnings: [] }));

  it("keeps Microsoft's static header and every row of its ArcSight table", () => {
    expect([decoded.vendor, decoded.product, decoded.deviceVersion, decoded.name]).toEqual([
      "Microsoft",
      "Microsoft Defender ATP",
      "2.0",
      "v-AlertTitle",
    ]);
    for (const [field, key] of MICROSOFT_TABLE) expect([field, decoded.extension[key]]).toEqual([field, `v-${field}`]);
    expect(decoded.extension).toMatchObject({
      rt: String(Date.parse("2024-01-15T08:30:05.123Z")),
      cn1: "1",
      cn2: "0",
      cn1Label: "WasExecutingWhileDetected",
      cs6Label: "Sha256",
    });
  });

  it("adds what an analyst needs beyond Microsoft's table", () => {
    for (const [field, key] of EXTRAS) expect([field, decoded.extension[key]]).toEqual([field, `v-${field}`]);
    expect(decoded.extension.deviceCustomDate1).toBe(String(Date.parse("2024-01-15T08:31:00Z")));
    expect(decoded.signatureId).toBe(`Defender-${String(TAGGED.Category)}`);
  });

  it.each([
    ["Informational", "1", 1],
    ["Low", "3", 3],
    ["Medium", "5", 5],
    ["High", "8", 8],
    ["UnSpecified", "Unknown", undefined],
    [null, "Unknown", undefined],
  ])("sends severity %s as %s", (severity, text, level) => {
    const message = mapping.encode({ ...TAGGED, Severity: severity }, 8192);
    expect([decodeCef(message.text).severity, message.severity]).toEqual([text, level]);
  });

  it.each(SIEM_SAMPLES.map((r, i) => [i, r] as const))("encodes sample %i into strict CEF", (_i, record) => {
    expect(() => decodeCef(mapping.encode(record, 8192).text)).not.toThrow();
  });
});

describe("builtin:siem-leef", async () => {
  const mapping = await loadMapping("builtin:siem-leef");
  const message = mapping.encode(TAGGED, 8192);
  const decoded = decodeLeef(message.text);

  it("is valid without warnings", () =>
    expect(mapping).toMatchObject({ format: "leef", source: "siem", warnings: [] }));

  it("uses the prefixed Category as EventID, the Source as cat, sev 1-10 and devTime in epoch milliseconds", () => {
    expect([decoded.version, decoded.vendor, decoded.product, decoded.eventId]).toEqual([
      "1.0",
      "Microsoft",
      "Microsoft Defender ATP",
      `Defender-${String(TAGGED.Category)}`,
    ]);
    expect(decoded.attributes).toMatchObject({
      cat: "v-Source",
      sev: "5",
      devTime: String(Date.parse("2024-01-15T08:30:05.123Z")),
    });
    expect(message.severity).toBe(5);
  });

  it("carries the same content as the CEF mapping", () => {
    for (const [field] of [...MICROSOFT_TABLE, ...EXTRAS].filter(
      ([f]) => !["Category", "Source", "IncidentLinkToMTP"].includes(f),
    )) {
      expect(Object.values(decoded.attributes)).toContain(`v-${field}`);
    }
    expect(decoded.attributes.IncidentLink).toBe("v-IncidentLinkToMTP");
  });

  it.each(SIEM_SAMPLES.map((r, i) => [i, r] as const))("encodes sample %i into strict LEEF", (_i, record) => {
    expect(() => decodeLeef(mapping.encode(record, 8192).text)).not.toThrow();
  });
});

describe("the sample events in the SIEM guides", () => {
  const sampleIn = (doc: string, prefix: string) =>
    readFileSync(new URL(`../../../docs/${doc}`, import.meta.url), "utf8")
      .split("\n")
      .find((line) => line.startsWith(prefix));

  it.each([
    ["arcsight.md", "builtin:siem-cef", SIEM_SAMPLES[0], "CEF:0|Microsoft|Microsoft Defender ATP|2.0|Defender-Malware"],
    [
      "qradar.md",
      "builtin:siem-leef",
      SIEM_SAMPLES[0],
      "LEEF:1.0|Microsoft|Microsoft Defender ATP|2.0|Defender-Malware",
    ],
    ["arcsight.md", "builtin:graph-cef", GRAPH_SAMPLES[0], "CEF:0|Microsoft|Microsoft Defender ATP|2.0|Defender-Def"],
    ["qradar.md", "builtin:graph-leef", GRAPH_SAMPLES[0], "LEEF:1.0|Microsoft|Microsoft Defender ATP|2.0|Defender-Def"],
  ])("%s shows exactly what %s emits for Microsoft's example record", async (doc, ref, record, prefix) => {
    const mapping = await loadMapping(ref);
    expect(sampleIn(doc, prefix)).toBe(mapping.encode(record, 8192).text);
  });
});
