/**
 * The MDE Alerts API source (`GET /api/alerts`): windows on `lastUpdateTime`, evidence expanded, `$top` pages followed
 * by `@odata.nextLink` or `$skip`, within 100 requests a minute and 1,500 an hour (Microsoft's documented limits).
 */
import type { SourceConfig } from "../../config/config.js";
import { filtersFor } from "../../config/query.js";
import { checkAlert } from "../shared/alert-records.js";
import { odataFilters } from "../shared/odata-filter.js";
import { createODataSource } from "../shared/odata-source.js";
import type { Source, SourceDeps } from "../source.js";
import { alertsApiUrl } from "./endpoint.js";

/** The API's documented maximum `$top`. */
export const ALERTS_MAX_PAGE = 10_000;

const FORBIDDEN =
  "Microsoft: the token is valid but lacks a permission; grant the application Alert.Read.All on the WindowsDefenderATP API, with admin consent";

export function createAlertsSource(config: SourceConfig, deps: SourceDeps): Source {
  const f = filtersFor(config.query, "alerts");
  return createODataSource(
    {
      source: "alerts",
      api: "Alerts",
      url: alertsApiUrl(config),
      pageSize: config.pageSize ?? ALERTS_MAX_PAGE,
      skipFallback: true,
      check: (value) => checkAlert(value, "lastUpdateTime"),
      filters: (window) =>
        odataFilters("lastUpdateTime", window, [
          ["severity", f.severity],
          ["status", f.status],
          ["detectionSource", f.detectionSource],
        ]),
      extraParams: f.expandEvidence ? { $expand: "evidence" } : {},
      client: {
        endpoint: "alerts",
        forbiddenMeaning: FORBIDDEN,
        requestsPerMinute: config.requestsPerMinute ?? 100,
        requestsPerHour: config.requestsPerHour ?? 1500,
      },
    },
    config,
    deps,
  );
}
