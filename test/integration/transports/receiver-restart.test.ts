/**
 * The receiver restarts in the middle of a stream of 20,000 messages: every message arrives at least once.
 * Plain TCP and TLS have no acknowledgement, so what was written shortly before the loss is written again;
 * the duplicates this causes are counted and printed.
 */
import { describe, expect, it } from "vitest";
import type { OutputConfig } from "../../../src/config/config.js";
import { createTransport } from "../../../src/transports/registry.js";
import { useRsyslogWithCerts } from "../../support/rsyslog-fixture.js";
import type { RsyslogOutput } from "../../support/rsyslog.js";
import { metricValue, outputConfig, transportDeps } from "../../support/transport.js";

const TOTAL = 20_000;
const BATCH = 500;
const env = useRsyslogWithCerts();

const message = (i: number) => ({
  payload: `CEF:0|Microsoft|Microsoft Defender ATP|2.0|Alert|Restart test|5|cs1=${"x".repeat(200)} externalId=${i}`,
});

/** Sends all messages in batches, restarting env.rsyslog when half of them were acknowledged. */
async function streamThroughRestart(output: OutputConfig, file: RsyslogOutput) {
  const deps = transportDeps();
  const transport = createTransport(output, deps);
  let restart: Promise<void> = Promise.resolve();
  for (let i = 0; i < TOTAL; i += BATCH) {
    if (i === TOTAL / 2) restart = env.rsyslog.stop().then(() => env.rsyslog.start());
    await transport.send(Array.from({ length: BATCH }, (_, k) => message(i + k)));
  }
  await restart;
  await transport.close(10_000);
  const idOf = (line: string) => Number(/externalId=(\d+)$/.exec(line)?.[1]);
  const distinct = (lines: string[]) => new Set(lines.map(idOf)).size;
  const lines = await env.rsyslog
    .waitUntil(file, (l) => distinct(l) >= TOTAL, 60_000)
    .catch(() => env.rsyslog.waitForLines(file, 0));
  const seen = new Map<number, number>();
  for (const line of lines) seen.set(idOf(line), (seen.get(idOf(line)) ?? 0) + 1);
  const missing = Array.from({ length: TOTAL }, (_, i) => i).filter((i) => !seen.has(i));
  const duplicates = lines.length - seen.size;
  const resent = await metricValue(deps.metrics, "mdefwd_transport_resent_total");
  console.log(
    `${output.transport} receiver restart: ${TOTAL} messages, ${lines.length} received, ${duplicates} duplicates, ${resent} written again`,
  );
  return { missing, duplicates, resent, distinct: seen.size };
}

describe("a receiver restart in the middle of a stream loses nothing", () => {
  it("over TCP", async () => {
    const result = await streamThroughRestart(
      outputConfig({ transport: "tcp", framing: "octet-counting", port: env.rsyslog.ports.tcp }),
      "tcp",
    );
    expect(result.missing).toEqual([]);
    expect(result.distinct).toBe(TOTAL);
    expect(result.resent).toBeGreaterThan(0);
  });

  it("over TLS", async () => {
    const output = outputConfig({
      transport: "tls",
      port: env.rsyslog.ports.tls,
      tls: { ca: env.certs.ca, rejectUnauthorized: true },
    });
    const result = await streamThroughRestart(output, "tls");
    expect(result.missing).toEqual([]);
    expect(result.distinct).toBe(TOTAL);
    expect(result.resent).toBeGreaterThan(0);
  });
});
