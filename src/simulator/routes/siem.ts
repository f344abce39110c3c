/**
 * `GET /api/alerts` with the SIEM API's documented semantics: the last 2 hours by default; `sinceTimeUtc` and
 * `untilTimeUtc` on LastProcessedTimeUtc (since inclusive, until exclusive: Microsoft does not say); `ago` as an
 * ISO 8601 duration up to now; `limit` keeps the most recent N; repeated `machinegroups`; the two tag filters.
 * The body is one bare JSON array, streamed.
 */
import { Readable } from "node:stream";
import type { FastifyInstance } from "fastify";
import { parseDuration } from "../../config/duration.js";
import { parseMicrosoftTime } from "../../util/microsoft-time.js";
import { param, type SimContext } from "../context.js";
import { MDE } from "../lifecycle.js";
import type { Fault } from "../faults.js";
import { RawJson } from "../store.js";
import { siemRecords, type SiemRecord } from "../views/siem.js";
import { replyWithFault } from "./fault-replies.js";

const DEFAULT_RANGE_MS = 2 * 3_600_000;
const BATCH = 500;

interface Filters {
  since: number;
  until: number;
  limit?: number;
  groups: string[];
  deviceTag?: string;
  cloudTag?: string;
}

function filtersOf(query: Record<string, string[]>, now: number): Filters | string {
  const one = (name: string) => param(query, name)[0];
  const time = (name: string) => {
    const text = one(name);
    return text === undefined
      ? undefined
      : (parseMicrosoftTime(text)?.getTime() ?? `${name} is not a date and time: ${text}`);
  };
  const [since, until] = [time("sinceTimeUtc"), time("untilTimeUtc")];
  if (typeof since === "string") return since;
  if (typeof until === "string") return until;
  const agoText = one("ago");
  const ago = agoText === undefined ? undefined : parseDuration(agoText);
  if (agoText !== undefined && ago === undefined) return `ago is not an ISO 8601 duration: ${agoText}`;
  const limitText = one("limit");
  if (limitText !== undefined && !/^\d+$/.test(limitText)) return `limit is not a whole number: ${limitText}`;
  return {
    since: ago !== undefined ? now - ago : (since ?? now - DEFAULT_RANGE_MS),
    until: ago !== undefined ? now : (until ?? now),
    limit: limitText === undefined ? undefined : Number(limitText),
    groups: param(query, "machinegroups").map((g) => g.toLowerCase()),
    deviceTag: one("DeviceCreatedMachineTags"),
    cloudTag: one("CloudCreatedMachineTags"),
  };
}

const hasTag = (tags: unknown, tag: string) =>
  typeof tags === "string" && tags.split(",").some((t) => t.trim().toLowerCase() === tag.toLowerCase());

function matches(r: Record<string, unknown>, f: Filters): boolean {
  if (f.groups.length && !f.groups.includes(typeof r.MachineGroup === "string" ? r.MachineGroup.toLowerCase() : ""))
    return false;
  if (f.deviceTag !== undefined && !hasTag(r.DeviceCreatedMachineTags, f.deviceTag)) return false;
  return f.cloudTag === undefined || hasTag(r.CloudCreatedMachineTags, f.cloudTag);
}

function selectRecords(ctx: SimContext, f: Filters, now: number): unknown[] {
  ctx.tenant.advanceTo(now);
  const range = { since: f.since, until: f.until, now };
  const generated = ctx.tenant.store
    .alerts(range)
    .filter((a) => a.serviceSource === MDE)
    .flatMap((a) => siemRecords(a, ctx.siemStyle).map((record) => ({ at: a.lastProcessed, record })));
  const raw = ctx.tenant.store.rawSiem(range);
  const all = raw.length ? [...generated, ...raw].sort((a, b) => a.at - b.at) : generated;
  const filtered = (r: unknown) => typeof r === "object" && r !== null && !(r instanceof RawJson);
  const kept = all.filter((r) => !filtered(r.record) || matches(r.record as SiemRecord, f)).map((r) => r.record);
  return f.limit === undefined ? kept : kept.slice(Math.max(0, kept.length - f.limit));
}

async function* arrayBody(records: unknown[], fault: Fault | undefined): AsyncGenerator<string> {
  const cut = fault?.kind === "truncate" ? fault : undefined;
  const end = cut ? Math.min(cut.afterRecords, records.length) : records.length;
  yield "[";
  for (let i = 0; i < end; i += BATCH) {
    const batch = records
      .slice(i, Math.min(end, i + BATCH))
      .map((r) => (r instanceof RawJson ? r.text : JSON.stringify(r)));
    yield `${i ? "," : ""}${batch.join(",")}`;
    await Promise.resolve();
  }
  if (cut && !cut.clean) throw new Error("simulated truncation: connection cut");
  if (!cut) yield "]";
}

export function siemRoutes(app: FastifyInstance, ctx: SimContext): void {
  app.get("/api/alerts", async (request, reply) => {
    const fault = ctx.faults.take("api");
    if (await replyWithFault(fault, request, reply)) return reply;
    if (!ctx.entra.authorized(request.headers.authorization, ctx.audiences.siem)) {
      return reply
        .code(401)
        .send({ error: { code: "Unauthorized", message: "Authorization has been denied for this request." } });
    }
    const now = ctx.clock.now();
    const filters = filtersOf(request.query as Record<string, string[]>, now);
    if (typeof filters === "string") return reply.code(400).send({ error: { code: "BadRequest", message: filters } });
    const records = selectRecords(ctx, filters, now);
    return reply.type("application/json; charset=utf-8").send(Readable.from(arrayBody(records, fault)));
  });
}
