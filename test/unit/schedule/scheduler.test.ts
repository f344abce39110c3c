/**
 * The scheduler with the real node-cron on a per-second schedule, on fake timers: first cycle at once, one cycle at
 * a time, one catch-up after a slow cycle however many ticks it spanned, nothing after stop.
 */
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Scheduler } from "../../../src/schedule/scheduler.js";

const STILL_RUNNING = "the previous poll cycle is still running: the next one starts as soon as it ends";

describe("Scheduler", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2026-12-03T10:00:00.200Z"));
  });
  afterEach(() => vi.useRealTimers());

  function setUp(durations: number[], failFirst = false) {
    const warnings: { msg: string; at: number }[] = [];
    const logger = pino(
      { level: "warn" },
      { write: (line: string) => warnings.push({ msg: (JSON.parse(line) as { msg: string }).msg, at: Date.now() }) },
    );
    const starts: number[] = [];
    let active = 0;
    let maxActive = 0;
    const scheduler = new Scheduler({
      expression: "* * * * * *",
      logger,
      cycle: async () => {
        starts.push(Date.now());
        active++;
        maxActive = Math.max(maxActive, active);
        await new Promise((resolve) => setTimeout(resolve, durations[starts.length - 1] ?? 50));
        active--;
        if (failFirst && starts.length === 1) throw new Error("a failed cycle must not stop the schedule");
      },
    });
    return { scheduler, starts, warnings, maxActive: () => maxActive };
  }

  it("runs the first cycle at once, then once per tick, and goes on after a failed cycle", async () => {
    const { scheduler, starts, warnings, maxActive } = setUp([], true);
    const started = Date.now();
    scheduler.start();
    expect(starts).toEqual([started]);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(starts).toHaveLength(4);
    // Ticks fall on whole seconds.
    expect(starts.slice(1).map((t) => t % 1000)).toEqual([0, 0, 0]);
    expect(scheduler.interval()).toBe(1000);
    expect(maxActive()).toBe(1);
    expect(warnings.map((w) => w.msg)).toEqual(["poll cycle failed"]);
    await scheduler.stop();
  });

  it("never overlaps: ticks inside a slow cycle give one warning and one catch-up cycle, not one each", async () => {
    const { scheduler, starts, warnings, maxActive } = setUp([50, 2_300]);
    scheduler.start();
    await vi.advanceTimersByTimeAsync(5_000);
    await scheduler.stop();

    expect(maxActive()).toBe(1);
    // The slow cycle starts on the first tick and spans the next two; the catch-up starts the moment it ends.
    expect(starts[2]! - starts[1]!).toBe(2_300);
    expect(warnings.filter((w) => w.msg === STILL_RUNNING && w.at > starts[1]! && w.at < starts[2]!)).toHaveLength(1);
  });

  it("starts nothing after stop, and stop waits for the cycle in flight", async () => {
    const { scheduler, starts } = setUp([1_500]);
    scheduler.start();
    await vi.advanceTimersByTimeAsync(200);
    let stopped = false;
    const stopping = scheduler.stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(stopped).toBe(false);
    await vi.advanceTimersByTimeAsync(500);
    await stopping;
    expect(stopped).toBe(true);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(starts).toHaveLength(1);
  });
});
