/**
 * Messages appended to a file, one per line. `reopen()` (on SIGHUP) closes it and opens the path again, so logrotate
 * can move the file away and a new one is started; the file is also reopened after a write error.
 */
import { open, type FileHandle } from "node:fs/promises";
import { AppError } from "../../errors.js";
import { BaseTransport } from "../base.js";
import { concatChunks, renderMessages } from "../render.js";
import type { OutgoingMessage } from "../transport.js";
import type { FileOptions } from "./options.js";

/** A write the file took is confirmed at once. */
export class FileTransport<Ref> extends BaseTransport<Ref, FileOptions> {
  #handle?: FileHandle;
  /** Sends and reopens run one after another, in call order. */
  #chain: Promise<unknown> = Promise.resolve();

  get destination(): string {
    return `${this.output.transport} ${this.output.path}`;
  }

  protected get connected(): boolean {
    return this.#handle !== undefined;
  }

  #serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#chain.then(task);
    this.#chain = run.catch(() => undefined);
    return run;
  }

  async send(messages: readonly OutgoingMessage<Ref>[]): Promise<void> {
    this.assertOpen();
    const chunks = renderMessages(messages, this.output, "lf", this.now());
    await this.#serial(() => this.#append(concatChunks(chunks)));
    this.confirm(messages.map((m) => m.ref));
  }

  async #append(data: Buffer): Promise<void> {
    if (data.length === 0) return;
    try {
      this.#handle ??= await open(this.output.path, "a", 0o600);
      await this.#handle.appendFile(data);
      this.lastError = undefined;
    } catch (err) {
      this.lastError = (err as Error).message;
      await this.#closeHandle();
      const code = (err as NodeJS.ErrnoException).code;
      throw new AppError(
        "E_DELIVERY",
        `cannot write ${this.output.path}: ${(err as Error).message}`,
        1,
        { path: this.output.path, code },
        { cause: err },
      );
    }
  }

  async #closeHandle(): Promise<void> {
    const handle = this.#handle;
    this.#handle = undefined;
    await handle?.close().catch(() => undefined);
  }

  reopen(): Promise<void> {
    return this.#serial(async () => {
      await this.#closeHandle();
      this.deps.logger.info({ path: this.output.path }, "output file reopened");
    });
  }

  /** A write the file took is delivered: nothing is handed back. */
  async close(): Promise<Ref[]> {
    this.markClosed();
    await this.#serial(() => this.#closeHandle());
    return [];
  }
}
