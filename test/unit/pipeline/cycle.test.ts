/**
 * The cycle's delivery rules, with in-memory stages whose behaviour each test sets: what reaches the sink, where the
 * checkpoint stands after a failure, and that nothing delivered is sent again.
 */
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { Metrics } from "../../../src/health/metrics.js";
import { CheckpointKeeper } from "../../../src/pipeline/checkpoint-keeper.js";
import { CycleFailure, runCycle, type CycleContext } from "../../../src/pipeline/cycle.js";
import { PieceSpan } from "../../../src/pipeline/pieces.js";
import type { OutgoingMessage } from "../../../src/transports/transport.js";
import type { SourceRecord } from "../../../src/sources/source.js";
import { EMPTY_STATE, type SourceState, type Tracked, type Window } from "../../../src/state/checkpoint.js";

const MIN = 60_000;
const now = Date.UTC(2026, 10, 26, 12);

/**
 * A tenant whose records have fixed visibility: `fetch` returns those whose time is in the window; an output that
 * confirms each message as it takes it (as a file does).
 */
function harness(records: SourceRecord[], options: { failSendAt?: number; failFetchAt?: number } = {}) {
  const sent: string[] = [];
  const states: SourceState[] = [];
  const fetched: { window: Window; records: number }[] = [];
  let sends = 0;
  let fetches = 0;
  let confirm: (refs: readonly Tracked[]) => void = () => undefined;
  const clock = { now: 0 };
  const ctx: Omit<CycleContext, "keeper"> = {
    source: {
      fetch: (w: Window) => {
        if (++fetches === options.failFetchAt) return Promise.reject(new Error("HTTP 500"));
        const found = records.filter((r) => r.time >= w.since && r.time < w.until);
        fetched.push({ window: w, records: found.length });
        return Promise.resolve(found);
      },
    },
    mapping: {
      encode: (record) => {
        if (record.bad) throw new Error("cannot encode");
        return { text: `CEF:0|${String(record.id)}` };
      },
    },
    transport: {
      payloadBudget: 8000,
      send: (messages: readonly OutgoingMessage<Tracked>[]) => {
        if (++sends === options.failSendAt) return Promise.reject(new Error("receiver unreachable"));
        sent.push(...messages.map((m) => m.payload));
        confirm(messages.flatMap((m) => (m.ref ? [m.ref] : [])));
        return Promise.resolve();
      },
      flush: () => Promise.resolve(),
    },
    settings: { lookback: 120 * MIN, overlap: 10 * MIN },
    batchSize: 2,
    pieces: PieceSpan.whole(60 * MIN),
    metrics: new Metrics({ processMetrics: false }),
    logger: pino({ level: "silent" }),
  };
  const store = {
    save: (state: SourceState) => {
      states.push(state);
      return Promise.resolve();
    },
  };
  /** The context of a cycle that starts from `state`, its saves every `saveEveryMs` of `clock`. */
  const from = (state: SourceState, saveEveryMs = 1000): CycleContext => {
    const keeper = new CheckpointKeeper(state, { overlap: 10 * MIN, store, saveEveryMs, clock: () => clock.now });
    confirm = (refs) => keeper.confirmed(refs);
    return { ...ctx, keeper };
  };
  return { ctx, from, clock, sent, states, fetched, last: () => states.at(-1)! };
}

const rec = (id: string, minutesAgo: number, extra: Record<string, unknown> = {}): SourceRecord => ({
  record: { id, ...extra },
  identity: id,
  time: new Date(now - minutesAgo * MIN),
});

describe("runCycle", () => {
  it("first run: delivers every record of the lookback, oldest first, and checkpoints at now", async () => {
    const h = harness([rec("c", 5), rec("a", 100), rec("b", 50), rec("too-old", 130)]);
    const summary = await runCycle(h.from(EMPTY_STATE), now);
    expect(h.sent).toEqual(["CEF:0|a", "CEF:0|b", "CEF:0|c"]);
    expect(summary).toMatchObject({ fetched: 3, repeats: 0, sent: 3 });
    expect(summary.window).toEqual({ since: new Date(now - 120 * MIN), until: new Date(now) });
    expect(h.fetched.map((f) => f.window.until)).toEqual([new Date(now - 60 * MIN), new Date(now)]);
    expect(h.last().checkpoint).toBe(now);
  });

  it("a send failure keeps the checkpoint at the last delivered batch, and the next cycle sends the rest once", async () => {
    const records = [rec("a", 50), rec("b", 40), rec("c", 30), rec("d", 20), rec("e", 10)];
    const h = harness(records, { failSendAt: 2 });
    const error = await runCycle(h.from(EMPTY_STATE), now).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CycleFailure);
    expect((error as CycleFailure).summary.sent).toBe(2);
    expect(h.sent).toEqual(["CEF:0|a", "CEF:0|b"]);
    expect(h.last().checkpoint).toBe(now - 40 * MIN);

    await runCycle(h.from(h.last()), now + MIN);
    expect(h.sent).toEqual(records.map((r) => `CEF:0|${r.identity}`));
  });

  it("a fetch failure in a later piece keeps the earlier pieces delivered", async () => {
    const h = harness([rec("a", 100), rec("b", 30)], { failFetchAt: 2 });
    await expect(runCycle(h.from(EMPTY_STATE), now)).rejects.toBeInstanceOf(CycleFailure);
    expect(h.sent).toEqual(["CEF:0|a"]);
    expect(h.last().checkpoint).toBe(now - 60 * MIN);
  });

  it("re-reads the overlap and skips what it delivered there; a late record inside it is sent once", async () => {
    const records = [rec("a", 8), rec("b", 2)];
    const h = harness(records);
    await runCycle(h.from(EMPTY_STATE), now);
    records.push(rec("late", 5));
    const summary = await runCycle(h.from(h.last()), now + MIN);
    expect(summary).toMatchObject({ fetched: 3, repeats: 2, sent: 1 });
    expect(h.sent).toEqual(["CEF:0|a", "CEF:0|b", "CEF:0|late"]);
  });

  it("a record the mapping cannot encode is counted and skipped, not retried forever", async () => {
    const h = harness([rec("a", 5), rec("bad", 4, { bad: true }), rec("c", 3)]);
    const summary = await runCycle(h.from(EMPTY_STATE), now);
    expect(summary).toMatchObject({ unencodable: 1, sent: 2 });
    expect(h.sent).toEqual(["CEF:0|a", "CEF:0|c"]);
    expect(h.last().checkpoint).toBe(now);
  });

  it("never moves the checkpoint past the API's own now, so a fast local clock loses nothing", async () => {
    const h = harness([rec("a", 30)]);
    h.ctx.source.apiNow = () => now - 15 * MIN;
    await runCycle(h.from(EMPTY_STATE), now);
    expect(h.last().checkpoint).toBe(now - 15 * MIN);
  });

  it("an abort between batches stops without advancing past undelivered records", async () => {
    const controller = new AbortController();
    const h = harness([rec("a", 5), rec("b", 4), rec("c", 3)]);
    const send = h.ctx.transport.send.bind(h.ctx.transport);
    h.ctx.transport.send = async (m) => {
      await send(m);
      controller.abort();
    };
    await expect(runCycle(h.from(EMPTY_STATE), now, {}, controller.signal)).rejects.toBeInstanceOf(CycleFailure);
    expect(h.sent).toEqual(["CEF:0|a", "CEF:0|b"]);
    expect(h.last().checkpoint).toBe(now - 4 * MIN);
  });

  it("fetches a busy window in pieces that each hold few records, and delivers every record once, oldest first", async () => {
    const records = Array.from({ length: 60 }, (_, i) => rec(`r${i}`, 59.5 - i));
    const h = harness(records);
    h.ctx.pieces = new PieceSpan({ records: 4, maxSpan: 60 * MIN });
    const summary = await runCycle(h.from(EMPTY_STATE), now, { since: now - 60 * MIN });
    expect(h.sent).toEqual(records.map((r) => `CEF:0|${r.identity}`));
    expect(summary).toMatchObject({ fetched: 60, sent: 60 });
    expect(h.fetched.length).toBeGreaterThan(10);
    expect(Math.max(...h.fetched.slice(1).map((f) => f.records))).toBeLessThanOrEqual(4);
    h.fetched.forEach((f, i) =>
      expect(f.window.since).toEqual(i === 0 ? new Date(now - 60 * MIN) : h.fetched[i - 1]!.window.until),
    );
    expect(h.fetched.at(-1)!.window.until).toEqual(new Date(now));
    expect(h.last().checkpoint).toBe(now);
  });

  it("saves the checkpoint at most every saveEveryMs while it sends, and what was delivered when a send fails", async () => {
    const records = Array.from({ length: 10 }, (_, i) => rec(`r${i}`, 50 - i));
    const h = harness(records, { failSendAt: 5 });
    const send = h.ctx.transport.send.bind(h.ctx.transport);
    h.ctx.transport.send = async (m) => {
      h.clock.now += 400;
      await send(m);
    };
    await expect(runCycle(h.from(EMPTY_STATE), now)).rejects.toBeInstanceOf(CycleFailure);
    expect(h.sent).toHaveLength(8);
    expect(h.states.map((s) => s.checkpoint)).toEqual([now - 45 * MIN, now - 43 * MIN]);
  });

  it("requests the next piece while the current one is sent, and never a third before the first is sent", async () => {
    const records = [rec("a", 100), rec("b", 50), rec("c", 10)];
    const h = harness(records);
    const events: string[] = [];
    const fetch = h.ctx.source.fetch;
    h.ctx.source.fetch = async (w, signal) => {
      events.push(`fetch ${(now - w.since.getTime()) / MIN}`);
      return fetch(w, signal);
    };
    const send = h.ctx.transport.send.bind(h.ctx.transport);
    h.ctx.transport.send = async (m) => {
      events.push(`send ${m.map((x) => x.payload).join()}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
      await send(m);
    };
    await runCycle(h.from(EMPTY_STATE), now);
    expect(events).toEqual(["fetch 120", "fetch 60", "send CEF:0|a", "send CEF:0|b,CEF:0|c"]);
  });

  it("a failure of the piece read ahead comes after the current piece is delivered, and the checkpoint stops there", async () => {
    const h = harness([rec("a", 100), rec("b", 90), rec("c", 30)], { failFetchAt: 2 });
    const send = h.ctx.transport.send.bind(h.ctx.transport);
    h.ctx.transport.send = async (m) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      await send(m);
    };
    const error = await runCycle(h.from(EMPTY_STATE), now).catch((e: unknown) => e);
    expect((error as CycleFailure).message).toBe("HTTP 500");
    expect(h.sent).toEqual(["CEF:0|a", "CEF:0|b"]);
    expect(h.last().checkpoint).toBe(now - 60 * MIN);
  });

  it("a send failure aborts the request read ahead; nothing of that piece counts", async () => {
    const h = harness([rec("a", 100), rec("b", 30)], { failSendAt: 1 });
    let aborted: unknown;
    const fetch = h.ctx.source.fetch;
    h.ctx.source.fetch = (w, signal) => {
      if (h.fetched.length === 0) return fetch(w, signal);
      return new Promise((_, reject) =>
        signal!.addEventListener("abort", () => {
          aborted = signal!.reason;
          reject(signal!.reason as Error);
        }),
      );
    };
    const error = await runCycle(h.from(EMPTY_STATE), now).catch((e: unknown) => e);
    expect((error as CycleFailure).message).toBe("receiver unreachable");
    expect(aborted).toBeInstanceOf(Error);
    expect(h.sent).toEqual([]);
    expect(h.states.at(-1)?.checkpoint).toBeUndefined();
  });

  it("delivers each identity of a piece once, oldest first, whatever order and repeats the API sent", async () => {
    const h = harness([]);
    h.ctx.source.fetch = () => Promise.resolve([rec("c", 3), rec("a", 5), rec("c", 3), rec("b", 4), rec("a", 5)]);
    const summary = await runCycle(h.from(EMPTY_STATE), now, { since: now - 10 * MIN });
    expect(h.sent).toEqual(["CEF:0|a", "CEF:0|b", "CEF:0|c"]);
    expect(summary).toMatchObject({ fetched: 5, repeats: 2, sent: 3 });
  });
});
