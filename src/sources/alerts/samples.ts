/**
 * Sample Alerts API alerts for `preview` and the tests: one shaped like Microsoft's documented `$expand=evidence`
 * example (User, Process and File evidence), then alerts full of what breaks careless encoders (pipes, backslashes,
 * `=`, quotes, CR/LF, TAB, NUL, ESC, DEL, non-ASCII and emoji, injection attempts), a 10 kB description, and a resolved
 * alert read without evidence, its optional fields null. Every value is what the API could send.
 */
import type { Samples } from "../component.js";

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

const DOCUMENTED = {
  id: "da637472900382838869_1364969609",
  incidentId: 1126093,
  investigationId: null,
  assignedTo: null,
  severity: "Low",
  status: "New",
  classification: null,
  determination: null,
  investigationState: "Queued",
  detectionSource: "WindowsDefenderAtp",
  detectorId: "17e10bbc-3a68-474a-8aad-faef14d43952",
  category: "Execution",
  threatFamilyName: null,
  title: "Low-reputation arbitrary code executed by signed executable",
  description: "Binaries signed by Microsoft can be used to run low-reputation arbitrary code.",
  alertCreationTime: "2021-01-26T20:33:57.7220239Z",
  firstEventTime: "2021-01-26T20:31:32.9562661Z",
  lastEventTime: "2021-01-26T20:31:33.0577322Z",
  lastUpdateTime: "2021-01-26T20:33:59.2Z",
  resolvedTime: null,
  machineId: "111e6dd8c833c8a052ea231ec1b19adaf497b625",
  computerDnsName: "temp123.middleeast.corp.microsoft.com",
  rbacGroupName: "A",
  aadTenantId: "a839b112-1253-6432-9bf6-94542403f21c",
  threatName: null,
  mitreTechniques: ["T1064", "T1085", "T1220"],
  relatedUser: { userName: "temp123", domainName: "DOMAIN" },
  comments: [
    {
      comment: "test comment for docs",
      createdBy: "secop123@contoso.com",
      createdTime: "2021-01-26T01:00:37.8404534Z",
    },
  ],
  evidence: [
    {
      entityType: "User",
      evidenceCreationTime: "2021-01-26T20:33:58.42Z",
      ...NO_EVIDENCE,
      accountName: "name",
      domainName: "DOMAIN",
      userSid: "S-1-5-21-11111607-1111760036-109187956-75141",
      aadUserId: "11118379-2a59-1111-ac3c-a51eb4a3c627",
      userPrincipalName: "temp123@microsoft.com",
    },
    {
      entityType: "Process",
      evidenceCreationTime: "2021-01-26T20:33:58.6133333Z",
      ...NO_EVIDENCE,
      sha1: "ff836cfb1af40252bd2a2ea843032e99a5b262ed",
      sha256: "a4752c71d81afd3d5865d24ddb11a6b0c615062fcc448d24050c2172d2cbccd6",
      fileName: "rundll32.exe",
      filePath: "C:\\Windows\\SysWOW64",
      processId: 3276,
      processCommandLine: "rundll32.exe  c:\\temp\\suspicious.dll,RepeatAfterMe",
      processCreationTime: "2021-01-26T20:31:32.9581596Z",
      parentProcessId: 8420,
      parentProcessCreationTime: "2021-01-26T20:31:32.9004163Z",
      parentProcessFileName: "rundll32.exe",
      parentProcessFilePath: "C:\\Windows\\System32",
      detectionStatus: "Detected",
    },
    {
      entityType: "File",
      evidenceCreationTime: "2021-01-26T20:33:58.42Z",
      ...NO_EVIDENCE,
      sha1: "8563f95b2f8a284fc99da44500cd51a77c1ff36c",
      sha256: "dc0ade0c95d6db98882bc8fa6707e64353cd6f7767ff48d6a81a6c2aef21c608",
      fileName: "suspicious.dll",
      filePath: "c:\\temp",
      detectionStatus: "Detected",
    },
  ],
};

const HOSTILE_ID = "da638412345678901234_-1029384756";

const HOSTILE = {
  ...DOCUMENTED,
  id: HOSTILE_ID,
  severity: "Medium",
  status: "InProgress",
  assignedTo: "soc|analyst=1@contoso.com",
  detectionSource: "WindowsDefenderAv",
  title: 'Suspicious PowerShell | "encoded" command = \\ backslash',
  threatName: "Trojan:Win32/Fake|CEF:0|evil|",
  threatFamilyName: "Carbanak",
  alertCreationTime: "2024-01-15T08:30:05.1234567Z",
  firstEventTime: "2024-01-15T08:29:40Z",
  lastEventTime: "2024-01-15T08:31:00Z",
  lastUpdateTime: "2024-01-15T09:02:11.5Z",
  computerDnsName: "wks-042.contoso.local",
  rbacGroupName: "  Tier 0 Servers  ",
  relatedUser: { userName: "bob|admin", domainName: "CONTOSO\\" },
  loggedOnUsers: [{ accountName: "bob", domainName: "CONTOSO" }],
  description:
    "Line one\nLine two\r\nTab\there, NUL\u0000, ESC\u001b[31m, DEL\u007f.\n" +
    "Injection attempts: cs1=injected suser=root \tsev=10\tcat=injected |CEF:0|x|y|\n" +
    "Non-ASCII: café, Grüße, 中文, مرحبا, emoji 🚨🔥 end \\",
  evidence: [
    { ...DOCUMENTED.evidence[0], accountName: "bob|admin", domainName: "CONTOSO\\" },
    {
      ...DOCUMENTED.evidence[1],
      fileName: "invoice|2024=paid.pdf.exe",
      filePath: "C:\\Users\\n.bob\\AppData\\Local\\Temp\\",
      processCommandLine:
        "powershell.exe -NoP -W Hidden -c \"$a='x=1'; iex ($a -replace '=', '|')\"\r\n" +
        "cmd /c p^o^w^e^r^s^h^e^l^l -enc SQBFAFgA== \\\\server\\share\\new\\temp",
      detectionStatus: "Prevented",
    },
    { entityType: "Ip", evidenceCreationTime: "2024-01-15T08:30:06Z", ...NO_EVIDENCE, ipAddress: "10.1.2.3" },
    {
      entityType: "Url",
      evidenceCreationTime: "2024-01-15T08:30:06Z",
      ...NO_EVIDENCE,
      url: "http://evil.example/a?b=c&d=e|f",
    },
  ],
};

const LONG = {
  ...HOSTILE,
  id: "da638412345678901234_1111111111",
  title: `Very long title ${"é".repeat(600)}`,
  description: `10 kB description: ${"Grüße 🚨 a=b | c\\d\r\n".repeat(420)}`,
};

/** Read without `$expand=evidence`: `evidence` is empty; resolved, with what the API leaves null. */
const RESOLVED_WITHOUT_EVIDENCE = {
  ...DOCUMENTED,
  id: "da637308392288907382_-880718168",
  incidentId: 7587,
  investigationId: 723156,
  assignedTo: "secop123@contoso.com",
  severity: "Informational",
  status: "Resolved",
  classification: "TruePositive",
  determination: "Malware",
  investigationState: "SuccessfullyRemediated",
  threatFamilyName: "Meterpreter",
  lastUpdateTime: "2020-07-20T10:53:50.19Z",
  resolvedTime: "2020-07-20T10:53:50.19Z",
  relatedUser: null,
  description: null,
  evidence: [],
};

export const ALERTS_SAMPLES: Samples = [DOCUMENTED, HOSTILE, LONG, RESOLVED_WITHOUT_EVIDENCE];
