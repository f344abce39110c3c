/**
 * One poll cycle: source → de-duplicate → map → transport → checkpoint, window after window, oldest first, each
 * window fetched in pieces whose span adapts to hold a bounded number of records (pieces.ts).
 * The checkpoint moves only over delivered records: after each delivered batch to the last record's time, after a
 * whole piece to its end (or to the API's now, if that is earlier); it is saved every second or 2,000 records, and
 * when the cycle ends (progress.ts).
 * A failure keeps (and saves) what was delivered and leaves the rest to the next cycle.
 */
import type { Metrics } from "../health/metrics.js";
import type { Logger } from "../logging/logger.js";
import {
  planWindows,
  withoutRepeats,
  type SourceState,
  type Tracked,
  type Window,
  type WindowSettings,
} from "../state/checkpoint.js";
import type { Source, SourceRecord } from "../sources/source.js";
import type { CompiledMapping } from "../mapping/mapping.js";
import type { OutgoingMessage, Transport } from "../transports/transport.js";
import type { PieceSpan } from "./pieces.js";
import { Progress } from "./progress.js";

export interface CycleContext {
  /** Counts the records it fetches itself. */
  source: Pick<Source, "fetch" | "apiNow">;
  mapping: Pick<CompiledMapping, "encode">;
  transport: Pick<Transport, "send">;
  /** Persists a new state (atomically) and makes it the current one. */
  commit(state: SourceState): Promise<void>;
  settings: WindowSettings;
  /** Bytes the encoder may use: the output's maxMessageBytes less the syslog header. */
  maxPayloadBytes: number;
  /** Records per send. */
  batchSize: number;
  /** How long the pieces of a window are; without it, each window is fetched whole. */
  pieces?: PieceSpan;
  /**
   * How far the saved checkpoint may lag the delivered records while the cycle runs: 1 s and 2,000 records by default.
   */
  saveEveryMs?: number;
  saveEveryRecords?: number;
  clock?: () => number;
  metrics: Metrics;
  logger: Logger;
}

const DEFAULT_SAVE_EVERY_MS = 1000;
const DEFAULT_SAVE_EVERY_RECORDS = 2000;

export interface CycleSummary {
  windows: Window[];
  fetched: number;
  repeats: number;
  sent: number;
  unencodable: number;
}

export class CycleFailure extends Error {
  constructor(
    override readonly cause: unknown,
    readonly summary: CycleSummary,
  ) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
  }
}

export async function runCycle(
  ctx: CycleContext,
  initial: SourceState,
  now: number,
  bounds: { since?: number; until?: number } = {},
  signal?: AbortSignal,
): Promise<CycleSummary> {
  const summary: CycleSummary = {
    windows: planWindows(initial, now, ctx.settings, bounds),
    fetched: 0,
    repeats: 0,
    sent: 0,
    unencodable: 0,
  };
  const progress = new Progress(initial, {
    overlap: ctx.settings.overlap,
    commit: (state) => ctx.commit(state),
    saveEveryMs: ctx.saveEveryMs ?? DEFAULT_SAVE_EVERY_MS,
    saveEveryRecords: ctx.saveEveryRecords ?? DEFAULT_SAVE_EVERY_RECORDS,
    clock: ctx.clock ?? Date.now,
  });
  try {
    for (const window of summary.windows) {
      const until = window.until.getTime();
      for (let since = window.since.getTime(); since < until;) {
        const piece = ctx.pieces?.next(since, until) ?? window;
        await deliverPiece(ctx, piece, progress, summary, signal);
        since = piece.until.getTime();
      }
    }
    await progress.save();
    return summary;
  } catch (err) {
    await progress
      .save()
      .catch((saveErr: unknown) =>
        ctx.logger.error(
          { err: saveErr },
          "the state could not be saved after the failure: delivered records may be sent again",
        ),
      );
    throw new CycleFailure(err, summary);
  }
}

/** Fetches one piece of a window and delivers its new records in batches, oldest first. */
async function deliverPiece(
  ctx: CycleContext,
  piece: Window,
  progress: Progress,
  summary: CycleSummary,
  signal?: AbortSignal,
): Promise<void> {
  signal?.throwIfAborted();
  const records = await ctx.source.fetch(piece, signal);
  ctx.pieces?.held(piece, records.length);
  const { fresh, repeats } = withoutRepeats(records, progress.state);
  summary.fetched += records.length;
  summary.repeats += repeats;
  ctx.metrics.recordsDuplicate.inc(repeats);
  fresh.sort((a, b) => a.time.getTime() - b.time.getTime());
  for (let i = 0; i < fresh.length; i += ctx.batchSize) {
    signal?.throwIfAborted();
    const batch = fresh.slice(i, i + ctx.batchSize);
    const messages = encodeAll(ctx, batch, summary);
    await ctx.transport.send(messages);
    summary.sent += messages.length;
    ctx.metrics.recordsSent.inc(messages.length);
    await progress.delivered(batch, batch.at(-1)!.time.getTime());
  }
  await progress.delivered([], endOf(piece, ctx.source));
}

/** Where a fetched piece ends for the checkpoint: never past the API's own now (its clock stamps the records). */
function endOf(piece: Window, source: Pick<Source, "apiNow">): number {
  return Math.min(piece.until.getTime(), source.apiNow?.() ?? Number.POSITIVE_INFINITY);
}

/** A record the mapping cannot encode is reported and skipped: holding the checkpoint for it would stop the flow. */
function encodeAll(ctx: CycleContext, batch: SourceRecord[], summary: CycleSummary): OutgoingMessage[] {
  const messages: OutgoingMessage[] = [];
  for (const { record, identity, time } of batch) {
    try {
      const { text, severity } = ctx.mapping.encode(record, ctx.maxPayloadBytes);
      const ref: Tracked = { identity, time };
      messages.push({ payload: text, severity, ref });
    } catch (err) {
      summary.unencodable++;
      ctx.metrics.recordsSkipped.inc({ reason: "encode" });
      ctx.logger.error({ err, identity }, "record could not be encoded: skipped");
    }
  }
  return messages;
}
