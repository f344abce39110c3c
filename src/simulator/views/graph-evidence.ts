/** Graph's evidence of an alert: the device, the user, then one item per indicator, each typed by `@odata.type`. */
import type { SimAlert, SimEvidence } from "../alerts.js";
import { PARENT_PROCESS, prevented, userPrincipalName, type AlertExtras } from "./extras.js";
import { ticksTime } from "./times.js";

const type = (kind: string) => `#microsoft.graph.security.${kind}Evidence`;
const RISK = { Informational: "informational", Low: "low", Medium: "medium", High: "high" } as const;

export function graphEvidence(a: SimAlert, x: AlertExtras): Record<string, unknown>[] {
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
    deviceEvidence(a, x, base),
    userEvidence(a, x, base),
    ...a.evidence.map((e) => indicatorEvidence(a, e, x, base)),
  ];
}

function deviceEvidence(a: SimAlert, x: AlertExtras, base: object): Record<string, unknown> {
  const server = a.device.name.startsWith("srv");
  return {
    "@odata.type": type("device"),
    ...base,
    roles: ["compromised"],
    tags: a.device.deviceTags ? [a.device.deviceTags] : [],
    firstSeenDateTime: ticksTime(a.alertTime - 90 * 86_400_000, 0),
    mdeDeviceId: a.device.id,
    azureAdDeviceId: x.aadDeviceId,
    deviceDnsName: `${a.device.name}.${a.device.domain}`,
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
    loggedOnUsers: [{ accountName: a.user.name, domainName: a.user.domain }],
    vmMetadata: null,
  };
}

function account(a: SimAlert, x: AlertExtras): Record<string, unknown> {
  return {
    accountName: a.user.name,
    domainName: a.user.domain,
    userSid: x.userSid,
    azureAdUserId: x.aadUserId,
    userPrincipalName: userPrincipalName(a),
    displayName: a.user.name,
  };
}

function userEvidence(a: SimAlert, x: AlertExtras, base: object): Record<string, unknown> {
  return { "@odata.type": type("user"), ...base, roles: ["compromised"], userAccount: account(a, x) };
}

function fileDetails(e: SimEvidence, x: AlertExtras): Record<string, unknown> {
  return {
    sha1: e.sha1,
    sha256: e.sha256,
    fileName: e.fileName,
    filePath: e.filePath,
    fileSize: x.fileSize,
    filePublisher: null,
    signer: null,
    issuer: null,
  };
}

function indicatorEvidence(a: SimAlert, e: SimEvidence, x: AlertExtras, base: object): Record<string, unknown> {
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
          ...PARENT_PROCESS,
          fileSize: null,
          filePublisher: "Microsoft Corporation",
          signer: null,
          issuer: null,
        },
        userAccount: account(a, x),
      };
    case "ip":
      return { "@odata.type": type("ip"), ...base, ipAddress: e.ipAddress, countryLetterCode: null };
    case "url":
      return { "@odata.type": type("url"), ...base, url: e.url };
  }
}
