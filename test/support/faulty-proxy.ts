/**
 * A TCP proxy in front of a receiver that misbehaves on purpose, for the reliability suite:
 *  - `stall`: the next connections are accepted, pass their first `afterBytes` bytes (enough for a TLS handshake when
 *    asked), then are never read again: the sender's writes pile up in the kernel until it gives up;
 *  - `reset`: the next connections are reset (TCP RST) after a random number of bytes, cutting a message anywhere; what
 *    was passed on before the reset reaches the receiver, the rest is lost on the wire. With `thenDown`, the proxy
 *    stops listening after the last reset: the network is down;
 *  - `close`: the next connections are closed (TCP FIN) at their first bytes, which are never passed on: a receiver
 *    that does not speak the sender's protocol (a TLS port under plain TCP).
 * It works below TLS, so it serves TCP and TLS receivers alike.
 */
import { createServer, connect, type Server, type Socket } from "node:net";
import type { Random } from "../../src/simulator/random.js";

export interface ProxyStats {
  connections: number;
  stalled: number;
  resets: number;
  closed: number;
}

export type ProxyMode =
  | { kind: "pass" }
  | { kind: "stall"; connections: number; afterBytes: number }
  | { kind: "reset"; random: Random; minBytes: number; maxBytes: number; connections: number; thenDown?: boolean }
  | { kind: "close"; connections: number };

export interface FaultyProxy {
  port: number;
  stats: ProxyStats;
  mode(mode: ProxyMode): void;
  close(): Promise<void>;
}

export async function startFaultyProxy(targetPort: number): Promise<FaultyProxy> {
  const stats: ProxyStats = { connections: 0, stalled: 0, resets: 0, closed: 0 };
  const sockets = new Set<Socket>();
  let mode: ProxyMode = { kind: "pass" };

  /** How many bytes this connection may pass before its fault, if it has one. */
  const budgetOf = (): { bytes: number; fault: "stall" | "reset" | "close" } | undefined => {
    if (mode.kind === "close" && stats.closed < mode.connections) {
      stats.closed++;
      return { bytes: 0, fault: "close" };
    }
    if (mode.kind === "stall" && stats.stalled < mode.connections) {
      stats.stalled++;
      return { bytes: mode.afterBytes, fault: "stall" };
    }
    if (mode.kind === "reset" && stats.resets < mode.connections)
      return { bytes: mode.random.int(mode.minBytes, mode.maxBytes), fault: "reset" };
    return undefined;
  };

  const server: Server = createServer((client) => {
    stats.connections++;
    const upstream = connect(targetPort, "127.0.0.1");
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s)).on("error", () => undefined);
    }
    const budget = budgetOf();
    let passed = 0;
    client.on("data", (chunk: Buffer) => {
      if (!budget || passed + chunk.length <= budget.bytes) {
        passed += chunk.length;
        if (!upstream.write(chunk)) client.pause();
        return;
      }
      upstream.write(chunk.subarray(0, budget.bytes - passed));
      passed = budget.bytes;
      if (budget.fault === "close") {
        client.removeAllListeners("data");
        client.end();
        upstream.end();
        return;
      }
      if (budget.fault === "stall") {
        client.pause();
        client.removeAllListeners("data");
        return;
      }
      stats.resets++;
      client.resetAndDestroy();
      upstream.end();
      if (mode.kind === "reset" && mode.thenDown && stats.resets >= mode.connections) server.close();
    });
    upstream.on("drain", () => client.resume());
    upstream.on("data", (chunk: Buffer) => client.write(chunk));
    client.on("close", () => upstream.end());
    upstream.on("close", () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as { port: number }).port,
    stats,
    mode(next) {
      mode = next;
    },
    async close() {
      for (const s of sockets) s.destroy();
      if (server.listening) await new Promise((resolve) => server.close(resolve));
    },
  };
}
