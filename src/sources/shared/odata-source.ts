/**
 * A source over an OData alert collection (the Alerts API, Graph alerts_v2): the window is one `$filter` on the
 * last-update time (several when a filter accepts several values), every page read, each (id, last update) once,
 * one record per alert or per evidence item, sorted by last update.
 */
import type { SharedConfig } from "../component.js";
import type { Source, SourceDeps, SourceRecord, SourceWindow } from "../source.js";
import { perEvidence } from "./evidence.js";
import { createApiClient, type ApiClientOptions } from "./http.js";
import { readAllPages, type PagedQuery } from "./odata-pages.js";

export interface ODataSourceSpec extends Omit<PagedQuery, "params" | "maxPages" | "maxRecordBytes"> {
  client: Omit<ApiClientOptions, "api" | "config">;
  /** The `$filter` expressions that cover a window. */
  filters(window: SourceWindow): string[];
  /** Query parameters besides `$filter` and `$top` (e.g. `$expand`). */
  extraParams: Record<string, string>;
}

export function createODataSource(
  spec: ODataSourceSpec,
  config: SharedConfig & { messagePer: "alert" | "evidence" },
  deps: SourceDeps,
): Source {
  const client = createApiClient({ ...spec.client, api: spec.api, config }, deps);
  const split = config.messagePer === "evidence";

  async function fetchFilter(filter: string, signal?: AbortSignal): Promise<SourceRecord[]> {
    const params = new URLSearchParams({ $filter: filter, ...spec.extraParams });
    if (spec.pageSize !== undefined) params.set("$top", String(spec.pageSize));
    const limits = { maxPages: config.maxPages, maxRecordBytes: config.maxRecordBytes };
    return readAllPages(client, { ...spec, params, ...limits }, deps, signal);
  }

  return {
    api: config.api,
    async fetch(window, signal) {
      const byIdentity = new Map<string, SourceRecord>();
      for (const filter of spec.filters(window)) {
        for (const alert of await fetchFilter(filter, signal))
          if (!byIdentity.has(alert.identity)) byIdentity.set(alert.identity, alert);
      }
      const alerts = [...byIdentity.values()];
      const records = (split ? alerts.flatMap(perEvidence) : alerts).sort(byTime);
      deps.logger.debug(
        { since: window.since, until: window.until, alerts: alerts.length, records: records.length },
        `${spec.api} window read`,
      );
      deps.metrics.recordsFetched.inc(records.length);
      return records;
    },
  };
}

const byTime = (a: SourceRecord, b: SourceRecord) =>
  a.time.getTime() - b.time.getTime() || (a.identity < b.identity ? -1 : a.identity > b.identity ? 1 : 0);
