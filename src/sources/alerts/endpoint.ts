/** The MDE Alerts API's address per cloud, with the optional geo host (or the configured `url`). */
import type { Cloud, SourceConfig } from "../../config/config.js";
import { collectionUrl } from "../shared/url.js";

export const ALERTS_API_PATH = "/api/alerts";

/** US Government hosts from Microsoft's "Defender for Endpoint for US Government customers". */
const HOSTS: Record<Cloud, string> = {
  commercial: "api.security.microsoft.com",
  gcc: "api-gcc.securitycenter.microsoft.us",
  "gcc-high": "api-gov.securitycenter.microsoft.us",
  dod: "api-gov.securitycenter.microsoft.us",
};

export function alertsApiUrl(config: Pick<SourceConfig, "cloud" | "region" | "url">): string {
  if (config.url !== undefined) return collectionUrl(config.url, ALERTS_API_PATH);
  const geo = config.cloud === "commercial" && config.region ? `${config.region}.` : "";
  return `https://${geo}${HOSTS[config.cloud]}${ALERTS_API_PATH}`;
}
