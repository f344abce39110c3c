/**
 * The MDE Alerts API, `GET /mde/api/alerts` here (the SIEM API holds `/api/alerts`; point source.url at `<sim>/mde`):
 * OData `$filter` on the documented fields, `$top` up to 10,000, `$skip`, `$expand=evidence`, a next link while more
 * remains (unless switched off), Microsoft's error body `{"error":{"code","message","target"}}`, 429 past 100 requests
 * a minute or 1,500 an hour.
 */
import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import type { SimContext } from "../context.js";
import { MDE } from "../lifecycle.js";
import { alertsApiAlert } from "../views/alerts-api.js";
import { alertItems, collectionRoute } from "./odata.js";

export const ALERTS_API_PREFIX = "/mde";

export function alertsApiRoutes(app: FastifyInstance, ctx: SimContext): void {
  collectionRoute(app, ctx, {
    api: "alerts",
    path: `${ALERTS_API_PREFIX}/api/alerts`,
    rules: {
      filterable: [
        "alertCreationTime",
        "lastUpdateTime",
        "incidentId",
        "investigationId",
        "id",
        "assignedTo",
        "detectionSource",
        "lastEventTime",
        "status",
        "severity",
        "category",
      ],
      maxTop: 10_000,
      pageSize: 10_000,
      expandable: ["evidence"],
      skipToken: false,
    },
    context: (origin) => `${origin}${ALERTS_API_PREFIX}/api/$metadata#Alerts`,
    errorBody: (code, message) => ({ error: { code, message, target: randomUUID() } }),
    codes: {
      badRequest: "ODataError",
      unauthorized: ["Unauthorized", "Unauthorized (invalid or expired authorization header)"],
      tooMany: ["TooManyRequests", "Response represents reaching quota limit either by number of requests or by CPU."],
    },
    ...alertItems(ctx, (alert) => alert.serviceSource === MDE),
    view: (alert, now, r) =>
      alertsApiAlert(alert, now, {
        evidence: r.full && r.expand.includes("evidence"),
        tenantId: ctx.tenantId,
        incidentId: ctx.tenant.incidents.incidentOf(alert, now)?.id,
      }),
    nextLinks: (c) => c.alertsNextLink,
  });
}
