/**
 * `check --online`'s look at the output: opens it the way the transport would and says what failed in words an
 * operator can act on. A probe of its own, because it must see what a transport does not report: a TLS port behind
 * `transport: tcp` (the receiver drops the connection at the first bytes), a TLS handshake that stalls on a plain TCP
 * port, and the ICMP port-unreachable a closed UDP port answers with.
 */
import { createSocket } from "node:dgram";
import { lookup } from "node:dns/promises";
import { open } from "node:fs/promises";
import { connect, type Socket } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { connect as tlsConnect, type TLSSocket } from "node:tls";
import type { OutputConfig } from "../config/config.js";
import { AppError } from "../errors.js";
import { certificateProblem, tlsOptions } from "../transports/tls/transport.js";

/** How long a connection must stay open after the probe's bytes, and how long UDP waits for ICMP. */
const SETTLE_MS = 1_000;
/**
 * Empty lines: syslog receivers discard empty frames, while a TLS receiver reads them as a broken handshake and drops
 * the connection at once.
 */
const EMPTY_FRAMES = "\n".repeat(8);

export async function probeOutput(output: OutputConfig): Promise<string> {
  switch (output.transport) {
    case "tcp":
      return probeTcp(output);
    case "tls":
      return probeTls(output);
    case "udp":
      return probeUdp(output);
    case "file":
      await (await open(output.path, "a")).close();
      return `file ${output.path}: writable`;
    case "stdout":
      return "stdout: nothing to open";
  }
}

type Of<T extends string> = Extract<OutputConfig, { transport: T }>;
type Receiver = Of<"tcp" | "tls" | "udp">;

const where = (o: Receiver) => `${o.transport} ${o.host}:${o.port}`;
const seconds = (ms: number) => `${ms / 1000}s`;

function refused(output: Receiver, err: Error): AppError {
  const code = (err as NodeJS.ErrnoException).code;
  const what = code === "ECONNREFUSED" ? "the connection was refused (nothing listens there?)" : err.message;
  return new AppError("E_CONNECT", `${where(output)}: ${what}`, 1, { code }, { cause: err });
}

function connectTimeout(output: Of<"tcp" | "tls">): AppError {
  return new AppError(
    "E_CONNECT_TIMEOUT",
    `${where(output)}: no TCP connection within ${seconds(output.connectTimeout)} (output.connectTimeout): ` +
      "check the host, the port and the firewall",
  );
}

/** Resolves on `event`, rejects with `onError(err)` or, after `timeoutMs`, with `onTimeout()`; then cleans up. */
function until(socket: Socket, event: string, timeoutMs: number, onError: (e: Error) => Error, onTimeout: () => Error) {
  return new Promise<void>((resolve, reject) => {
    const done = (settle: () => void) => {
      clearTimeout(timer);
      socket.off(event, ok).off("error", failed);
      settle();
    };
    const ok = () => done(resolve);
    const failed = (err: Error) => done(() => reject(onError(err)));
    const timer = setTimeout(() => done(() => reject(onTimeout())), timeoutMs);
    socket.once(event, ok).once("error", failed);
  }).catch((err: unknown) => {
    socket.destroy();
    throw err;
  });
}

/** What the receiver does within SETTLE_MS: nothing (the connection stays open), or close it, or answer. */
function afterWrite(socket: Socket, bytes: string): Promise<"open" | "closed"> {
  return new Promise((resolve) => {
    const done = (verdict: "open" | "closed") => {
      clearTimeout(timer);
      socket.destroy();
      resolve(verdict);
    };
    const timer = setTimeout(() => done("open"), SETTLE_MS);
    socket.once("close", () => done("closed")).once("error", () => done("closed"));
    socket.once("data", () => done("closed"));
    socket.write(bytes);
  });
}

async function probeTcp(output: Of<"tcp">): Promise<string> {
  const socket = connect({ host: output.host, port: output.port });
  await until(
    socket,
    "connect",
    output.connectTimeout,
    (err) => refused(output, err),
    () => connectTimeout(output),
  );
  if ((await afterWrite(socket, EMPTY_FRAMES)) === "closed")
    throw new AppError(
      "E_RECEIVER_CLOSED",
      `${where(output)}: TCP connected, but the receiver closed the connection after the first bytes: ` +
        "is this a TLS port? set output.transport: tls",
    );
  return `${where(output)}: connected; the receiver kept the connection open`;
}

async function probeTls(output: Of<"tls">): Promise<string> {
  const socket = tlsConnect(await tlsOptions(output));
  let tcpUp = false;
  socket.once("connect", () => (tcpUp = true));
  const handshake = (detail: string) =>
    new AppError("E_TLS_HANDSHAKE", `${where(output)}: TCP connected but the TLS handshake ${detail}`);
  await until(
    socket,
    "secureConnect",
    output.connectTimeout,
    (err) =>
      certificateProblem(output, err) ??
      (tcpUp ? handshake(`failed: ${err.message}: is this a TLS port?`) : refused(output, err)),
    () =>
      tcpUp
        ? handshake(
            `did not complete within ${seconds(output.connectTimeout)}: is this a plain TCP port? ` +
              "set output.transport: tcp",
          )
        : connectTimeout(output),
  );
  const protocol = socket.getProtocol();
  const refusal = await verdict(socket);
  socket.end();
  if (refusal) throw certificateProblem(output, refusal) ?? handshake(`failed: ${refusal.message}`);
  const verified = socket.authorized ? "certificate verified" : "certificate NOT verified (rejectUnauthorized: false)";
  return `${where(output)}: connected, ${protocol}, ${verified}${validity(socket)}`;
}

/** TLS 1.3 servers judge the client's certificate after the handshake: their ticket or their alert is the verdict. */
function verdict(socket: TLSSocket): Promise<Error | undefined> {
  if (socket.getProtocol() !== "TLSv1.3") return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const done = (err?: Error) => {
      clearTimeout(timer);
      resolve(err);
    };
    const timer = setTimeout(() => done(), SETTLE_MS);
    socket.once("session", () => done()).once("error", (err: Error) => done(err));
  });
}

function validity(socket: TLSSocket): string {
  const cert = socket.getPeerCertificate();
  if (!cert?.valid_to) return "";
  const subject = typeof cert.subject?.CN === "string" ? ` for ${cert.subject.CN}` : "";
  return `${subject}, valid until ${new Date(cert.valid_to).toISOString().slice(0, 10)}`;
}

/**
 * UDP has no connection, but a connected socket hears the ICMP port-unreachable a closed port answers with, as
 * ECONNREFUSED. Empty datagrams are the probe: syslog receivers ignore them. No answer proves nothing more.
 */
async function probeUdp(output: Of<"udp">): Promise<string> {
  const { address, family } = await lookup(output.host).catch((err: Error) => {
    throw new AppError("E_CONNECT", `${where(output)}: cannot resolve ${output.host}: ${err.message}`);
  });
  const socket = createSocket(family === 6 ? "udp6" : "udp4");
  const heard: { error?: NodeJS.ErrnoException } = {};
  socket.on("error", (err) => (heard.error ??= err));
  try {
    await new Promise<void>((resolve) => socket.connect(output.port, address, resolve));
    for (let i = 0; i < 2 && !heard.error; i++) {
      socket.send(Buffer.alloc(0), (err) => (heard.error ??= err ?? undefined));
      await sleep(SETTLE_MS / 2);
    }
  } finally {
    socket.close();
  }
  if (heard.error?.code === "ECONNREFUSED")
    throw new AppError(
      "E_UDP_UNREACHABLE",
      `${where(output)}: the host answered "port unreachable" (ICMP): nothing listens on UDP port ${output.port}`,
    );
  if (heard.error) throw new AppError("E_CONNECT", `${where(output)}: ${heard.error.message}`);
  return `${where(output)}: no "port unreachable" came back (UDP cannot confirm more: a firewall may drop silently)`;
}
