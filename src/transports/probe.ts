/**
 * What the transports' probes for `check --online` share: they open the output the way the transport would and say
 * what failed in words an operator can act on. A probe is separate from the transport because it must see what a
 * transport does not report: a TLS port behind a plain TCP output (the receiver drops the connection at the first
 * bytes), a TLS handshake that stalls on a plain TCP port, and the ICMP port-unreachable a closed UDP port sends.
 */
import type { Socket } from "node:net";
import { AppError } from "../errors.js";

interface Receiver {
  transport: string;
  host: string;
  port: number;
}

/** How long a connection must stay open after the probe's bytes, and how long UDP waits for ICMP. */
export const SETTLE_MS = 1_000;
/**
 * Empty lines: syslog receivers discard empty frames, while a TLS receiver reads them as a broken handshake and drops
 * the connection at once.
 */
export const EMPTY_FRAMES = "\n".repeat(8);

export const where = (o: Receiver) => `${o.transport} ${o.host}:${o.port}`;
export const seconds = (ms: number) => `${ms / 1000}s`;

export function refused(output: Receiver, err: Error): AppError {
  const code = (err as NodeJS.ErrnoException).code;
  const what = code === "ECONNREFUSED" ? "the connection was refused (nothing listens there?)" : err.message;
  return new AppError("E_CONNECT", `${where(output)}: ${what}`, 1, { code }, { cause: err });
}

export function connectTimeout(output: Receiver & { connectTimeout: number }): AppError {
  return new AppError(
    "E_CONNECT_TIMEOUT",
    `${where(output)}: no TCP connection within ${seconds(output.connectTimeout)} (output.connectTimeout): ` +
      "check the host, the port and the firewall",
  );
}

/** Resolves on `event`, rejects with `onError(err)` or, after `timeoutMs`, with `onTimeout()`; then cleans up. */
export function until(
  socket: Socket,
  event: string,
  timeoutMs: number,
  onError: (e: Error) => Error,
  onTimeout: () => Error,
) {
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
export function afterWrite(socket: Socket, bytes: string): Promise<"open" | "closed"> {
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
