/**
 * The MDE Alerts API's alert fields, with evidence as `$expand=evidence` returns it. Paths use `.` for nested objects
 * and `[]` for arrays (`.*` below a list: its elements' shape is not known); mappings reach them as
 * `relatedUser.userName`, `evidence[0].sha1` or `evidence[entityType=File].sha1`.
 *
 * Sources: the property table of "Alert resource type"
 * (https://learn.microsoft.com/en-us/defender-endpoint/api/alerts), the evidence items of the "List alerts API"
 * example (https://learn.microsoft.com/en-us/defender-endpoint/api/get-alerts), and keys seen in live responses that
 * neither page lists, marked "observed".
 */
const EVIDENCE = [
  "entityType",
  "evidenceCreationTime",
  "sha1",
  "sha256",
  "fileName",
  "filePath",
  "processId",
  "processCommandLine",
  "processCreationTime",
  "parentProcessId",
  "parentProcessCreationTime",
  "parentProcessFileName",
  "parentProcessFilePath",
  "ipAddress",
  "url",
  "registryKey",
  "registryHive",
  "registryValueType",
  "registryValue",
  // observed: the value's name next to registryValue
  "registryValueName",
  "accountName",
  "domainName",
  "userSid",
  "aadUserId",
  "userPrincipalName",
  "detectionStatus",
];

export const ALERTS_FIELDS: readonly string[] = [
  "id",
  "incidentId",
  "investigationId",
  "assignedTo",
  "severity",
  "status",
  "classification",
  "determination",
  "investigationState",
  "detectionSource",
  "detectorId",
  "category",
  "threatFamilyName",
  "threatName",
  "title",
  "description",
  "alertCreationTime",
  "firstEventTime",
  "lastEventTime",
  "lastUpdateTime",
  "resolvedTime",
  "machineId",
  "computerDnsName",
  "rbacGroupName",
  "aadTenantId",
  "mitreTechniques[]",
  "relatedUser.userName",
  "relatedUser.domainName",
  // observed: the users logged on to the device when the alert was raised
  "loggedOnUsers[].accountName",
  "loggedOnUsers[].domainName",
  // observed: the domains the alert involves (a list; the shape of its items is not documented)
  "domains[].*",
  "comments[].comment",
  "comments[].createdBy",
  "comments[].createdTime",
  ...EVIDENCE.map((f) => `evidence[].${f}`),
];

/** The enums of the property table ("Alert resource type"); the service may add values, which pass as written. */
export const ALERTS_ENUMS = {
  severity: ["UnSpecified", "Informational", "Low", "Medium", "High"],
  status: ["Unknown", "New", "InProgress", "Resolved"],
  classification: ["TruePositive", "InformationalExpectedActivity", "FalsePositive"],
  determination: [
    "MultiStagedAttack",
    "MaliciousUserActivity",
    "CompromisedUser",
    "Malware",
    "Phishing",
    "UnwantedSoftware",
    "SecurityTesting",
    "LineOfBusinessApplication",
    "ConfirmedUserActivity",
    "Clean",
    "InsufficientData",
    "Other",
  ],
  investigationState: [
    "Unknown",
    "Terminated",
    "SuccessfullyRemediated",
    "Benign",
    "Failed",
    "PartiallyRemediated",
    "Running",
    "PendingApproval",
    "PendingResource",
    "PartiallyInvestigated",
    "TerminatedByUser",
    "TerminatedBySystem",
    "Queued",
    "InnerFailure",
    "PreexistingAlert",
    "UnsupportedOs",
    "UnsupportedAlertType",
    "SuppressedAlert",
  ],
} as const satisfies Readonly<Record<string, readonly string[]>>;

/** Identifiers and their longest length in bytes: an alert id is `da`, 18 digits, `_` and a 32-bit integer. */
export const ALERTS_IDENTITIES: Readonly<Record<string, number>> = { id: 32 };
