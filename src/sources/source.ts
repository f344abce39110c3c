/** The contract between a Defender API and the poll cycle: a bounded time window in, its records out. */
import type { TokenProvider } from "../auth/token-provider.js";
import type { Metrics } from "../health/metrics.js";
import type { Logger } from "../logging/logger.js";
import type { Sleep } from "../util/retry.js";

export interface SourceWindow {
  since: Date;
  until: Date;
}

export interface SourceRecord {
  /** The record as the API sent it (field names in their documented spelling where known). */
  record: Record<string, unknown>;
  /** The de-duplication key (SIEM: FullId). */
  identity: string;
  /** The time the window filters on (SIEM: LastProcessedTimeUtc). */
  time: Date;
}

export interface Source {
  /** `source.api`. */
  api: string;
  /** The records the API holds for [since, until) of `time`, each identity once, sorted by `time` ascending. */
  fetch(window: SourceWindow, signal?: AbortSignal): Promise<SourceRecord[]>;
  /**
   * The API's current time as its last response told it (undefined before any): polls run up to it and the
   * checkpoint never passes it, so a forwarder whose clock is off neither loses nor delays records.
   */
  apiNow?(): number | undefined;
}

export interface SourceDeps {
  logger: Logger;
  metrics: Metrics;
  tokens: TokenProvider;
  /** Tests inject these to see waits without waiting, and to fix jitter. */
  sleep?: Sleep;
  random?: () => number;
  now?: () => number;
}
