import { describe, expect, it } from "vitest";
import { adaptSpan, nextPiece, spanAfter } from "../../../src/util/spans.js";

const HOUR = 3_600_000;
const limits = { splitAbove: 20_000, maxWindow: HOUR };

describe("nextPiece", () => {
  it("cuts at most one span from since, never past until", () => {
    expect(nextPiece(0, 3 * HOUR, HOUR)).toEqual({ since: 0, until: HOUR });
    expect(nextPiece(2.5 * HOUR, 3 * HOUR, HOUR)).toEqual({ since: 2.5 * HOUR, until: 3 * HOUR });
  });
});

describe("adaptSpan", () => {
  it("shortens the span after a large response, aiming at half the threshold", () => {
    expect(adaptSpan(HOUR, 40_000, limits)).toBe(HOUR / 4);
  });

  it("never goes below a second", () => {
    expect(adaptSpan(2000, 10_000_000, limits)).toBe(1000);
  });

  it("grows back towards maxWindow when responses are small", () => {
    expect(adaptSpan(HOUR / 4, 100, limits)).toBe(HOUR / 2);
    expect(adaptSpan(HOUR / 2, 100, limits)).toBe(HOUR);
    expect(adaptSpan(HOUR, 100, limits)).toBe(HOUR);
  });

  it("keeps a span whose responses are moderate", () => {
    expect(adaptSpan(HOUR / 4, 10_000, limits)).toBe(HOUR / 4);
  });
});

describe("spanAfter", () => {
  it("keeps the current span after a piece cut short by its window's end that held few records", () => {
    expect(spanAfter(HOUR, 60_000, 3, limits)).toBe(HOUR);
    expect(spanAfter(HOUR / 4, HOUR / 4, 100, limits)).toBe(HOUR / 2);
  });

  it("shortens after a piece that held too many, however long it was", () => {
    expect(spanAfter(HOUR, HOUR / 2, 40_000, limits)).toBe(HOUR / 8);
  });
});
