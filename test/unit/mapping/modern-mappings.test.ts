/**
 * The Alerts API and Graph mappings: drop-in successors of the SIEM ones (the same CEF keys and labels, the same LEEF
 * attribute names wherever Microsoft's SIEM → Graph correspondence says the field is the same), evidence read by
 * first-match paths, one item per message when asked, strict CEF and LEEF for every sample.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadMapping } from "../../../src/mapping/load.js";
import { ALERTS_SAMPLES } from "../../../src/sources/alerts/samples.js";
import { perEvidence } from "../../../src/sources/shared/evidence.js";
import { GRAPH_SAMPLES } from "../../../src/sources/shared/graph-samples.js";
import { decodeCef } from "../../support/cef-decoder.js";
import { decodeLeef } from "../../support/leef-decoder.js";

type Fields = Record<string, string | { label?: string }>;
const fieldsOf = (name: string) =>
  (parse(readFileSync(new URL(`../../../mappings/${name}.yaml`, import.meta.url), "utf8")) as { fields: Fields })
    .fields;
const labelOf = (value: Fields[string]) => (typeof value === "string" ? undefined : value.label);

/** siem-cef's keys that have no counterpart in the API, so the successor leaves them out (docs/mapping.md). */
const NO_COUNTERPART = {
  alerts: ["cs4", "cs5", "cn1", "cn2", "sourceDnsDomain"],
  graph: ["cn1", "cn2"],
};
const LEEF_NO_COUNTERPART = {
  alerts: ["FullId", "Md5", "Actor", "MachineDomain", "RemediationIsSuccess", "WasExecutingWhileDetected"],
  graph: ["FullId", "RemediationIsSuccess", "WasExecutingWhileDetected"],
};

describe.each(["alerts", "graph"] as const)("the %s mappings next to the SIEM ones", (api) => {
  it("keep every CEF key of siem-cef with its label, but those without a counterpart (and FullId's label)", () => {
    const [siem, modern] = [fieldsOf("siem-cef"), fieldsOf(`${api}-cef`)];
    for (const key of Object.keys(siem).filter((k) => !NO_COUNTERPART[api].includes(k))) {
      expect([key, key in modern]).toEqual([key, true]);
      if (key !== "flexString2") expect([key, labelOf(modern[key]!)]).toEqual([key, labelOf(siem[key]!)]);
    }
    for (const key of NO_COUNTERPART[api]) expect(modern).not.toHaveProperty(key);
  });

  it("keep every LEEF attribute name of siem-leef, but those without a counterpart", () => {
    const [siem, modern] = [fieldsOf("siem-leef"), fieldsOf(`${api}-leef`)];
    const missing = Object.keys(siem).filter((k) => !(k in modern));
    expect(missing.sort()).toEqual([...LEEF_NO_COUNTERPART[api]].sort());
  });

  it.each(["cef", "leef"])("%s is valid without warnings", async (format) => {
    expect(await loadMapping(`builtin:${api}-${format}`)).toMatchObject({ format, source: api, warnings: [] });
  });
});

describe("builtin:graph-cef", async () => {
  const mapping = await loadMapping("builtin:graph-cef");
  const alert = GRAPH_SAMPLES[1]!;
  const decoded = decodeCef(mapping.encode(alert, 65_536).text);

  it("puts each field Microsoft says corresponds where siem-cef puts the SIEM field", () => {
    expect([
      decoded.vendor,
      decoded.product,
      decoded.deviceVersion,
      decoded.signatureId,
      decoded.name,
      decoded.severity,
    ]).toEqual(["Microsoft", "Microsoft Defender ATP", "2.0", `Defender-${String(alert.category)}`, alert.title, "5"]);
    expect(decoded.extension).toMatchObject({
      externalId: alert.id,
      rt: String(Date.parse(alert.lastUpdateDateTime as string)),
      deviceCustomDate2Label: "CreatedTime",
      deviceCustomDate2: String(Date.parse(alert.createdDateTime as string)),
      IoaDefinitionId: alert.detectorId,
      cat: alert.category,
      sourceServiceName: alert.detectionSource,
      cs1: alert.threatDisplayName,
      cs4: alert.actorDisplayName,
      flexString1: alert.alertWebUrl,
      deviceCustomDate1: String(Date.parse(alert.lastActivityDateTime as string)),
      ThreatFamily: alert.threatFamilyName,
      IncidentLink: alert.incidentWebUrl,
      flexString2: `${String(alert.id)}@${String(alert.lastUpdateDateTime)}`,
    });
  });

  it("reads the first evidence of each kind", () => {
    expect(decoded.extension).toMatchObject({
      shost: "wks-042",
      dvchost: "wks-042.contoso.local",
      cs3: "Tier 0 Servers",
      suser: "bob|admin",
      sntdom: "CONTOSO\\",
      suid: "CONTOSO\\bob",
      fname: "invoice|2024=paid.pdf.exe",
      fileHash: "0123456789abcdef0123456789abcdef01234567",
      src: "10.1.2.3",
      request: "http://evil.example/a?b=c&d=e|f",
      act: "prevented",
      AlertStatus: "inProgress",
      MitreTechniques: "T1059.001,T1027",
    });
    expect(decoded.extension.cs2).toContain("powershell.exe -NoP");
  });

  it("carries what Graph adds: the tenant, MD5 and the machine's domain, the activity, device and user detail", () => {
    expect(decoded.extension).toMatchObject({
      TenantId: alert.tenantId,
      cs5Label: "Md5",
      cs5: "0123456789abcdef0123456789abcdef",
      sourceDnsDomain: "contoso.local",
      deviceNtDomain: "CONTOSO",
      dvc: "10.1.2.40",
      start: String(Date.parse("2024-01-15T08:29:40Z")),
      end: String(Date.parse(alert.lastUpdateDateTime as string)),
      ProductName: "Microsoft Defender for Endpoint",
      ProviderAlertId: alert.providerAlertId,
      SystemTags: "Defender Experts",
      UserPrincipalName: "bob@contoso.com",
      OsPlatform: "Windows10",
      OsVersion: "Other",
      OsBuild: "22424",
    });
    const resolved = decodeCef(mapping.encode(GRAPH_SAMPLES[3]!, 65_536).text).extension;
    expect(resolved).toMatchObject({
      flexDate1Label: "ResolvedTime",
      flexDate1: String(Date.parse("2024-02-01T10:00:00Z")),
      TenantId: GRAPH_SAMPLES[3]!.tenantId,
    });
  });

  it("keeps the identity and the tenant when a small message limit leaves other values out", () => {
    const cut = decodeCef(mapping.encode(GRAPH_SAMPLES[2]!, 1024).text).extension;
    expect(cut).toMatchObject({ externalId: GRAPH_SAMPLES[2]!.id, TenantId: GRAPH_SAMPLES[2]!.tenantId });
    expect(cut).not.toHaveProperty("OsBuild");
  });

  it("reads one evidence item per message, and says which", () => {
    const items = perEvidence({ record: alert, identity: "x", time: new Date(0) }).map(
      (r) => decodeCef(mapping.encode(r.record, 65_536).text).extension,
    );
    expect(
      items.map((e) => [e.EvidenceIndex, e.shost ?? null, e.suser ?? null, e.src ?? null, e.request ?? null]),
    ).toEqual([
      ["0", "wks-042", null, null, null],
      ["1", null, "bob|admin", null, null],
      ["2", null, null, null, null],
      ["3", null, null, "10.1.2.3", null],
      ["4", null, null, null, "http://evil.example/a?b=c&d=e|f"],
    ]);
    expect(items.every((e) => e.externalId === alert.id && e.msg !== undefined)).toBe(true);
  });
});

describe("builtin:alerts-cef", async () => {
  const mapping = await loadMapping("builtin:alerts-cef");
  const alert = ALERTS_SAMPLES[0];
  const decoded = decodeCef(mapping.encode(alert, 65_536).text);

  it("puts the Alerts API's fields where siem-cef puts the SIEM fields, and the evidence by kind", () => {
    expect([decoded.signatureId, decoded.name, decoded.severity]).toEqual([
      `Defender-${String(alert.category)}`,
      alert.title,
      "3",
    ]);
    expect(decoded.extension).toMatchObject({
      externalId: alert.id,
      rt: String(Date.parse(alert.lastUpdateTime as string)),
      IoaDefinitionId: alert.detectorId,
      cat: "Execution",
      sourceServiceName: "WindowsDefenderAtp",
      shost: alert.computerDnsName,
      deviceExternalId: alert.machineId,
      cs3: "A",
      suser: "temp123",
      sntdom: "DOMAIN",
      fname: "suspicious.dll",
      filePath: "c:\\temp",
      fileHash: "8563f95b2f8a284fc99da44500cd51a77c1ff36c",
      cs2: "rundll32.exe  c:\\temp\\suspicious.dll,RepeatAfterMe",
      act: "Detected",
      cn3: "1126093",
      AlertStatus: "New",
      deviceCustomDate2Label: "CreatedTime",
      deviceCustomDate2: String(Date.parse(alert.alertCreationTime as string)),
    });
  });

  it("carries what the Alerts API adds: the tenant, the users logged on, the events' span, the investigation", () => {
    const hostile = decodeCef(mapping.encode(ALERTS_SAMPLES[1]!, 65_536).text).extension;
    expect(hostile).toMatchObject({
      TenantId: ALERTS_SAMPLES[1]!.aadTenantId,
      suid: "CONTOSO\\bob",
      start: String(Date.parse("2024-01-15T08:29:40Z")),
      end: String(Date.parse(ALERTS_SAMPLES[1]!.lastUpdateTime as string)),
      InvestigationState: "Queued",
      UserPrincipalName: "temp123@microsoft.com",
    });
    expect(decoded.extension.suid).toBe("DOMAIN\\temp123");
    const resolved = decodeCef(mapping.encode(ALERTS_SAMPLES[3]!, 65_536).text).extension;
    expect(resolved).toMatchObject({
      flexDate1Label: "ResolvedTime",
      flexDate1: String(Date.parse("2020-07-20T10:53:50.19Z")),
      InvestigationState: "SuccessfullyRemediated",
    });
  });

  it.each([
    ["Informational", "1"],
    ["Low", "3"],
    ["Medium", "5"],
    ["High", "8"],
    ["UnSpecified", "Unknown"],
  ])("sends severity %s as %s", (severity, text) => {
    expect(decodeCef(mapping.encode({ ...alert, severity }, 8192).text).severity).toBe(text);
  });
});

describe("the LEEF mappings' new attributes", () => {
  it("graph-leef: the tenant, MD5, the machine's name and domains, the activity, device and user detail", async () => {
    const alert = GRAPH_SAMPLES[1]!;
    const leef = await loadMapping("builtin:graph-leef");
    expect(decodeLeef(leef.encode(alert, 65_536).text).attributes).toMatchObject({
      TenantId: alert.tenantId,
      MachineName: "wks-042",
      MachineDomain: "contoso.local",
      NtDomain: "CONTOSO",
      Md5: "0123456789abcdef0123456789abcdef",
      LastIpAddress: "10.1.2.40",
      FirstActivityTime: String(Date.parse("2024-01-15T08:29:40Z")),
      ProductName: "Microsoft Defender for Endpoint",
      ProviderAlertId: alert.providerAlertId,
      SystemTags: "Defender Experts",
      UserPrincipalName: "bob@contoso.com",
      OsPlatform: "Windows10",
      OsBuild: "22424",
    });
    const resolved = decodeLeef(leef.encode(GRAPH_SAMPLES[3]!, 65_536).text).attributes;
    expect(resolved.ResolvedTime).toBe(String(Date.parse("2024-02-01T10:00:00Z")));
  });

  it("alerts-leef: the tenant, the users logged on, the first event, the investigation", async () => {
    const alert = ALERTS_SAMPLES[1]!;
    const leef = await loadMapping("builtin:alerts-leef");
    expect(decodeLeef(leef.encode(alert, 65_536).text).attributes).toMatchObject({
      TenantId: alert.aadTenantId,
      LogOnUsers: "CONTOSO\\bob",
      FirstActivityTime: String(Date.parse("2024-01-15T08:29:40Z")),
      InvestigationState: "Queued",
      UserPrincipalName: "temp123@microsoft.com",
    });
    const resolved = decodeLeef(leef.encode(ALERTS_SAMPLES[3]!, 65_536).text).attributes;
    expect(resolved.ResolvedTime).toBe(String(Date.parse("2020-07-20T10:53:50.19Z")));
  });
});

describe.each([
  ["alerts", ALERTS_SAMPLES],
  ["graph", GRAPH_SAMPLES],
] as const)("every %s sample", (api, samples) => {
  it.each(samples.map((r, i) => [i, r] as const))(
    "%i encodes into strict CEF and LEEF, whole or per evidence item, within 8192 bytes",
    async (_i, record) => {
      const [cef, leef] = [await loadMapping(`builtin:${api}-cef`), await loadMapping(`builtin:${api}-leef`)];
      for (const r of [record, ...perEvidence({ record, identity: "x", time: new Date(0) }).map((p) => p.record)]) {
        const [c, l] = [cef.encode(r, 8192).text, leef.encode(r, 8192).text];
        expect(decodeCef(c).extension.externalId).toBe(record.id);
        expect(decodeLeef(l).attributes.AlertId).toBe(record.id);
        expect(Buffer.byteLength(c)).toBeLessThanOrEqual(8192);
      }
    },
  );
});
