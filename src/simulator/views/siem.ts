/** The SIEM API's view of an alert: one record per piece of evidence, fields in the documented order. */
import type { SiemField } from "../../sources/siem/fields.js";
import type { SimAlert, SimEvidence } from "../alerts.js";
import { ticksTime } from "./times.js";

export type SiemRecord = Record<SiemField, string | number | boolean | null>;

/** `current` sends "" for missing values, as today's tenants do; `legacy` sends null, as older ones did. */
export type SiemStyle = "current" | "legacy";

const IOC_NAMES = { file: "Sha1", process: "Sha1", ip: "IpAddress", url: "Url" } as const;

function iocValue(e: SimEvidence): string {
  return e.kind === "ip" ? e.ipAddress : e.kind === "url" ? e.url : e.sha1;
}

export function siemRecords(alert: SimAlert, style: SiemStyle = "current"): SiemRecord[] {
  return alert.evidence.map((e, part) => {
    const record = siemRecord(alert, e, part);
    if (style === "legacy")
      for (const key of Object.keys(record) as SiemField[]) if (record[key] === "") record[key] = null;
    return record;
  });
}

function siemRecord(a: SimAlert, e: SimEvidence, part: number): SiemRecord {
  const d = a.detection;
  const ti = d.source === "CustomerTI";
  const incident = `incidents/byalert?alertId=${a.alertId}&source=SIEM`;
  return {
    AlertTime: ticksTime(a.alertTime, a.ticks, 5),
    ComputerDnsName: `${a.device.name}.${a.device.domain}`,
    AlertTitle: d.title,
    Category: d.category,
    Severity: d.severity,
    AlertId: a.alertId,
    Actor: d.actor ?? "",
    LinkToWDATP: `https://securitycenter.windows.com/alert/${a.alertId}`,
    IocName: ti ? IOC_NAMES[e.kind] : "",
    IocValue: ti ? iocValue(e) : "",
    CreatorIocName: "",
    CreatorIocValue: "",
    Sha1: e.sha1,
    FileName: e.fileName,
    FilePath: e.filePath,
    IpAddress: e.ipAddress,
    Url: e.url,
    IoaDefinitionId: a.ioaDefinitionId,
    UserName: a.user.name,
    AlertPart: part,
    FullId: `${a.alertId}:${e.iocUniqueId}`,
    LastProcessedTimeUtc: ticksTime(a.lastProcessed, a.ticks),
    ThreatCategory: d.threat?.category ?? "",
    ThreatFamily: d.threat?.family ?? "",
    ThreatName: d.threat?.name ?? "",
    RemediationAction: a.remediation.action,
    RemediationIsSuccess: a.remediation.success,
    Source: d.source,
    Md5: e.md5,
    Sha256: e.sha256,
    WasExecutingWhileDetected: a.wasExecuting,
    UserDomain: a.user.domain,
    LogOnUsers: `${a.user.domain}\\${a.user.name}`,
    MachineDomain: a.device.domain,
    MachineName: a.device.name,
    InternalIPv4List: a.device.ipv4,
    InternalIPv6List: a.device.ipv6,
    FileHash: e.sha1,
    DeviceID: a.device.id,
    MachineGroup: a.device.group,
    Description: d.description,
    DeviceCreatedMachineTags: a.device.deviceTags,
    CloudCreatedMachineTags: a.device.cloudTags,
    CommandLine: e.commandLine,
    IncidentLinkToWDATP: `https://securitycenter.windows.com/${incident}`,
    ReportID: a.reportId,
    LinkToMTP: `https://security.microsoft.com/alert/${a.alertId}`,
    IncidentLinkToMTP: `https://security.microsoft.com/${incident}`,
    ExternalId: a.externalId,
    IocUniqueId: e.iocUniqueId,
  };
}
