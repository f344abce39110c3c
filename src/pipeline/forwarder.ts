/**
 * A running forwarder: its stages, its state, and what it reports. It runs cycles on demand (the scheduler or
 * `once` decides when), logs one summary line per cycle, keeps the metrics, and answers readiness and status.
 */
import { AppError } from "../errors.js";
import type { Metrics } from "../health/metrics.js";
import { readiness, type CycleOutcome, type Readiness } from "../health/readiness.js";
import type { Logger } from "../logging/logger.js";
import type { Source } from "../sources/source.js";
import { withoutDelivery, type SourceState, type Tracked, type WindowSettings } from "../state/checkpoint.js";
import { CycleFailure, runCycle, type CycleSummary } from "./cycle.js";
import { PieceSpan } from "./pieces.js";
import type { CompiledMapping } from "../mapping/mapping.js";
import type { Transport } from "../transports/transport.js";

export interface StateKeeper {
  save(state: SourceState): Promise<void>;
}

export interface ForwarderParts {
  source: Pick<Source, "fetch" | "apiNow">;
  mapping: Pick<CompiledMapping, "encode">;
  transport: Pick<Transport, "send"> & Partial<Pick<Transport, "status">>;
  store: StateKeeper;
  state: SourceState;
  settings: WindowSettings;
  maxPayloadBytes: number;
  batchSize?: number;
  /** About how many records a piece of a window may hold (source.splitAbove); without it windows are fetched whole. */
  pieceRecords?: number;
  /** source.cycleDeadline: a cycle running longer stops with E_CYCLE_DEADLINE, keeping what it delivered. */
  cycleDeadline?: number;
  metrics: Metrics;
  logger: Logger;
  /** What `/status` says about the forwarder's configuration (no secrets). */
  describe: Record<string, unknown>;
  clock?: () => number;
}

export class Forwarder {
  /** The state as last written: the cycles' progress, less any records put back. */
  private state: SourceState;
  /** Records put back at close: every later write keeps them undelivered, whatever a cycle still reports. */
  private readonly unsure: Tracked[] = [];
  /** State writes, one at a time and in order: a cycle ending while the output closes must not overwrite a put-back. */
  private writing: Promise<void> = Promise.resolve();
  private inFlight: Promise<unknown> = Promise.resolve();
  private readonly outcome: CycleOutcome = {};
  private lastCycle: (CycleSummary & { startedAt: string; durationMs: number; error?: string }) | undefined;
  private readonly clock: () => number;
  /** Learnt from the records of each piece, and kept from cycle to cycle. */
  private readonly pieces: PieceSpan | undefined;

  constructor(private readonly parts: ForwarderParts) {
    this.state = parts.state;
    this.clock = parts.clock ?? Date.now;
    this.pieces =
      parts.pieceRecords === undefined
        ? undefined
        : new PieceSpan({ records: parts.pieceRecords, maxWindow: parts.settings.maxWindow });
  }

  /** One poll cycle. Resolves with its summary; rejects with a CycleFailure after logging and counting it. */
  async cycle(bounds: { since?: number; until?: number } = {}, signal?: AbortSignal): Promise<CycleSummary> {
    const { parts } = this;
    const started = this.clock();
    const ctx = {
      ...parts,
      batchSize: parts.batchSize ?? 500,
      pieces: this.pieces,
      commit: (state: SourceState) => this.write(() => state),
    };
    const deadline = withDeadline(parts.cycleDeadline, signal);
    try {
      // Polls run up to the API's now when it is known: its clock stamps the records, whatever the local one says.
      const now = parts.source.apiNow?.() ?? started;
      const running = runCycle(ctx, this.state, now, bounds, deadline.signal);
      this.inFlight = running.catch(() => undefined);
      const summary = await running;
      this.finish(summary, started);
      return summary;
    } catch (err) {
      const failure =
        err instanceof CycleFailure
          ? err
          : new CycleFailure(err, { windows: [], fetched: 0, repeats: 0, sent: 0, unencodable: 0 });
      this.finish(failure.summary, started, failure);
      throw failure;
    } finally {
      deadline.clear();
    }
  }

  /**
   * Messages of these records were sent but may not have arrived (the output closed before it could write them again
   * after a lost connection): the state goes back so that the next poll fetches and sends them again.
   */
  async putBack(records: readonly Tracked[]): Promise<void> {
    if (records.length === 0) return;
    this.unsure.push(...records);
    // Read when the write runs, so a cycle's write still in progress is not undone.
    await this.write(() => this.state);
    const checkpoint = this.state.checkpoint === undefined ? null : new Date(this.state.checkpoint).toISOString();
    this.parts.logger.warn(
      { records: records.length, checkpoint },
      "records sent before the receiver was lost were not sent again: the checkpoint goes back so the next poll sends them",
    );
  }

  /** Resolves once the cycle in flight, if any, has ended and its state is written. */
  async settled(): Promise<void> {
    await this.inFlight;
    await this.writing;
  }

  private write(next: () => SourceState): Promise<void> {
    const written = this.writing.then(async () => {
      const kept = withoutDelivery(next(), this.unsure);
      await this.parts.store.save(kept);
      this.state = kept;
      this.updateLag();
    });
    this.writing = written.catch(() => undefined);
    return written;
  }

  readiness(intervalMs: number): Readiness {
    return readiness(this.outcome, this.clock(), intervalMs);
  }

  status(): Record<string, unknown> {
    return {
      ...this.parts.describe,
      checkpoint: this.state.checkpoint === undefined ? null : new Date(this.state.checkpoint).toISOString(),
      identitiesInOverlap: this.state.delivered.size,
      lastSuccess: this.outcome.lastSuccess === undefined ? null : new Date(this.outcome.lastSuccess).toISOString(),
      lastCycle: this.lastCycle ?? null,
      transport: this.parts.transport.status?.() ?? null,
    };
  }

  private finish(summary: CycleSummary, started: number, failure?: CycleFailure): void {
    const { metrics, logger } = this.parts;
    const durationMs = this.clock() - started;
    const first = summary.windows[0];
    const last = summary.windows.at(-1);
    const line = {
      window: first && last ? `${first.since.toISOString()}/${last.until.toISOString()}` : null,
      fetched: summary.fetched,
      new: summary.fetched - summary.repeats,
      sent: summary.sent,
      duplicates: summary.repeats,
      unencodable: summary.unencodable,
      durationMs,
    };
    this.lastCycle = { ...summary, startedAt: new Date(started).toISOString(), durationMs, error: failure?.message };
    metrics.cycleDuration.set(durationMs / 1000);
    if (failure) {
      const pending = summary.fetched - summary.repeats - summary.sent - summary.unencodable;
      metrics.polls.inc({ result: "failure" });
      metrics.recordsFailed.inc(Math.max(0, pending));
      this.outcome.lastError = { at: this.clock(), message: failure.message };
      logger.error(
        { ...line, err: failure.cause },
        `poll cycle failed: ${failure.message}; what was sent is kept, the rest is retried next cycle`,
      );
      return;
    }
    metrics.polls.inc({ result: "success" });
    metrics.lastSuccess.set(this.clock() / 1000);
    this.outcome.lastSuccess = this.clock();
    logger.info(line, "poll cycle done");
  }

  private updateLag(): void {
    if (this.state.checkpoint !== undefined)
      this.parts.metrics.checkpointLag.set((this.clock() - this.state.checkpoint) / 1000);
  }
}

/** The cycle's signal: the caller's, and the deadline's, which stops the cycle with one clear error. */
function withDeadline(ms: number | undefined, signal?: AbortSignal): { signal?: AbortSignal; clear(): void } {
  if (ms === undefined) return { signal, clear: () => undefined };
  const expired = new AbortController();
  const timer = setTimeout(() => {
    const message = `the poll cycle ran longer than source.cycleDeadline (${ms / 1000} s) and stopped; what it delivered is kept, the rest is fetched next cycle`;
    expired.abort(new AppError("E_CYCLE_DEADLINE", message, undefined, { deadlineMs: ms }));
  }, ms);
  timer.unref();
  return {
    signal: signal ? AbortSignal.any([signal, expired.signal]) : expired.signal,
    clear: () => clearTimeout(timer),
  };
}
