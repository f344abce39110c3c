/**
 * StreamTransport with a fake opener: each connection goes to a loopback peer that the test scripts (read all,
 * close on the first data, reset after some bytes), or the opener fails. What arrives, what is confirmed to the
 * caller (refs), what is written again, and what is handed back at close.
 */
import { createServer, connect, type Server, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { AppError } from "../../../src/errors.js";
import { StreamTransport, type Opener } from "../../../src/transports/stream-transport.js";
import type { OutgoingMessage } from "../../../src/transports/transport.js";
import { outputConfig, transportDeps } from "../../support/transport.js";

type Behaviour = "read" | "close-on-data" | { resetAfter: number };

/** A loopback peer: the n-th connection behaves as `behaviours[n]` (the last one repeats); it keeps what it read. */
async function peer(behaviours: Behaviour[]) {
  const received: Buffer[] = [];
  const sockets = new Set<Socket>();
  let connections = 0;
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket)).on("error", () => undefined);
    const behaviour = behaviours[Math.min(connections++, behaviours.length - 1)]!;
    let read = 0;
    socket.on("data", (chunk: Buffer) => {
      if (behaviour === "close-on-data") return socket.end();
      if (behaviour !== "read" && read + chunk.length > behaviour.resetAfter) {
        received.push(chunk.subarray(0, behaviour.resetAfter - read));
        return socket.resetAndDestroy();
      }
      read += chunk.length;
      received.push(chunk);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    connections: () => connections,
    lines: () => Buffer.concat(received).toString().split("\n").filter(Boolean),
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** The opener: its first `failures` attempts fail (ECONNREFUSED-like), then it connects to `port`. */
function opener(port: number, failures = 0): Opener & { attempts: () => number } {
  let attempts = 0;
  return {
    attempts: () => attempts,
    open: (signal) => {
      attempts++;
      if (attempts <= failures) return Promise.reject(new AppError("E_CONNECT", "refused"));
      return new Promise((resolve, reject) => {
        const socket = connect(port, "127.0.0.1");
        const aborted = () => reject(new AppError("E_TRANSPORT_CLOSED", "closing"));
        signal.addEventListener("abort", aborted, { once: true });
        socket.once("connect", () => {
          signal.removeEventListener("abort", aborted);
          resolve({ socket });
        });
        socket.once("error", reject);
      });
    },
    describe: (err) => err,
    earlyCloseHint: "is this a TLS port?",
  };
}

const messages = (from: number, count: number): OutgoingMessage<string>[] =>
  Array.from({ length: count }, (_, i) => ({ payload: `m${from + i}`, ref: `r${from + i}` }));
const payloads = (lines: string[]) => lines.map((l) => l.slice(l.lastIndexOf(" ") + 1));

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function transportTo(behaviours: Behaviour[], options: { failures?: number; retries?: number } = {}) {
  const receiver = await peer(behaviours);
  const open = opener(receiver.port, options.failures);
  const output = outputConfig({ transport: "tcp", port: receiver.port, retries: options.retries ?? 5 });
  const transport = new StreamTransport<string>(output, transportDeps(), open, { settleMs: 50 });
  const confirmed: string[] = [];
  transport.onConfirmed((refs) => confirmed.push(...refs));
  cleanups.push(() => transport.close(500), receiver.close);
  return { receiver, open, transport, confirmed };
}

describe("StreamTransport", () => {
  it("confirms writes once the connection outlived them, and a clean close confirms the rest", async () => {
    const t = await transportTo(["read"]);
    await t.transport.send(messages(0, 3));
    expect(t.confirmed).toEqual([]);
    await t.transport.flush();
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(t.confirmed).toEqual(["r0", "r1", "r2"]);
    await t.transport.send(messages(3, 2));
    expect(await t.transport.close(1000)).toEqual([]);
    expect(t.confirmed).toEqual(["r0", "r1", "r2", "r3", "r4"]);
    expect(payloads(t.receiver.lines())).toEqual(["m0", "m1", "m2", "m3", "m4"]);
  });

  it("retries a failing opener with backoff, then delivers", async () => {
    const t = await transportTo(["read"], { failures: 2 });
    await t.transport.send(messages(0, 2));
    expect(t.open.attempts()).toBe(3);
    await t.transport.close(1000);
    expect(payloads(t.receiver.lines())).toEqual(["m0", "m1"]);
  });

  it("fails the delivery after output.retries failed attempts", async () => {
    const t = await transportTo(["read"], { failures: 100, retries: 2 });
    const error = await t.transport.send(messages(0, 1)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "E_DELIVERY" });
    expect((error as Error).message).toMatch(/after 3 failed connection attempts \(output\.retries 2\)/);
  });

  it("writes again after a reset what the lost connection did not outlive; each ref is confirmed once", async () => {
    const t = await transportTo([{ resetAfter: 20 }, "read"]);
    await t.transport.send(messages(0, 5));
    await t.transport.flush();
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(t.receiver.connections()).toBe(2);
    expect(new Set(payloads(t.receiver.lines()))).toEqual(new Set(["m0", "m1", "m2", "m3", "m4"]));
    expect(t.confirmed).toEqual(["r0", "r1", "r2", "r3", "r4"]);
    expect(await t.transport.close(1000)).toEqual([]);
  });

  it("a receiver that closes every connection after the first message: nothing confirmed, a clear failure", async () => {
    const t = await transportTo(["close-on-data"], { retries: 10 });
    await t.transport.send(messages(0, 2));
    const error = await t.transport.flush().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "E_RECEIVER_CLOSED" });
    expect((error as Error).message).toMatch(
      /: the receiver closes the connection after the first message \(3 in a row\): is this a TLS port\?/,
    );
    await t.transport.send(messages(2, 1));
    await expect(t.transport.flush()).rejects.toMatchObject({ code: "E_RECEIVER_CLOSED" });
    expect(t.confirmed).toEqual([]);
    expect(await t.transport.close(1000)).toEqual(["r0", "r1", "r2"]);
  });

  it("hands back at close what a lost connection left unconfirmed when no new connection comes", async () => {
    const t = await transportTo([{ resetAfter: 10 }], { failures: 0 });
    await t.transport.send(messages(0, 3));
    await t.receiver.close();
    const unsure = await t.transport.close(300);
    expect(unsure).toEqual(["r0", "r1", "r2"]);
    expect(t.confirmed).toEqual([]);
  });
});
