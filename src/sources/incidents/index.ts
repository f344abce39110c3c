/**
 * The Microsoft Graph incidents source (`GET /v1.0/security/incidents?$expand=alerts`): Defender's correlation of the
 * alerts of one attack, with its own status, classification, assignment and severity. Windows on
 * `lastUpdateDateTime`, so each version of an incident (a status, an assignment, a classification, an alert joined,
 * a merge into another) is forwarded once: its identity is `id@lastUpdateDateTime`.
 *
 * "List incidents" (https://learn.microsoft.com/en-us/graph/api/security-list-incidents?view=graph-rest-1.0) says to
 * page with `@odata.nextLink` and documents `$top` with no maximum: no `$top` unless `source.pageSize` asks, as for
 * alerts_v2. Newer enum values are asked for (`awaitingAction`), within Graph's 150 requests a minute for `/security`
 * (the limiter `graphClient` builds).
 */
import { entriesNode } from "../../mapping/catalogue.js";
import { defineSource } from "../component.js";
import { checkAlert } from "../shared/alert-records.js";
import { graphIncidentNode } from "../shared/graph-catalogue.js";
import { graphAudience, graphClient, graphHosts, graphUrl } from "../shared/graph-endpoint.js";
import { odataFilters } from "../shared/odata-filter.js";
import { createODataSource } from "../shared/odata-source.js";
import type { Source, SourceDeps } from "../source.js";
import { ADDED_FIELDS, incidentMessage, perAlert, perIncident } from "./messages.js";
import { incidentsOptions, incidentsWarnings, type IncidentsConfig } from "./options.js";
import { INCIDENTS_SAMPLES } from "./samples.js";

export const INCIDENTS_PERMISSION = "SecurityIncident.Read.All";
const ACCESS = `the application permission ${INCIDENTS_PERMISSION} on Microsoft Graph, with admin consent`;

export function createIncidentsSource(config: IncidentsConfig, deps: SourceDeps): Source {
  const f = config.query;
  return createODataSource(
    {
      api: "Graph incidents",
      url: graphUrl(config, "incidents"),
      pageSize: config.pageSize,
      skipFallback: false,
      check: (value) => checkAlert(value, "lastUpdateDateTime", "incident"),
      filters: (window) =>
        odataFilters("lastUpdateDateTime", window, [
          ["status", f.status],
          ["severity", f.severity],
          ["classification", f.classification],
          ["determination", f.determination],
          ["assignedTo", f.assignedTo],
        ]),
      extraParams: { $expand: "alerts" },
      client: graphClient(config, "incidents", ACCESS),
      messages: config.messagePer === "alert" ? perAlert : perIncident,
    },
    config,
    deps,
  );
}

export default defineSource({
  name: "incidents",
  options: incidentsOptions,
  access: ACCESS,
  lacks: { region: "Graph has no regional hosts" },
  audience: graphAudience,
  hosts: graphHosts,
  fields: graphIncidentNode(entriesNode(ADDED_FIELDS)),
  samples: INCIDENTS_SAMPLES,
  prepare: incidentMessage,
  create: createIncidentsSource,
  warnings: incidentsWarnings,
});
