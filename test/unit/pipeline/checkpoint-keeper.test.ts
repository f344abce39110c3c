/**
 * The checkpoint keeper: the planning state follows written records, the saved state only confirmed ones, in order,
 * on its cadence; saves never overlap, and a failed background save reaches the next cycle.
 */
import { describe, expect, it } from "vitest";
import { CheckpointKeeper } from "../../../src/pipeline/checkpoint-keeper.js";
import { EMPTY_STATE, type SourceState, type Tracked } from "../../../src/state/checkpoint.js";

const MIN = 60_000;
const track = (identity: string, time: number): Tracked => ({ identity, time: new Date(time) });

/** A store whose writes take a while, counting how many ran at once; it fails its first `failures` writes. */
function harness(options: { failures?: number; saveEveryRecords?: number } = {}) {
  let now = 0;
  let failures = options.failures ?? 0;
  let running = 0;
  let mostAtOnce = 0;
  const saved: SourceState[] = [];
  const store = {
    save: async (state: SourceState) => {
      mostAtOnce = Math.max(mostAtOnce, ++running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running--;
      if (failures-- > 0) throw new Error("disk full");
      saved.push(state);
    },
  };
  const keeper = new CheckpointKeeper(EMPTY_STATE, {
    overlap: 10 * MIN,
    store,
    saveEveryMs: 1000,
    saveEveryRecords: options.saveEveryRecords ?? 1000,
    clock: () => now,
  });
  return { keeper, saved, mostAtOnce: () => mostAtOnce, advance: (ms: number) => (now += ms) };
}

describe("CheckpointKeeper", () => {
  it("plans from what was written, but saves only what was confirmed, in the order sent", async () => {
    const h = harness();
    const a = track("a", 1 * MIN);
    const b = track("b", 2 * MIN);
    const first = h.keeper.expect([a], [a], 1 * MIN);
    await h.keeper.written(first);
    const second = h.keeper.expect([b], [b], 2 * MIN);
    await h.keeper.written(second);
    expect(h.keeper.state.checkpoint).toBe(2 * MIN);
    h.keeper.confirmed([b]);
    await h.keeper.save();
    expect(h.saved).toEqual([]);
    h.keeper.confirmed([a]);
    await h.keeper.save();
    expect(h.saved.map((s) => s.checkpoint)).toEqual([2 * MIN]);
    expect([...h.keeper.saved.delivered.keys()]).toEqual(["a", "b"]);
  });

  it("a skipped record (no message) counts once the records sent before it are confirmed", async () => {
    const h = harness();
    const a = track("a", 1 * MIN);
    const skipped = track("skipped", 2 * MIN);
    await h.keeper.written(h.keeper.expect([a, skipped], [a], 2 * MIN));
    await h.keeper.written(h.keeper.expect([], [], 5 * MIN));
    await h.keeper.save();
    expect(h.saved).toEqual([]);
    h.keeper.confirmed([a]);
    await h.keeper.save();
    expect(h.saved.at(-1)!.checkpoint).toBe(5 * MIN);
  });

  it("never saves past an abandoned step; the planning state never covered it", async () => {
    const h = harness();
    const a = track("a", 1 * MIN);
    const b = track("b", 2 * MIN);
    await h.keeper.written(h.keeper.expect([a], [a], 1 * MIN));
    const failed = h.keeper.expect([b], [b], 2 * MIN);
    h.keeper.abandon(failed);
    h.keeper.confirmed([a, b]);
    await h.keeper.save();
    expect(h.keeper.state.checkpoint).toBe(1 * MIN);
    expect(h.saved.at(-1)!.checkpoint).toBe(1 * MIN);
  });

  it("saves on its cadence while confirmations come, and never two saves at once", async () => {
    const h = harness({ saveEveryRecords: 3 });
    for (let i = 0; i < 7; i++) {
      const r = track(`r${i}`, i * MIN);
      await h.keeper.written(h.keeper.expect([r], [r], i * MIN));
      h.keeper.confirmed([r]);
    }
    await h.keeper.settled();
    expect(h.saved.map((s) => s.checkpoint)).toEqual([2 * MIN, 5 * MIN]);
    await h.keeper.save();
    expect(h.saved.at(-1)!.checkpoint).toBe(6 * MIN);
    expect(h.mostAtOnce()).toBe(1);
  });

  it("saves confirmations that come after the cycle, once saveEveryMs passed", async () => {
    const h = harness();
    const a = track("a", 1 * MIN);
    await h.keeper.written(h.keeper.expect([a], [a], 1 * MIN));
    await h.keeper.save();
    h.advance(1000);
    h.keeper.confirmed([a]);
    await h.keeper.settled();
    expect(h.saved.map((s) => s.checkpoint)).toEqual([1 * MIN]);
  });

  it("a failed background save is reported to the next cycle, and the state on disk stays as it was", async () => {
    const h = harness({ failures: 1 });
    h.advance(1000);
    const a = track("a", 1 * MIN);
    await h.keeper.written(h.keeper.expect([a], [a], 1 * MIN));
    h.keeper.confirmed([a]);
    await h.keeper.settled();
    const b = track("b", 2 * MIN);
    await expect(h.keeper.written(h.keeper.expect([b], [b], 2 * MIN))).rejects.toThrow("disk full");
    expect(h.keeper.saved).toBe(EMPTY_STATE);
    h.keeper.confirmed([b]);
    await h.keeper.save();
    expect(h.saved.at(-1)!.checkpoint).toBe(2 * MIN);
  });
});
