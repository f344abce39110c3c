/**
 * Microsoft Graph per cloud, for every source that reads Graph's security collections (alerts_v2, incidents): a
 * collection's address (or the configured `url`: a base, or a whole URL such as a beta one), its token audience, and
 * the request settings they share: within 150 requests a minute per application and tenant ("Security detections
 * and incidents service limits", https://learn.microsoft.com/en-us/graph/throttling-limits), newer enum values asked
 * for (`Prefer: include-unknown-enum-members`).
 */
import type { Audience } from "../../auth/endpoint.js";
import type { SharedConfig } from "../component.js";
import type { Cloud } from "../options.js";
import { lacksAccess } from "./api-errors.js";
import type { ApiClientOptions } from "./http.js";
import { collectionUrl } from "./url.js";

const GRAPH_HOSTS: Record<Cloud, string> = {
  commercial: "graph.microsoft.com",
  gcc: "graph.microsoft.com",
  "gcc-high": "graph.microsoft.us",
  dod: "dod-graph.microsoft.us",
};

/** Microsoft's documented limit for `/security`, per application and tenant. */
export const GRAPH_REQUESTS_PER_MINUTE = 150;

/** The URL of `/v1.0/security/NAME` (`alerts_v2`, `incidents`) in the configured cloud, or below `url`. */
export function graphUrl(config: Pick<SharedConfig, "cloud" | "url">, collection: string): string {
  const path = `/v1.0/security/${collection}`;
  if (config.url !== undefined) return collectionUrl(config.url, path, `/security/${collection}`);
  return `https://${GRAPH_HOSTS[config.cloud]}${path}`;
}

/** The one Graph host of a cloud (Graph has no regional hosts). */
export const graphHosts = (cloud: Cloud): string[] => [GRAPH_HOSTS[cloud]];

export const graphAudience = (cloud: Cloud): Audience => ({
  version: "v2",
  scope: `https://${GRAPH_HOSTS[cloud]}/.default`,
});

/** The API client's options for a Graph security collection; `access` is what a 403 means it lacks. */
export function graphClient(
  config: Pick<SharedConfig, "requestsPerMinute" | "requestsPerHour">,
  endpoint: string,
  access: string,
): Omit<ApiClientOptions, "api" | "config"> {
  return {
    endpoint,
    forbiddenMeaning: lacksAccess(access),
    requestsPerMinute: config.requestsPerMinute ?? GRAPH_REQUESTS_PER_MINUTE,
    requestsPerHour: config.requestsPerHour,
    headers: { prefer: "include-unknown-enum-members" },
  };
}
