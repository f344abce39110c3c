/** The contract between the poll cycle and every output. A new output is a new folder plus one line in registry.ts. */
import type { Metrics } from "../health/metrics.js";
import type { Logger } from "../logging/logger.js";

export interface OutgoingMessage<Ref = unknown> {
  /** The encoded CEF/LEEF/JSON text, without syslog header or framing. */
  payload: string;
  /** The event's severity on the CEF scale 0-10, for `output.severity: event`. */
  severity?: number;
  /** The syslog header's timestamp; default: when the message is sent. */
  time?: Date;
  /** What the message stands for (for the pipeline, its record): reported when confirmed, handed back by `close`. */
  ref?: Ref;
}

export interface TransportStatus {
  transport: string;
  /** `tcp 127.0.0.1:514`, `file /var/log/x.log`, `stdout`. */
  destination: string;
  /** A live connection (tcp, tls), an open socket or file; stdout is always connected. */
  connected: boolean;
  /** Messages waiting to be written (including those written again after a connection loss). */
  queued: number;
  /** The last delivery or connection error, cleared by the next success. */
  lastError?: string;
}

/**
 * Two steps for every message: written (handed to a live connection, a file, a socket), then confirmed (the output
 * has outlived it: for TCP and TLS, the connection stayed open a settle time after it or ended cleanly). Only a
 * confirmed message may count as delivered on disk; a written one may still be written again after a lost connection.
 */
export interface Transport<Ref = unknown> {
  /**
   * Resolves once every message was written without error; rejects when that failed after `output.retries`
   * connection attempts, on a permanent error (a refused certificate, a receiver that closes every connection after
   * the first message) or a message too large.
   */
  send(messages: readonly OutgoingMessage<Ref>[]): Promise<void>;
  /** `listener` hears the `ref`s of confirmed messages, in the order they were sent. */
  onConfirmed(listener: (refs: readonly Ref[]) => void): void;
  /**
   * Resolves once no written message is in doubt: each was confirmed, or sits on a connection that has already
   * confirmed messages; rejects as `send` does when the messages written again after a lost connection cannot be.
   */
  flush(): Promise<void>;
  /**
   * Delivers what is queued within `timeoutMs`, then closes (TLS: close_notify); a clean close confirms what was
   * written. Later sends reject. Resolves with the `ref`s of written messages that were never confirmed: whatever
   * they stand for was not delivered.
   */
  close(timeoutMs?: number): Promise<Ref[]>;
  status(): TransportStatus;
  /** Bytes a message's payload may use: output.maxMessageBytes less the syslog header. */
  readonly payloadBudget: number;
  /** Reopens the output file (after logrotate moved it); the daemon calls it on SIGHUP. */
  reopen?(): Promise<void>;
}

export interface TransportDeps {
  logger: Logger;
  metrics: Metrics;
  /** The clock for syslog timestamps; default: the system clock. */
  now?: () => Date;
}

export const DEFAULT_CLOSE_TIMEOUT_MS = 5_000;
