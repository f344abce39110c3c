/**
 * The pieces a cycle fetches a window in, so that the records held in memory at once stay near `records` however
 * many the window holds (the Source contract returns a window's records as one array). The span is learnt from the
 * records each piece held and kept from cycle to cycle; a forwarder that knows nothing yet starts with short pieces.
 */
import type { Window } from "../state/checkpoint.js";
import { nextPiece, spanAfter } from "../util/spans.js";

/** A new forwarder's first pieces: short enough for a busy tenant's catch-up, long enough for a quiet one's poll. */
export const FIRST_SPAN_MS = 5 * 60_000;

export class PieceSpan {
  #span: number;

  constructor(
    private readonly limits: { records: number; maxWindow: number },
    first = FIRST_SPAN_MS,
  ) {
    this.#span = Math.min(first, limits.maxWindow);
  }

  /** The next piece of [since, until). */
  next(since: number, until: number): Window {
    const piece = nextPiece(since, until, this.#span);
    return { since: new Date(piece.since), until: new Date(piece.until) };
  }

  /** A piece held `count` records: the next pieces are shorter if that was many, longer if few. */
  held(piece: Window, count: number): void {
    const used = piece.until.getTime() - piece.since.getTime();
    this.#span = spanAfter(this.#span, used, count, {
      splitAbove: this.limits.records,
      maxWindow: this.limits.maxWindow,
    });
  }
}
