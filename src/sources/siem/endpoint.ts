/** The SIEM API's address per cloud and region (or the configured `url`), and its query in Microsoft's terms. */
import { microsoftTime } from "../../util/microsoft-time.js";
import { collectionUrl } from "../shared/url.js";
import type { SiemConfig } from "./options.js";

export const ALERTS_PATH = "/api/alerts";

const GOVERNMENT_HOSTS = {
  gcc: "https://wdatp-alertexporter-us.gcc.securitycenter.windows.us",
  "gcc-high": "https://wdatp-alertexporter-us.securitycenter.windows.us",
  dod: "https://wdatp-alertexporter-us.securitycenter.windows.us",
} as const;

/** The full URL of `GET /api/alerts`. A configured `url` is the base; a path already ending in /api/alerts is kept. */
export function alertsUrl(config: Pick<SiemConfig, "cloud" | "region" | "url">): string {
  if (config.url !== undefined) return collectionUrl(config.url, ALERTS_PATH);
  if (config.cloud !== "commercial") return `${GOVERNMENT_HOSTS[config.cloud]}${ALERTS_PATH}`;
  return `https://wdatp-alertexporter-${config.region ?? "eu"}.windows.com${ALERTS_PATH}`;
}

export interface SiemQuery {
  since?: Date;
  until?: Date;
  /** Keeps only the most recent N records of the range: never for collection. */
  limit?: number;
  machineGroups?: string[];
  deviceCreatedMachineTags?: string;
  cloudCreatedMachineTags?: string;
}

export function queryParams(q: SiemQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (q.since) params.append("sinceTimeUtc", microsoftTime(q.since));
  if (q.until) params.append("untilTimeUtc", microsoftTime(q.until));
  if (q.limit !== undefined) params.append("limit", String(q.limit));
  for (const group of q.machineGroups ?? []) params.append("machinegroups", group);
  if (q.deviceCreatedMachineTags) params.append("DeviceCreatedMachineTags", q.deviceCreatedMachineTags);
  if (q.cloudCreatedMachineTags) params.append("CloudCreatedMachineTags", q.cloudCreatedMachineTags);
  return params;
}
