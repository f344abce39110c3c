/**
 * Syslog over one persistent stream connection (TCP or TLS; the opener makes the connection). One writer loop takes
 * batches from the bounded queue and writes each as one buffer; on a connection loss it reconnects with backoff and
 * writes the recent window again; deliveries fail after `output.retries` failed attempts or on a permanent error. What
 * it could not write again before a close is handed back, so the pipeline does not count it as delivered.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { Socket } from "node:net";
import { AppError } from "../errors.js";
import { backoffDelay } from "../util/backoff.js";
import { Connection, type Loss } from "./connection.js";
import { Delivery } from "./delivery.js";
import type { StreamOptions } from "./options.js";
import { concatChunks, renderMessages } from "./render.js";
import { ResendWindow } from "./resend-window.js";
import { SendQueue, type Entry } from "./send-queue.js";
import {
  DEFAULT_CLOSE_TIMEOUT_MS,
  type OutgoingMessage,
  type Transport,
  type TransportDeps,
  type TransportStatus,
} from "./transport.js";
import { Wakeup } from "./wakeup.js";

/** How a stream transport makes its connections: TCP or TLS. */
export interface Opener {
  /**
   * Opens a connection within the connect timeout, or rejects (errors with `data.permanent` are not retried).
   * `accepted`, when given, resolves once the receiver accepted the connection; writes are acknowledged after it.
   */
  open(signal: AbortSignal): Promise<{ socket: Socket; accepted?: Promise<void> }>;
  /** Explains an error that ended a live connection. */
  describe(err: Error): Error;
}

/** Bytes per write: large enough for throughput, small enough not to hold the event loop. */
const BATCH_BYTES = 64 * 1024;
const END_MIN_MS = 1000;

export class StreamTransport implements Transport {
  readonly #queue: SendQueue;
  readonly #recent: ResendWindow;
  readonly #wakeup = new Wakeup();
  readonly #deliveries = new Set<Delivery>();
  readonly #stop = new AbortController();
  #connection?: Connection;
  #loop?: Promise<void>;
  #closing = false;
  #attempt = 0;
  #lastError?: string;

  constructor(
    private readonly output: StreamOptions,
    private readonly deps: TransportDeps,
    private readonly opener: Opener,
  ) {
    this.#queue = new SendQueue(output.queueMessages, output.queueBytes, (depth) => {
      deps.metrics.queueDepth.set(depth);
      this.#wakeup.wake();
    });
    this.#recent = new ResendWindow(output.resendBytes);
  }

  get #destination(): string {
    return `${this.output.transport} ${this.output.host}:${this.output.port}`;
  }

  async send(messages: readonly OutgoingMessage[]): Promise<void> {
    if (this.#closing) throw new AppError("E_TRANSPORT_CLOSED", `${this.#destination}: the output is closed`);
    if (messages.length === 0) return;
    const chunks = renderMessages(
      messages,
      this.output,
      this.output.framing ?? "octet-counting",
      (this.deps.now ?? (() => new Date()))(),
    );
    const delivery = new Delivery(messages.length);
    this.#deliveries.add(delivery);
    void delivery.done.finally(() => this.#deliveries.delete(delivery)).catch(() => undefined);
    this.#loop ??= this.#run();
    void this.#queue.push(chunks, delivery);
    return delivery.done;
  }

  status(): TransportStatus {
    return {
      transport: this.output.transport,
      destination: this.#destination,
      connected: this.#connection?.alive ?? false,
      queued: this.#queue.length,
      ...(this.#lastError === undefined ? {} : { lastError: this.#lastError }),
    };
  }

  async close(timeoutMs = DEFAULT_CLOSE_TIMEOUT_MS): Promise<unknown[]> {
    if (this.#closing) return [];
    this.#closing = true;
    const deadline = Date.now() + timeoutMs;
    this.#wakeup.wake();
    const timer = setTimeout(() => this.#stop.abort(), timeoutMs);
    await this.#loop;
    clearTimeout(timer);
    this.#stop.abort();
    const connection = this.#connection;
    this.#connection = undefined;
    // The receiver gets at least a second to close its side: a slow one is not a lost one.
    const clean = (await connection?.end(Math.max(END_MIN_MS, deadline - Date.now()))) ?? true;
    // A connection that did not end cleanly may have lost what was written last: that is unsure too.
    if (!clean) this.#queue.unshift(this.#recent.takeAll());
    const queued = this.#queue.clear();
    const left = queued.reduce((sum, e) => sum + (e.delivery ? e.chunk.ends.length : 0), 0);
    const error = new AppError(
      "E_TRANSPORT_CLOSED",
      `${this.#destination}: closed before ${left} queued message(s) were delivered`,
      1,
      { left },
    );
    for (const delivery of this.#deliveries) delivery.fail(error);
    if (left)
      this.deps.logger.warn({ left, destination: this.#destination }, "output closed with undelivered messages");
    return this.#unsure(queued);
  }

  /**
   * Queued entries without a delivery were written before a connection loss and not again: they may not have arrived.
   */
  #unsure(queued: readonly Entry[]): unknown[] {
    const resends = queued.filter((e) => !e.delivery);
    const count = resends.reduce((sum, e) => sum + e.chunk.ends.length, 0);
    if (count)
      this.deps.logger.warn(
        { count, destination: this.#destination },
        "output closed before messages written ahead of a connection loss were written again",
      );
    return resends.flatMap((e) => e.chunk.refs ?? []);
  }

  async #run(): Promise<void> {
    while (!this.#stop.signal.aborted) {
      if (this.#queue.length === 0) {
        if (this.#closing) return;
        await this.#wakeup.wait();
      } else if (!this.#connection) {
        await this.#connect();
      } else if (this.#connection.alive) {
        await this.#writeBatch(this.#connection);
      }
    }
  }

  async #writeBatch(connection: Connection): Promise<void> {
    const batch = this.#queue.take(BATCH_BYTES);
    this.#recent.add(batch);
    if (!connection.write(concatChunks(batch.map((e) => e.chunk)), () => this.#acknowledge(batch)))
      await connection.drained();
  }

  #acknowledge(batch: readonly Entry[]): void {
    this.#attempt = 0;
    for (const entry of batch) {
      entry.delivery?.written(entry.chunk.ends.length);
      entry.delivery = undefined;
    }
    this.#recent.trim();
  }

  /** Waits out the backoff after failures, then connects once; a failure counts against the waiting deliveries. */
  async #connect(): Promise<void> {
    const delay =
      this.#attempt === 0
        ? 0
        : backoffDelay(this.#attempt - 1, {
            initialMs: this.output.reconnectDelay,
            maxMs: this.output.maxReconnectDelay,
          });
    if (delay) await sleep(delay, undefined, { signal: this.#stop.signal }).catch(() => undefined);
    if (this.#stop.signal.aborted) return;
    try {
      const { socket, accepted } = await this.opener.open(this.#stop.signal);
      this.#connection = new Connection(socket, { writeTimeoutMs: this.output.writeTimeout, accepted }, (c, loss) =>
        this.#lost(c, loss),
      );
      this.deps.metrics.transportReconnects.inc();
      this.deps.logger.info({ destination: this.#destination, attempt: this.#attempt }, "connected to the receiver");
      this.#lastError = undefined;
    } catch (err) {
      if (this.#stop.signal.aborted) return;
      this.deps.logger.warn(
        { destination: this.#destination, attempt: this.#attempt, err: (err as Error).message },
        "cannot connect to the receiver",
      );
      this.#failed(err as Error);
    }
  }

  /**
   * A failed connection attempt, or a lost connection: the next attempt backs off (until a write is acknowledged
   * again), and every waiting delivery counts it; those out of retries fail (at once for a permanent error).
   */
  #failed(err: Error): void {
    const permanent = err instanceof AppError && err.data.permanent === true;
    this.#attempt++;
    this.#lastError = err.message;
    for (const delivery of this.#deliveries) {
      delivery.failedAttempts++;
      if (!permanent && delivery.failedAttempts <= this.output.retries) continue;
      delivery.fail(permanent ? err : this.#givenUp(delivery, err));
      this.#queue.drop(delivery);
    }
  }

  #givenUp(delivery: Delivery, err: Error): AppError {
    const message = `${this.#destination}: not delivered after ${delivery.failedAttempts} failed connection attempts (output.retries ${this.output.retries}): ${err.message}`;
    return new AppError(
      "E_DELIVERY",
      message,
      1,
      { attempts: delivery.failedAttempts, destination: this.#destination },
      { cause: err },
    );
  }

  /** The connection died: what it may not have delivered goes back to the front of the queue. */
  #lost(connection: Connection, loss: Loss): void {
    if (this.#connection !== connection) return;
    this.#connection = undefined;
    const written = this.#recent.takeAll();
    const again = loss.error || loss.recentWrites ? written : written.filter((e) => e.delivery);
    this.#queue.unshift(again);
    const resent = again.reduce((sum, e) => sum + e.chunk.ends.length, 0);
    this.deps.metrics.transportResent.inc(resent);
    const error = loss.error
      ? this.opener.describe(loss.error)
      : new AppError("E_CONNECTION_LOST", "the receiver closed the connection");
    this.deps.logger.warn(
      { destination: this.#destination, err: error.message, resent },
      "connection to the receiver lost",
    );
    this.#failed(error);
    this.#wakeup.wake();
  }
}
