/**
 * The Microsoft Graph alerts_v2 source: windows on `lastUpdateDateTime`, MDE's alerts by default (`serviceSource`),
 * pages followed by `@odata.nextLink` only (large `$skip` offsets stall on Graph), newer enum values asked for, and
 * within 150 requests a minute.
 *
 * No `$top` unless `source.pageSize` asks for one: "List alerts_v2" documents `$top` but no maximum, and says to page
 * with `@odata.nextLink` (https://learn.microsoft.com/en-us/graph/api/security-list-alerts_v2?view=graph-rest-1.0),
 * so Graph chooses the page size and a guessed ceiling cannot get every poll refused.
 */
import type { SourceConfig } from "../../config/config.js";
import { filtersFor } from "../../config/query.js";
import { checkAlert } from "../shared/alert-records.js";
import { odataFilters } from "../shared/odata-filter.js";
import { createODataSource } from "../shared/odata-source.js";
import type { Source, SourceDeps } from "../source.js";
import { graphAlertsUrl } from "./endpoint.js";

const FORBIDDEN =
  "Microsoft: the token is valid but lacks a permission; grant the application SecurityAlert.Read.All on Microsoft Graph, with admin consent";

export function createGraphSource(config: SourceConfig, deps: SourceDeps): Source {
  const f = filtersFor(config.query, "graph");
  return createODataSource(
    {
      source: "graph",
      api: "Graph",
      url: graphAlertsUrl(config),
      pageSize: config.pageSize,
      skipFallback: false,
      check: (value) => checkAlert(value, "lastUpdateDateTime"),
      filters: (window) =>
        odataFilters("lastUpdateDateTime", window, [
          ["serviceSource", f.serviceSource],
          ["severity", f.severity],
          ["status", f.status],
        ]),
      extraParams: {},
      client: {
        endpoint: "graph",
        forbiddenMeaning: FORBIDDEN,
        requestsPerMinute: config.requestsPerMinute ?? 150,
        requestsPerHour: config.requestsPerHour,
        headers: { prefer: "include-unknown-enum-members" },
      },
    },
    config,
    deps,
  );
}
