/**
 * A running forwarder: its stages, its checkpoint keeper, and what it reports. It runs cycles on demand (the
 * scheduler or `once` decides when), logs one summary line per cycle, keeps the metrics, and answers readiness and
 * status.
 */
import { AppError } from "../errors.js";
import type { Metrics } from "../health/metrics.js";
import { readiness, type CycleOutcome, type Readiness } from "../health/readiness.js";
import type { Logger } from "../logging/logger.js";
import type { Source } from "../sources/source.js";
import type { SourceState, Tracked } from "../state/checkpoint.js";
import { CheckpointKeeper, type StateStoreLike } from "./checkpoint-keeper.js";
import { CycleFailure, runCycle, type CycleSummary } from "./cycle.js";
import { PieceSpan, type RangeSettings } from "./pieces.js";
import type { CompiledMapping } from "../mapping/mapping.js";
import type { TenantLabel } from "../mapping/tenant.js";
import type { Transport } from "../transports/transport.js";

export interface ForwarderParts {
  source: Pick<Source, "fetch" | "apiNow" | "pieces">;
  mapping: Pick<CompiledMapping, "encode">;
  transport: Pick<Transport<Tracked>, "send" | "flush" | "onConfirmed" | "payloadBudget"> &
    Partial<Pick<Transport<Tracked>, "status">>;
  /** Whose records these are: `$tenant.name` and `$tenant.id` in the mapping. */
  tenant?: TenantLabel;
  store: StateStoreLike;
  state: SourceState;
  settings: RangeSettings;
  batchSize?: number;
  /** Only the most recent `limit` records of each piece, pieces of the source's maxSpan: a look, not collection. */
  limit?: number;
  /** source.cycleDeadline: a cycle running longer stops with E_CYCLE_DEADLINE, keeping what it delivered. */
  cycleDeadline?: number;
  /** How far the saved checkpoint may lag the confirmed records: 1 s and 2,000 records by default. */
  saveEveryMs?: number;
  saveEveryRecords?: number;
  metrics: Metrics;
  logger: Logger;
  /** What `/status` says about the forwarder's configuration (no secrets). */
  describe: Record<string, unknown>;
  clock?: () => number;
}

export class Forwarder {
  readonly keeper: CheckpointKeeper;
  private inFlight: Promise<unknown> = Promise.resolve();
  private readonly outcome: CycleOutcome = {};
  private lastCycle: (CycleSummary & { startedAt: string; durationMs: number; error?: string }) | undefined;
  private readonly clock: () => number;
  /** Learnt from the records of each piece, and kept from cycle to cycle. */
  private readonly pieces: PieceSpan;

  constructor(private readonly parts: ForwarderParts) {
    this.clock = parts.clock ?? Date.now;
    this.keeper = new CheckpointKeeper(parts.state, {
      overlap: parts.settings.overlap,
      store: parts.store,
      saveEveryMs: parts.saveEveryMs,
      saveEveryRecords: parts.saveEveryRecords,
      clock: this.clock,
      onSaved: (state) => this.updateLag(state),
    });
    parts.transport.onConfirmed((refs) => this.keeper.confirmed(refs));
    const { pieces } = parts.source;
    this.pieces = parts.limit === undefined ? new PieceSpan(pieces) : PieceSpan.whole(pieces.maxSpan);
  }

  /** One poll cycle. Resolves with its summary; rejects with a CycleFailure after logging and counting it. */
  async cycle(bounds: { since?: number; until?: number } = {}, signal?: AbortSignal): Promise<CycleSummary> {
    const { parts } = this;
    const started = this.clock();
    const ctx = { ...parts, batchSize: parts.batchSize ?? 500, pieces: this.pieces, keeper: this.keeper };
    const deadline = withDeadline(parts.cycleDeadline, signal);
    try {
      // Polls run up to the API's now when it is known: its clock stamps the records, whatever the local one says.
      const now = parts.source.apiNow?.() ?? started;
      const running = runCycle(ctx, now, bounds, deadline.signal);
      this.inFlight = running.catch(() => undefined);
      const summary = await running;
      this.finish(summary, started);
      return summary;
    } catch (err) {
      const failure =
        err instanceof CycleFailure ? err : new CycleFailure(err, { fetched: 0, repeats: 0, sent: 0, unencodable: 0 });
      this.finish(failure.summary, started, failure);
      throw failure;
    } finally {
      deadline.clear();
    }
  }

  /**
   * After the output closed: waits for the cycle in flight, if any, then saves what the output confirmed. `unsure`
   * were written but never confirmed: the saved checkpoint stays before them, so the next poll sends them.
   */
  async close(unsure: number): Promise<void> {
    this.keeper.stop();
    await this.inFlight;
    await this.keeper.save();
    if (unsure === 0) return;
    const checkpoint = this.keeper.saved.checkpoint;
    this.parts.logger.warn(
      { records: unsure, checkpoint: checkpoint === undefined ? null : new Date(checkpoint).toISOString() },
      "records written before the receiver was lost were never confirmed: the checkpoint stays before them, the next poll sends them",
    );
  }

  /** Resolves once the cycle in flight, if any, has ended and the state writes asked for are done. */
  async settled(): Promise<void> {
    await this.inFlight;
    await this.keeper.settled();
  }

  readiness(intervalMs: number): Readiness {
    return readiness(this.outcome, this.clock(), intervalMs);
  }

  status(): Record<string, unknown> {
    const saved = this.keeper.saved;
    return {
      ...this.parts.describe,
      checkpoint: saved.checkpoint === undefined ? null : new Date(saved.checkpoint).toISOString(),
      identitiesInOverlap: saved.delivered.size,
      lastSuccess: this.outcome.lastSuccess === undefined ? null : new Date(this.outcome.lastSuccess).toISOString(),
      lastCycle: this.lastCycle ?? null,
      lastError: this.outcome.lastError
        ? { at: new Date(this.outcome.lastError.at).toISOString(), message: this.outcome.lastError.message }
        : null,
      transport: this.parts.transport.status?.() ?? null,
    };
  }

  private finish(summary: CycleSummary, started: number, failure?: CycleFailure): void {
    const { metrics, logger } = this.parts;
    const durationMs = this.clock() - started;
    const { window } = summary;
    const line = {
      window: window ? `${window.since.toISOString()}/${window.until.toISOString()}` : null,
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

  private updateLag(state: SourceState): void {
    if (state.checkpoint !== undefined) this.parts.metrics.checkpointLag.set((this.clock() - state.checkpoint) / 1000);
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
