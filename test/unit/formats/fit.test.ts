import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fitPieces, SHORT_VALUE_BYTES, waterLevel, type Piece } from "../../../src/formats/fit.js";
import { cutToBytes } from "../../../src/formats/utf8.js";

const piece = (text: string, shrinkable = true, droppable = true): Piece => ({
  text,
  overhead: 5,
  shrinkable,
  droppable,
});

describe("fitting a message into its byte limit", () => {
  it("finds the cap that cuts just enough from the longest values", () => {
    expect(waterLevel([100, 10], 50)).toBe(50);
    expect(waterLevel([100, 10], 95)).toBe(7);
    expect(waterLevel([100, 10], 500)).toBe(0);
    fc.assert(
      fc.property(fc.array(fc.nat(5000), { maxLength: 20 }), fc.nat(20_000), (sizes, excess) => {
        const cap = waterLevel(sizes, excess);
        const removed = (c: number) => sizes.reduce((sum, s) => sum + Math.max(0, s - c), 0);
        if (cap > 0) expect(removed(cap)).toBeGreaterThanOrEqual(excess);
        if (excess > 0 && removed(0) >= excess) expect(removed(cap + 1)).toBeLessThan(excess);
      }),
    );
  });

  it("shortens the longest free text first and leaves short values alone", () => {
    const pieces = [piece("a".repeat(2000)), piece("b".repeat(600)), piece("c".repeat(40)), piece("12345", false)];
    const needed = fitPieces(pieces, 10, 1000, cutToBytes);
    expect(needed).toBeLessThanOrEqual(1000);
    expect(pieces.map((p) => p.text.length)).toEqual([462, 462, 40, 5]);
  });

  it("leaves values out from the end before cutting free text below the short-value size", () => {
    const pieces = [piece("a".repeat(1000)), piece("id-1", false), piece("x".repeat(100)), piece("id-2", false)];
    fitPieces(pieces, 0, 150, cutToBytes);
    expect(pieces.map((p) => p.text.length)).toEqual([SHORT_VALUE_BYTES, 4, 0, 0]);
  });

  it("says how much is needed when even the fixed parts do not fit", () => {
    expect(fitPieces([piece("x".repeat(300), true, false)], 100, 50, cutToBytes)).toBe(105);
  });
});
