/**
 * The cycle's delivery rules, with in-memory stages whose behaviour each test sets: what reaches the sink, where the
 * checkpoint stands after a failure, and that nothing delivered is sent again.
 */
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { Metrics } from "../../../src/health/metrics.js";
import { CycleFailure, runCycle, type CycleContext } from "../../../src/pipeline/cycle.js";
import type { OutgoingMessage } from "../../../src/transports/transport.js";
import type { SourceRecord } from "../../../src/sources/source.js";
import { EMPTY_STATE, type SourceState, type Window } from "../../../src/state/checkpoint.js";

const MIN = 60_000;
const now = Date.UTC(2026, 10, 26, 12);

/** A tenant whose records have fixed visibility: `fetch` returns those whose time is in the window. */
function harness(records: SourceRecord[], options: { failSendAt?: number; failFetchAt?: number } = {}) {
  const sent: string[] = [];
  const states: SourceState[] = [];
  let sends = 0;
  let fetches = 0;
  const ctx: CycleContext = {
    source: {
      fetch: (w: Window) => {
        if (++fetches === options.failFetchAt) return Promise.reject(new Error("HTTP 500"));
        return Promise.resolve(records.filter((r) => r.time >= w.since && r.time < w.until));
      },
    },
    mapping: {
      encode: (record) => {
        if (record.bad) throw new Error("cannot encode");
        return { text: `CEF:0|${String(record.id)}` };
      },
    },
    transport: {
      send: (messages: readonly OutgoingMessage[]) => {
        if (++sends === options.failSendAt) return Promise.reject(new Error("receiver unreachable"));
        sent.push(...messages.map((m) => m.payload));
        return Promise.resolve();
      },
    },
    commit: (state) => {
      states.push(state);
      return Promise.resolve();
    },
    settings: { lookback: 120 * MIN, overlap: 10 * MIN, maxWindow: 60 * MIN },
    maxPayloadBytes: 8000,
    batchSize: 2,
    metrics: new Metrics({ processMetrics: false }),
    logger: pino({ level: "silent" }),
  };
  return { ctx, sent, states, last: () => states.at(-1)! };
}

const rec = (id: string, minutesAgo: number, extra: Record<string, unknown> = {}): SourceRecord => ({
  record: { id, ...extra },
  identity: id,
  time: new Date(now - minutesAgo * MIN),
});

describe("runCycle", () => {
  it("first run: delivers every record of the lookback, oldest first, and checkpoints at now", async () => {
    const h = harness([rec("c", 5), rec("a", 100), rec("b", 50), rec("too-old", 130)]);
    const summary = await runCycle(h.ctx, EMPTY_STATE, now);
    expect(h.sent).toEqual(["CEF:0|a", "CEF:0|b", "CEF:0|c"]);
    expect(summary).toMatchObject({ fetched: 3, repeats: 0, sent: 3 });
    expect(summary.windows).toHaveLength(2);
    expect(h.last().checkpoint).toBe(now);
  });

  it("a send failure keeps the checkpoint at the last delivered batch, and the next cycle sends the rest once", async () => {
    const records = [rec("a", 50), rec("b", 40), rec("c", 30), rec("d", 20), rec("e", 10)];
    const h = harness(records, { failSendAt: 2 });
    const error = await runCycle(h.ctx, EMPTY_STATE, now).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CycleFailure);
    expect((error as CycleFailure).summary.sent).toBe(2);
    expect(h.sent).toEqual(["CEF:0|a", "CEF:0|b"]);
    expect(h.last().checkpoint).toBe(now - 40 * MIN);

    await runCycle(h.ctx, h.last(), now + MIN);
    expect(h.sent).toEqual(records.map((r) => `CEF:0|${r.identity}`));
  });

  it("a fetch failure in a later window keeps the earlier windows delivered", async () => {
    const h = harness([rec("a", 100), rec("b", 30)], { failFetchAt: 2 });
    await expect(runCycle(h.ctx, EMPTY_STATE, now)).rejects.toBeInstanceOf(CycleFailure);
    expect(h.sent).toEqual(["CEF:0|a"]);
    expect(h.last().checkpoint).toBe(now - 60 * MIN);
  });

  it("re-reads the overlap and skips what it delivered there; a late record inside it is sent once", async () => {
    const records = [rec("a", 8), rec("b", 2)];
    const h = harness(records);
    await runCycle(h.ctx, EMPTY_STATE, now);
    records.push(rec("late", 5));
    const summary = await runCycle(h.ctx, h.last(), now + MIN);
    expect(summary).toMatchObject({ fetched: 3, repeats: 2, sent: 1 });
    expect(h.sent).toEqual(["CEF:0|a", "CEF:0|b", "CEF:0|late"]);
  });

  it("a record the mapping cannot encode is counted and skipped, not retried forever", async () => {
    const h = harness([rec("a", 5), rec("bad", 4, { bad: true }), rec("c", 3)]);
    const summary = await runCycle(h.ctx, EMPTY_STATE, now);
    expect(summary).toMatchObject({ unencodable: 1, sent: 2 });
    expect(h.sent).toEqual(["CEF:0|a", "CEF:0|c"]);
    expect(h.last().checkpoint).toBe(now);
  });

  it("never moves the checkpoint past the API's own now, so a fast local clock loses nothing", async () => {
    const h = harness([rec("a", 30)]);
    h.ctx.source.apiNow = () => now - 15 * MIN;
    await runCycle(h.ctx, EMPTY_STATE, now);
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
    await expect(runCycle(h.ctx, EMPTY_STATE, now, {}, controller.signal)).rejects.toBeInstanceOf(CycleFailure);
    expect(h.sent).toEqual(["CEF:0|a", "CEF:0|b"]);
    expect(h.last().checkpoint).toBe(now - 4 * MIN);
  });
});
