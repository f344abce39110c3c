/**
 * The SIEM REST API's record fields in Microsoft's documented order. The payload's spelling is authoritative
 * (`IpAddress`, `Url`, `ReportID`); Microsoft's tables spell some differently, so names match case-insensitively.
 */
export const SIEM_FIELDS = [
  "AlertTime",
  "ComputerDnsName",
  "AlertTitle",
  "Category",
  "Severity",
  "AlertId",
  "Actor",
  "LinkToWDATP",
  "IocName",
  "IocValue",
  "CreatorIocName",
  "CreatorIocValue",
  "Sha1",
  "FileName",
  "FilePath",
  "IpAddress",
  "Url",
  "IoaDefinitionId",
  "UserName",
  "AlertPart",
  "FullId",
  "LastProcessedTimeUtc",
  "ThreatCategory",
  "ThreatFamily",
  "ThreatName",
  "RemediationAction",
  "RemediationIsSuccess",
  "Source",
  "Md5",
  "Sha256",
  "WasExecutingWhileDetected",
  "UserDomain",
  "LogOnUsers",
  "MachineDomain",
  "MachineName",
  "InternalIPv4List",
  "InternalIPv6List",
  "FileHash",
  "DeviceID",
  "MachineGroup",
  "Description",
  "DeviceCreatedMachineTags",
  "CloudCreatedMachineTags",
  "CommandLine",
  "IncidentLinkToWDATP",
  "ReportID",
  "LinkToMTP",
  "IncidentLinkToMTP",
  "ExternalId",
  "IocUniqueId",
] as const;

export type SiemField = (typeof SIEM_FIELDS)[number];

/** Values Microsoft documents for a field; the API may send others. */
export const SIEM_ENUMS: Readonly<Partial<Record<SiemField, readonly string[]>>> = {
  Severity: ["Informational", "Low", "Medium", "High"],
};

/**
 * Identifiers and their longest length in bytes. AlertId is `da`, 18 digits, `_` and a 32-bit integer (at most 32);
 * FullId is `AlertId:IocUniqueId`, the latter 44 characters of base64 (at most 77; Microsoft's example has 74).
 */
export const SIEM_IDENTITIES: Readonly<Partial<Record<SiemField, number>>> = { AlertId: 32, FullId: 77 };
