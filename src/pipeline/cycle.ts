/**
 * One poll cycle: source → de-duplicate → map → transport → checkpoint, window after window, oldest first, each
 * window fetched in pieces whose span adapts to hold a bounded number of records (pieces.ts).
 * The checkpoint keeper (checkpoint-keeper.ts) follows each batch: the next windows start after what was written, the
 * state on disk after what the output confirmed. A cycle ends once nothing it wrote is in doubt (transport.flush).
 * A failure keeps (and saves) what was confirmed and leaves the rest to the next cycle.
 */
import type { Metrics } from "../health/metrics.js";
import type { Logger } from "../logging/logger.js";
import { planWindows, withoutRepeats, type Tracked, type Window, type WindowSettings } from "../state/checkpoint.js";
import type { Source, SourceRecord } from "../sources/source.js";
import type { CompiledMapping } from "../mapping/mapping.js";
import type { OutgoingMessage, Transport } from "../transports/transport.js";
import type { CheckpointKeeper } from "./checkpoint-keeper.js";
import type { PieceSpan } from "./pieces.js";

export interface CycleContext {
  /** Counts the records it fetches itself. */
  source: Pick<Source, "fetch" | "apiNow">;
  mapping: Pick<CompiledMapping, "encode">;
  transport: Pick<Transport<Tracked>, "send" | "flush" | "payloadBudget">;
  keeper: CheckpointKeeper;
  settings: WindowSettings;
  /** Records per send. */
  batchSize: number;
  /** How long the pieces of a window are; without it, each window is fetched whole. */
  pieces?: PieceSpan;
  metrics: Metrics;
  logger: Logger;
}

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
  now: number,
  bounds: { since?: number; until?: number } = {},
  signal?: AbortSignal,
): Promise<CycleSummary> {
  const { keeper } = ctx;
  const summary: CycleSummary = {
    windows: planWindows(keeper.state, now, ctx.settings, bounds),
    fetched: 0,
    repeats: 0,
    sent: 0,
    unencodable: 0,
  };
  try {
    for (const window of summary.windows) {
      const until = window.until.getTime();
      for (let since = window.since.getTime(); since < until;) {
        const piece = ctx.pieces?.next(since, until) ?? window;
        await deliverPiece(ctx, piece, summary, signal);
        since = piece.until.getTime();
      }
    }
    await ctx.transport.flush();
    await keeper.save();
    return summary;
  } catch (err) {
    await keeper
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
async function deliverPiece(ctx: CycleContext, piece: Window, summary: CycleSummary, signal?: AbortSignal) {
  signal?.throwIfAborted();
  const records = await ctx.source.fetch(piece, signal);
  ctx.pieces?.held(piece, records.length);
  const { fresh, repeats } = withoutRepeats(records, ctx.keeper.state);
  summary.fetched += records.length;
  summary.repeats += repeats;
  ctx.metrics.recordsDuplicate.inc(repeats);
  fresh.sort((a, b) => a.time.getTime() - b.time.getTime());
  for (let i = 0; i < fresh.length; i += ctx.batchSize) {
    signal?.throwIfAborted();
    const batch = fresh.slice(i, i + ctx.batchSize);
    const messages = encodeAll(ctx, batch, summary);
    const step = ctx.keeper.expect(
      batch,
      messages.map((m) => m.ref),
      batch.at(-1)!.time.getTime(),
    );
    try {
      await ctx.transport.send(messages);
    } catch (err) {
      ctx.keeper.abandon(step);
      throw err;
    }
    summary.sent += messages.length;
    ctx.metrics.recordsSent.inc(messages.length);
    await ctx.keeper.written(step);
  }
  await ctx.keeper.written(ctx.keeper.expect([], [], endOf(piece, ctx.source)));
}

/** Where a fetched piece ends for the checkpoint: never past the API's own now (its clock stamps the records). */
function endOf(piece: Window, source: Pick<Source, "apiNow">): number {
  return Math.min(piece.until.getTime(), source.apiNow?.() ?? Number.POSITIVE_INFINITY);
}

type Message = OutgoingMessage<Tracked> & { ref: Tracked };

/** A record the mapping cannot encode is reported and skipped: holding the checkpoint for it would stop the flow. */
function encodeAll(ctx: CycleContext, batch: SourceRecord[], summary: CycleSummary): Message[] {
  const messages: Message[] = [];
  for (const { record, identity, time } of batch) {
    try {
      const { text, severity, changes } = ctx.mapping.encode(record, ctx.transport.payloadBudget);
      if (changes) {
        ctx.metrics.countChanges(changes);
        ctx.logger.debug({ identity, ...changes }, "values shortened or left out to fit the output's limits");
      }
      messages.push({ payload: text, severity, ref: { identity, time } });
    } catch (err) {
      summary.unencodable++;
      ctx.metrics.recordsSkipped.inc({ reason: "encode" });
      ctx.logger.error({ err, identity }, "record could not be encoded: skipped");
    }
  }
  return messages;
}
