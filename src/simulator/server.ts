/** The simulated tenant as a Fastify application: built here, listened to by `startSimulator`. */
import Fastify, { type FastifyInstance } from "fastify";
import { queryOf, type SimContext } from "./context.js";
import { alertsApiRoutes } from "./routes/alerts-api.js";
import { controlRoutes } from "./routes/control.js";
import { graphRoutes } from "./routes/graph.js";
import { incidentsRoutes } from "./routes/incidents.js";
import { siemRoutes } from "./routes/siem.js";
import { tokenRoutes } from "./routes/token.js";

/** Request logs are kept short: the simulator serves tests and demos, which read its state rather than its log. */
const MAX_LOGGED_REQUESTS = 10_000;

export function buildSimulatorApp(ctx: SimContext, options: { log?: boolean } = {}): FastifyInstance {
  const app = simulatorServer(options);
  simulatorRoutes(app, ctx);
  return app;
}

/** Several simulated tenants on one port: each tenant's routes under `/t/NAME` (its own Entra, APIs and control). */
export function buildTenantsApp(
  tenants: readonly { name: string; ctx: SimContext }[],
  options: { log?: boolean } = {},
): FastifyInstance {
  const app = simulatorServer(options);
  for (const { name, ctx } of tenants)
    void app.register(
      (scope, _options, done) => {
        simulatorRoutes(scope, ctx);
        done();
      },
      { prefix: tenantPrefix(name) },
    );
  return app;
}

export const tenantPrefix = (name: string) => `/t/${name}`;

function simulatorServer(options: { log?: boolean }): FastifyInstance {
  return Fastify({
    logger: options.log ?? false,
    forceCloseConnections: true,
    routerOptions: {
      caseSensitive: false,
      ignoreTrailingSlash: true,
      querystringParser: (s: string) => queryOf(`?${s}`),
    },
  });
}

/** The routes and hooks of one tenant, on `app` or on a prefixed scope of it. */
function simulatorRoutes(app: FastifyInstance, ctx: SimContext): void {
  // The simulated clock is the API's clock: its Date header says so, as a real server's says its own time.
  app.addHook("onSend", async (_request, reply) => {
    void reply.header("date", new Date(ctx.clock.now()).toUTCString());
  });
  app.addHook("onResponse", async (request, reply) => {
    if (ctx.requests.length >= MAX_LOGGED_REQUESTS) ctx.requests.shift();
    const path = request.url.split("?")[0]!;
    ctx.requests.push({
      method: request.method,
      path,
      query: request.query as Record<string, string[]>,
      status: reply.statusCode,
      userAgent: request.headers["user-agent"],
      at: ctx.clock.now(),
    });
  });
  tokenRoutes(app, ctx);
  siemRoutes(app, ctx);
  alertsApiRoutes(app, ctx);
  graphRoutes(app, ctx);
  incidentsRoutes(app, ctx);
  controlRoutes(app, ctx);
}
