/**
 * The MDE Alerts API's alert fields (defender-apis.md section 5), with evidence as `$expand=evidence` returns it.
 * Paths use `.` for nested objects and `[]` for arrays; mappings reach them as `relatedUser.userName`,
 * `evidence[0].sha1` or `evidence[entityType=File].sha1`.
 */
const EVIDENCE = [
  "entityType", "evidenceCreationTime", "sha1", "sha256", "fileName", "filePath", "processId", "processCommandLine",
  "processCreationTime", "parentProcessId", "parentProcessCreationTime", "parentProcessFileName", "parentProcessFilePath",
  "ipAddress", "url", "registryKey", "registryHive", "registryValueType", "registryValue", "registryValueName",
  "accountName", "domainName", "userSid", "aadUserId", "userPrincipalName", "detectionStatus",
];

export const ALERTS_FIELDS: readonly string[] = [
  "id", "incidentId", "investigationId", "assignedTo", "severity", "status", "classification", "determination",
  "investigationState", "detectionSource", "detectorId", "category", "threatFamilyName", "threatName", "title",
  "description", "alertCreationTime", "firstEventTime", "lastEventTime", "lastUpdateTime", "resolvedTime", "machineId",
  "computerDnsName", "rbacGroupName", "aadTenantId", "mitreTechniques[]", "relatedUser.userName", "relatedUser.domainName",
  "comments[].comment", "comments[].createdBy", "comments[].createdTime",
  ...EVIDENCE.map((f) => `evidence[].${f}`),
];
