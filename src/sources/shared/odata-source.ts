/**
 * A source over an OData collection (the Alerts API, Graph alerts_v2 and incidents): the window is one `$filter` on
 * the last-update time (several when a filter accepts several values), every page read, each element turned into the
 * records the pipeline gets (one per alert, per evidence item, per incident or per alert of an incident), as the API
 * sent them (an element paged twice is dropped by the pipeline's de-duplication). Polls follow the API's clock.
 */
import type { SharedConfig } from "../component.js";
import type { Source, SourceDeps, SourceRecord, SourceWindow } from "../source.js";
import { createApiClient, type ApiClientOptions } from "./http.js";
import { readAllPages, type PagedQuery } from "./odata-pages.js";

export interface ODataSourceSpec extends Omit<PagedQuery, "params" | "maxPages" | "maxRecordBytes"> {
  client: Omit<ApiClientOptions, "api" | "config">;
  /** The `$filter` expressions that cover a window. */
  filters(window: SourceWindow): string[];
  /** Query parameters besides `$filter` and `$top` (e.g. `$expand`). */
  extraParams: Record<string, string>;
  /** The records one element becomes (`source.messagePer`); default the element itself. */
  messages?: (element: SourceRecord) => SourceRecord[];
}

export function createODataSource(spec: ODataSourceSpec, config: SharedConfig, deps: SourceDeps): Source {
  const client = createApiClient({ ...spec.client, api: spec.api, config }, deps);
  const messages = spec.messages;

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
      const elements: SourceRecord[] = [];
      for (const filter of spec.filters(window)) elements.push(...(await fetchFilter(filter, signal)));
      const records = messages ? elements.flatMap(messages) : elements;
      deps.logger.debug(
        { since: window.since, until: window.until, elements: elements.length, records: records.length },
        `${spec.api} window read`,
      );
      deps.metrics.recordsFetched.inc(records.length);
      return records;
    },
    apiNow: () => client.serverNow(),
  };
}
