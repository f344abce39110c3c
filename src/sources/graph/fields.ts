/**
 * Microsoft Graph security alerts_v2 fields (defender-apis.md section 6). Evidence objects differ by `@odata.type`;
 * the catalogue lists the union of the MDE-relevant kinds, reached as
 * `evidence[@odata.type=#microsoft.graph.security.fileEvidence].fileDetails.sha1`.
 */
const FILE = ["sha1", "sha256", "md5", "fileName", "filePath", "fileSize", "filePublisher", "signer", "issuer"];
const ACCOUNT = ["accountName", "domainName", "userSid", "azureAdUserId", "userPrincipalName", "displayName"];
const EVIDENCE = [
  "createdDateTime", "verdict", "remediationStatus", "remediationStatusDetails", "roles[]", "tags[]",
  "deviceDnsName", "mdeDeviceId", "azureAdDeviceId", "rbacGroupName", "rbacGroupId", "osPlatform", "osBuild", "healthStatus",
  "riskScore", "onboardingStatus", "loggedOnUsers[].accountName", "loggedOnUsers[].domainName", "ipInterfaces[]",
  ...FILE.map((f) => `fileDetails.${f}`), "detectionStatus", "processId", "processCommandLine", "processCreationDateTime",
  "parentProcessId", "parentProcessCreationDateTime", ...FILE.map((f) => `imageFile.${f}`),
  ...FILE.map((f) => `parentProcessImageFile.${f}`), ...ACCOUNT.map((f) => `userAccount.${f}`), "ipAddress",
  "countryLetterCode", "url", "registryKey", "registryHive", "registryValue", "registryValueName", "registryValueType",
];

export const GRAPH_FIELDS: readonly string[] = [
  "id", "providerAlertId", "incidentId", "status", "severity", "classification", "determination", "serviceSource",
  "detectionSource", "detectorId", "tenantId", "title", "description", "recommendedActions", "category", "assignedTo",
  "alertWebUrl", "incidentWebUrl", "actorDisplayName", "threatDisplayName", "threatFamilyName", "mitreTechniques[]",
  "createdDateTime", "lastUpdateDateTime", "resolvedDateTime", "firstActivityDateTime", "lastActivityDateTime",
  "comments[].comment", "comments[].createdByDisplayName", "comments[].createdDateTime", "systemTags[]",
  ...EVIDENCE.map((f) => `evidence[].${f}`),
];
