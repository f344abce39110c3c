/**
 * The receiver is down or goes away: messages wait in the bounded queue (send applies backpressure, never drops),
 * are delivered when it comes up, and a send fails clearly once its retries are spent.
 */
import { createServer, type Socket } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import type { AppError } from "../../../src/errors.js";
import { createTransport } from "../../../src/transports/registry.js";
import type { Transport } from "../../../src/transports/transport.js";
import { freeTcpPort } from "../../support/ports.js";
import { createRsyslog, type Rsyslog } from "../../support/rsyslog.js";
import { metricValue, outputConfig, transportDeps } from "../../support/transport.js";

const messages = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => ({ payload: `CEF:0|Microsoft|MDE|2.0|A|Outage|5|externalId=${from + i}` }));
const ids = (lines: string[]) => lines.map((l) => Number(/externalId=(\d+)$/.exec(l)?.[1]));

/** Polls a condition that the transport reaches on its own (a failed connection attempt, a queue that fills). */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await sleep(10);
}

let rsyslog: Rsyslog | undefined;
let transport: Transport | undefined;
afterEach(async () => {
  await transport?.close(1000);
  await rsyslog?.dispose();
  transport = rsyslog = undefined;
});

describe("receiver down", () => {
  it("at start: messages are queued and delivered when it comes up", async () => {
    rsyslog = await createRsyslog();
    transport = createTransport(outputConfig({ transport: "tcp", port: rsyslog.ports.tcp }), transportDeps());
    const sent = transport.send(messages(0, 100));
    await until(() => transport!.status().lastError !== undefined);
    expect(transport.status()).toMatchObject({ connected: false, queued: 100 });
    await rsyslog.start();
    await sent;
    expect(ids(await rsyslog.waitForLines("tcp", 100))).toEqual(messages(0, 100).map((_, i) => i));
  });

  it("with the queue full: send waits instead of dropping, and everything arrives once it is up", async () => {
    rsyslog = await createRsyslog();
    const deps = transportDeps();
    transport = createTransport(outputConfig({ transport: "tcp", port: rsyslog.ports.tcp, queueMessages: 50 }), deps);
    const settled: number[] = [];
    const sends = [0, 1, 2, 3].map((b) => transport!.send(messages(b * 50, 50)).then(() => settled.push(b)));
    await until(() => transport!.status().lastError !== undefined && transport!.status().queued === 50);
    await sleep(100);
    expect(transport.status().queued).toBe(50);
    expect(await metricValue(deps.metrics, "mdefwd_transport_queue_depth")).toBe(50);
    expect(settled).toEqual([]);
    await rsyslog.start();
    await Promise.all(sends);
    expect(ids(await rsyslog.waitForLines("tcp", 200)).sort((a, b) => a - b)).toEqual(
      messages(0, 200).map((_, i) => i),
    );
  });

  it("for good: send rejects after the configured retries, naming the destination, and keeps nothing queued", async () => {
    const port = await freeTcpPort();
    transport = createTransport(
      outputConfig({ transport: "tcp", port, retries: 2, reconnectDelay: 10, maxReconnectDelay: 20 }),
      transportDeps(),
    );
    const error = (await transport.send(messages(0, 3)).catch((e: unknown) => e)) as AppError;
    expect(error.code).toBe("E_DELIVERY");
    expect(error.message).toMatch(
      new RegExp(
        `^tcp 127\\.0\\.0\\.1:${port}: not delivered after 3 failed connection attempts \\(output\\.retries 2\\): cannot connect .*ECONNREFUSED`,
      ),
    );
    expect(transport.status().queued).toBe(0);
  });

  it("at close: close gives up after its time limit and rejects what was not delivered", async () => {
    transport = createTransport(outputConfig({ transport: "tcp", port: await freeTcpPort() }), transportDeps());
    const sent = transport.send(messages(0, 5)).catch((e: unknown) => e);
    await transport.close(200);
    expect(await sent).toMatchObject({ code: "E_TRANSPORT_CLOSED" });
    await expect(transport.send(messages(5, 1))).rejects.toMatchObject({ code: "E_TRANSPORT_CLOSED" });
  });
});

describe("receiver that stops reading", () => {
  it("a write it does not take within writeTimeout ends the connection; send fails after its retries", async () => {
    const sockets: Socket[] = [];
    const stalled = createServer((socket) => sockets.push(socket.pause()));
    await new Promise<void>((resolve) => stalled.listen(0, "127.0.0.1", resolve));
    const { port } = stalled.address() as { port: number };
    const output = outputConfig({
      transport: "tcp",
      port,
      writeTimeout: 200,
      retries: 1,
      reconnectDelay: 10,
      maxReconnectDelay: 20,
    });
    transport = createTransport(output, transportDeps());
    const big = Array.from({ length: 20_000 }, (_, i) => ({
      payload: `CEF:0|Microsoft|MDE|2.0|A|Stalled|5|msg=${"x".repeat(1000)} externalId=${i}`,
    }));
    const error = (await transport.send(big).catch((e: unknown) => e)) as AppError;
    expect(error.code).toBe("E_DELIVERY");
    expect(error.message).toMatch(
      /not delivered after 2 failed connection attempts .*: the receiver took no data for 0\.2s \(output\.writeTimeout\)$/,
    );
    expect(sockets.length).toBe(2);
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => stalled.close(resolve));
  });
});

describe("receiver restart between messages", () => {
  it("is noticed by reading the socket, and the next messages go to the new connection", async () => {
    rsyslog = await createRsyslog();
    await rsyslog.start();
    const deps = transportDeps();
    transport = createTransport(outputConfig({ transport: "tcp", port: rsyslog.ports.tcp }), deps);
    await transport.send(messages(0, 10));
    await rsyslog.waitForLines("tcp", 10);
    await rsyslog.stop();
    await until(() => !transport!.status().connected);
    await rsyslog.start();
    await transport.send(messages(10, 10));
    const lines = await rsyslog.waitUntil("tcp", (l) => new Set(ids(l)).size === 20);
    expect([...new Set(ids(lines))].sort((a, b) => a - b)).toEqual(messages(0, 20).map((_, i) => i));
    expect(await metricValue(deps.metrics, "mdefwd_transport_reconnects_total")).toBe(2);
  });
});
