/** Opening a stream connection: the wait for it within the connect timeout, and errors that name the receiver. */
import type { Socket } from "node:net";
import { AppError } from "../errors.js";

/**
 * Waits until `socket` emits `readyEvent` within the connect timeout; on failure destroys it and rejects with
 * `describe(err)`.
 */
export function whenReady(
  socket: Socket,
  readyEvent: "connect" | "secureConnect",
  output: { connectTimeout: number },
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
export function connectError(output: { host: string; port: number }) {
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
