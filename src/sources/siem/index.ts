/**
 * The SIEM REST API source (`GET /api/alerts`). One request is one piece: the API has no paging, its response is the
 * whole [sinceTimeUtc, untilTimeUtc) range at once, so the pipeline keeps each piece's span to about `splitAbove`
 * records. `limit`, which keeps only the most recent N and would drop the rest, is sent only when a request asks.
 */
import { entriesNode } from "../../mapping/catalogue.js";
import { defineSource } from "../component.js";
import { createApiClient } from "../shared/http.js";
import type { Source, SourceDeps, SourceRequest } from "../source.js";
import { alertsUrl, queryParams, siemAudience, siemHosts } from "./endpoint.js";
import { SIEM_ENUMS, SIEM_FIELDS, SIEM_IDENTITIES } from "./fields.js";
import { siemOptions, type SiemConfig } from "./options.js";
import { readRecords } from "./read.js";
import { SIEM_SAMPLES } from "./samples.js";

/** README.md, "Register the application": the SIEM API serves the application Defender's SIEM integration made. */
const ACCESS =
  "the application the Defender portal's Settings > SIEM > Enable SIEM integration created (enabling it takes a " +
  "Security Administrator who may also create applications: Global, Application or Cloud Application Administrator)";
const FORBIDDEN =
  "Microsoft says a domain is not managed by the tenant's administrator, or the tenant is deleted: check that " +
  `source.tenantId is your tenant, and that source.clientId is ${ACCESS}`;

export function createSiemSource(config: SiemConfig, deps: SourceDeps): Source {
  const url = alertsUrl(config);
  const client = createApiClient(
    {
      api: "SIEM",
      endpoint: "siem",
      forbiddenMeaning: FORBIDDEN,
      requestsPerMinute: config.requestsPerMinute ?? 100,
      requestsPerHour: config.requestsPerHour,
      config,
    },
    deps,
  );
  const filters = config.query;

  return {
    api: config.api,
    pieces: { maxSpan: config.maxWindow, records: config.splitAbove },
    canLimit: true,
    apiNow: () => client.serverNow(),
    async fetch({ since, until, limit }: SourceRequest, signal?: AbortSignal) {
      if (limit !== undefined)
        deps.logger.warn(
          `limit=${limit} keeps only the most recent ${limit} records of the window; older ones are not returned`,
        );
      const params = queryParams({ ...filters, since, until, limit });
      const records = await client.get(url, params, (body) => readRecords(body, deps, config.maxRecordBytes), signal);
      deps.logger.debug({ since, until, records: records.length }, "SIEM window read");
      deps.metrics.recordsFetched.inc(records.length);
      return records;
    },
  };
}

export default defineSource({
  name: "siem",
  options: siemOptions,
  access: ACCESS,
  lacks: {
    messagePer: "SIEM API responses are not paged, one record per indicator",
    pageSize: "SIEM API responses are not paged, one record per indicator",
  },
  audience: siemAudience,
  hosts: siemHosts,
  fields: entriesNode(SIEM_FIELDS, SIEM_ENUMS, SIEM_IDENTITIES),
  samples: SIEM_SAMPLES,
  create: createSiemSource,
});
