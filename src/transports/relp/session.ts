/**
 * One RELP session on a connected socket (TCP or TLS): `open` with our offers and the receiver's answer, then frames
 * out and responses in, until `close`, a `serverclose` hint, a bad frame or the connection ends. Transaction numbers
 * start at 1 in each session. The session reads the socket all the time, so a receiver that closes is noticed at once.
 */
import type { Socket } from "node:net";
import { AppError } from "../../errors.js";
import {
  encodeFrame,
  encodeSyslogFrames,
  FrameParser,
  nextTxnr,
  offersProblem,
  OPEN_OFFERS,
  parseOffers,
  parseResponse,
  type RelpFrame,
  type RelpResponse,
} from "./frame.js";

const KEEPALIVE_MS = 30_000;

export interface SessionHandlers {
  /** The receiver answered the command of `txnr`. */
  onResponse(txnr: number, response: RelpResponse): void;
  /** The session ended by itself: the connection closed or failed, the receiver hinted `serverclose`, a bad frame. */
  onLost(error: Error): void;
}

/** The receiver's offers, as `check --online` reports them. */
export type Offers = Map<string, string[]>;

export class RelpSession {
  #parser = new FrameParser();
  #txnr = 1;
  #lost = false;
  #ending = false;
  #opening?: { resolve: (offers: Offers) => void; reject: (err: Error) => void };
  #closing?: { txnr: number; done: () => void };

  constructor(
    private readonly socket: Socket,
    private readonly where: string,
    private readonly handlers: SessionHandlers,
  ) {
    socket.setNoDelay(true);
    socket.setKeepAlive(true, KEEPALIVE_MS);
    socket.on("data", (chunk: Buffer) => this.#read(chunk));
    socket.on("error", (err) => this.#lose(err));
    socket.on("close", () => this.#lose());
  }

  get alive(): boolean {
    return !this.#lost && !this.#ending;
  }

  /**
   * Sends `open` with our offers; resolves with the receiver's offers once it accepted them. Rejects (and destroys
   * the socket) when it refused them, closed the connection, or did not answer within `timeoutMs`.
   */
  open(timeoutMs: number): Promise<Offers> {
    return new Promise<Offers>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          this.#lose(
            new AppError(
              "E_RELP_OPEN",
              `${this.where}: no answer to RELP open within ${timeoutMs / 1000}s (output.connectTimeout): ` +
                "is this a RELP port (rsyslog imrelp)? a plain TCP syslog port never answers",
            ),
          ),
        timeoutMs,
      );
      this.#opening = {
        resolve: (offers) => {
          clearTimeout(timer);
          resolve(offers);
        },
        reject: (err) => {
          clearTimeout(timer);
          reject(err);
        },
      };
      this.socket.write(encodeFrame(this.#take(1), "open", OPEN_OFFERS));
    });
  }

  /** Reserves `count` transaction numbers; returns the first. */
  #take(count: number): number {
    const first = this.#txnr;
    for (let i = 0; i < count; i++) this.#txnr = nextTxnr(this.#txnr);
    return first;
  }

  /** Writes `syslog` frames for `messages`; returns their transaction numbers, oldest first. */
  sendSyslog(messages: readonly Buffer[], onWritten: () => void): { txnrs: number[]; more: boolean } {
    const first = this.#take(messages.length);
    const txnrs: number[] = [];
    for (let i = 0, t = first; i < messages.length; i++, t = nextTxnr(t)) txnrs.push(t);
    const more = this.socket.write(encodeSyslogFrames(first, messages), (err) => {
      if (!err && !this.#lost) onWritten();
    });
    return { txnrs, more };
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
   * Ends the session as RELP does: `close`, the receiver's answer, then the connection's end. Resolves true when the
   * receiver answered within `timeoutMs`; false when the connection was lost, or destroyed at the timeout.
   */
  close(timeoutMs: number): Promise<boolean> {
    if (this.#lost) return Promise.resolve(false);
    this.#ending = true;
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => finish(false), timeoutMs);
      const finish = (answered: boolean) => {
        clearTimeout(timer);
        this.#closing = undefined;
        this.socket.off("close", lost);
        if (answered) this.socket.end();
        else this.socket.destroy();
        resolve(answered);
      };
      const lost = () => finish(false);
      this.socket.once("close", lost);
      const txnr = this.#take(1);
      this.#closing = { txnr, done: () => finish(true) };
      this.socket.write(encodeFrame(txnr, "close"));
    });
  }

  destroy(): void {
    this.#ending = true;
    this.socket.destroy();
  }

  #read(chunk: Buffer): void {
    let frames: RelpFrame[];
    try {
      frames = this.#parser.push(chunk);
    } catch (err) {
      return this.#lose(
        new AppError("E_RELP_PROTOCOL", `${this.where}: ${(err as Error).message}`, 1, {}, { cause: err }),
      );
    }
    for (const frame of frames) {
      if (this.#lost) return;
      this.#dispatch(frame);
    }
  }

  #dispatch(frame: RelpFrame): void {
    if (frame.command === "serverclose" && frame.txnr === 0)
      return this.#lose(new AppError("E_CONNECTION_LOST", `${this.where}: the receiver closed the RELP session`));
    if (frame.command !== "rsp")
      return this.#lose(
        new AppError("E_RELP_PROTOCOL", `${this.where}: the receiver sent an unexpected RELP ${frame.command}`),
      );
    let response: RelpResponse;
    try {
      response = parseResponse(frame.data);
    } catch (err) {
      return this.#lose(new AppError("E_RELP_PROTOCOL", `${this.where}: ${(err as Error).message}`));
    }
    if (this.#opening) return this.#opened(frame.txnr, response);
    if (this.#closing?.txnr === frame.txnr) return this.#closing.done();
    this.handlers.onResponse(frame.txnr, response);
  }

  #opened(txnr: number, response: RelpResponse): void {
    const opening = this.#opening!;
    if (txnr !== 1)
      return this.#lose(new AppError("E_RELP_PROTOCOL", `${this.where}: the receiver answered open as ${txnr}`));
    const offers = parseOffers(response.body);
    const problem =
      response.code !== 200 ? `it refused our offers (${response.code} ${response.text})` : offersProblem(offers);
    if (problem)
      return this.#lose(
        new AppError(
          "E_RELP_OFFER",
          `${this.where}: the RELP session was refused: ${problem}; check the receiver's imrelp input`,
          1,
          { code: response.code, permanent: true },
        ),
      );
    this.#opening = undefined;
    opening.resolve(offers);
  }

  /** Ends the session (with `error`, or as the connection ended): a pending open rejects, or the handlers hear it. */
  #lose(error?: Error): void {
    if (this.#lost) return;
    this.#lost = true;
    this.socket.destroy();
    const err =
      error ??
      (this.#opening
        ? new AppError(
            "E_RELP_OPEN",
            `${this.where}: the receiver closed the connection before answering RELP open: is this a RELP port, ` +
              "and does output.tls match its TLS setting?",
          )
        : new AppError("E_CONNECTION_LOST", `${this.where}: the receiver closed the connection`));
    if (this.#opening) {
      const opening = this.#opening;
      this.#opening = undefined;
      return opening.reject(err);
    }
    if (!this.#ending) this.handlers.onLost(err);
  }
}
