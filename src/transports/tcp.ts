/** Syslog over plain TCP (RFC 6587): one persistent connection, LF or octet-counting framing. */
import { connect, type Socket } from "node:net";
import type { OutputConfig } from "../config/config.js";
import { AppError } from "../errors.js";
import { StreamTransport } from "./stream-transport.js";
import type { Transport, TransportDeps } from "./transport.js";

/**
 * Waits until `socket` emits `readyEvent` within the connect timeout; on failure destroys it and rejects with
 * `describe(err)`. Shared by TCP and TLS.
 */
export function whenReady(
  socket: Socket,
  readyEvent: "connect" | "secureConnect",
  output: Pick<OutputConfig, "connectTimeout" | "host" | "port">,
  signal: AbortSignal,
  describe: (err: Error) => Error,
): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const fail = (err: Error) => {
      cleanup();
      socket.destroy();
      reject(describe(err));
    };
    const timeout = () =>
      fail(
        new AppError(
          "E_CONNECT_TIMEOUT",
          `no connection within ${output.connectTimeout / 1000}s (output.connectTimeout)`,
        ),
      );
    const aborted = () => fail(new AppError("E_TRANSPORT_CLOSED", "the output is closing"));
    const ready = () => {
      cleanup();
      resolve(socket);
    };
    const timer = setTimeout(timeout, output.connectTimeout);
    const cleanup = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", aborted);
      socket.off("error", fail).off(readyEvent, ready);
    };
    if (signal.aborted) return aborted();
    signal.addEventListener("abort", aborted);
    socket.once("error", fail).once(readyEvent, ready);
  });
}

/** `connect ECONNREFUSED 127.0.0.1:514` → an error naming the destination. */
export function connectError(output: Pick<OutputConfig, "transport" | "host" | "port">) {
  return (err: Error): Error =>
    err instanceof AppError
      ? err
      : new AppError(
          "E_CONNECT",
          `cannot connect to ${output.host}:${output.port}: ${err.message}`,
          1,
          {
            code: (err as NodeJS.ErrnoException).code,
          },
          { cause: err },
        );
}

export function createTcpTransport<Ref>(output: OutputConfig, deps: TransportDeps): Transport<Ref> {
  const open = async (signal: AbortSignal) => ({
    socket: await whenReady(
      connect({ host: output.host, port: output.port! }),
      "connect",
      output,
      signal,
      connectError(output),
    ),
  });
  return new StreamTransport<Ref>(output, deps, {
    open,
    describe: (err) => err,
    earlyCloseHint: "is this a TLS port? set `transport: tls`",
  });
}
