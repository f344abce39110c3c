/**
 * The MDE Alerts API's view of an alert as it stands at a moment: fields in the documented order, `null` for what is
 * not set, enum values capitalised (`InProgress`, `TruePositive`), evidence as `$expand=evidence` gives it (a User
 * item, then one item per indicator), `[]` without it.
 */
import type { SimAlert, SimEvidence } from "../alerts.js";
import { commentsAt, resolvedAt, stateAt } from "../lifecycle.js";
import {
  DETECTION_SOURCES,
  extrasOf,
  PARENT_PROCESS,
  prevented,
  schemaExtrasOf,
  userPrincipalName,
  type AlertExtras,
  type SchemaExtras,
} from "./extras.js";
import { ticksTime, timeOrNull, trimmedTime } from "./times.js";

const capital = (value: string | null) => (value === null ? null : `${value[0]!.toUpperCase()}${value.slice(1)}`);
const INVESTIGATION = { new: "Queued", inProgress: "Running", resolved: "SuccessfullyRemediated" } as const;

export function alertsApiAlert(
  alert: SimAlert,
  now: number,
  options: { evidence: boolean; tenantId: string; incidentId?: number },
): Record<string, unknown> {
  const d = alert.detection;
  const state = stateAt(alert, now);
  const x = extrasOf(alert);
  const registry = schemaExtrasOf(alert, []).registry;
  return {
    id: alert.alertId,
    incidentId: options.incidentId ?? x.incidentId,
    investigationId: x.investigationId,
    assignedTo: state.assignedTo,
    severity: d.severity,
    status: capital(state.status),
    classification: capital(state.classification),
    determination: capital(state.determination),
    investigationState: x.investigationId === null ? "UnsupportedAlertType" : INVESTIGATION[state.status],
    detectionSource: DETECTION_SOURCES[d.source]!.alerts,
    detectorId: alert.ioaDefinitionId,
    category: d.category,
    threatFamilyName: d.threat?.family ?? null,
    title: d.title,
    description: d.description,
    alertCreationTime: ticksTime(alert.alertTime, alert.ticks),
    firstEventTime: ticksTime(alert.alertTime - x.firstEventBeforeMs, alert.ticks),
    lastEventTime: ticksTime(alert.lastProcessed, alert.ticks),
    lastUpdateTime: trimmedTime(state.at, state.ticks),
    resolvedTime: timeOrNull(resolvedAt(alert, now)),
    machineId: alert.device.id,
    computerDnsName: `${alert.device.name}.${alert.device.domain}`,
    rbacGroupName: alert.device.group,
    aadTenantId: options.tenantId,
    threatName: d.threat?.name ?? null,
    mitreTechniques: d.mitre,
    relatedUser: { userName: alert.user.name, domainName: alert.user.domain },
    loggedOnUsers: [{ accountName: alert.user.name, domainName: alert.user.domain }],
    domains: alert.evidence.filter((e) => e.kind === "url").map((e) => ({ host: new URL(e.url).hostname })),
    comments: commentsAt(alert, now).map((c) => ({
      comment: c.text,
      createdBy: c.by,
      createdTime: ticksTime(c.at, 0),
    })),
    evidence: options.evidence
      ? [
          userEvidence(alert, x),
          ...alert.evidence.map((e) => indicatorEvidence(alert, e, x)),
          ...(registry ? [registryEvidence(alert, registry)] : []),
        ]
      : [],
  };
}

const NO_EVIDENCE = {
  sha1: null,
  sha256: null,
  fileName: null,
  filePath: null,
  processId: null,
  processCommandLine: null,
  processCreationTime: null,
  parentProcessId: null,
  parentProcessCreationTime: null,
  parentProcessFileName: null,
  parentProcessFilePath: null,
  ipAddress: null,
  url: null,
  registryKey: null,
  registryHive: null,
  registryValueType: null,
  registryValue: null,
  accountName: null,
  domainName: null,
  userSid: null,
  aadUserId: null,
  userPrincipalName: null,
  detectionStatus: null,
};

function userEvidence(a: SimAlert, x: AlertExtras): Record<string, unknown> {
  return {
    entityType: "User",
    evidenceCreationTime: ticksTime(a.lastProcessed, a.ticks),
    ...NO_EVIDENCE,
    accountName: a.user.name,
    domainName: a.user.domain,
    userSid: x.userSid,
    aadUserId: x.aadUserId,
    userPrincipalName: userPrincipalName(a),
  };
}

function registryEvidence(a: SimAlert, r: NonNullable<SchemaExtras["registry"]>): Record<string, unknown> {
  return {
    entityType: "Registry",
    evidenceCreationTime: ticksTime(a.lastProcessed, a.ticks),
    ...NO_EVIDENCE,
    registryKey: r.key,
    registryHive: r.hive,
    registryValueType: r.valueType,
    registryValue: r.value,
    registryValueName: r.valueName,
  };
}

function indicatorEvidence(a: SimAlert, e: SimEvidence, x: AlertExtras): Record<string, unknown> {
  const common = { evidenceCreationTime: ticksTime(a.lastProcessed, a.ticks), ...NO_EVIDENCE };
  const status = prevented(a) ? "Prevented" : "Detected";
  const file = { sha1: e.sha1, sha256: e.sha256, fileName: e.fileName, filePath: e.filePath };
  switch (e.kind) {
    case "file":
      return { entityType: "File", ...common, ...file, detectionStatus: status };
    case "process":
      return {
        entityType: "Process",
        ...common,
        ...file,
        processId: x.processId,
        processCommandLine: e.commandLine,
        processCreationTime: ticksTime(a.alertTime - x.firstEventBeforeMs, 0),
        parentProcessId: x.parentProcessId,
        parentProcessCreationTime: ticksTime(a.alertTime - 3_600_000, 0),
        parentProcessFileName: PARENT_PROCESS.fileName,
        parentProcessFilePath: PARENT_PROCESS.filePath,
        detectionStatus: status,
      };
    case "ip":
      return { entityType: "Ip", ...common, ipAddress: e.ipAddress };
    case "url":
      return { entityType: "Url", ...common, url: e.url };
  }
}
