/**
 * The Microsoft Graph alerts_v2 source: windows on `lastUpdateDateTime`, MDE's alerts by default (`serviceSource`),
 * pages followed by `@odata.nextLink` only (large `$skip` offsets stall on Graph), newer enum values asked for, and
 * within 150 requests a minute (the limiter `graphClient` builds).
 *
 * No `$top` unless `source.pageSize` asks for one: "List alerts_v2" documents `$top` but no maximum, and says to page
 * with `@odata.nextLink` (https://learn.microsoft.com/en-us/graph/api/security-list-alerts_v2?view=graph-rest-1.0),
 * so Graph chooses the page size and a guessed ceiling cannot get every poll refused.
 */
import { entriesNode } from "../../mapping/catalogue.js";
import { defineSource } from "../component.js";
import { checkAlert } from "../shared/alert-records.js";
import { PER_EVIDENCE, perEvidence } from "../shared/evidence.js";
import { graphAlertNode } from "../shared/graph-catalogue.js";
import { graphAudience, graphClient, graphHosts, graphUrl } from "../shared/graph-endpoint.js";
import { odataFilters } from "../shared/odata-filter.js";
import { createODataSource } from "../shared/odata-source.js";
import type { Source, SourceDeps } from "../source.js";
import { graphOptions, graphWarnings, type GraphConfig } from "./options.js";
import { GRAPH_SAMPLES } from "../shared/graph-samples.js";

const ACCESS = "the application permission SecurityAlert.Read.All on Microsoft Graph, with admin consent";

export function createGraphSource(config: GraphConfig, deps: SourceDeps): Source {
  const f = config.query;
  return createODataSource(
    {
      api: "Graph",
      url: graphUrl(config, "alerts_v2"),
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
      client: graphClient(config, "graph", ACCESS),
      ...(config.messagePer === "evidence" ? { messages: perEvidence } : {}),
    },
    config,
    deps,
  );
}

export default defineSource({
  name: "graph",
  options: graphOptions,
  access: ACCESS,
  lacks: { region: "Graph has no regional hosts" },
  audience: graphAudience,
  hosts: graphHosts,
  fields: graphAlertNode(entriesNode(PER_EVIDENCE)),
  samples: GRAPH_SAMPLES,
  create: createGraphSource,
  warnings: graphWarnings,
});
