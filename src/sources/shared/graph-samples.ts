/**
 * Sample Graph alerts_v2 alerts for `preview`, the tests and the incidents' samples (the alerts inside them): one
 * shaped like Microsoft's documented example (device, file, process and registry evidence), then alerts full of what
 * breaks careless encoders (pipes, backslashes, `=`, quotes, CR/LF, TAB, NUL, ESC, DEL, non-ASCII and emoji,
 * injection attempts), a 10 kB description, and a resolved alert of another product with nulls, no evidence and a
 * newer enum member. Every value is what Graph could send.
 */
import type { Samples } from "../component.js";

const TENANT = "b3c1b5fc-828c-45fa-a1e1-10d74f6d6e9c";
const DEVICE = "73e7e2de709dff64ef64b1d0c30e67fab63279db";
const EVIDENCE = "#microsoft.graph.security.";

const evidenceBase = (created: string) => ({
  createdDateTime: created,
  verdict: "suspicious",
  remediationStatus: "none",
  remediationStatusDetails: null,
  roles: [],
  detailedRoles: [],
  tags: [],
});

const image = (fileName: string, filePath: string, sha1: string | null) => ({
  sha1,
  sha256: sha1 ? "8963a19fb992ad9a76576c5638fd68292cffb9aaac29eb8285f9abf6196a7dec" : null,
  fileName,
  filePath,
  fileSize: 6_136_392,
  filePublisher: "Microsoft Corporation",
  signer: null,
  issuer: null,
});

const DOCUMENTED = {
  "@odata.type": "#microsoft.graph.security.alert",
  id: "da637551227677560813_-961444813",
  providerAlertId: "da637551227677560813_-961444813",
  incidentId: "28282",
  status: "new",
  severity: "low",
  classification: "unknown",
  determination: "unknown",
  serviceSource: "microsoftDefenderForEndpoint",
  detectionSource: "antivirus",
  detectorId: "e0da400f-affd-43ef-b1d5-afc2eb6f2756",
  tenantId: TENANT,
  title: "Suspicious execution of hidden file",
  description: "A hidden file has been launched. This activity could indicate a compromised host.",
  recommendedActions: "Collect artifacts and determine scope\n\tReview the machine timeline for suspicious activities.",
  category: "DefenseEvasion",
  assignedTo: null,
  alertWebUrl: `https://security.microsoft.com/alerts/da637551227677560813_-961444813?tid=${TENANT}`,
  incidentWebUrl: `https://security.microsoft.com/incidents/28282?tid=${TENANT}`,
  actorDisplayName: null,
  threatDisplayName: null,
  threatFamilyName: null,
  mitreTechniques: ["T1564.001"],
  createdDateTime: "2021-04-27T12:19:27.7211305Z",
  lastUpdateDateTime: "2021-05-02T14:19:01.3266667Z",
  resolvedDateTime: null,
  firstActivityDateTime: "2021-04-26T07:45:50.116Z",
  lastActivityDateTime: "2021-05-02T07:56:58.222Z",
  comments: [],
  evidence: [
    {
      "@odata.type": `${EVIDENCE}deviceEvidence`,
      ...evidenceBase("2021-04-27T12:19:27.7211305Z"),
      roles: ["compromised"],
      firstSeenDateTime: "2020-09-12T07:28:32.4321753Z",
      mdeDeviceId: DEVICE,
      azureAdDeviceId: null,
      deviceDnsName: "tempDns",
      osPlatform: "Windows10",
      osBuild: 22424,
      version: "Other",
      healthStatus: "active",
      riskScore: "medium",
      rbacGroupId: 75,
      rbacGroupName: "UnassignedGroup",
      onboardingStatus: "onboarded",
      defenderAvStatus: "unknown",
      ipInterfaces: ["1.1.1.1"],
      loggedOnUsers: [],
      vmMetadata: null,
    },
    {
      "@odata.type": `${EVIDENCE}fileEvidence`,
      ...evidenceBase("2021-04-27T12:19:27.7211305Z"),
      detectionStatus: "detected",
      mdeDeviceId: DEVICE,
      fileDetails: image("MsSense.exe", "C:\\Program Files\\temp", "5f1e8acedc065031aad553b710838eb366cfee9a"),
    },
    {
      "@odata.type": `${EVIDENCE}processEvidence`,
      ...evidenceBase("2021-04-27T12:19:27.7211305Z"),
      processId: 4780,
      parentProcessId: 668,
      processCommandLine: '"MsSense.exe"',
      processCreationDateTime: "2021-08-12T12:43:19.0772577Z",
      parentProcessCreationDateTime: "2021-08-12T07:39:09.0909239Z",
      detectionStatus: "detected",
      mdeDeviceId: DEVICE,
      imageFile: image("MsSense.exe", "C:\\Program Files\\temp", "5f1e8acedc065031aad553b710838eb366cfee9a"),
      parentProcessImageFile: image("services.exe", "C:\\Windows\\System32", null),
      userAccount: {
        accountName: "SYSTEM",
        domainName: "NT AUTHORITY",
        userSid: "S-1-5-18",
        azureAdUserId: null,
        userPrincipalName: null,
        displayName: "System",
      },
    },
    {
      "@odata.type": `${EVIDENCE}registryKeyEvidence`,
      ...evidenceBase("2021-04-27T12:19:27.7211305Z"),
      registryKey: "SYSTEM\\CONTROLSET001\\CONTROL\\WMI\\AUTOLOGGER\\SENSEAUDITLOGGER",
      registryHive: "HKEY_LOCAL_MACHINE",
    },
  ],
  systemTags: ["Defender Experts"],
};

const HOSTILE_ID = "da638412345678901234_-1029384756";

const HOSTILE = {
  ...DOCUMENTED,
  id: HOSTILE_ID,
  providerAlertId: HOSTILE_ID,
  status: "inProgress",
  severity: "medium",
  detectionSource: "microsoftDefenderForEndpoint",
  productName: "Microsoft Defender for Endpoint",
  title: 'Suspicious PowerShell | "encoded" command = \\ backslash',
  category: "Execution",
  assignedTo: "soc|analyst=1@contoso.com",
  actorDisplayName: 'FIN7 | Carbanak="group"',
  threatDisplayName: "Trojan:Win32/Fake|CEF:0|evil|",
  threatFamilyName: "Carbanak",
  alertWebUrl: `https://security.microsoft.com/alerts/${HOSTILE_ID}?tid=${TENANT}&a=b|c`,
  mitreTechniques: ["T1059.001", "T1027"],
  createdDateTime: "2024-01-15T08:30:05.1234567Z",
  lastUpdateDateTime: "2024-01-15T09:02:11.5Z",
  firstActivityDateTime: "2024-01-15T08:29:40Z",
  lastActivityDateTime: "2024-01-15T08:31:00Z",
  description:
    "Line one\nLine two\r\nTab\there, NUL\u0000, ESC\u001b[31m, DEL\u007f.\n" +
    "Injection attempts: cs1=injected suser=root \tsev=10\tcat=injected |CEF:0|x|y|\n" +
    "Non-ASCII: café, Grüße, 中文, مرحبا, emoji 🚨🔥 end \\",
  comments: [
    {
      "@odata.type": "microsoft.graph.security.alertComment",
      comment: "Taking it = mine",
      createdByDisplayName: "soc|analyst",
      createdDateTime: "2024-01-15T09:02:11.5Z",
    },
  ],
  evidence: [
    {
      ...DOCUMENTED.evidence[0],
      deviceDnsName: "wks-042.contoso.local",
      hostName: "wks-042",
      dnsDomain: "contoso.local",
      ntDomain: "CONTOSO",
      lastIpAddress: "10.1.2.40",
      rbacGroupName: "  Tier 0 Servers  ",
      loggedOnUsers: [{ accountName: "bob", domainName: "CONTOSO" }],
    },
    {
      "@odata.type": `${EVIDENCE}userEvidence`,
      ...evidenceBase("2024-01-15T08:30:06Z"),
      userAccount: {
        accountName: "bob|admin",
        domainName: "CONTOSO\\",
        userSid: "S-1-5-21-1-2-3-1104",
        azureAdUserId: null,
        userPrincipalName: "bob@contoso.com",
        displayName: "Bob = admin",
      },
    },
    {
      "@odata.type": `${EVIDENCE}processEvidence`,
      ...evidenceBase("2024-01-15T08:30:06Z"),
      remediationStatus: "prevented",
      processId: 1234,
      parentProcessId: 88,
      processCommandLine:
        "powershell.exe -NoP -W Hidden -c \"$a='x=1'; iex ($a -replace '=', '|')\"\r\n" +
        "cmd /c p^o^w^e^r^s^h^e^l^l -enc SQBFAFgA== \\\\server\\share\\new\\temp",
      detectionStatus: "prevented",
      mdeDeviceId: DEVICE,
      imageFile: {
        ...image(
          "invoice|2024=paid.pdf.exe",
          "C:\\Users\\n.bob\\AppData\\Local\\Temp\\",
          "0123456789abcdef0123456789abcdef01234567",
        ),
        md5: "0123456789abcdef0123456789abcdef",
      },
      userAccount: {
        accountName: "bob",
        domainName: "CONTOSO",
        userSid: null,
        azureAdUserId: null,
        userPrincipalName: null,
        displayName: null,
      },
    },
    {
      "@odata.type": `${EVIDENCE}ipEvidence`,
      ...evidenceBase("2024-01-15T08:30:06Z"),
      ipAddress: "10.1.2.3",
      countryLetterCode: null,
    },
    {
      "@odata.type": `${EVIDENCE}urlEvidence`,
      ...evidenceBase("2024-01-15T08:30:06Z"),
      url: "http://evil.example/a?b=c&d=e|f",
    },
  ],
};

const LONG = {
  ...HOSTILE,
  id: "da638412345678901234_1111111111",
  providerAlertId: "da638412345678901234_1111111111",
  title: `Very long title ${"é".repeat(600)}`,
  description: `10 kB description: ${"Grüße 🚨 a=b | c\\d\r\n".repeat(420)}`,
};

/** Another product's alert, resolved: nulls, no evidence, and a newer enum member. */
const RESOLVED_ELSEWHERE = {
  ...DOCUMENTED,
  id: "fa8f7e6d5c4b3a2910_0",
  providerAlertId: "fa8f7e6d5c4b3a2910_0",
  incidentId: "31337",
  status: "resolved",
  severity: "informational",
  classification: "falsePositive",
  determination: "notMalicious",
  serviceSource: "microsoftDefenderForCloud",
  detectionSource: "microsoftDefenderForCloud",
  productName: "Microsoft Defender for Cloud",
  detectorId: null,
  title: "Suspicious sign-in to a storage account",
  category: "InitialAccess",
  assignedTo: "soc@contoso.com",
  alertWebUrl: `https://security.microsoft.com/alerts/fa8f7e6d5c4b3a2910_0?tid=${TENANT}`,
  incidentWebUrl: `https://security.microsoft.com/incidents/31337?tid=${TENANT}`,
  mitreTechniques: [],
  createdDateTime: "2024-02-01T09:12:40.1Z",
  firstActivityDateTime: "2024-02-01T09:10:02Z",
  lastActivityDateTime: "2024-02-01T09:11:59Z",
  resolvedDateTime: "2024-02-01T10:00:00Z",
  lastUpdateDateTime: "2024-02-01T10:00:00Z",
  description: null,
  evidence: [],
  systemTags: [],
};

export const GRAPH_SAMPLES: Samples = [DOCUMENTED, HOSTILE, LONG, RESOLVED_ELSEWHERE];
