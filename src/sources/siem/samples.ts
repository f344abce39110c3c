/**
 * Sample SIEM API records for `preview` and the tests: Microsoft's documented example, then records full of what
 * breaks careless encoders: pipes, backslashes (Windows paths, one ending the value), `=` and quotes in command
 * lines, CR/LF, TAB, NUL, ESC, DEL, non-ASCII and emoji, injection attempts, `null` values (older tenants), and a
 * 10 kB description. Every value is what the API could really send.
 */
import type { Samples } from "../component.js";

const MICROSOFT_EXAMPLE = {
  AlertTime: "2020-09-30T14:09:20.35743Z",
  ComputerDnsName: "mymachine1.domain.com",
  AlertTitle: "Suspicious File Activity",
  Category: "Malware",
  Severity: "High",
  AlertId: "da637370718981685665_16349121",
  Actor: "",
  LinkToWDATP: "https://securitycenter.windows.com/alert/da637370718981685665_16349121",
  IocName: "",
  IocValue: "",
  CreatorIocName: "",
  CreatorIocValue: "",
  Sha1: "aabbccddee1122334455aabbccddee1122334455",
  FileName: "cmdParent.exe",
  FilePath: "C:\\WINDOWS\\SysWOW64\\boo3\\qwerty",
  IpAddress: "",
  Url: "",
  IoaDefinitionId: "b20af1d2-5990-4672-87f1-acc2a8ff7725",
  UserName: "",
  AlertPart: 0,
  FullId: "da637370718981685665_16349121:R4xEdgAvDb2LQl3BgHoA3NYqKmRSiIAG7dpxAJCYZhY=",
  LastProcessedTimeUtc: "2020-09-30T14:11:44.0779765Z",
  ThreatCategory: "",
  ThreatFamily: "",
  ThreatName: "",
  RemediationAction: "",
  RemediationIsSuccess: null,
  Source: "EDR",
  Md5: "854b85cbff2752fcb88606bca76f83c6",
  Sha256: "",
  WasExecutingWhileDetected: null,
  UserDomain: "",
  LogOnUsers: "",
  MachineDomain: "domain.com",
  MachineName: "mymachine1",
  InternalIPv4List: "",
  InternalIPv6List: "",
  FileHash: "aabbccddee1122334455aabbccddee1122334455",
  DeviceID: "deadbeef000040830ee54503926f556dcaf82bb0",
  MachineGroup: "",
  Description: "Test Alert",
  DeviceCreatedMachineTags: "",
  CloudCreatedMachineTags: "",
  CommandLine: "",
  IncidentLinkToWDATP:
    "https://securitycenter.windows.com/incidents/byalert?alertId=da637370718981685665_16349121&source=SIEM",
  ReportID: 1053729833,
  LinkToMTP: "https://security.microsoft.com/alert/da637370718981685665_16349121",
  IncidentLinkToMTP:
    "https://security.microsoft.com/incidents/byalert?alertId=da637370718981685665_16349121&source=SIEM",
  ExternalId: "31DD0A845DDA4059FDEDE031014645350AECABD3",
  IocUniqueId: "R4xEdgAvDb2LQl3BgHoA3NYqKmRSiIAG7dpxAJCYZhY=",
};

const ALERT = "da638412345678901234_-1029384756";

const HOSTILE = {
  ...MICROSOFT_EXAMPLE,
  AlertTime: "2024-01-15T08:30:05.1234567Z",
  AlertTitle: 'Suspicious PowerShell | "encoded" command = \\ backslash',
  Category: "Execution",
  Severity: "Medium",
  AlertId: ALERT,
  Actor: 'FIN7 | Carbanak="group"',
  LinkToWDATP: `https://securitycenter.windows.com/alert/${ALERT}?tab=timeline&a=b`,
  Sha1: "0123456789abcdef0123456789abcdef01234567",
  FileName: "invoice|2024=paid.pdf.exe",
  FilePath: "C:\\Users\\n.bob\\AppData\\Local\\Temp\\",
  IpAddress: "10.1.2.3",
  Url: "http://evil.example/a?b=c&d=e|f",
  IoaDefinitionId: "7f1c2d3e-aaaa-4bbb-8ccc-0123456789ab",
  UserName: "bob",
  FullId: `${ALERT}:Zm9vYmFy+/=`,
  LastProcessedTimeUtc: "2024-01-15T08:31:00Z",
  ThreatFamily: "Carbanak",
  ThreatName: "Trojan:Win32/Fake|CEF:0|evil|",
  RemediationAction: "quarantine",
  RemediationIsSuccess: false,
  Sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
  WasExecutingWhileDetected: true,
  UserDomain: "CONTOSO",
  LogOnUsers: "CONTOSO\\",
  MachineName: "wks-042",
  ComputerDnsName: "wks-042.contoso.local",
  MachineGroup: "  Tier 0 Servers  ",
  Description:
    "Line one\nLine two\r\nTab\there, NUL\u0000, ESC\u001b[31m, DEL\u007f.\n" +
    "Injection attempts: cs1=injected suser=root \tsev=10\tcat=injected |CEF:0|x|y|\n" +
    "Non-ASCII: café, Grüße, 中文, مرحبا, emoji 🚨🔥 end \\",
  CommandLine:
    "powershell.exe -NoP -W Hidden -c \"$a='x=1'; iex ($a -replace '=', '|')\"\r\n" +
    "cmd /c p^o^w^e^r^s^h^e^l^l -enc SQBFAFgA== \\\\server\\share\\new\\temp",
  IncidentLinkToMTP: `https://security.microsoft.com/incidents/byalert?alertId=${ALERT}&source=SIEM`,
};

const LONG = {
  ...HOSTILE,
  AlertId: "da638412345678901234_1111111111",
  FullId: "da638412345678901234_1111111111:bG9uZw==",
  AlertTitle: `Very long title ${"é".repeat(600)}`,
  Description: `10 kB description: ${"Grüße 🚨 a=b | c\\d\r\n".repeat(420)}`,
  CommandLine: `cmd.exe /c echo ${'"x=1" '.repeat(900)}`,
  FilePath: `C:\\${"very long folder\\".repeat(80)}`,
};

/** An older tenant: `null` for missing values, Informational severity, and names spelt as in Microsoft's table. */
const OLDER_TENANT: Record<string, unknown> = {
  AlertTime: "2019-03-01T10:00:00",
  ComputerDnsName: "srv-01.contoso.local",
  AlertTitle: "Informational alert with null values",
  Category: "SuspiciousActivity",
  Severity: "Informational",
  AlertId: "da636870000000000000_1",
  FullId: "da636870000000000000_1:AAAA",
  LastProcessedTimeUtc: "2019-03-01T10:00:01.5",
  MachineName: "srv-01",
  IPAddress: "192.0.2.10",
  URL: null,
  UserName: null,
  Description: null,
  CommandLine: null,
  RemediationIsSuccess: true,
  WasExecutingWhileDetected: false,
  Source: "WindowsDefenderAv",
  ReportID: 42,
};

export const SIEM_SAMPLES: Samples = [MICROSOFT_EXAMPLE, HOSTILE, LONG, OLDER_TENANT];
