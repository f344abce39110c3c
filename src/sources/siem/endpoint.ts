/** The SIEM API's address and token resource per cloud and region (or the configured `url`), and its query. */
import type { Audience } from "../../auth/endpoint.js";
import type { Cloud } from "../options.js";
import { microsoftTime } from "../../util/microsoft-time.js";
import { collectionUrl } from "../shared/url.js";
import { SIEM_REGIONS, type SiemConfig } from "./options.js";

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

/** Every host `alertsUrl` may name in a cloud, one per region. */
export const siemHosts = (cloud: Cloud): string[] =>
  SIEM_REGIONS[cloud].map((region) => new URL(alertsUrl({ cloud, region })).host);

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

/**
 * The SIEM API's v1 resource per cloud: Azure AD Graph's identifier, which Microsoft's SIEM API page gives for the
 * commercial cloud (https://graph.windows.net). GCC signs in to the commercial Entra ID; GCC High and DoD sign in to
 * login.microsoftonline.us, where Azure AD Graph is https://graph.microsoftazure.us ("Request differences between
 * Azure AD Graph and Microsoft Graph",
 * https://learn.microsoft.com/en-us/graph/migrate-azure-ad-graph-request-differences). No Microsoft page names the
 * SIEM API's audience there: `source.resource` overrides it (docs/operations.md).
 */
const SIEM_RESOURCES: Record<Cloud, string> = {
  commercial: "https://graph.windows.net",
  gcc: "https://graph.windows.net",
  "gcc-high": "https://graph.microsoftazure.us",
  dod: "https://graph.microsoftazure.us",
};

export const siemAudience = (cloud: Cloud): Audience => ({ version: "v1", resource: SIEM_RESOURCES[cloud] });
