/**
 * A source over an OData alert collection (the Alerts API, Graph alerts_v2): the window is one `$filter` on the
 * last-update time (several when a filter accepts several values), every page read, one record per alert or per
 * evidence item, as the API sent them (an alert paged twice is dropped by the pipeline's de-duplication).
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
    pieces: { maxSpan: config.maxWindow, records: config.splitAbove },
    canLimit: false,
    async fetch(window, signal) {
      const alerts: SourceRecord[] = [];
      for (const filter of spec.filters(window)) alerts.push(...(await fetchFilter(filter, signal)));
      const records = split ? alerts.flatMap(perEvidence) : alerts;
      deps.logger.debug(
        { since: window.since, until: window.until, alerts: alerts.length, records: records.length },
        `${spec.api} window read`,
      );
      deps.metrics.recordsFetched.inc(records.length);
      return records;
    },
  };
}
