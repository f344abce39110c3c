/**
 * The ArcSight CEF extension dictionary: each key with its full name, its length limit in bytes (CEF standard,
 * rev 23-27) and what kind of value ArcSight parses from it. Keys outside it are legal but land in ArcSight's
 * "additional data" rather than in reportable event fields.
 */

export type KeyKind = "text" | "number" | "time";

export interface KeyInfo {
  key: string;
  fullName: string;
  limit?: number;
  kind: KeyKind;
  /** The key of its label companion (`cs1` → `cs1Label`), for the custom slots ArcSight shows by label. */
  labelKey?: string;
}

type Row = [key: string, fullName: string, limit?: number, kind?: KeyKind];

const ROWS: Row[] = [
  ["act", "deviceAction", 63],
  ["app", "applicationProtocol", 31],
  ["cat", "deviceEventCategory", 1023],
  ["cnt", "baseEventCount", undefined, "number"],
  ["destinationDnsDomain", "destinationDnsDomain", 255],
  ["destinationServiceName", "destinationServiceName", 1023],
  ["destinationTranslatedAddress", "destinationTranslatedAddress"],
  ["destinationTranslatedPort", "destinationTranslatedPort", undefined, "number"],
  ["deviceDirection", "deviceDirection"],
  ["deviceDnsDomain", "deviceDnsDomain", 255],
  ["deviceExternalId", "deviceExternalId", 255],
  ["deviceFacility", "deviceFacility", 1023],
  ["deviceInboundInterface", "deviceInboundInterface", 128],
  ["deviceNtDomain", "deviceNtDomain", 255],
  ["deviceOutboundInterface", "deviceOutboundInterface", 128],
  ["devicePayloadId", "devicePayloadId", 128],
  ["deviceProcessName", "deviceProcessName", 1023],
  ["deviceTranslatedAddress", "deviceTranslatedAddress"],
  ["dhost", "destinationHostName", 1023],
  ["dmac", "destinationMacAddress"],
  ["dntdom", "destinationNtDomain", 255],
  ["dpid", "destinationProcessId", undefined, "number"],
  ["dpriv", "destinationUserPrivileges", 1023],
  ["dproc", "destinationProcessName", 1023],
  ["dpt", "destinationPort", undefined, "number"],
  ["dst", "destinationAddress"],
  ["dtz", "deviceTimeZone", 255],
  ["duid", "destinationUserId", 1023],
  ["duser", "destinationUserName", 1023],
  ["dvc", "deviceAddress"],
  ["dvchost", "deviceHostName", 100],
  ["dvcmac", "deviceMacAddress"],
  ["dvcpid", "deviceProcessId", undefined, "number"],
  ["end", "endTime", undefined, "time"],
  ["externalId", "externalId", 40],
  ["fileCreateTime", "fileCreateTime", undefined, "time"],
  ["fileHash", "fileHash", 255],
  ["fileId", "fileId", 1023],
  ["fileModificationTime", "fileModificationTime", undefined, "time"],
  ["filePath", "filePath", 1023],
  ["filePermission", "filePermission", 1023],
  ["fileType", "fileType", 1023],
  ["fname", "fileName", 1023],
  ["fsize", "fileSize", undefined, "number"],
  ["in", "bytesIn", undefined, "number"],
  ["msg", "message", 1023],
  ["oldFileCreateTime", "oldFileCreateTime", undefined, "time"],
  ["oldFileHash", "oldFileHash", 255],
  ["oldFileId", "oldFileId", 1023],
  ["oldFileModificationTime", "oldFileModificationTime", undefined, "time"],
  ["oldFileName", "oldFileName", 1023],
  ["oldFilePath", "oldFilePath", 1023],
  ["oldFilePermission", "oldFilePermission", 1023],
  ["oldFileSize", "oldFileSize", undefined, "number"],
  ["oldFileType", "oldFileType", 1023],
  ["out", "bytesOut", undefined, "number"],
  ["outcome", "eventOutcome", 63],
  ["proto", "transportProtocol", 31],
  ["reason", "reason", 1023],
  ["request", "requestUrl", 1023],
  ["requestClientApplication", "requestClientApplication", 1023],
  ["requestContext", "requestContext", 2048],
  ["requestCookies", "requestCookies", 1023],
  ["requestMethod", "requestMethod", 1023],
  ["rt", "deviceReceiptTime", undefined, "time"],
  ["shost", "sourceHostName", 1023],
  ["smac", "sourceMacAddress"],
  ["sntdom", "sourceNtDomain", 255],
  ["sourceDnsDomain", "sourceDnsDomain", 255],
  ["sourceServiceName", "sourceServiceName", 1023],
  ["sourceTranslatedAddress", "sourceTranslatedAddress"],
  ["sourceTranslatedPort", "sourceTranslatedPort", undefined, "number"],
  ["spid", "sourceProcessId", undefined, "number"],
  ["spriv", "sourceUserPrivileges", 1023],
  ["sproc", "sourceProcessName", 1023],
  ["spt", "sourcePort", undefined, "number"],
  ["src", "sourceAddress"],
  ["start", "startTime", undefined, "time"],
  ["suid", "sourceUserId", 1023],
  ["suser", "sourceUserName", 1023],
  ["type", "type", undefined, "number"],
];

/** Custom slots: [short key prefix, full name prefix, count, value limit, label limit, kind]. */
const SLOTS: [string, string, number, number | undefined, number, KeyKind][] = [
  ["cs", "deviceCustomString", 6, 4000, 1023, "text"],
  ["cn", "deviceCustomNumber", 3, undefined, 1023, "number"],
  ["cfp", "deviceCustomFloatingPoint", 4, undefined, 1023, "number"],
  ["c6a", "deviceCustomIPv6Address", 4, undefined, 1023, "text"],
  ["deviceCustomDate", "deviceCustomDate", 2, undefined, 1023, "time"],
  ["flexString", "flexString", 2, 1023, 128, "text"],
  ["flexNumber", "flexNumber", 2, undefined, 128, "number"],
  ["flexDate", "flexDate", 1, undefined, 128, "time"],
];

function build(): KeyInfo[] {
  const infos: KeyInfo[] = ROWS.map(([key, fullName, limit, kind]) => ({ key, fullName, limit, kind: kind ?? "text" }));
  for (const [short, full, count, limit, labelLimit, kind] of SLOTS) {
    for (let n = 1; n <= count; n++) {
      infos.push({ key: `${short}${n}`, fullName: `${full}${n}`, limit, kind, labelKey: `${short}${n}Label` });
      infos.push({ key: `${short}${n}Label`, fullName: `${full}${n}Label`, limit: labelLimit, kind: "text" });
    }
  }
  return infos;
}

const BY_NAME = new Map<string, KeyInfo>();
for (const info of build()) {
  BY_NAME.set(info.key, info);
  BY_NAME.set(info.fullName, info);
}

/** A dictionary key by its short key or its full ArcSight name (case-sensitive, as ArcSight reads them). */
export function cefKey(name: string): KeyInfo | undefined {
  return BY_NAME.get(name);
}

/** Every short key and full name, for "did you mean" suggestions. */
export const CEF_KEY_NAMES: readonly string[] = [...BY_NAME.keys()];
