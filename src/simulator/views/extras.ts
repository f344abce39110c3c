/**
 * What the Alerts API and Graph show beyond the SIEM records (incident, investigation, process ids, account ids, device
 * details): drawn from each alert's own seed, so every view and every request shows the same values.
 */
import type { SimAlert } from "../alerts.js";
import { alertRandom } from "../lifecycle.js";

export interface AlertExtras {
  incidentId: number;
  investigationId: number | null;
  rbacGroupId: number;
  userSid: string;
  aadUserId: string;
  aadDeviceId: string;
  osBuild: number;
  /** How long before the detection the activity began. */
  firstEventBeforeMs: number;
  processId: number;
  parentProcessId: number;
  fileSize: number;
}

export function extrasOf(alert: SimAlert): AlertExtras {
  const rng = alertRandom(alert.alertId, 2);
  return {
    incidentId: rng.int(1000, 99_999),
    investigationId: rng.chance(0.6) ? rng.int(10_000, 999_999) : null,
    rbacGroupId: rng.int(1, 200),
    userSid: `S-1-5-21-${rng.digits(10)}-${rng.digits(10)}-${rng.digits(9)}-${rng.int(1000, 99_999)}`,
    aadUserId: rng.guid(),
    aadDeviceId: rng.guid(),
    osBuild: rng.pick([19045, 22621, 22631, 20348, 17763]),
    firstEventBeforeMs: rng.int(1_000, 120_000),
    processId: rng.int(400, 40_000),
    parentProcessId: rng.int(400, 40_000),
    fileSize: rng.int(2_048, 8_000_000),
  };
}

/** How each view names the SIEM API's `Source`. */
export const DETECTION_SOURCES: Record<string, { alerts: string; graph: string }> = {
  EDR: { alerts: "WindowsDefenderAtp", graph: "microsoftDefenderForEndpoint" },
  WindowsDefenderAv: { alerts: "WindowsDefenderAv", graph: "antivirus" },
  CustomerTI: { alerts: "CustomerTI", graph: "customTi" },
  AutomatedInvestigation: { alerts: "AutomatedInvestigation", graph: "automatedInvestigation" },
};

/** The parent of the processes in evidence. */
export const PARENT_PROCESS = { fileName: "explorer.exe", filePath: "C:\\Windows" };

export const userPrincipalName = (alert: SimAlert) => `${alert.user.name}@${alert.device.domain}`;
export const prevented = (alert: SimAlert) => alert.remediation.success === true;

/** What Graph's schema holds beyond the other views (registry, VM, policies, custom details): a seed of its own. */
export interface SchemaExtras {
  registry: { hive: string; key: string; valueName: string; valueType: string; value: string } | null;
  vm: { vmId: string; subscriptionId: string; resourceId: string } | null;
  lastExternalIpAddress: string;
  activeDirectoryObjectGuid: string;
  /** `@odata.type` of one more evidence item of another kind (mailbox, cloud application …), or null. */
  otherEvidence: string | null;
  alertPolicyId: string | null;
  customDetails: Record<string, string> | null;
  systemTags: string[];
}

const RUN_KEYS = [
  "SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run",
  "SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\RunOnce",
  "SYSTEM\\CurrentControlSet\\Services\\updsvc",
];

export function schemaExtrasOf(alert: SimAlert, others: readonly string[]): SchemaExtras {
  const rng = alertRandom(alert.alertId, 3);
  const vmId = rng.guid();
  const subscriptionId = rng.guid();
  const registry = rng.chance(0.3);
  const hive = rng.pick(["HKEY_LOCAL_MACHINE", "HKEY_CURRENT_USER"]);
  const key = rng.pick(RUN_KEYS);
  const valueName = rng.pick(["Updater", "OneDriveSync", "ImagePath"]);
  const custom = alert.detection.source === "CustomerTI";
  return {
    registry: registry
      ? { hive, key, valueName, valueType: "String", value: `"C:\\ProgramData\\${valueName}\\${valueName}.exe" /q` }
      : null,
    vm: rng.chance(0.3)
      ? {
          vmId,
          subscriptionId,
          resourceId: `/subscriptions/${subscriptionId}/resourceGroups/rg-${rng.hex(4)}/providers/Microsoft.Compute/virtualMachines/${alert.device.name}`,
        }
      : null,
    lastExternalIpAddress: `203.0.113.${rng.int(1, 254)}`,
    activeDirectoryObjectGuid: rng.guid(),
    otherEvidence: rng.chance(0.5) ? (others[rng.int(0, others.length - 1)] ?? null) : null,
    alertPolicyId: rng.chance(0.2) ? rng.guid() : null,
    customDetails: custom ? { Indicator: alert.ioaDefinitionId, Owner: "soc-tier2" } : null,
    systemTags: rng.chance(0.3) ? [rng.pick(["Defender Experts", "Credential exposure", "Ransomware"])] : [],
  };
}
