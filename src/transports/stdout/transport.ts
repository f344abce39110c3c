/** Messages to standard output, one per line: for trying the product, the demo and `--dry-run`. */
import type { Writable } from "node:stream";
import { BaseTransport } from "../base.js";
import { concatChunks, renderMessages } from "../render.js";
import type { OutgoingMessage, Transport, TransportDeps } from "../transport.js";
import type { StdoutOptions } from "./options.js";

/** Resolves when `stream` flushed the text: waiting for it is the stream's backpressure. */
export function writeAll(stream: Writable, data: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(data, (err) => (err ? reject(err) : resolve()));
  });
}

class StdoutTransport<Ref> extends BaseTransport<Ref, StdoutOptions> {
  constructor(
    output: StdoutOptions,
    deps: TransportDeps,
    private readonly stream: Writable,
  ) {
    super(output, deps);
  }

  get destination(): string {
    return this.output.transport;
  }

  protected get connected(): boolean {
    return !this.closed;
  }

  async send(messages: readonly OutgoingMessage<Ref>[]): Promise<void> {
    this.assertOpen();
    const chunks = renderMessages(messages, this.output, "lf", this.now());
    if (chunks.length) await writeAll(this.stream, concatChunks(chunks));
    this.confirm(messages.map((m) => m.ref));
  }

  close(): Promise<Ref[]> {
    this.markClosed();
    return Promise.resolve([]);
  }
}

export const createStdoutTransport = <Ref>(
  output: StdoutOptions,
  deps: TransportDeps & { stdout?: Writable },
): Transport<Ref> => new StdoutTransport<Ref>(output, deps, deps.stdout ?? process.stdout);
