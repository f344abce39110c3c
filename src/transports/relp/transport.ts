/**
 * Syslog over RELP, as rsyslog's imrelp receives it: one session at a time over TCP or TLS, every message a `syslog`
 * command the receiver acknowledges with `rsp 200`. A message is confirmed when its acknowledgement arrives, never
 * before, so the checkpoint only moves over messages the receiver took. At most `output.window` messages wait for
 * their acknowledgement; when a session ends before they got it (receiver restart, reset, `serverclose`, no
 * acknowledgement within `output.ackTimeout`), exactly those are sent again, in order, on the next session. A
 * refused offer or a negative acknowledgement fails the deliveries at once: retrying would be refused again.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { connect } from "node:net";
import type { Socket } from "node:net";
import { AppError } from "../../errors.js";
import { backoffDelay } from "../../util/backoff.js";
import { BaseTransport } from "../base.js";
import { connectError, whenReady } from "../connect.js";
import { Delivery } from "../delivery.js";
import { renderMessages, splitChunk, type FrameChunk } from "../render.js";
import { SendQueue, type Entry } from "../send-queue.js";
import { certificateProblem, openTls } from "../tls-connect.js";
import { DEFAULT_CLOSE_TIMEOUT_MS, type OutgoingMessage, type Transport, type TransportDeps } from "../transport.js";
import { Wakeup } from "../wakeup.js";
import type { RelpResponse } from "./frame.js";
import type { RelpOptions } from "./options.js";
import { RelpSession } from "./session.js";

/** How a RELP transport makes its connections: TCP or TLS, up to the point where RELP's open can be sent. */
export interface RelpOpener {
  open(signal: AbortSignal): Promise<Socket>;
  /** Explains an error that ended a live connection. */
  describe(err: Error): Error;
}

/** A message sent on the current session and not acknowledged yet. */
interface Unacked<Ref> {
  entry: Entry<Ref>;
  txnr: number;
  sentAt: number;
}

/** Bytes per write: large enough for throughput, small enough not to hold the event loop. */
const BATCH_BYTES = 64 * 1024;
const END_MIN_MS = 1000;

export class RelpTransport<Ref> extends BaseTransport<Ref, RelpOptions> {
  readonly #queue: SendQueue<Ref>;
  /** Unacknowledged messages of the session in the order sent; those before `#head` are acknowledged. */
  #unacked: Unacked<Ref>[] = [];
  #head = 0;
  readonly #wakeup = new Wakeup();
  readonly #deliveries = new Set<Delivery>();
  /** Waiting `flush` calls: deliveries of one message, written once nothing is unacknowledged. */
  readonly #flushes = new Set<Delivery>();
  readonly #stop = new AbortController();
  #session?: RelpSession;
  #ackTimer?: NodeJS.Timeout;
  #loop?: Promise<void>;
  #attempt = 0;
  /** A permanent failure since the last acknowledgement: a close does not wait for the queue to drain. */
  #broken = false;

  constructor(
    output: RelpOptions,
    deps: TransportDeps,
    private readonly opener: RelpOpener,
    private readonly clock: () => number = Date.now,
  ) {
    super(output, deps);
    this.#queue = new SendQueue(output.queueMessages, output.queueBytes, (depth) => {
      deps.metrics.queueDepth.set(depth);
      this.#wakeup.wake();
    });
    // A close that times out stops the loop even while it waits for acknowledgements.
    this.#stop.signal.addEventListener("abort", () => this.#wakeup.wake());
  }

  get destination(): string {
    return `${this.output.transport} ${this.output.host}:${this.output.port}${this.output.tls ? " (TLS)" : ""}`;
  }

  protected get connected(): boolean {
    return this.#session?.alive ?? false;
  }

  protected override get queued(): number {
    return this.#queue.length;
  }

  get #pending(): number {
    return this.#unacked.length - this.#head;
  }

  async send(messages: readonly OutgoingMessage<Ref>[]): Promise<void> {
    this.assertOpen();
    if (messages.length === 0) return;
    // One entry per message: the window and the acknowledgements count messages.
    const entries = renderMessages(messages, this.output, "datagram", this.now()).flatMap(eachMessage);
    const delivery = this.#track(new Delivery(messages.length));
    void this.#queue.push(entries, delivery);
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

  /** Nothing in doubt: nothing waits to be sent, and the receiver acknowledged everything sent. */
  #certain(): boolean {
    return this.#queue.length === 0 && this.#pending === 0;
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
    this.#clearAckTimer();
    const session = this.#session;
    this.#session = undefined;
    // RELP's close: the receiver answers it once it answered everything before it.
    await session?.close(Math.max(END_MIN_MS, deadline - Date.now()));
    this.#queue.unshift(this.#takeUnacked());
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

  /** Entries without a delivery were sent, but never acknowledged: they may not have arrived. */
  #unsure(queued: readonly Entry<Ref>[]): Ref[] {
    const unsure = queued.filter((e) => !e.delivery);
    if (unsure.length)
      this.deps.logger.warn(
        { count: unsure.length, destination: this.destination },
        "output closed before the receiver acknowledged every message sent",
      );
    return unsure.flatMap((e) => refsOf(e));
  }

  async #run(): Promise<void> {
    while (!this.#stop.signal.aborted) {
      const session = this.#session;
      if (this.#queue.length === 0 || (session && this.#pending >= this.output.window)) {
        if (this.closed && this.#certain()) return;
        await this.#wakeup.wait();
      } else if (!session) {
        await this.#connect();
      } else {
        await this.#write(session);
      }
    }
  }

  async #write(session: RelpSession): Promise<void> {
    // Reads first: a write into a connection the receiver reset destroys the socket with what it had not read yet,
    // the acknowledgements and the serverclose sent before the reset among them; each lost one is a duplicate.
    await new Promise(setImmediate);
    if (session !== this.#session || !session.alive) return;
    const batch = this.#queue.take(BATCH_BYTES, this.output.window - this.#pending);
    const sentAt = this.clock();
    const { txnrs, more } = session.sendSyslog(
      batch.map((e) => e.chunk.data),
      () => batch.forEach(written),
    );
    batch.forEach((entry, i) => this.#unacked.push({ entry, txnr: txnrs[i]!, sentAt }));
    this.#armAckTimer();
    if (!more) await session.drained();
  }

  /** An answer of the receiver: `rsp 200` confirms the oldest unacknowledged message; anything else ends it. */
  #answered(session: RelpSession, txnr: number, response: RelpResponse): void {
    if (session !== this.#session) return;
    const oldest = this.#unacked[this.#head];
    // librelp answers in the order it received: an answer to anything else is a broken session.
    if (oldest?.txnr !== txnr)
      return this.#endSession(
        session,
        new AppError("E_RELP_PROTOCOL", `${this.destination}: the receiver answered transaction ${txnr} out of turn`),
      );
    if (response.code !== 200)
      return this.#endSession(
        session,
        new AppError(
          "E_RELP_REFUSED",
          `${this.destination}: the receiver refused a message (RELP ${response.code} ${response.text}); ` +
            "see the receiver's log for why",
          1,
          { code: response.code, permanent: true },
        ),
      );
    this.#head++;
    written(oldest.entry);
    this.#attempt = 0;
    this.#broken = false;
    this.confirm(refsOf(oldest.entry));
    if (this.#head === this.#unacked.length) {
      this.#unacked = [];
      this.#head = 0;
    } else if (this.#head >= 4096 && this.#head * 2 >= this.#unacked.length) {
      this.#unacked = this.#unacked.slice(this.#head);
      this.#head = 0;
    }
    this.#wakeup.wake();
    this.#settleFlushes();
  }

  #armAckTimer(): void {
    const oldest = this.#unacked[this.#head];
    if (this.#ackTimer || !oldest) return;
    this.#ackTimer = setTimeout(
      () => this.#checkAcks(),
      Math.max(0, oldest.sentAt + this.output.ackTimeout - this.clock()),
    );
    this.#ackTimer.unref();
  }

  #clearAckTimer(): void {
    clearTimeout(this.#ackTimer);
    this.#ackTimer = undefined;
  }

  /** The oldest unacknowledged message waited `ackTimeout`: the session is dead. */
  #checkAcks(): void {
    this.#ackTimer = undefined;
    const oldest = this.#unacked[this.#head];
    const session = this.#session;
    if (!oldest || !session) return;
    if (this.clock() - oldest.sentAt < this.output.ackTimeout) return this.#armAckTimer();
    const seconds = this.output.ackTimeout / 1000;
    this.#endSession(
      session,
      new AppError(
        "E_RELP_ACK_TIMEOUT",
        `${this.destination}: the receiver acknowledged nothing for ${seconds}s (output.ackTimeout); ` +
          `${this.#pending} message(s) will be sent again`,
        1,
        { timeoutMs: this.output.ackTimeout },
      ),
    );
  }

  #endSession(session: RelpSession, error: Error): void {
    session.destroy();
    this.#lost(session, error);
  }

  #takeUnacked(): Entry<Ref>[] {
    const entries = this.#unacked.slice(this.#head).map((u) => u.entry);
    this.#unacked = [];
    this.#head = 0;
    return entries;
  }

  /** Waits out the backoff after failures, then opens a session once; a failure counts against the deliveries. */
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
      const socket = await this.opener.open(this.#stop.signal);
      const session: RelpSession = new RelpSession(socket, this.destination, {
        onResponse: (txnr, response) => this.#answered(session, txnr, response),
        onLost: (err) => this.#lost(session, this.opener.describe(err)),
      });
      const offers = await session.open(this.output.connectTimeout);
      if (this.#stop.signal.aborted) {
        session.destroy();
        return;
      }
      this.#session = session;
      this.deps.metrics.transportReconnects.inc();
      this.deps.logger.info(
        { destination: this.destination, attempt: this.#attempt, receiver: offers.get("relp_software")?.join(",") },
        "RELP session opened",
      );
      this.lastError = undefined;
    } catch (err) {
      if (this.#stop.signal.aborted) return;
      this.deps.logger.warn(
        { destination: this.destination, attempt: this.#attempt, err: (err as Error).message },
        "cannot open a RELP session",
      );
      this.#failed(err as Error);
    }
  }

  /**
   * A failed attempt, or a lost session: the next attempt backs off (until an acknowledgement comes again), and every
   * waiting delivery counts it; those out of retries fail (at once for a permanent error).
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
    return new AppError(
      "E_DELIVERY",
      `${this.destination}: not delivered after ${delivery.failedAttempts} failed attempts (output.retries ` +
        `${this.output.retries}): ${err.message}`,
      1,
      { attempts: delivery.failedAttempts, destination: this.destination },
      { cause: err },
    );
  }

  /** The session ended: what it did not get acknowledged goes back to the front of the queue, to be sent again. */
  #lost(session: RelpSession, error: Error): void {
    if (this.#session !== session) return;
    this.#session = undefined;
    this.#clearAckTimer();
    const again = this.#takeUnacked();
    this.#queue.unshift(again);
    this.deps.metrics.transportResent.inc(again.length);
    this.deps.logger.warn(
      { destination: this.destination, err: error.message, resent: again.length },
      "RELP session lost",
    );
    this.#failed(error);
    this.#wakeup.wake();
  }
}

/** The entry's delivery counts it as written (once). */
function written(entry: Entry): void {
  entry.delivery?.written(1);
  entry.delivery = undefined;
}

/** A chunk of messages as one entry per message. */
function eachMessage<Ref>(chunk: FrameChunk<Ref>): FrameChunk<Ref>[] {
  return splitChunk(chunk).map((data, i) => {
    const ref = chunk.refs?.[i];
    return ref === undefined ? { data, ends: [data.length] } : { data, ends: [data.length], refs: [ref] };
  });
}

const refsOf = <Ref>(entry: Entry<Ref>): Ref[] => (entry.chunk.refs ?? []).filter((r): r is Ref => r !== undefined);

/** Plain TCP, or TLS with the keys and checks of transport tls (the same helpers). */
export function relpOpener(output: RelpOptions): RelpOpener {
  const tls = output.tls;
  if (!tls)
    return {
      open: (signal) =>
        whenReady(connect({ host: output.host, port: output.port }), "connect", output, signal, connectError(output)),
      describe: (err) => err,
    };
  const withTls = { ...output, tls };
  return {
    open: (signal) => openTls(withTls, signal),
    describe: (err) => certificateProblem(withTls, err) ?? err,
  };
}

export function createRelpTransport<Ref>(output: RelpOptions, deps: TransportDeps): Transport<Ref> {
  return new RelpTransport<Ref>(output, deps, relpOpener(output));
}
