/**
 * RELP to a real rsyslog (imrelp, plain and over TLS with a client certificate): hostile CEF and LEEF arrive byte for
 * byte, exactly once, every message confirmed by its acknowledgement; graceful restarts of rsyslog in a stream lose
 * nothing; `check --online`'s probe; the errors for a port that does not speak RELP as configured.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../../../src/errors.js";
import { syslogHeader } from "../../../src/formats/syslog-header.js";
import { createLogger } from "../../../src/logging/logger.js";
import { createTransport, probeTransport } from "../../../src/transports/registry.js";
import { makeCerts, type TestCerts } from "../../support/certs.js";
import { HOSTILE } from "../../support/hostile-messages.js";
import { startRsyslog, type Rsyslog, type RsyslogOutput } from "../../support/rsyslog.js";
import { outputConfig, transportDeps } from "../../support/transport.js";

const NOW = new Date("2024-11-06T03:04:05.678Z");
let certs: TestCerts;
let rsyslog: Rsyslog;
beforeAll(async () => {
  certs = await makeCerts();
  rsyslog = await startRsyslog({ certs, relp: true });
});
afterAll(() => rsyslog?.dispose());

const clientTls = () => ({ ca: certs.ca, cert: certs.client.cert, key: certs.client.key, rejectUnauthorized: true });
const relpOutput = (overrides: Record<string, unknown>) =>
  outputConfig({ transport: "relp", ackTimeout: 10_000, window: 128, ...overrides } as never);
const codeOf = (err: unknown) => (err instanceof AppError ? err.code : String(err));

async function deliverHostile(file: RsyslogOutput, port: number, tls?: ReturnType<typeof clientTls>) {
  const before = await rsyslog.read(file);
  const output = relpOutput({ port, ...(tls ? { tls } : {}) });
  const transport = createTransport<number>(
    output,
    transportDeps(() => NOW),
  );
  const confirmed: number[] = [];
  transport.onConfirmed((refs) => confirmed.push(...refs));
  await transport.send(HOSTILE.map((m, i) => ({ ...m, ref: i })));
  await transport.flush();
  expect(confirmed).toEqual(HOSTILE.map((_, i) => i));
  expect(await transport.close()).toEqual([]);
  // RELP carries any byte: an LF inside a message stays inside it.
  const want = before + HOSTILE.map((m) => `${syslogHeader(output, NOW, m.severity)}${m.payload}\n`).join("");
  await rsyslog.waitForLines(file, want.split("\n").length - 1);
  expect(Buffer.from(await rsyslog.read(file))).toEqual(Buffer.from(want));
}

describe("RELP to rsyslog's imrelp", () => {
  it("delivers hostile CEF and LEEF byte-exact, each confirmed by its acknowledgement", async () => {
    await deliverHostile("relp", rsyslog.ports.relp!);
  });

  it("delivers them byte-exact over TLS with a client certificate (librelp's TLS)", async () => {
    await deliverHostile("relptls", rsyslog.ports.relptls!, clientTls());
  });

  it("loses nothing through graceful restarts of rsyslog mid-stream, and repeats nothing after a serverclose", async () => {
    const before = (await rsyslog.waitForLines("relp", 0)).length;
    const log: string[] = [];
    const logger = createLogger({
      level: "warn",
      stream: "stderr",
      destination: { write: (line: string) => log.push(line) },
    });
    const transport = createTransport<number>(relpOutput({ port: rsyslog.ports.relp }), { ...transportDeps(), logger });
    const total = 12_000;
    const marker = `restarts-${Date.now()}`;
    const payload = (i: number) => `CEF:0|M|MDE|2|x|${marker} ${i} ${"x".repeat(300)}|5|`;
    const sending = transport.send(Array.from({ length: total }, (_, i) => ({ payload: payload(i), ref: i })));
    const restarts = 3;
    for (let r = 1; r <= restarts; r++) {
      await rsyslog.waitForLines("relp", before + (total * r) / (restarts + 1), 60_000);
      await rsyslog.stop();
      await rsyslog.start();
    }
    await sending;
    expect(await transport.close()).toEqual([]);
    const arrived = (await rsyslog.waitForLines("relp", before + total)).slice(before);
    const numbers = new Set(arrived.map((line) => Number(new RegExp(`${marker} (\\d+) `).exec(line)?.[1])));
    // rsyslog answers what it took, then sends serverclose: what was not answered never arrived. But it closes with
    // frames still unread, so its kernel may reset the connection and drop answers not yet sent: a window at most.
    const lost = log.filter((line) => line.includes('"msg":"RELP session lost"'));
    const reset = lost.filter((line) => !line.includes("closed the RELP session")).length;
    expect(total - numbers.size).toBe(0);
    // A restart that comes while the forwarder is still reconnecting after the previous one ends no session.
    expect(lost.length).toBeGreaterThanOrEqual(1);
    expect(lost.length).toBeLessThanOrEqual(restarts);
    expect(arrived.length - numbers.size).toBeLessThanOrEqual(reset * 128);
  });

  it("probes a RELP port for check --online, plain and TLS", async () => {
    const plain = await probeTransport(relpOutput({ port: rsyslog.ports.relp }));
    expect(plain).toMatch(/^relp 127\.0\.0\.1:\d+: RELP session opened; the receiver accepts syslog \(.*librelp/);
    const tls = await probeTransport(relpOutput({ port: rsyslog.ports.relptls, tls: clientTls() }));
    expect(tls).toMatch(/RELP session opened, TLSv1\.[23], certificate verified; the receiver accepts syslog/);
  });

  it("says a plain TCP syslog port never answers RELP's open", async () => {
    const output = relpOutput({ port: rsyslog.ports.tcp, connectTimeout: 1000 });
    const error = await probeTransport(output).catch((e: unknown) => e);
    expect(codeOf(error)).toBe("E_RELP_OPEN");
    expect((error as Error).message).toMatch(/no answer to RELP open within 1s .*plain TCP syslog port never answers/);
  });

  it("says a TLS port closes the connection before answering plain RELP's open", async () => {
    const error = await probeTransport(relpOutput({ port: rsyslog.ports.relptls })).catch((e: unknown) => e);
    expect(codeOf(error)).toBe("E_RELP_OPEN");
    expect((error as Error).message).toMatch(/closed the connection before answering RELP open.*output\.tls/);
  });

  it("refuses a receiver whose certificate is not signed by the CA given, before sending anything", async () => {
    const tls = { ...clientTls(), ca: certs.otherCa };
    const error = await probeTransport(relpOutput({ port: rsyslog.ports.relptls, tls })).catch((e: unknown) => e);
    expect(codeOf(error)).toBe("E_TLS_CERTIFICATE");
  });
});
