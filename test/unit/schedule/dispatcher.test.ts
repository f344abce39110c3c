import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Dispatcher, shareOf } from "../../../src/schedule/dispatcher.js";

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** A cycle that ends when told, recording when it started. */
function controlled() {
  const starts: number[] = [];
  let finish: (ok: boolean) => void = () => undefined;
  const cycle = () => {
    starts.push(Date.now());
    return new Promise<boolean>((resolve) => (finish = resolve));
  };
  return { cycle, starts, end: (ok = true) => finish(ok) };
}

describe("the dispatcher", () => {
  it("runs at most `concurrency` cycles at once; the others wait their turn", async () => {
    const d = new Dispatcher({ concurrency: 2, spread: false, backoff: false });
    const tenants = ["a", "b", "c"].map((name) => ({ name, ...controlled() }));
    for (const t of tenants) d.add(t.name, t.cycle);
    d.tick(60_000, true);
    expect(tenants.map((t) => t.starts.length)).toEqual([1, 1, 0]);
    expect(d.busy).toEqual({ running: 2, waiting: 1 });
    tenants[0]!.end();
    await vi.advanceTimersByTimeAsync(0);
    expect(tenants.map((t) => t.starts.length)).toEqual([1, 1, 1]);
  });

  it("spreads a tick's cycles over the period, each tenant at its own share", async () => {
    const d = new Dispatcher({ concurrency: 10, spread: true, backoff: false });
    const names = ["contoso", "fabrikam", "northwind", "tailspin"];
    const tenants = names.map((name) => ({ name, ...controlled() }));
    for (const t of tenants) d.add(t.name, t.cycle);
    const start = Date.now();
    d.tick(60_000);
    await vi.advanceTimersByTimeAsync(60_000);
    const offsets = tenants.map((t) => t.starts[0]! - start);
    expect(offsets).toEqual(names.map((n) => Math.floor(shareOf(n) * 60_000)));
    expect(new Set(offsets).size).toBe(names.length);
    expect(Math.max(...offsets)).toBeLessThan(0.9 * 60_000);
  });

  it("never overlaps a tenant with itself: a tick during its cycle is one more cycle when it ends", async () => {
    const d = new Dispatcher({ concurrency: 4, spread: false, backoff: false });
    const t = controlled();
    d.add("a", t.cycle, true);
    d.tick(1000);
    d.tick(1000);
    expect(t.starts).toHaveLength(1);
    t.end();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.starts).toHaveLength(2);
  });

  it("backs a failing tenant off, and one success ends it", async () => {
    const d = new Dispatcher({ concurrency: 4, spread: false, backoff: true, random: () => 0 });
    let ok = false;
    let runs = 0;
    d.add("a", () => (runs++, Promise.resolve(ok)), true);
    await vi.advanceTimersByTimeAsync(0);
    // First failure: the next tick retries; the second: ticks are skipped for 30 s or more.
    d.tick(1000);
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toBe(2);
    d.tick(1000);
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toBe(2);
    await vi.advanceTimersByTimeAsync(31_000);
    ok = true;
    d.tick(1000);
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toBe(3);
    d.tick(1000);
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toBe(4);
  });

  it("remove waits for the tenant's cycle in flight and schedules it no more", async () => {
    const d = new Dispatcher({ concurrency: 4, spread: false, backoff: false });
    const t = controlled();
    d.add("a", t.cycle, true);
    let removed = false;
    const removing = d.remove("a").then(() => (removed = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(removed).toBe(false);
    t.end();
    await removing;
    d.tick(1000);
    expect(t.starts).toHaveLength(1);
  });

  it("stops a cycle that held its place for a period while another tenant waited, and that one polls", async () => {
    const d = new Dispatcher({ concurrency: 1, spread: false, backoff: false });
    const reasons: unknown[] = [];
    // A tenant whose API never answers: its cycle ends only when stopped.
    const hung = (signal: AbortSignal) =>
      new Promise<boolean>((resolve) =>
        signal.addEventListener("abort", () => {
          reasons.push(signal.reason);
          resolve(false);
        }),
      );
    const fast = controlled();
    d.add("hung", hung);
    d.add("fast", fast.cycle);
    const start = Date.now();
    d.tick(60_000, true);
    await vi.advanceTimersByTimeAsync(59_999);
    expect(fast.starts).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(fast.starts).toEqual([start + 60_000]);
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toMatchObject({ code: "E_CYCLE_DEADLINE" });
    expect((reasons[0] as Error).message).toMatch(/places for 60 s \(a schedule period, at least 30 s\) while other/);
  });

  it("on a schedule of seconds, lets a cycle hold its place 30 s before it gives way", async () => {
    const d = new Dispatcher({ concurrency: 1, spread: false, backoff: false });
    let stoppedAt: number | undefined;
    d.add(
      "slow",
      (signal) =>
        new Promise<boolean>((resolve) =>
          signal.addEventListener("abort", () => {
            stoppedAt = Date.now();
            resolve(false);
          }),
        ),
    );
    d.add("other", controlled().cycle);
    const start = Date.now();
    d.tick(1000, true);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(stoppedAt).toBe(start + 30_000);
  });

  it("lets a long cycle go on while no other tenant waits for a place", async () => {
    const d = new Dispatcher({ concurrency: 2, spread: false, backoff: false });
    let aborted = false;
    const long = controlled();
    d.add("long", (signal) => {
      signal.addEventListener("abort", () => (aborted = true));
      return long.cycle();
    });
    const other = controlled();
    d.add("other", other.cycle);
    d.tick(60_000, true);
    other.end();
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(aborted).toBe(false);
    // Once one waits (the other tenant's next tick comes while both places are taken), the long one gives way.
    const third = controlled();
    d.add("third", third.cycle);
    d.tick(60_000, true);
    await vi.advanceTimersByTimeAsync(0);
    expect(aborted).toBe(true);
  });
});
