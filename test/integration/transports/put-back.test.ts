/**
 * A connection lost in the middle of a stream, then no receiver until the output closes: the messages written before
 * the loss that could not be written again are handed back by `close` (their refs), so the pipeline does not count
 * them as delivered. Every message either arrived or was handed back.
 */
import { once } from "node:events";
import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Random } from "../../../src/simulator/random.js";
import { createTransport } from "../../../src/transports/registry.js";
import { startFaultyProxy, type FaultyProxy } from "../../support/faulty-proxy.js";
import { startRsyslog, type Rsyslog } from "../../support/rsyslog.js";
import { outputConfig, transportDeps } from "../../support/transport.js";

let rsyslog: Rsyslog;
let proxy: FaultyProxy;

beforeAll(async () => {
  rsyslog = await startRsyslog();
  proxy = await startFaultyProxy(rsyslog.ports.tcp);
});
afterAll(async () => {
  await proxy.close();
  await rsyslog.dispose();
});

const message = (i: number) => ({
  payload: `CEF:0|Microsoft|MDE|2.0|A|Put back|5|cs1=${"x".repeat(300)} externalId=${i}`,
  ref: i,
});

describe("close after a connection loss", () => {
  it("hands back every message it wrote before the loss and could not write again", async () => {
    proxy.mode({
      kind: "reset",
      random: new Random(3),
      minBytes: 1_000_000,
      maxBytes: 1_000_000,
      connections: 1,
      thenDown: true,
    });
    const transport = createTransport(
      outputConfig({ transport: "tcp", port: proxy.port, framing: "octet-counting" }),
      transportDeps(),
    );
    const sends: Promise<void>[] = [];
    for (let i = 0; i < 10_000; i += 500)
      sends.push(transport.send(Array.from({ length: 500 }, (_, k) => message(i + k))));
    while (proxy.stats.resets === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const handedBack = (await transport.close(500)) as number[];
    const settled = await Promise.allSettled(sends);
    const sentOk = settled.flatMap((s, b) =>
      s.status === "fulfilled" ? Array.from({ length: 500 }, (_, k) => b * 500 + k) : [],
    );
    const arrived = new Set(
      (await rsyslog.waitForLines("tcp", 0)).map((l) => Number(/externalId=(\d+)$/.exec(l)?.[1])),
    );
    expect(handedBack.length).toBeGreaterThan(0);
    expect(sentOk.filter((i) => !arrived.has(i) && !handedBack.includes(i))).toEqual([]);
  });

  it("hands back what it wrote when the receiver resets the connection as the output closes it", async () => {
    // The receiver reads everything but answers the output's FIN with a reset: it may not have kept what came last.
    const receiver = createServer({ allowHalfOpen: true }, (socket) =>
      socket.resume().on("end", () => socket.resetAndDestroy()),
    );
    receiver.listen(0, "127.0.0.1");
    await once(receiver, "listening");
    const transport = createTransport(
      outputConfig({ transport: "tcp", port: (receiver.address() as { port: number }).port }),
      transportDeps(),
    );
    await transport.send(Array.from({ length: 100 }, (_, i) => message(i)));
    const handedBack = (await transport.close(2_000)) as number[];
    receiver.close();
    expect(handedBack.sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });
});
