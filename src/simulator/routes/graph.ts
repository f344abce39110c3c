/**
 * Microsoft Graph `GET /v1.0/security/alerts_v2`: `$filter` only on the documented fields (others 400), pages linked
 * by `@odata.nextLink` with an opaque `$skiptoken`, evidence in every alert, newer enum members only for
 * `Prefer: include-unknown-enum-members`, Graph's error body, 429 past 150 requests a minute. Microsoft documents no
 * page size and no `$top` maximum, so both are the simulator's options (`graphPaging`), a strict service included.
 */
import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import type { SimContext } from "../context.js";
import { graphAlert } from "../views/graph.js";
import { alertItems, collectionRoute, type CollectionApi } from "./odata.js";

/** Graph's error body and codes, for every Graph collection. */
export const GRAPH_REPLIES: Pick<CollectionApi<unknown>, "errorBody" | "codes"> = {
  errorBody: (code, message, now) => ({
    error: {
      code,
      message,
      innerError: {
        date: new Date(now).toISOString().slice(0, 19),
        "request-id": randomUUID(),
        "client-request-id": randomUUID(),
      },
    },
  }),
  codes: {
    badRequest: "BadRequest",
    unauthorized: ["InvalidAuthenticationToken", "Access token validation failure. Invalid audience or expired token."],
    tooMany: ["TooManyRequests", "Too many requests."],
  },
};

export function graphRoutes(app: FastifyInstance, ctx: SimContext): void {
  collectionRoute(app, ctx, {
    api: "graph",
    path: "/v1.0/security/alerts_v2",
    rules: {
      filterable: [
        "assignedTo",
        "classification",
        "determination",
        "createdDateTime",
        "lastUpdateDateTime",
        "severity",
        "serviceSource",
        "status",
      ],
      maxTop: ctx.graphPaging.maxTop,
      pageSize: ctx.graphPaging.pageSize,
      expandable: [],
      skipToken: true,
    },
    context: (origin) => `${origin}/v1.0/$metadata#security/alerts_v2`,
    ...GRAPH_REPLIES,
    ...alertItems(ctx, () => true),
    view: (alert, now, r) =>
      graphAlert(alert, now, {
        evidence: r.full,
        tenantId: ctx.tenantId,
        unknownEnumMembers: r.unknownEnumMembers,
        incidentId: ctx.tenant.incidents.incidentOf(alert, now)?.id,
      }),
    nextLinks: () => true,
  });
}
