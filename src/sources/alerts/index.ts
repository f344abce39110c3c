/**
 * The MDE Alerts API source (`GET /api/alerts`): windows on `lastUpdateTime`, evidence expanded, `$top` pages followed
 * by `@odata.nextLink` or `$skip`, within 100 requests a minute and 1,500 an hour (Microsoft's documented limits).
 */
import { entriesNode } from "../../mapping/catalogue.js";
import { defineSource } from "../component.js";
import { checkAlert } from "../shared/alert-records.js";
import { lacksAccess } from "../shared/api-errors.js";
import { PER_EVIDENCE, perEvidence } from "../shared/evidence.js";
import { odataFilters } from "../shared/odata-filter.js";
import { createODataSource } from "../shared/odata-source.js";
import type { Source, SourceDeps } from "../source.js";
import { alertsApiUrl, alertsAudience, alertsHosts } from "./endpoint.js";
import { ALERTS_ENUMS, ALERTS_FIELDS, ALERTS_IDENTITIES } from "./fields.js";
import { ALERTS_MAX_PAGE, alertsOptions, type AlertsConfig } from "./options.js";
import { ALERTS_SAMPLES } from "./samples.js";

const ACCESS = "the application permission Alert.Read.All on WindowsDefenderATP, with admin consent";
const FORBIDDEN = lacksAccess(ACCESS);

export function createAlertsSource(config: AlertsConfig, deps: SourceDeps): Source {
  const f = config.query;
  return createODataSource(
    {
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
      ...(config.messagePer === "evidence" ? { messages: perEvidence } : {}),
    },
    config,
    deps,
  );
}

export default defineSource({
  name: "alerts",
  options: alertsOptions,
  access: ACCESS,
  audience: alertsAudience,
  hosts: alertsHosts,
  fields: entriesNode([...ALERTS_FIELDS, ...PER_EVIDENCE], ALERTS_ENUMS, ALERTS_IDENTITIES),
  samples: ALERTS_SAMPLES,
  create: createAlertsSource,
});
