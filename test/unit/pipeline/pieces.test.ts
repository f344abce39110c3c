/** The range a cycle reads and the pieces it is read in: short at first, then as long as their records allow. */
import { describe, expect, it } from "vitest";
import { FIRST_SPAN_MS, PieceSpan, planRange, readPieces } from "../../../src/pipeline/pieces.js";
import type { SourceRecord, SourceRequest } from "../../../src/sources/source.js";
import { EMPTY_STATE } from "../../../src/state/checkpoint.js";

const MIN = 60_000;
const HOUR = 60 * MIN;
const span = (w: { since: Date; until: Date }) => w.until.getTime() - w.since.getTime();
const minutes = (w: { since: Date; until: Date } | undefined) =>
  w && [(w.since.getTime() - t0) / MIN, (w.until.getTime() - t0) / MIN];
const t0 = Date.UTC(2026, 10, 26, 12);

describe("planRange", () => {
  const settings = { lookback: 120 * MIN, overlap: 10 * MIN };

  it("first run: from now − lookback to now", () => {
    expect(minutes(planRange(EMPTY_STATE, t0, settings))).toEqual([-120, 0]);
  });

  it("later runs: from checkpoint − overlap", () => {
    expect(minutes(planRange({ ...EMPTY_STATE, checkpoint: t0 - 5 * MIN }, t0, settings))).toEqual([-15, 0]);
  });

  it("explicit bounds win over the checkpoint; an empty range is none", () => {
    const state = { ...EMPTY_STATE, checkpoint: t0 };
    expect(minutes(planRange(state, t0, settings, { since: t0 - 90 * MIN, until: t0 - 20 * MIN }))).toEqual([-90, -20]);
    expect(planRange(state, t0, settings, { since: t0, until: t0 })).toBeUndefined();
  });
});

describe("PieceSpan", () => {
  it("starts with short pieces, never longer than maxSpan nor past the range's end", () => {
    expect(span(new PieceSpan({ records: 1000, maxSpan: HOUR }).next(0, HOUR))).toBe(FIRST_SPAN_MS);
    expect(span(new PieceSpan({ records: 1000, maxSpan: 2 * MIN }).next(0, HOUR))).toBe(2 * MIN);
    expect(new PieceSpan({ records: 1000, maxSpan: HOUR }).next(0, MIN).until.getTime()).toBe(MIN);
  });

  it("shortens after a piece held more than `records`, aiming at half of it, never under a second", () => {
    const pieces = new PieceSpan({ records: 1000, maxSpan: HOUR });
    const first = pieces.next(0, HOUR);
    pieces.held(first, 5000);
    expect(span(pieces.next(first.until.getTime(), HOUR))).toBe(FIRST_SPAN_MS / 10);
    pieces.held(pieces.next(0, HOUR), 10_000_000);
    expect(span(pieces.next(0, HOUR))).toBe(1000);
  });

  it("doubles after pieces that held few, up to maxSpan, and remembers it for the next range", () => {
    const pieces = new PieceSpan({ records: 1000, maxSpan: HOUR });
    for (let i = 0; i < 6; i++) pieces.held(pieces.next(0, 10 * HOUR), 10);
    expect(span(pieces.next(0, 10 * HOUR))).toBe(HOUR);
  });

  it("keeps a span whose pieces hold a moderate number", () => {
    const pieces = new PieceSpan({ records: 1000, maxSpan: HOUR });
    pieces.held(pieces.next(0, HOUR), 500);
    expect(span(pieces.next(0, HOUR))).toBe(FIRST_SPAN_MS);
  });

  it("keeps its span after a short last piece of a range that held few records", () => {
    const pieces = new PieceSpan({ records: 1000, maxSpan: HOUR });
    for (let i = 0; i < 6; i++) pieces.held(pieces.next(0, 10 * HOUR), 10);
    pieces.held(pieces.next(0, 90_000), 3);
    expect(span(pieces.next(0, 10 * HOUR))).toBe(HOUR);
  });

  it("whole: pieces of maxSpan however many records they hold", () => {
    const pieces = PieceSpan.whole(HOUR);
    pieces.held(pieces.next(0, 3 * HOUR), 1_000_000);
    expect(span(pieces.next(0, 3 * HOUR))).toBe(HOUR);
  });
});

describe("readPieces", () => {
  /** A source whose records are one a minute; it answers each request with those of its window. */
  const source = (apiNow?: number) => {
    const requests: SourceRequest[] = [];
    return {
      requests,
      apiNow: () => apiNow,
      fetch: (request: SourceRequest): Promise<SourceRecord[]> => {
        requests.push(request);
        const records: SourceRecord[] = [];
        for (let t = request.since.getTime(); t < request.until.getTime(); t += MIN)
          records.push({ record: {}, identity: String(t), time: new Date(t) });
        return Promise.resolve(records);
      },
    };
  };
  const collect = async <T>(items: AsyncIterable<T>) => {
    const all: T[] = [];
    for await (const item of items) all.push(item);
    return all;
  };
  const range = { since: new Date(t0 - 2 * HOUR), until: new Date(t0) };

  it("covers the range with consecutive requests that each hold about `records`", async () => {
    const s = source();
    const pieces = await collect(readPieces(s, range, new PieceSpan({ records: 8, maxSpan: HOUR })));
    expect(pieces.flatMap((p) => p.records).length).toBe(120);
    expect(Math.max(...pieces.map((p) => p.records.length))).toBeLessThanOrEqual(8);
    pieces.forEach((p, i) => {
      expect(p.window.since).toEqual(i === 0 ? range.since : pieces[i - 1]!.window.until);
      expect(p.end).toBe(p.window.until.getTime());
    });
    expect(pieces.at(-1)!.window.until).toEqual(range.until);
    expect(s.requests.map((r) => r.limit)).toEqual(pieces.map(() => undefined));
  });

  it("ends a piece at the API's now when that is earlier, and passes a limit on", async () => {
    const s = source(t0 - 30 * MIN);
    const pieces = await collect(readPieces(s, range, PieceSpan.whole(HOUR), { limit: 3 }));
    expect(pieces.map((p) => p.end)).toEqual([t0 - HOUR, t0 - 30 * MIN]);
    expect(s.requests.map((r) => r.limit)).toEqual([3, 3]);
  });

  it("asks nothing once its signal is aborted", async () => {
    const s = source();
    const controller = new AbortController();
    controller.abort(new Error("stopped"));
    const pieces = readPieces(s, range, PieceSpan.whole(HOUR), { signal: controller.signal });
    await expect(collect(pieces)).rejects.toThrow("stopped");
    expect(s.requests).toEqual([]);
  });
});
