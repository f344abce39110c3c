/**
 * Graph's evidence of an alert: the device, the user, one item per indicator, then the registry key and value an alert
 * may name and one item of another kind (mailbox, cloud application, Kubernetes …) drawn from Microsoft's schema, each
 * typed by `@odata.type`.
 */
import type { SimAlert, SimEvidence } from "../alerts.js";
import { alertRandom } from "../lifecycle.js";
import { PARENT_PROCESS, prevented, userPrincipalName, type AlertExtras, type SchemaExtras } from "./extras.js";
import { EVIDENCE_ODATA_TYPES, evidenceTypeName, schemaObject } from "./schema-fill.js";
import { ticksTime } from "./times.js";

const type = (kind: string) => `#microsoft.graph.security.${kind}Evidence`;
/** The kinds built here from the alert itself; the others come from the schema. */
const OWN = ["device", "user", "file", "process", "ip", "url", "registryKey", "registryValue"].map(type);
export const OTHER_EVIDENCE = EVIDENCE_ODATA_TYPES.filter((t) => !OWN.includes(t));
/** Where the simulated indicators' addresses (documentation ranges) are placed. */
const GEO: Record<string, { countryLetterCode: string; location: Record<string, unknown> }> = {
  "198.51.100.23": {
    countryLetterCode: "NL",
    location: {
      city: "Amsterdam",
      countryName: "Netherlands",
      latitude: 52.37,
      longitude: 4.89,
      state: "North Holland",
    },
  },
  "203.0.113.45": {
    countryLetterCode: "US",
    location: { city: "Ashburn", countryName: "United States", latitude: 39.04, longitude: -77.49, state: "Virginia" },
  },
};

const RISK = { Informational: "informational", Low: "low", Medium: "medium", High: "high" } as const;

export function graphEvidence(a: SimAlert, x: AlertExtras, s: SchemaExtras): Record<string, unknown>[] {
  const base = {
    createdDateTime: ticksTime(a.lastProcessed, a.ticks),
    verdict: a.detection.source === "CustomerTI" || prevented(a) ? "malicious" : "suspicious",
    remediationStatus: prevented(a) ? "prevented" : "none",
    remediationStatusDetails: null,
    roles: [] as string[],
    detailedRoles: [] as string[],
    tags: [] as string[],
  };
  return [
    deviceEvidence(a, x, s, base),
    userEvidence(a, x, s, base),
    ...a.evidence.map((e) => indicatorEvidence(a, e, x, s, base)),
    ...registryEvidence(a, s, base),
    ...(s.otherEvidence ? [otherEvidence(a, s.otherEvidence, base)] : []),
  ];
}

function registryEvidence(a: SimAlert, s: SchemaExtras, base: object): Record<string, unknown>[] {
  if (!s.registry) return [];
  const r = s.registry;
  return [
    { "@odata.type": type("registryKey"), ...base, registryHive: r.hive, registryKey: r.key },
    {
      "@odata.type": type("registryValue"),
      ...base,
      mdeDeviceId: a.device.id,
      registryHive: r.hive,
      registryKey: r.key,
      registryValue: r.value,
      registryValueName: r.valueName,
      registryValueType: r.valueType,
    },
  ];
}

/** An item of another product's kind, every property of its type filled. */
function otherEvidence(a: SimAlert, odataType: string, base: object): Record<string, unknown> {
  const filled = schemaObject(evidenceTypeName(odataType), alertRandom(a.alertId, 4), a.alertTime);
  return { ...filled, ...base, detailedRoles: ["related"] };
}

function deviceEvidence(a: SimAlert, x: AlertExtras, s: SchemaExtras, base: object): Record<string, unknown> {
  const server = a.device.name.startsWith("srv");
  return {
    "@odata.type": type("device"),
    ...base,
    roles: ["compromised"],
    detailedRoles: ["PrimaryDevice"],
    tags: a.device.deviceTags ? [a.device.deviceTags] : [],
    firstSeenDateTime: ticksTime(a.alertTime - 90 * 86_400_000, 0),
    mdeDeviceId: a.device.id,
    azureAdDeviceId: x.aadDeviceId,
    deviceDnsName: `${a.device.name}.${a.device.domain}`,
    hostName: a.device.name,
    dnsDomain: a.device.domain,
    ntDomain: a.user.domain,
    osPlatform: server ? "WindowsServer2022" : "Windows11",
    osBuild: x.osBuild,
    version: server ? "21H2" : "23H2",
    healthStatus: "active",
    riskScore: RISK[a.detection.severity],
    rbacGroupId: x.rbacGroupId,
    rbacGroupName: a.device.group,
    onboardingStatus: "onboarded",
    defenderAvStatus: "updated",
    ipInterfaces: [a.device.ipv4, a.device.ipv6].filter((ip) => ip !== ""),
    lastIpAddress: a.device.ipv4,
    lastExternalIpAddress: s.lastExternalIpAddress,
    loggedOnUsers: [{ accountName: a.user.name, domainName: a.user.domain }],
    vmMetadata: s.vm && { cloudProvider: "azure", ...s.vm },
  };
}

function account(a: SimAlert, x: AlertExtras, s: SchemaExtras): Record<string, unknown> {
  return {
    accountName: a.user.name,
    activeDirectoryObjectGuid: s.activeDirectoryObjectGuid,
    domainName: a.user.domain,
    userSid: x.userSid,
    azureAdUserId: x.aadUserId,
    userPrincipalName: userPrincipalName(a),
    displayName: a.user.name,
    resourceAccessEvents: [],
  };
}

function userEvidence(a: SimAlert, x: AlertExtras, s: SchemaExtras, base: object): Record<string, unknown> {
  return { "@odata.type": type("user"), ...base, roles: ["compromised"], userAccount: account(a, x, s), stream: null };
}

function fileDetails(e: SimEvidence, x: AlertExtras): Record<string, unknown> {
  return {
    sha1: e.sha1,
    sha256: e.sha256,
    md5: e.md5,
    sha256Ac: null,
    fileName: e.fileName,
    filePath: e.filePath,
    fileSize: x.fileSize,
    filePublisher: null,
    signer: null,
    issuer: null,
  };
}

function indicatorEvidence(
  a: SimAlert,
  e: SimEvidence,
  x: AlertExtras,
  s: SchemaExtras,
  base: object,
): Record<string, unknown> {
  const detectionStatus = prevented(a) ? "prevented" : "detected";
  switch (e.kind) {
    case "file":
      return {
        "@odata.type": type("file"),
        ...base,
        detectionStatus,
        mdeDeviceId: a.device.id,
        fileDetails: fileDetails(e, x),
      };
    case "process":
      return {
        "@odata.type": type("process"),
        ...base,
        processId: x.processId,
        parentProcessId: x.parentProcessId,
        processCommandLine: e.commandLine,
        processCreationDateTime: ticksTime(a.alertTime - x.firstEventBeforeMs, 0),
        parentProcessCreationDateTime: ticksTime(a.alertTime - 3_600_000, 0),
        detectionStatus,
        mdeDeviceId: a.device.id,
        imageFile: fileDetails(e, x),
        parentProcessImageFile: {
          sha1: null,
          sha256: null,
          md5: null,
          sha256Ac: null,
          ...PARENT_PROCESS,
          fileSize: null,
          filePublisher: "Microsoft Corporation",
          signer: null,
          issuer: null,
        },
        userAccount: account(a, x, s),
      };
    case "ip":
      return {
        "@odata.type": type("ip"),
        ...base,
        ipAddress: e.ipAddress,
        countryLetterCode: GEO[e.ipAddress]?.countryLetterCode ?? null,
        location: GEO[e.ipAddress]?.location ?? null,
        stream: null,
      };
    case "url":
      return { "@odata.type": type("url"), ...base, url: e.url };
  }
}
