import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fitPieces, SHORT_VALUE_BYTES, Shortener, waterLevel, type Piece } from "../../../src/formats/fit.js";
import type { ValueChanges } from "../../../src/formats/format.js";
import { cutToBytes } from "../../../src/formats/utf8.js";

const plain = new Shortener(cutToBytes);
let n = 0;
const piece = (text: string, shrinkable = true, droppable = true, shortener = plain): Piece => ({
  key: `k${n++}`,
  text,
  overhead: 5,
  shrinkable,
  droppable,
  shortener,
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
    const changes: ValueChanges = {};
    const needed = fitPieces(pieces, 10, 1000, changes);
    expect(needed).toBeLessThanOrEqual(1000);
    expect(pieces.map((p) => p.text.length)).toEqual([462, 462, 40, 5]);
    expect(changes).toEqual({ shortened: [pieces[0]!.key, pieces[1]!.key] });
  });

  it("leaves values out from the end before cutting free text below the short-value size", () => {
    const pieces = [piece("a".repeat(1000)), piece("id-1", false), piece("x".repeat(100)), piece("id-2", false)];
    const changes: ValueChanges = {};
    fitPieces(pieces, 0, 150, changes);
    expect(pieces.map((p) => p.text.length)).toEqual([SHORT_VALUE_BYTES, 4, 0, 0]);
    expect(changes).toEqual({ shortened: [pieces[0]!.key], dropped: [pieces[2]!.key, pieces[3]!.key] });
  });

  it("says how much is needed when even the fixed parts do not fit", () => {
    expect(fitPieces([piece("x".repeat(300), true, false)], 100, 50, {})).toBe(105);
  });

  it("counts a value shortened to its own limit once, and as left out once the message drops it", () => {
    const pieces = [piece("a".repeat(300)), piece("b".repeat(200))];
    const changes: ValueChanges = { shortened: [pieces[1]!.key] };
    fitPieces(pieces, 0, 140, changes);
    expect(pieces.map((p) => p.text.length)).toEqual([SHORT_VALUE_BYTES, 0]);
    expect(changes).toEqual({ shortened: [pieces[0]!.key], dropped: [pieces[1]!.key] });
  });
});

describe("the truncation marker", () => {
  const marked = new Shortener(cutToBytes, "…");

  it("ends a shortened value within its limit, after as much of the value as fits", () => {
    const cut = marked.shorten("abcdefghij", 8);
    expect([cut, Buffer.byteLength(cut)]).toEqual(["abcde…", 8]);
    expect(marked.shorten("日本語のテキスト", 10)).toBe("日本…");
  });

  it("is left off when it would not fit with something before it", () => {
    expect(marked.shorten("abcdefghij", 3)).toBe("abc");
    expect(marked.shorten("abcdefghij", 2)).toBe("ab");
    expect(marked.shorten("日本語", 4)).toBe("日");
  });

  it("appears once when a value is shortened again, never cut into", () => {
    const long = new Shortener(cutToBytes, "[cut]");
    const once = long.shorten("x".repeat(100), 50);
    expect(long.shorten(once, 20, true)).toBe(`${"x".repeat(15)}[cut]`);
    const pieces = [piece("y".repeat(1000), true, true, long), piece("z".repeat(1000), true, true, long)];
    fitPieces(pieces, 0, 300, {});
    for (const p of pieces) expect(p.text).toMatch(/^[yz]+\[cut\]$/);
    expect(pieces.reduce((sum, p) => sum + p.text.length + p.overhead, 0)).toBeLessThanOrEqual(300);
  });

  it("keeps every message within its limit, whatever the marker and the values", () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: "binary", maxLength: 400 }), { minLength: 1, maxLength: 8 }),
        fc.string({ unit: "binary", minLength: 1, maxLength: 6 }),
        fc.integer({ min: 0, max: 1500 }),
        (texts, marker, limit) => {
          const shortener = new Shortener(cutToBytes, marker);
          const pieces = texts.map((t) => piece(t, true, true, shortener));
          const needed = fitPieces(pieces, 0, limit, {});
          const written = pieces.reduce((sum, p) => sum + (p.text ? Buffer.byteLength(p.text) + p.overhead : 0), 0);
          expect(written).toBe(needed);
          expect(needed).toBeLessThanOrEqual(limit);
        },
      ),
    );
  });
});
