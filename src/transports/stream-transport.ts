/**
 * Syslog over one persistent stream connection (TCP or TLS; the opener makes the connection). One writer loop takes
 * batches from the bounded queue and writes each as one buffer; on a connection loss it reconnects with backoff and
 * writes again what the connection did not outlive; deliveries fail after `output.retries` failed attempts or on a
 * permanent error. A write is confirmed once the connection stayed open `settleMs` after it, or ended cleanly: a
 * receiver that closes each connection right after our first writes confirms nothing, and after a few such
 * connections the deliveries fail with a sentence that names the likely cause. What was never confirmed by a close
 * is handed back.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { Socket } from "node:net";
import { AppError } from "../errors.js";
import { backoffDelay } from "../util/backoff.js";
import { BaseTransport } from "./base.js";
import { Connection, SETTLE_MS, type Loss } from "./connection.js";
import { Delivery } from "./delivery.js";
import type { StreamOutput } from "./options.js";
import { concatChunks, renderMessages } from "./render.js";
import { ResendWindow } from "./resend-window.js";
import { SendQueue, type Entry } from "./send-queue.js";
import { DEFAULT_CLOSE_TIMEOUT_MS, type OutgoingMessage, type TransportDeps } from "./transport.js";
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
  /** What to check when the receiver closes every connection right after our first message. */
  earlyCloseHint: string;
}

export interface StreamOptions {
  /** How long a connection must outlive a write to confirm it; default SETTLE_MS. */
  settleMs?: number;
  clock?: () => number;
}

/** Bytes per write: large enough for throughput, small enough not to hold the event loop. */
const BATCH_BYTES = 64 * 1024;
const END_MIN_MS = 1000;
/** Connections in a row closed by the receiver before they confirmed anything: then it is no bad luck. */
const EARLY_CLOSES = 3;

export class StreamTransport<Ref> extends BaseTransport<Ref, StreamOutput> {
  readonly #queue: SendQueue<Ref>;
  readonly #recent: ResendWindow<Ref>;
  readonly #wakeup = new Wakeup();
  readonly #deliveries = new Set<Delivery>();
  /** Waiting `flush` calls: deliveries of one message, written once nothing is in doubt. */
  readonly #flushes = new Set<Delivery>();
  readonly #stop = new AbortController();
  readonly #settleMs: number;
  readonly #clock: () => number;
  #connection?: Connection;
  /** The live connection wrote something / confirmed something. */
  #wrote = false;
  #proven = false;
  #earlyCloses = 0;
  #confirmTimer?: NodeJS.Timeout;
  #loop?: Promise<void>;
  #attempt = 0;
  /** A permanent failure since the last confirmation: a close does not wait for the queue to drain. */
  #broken = false;

  constructor(
    output: StreamOutput,
    deps: TransportDeps,
    private readonly opener: Opener,
    options: StreamOptions = {},
  ) {
    super(output, deps);
    this.#settleMs = options.settleMs ?? SETTLE_MS;
    this.#clock = options.clock ?? Date.now;
    this.#queue = new SendQueue(output.queueMessages, output.queueBytes, (depth) => {
      deps.metrics.queueDepth.set(depth);
      this.#wakeup.wake();
    });
    this.#recent = new ResendWindow(output.resendBytes);
  }

  get destination(): string {
    return `${this.output.transport} ${this.output.host}:${this.output.port}`;
  }

  protected get connected(): boolean {
    return this.#connection?.alive ?? false;
  }

  protected override get queued(): number {
    return this.#queue.length;
  }

  async send(messages: readonly OutgoingMessage<Ref>[]): Promise<void> {
    this.assertOpen();
    if (messages.length === 0) return;
    const chunks = renderMessages(messages, this.output, this.output.framing ?? "octet-counting", this.now());
    const delivery = this.#track(new Delivery(messages.length));
    void this.#queue.push(chunks, delivery);
    return delivery.done;
  }

  override flush(): Promise<void> {
    if (this.closed || this.#certain()) return Promise.resolve();
    const waiter = this.#track(new Delivery(1));
    this.#flushes.add(waiter);
    void waiter.done.finally(() => this.#flushes.delete(waiter)).catch(() => undefined);
    return waiter.done;
  }

  #track(delivery: Delivery): Delivery {
    this.#deliveries.add(delivery);
    void delivery.done.finally(() => this.#deliveries.delete(delivery)).catch(() => undefined);
    this.#loop ??= this.#run();
    this.#wakeup.wake();
    return delivery;
  }

  /** Nothing in doubt: nothing to write again, and what waits for confirmation is on a proven, live connection. */
  #certain(): boolean {
    return this.#queue.length === 0 && (this.#recent.allConfirmed || (this.#proven && this.connected));
  }

  #settleFlushes(): void {
    if (this.#flushes.size && this.#certain()) for (const waiter of this.#flushes) waiter.written(1);
  }

  async close(timeoutMs = DEFAULT_CLOSE_TIMEOUT_MS): Promise<Ref[]> {
    if (!this.markClosed()) return [];
    const deadline = Date.now() + timeoutMs;
    if (this.#broken) this.#stop.abort();
    this.#wakeup.wake();
    const timer = setTimeout(() => this.#stop.abort(), timeoutMs);
    await this.#loop;
    clearTimeout(timer);
    this.#stop.abort();
    this.#clearConfirmTimer();
    const connection = this.#connection;
    this.#connection = undefined;
    // The receiver gets at least a second to close its side: a slow one is not a lost one.
    const clean = (await connection?.end(Math.max(END_MIN_MS, deadline - Date.now()))) ?? true;
    // A receiver that closed its side in turn read all that was written; otherwise what it did not outlive is unsure.
    const { entries, confirmed } = this.#recent.takeAll();
    const unconfirmed = entries.slice(confirmed);
    if (clean) this.#confirmEntries(unconfirmed);
    else this.#queue.unshift(unconfirmed);
    const queued = this.#queue.clear();
    const left = queued.reduce((sum, e) => sum + (e.delivery ? e.chunk.ends.length : 0), 0);
    const error = new AppError(
      "E_TRANSPORT_CLOSED",
      `${this.destination}: closed before ${left} queued message(s) were delivered`,
      1,
      { left },
    );
    for (const delivery of this.#deliveries) delivery.fail(error);
    if (left) this.deps.logger.warn({ left, destination: this.destination }, "output closed with undelivered messages");
    return this.#unsure(queued);
  }

  /** Queued entries without a delivery were written, but not confirmed: they may not have arrived. */
  #unsure(queued: readonly Entry<Ref>[]): Ref[] {
    const resends = queued.filter((e) => !e.delivery);
    const count = resends.reduce((sum, e) => sum + e.chunk.ends.length, 0);
    if (count)
      this.deps.logger.warn(
        { count, destination: this.destination },
        "output closed before messages written ahead of a connection loss were confirmed",
      );
    return resends.flatMap((e) => refsOf(e));
  }

  async #run(): Promise<void> {
    while (!this.#stop.signal.aborted) {
      if (this.#queue.length === 0) {
        if (this.closed) return;
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
    this.#wrote = true;
    if (!connection.write(concatChunks(batch.map((e) => e.chunk)), () => this.#acknowledge(batch)))
      await connection.drained();
  }

  /** The connection took the batch: its deliveries count it as written, and its settle time starts. */
  #acknowledge(batch: readonly Entry<Ref>[]): void {
    const now = this.#clock();
    for (const entry of batch) {
      entry.writtenAt = now;
      entry.delivery?.written(entry.chunk.ends.length);
      entry.delivery = undefined;
    }
    this.#armConfirm();
    this.#settleFlushes();
  }

  #armConfirm(): void {
    const oldest = this.#recent.oldestUnconfirmed;
    if (this.#confirmTimer || oldest === undefined || !this.#connection) return;
    this.#confirmTimer = setTimeout(() => this.#confirmSettled(), Math.max(0, oldest + this.#settleMs - this.#clock()));
    this.#confirmTimer.unref();
  }

  #clearConfirmTimer(): void {
    clearTimeout(this.#confirmTimer);
    this.#confirmTimer = undefined;
  }

  /** The live connection outlived its oldest writes by the settle time: they are confirmed. */
  #confirmSettled(): void {
    this.#confirmTimer = undefined;
    if (!this.#connection?.alive) return;
    const settled = this.#recent.confirm(this.#clock() - this.#settleMs);
    if (settled.length) {
      this.#proven = true;
      this.#earlyCloses = 0;
      this.#attempt = 0;
      this.#broken = false;
      this.#confirmEntries(settled);
    }
    this.#armConfirm();
    this.#settleFlushes();
  }

  #confirmEntries(entries: readonly Entry<Ref>[]): void {
    if (entries.length) this.confirm(entries.flatMap((e) => refsOf(e)));
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
      this.#connection = new Connection(
        socket,
        { writeTimeoutMs: this.output.writeTimeout, settleMs: this.#settleMs, accepted },
        (c, loss) => this.#lost(c, loss),
        this.#clock,
      );
      this.#wrote = false;
      this.#proven = false;
      this.deps.metrics.transportReconnects.inc();
      this.deps.logger.info({ destination: this.destination, attempt: this.#attempt }, "connected to the receiver");
      this.lastError = undefined;
    } catch (err) {
      if (this.#stop.signal.aborted) return;
      this.deps.logger.warn(
        { destination: this.destination, attempt: this.#attempt, err: (err as Error).message },
        "cannot connect to the receiver",
      );
      this.#failed(err as Error);
    }
  }

  /**
   * A failed connection attempt, or a lost connection: the next attempt backs off (until a write is confirmed
   * again), and every waiting delivery counts it; those out of retries fail (at once for a permanent error).
   */
  #failed(err: Error): void {
    const permanent = err instanceof AppError && err.data.permanent === true;
    this.#attempt++;
    this.lastError = err.message;
    if (permanent) this.#broken = true;
    for (const delivery of this.#deliveries) {
      delivery.failedAttempts++;
      if (!permanent && delivery.failedAttempts <= this.output.retries) continue;
      delivery.fail(permanent ? err : this.#givenUp(delivery, err));
      this.#queue.drop(delivery);
    }
  }

  #givenUp(delivery: Delivery, err: Error): AppError {
    const message = `${this.destination}: not delivered after ${delivery.failedAttempts} failed connection attempts (output.retries ${this.output.retries}): ${err.message}`;
    return new AppError(
      "E_DELIVERY",
      message,
      1,
      { attempts: delivery.failedAttempts, destination: this.destination },
      { cause: err },
    );
  }

  /** The connection died: what it did not outlive, and what it may not have delivered, goes back to the queue. */
  #lost(connection: Connection, loss: Loss): void {
    if (this.#connection !== connection) return;
    this.#connection = undefined;
    this.#clearConfirmTimer();
    const { entries, confirmed } = this.#recent.takeAll();
    const again = loss.error || loss.recentWrites ? entries : entries.slice(confirmed);
    for (const entry of again) entry.writtenAt = undefined;
    this.#queue.unshift(again);
    const resent = again.reduce((sum, e) => sum + e.chunk.ends.length, 0);
    this.deps.metrics.transportResent.inc(resent);
    const error = this.#explain(loss);
    this.deps.logger.warn(
      { destination: this.destination, err: error.message, resent },
      "connection to the receiver lost",
    );
    this.#failed(error);
    this.#wakeup.wake();
  }

  #explain(loss: Loss): Error {
    const code = loss.error && "code" in loss.error ? String(loss.error.code) : "";
    const reset = code === "ECONNRESET" || code === "EPIPE";
    if (this.#wrote && !this.#proven && (!loss.error || reset)) {
      this.#earlyCloses++;
      return new AppError(
        "E_RECEIVER_CLOSED",
        `${this.destination}: the receiver closes the connection after the first message (${this.#earlyCloses} in a row): ${this.opener.earlyCloseHint}`,
        1,
        { connections: this.#earlyCloses, permanent: this.#earlyCloses >= EARLY_CLOSES },
        loss.error ? { cause: loss.error } : undefined,
      );
    }
    return loss.error
      ? this.opener.describe(loss.error)
      : new AppError("E_CONNECTION_LOST", "the receiver closed the connection");
  }
}

const refsOf = <Ref>(entry: Entry<Ref>): Ref[] => (entry.chunk.refs ?? []).filter((r): r is Ref => r !== undefined);
