/**
 * `/_sim/*`: the simulator driven over HTTP (faults, clock, tokens, records), for people trying the product and for
 * scripts; tests in this process use the same operations directly.
 */
import type { FastifyInstance } from "fastify";
import { parseDuration } from "../../config/duration.js";
import type { SimContext } from "../context.js";
import { parseFault } from "../faults.js";

type Body = Record<string, unknown>;
const bodyOf = (body: unknown): Body => (typeof body === "object" && body !== null ? (body as Body) : {});

export function controlRoutes(app: FastifyInstance, ctx: SimContext): void {
  app.post("/_sim/faults", async (request, reply) => {
    const parsed = parseFault(request.body);
    if (typeof parsed === "string") return reply.code(400).send({ error: parsed });
    ctx.faults.add(parsed.target, parsed.fault, parsed.times);
    return { queued: ctx.faults.pending };
  });
  app.delete("/_sim/faults", (_request, reply) => {
    ctx.faults.clear();
    return reply.send({ queued: 0 });
  });
  app.post("/_sim/clock", async (request, reply) => {
    const b = bodyOf(request.body);
    const advance = typeof b.advance === "string" ? parseDuration(b.advance) : undefined;
    const set = typeof b.set === "string" ? Date.parse(b.set) : undefined;
    if (advance === undefined && (set === undefined || Number.isNaN(set)))
      return reply.code(400).send({ error: 'expected {"advance": "PT5M"} or {"set": "2024-01-01T00:00:00Z"}' });
    if (advance !== undefined) ctx.clock.advance(advance);
    else ctx.clock.set(set!);
    return { now: new Date(ctx.clock.now()).toISOString() };
  });
  app.post("/_sim/tokens/expire", (_request, reply) => {
    ctx.entra.expireAll();
    return reply.send({ expired: true });
  });
  app.put("/_sim/tokens/lifetime", async (request, reply) => {
    const seconds = Number(bodyOf(request.body).seconds);
    if (!Number.isInteger(seconds) || seconds < 1) return reply.code(400).send({ error: 'expected {"seconds": 60}' });
    ctx.entra.tokenLifetimeSeconds = seconds;
    return { seconds };
  });
  app.post("/_sim/records", async (request, reply) => {
    const b = bodyOf(request.body);
    const count = Number(b.count);
    const ago = parseDuration(typeof b.over === "string" ? b.over : "PT1H");
    if (!Number.isInteger(count) || count < 1 || count > 1_000_000 || ago === undefined) {
      return reply
        .code(400)
        .send({ error: 'expected {"count": 1000, "over": "PT1H"} (records spread over the last hour)' });
    }
    const now = ctx.clock.now();
    ctx.tenant.addRecords(count, now - ago, now);
    return { added: count };
  });
  app.get("/_sim/requests", (_request, reply) => reply.send(ctx.requests));
}
