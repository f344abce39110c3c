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
