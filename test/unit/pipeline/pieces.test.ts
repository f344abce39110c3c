/** The pieces a window is fetched in: short at first, then as long as the records they hold allow. */
import { describe, expect, it } from "vitest";
import { FIRST_SPAN_MS, PieceSpan } from "../../../src/pipeline/pieces.js";

const MIN = 60_000;
const HOUR = 60 * MIN;
const span = (w: { since: Date; until: Date }) => w.until.getTime() - w.since.getTime();

describe("PieceSpan", () => {
  it("starts with short pieces, never longer than maxWindow nor past the window's end", () => {
    expect(span(new PieceSpan({ records: 1000, maxWindow: HOUR }).next(0, HOUR))).toBe(FIRST_SPAN_MS);
    expect(span(new PieceSpan({ records: 1000, maxWindow: 2 * MIN }).next(0, HOUR))).toBe(2 * MIN);
    expect(new PieceSpan({ records: 1000, maxWindow: HOUR }).next(0, MIN).until.getTime()).toBe(MIN);
  });

  it("shortens after a piece held more than `records`, aiming at half of it", () => {
    const pieces = new PieceSpan({ records: 1000, maxWindow: HOUR });
    const first = pieces.next(0, HOUR);
    pieces.held(first, 5000);
    expect(span(pieces.next(first.until.getTime(), HOUR))).toBe(FIRST_SPAN_MS / 10);
  });

  it("doubles after pieces that held few, up to maxWindow, and remembers it for the next window", () => {
    const pieces = new PieceSpan({ records: 1000, maxWindow: HOUR });
    for (let i = 0; i < 6; i++) pieces.held(pieces.next(0, 10 * HOUR), 10);
    expect(span(pieces.next(0, 10 * HOUR))).toBe(HOUR);
  });

  it("keeps its span after a short last piece of a window that held few records", () => {
    const pieces = new PieceSpan({ records: 1000, maxWindow: HOUR });
    for (let i = 0; i < 6; i++) pieces.held(pieces.next(0, 10 * HOUR), 10);
    pieces.held(pieces.next(0, 90_000), 3);
    expect(span(pieces.next(0, 10 * HOUR))).toBe(HOUR);
  });
});
