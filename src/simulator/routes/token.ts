/** Entra ID's v1 (`/oauth2/token`) and v2 (`/oauth2/v2.0/token`) endpoints, form-encoded as the real ones. */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { SimContext } from "../context.js";
import { replyWithFault } from "./fault-replies.js";

/** The endpoint as the client addressed it (under a tenant's prefix when several tenants share the port). */
function endpointUrls(request: FastifyRequest): string[] {
  const base = `${request.protocol}://${request.host}${request.url.split("/oauth2/")[0]}/oauth2`;
  return [`${base}/token`, `${base}/v2.0/token`];
}

export function tokenRoutes(app: FastifyInstance, ctx: SimContext): void {
  app.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string" }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  for (const [version, path] of [
    ["v1", "/:tenant/oauth2/token"],
    ["v2", "/:tenant/oauth2/v2.0/token"],
  ] as const) {
    app.post<{ Params: { tenant: string } }>(path, async (request, reply) => {
      const fault = ctx.faults.take("token");
      if (await replyWithFault(fault, request, reply)) return reply;
      const form = (typeof request.body === "object" && request.body !== null ? request.body : {}) as Record<
        string,
        string
      >;
      const answer = ctx.entra.token(version, request.params.tenant, form, endpointUrls(request), fault);
      return reply.code(answer.status).send(answer.body);
    });
  }
}
