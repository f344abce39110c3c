/** Messages to standard output, one per line: for trying the product, the demo and `--dry-run`. */
import type { Writable } from "node:stream";
import { AppError } from "../../errors.js";
import { concatChunks, renderMessages } from "../render.js";
import type { OutgoingMessage, Transport, TransportDeps, TransportStatus } from "../transport.js";
import type { StdoutOptions } from "./options.js";

/** Resolves when `stream` flushed the text: waiting for it is the stream's backpressure. */
export function writeAll(stream: Writable, data: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(data, (err) => (err ? reject(err) : resolve()));
  });
}

export function createStdoutTransport(output: StdoutOptions, deps: TransportDeps & { stdout?: Writable }): Transport {
  const stream = deps.stdout ?? process.stdout;
  let closed = false;
  return {
    async send(messages: readonly OutgoingMessage[]): Promise<void> {
      if (closed) throw new AppError("E_TRANSPORT_CLOSED", `${output.transport}: the output is closed`);
      const chunks = renderMessages(messages, output, "lf", (deps.now ?? (() => new Date()))());
      if (chunks.length) await writeAll(stream, concatChunks(chunks));
    },
    close(): Promise<unknown[]> {
      closed = true;
      return Promise.resolve([]);
    },
    status: (): TransportStatus => ({
      transport: output.transport,
      destination: output.transport,
      connected: !closed,
      queued: 0,
    }),
  };
}
