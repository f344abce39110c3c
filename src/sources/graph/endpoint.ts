/**
 * Microsoft Graph per cloud: security alerts_v2's address (or the configured `url`: a base, or a whole URL such as a
 * beta one), and its token audience.
 */
import type { Audience } from "../../auth/endpoint.js";
import type { Cloud } from "../options.js";
import { collectionUrl } from "../shared/url.js";
import type { GraphConfig } from "./options.js";

export const GRAPH_ALERTS_PATH = "/v1.0/security/alerts_v2";

const GRAPH_HOSTS: Record<Cloud, string> = {
  commercial: "graph.microsoft.com",
  gcc: "graph.microsoft.com",
  "gcc-high": "graph.microsoft.us",
  dod: "dod-graph.microsoft.us",
};

export function graphAlertsUrl(config: Pick<GraphConfig, "cloud" | "url">): string {
  if (config.url !== undefined) return collectionUrl(config.url, GRAPH_ALERTS_PATH, "/security/alerts_v2");
  return `https://${GRAPH_HOSTS[config.cloud]}${GRAPH_ALERTS_PATH}`;
}

export const graphHosts = (cloud: Cloud): string[] => [new URL(graphAlertsUrl({ cloud })).host];

export const graphAudience = (cloud: Cloud): Audience => ({
  version: "v2",
  scope: `https://${GRAPH_HOSTS[cloud]}/.default`,
});
