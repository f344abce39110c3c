/**
 * Microsoft Graph `GET /v1.0/security/incidents`: the tenant's incidents (incidents.ts), `$filter` only on the
 * fields "List incidents" documents (assignedTo, classification, createdDateTime, determination, lastUpdateDateTime,
 * severity, status; others 400), `$expand=alerts`, pages linked by `@odata.nextLink`, most recently updated first,
 * Graph's error body. The 150 requests a minute of `/security` are counted together with alerts_v2's (index.ts),
 * as Microsoft states one limit for the service; the paging is the simulator's `graphPaging`, as for alerts_v2.
 */
import type { FastifyInstance } from "fastify";
import type { SimContext } from "../context.js";
import type { SimIncident } from "../incidents.js";
import { graphIncident } from "../views/incidents.js";
import { GRAPH_REPLIES } from "./graph.js";
import { collectionRoute } from "./odata.js";

export const INCIDENTS_PATH = "/v1.0/security/incidents";

export function incidentsRoutes(app: FastifyInstance, ctx: SimContext): void {
  collectionRoute<SimIncident>(app, ctx, {
    api: "incidents",
    path: INCIDENTS_PATH,
    rules: {
      filterable: [
        "assignedTo",
        "classification",
        "createdDateTime",
        "determination",
        "lastUpdateDateTime",
        "severity",
        "status",
      ],
      maxTop: ctx.graphPaging.maxTop,
      pageSize: ctx.graphPaging.pageSize,
      expandable: ["alerts"],
      skipToken: true,
    },
    context: (origin) => `${origin}/v1.0/$metadata#security/incidents`,
    ...GRAPH_REPLIES,
    items: (now) => ctx.tenant.incidents.incidents(now),
    order: (incident, now) => [ctx.tenant.incidents.stateAt(incident, now).lastUpdate * 10_000, String(incident.id)],
    view: (incident, now, r) =>
      graphIncident(ctx.tenant.incidents, incident, now, {
        alerts: r.full && r.expand.includes("alerts"),
        tenantId: ctx.tenantId,
        unknownEnumMembers: r.unknownEnumMembers,
      }),
    nextLinks: () => true,
  });
}
