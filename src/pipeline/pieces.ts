/**
 * The one owner of the time a cycle reads and how it is cut. A cycle reads one range, from the checkpoint (less the
 * overlap) to now; it is read in pieces, each one request of the source, never longer than the source's `maxSpan`,
 * whose span adapts so that a piece holds about the source's `records`: the records held in memory stay bounded
 * however many the range holds. The span is learnt from the records each piece held and kept from cycle to cycle; a
 * forwarder that knows nothing yet starts with short pieces.
 */
import type { PieceLimits, Source, SourceRecord } from "../sources/source.js";
import type { SourceState, Window } from "../state/checkpoint.js";

/** A new forwarder's first pieces: short enough for a busy tenant's catch-up, long enough for a quiet one's poll. */
export const FIRST_SPAN_MS = 5 * 60_000;
const MIN_SPAN_MS = 1000;

export interface RangeSettings {
  lookback: number;
  overlap: number;
}

/**
 * The range of one poll: from `checkpoint − overlap` (first run: `now − lookback`, or an explicit `since`) to `now`
 * (or an explicit `until`); undefined when it is empty.
 */
export function planRange(
  state: SourceState,
  now: number,
  settings: RangeSettings,
  bounds: { since?: number; until?: number } = {},
): Window | undefined {
  const since =
    bounds.since ?? (state.checkpoint === undefined ? now - settings.lookback : state.checkpoint - settings.overlap);
  const until = bounds.until ?? now;
  return since < until ? { since: new Date(since), until: new Date(until) } : undefined;
}

export class PieceSpan {
  #span: number;

  constructor(
    private readonly limits: PieceLimits,
    first = FIRST_SPAN_MS,
  ) {
    this.#span = Math.min(first, limits.maxSpan);
  }

  /** Pieces of `maxSpan` whatever they hold: `--limit` keeps the most recent records of each; shorter keeps more. */
  static whole(maxSpan: number): PieceSpan {
    return new PieceSpan({ maxSpan, records: Number.POSITIVE_INFINITY }, maxSpan);
  }

  /** The next piece of [since, until): from `since`, at most the current span long, never past `until`. */
  next(since: number, until: number): Window {
    return { since: new Date(since), until: new Date(Math.min(until, since + Math.max(MIN_SPAN_MS, this.#span))) };
  }

  /**
   * A piece held `count` records: the next pieces are shorter if that was many (aiming at half of `records`), longer
   * if few (up to twice, and `maxSpan`). A piece cut short by its range's end says nothing against the current span
   * unless it held too many.
   */
  held(piece: Window, count: number): void {
    const { records, maxSpan } = this.limits;
    const used = piece.until.getTime() - piece.since.getTime();
    if (count > records) this.#span = Math.max(MIN_SPAN_MS, Math.floor((used * records) / 2 / count));
    else {
      const next = count < records / 4 ? used * 2 : used;
      this.#span = Math.min(maxSpan, Math.max(this.#span, next));
    }
  }
}

export interface Piece {
  window: Window;
  /** As the source sent them: repeats and order are for state/checkpoint.ts's withoutRepeats. */
  records: SourceRecord[];
  /** Every record before this time is in `records`: the window's end, but never past the API's now. */
  end: number;
}

/**
 * The source's records of `range`, one piece (one request) at a time, oldest first. `limit` asks the source for the
 * most recent records of each piece only (the span then stays whole).
 */
export async function* readPieces(
  source: Pick<Source, "fetch" | "apiNow">,
  range: Window,
  span: PieceSpan,
  options: { limit?: number; signal?: AbortSignal } = {},
): AsyncGenerator<Piece> {
  const { limit, signal } = options;
  const until = range.until.getTime();
  // Nothing is stamped after the API's now: once a response told it, the pieces stop there (a local clock far ahead
  // would otherwise ask for every hour up to it), and the next cycle starts from what was delivered.
  for (let since = range.since.getTime(); since < Math.min(until, source.apiNow?.() ?? Number.POSITIVE_INFINITY);) {
    signal?.throwIfAborted();
    const window = span.next(since, until);
    const records = await source.fetch({ ...window, limit }, signal);
    span.held(window, records.length);
    // The API's now as this response told it, not as a later one will: its clock stamps the records.
    const end = Math.min(window.until.getTime(), source.apiNow?.() ?? Number.POSITIVE_INFINITY);
    yield { window, records, end };
    since = window.until.getTime();
  }
}
