/**
 * Microsoft Graph security alerts_v2 per cloud, or the configured `url` (a base, or a whole URL such as a beta one).
 */
import { GRAPH_HOSTS } from "../../auth/endpoint.js";
import type { SourceConfig } from "../../config/config.js";
import { collectionUrl } from "../shared/url.js";

export const GRAPH_ALERTS_PATH = "/v1.0/security/alerts_v2";

export function graphAlertsUrl(config: Pick<SourceConfig, "cloud" | "url">): string {
  if (config.url !== undefined) return collectionUrl(config.url, GRAPH_ALERTS_PATH, "/security/alerts_v2");
  return `https://${GRAPH_HOSTS[config.cloud]}${GRAPH_ALERTS_PATH}`;
}
