/**
 * The forwarder's state writes when the output closes under a running cycle: records put back stay put back whatever
 * the cycle writes afterwards, and writes never overlap (two at once would race on the state file's temporary copy).
 */
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { Metrics } from "../../../src/health/metrics.js";
import { CycleFailure } from "../../../src/pipeline/cycle.js";
import { Forwarder } from "../../../src/pipeline/forwarder.js";
import type { SourceRecord } from "../../../src/sources/source.js";
import { EMPTY_STATE, type SourceState } from "../../../src/state/checkpoint.js";

const MIN = 60_000;
const now = Date.UTC(2026, 10, 26, 12);

const rec = (id: string, minutesAgo: number): SourceRecord => ({
  record: { id },
  identity: id,
  time: new Date(now - minutesAgo * MIN),
});

/** A store whose writes take a while, counting how many ran at once. */
function slowStore() {
  const saved: SourceState[] = [];
  let running = 0;
  let mostAtOnce = 0;
  let firstStarted: () => void = () => undefined;
  return {
    saved,
    mostAtOnce: () => mostAtOnce,
    firstSave: new Promise<void>((resolve) => (firstStarted = resolve)),
    save: async (state: SourceState) => {
      firstStarted();
      mostAtOnce = Math.max(mostAtOnce, ++running);
      await new Promise((resolve) => setTimeout(resolve, 20));
      saved.push(state);
      running--;
    },
  };
}

/** A transport whose first send succeeds and whose second waits until the test fails it (the output closing). */
function stuckTransport() {
  let sends = 0;
  let failSecond: (err: Error) => void = () => undefined;
  let secondStarted: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (secondStarted = resolve));
  return {
    started,
    fail: (err: Error) => failSecond(err),
    send: () => {
      if (++sends === 1) return Promise.resolve();
      secondStarted();
      return new Promise<void>((_resolve, reject) => (failSecond = reject));
    },
  };
}

const records = [rec("a", 50), rec("b", 40), rec("c", 30), rec("d", 20)];

function forwarderOf(store: ReturnType<typeof slowStore>, transport: { send: () => Promise<void> }): Forwarder {
  return new Forwarder({
    source: {
      fetch: (w) => Promise.resolve(records.filter((r) => r.time >= w.since && r.time < w.until)),
      apiNow: () => now,
    },
    mapping: { encode: (record) => ({ text: `CEF:0|${String(record.id)}` }) },
    transport,
    store,
    state: EMPTY_STATE,
    settings: { lookback: 60 * MIN, overlap: 60 * MIN, maxWindow: 60 * MIN },
    maxPayloadBytes: 8000,
    batchSize: 2,
    metrics: new Metrics({ processMetrics: false }),
    logger: pino({ level: "silent" }),
    describe: {},
    clock: () => now,
  });
}

describe("Forwarder", () => {
  it("keeps records put back at close behind the checkpoint when the cycle ends after the put-back", async () => {
    const store = slowStore();
    const transport = stuckTransport();
    const forwarder = forwarderOf(store, transport);
    const cycle = forwarder.cycle().catch((err: unknown) => err);
    await transport.started;
    // The output closes: a and b were written before the connection was lost, and not again.
    const putBack = forwarder.putBack([records[0]!, records[1]!]);
    transport.fail(new Error("the output is closed"));
    await putBack;
    expect(await cycle).toBeInstanceOf(CycleFailure);
    await forwarder.settled();
    const last = store.saved.at(-1)!;
    expect(last.checkpoint).toBeLessThanOrEqual(records[0]!.time.getTime());
    expect([...last.delivered.keys()]).toEqual([]);
    expect(store.mostAtOnce()).toBe(1);
    expect(forwarder.status().checkpoint).toBe(
      last.checkpoint === undefined ? null : new Date(last.checkpoint).toISOString(),
    );
  });

  it("puts records back over the state being written, not over an older one", async () => {
    const store = slowStore();
    const forwarder = forwarderOf(store, { send: () => Promise.resolve() });
    const cycle = forwarder.cycle();
    await store.firstSave;
    // The cycle's final state is being written: c is put back over it.
    await forwarder.putBack([records[2]!]);
    await cycle;
    await forwarder.settled();
    const last = store.saved.at(-1)!;
    expect(last.checkpoint).toBe(records[2]!.time.getTime());
    expect([...last.delivered.keys()].sort()).toEqual(["a", "b", "d"]);
  });
});
