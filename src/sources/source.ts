/**
 * The contract between a Defender API and the pipeline: one bounded request's records, and the limits the pipeline
 * cuts the time it reads by (pipeline/pieces.ts turns a source into an async iterable of bounded pieces).
 */
import type { TokenProvider } from "../auth/token-provider.js";
import type { Metrics } from "../health/metrics.js";
import type { Logger } from "../logging/logger.js";
import type { Sleep } from "../util/retry.js";

export interface SourceWindow {
  since: Date;
  until: Date;
}

/** One piece's request: a bounded window of `time`. */
export interface SourceRequest extends SourceWindow {
  /** Only the most recent `limit` records of the window: for a look (`once --dry-run --limit`), never collection. */
  limit?: number;
}

export interface SourceRecord {
  /** The record as the API sent it (field names in their documented spelling where known). */
  record: Record<string, unknown>;
  /** The de-duplication key (SIEM: FullId). */
  identity: string;
  /** The time the window filters on (SIEM: LastProcessedTimeUtc). */
  time: Date;
}

/** What bounds one piece of this API: its span never exceeds `maxSpan`, and adapts to hold about `records`. */
export interface PieceLimits {
  maxSpan: number;
  records: number;
}

export interface Source {
  /** `source.api`. */
  api: string;
  pieces: PieceLimits;
  /** Whether `fetch` honours a request's `limit` (the API can keep the most recent N records itself). */
  canLimit: boolean;
  /**
   * The records the API holds for [since, until) of `time`, as it sent them: repeats and their order are the
   * pipeline's business (one place, state/checkpoint.ts). Counts what it fetches.
   */
  fetch(request: SourceRequest, signal?: AbortSignal): Promise<SourceRecord[]>;
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
