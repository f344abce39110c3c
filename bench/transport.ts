/**
 * 100,000 pre-encoded CEF messages over TCP (RFC 5424 header, LF framing) to a local receiver that counts bytes,
 * timed until the receiver has every byte: mde-forwarder's transport against syslog-client sending the same
 * messages, and raw `socket.write` of the same bytes as the ceiling. Then the same messages to a real rsyslog over
 * TCP, TLS, RELP and RELP over TLS, timed until rsyslog has written every one: what RELP's acknowledgements cost.
 */
import { stat } from "node:fs/promises";
import { connect, type Socket } from "node:net";
import { hostname } from "node:os";
import { once } from "node:events";
import { Transport as SyslogTransport, createClient } from "syslog-client";
import { Metrics } from "../src/health/metrics.js";
import { createLogger } from "../src/logging/logger.js";
import type { OutputConfig } from "../src/config/config.js";
import { createTransport } from "../src/transports/registry.js";
import { renderMessages, splitChunk } from "../src/transports/render.js";
import type { OutgoingMessage } from "../src/transports/transport.js";
import { makeCerts, type TestCerts } from "../test/support/certs.js";
import { startRsyslog, type Rsyslog, type RsyslogOutput } from "../test/support/rsyslog.js";
import { medianSeconds, throughputTable, type BenchModule, type Table } from "./bench.js";
import { startByteSink, type ByteSink } from "./sink.js";

const COUNT = 100_000;
const BATCH = 1_000;
const HOST = hostname();

/** Realistic SIEM API alerts encoded as CEF, each different. */
function cefMessages(count = COUNT): OutgoingMessage[] {
  return Array.from({ length: count }, (_, i) => ({
    payload:
      `CEF:0|Microsoft|Microsoft Defender ATP|2.0|da${(637000000000 + i).toString(16)}|Suspicious PowerShell command line|8|` +
      `rt=${1_700_000_000_000 + i * 1000} shost=desktop-${i % 500}.contoso.local suser=CONTOSO\\\\user${i % 97} ` +
      `fname=powershell.exe filePath=C:\\\\Windows\\\\System32\\\\WindowsPowerShell\\\\v1.0 fileHash=${"ab12".repeat(10)} ` +
      `cs1Label=ThreatCategory cs1=SuspiciousActivity externalId=da${i}_-${i * 7} msg=A PowerShell command line was seen`,
    severity: 8,
  }));
}

/** The size of a typical message on the wire: header, payload and LF. */
function typicalBytes(): number {
  return Buffer.byteLength(
    `<134>1 ${new Date().toISOString()} ${HOST} mde-forwarder - - - ${cefMessages(1)[0]!.payload}\n`,
  );
}

function output(port: number): OutputConfig {
  return {
    transport: "tcp",
    host: "127.0.0.1",
    port,
    framing: "lf",
    header: "rfc5424",
    facility: 16,
    severity: 6,
    appName: "mde-forwarder",
    hostname: HOST,
    maxMessageBytes: 8192,
    connectTimeout: 10_000,
    writeTimeout: 30_000,
    reconnectDelay: 500,
    maxReconnectDelay: 30_000,
    retries: 8,
    queueMessages: 10_000,
    queueBytes: 16_777_216,
    resendBytes: 8_388_608,
  };
}

async function openSocket(port: number): Promise<Socket> {
  const socket = connect(port, "127.0.0.1");
  await once(socket, "connect");
  return socket;
}

/** Writes each buffer with `socket.write`, waiting for `drain` when asked to. */
async function rawWrite(port: number, chunks: readonly string[]): Promise<void> {
  const socket = await openSocket(port);
  for (const chunk of chunks) if (!socket.write(chunk)) await once(socket, "drain");
  socket.end();
}

async function forwarder(port: number, messages: OutgoingMessage[], batch: number): Promise<void> {
  const deps = {
    logger: createLogger({ level: "silent", stream: "stderr", pretty: false }),
    metrics: new Metrics({ processMetrics: false }),
  };
  const transport = createTransport(output(port), deps);
  for (let i = 0; i < messages.length; i += batch) await transport.send(messages.slice(i, i + batch));
  await transport.close();
}

async function syslogClient(port: number, messages: OutgoingMessage[]): Promise<void> {
  const client = createClient("127.0.0.1", {
    transport: SyslogTransport.Tcp,
    port,
    syslogHostname: HOST,
    appName: "mde-forwarder",
    rfc3164: false,
  });
  const options = { facility: 16, severity: 6, rfc3164: false, appName: "mde-forwarder", syslogHostname: HOST };
  await Promise.all(
    messages.map(
      (m) =>
        new Promise<void>((resolve, reject) =>
          client.log(m.payload, options, (err) => (err ? reject(err) : resolve())),
        ),
    ),
  );
  client.close();
}

/** syslog-client's RFC 5424 header carries the process ID as PROCID; the rest has our header's length. */
function syslogClientBytes(messages: OutgoingMessage[]): number {
  const header = Buffer.byteLength(`<134>1 ${new Date().toISOString()} ${HOST} mde-forwarder ${process.pid} - - `);
  return messages.reduce((sum, m) => sum + header + Buffer.byteLength(m.payload) + 1, 0);
}

/** A task that sends and resolves once the sink has all `bytes`. */
function toSink(sink: ByteSink, bytes: number, send: () => Promise<void>) {
  return async () => {
    const received = sink.expect(bytes);
    await send();
    await received;
  };
}

async function run(): Promise<Table[]> {
  const messages = cefMessages();
  const frames = renderMessages(messages, output(0), "lf", new Date()).flatMap(splitChunk);
  const bytes = frames.reduce((sum, f) => sum + f.length, 0);
  const perMessage = frames.map(String);
  const chunks: string[] = [];
  for (let i = 0; i < perMessage.length; i += 200) chunks.push(perMessage.slice(i, i + 200).join(""));
  const sink = await startByteSink();
  let tables: Table[] = [];
  try {
    const skipSyslogClient = process.env.BENCH_SKIP_SYSLOG_CLIENT === "1";
    const t = await medianSeconds({
      ceiling: toSink(sink, bytes, () => rawWrite(sink.port, chunks)),
      rawEach: toSink(sink, bytes, () => rawWrite(sink.port, perMessage)),
      ours: toSink(sink, bytes, () => forwarder(sink.port, messages, BATCH)),
      oursOne: toSink(sink, bytes, () => forwarder(sink.port, messages, COUNT)),
      ...(skipSyslogClient
        ? {}
        : { theirs: toSink(sink, syslogClientBytes(messages), () => syslogClient(sink.port, messages)) }),
    });
    const vs = (s: number) =>
      `${t.theirs ? `${(t.theirs / s).toFixed(1)}× syslog-client, ` : ""}${(t.ceiling! / s).toFixed(2)} of the ceiling, ${(t.rawEach! / s).toFixed(2)}× raw per message`;
    tables = [
      throughputTable([
        { case: "raw socket.write, 200 messages per write (ceiling)", messages: COUNT, seconds: t.ceiling! },
        {
          case: "raw socket.write, one per message",
          messages: COUNT,
          seconds: t.rawEach!,
          note: `${(t.ceiling! / t.rawEach!).toFixed(2)} of the ceiling`,
        },
        {
          case: `mde-forwarder tcp, send() of ${BATCH.toLocaleString("en")}`,
          messages: COUNT,
          seconds: t.ours!,
          note: vs(t.ours!),
        },
        {
          case: `mde-forwarder tcp, one send() of ${COUNT.toLocaleString("en")}`,
          messages: COUNT,
          seconds: t.oursOne!,
          note: vs(t.oursOne!),
        },
        ...(t.theirs
          ? [{ case: "syslog-client 1.1.1 tcp, log() per message", messages: COUNT, seconds: t.theirs }]
          : []),
      ]),
    ];
  } finally {
    await sink.close();
  }
  return [...tables, await runRsyslog()];
}

/** The transports' outputs to rsyslog's inputs, each with the defaults an operator gets. */
function rsyslogCases(rsyslog: Rsyslog, certs: TestCerts) {
  const base = { ...output(0), host: "127.0.0.1" };
  const relp = (port: number, window: number) => ({
    ...base,
    transport: "relp" as const,
    port,
    ackTimeout: 30_000,
    window,
    framing: undefined,
    writeTimeout: undefined,
    resendBytes: undefined,
  });
  const client = { ca: certs.ca, cert: certs.client.cert, key: certs.client.key, rejectUnauthorized: true };
  return {
    tcp: { file: "tcp", output: { ...base, port: rsyslog.ports.tcp, framing: "octet-counting" } },
    tls: {
      file: "tls",
      output: { ...base, transport: "tls", port: rsyslog.ports.tls!, framing: "octet-counting", tls: client },
    },
    relp: { file: "relp", output: relp(rsyslog.ports.relp!, 128) },
    relp1024: { file: "relp", output: relp(rsyslog.ports.relp!, 1024) },
    relpTls: { file: "relptls", output: { ...relp(rsyslog.ports.relptls!, 128), tls: client } },
  } as Record<string, { file: RsyslogOutput; output: unknown }>;
}

/** Sends every message (send() per 1,000, then close) and resolves once rsyslog's file grew by all of them. */
async function toRsyslog(rsyslog: Rsyslog, file: RsyslogOutput, output: unknown, messages: OutgoingMessage[]) {
  const size = async () => (await stat(rsyslog.file(file)).catch(() => ({ size: 0 }))).size;
  const now = new Date();
  // rsyslog writes each message (its syslog header and payload) and LF: LF framing's bytes.
  const bytes = renderMessages(messages, output as OutputConfig, "lf", now).reduce((sum, c) => sum + c.data.length, 0);
  const target = (await size()) + bytes;
  const deps = {
    logger: createLogger({ level: "silent", stream: "stderr", pretty: false }),
    metrics: new Metrics({ processMetrics: false }),
    now: () => now,
  };
  const transport = createTransport(output as OutputConfig, deps);
  for (let i = 0; i < messages.length; i += BATCH) await transport.send(messages.slice(i, i + BATCH));
  await transport.close();
  while ((await size()) < target) await new Promise((resolve) => setTimeout(resolve, 10));
}

async function runRsyslog(): Promise<Table> {
  const messages = cefMessages();
  const certs = await makeCerts();
  const rsyslog = await startRsyslog({ certs, relp: true });
  try {
    const cases = rsyslogCases(rsyslog, certs);
    const t = await medianSeconds(
      Object.fromEntries(
        Object.entries(cases).map(([name, c]) => [name, () => toRsyslog(rsyslog, c.file, c.output, messages)]),
      ),
    );
    const vs = (s: number) => `${(t.tcp! / s).toFixed(2)}× tcp's throughput, ${(t.tls! / s).toFixed(2)}× tls's`;
    return throughputTable(
      [
        { case: "tcp (octet counting) to imtcp", messages: COUNT, seconds: t.tcp! },
        { case: "tls to imtcp (GnuTLS)", messages: COUNT, seconds: t.tls!, note: vs(t.tls!) },
        { case: "relp, window 128 (default), to imrelp", messages: COUNT, seconds: t.relp!, note: vs(t.relp!) },
        { case: "relp, window 1,024, to imrelp", messages: COUNT, seconds: t.relp1024!, note: vs(t.relp1024!) },
        { case: "relp over TLS (mutual), window 128", messages: COUNT, seconds: t.relpTls!, note: vs(t.relpTls!) },
      ],
      "To a real rsyslog, timed until it has written every message:",
    );
  } finally {
    await rsyslog.dispose();
  }
}

export const transportBench: BenchModule = {
  name: "transport",
  method: `${COUNT.toLocaleString("en")} CEF messages (${typicalBytes()} bytes each with header and LF) over TCP to a byte-counting receiver in a worker thread, then to a real rsyslog over TCP, TLS, RELP and RELP over TLS; median of 3 interleaved rounds after a warm-up, timed until the receiver has every byte.`,
  needs: ["rsyslogd", "rsyslog TLS (lmnsd_gtls)", "rsyslog RELP (imrelp)"],
  run,
};
