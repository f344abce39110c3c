/** How a queued fault changes a response of the simulator (API or token endpoint). */
import { setTimeout as delay } from "node:timers/promises";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Fault } from "../faults.js";

/** Applies the fault; true when it has answered the request itself. A `slow` fault only delays. */
export async function replyWithFault(
  fault: Fault | undefined,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<boolean> {
  switch (fault?.kind) {
    case undefined:
    case "truncate":
    case "entra":
      return false;
    case "slow":
      await delay(fault.delayMs);
      return false;
    case "reset":
      reply.hijack();
      request.raw.socket.destroy();
      return true;
    case "malformed":
      await reply
        .code(200)
        .type("application/json")
        .send(fault.body ?? "<html><body>Service Unavailable</body></html>");
      return true;
    case "status":
      if (fault.retryAfter !== undefined) void reply.header("retry-after", String(fault.retryAfter));
      await reply
        .code(fault.status)
        .type("application/json")
        .send(
          fault.body ??
            JSON.stringify({ error: { code: `Status${fault.status}`, message: `Simulated HTTP ${fault.status}` } }),
        );
      return true;
  }
}
