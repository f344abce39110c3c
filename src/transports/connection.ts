/**
 * One live TCP or TLS connection to the receiver. It reads the socket, so the receiver closing is noticed at once
 * rather than by a later write that vanishes; and it treats a write the receiver does not take in time as a dead link.
 */
import type { Socket } from "node:net";
import { AppError } from "../errors.js";

const KEEPALIVE_MS = 30_000;

/** Why and how a connection ended, for deciding what to write again. */
export interface Loss {
  error?: Error;
  /** Writes not yet handed to the kernel, or handed over less than a moment ago: they may not have arrived. */
  recentWrites: boolean;
}

/**
 * How long a connection must outlive a write for the write to count as delivered (confirmed): a receiver that closes
 * on data it cannot read (TLS bytes on a plain port, or the reverse) does so within a round trip.
 */
export const SETTLE_MS = 1_000;

export class Connection {
  #lost = false;
  #ending = false;
  #pendingWrites = 0;
  #lastWriteAt = 0;
  #watchdog?: NodeJS.Timeout;
  #ended?: Promise<boolean>;
  /** What went wrong while ending: the receiver may not have read everything written. */
  #endFault?: Error;

  readonly #writeTimeoutMs: number;
  readonly #settleMs: number;
  /** Until the receiver accepted the connection (TLS 1.3 verdict), acknowledgements wait for it. */
  #accepted?: Promise<void>;

  constructor(
    private readonly socket: Socket,
    options: { writeTimeoutMs: number; settleMs?: number; accepted?: Promise<void> },
    private readonly onLost: (connection: Connection, loss: Loss) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.#writeTimeoutMs = options.writeTimeoutMs;
    this.#settleMs = options.settleMs ?? SETTLE_MS;
    this.#accepted = options.accepted?.then(() => (this.#accepted = undefined));
    socket.setNoDelay(true);
    socket.setKeepAlive(true, KEEPALIVE_MS);
    socket.on("data", () => undefined);
    socket.on("end", () => this.#lose());
    socket.on("error", (err) => this.#lose(err));
    socket.on("close", () => this.#lose());
  }

  get alive(): boolean {
    return !this.#lost && !this.#ending;
  }

  /** Writes; `onWritten` runs once the bytes are handed to the kernel and the connection is still alive. */
  write(data: Buffer, onWritten: () => void): boolean {
    this.#pendingWrites++;
    this.#lastWriteAt = this.now();
    this.#armWatchdog();
    return this.socket.write(data, (err) => {
      this.#pendingWrites--;
      this.#lastWriteAt = this.now();
      if (err) return this.#lose(err);
      this.#armWatchdog();
      const acknowledge = () => {
        if (!this.#lost) onWritten();
      };
      if (this.#accepted) void this.#accepted.then(acknowledge);
      else acknowledge();
    });
  }

  /** Resolves when the socket can take more, or when the connection is lost. */
  drained(): Promise<void> {
    if (!this.alive || !this.socket.writableNeedDrain) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        this.socket.off("drain", done).off("close", done);
        resolve();
      };
      this.socket.on("drain", done).on("close", done);
    });
  }

  /**
   * Closes gracefully (TCP FIN; TLS close_notify first) and waits for the receiver to close its side. Resolves true
   * when the receiver closed in turn, having read all that was written; false after a reset, an error or the timeout.
   */
  end(timeoutMs: number): Promise<boolean> {
    this.#ended ??= new Promise<boolean>((resolve) => {
      this.#ending = true;
      this.#clearWatchdog();
      const timer = setTimeout(() => {
        this.#endFault ??= new Error("the receiver did not close its side in time");
        this.socket.destroy();
      }, timeoutMs);
      const closed = () => {
        clearTimeout(timer);
        resolve(this.#endFault === undefined);
      };
      // A socket destroyed by an error may not have emitted it yet: it counts all the same.
      if (this.socket.errored) this.#endFault ??= this.socket.errored;
      if (this.socket.closed) return closed();
      this.socket.once("close", closed);
      if (!this.socket.destroyed) this.socket.end();
    });
    return this.#ended;
  }

  #armWatchdog(): void {
    this.#clearWatchdog();
    if (this.#pendingWrites === 0 && !this.socket.writableNeedDrain) return;
    this.#watchdog = setTimeout(() => {
      const seconds = this.#writeTimeoutMs / 1000;
      this.#lose(
        new AppError("E_WRITE_TIMEOUT", `the receiver took no data for ${seconds}s (output.writeTimeout)`, 1, {
          timeoutMs: this.#writeTimeoutMs,
        }),
      );
    }, this.#writeTimeoutMs);
  }

  #clearWatchdog(): void {
    if (this.#watchdog) clearTimeout(this.#watchdog);
    this.#watchdog = undefined;
  }

  #lose(error?: Error): void {
    if (this.#ending && error) this.#endFault ??= error;
    if (this.#lost) return;
    this.#lost = true;
    this.#clearWatchdog();
    const recentWrites = this.#pendingWrites > 0 || this.now() - this.#lastWriteAt < this.#settleMs;
    this.socket.destroy();
    if (!this.#ending) this.onLost(this, { error, recentWrites });
  }
}
