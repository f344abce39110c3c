/** The cycle's progress: the state follows every delivery, the saved state lags by at most saveEveryMs. */
import { describe, expect, it } from "vitest";
import { Progress } from "../../../src/pipeline/progress.js";
import { afterDelivery, EMPTY_STATE, type SourceState, type Tracked } from "../../../src/state/checkpoint.js";

const MIN = 60_000;
const track = (identity: string, time: number): Tracked => ({ identity, time: new Date(time) });

function harness(options: { failCommits?: number } = {}) {
  let now = 0;
  let failures = options.failCommits ?? 0;
  const saved: SourceState[] = [];
  const progress = new Progress(EMPTY_STATE, {
    overlap: 10 * MIN,
    saveEveryMs: 1000,
    saveEveryRecords: 5,
    clock: () => now,
    commit: (state) => {
      if (failures-- > 0) return Promise.reject(new Error("disk full"));
      saved.push(state);
      return Promise.resolve();
    },
  });
  return { progress, saved, advance: (ms: number) => (now += ms) };
}

describe("Progress", () => {
  it("saves at most once per saveEveryMs while deliveries come, and everything on save()", async () => {
    const h = harness();
    for (let i = 0; i < 10; i++) {
      h.advance(300);
      await h.progress.delivered([track(`r${i}`, i * MIN)], i * MIN);
    }
    expect(h.saved.map((s) => s.checkpoint)).toEqual([3 * MIN, 7 * MIN]);
    h.advance(100);
    await h.progress.delivered([], 12 * MIN);
    await h.progress.save();
    expect(h.saved.at(-1)!.checkpoint).toBe(12 * MIN);
  });

  it("holds the same state as advancing after every delivery, whether saved or not", async () => {
    const h = harness();
    let expected = EMPTY_STATE;
    const batches = [[track("a", 1 * MIN), track("b", 5 * MIN)], [track("c", 14 * MIN)], [], [track("d", 30 * MIN)]];
    for (const batch of batches) {
      const to = batch.at(-1)?.time.getTime() ?? 20 * MIN;
      expected = afterDelivery(expected, batch, to, 10 * MIN);
      await h.progress.delivered(batch, to);
      expect(h.progress.state).toEqual(expected);
      expect(h.saved).toHaveLength(0);
    }
    expect([...h.progress.state.delivered.keys()]).toEqual(["d"]);
  });

  it("saves once saveEveryRecords were delivered, however little time passed", async () => {
    const h = harness();
    await h.progress.delivered([track("a", 1), track("b", 2), track("c", 3)], 3);
    expect(h.saved).toHaveLength(0);
    await h.progress.delivered([track("d", 4), track("e", 5)], 5);
    expect(h.saved.map((s) => s.checkpoint)).toEqual([5]);
  });

  it("never saves a checkpoint beyond what was delivered", async () => {
    const h = harness();
    h.advance(5000);
    await h.progress.delivered([track("a", 7 * MIN)], 7 * MIN);
    expect(h.saved.map((s) => s.checkpoint)).toEqual([7 * MIN]);
  });

  it("writes nothing when nothing was delivered since the last save", async () => {
    const h = harness();
    await h.progress.save();
    await h.progress.delivered([track("a", MIN)], MIN);
    await h.progress.save();
    await h.progress.save();
    expect(h.saved).toHaveLength(1);
  });

  it("a failed save is tried again by the next one", async () => {
    const h = harness({ failCommits: 1 });
    await h.progress.delivered([track("a", MIN)], MIN);
    await expect(h.progress.save()).rejects.toThrow("disk full");
    await h.progress.save();
    expect(h.saved.map((s) => s.checkpoint)).toEqual([MIN]);
  });
});
