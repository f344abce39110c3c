/**
 * One poll cycle: source → de-duplicate → map → transport → checkpoint, window after window, oldest first.
 * The checkpoint moves only over delivered records: after each delivered batch to the last record's time, after a
 * whole window to its end (or to the API's now, if that is earlier). A failure keeps what was delivered and leaves
 * the rest to the next cycle.
 */
import type { Metrics } from "../health/metrics.js";
import type { Logger } from "../logging/logger.js";
import { afterDelivery, planWindows, withoutRepeats, type SourceState, type Tracked, type Window, type WindowSettings } from "../state/checkpoint.js";
import type { Source, SourceRecord } from "../sources/source.js";
import type { CompiledMapping } from "../mapping/mapping.js";
import type { OutgoingMessage, Transport } from "../transports/transport.js";

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
  /** Records per send and per checkpoint write. */
  batchSize: number;
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
  initial: SourceState,
  now: number,
  bounds: { since?: number; until?: number } = {},
  signal?: AbortSignal,
): Promise<CycleSummary> {
  let state = initial;
  const summary: CycleSummary = { windows: planWindows(state, now, ctx.settings, bounds), fetched: 0, repeats: 0, sent: 0, unencodable: 0 };
  const deliver = async (records: SourceRecord[], to: number) => {
    state = afterDelivery(state, records, to, ctx.settings.overlap);
    await ctx.commit(state);
  };
  try {
    for (const window of summary.windows) {
      signal?.throwIfAborted();
      const records = await ctx.source.fetch(window, signal);
      const { fresh, repeats } = withoutRepeats(records, state);
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
        await deliver(batch, batch.at(-1)!.time.getTime());
      }
      await deliver([], endOf(window, ctx.source));
    }
    return summary;
  } catch (err) {
    throw new CycleFailure(err, summary);
  }
}

/** Where a fetched window ends for the checkpoint: never past the API's own now (its clock stamps the records). */
function endOf(window: Window, source: Pick<Source, "apiNow">): number {
  return Math.min(window.until.getTime(), source.apiNow?.() ?? Number.POSITIVE_INFINITY);
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
