/** The contract between the poll cycle and every output. A new output is a new folder plus one line in registry.ts. */
import type { Metrics } from "../health/metrics.js";
import type { Logger } from "../logging/logger.js";

export interface OutgoingMessage {
  /** The encoded CEF/LEEF/JSON text, without syslog header or framing. */
  payload: string;
  /** The event's severity on the CEF scale 0-10, for `output.severity: event`. */
  severity?: number;
  /** The syslog header's timestamp; default: when the message is sent. */
  time?: Date;
  /** What the message stands for (for the pipeline, its record), handed back by `close` if it may not have arrived. */
  ref?: unknown;
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

export interface Transport {
  /**
   * Resolves once every message was handed to a live connection (or file) without error; rejects when that failed
   * after `output.retries` connection attempts, on a permanent error (a refused certificate) or a message too large.
   */
  send(messages: readonly OutgoingMessage[]): Promise<void>;
  /**
   * Delivers what is queued within `timeoutMs`, then closes (TLS: close_notify). Later sends reject. Resolves with the
   * `ref`s of messages whose sends had resolved but that may not have arrived: written before a lost connection, and
   * not written again before the close. Whatever they stand for must not count as delivered.
   */
  close(timeoutMs?: number): Promise<unknown[]>;
  status(): TransportStatus;
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
