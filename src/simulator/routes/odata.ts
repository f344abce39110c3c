/**
 * An OData collection (the Alerts API, Graph alerts_v2 and incidents) served from the tenant's alerts or incidents:
 * token audience checked, documented rate limits, `$filter` on the views' fields, most recently updated first, `$top`
 * pages with a next link while more remains, the body streamed, faults applied like the SIEM API's.
 */
import { Readable } from "node:stream";
import type { FastifyInstance } from "fastify";
import type { SimAlert } from "../alerts.js";
import type { Api, SimContext } from "../context.js";
import type { Fault } from "../faults.js";
import { stateAt } from "../lifecycle.js";
import { matches } from "../odata/filter.js";
import { nextLinkOf, pageRequestOf, type CollectionRules } from "../odata/paging.js";
import { replyWithFault } from "./fault-replies.js";

export interface ViewRequest {
  expand: string[];
  /** `Prefer: include-unknown-enum-members`. */
  unknownEnumMembers: boolean;
  /** Whole records (false: without evidence, for filtering). */
  full: boolean;
}

export interface CollectionApi<T> {
  api: Exclude<Api, "siem">;
  path: string;
  rules: CollectionRules;
  /** `@odata.context` for a request to `origin`. */
  context(origin: string): string;
  /** The API's error body, and its codes for 400, 401 and 429 with their messages. */
  errorBody(code: string, message: string, now: number): Record<string, unknown>;
  codes: { badRequest: string; unauthorized: [string, string]; tooMany: [string, string] };
  /** What the API shows at `now`, in no order. */
  items(now: number): T[];
  /** The time of its last update (ms with 4 more digits) and its id, to show the latest first. */
  order(item: T, now: number): [number, string];
  view(item: T, now: number, request: ViewRequest): Record<string, unknown>;
  nextLinks(ctx: SimContext): boolean;
}

/** The tenant's alerts that `includes` lets through, by their last state. */
export const alertItems = (ctx: SimContext, includes: (alert: SimAlert) => boolean) => ({
  items: (now: number) => ctx.tenant.store.visible(now).filter(includes),
  order: (alert: SimAlert, now: number): [number, string] => {
    const s = stateAt(alert, now);
    return [s.at * 10_000 + s.ticks, alert.alertId];
  },
});

const BATCH = 200;

export function collectionRoute<T>(app: FastifyInstance, ctx: SimContext, spec: CollectionApi<T>): void {
  app.get(spec.path, async (request, reply) => {
    const fault = ctx.faults.take("api");
    if (await replyWithFault(fault, request, reply)) return reply;
    const now = ctx.clock.now();
    const fail = (status: number, [code, message]: [string, string]) =>
      reply
        .code(status)
        .type("application/json")
        .send(spec.errorBody(code, message, now));
    if (!ctx.entra.authorized(request.headers.authorization, ctx.audiences[spec.api]))
      return fail(401, spec.codes.unauthorized);
    const retryAfter = ctx.limits[spec.api]?.take(now);
    if (retryAfter !== undefined) {
      void reply.header("retry-after", String(retryAfter));
      return fail(429, spec.codes.tooMany);
    }
    const query = request.query as Record<string, string[]>;
    const page = pageRequestOf(query, spec.rules);
    if (typeof page === "string") return fail(400, [spec.codes.badRequest, page]);
    const options = {
      expand: page.expand,
      unknownEnumMembers: /\binclude-unknown-enum-members\b/i.test(String(request.headers.prefer ?? "")),
    };
    ctx.tenant.advanceTo(now);
    const selected = spec
      .items(now)
      .filter((a) => page.filter.every((c) => matches(spec.view(a, now, { ...options, full: false }), c)))
      .sort(latestFirst((item) => spec.order(item, now)));
    const slice = selected.slice(page.skip, page.skip + page.top);
    const requestUrl = `${request.protocol}://${request.host}${request.url}`;
    const nextLink = spec.nextLinks(ctx) ? nextLinkOf(requestUrl, query, page, selected.length, spec.rules) : undefined;
    const records = (from: number, to: number) =>
      slice.slice(from, to).map((a) => spec.view(a, now, { ...options, full: true }));
    const body = envelope(
      spec.context(`${request.protocol}://${request.host}`),
      slice.length,
      records,
      nextLink,
      fault,
    );
    return reply.type("application/json; charset=utf-8").send(Readable.from(body));
  });
}

/** Most recently updated first, as Graph documents ("the most recent alerts are displayed at the top"). */
function latestFirst<T>(order: (item: T) => [number, string]): (a: T, b: T) => number {
  return (a, b) => {
    const [[ta, ia], [tb, ib]] = [order(a), order(b)];
    return tb - ta || (ia < ib ? -1 : ia > ib ? 1 : 0);
  };
}

async function* envelope(
  context: string,
  count: number,
  records: (from: number, to: number) => unknown[],
  nextLink: string | undefined,
  fault: Fault | undefined,
): AsyncGenerator<string> {
  const cut = fault?.kind === "truncate" ? fault : undefined;
  const end = cut ? Math.min(cut.afterRecords, count) : count;
  yield `{"@odata.context":${JSON.stringify(context)},"value":[`;
  for (let i = 0; i < end; i += BATCH) {
    yield `${i ? "," : ""}${records(i, Math.min(end, i + BATCH))
      .map((r) => JSON.stringify(r))
      .join(",")}`;
    await Promise.resolve();
  }
  if (cut && !cut.clean) throw new Error("simulated truncation: connection cut");
  if (!cut) yield `]${nextLink === undefined ? "" : `,"@odata.nextLink":${JSON.stringify(nextLink)}`}}`;
}
