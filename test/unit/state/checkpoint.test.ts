import { describe, expect, it } from "vitest";
import {
  afterDelivery,
  EMPTY_STATE,
  withoutDelivery,
  withoutRepeats,
  type SourceState,
} from "../../../src/state/checkpoint.js";

const MIN = 60_000;
const settings = { overlap: 10 * MIN };
const t0 = Date.UTC(2026, 10, 26, 12, 0, 0);
const rec = (identity: string, minutes: number) => ({ identity, time: new Date(t0 + minutes * MIN) });

describe("withoutRepeats", () => {
  it("drops identities delivered before and repeats inside one response", () => {
    const state: SourceState = { delivered: new Map([["a", t0]]) };
    const { fresh, repeats } = withoutRepeats([rec("a", 0), rec("b", 1), rec("b", 1), rec("c", 2)], state);
    expect(fresh.map((r) => r.identity)).toEqual(["b", "c"]);
    expect(repeats).toBe(2);
  });

  it("orders what it keeps oldest first, equal times in the order received", () => {
    const { fresh } = withoutRepeats([rec("c", 2), rec("b2", 1), rec("a", 0), rec("b1", 1)], EMPTY_STATE);
    expect(fresh.map((r) => r.identity)).toEqual(["a", "b2", "b1", "c"]);
  });
});

describe("afterDelivery", () => {
  it("moves the checkpoint and keeps only identities the next poll can see again", () => {
    const before: SourceState = {
      checkpoint: t0,
      delivered: new Map([
        ["old", t0 - 30 * MIN],
        ["recent", t0 - 5 * MIN],
      ]),
    };
    const after = afterDelivery(before, [rec("new", 10), rec("edge", 10)], t0 + 20 * MIN, 10 * MIN);
    expect(after.checkpoint).toBe(t0 + 20 * MIN);
    expect([...after.delivered.keys()].sort()).toEqual(["edge", "new"]);
  });

  it("never moves the checkpoint backwards", () => {
    expect(afterDelivery({ checkpoint: t0, delivered: new Map() }, [], t0 - MIN, 10 * MIN).checkpoint).toBe(t0);
  });

  it("a late record inside the overlap is collected once across two polls", () => {
    // Poll 1 sees a and b; c (time −3) becomes visible only later.
    let state = afterDelivery(EMPTY_STATE, [rec("a", -8), rec("b", -2)], t0, settings.overlap);
    const second = withoutRepeats([rec("a", -8), rec("c", -3), rec("b", -2), rec("d", 0.5)], state);
    expect(second.fresh.map((r) => r.identity)).toEqual(["c", "d"]);
    state = afterDelivery(state, second.fresh, t0 + MIN, settings.overlap);
    expect(withoutRepeats([rec("c", -3), rec("d", 0.5)], state).fresh).toEqual([]);
  });
});

describe("withoutDelivery", () => {
  it("puts the checkpoint back to the earliest unsure record and forgets their identities", () => {
    const state: SourceState = {
      checkpoint: t0,
      delivered: new Map([
        ["a", t0 - 8 * MIN],
        ["b", t0 - 5 * MIN],
        ["c", t0 - 2 * MIN],
      ]),
    };
    const after = withoutDelivery(state, [rec("c", -2), rec("b", -5)]);
    expect(after.checkpoint).toBe(t0 - 5 * MIN);
    expect([...after.delivered.keys()]).toEqual(["a"]);
    expect(withoutRepeats([rec("a", -8), rec("b", -5), rec("c", -2)], after).fresh.map((r) => r.identity)).toEqual([
      "b",
      "c",
    ]);
  });

  it("never moves the checkpoint forward, and changes nothing for no records", () => {
    const state: SourceState = { checkpoint: t0, delivered: new Map() };
    expect(withoutDelivery(state, [rec("late", 5)]).checkpoint).toBe(t0);
    expect(withoutDelivery(state, [])).toBe(state);
  });
});
