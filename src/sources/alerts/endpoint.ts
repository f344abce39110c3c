/** The MDE Alerts API's address and token audience per cloud, with the optional geo host (or the configured `url`). */
import type { Audience } from "../../auth/endpoint.js";
import type { Cloud } from "../options.js";
import { collectionUrl } from "../shared/url.js";
import { ALERTS_GEOS, type AlertsConfig } from "./options.js";

export const ALERTS_API_PATH = "/api/alerts";

/** US Government hosts from Microsoft's "Defender for Endpoint for US Government customers". */
const HOSTS: Record<Cloud, string> = {
  commercial: "api.security.microsoft.com",
  gcc: "api-gcc.securitycenter.microsoft.us",
  "gcc-high": "api-gov.securitycenter.microsoft.us",
  dod: "api-gov.securitycenter.microsoft.us",
};

/** The API's audience per cloud: as in commercial, the securitycenter host. */
const AUDIENCES: Record<Cloud, string> = {
  commercial: "https://api.securitycenter.microsoft.com",
  gcc: "https://api-gcc.securitycenter.microsoft.us",
  "gcc-high": "https://api-gov.securitycenter.microsoft.us",
  dod: "https://api-gov.securitycenter.microsoft.us",
};

export function alertsApiUrl(config: Pick<AlertsConfig, "cloud" | "region" | "url">): string {
  if (config.url !== undefined) return collectionUrl(config.url, ALERTS_API_PATH);
  const geo = config.cloud === "commercial" && config.region ? `${config.region}.` : "";
  return `https://${geo}${HOSTS[config.cloud]}${ALERTS_API_PATH}`;
}

/** Every host `alertsApiUrl` may name in a cloud: the global one, and in the commercial cloud each geo host. */
export const alertsHosts = (cloud: Cloud): string[] =>
  [undefined, ...(cloud === "commercial" ? ALERTS_GEOS : [])].map(
    (region) => new URL(alertsApiUrl({ cloud, region })).host,
  );

export const alertsAudience = (cloud: Cloud): Audience => ({ version: "v2", scope: `${AUDIENCES[cloud]}/.default` });
