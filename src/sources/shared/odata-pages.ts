/**
 * Every page of an OData collection. `@odata.nextLink` is followed when the API gives one (Graph always pages so;
 * the Alerts API does not document it). An API that pages by offset instead (`skipFallback`) is asked for the next
 * `$skip` while its pages come back full and no link was ever given. Alerts change while they are read: one updated
 * mid-way leaves the window and
 * shifts the rest up, so each `$skip` page starts a few records before the last one ended (the repeats are dropped by
 * identity) rather than risk missing the record at a page's edge.
 */
import type { Metrics } from "../../health/metrics.js";
import type { Logger } from "../../logging/logger.js";
import { AppError } from "../../errors.js";
import type { SourceRecord } from "../source.js";
import type { ApiClient } from "./http.js";
import { readEnvelope } from "./json-envelope.js";
import { recordCollector, type Checked } from "./records.js";

export interface PagedQuery {
  /** The API's name in messages: "Alerts", "Graph". */
  api: string;
  /** The collection's URL, and its first request's query (`$filter`, `$top`, …; no `$skip`). */
  url: string;
  params: URLSearchParams;
  /** The `$top` asked for; undefined: none, the API chooses (then a page is never known to be full). */
  pageSize: number | undefined;
  skipFallback: boolean;
  check: (value: unknown) => Checked;
  /** source.maxPages: an API paging without end fails the query instead of holding the cycle forever. */
  maxPages: number;
  maxRecordBytes: number;
}

interface Page {
  records: SourceRecord[];
  nextLink?: string;
  elements: number;
}

const SKIP_OVERLAP = 50;

export async function readAllPages(
  client: ApiClient,
  q: PagedQuery,
  deps: { logger: Logger; metrics: Metrics },
  signal?: AbortSignal,
): Promise<SourceRecord[]> {
  const records: SourceRecord[] = [];
  const overlap = Math.min(SKIP_OVERLAP, Math.floor((q.pageSize ?? 0) / 10));
  const followed = new Set<string>();
  let request: { url: string; params?: URLSearchParams } = { url: q.url, params: q.params };
  for (let skip = 0, pages = 0; ;) {
    if (++pages > q.maxPages) throw tooManyPages(q);
    const page = await client.get(request.url, request.params, (body) => readPage(body, q, deps), signal);
    records.push(...page.records);
    deps.logger.debug(
      { url: request.url, records: page.records.length, nextLink: page.nextLink !== undefined },
      `${q.api} page read`,
    );
    if (page.nextLink !== undefined) {
      if (followed.has(page.nextLink))
        throw new AppError(
          "E_API_PAGING",
          `the ${q.api} API sent the same @odata.nextLink twice: ${page.nextLink}`,
          undefined,
          { nextLink: page.nextLink },
        );
      followed.add(page.nextLink);
      request = nextRequest(q.url, page.nextLink, deps.logger);
      continue;
    }
    if (!q.skipFallback || q.pageSize === undefined || followed.size > 0 || page.elements < q.pageSize) return records;
    skip += page.elements - overlap;
    const params = new URLSearchParams(q.params);
    params.set("$skip", String(skip));
    request = { url: q.url, params };
  }
}

async function readPage(
  body: AsyncIterable<Buffer>,
  q: PagedQuery,
  deps: { logger: Logger; metrics: Metrics },
): Promise<Page> {
  const collector = recordCollector(q.api, q.check, deps);
  const { members, elements } = await readEnvelope(body, (element) => collector.add(element), q.maxRecordBytes);
  const link = members["@odata.nextLink"];
  return {
    records: collector.finish(),
    nextLink: typeof link === "string" && link.trim() !== "" ? link : undefined,
    elements,
  };
}

function tooManyPages(q: PagedQuery): AppError {
  return new AppError(
    "E_API_PAGING",
    `the ${q.api} API was still paging after ${q.maxPages} pages for one query (source.maxPages); the cycle stops here and the window is read again next cycle`,
    undefined,
    { maxPages: q.maxPages },
  );
}

/**
 * The request for a next link. The bearer token only goes where the configuration points: a link to another origin
 * (a proxy's backend, a hostile response) keeps its query and goes to the configured URL.
 */
function nextRequest(base: string, nextLink: string, logger: Logger): { url: string; params?: URLSearchParams } {
  if (!URL.canParse(nextLink, base))
    throw new AppError("E_API_PAGING", `the API sent an @odata.nextLink that is not a URL: ${nextLink}`, undefined, {
      nextLink,
    });
  const link = new URL(nextLink, base);
  if (link.origin === new URL(base).origin) return { url: link.href };
  logger.debug({ nextLink }, "@odata.nextLink points to another origin: its query goes to the configured URL");
  return { url: base, params: link.searchParams };
}
