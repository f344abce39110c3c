/**
 * One poll cycle: source → de-duplicate → map → transport → checkpoint, over the range from the checkpoint to now,
 * read in pieces (pieces.ts) one request ahead: while a piece is encoded and sent, the next one's request is in flight
 * (read-ahead.ts), so at most two pieces are in memory. The checkpoint keeper (checkpoint-keeper.ts) follows each
 * batch: the next pieces start after what was written, the state on disk after what the output confirmed; a piece
 * read ahead counts for nothing until it is delivered. A cycle ends once nothing it wrote is in doubt
 * (transport.flush). A failure keeps (and saves) what was confirmed and leaves the rest to the next cycle.
 */
import type { Metrics } from "../health/metrics.js";
import type { Logger } from "../logging/logger.js";
import { withoutRepeats, type Tracked, type Window } from "../state/checkpoint.js";
import type { Source, SourceRecord } from "../sources/source.js";
import type { CompiledMapping } from "../mapping/mapping.js";
import type { TenantLabel } from "../mapping/tenant.js";
import type { OutgoingMessage, Transport } from "../transports/transport.js";
import type { CheckpointKeeper } from "./checkpoint-keeper.js";
import { planRange, readPieces, type Piece, type PieceSpan, type RangeSettings } from "./pieces.js";
import { readAhead } from "./read-ahead.js";

export interface CycleContext {
  /** Counts the records it fetches itself. */
  source: Pick<Source, "fetch" | "apiNow">;
  mapping: Pick<CompiledMapping, "encode">;
  /** Whose records these are, for the mapping. */
  tenant?: TenantLabel;
  transport: Pick<Transport<Tracked>, "send" | "flush" | "payloadBudget">;
  keeper: CheckpointKeeper;
  settings: RangeSettings;
  /** Records per send. */
  batchSize: number;
  /** How long the pieces are (kept from cycle to cycle). */
  pieces: PieceSpan;
  /** Only the most recent `limit` records of each piece (a source that can: `once --dry-run --limit`). */
  limit?: number;
  metrics: Metrics;
  logger: Logger;
}

export interface CycleSummary {
  /** The range the cycle read (or meant to); undefined when it was empty. */
  window?: Window;
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
  const window = planRange(keeper.state, now, ctx.settings, bounds);
  const summary: CycleSummary = { window, fetched: 0, repeats: 0, sent: 0, unencodable: 0 };
  try {
    if (window) {
      const { source, pieces: span, limit } = ctx;
      const pieces = readAhead((reading) => readPieces(source, window, span, { limit, signal: reading }), signal);
      for await (const piece of pieces) await deliverPiece(ctx, piece, summary, signal);
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

/** Delivers a piece's new records in batches, oldest first; then everything before its end counts as written. */
async function deliverPiece(ctx: CycleContext, piece: Piece, summary: CycleSummary, signal?: AbortSignal) {
  const { fresh, repeats } = withoutRepeats(piece.records, ctx.keeper.state);
  summary.fetched += piece.records.length;
  summary.repeats += repeats;
  ctx.metrics.recordsDuplicate.inc(repeats);
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
  await ctx.keeper.written(ctx.keeper.expect([], [], piece.end));
}

type Message = OutgoingMessage<Tracked> & { ref: Tracked };

/** A record the mapping cannot encode is reported and skipped: holding the checkpoint for it would stop the flow. */
function encodeAll(ctx: CycleContext, batch: SourceRecord[], summary: CycleSummary): Message[] {
  const messages: Message[] = [];
  for (const { record, identity, time } of batch) {
    try {
      const { text, severity, changes } = ctx.mapping.encode(record, ctx.transport.payloadBudget, ctx.tenant);
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
