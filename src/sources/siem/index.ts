/**
 * The SIEM REST API source (`GET /api/alerts`). Collection asks for bounded
 * [sinceTimeUtc, untilTimeUtc) windows, never `limit`, which keeps only the most recent N and would drop the rest.
 */
import { entriesNode } from "../../mapping/catalogue.js";
import { nextPiece, spanAfter } from "../../util/spans.js";
import { defineSource } from "../component.js";
import { createApiClient } from "../shared/http.js";
import type { Source, SourceDeps, SourceRecord, SourceWindow } from "../source.js";
import { alertsUrl, queryParams, type SiemQuery } from "./endpoint.js";
import { SIEM_ENUMS, SIEM_FIELDS } from "./fields.js";
import { siemOptions, type SiemConfig } from "./options.js";
import { readRecords } from "./read.js";
import { SIEM_SAMPLES } from "./samples.js";

export interface SiemSource extends Source {
  /** One request with any of the API's parameters, for ad-hoc use (`once`, `check --online`): not for collection. */
  query(query: SiemQuery, signal?: AbortSignal): Promise<SourceRecord[]>;
}

const FORBIDDEN =
  "Microsoft: one of the domains is not managed by the tenant admin, or the tenant is deleted; check source.tenantId";

export function createSiemSource(config: SiemConfig, deps: SourceDeps): SiemSource {
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
  let span = config.maxWindow;

  const request = (q: SiemQuery, signal?: AbortSignal) =>
    client.get(
      url,
      queryParams({ ...filters, ...q }),
      (body) => readRecords(body, deps, config.maxRecordBytes),
      signal,
    );

  return {
    api: config.api,
    apiNow: () => client.serverNow(),
    async fetch(window: SourceWindow, signal?: AbortSignal) {
      const byIdentity = new Map<string, SourceRecord>();
      const until = window.until.getTime();
      for (let since = window.since.getTime(); since < until;) {
        const piece = nextPiece(since, until, span);
        const records = await request({ since: new Date(piece.since), until: new Date(piece.until) }, signal);
        for (const r of records) if (!byIdentity.has(r.identity)) byIdentity.set(r.identity, r);
        span = spanAfter(span, piece.until - piece.since, records.length, config);
        deps.logger.debug(
          { since: piece.since, until: piece.until, records: records.length, nextSpanMs: span },
          "SIEM window read",
        );
        since = piece.until;
      }
      const records = [...byIdentity.values()].sort(byTime);
      deps.metrics.recordsFetched.inc(records.length);
      return records;
    },
    async query(q, signal) {
      if (q.limit !== undefined)
        deps.logger.warn(
          `limit=${q.limit} keeps only the most recent ${q.limit} records of the range; older ones are not returned`,
        );
      const records = (await request(q, signal)).sort(byTime);
      deps.metrics.recordsFetched.inc(records.length);
      return records;
    },
  };
}

const byTime = (a: SourceRecord, b: SourceRecord) => a.time.getTime() - b.time.getTime();

export default defineSource({
  name: "siem",
  options: siemOptions,
  lacks: {
    messagePer: "SIEM API responses are not paged, one record per indicator",
    pageSize: "SIEM API responses are not paged, one record per indicator",
  },
  audience: () => ({ version: "v1", resource: "https://graph.windows.net" }),
  fields: entriesNode(SIEM_FIELDS, SIEM_ENUMS),
  samples: SIEM_SAMPLES,
  create: createSiemSource,
});
