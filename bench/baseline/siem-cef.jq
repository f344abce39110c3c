# SIEM API records (a JSON array) → one CEF line each, with the fields of mappings/siem-cef.yaml: what an
# administrator writes with jq to do by hand what mde-forwarder's builtin:siem-cef mapping does.
def hdr: tostring | gsub("\\\\"; "\\\\") | gsub("\\|"; "\\|");
def ext: tostring | gsub("\\\\"; "\\\\") | gsub("="; "\\=") | gsub("\n"; "\\n") | gsub("\r"; "\\r");
def blank: . == null or . == "";
def pair($key; $value): if $value | blank then empty else "\($key)=\($value | ext)" end;
def labelled($key; $title; $value): if $value | blank then empty else "\($key)Label=\($title) \($key)=\($value | ext)" end;
def boolint: if . == true then 1 elif . == false then 0 else null end;
# 2024-01-15T08:30:05.1234567Z → epoch milliseconds (jq's fromdateiso8601 takes no fraction).
def millis: if blank then null else
  capture("^(?<s>[0-9-]+T[0-9:]+)(\\.(?<f>[0-9]+))?") | ((.s + "Z") | fromdateiso8601) * 1000 + (((.f // "") + "000")[0:3] | tonumber)
  end;
def severity: {"Informational": 1, "Low": 3, "Medium": 5, "High": 8}[. // ""] // "Unknown";

.[] | [
  "CEF:0", "Microsoft", "Microsoft Defender ATP", "2.0",
  ((if .IoaDefinitionId | blank then .Category else .IoaDefinitionId end) | hdr),
  (.AlertTitle | hdr),
  (.Severity | severity),
  ([
    pair("externalId"; .AlertId),
    labelled("flexString2"; "FullId"; .FullId),
    pair("rt"; .AlertTime | millis),
    pair("cat"; .Category),
    pair("sourceServiceName"; .Source),
    pair("shost"; .MachineName),
    pair("fname"; .FileName),
    pair("filePath"; .FilePath),
    pair("sntdom"; .UserDomain),
    pair("suser"; .UserName),
    pair("fileHash"; .Sha1),
    labelled("cs6"; "Sha256"; .Sha256),
    labelled("cs5"; "Md5"; .Md5),
    labelled("cs1"; "ThreatName"; .ThreatName),
    labelled("cs4"; "Actor"; .Actor),
    pair("src"; .IpAddress),
    pair("request"; .Url),
    labelled("cn2"; "RemediationIsSuccess"; .RemediationIsSuccess | boolint),
    labelled("cn1"; "WasExecutingWhileDetected"; .WasExecutingWhileDetected | boolint),
    labelled("flexString1"; "LinkToWDATP"; .LinkToWDATP),
    pair("sourceDnsDomain"; .MachineDomain),
    pair("suid"; .LogOnUsers),
    pair("msg"; .Description),
    labelled("cs2"; "CommandLine"; .CommandLine),
    labelled("cs3"; "MachineGroup"; .MachineGroup),
    pair("dvchost"; .ComputerDnsName),
    pair("deviceExternalId"; .DeviceID),
    pair("act"; .RemediationAction),
    labelled("deviceCustomDate1"; "LastProcessedTimeUtc"; .LastProcessedTimeUtc | millis),
    pair("ThreatFamily"; .ThreatFamily),
    pair("IncidentLink"; if .IncidentLinkToMTP | blank then .IncidentLinkToWDATP else .IncidentLinkToMTP end)
  ] | join(" "))
] | join("|")
