/**
 * The health and metrics server. Built without listening, so tests use `inject()`; the daemon calls `listen`.
 */
import Fastify, { type FastifyInstance } from "fastify";
import type { Metrics } from "./metrics.js";
import type { Readiness } from "./readiness.js";

export interface HealthView {
  metrics: Metrics;
  /** Every tenant's readiness, or one tenant's (`/readyz?tenant=NAME`). */
  readiness(tenant?: string): Readiness;
  /** What `/status` shows: JSON with no secrets. */
  status(): unknown;
}

export function buildHealthServer(view: HealthView): FastifyInstance {
  const app = Fastify({ logger: false });
  app.get("/healthz", () => ({ status: "ok" }));
  app.get<{ Querystring: { tenant?: string } }>("/readyz", async (request, reply) => {
    const { tenant } = request.query;
    const state = view.readiness(typeof tenant === "string" ? tenant : undefined);
    return reply
      .code(state.ready ? 200 : 503)
      .send(state.ready ? { status: "ready" } : { status: "not ready", reason: state.reason });
  });
  app.get("/metrics", async (_request, reply) =>
    reply.type(view.metrics.registry.contentType).send(await view.metrics.registry.metrics()),
  );
  app.get("/status", () => view.status());
  return app;
}
