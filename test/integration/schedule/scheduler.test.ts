/** The scheduler with the real node-cron on a per-second schedule: first cycle at once, never two at a time. */
import { setTimeout as sleep } from "node:timers/promises";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { Scheduler } from "../../../src/schedule/scheduler.js";

describe("Scheduler", () => {
  it("runs the first cycle at once, then on the schedule, never overlapping, catching up once after a slow cycle", async () => {
    const warnings: { msg: string; at: number }[] = [];
    const logger = pino(
      { level: "warn" },
      { write: (line: string) => warnings.push({ msg: (JSON.parse(line) as { msg: string }).msg, at: Date.now() }) },
    );
    let active = 0;
    let maxActive = 0;
    const starts: number[] = [];
    const scheduler = new Scheduler({
      expression: "* * * * * *",
      logger,
      cycle: async () => {
        starts.push(Date.now());
        active++;
        maxActive = Math.max(maxActive, active);
        // The second cycle is slow: it spans at least two ticks.
        await sleep(starts.length === 2 ? 2300 : 50);
        active--;
        if (starts.length === 1) throw new Error("a failed cycle must not stop the schedule");
      },
    });
    const started = Date.now();
    scheduler.start();
    expect(starts).toHaveLength(1);
    expect(starts[0]! - started).toBeLessThan(1000);
    while (starts.length < 4) await sleep(50);
    expect(scheduler.interval()).toBe(1000);
    await scheduler.stop();
    const count = starts.length;
    await sleep(1200);

    expect(maxActive).toBe(1);
    expect(starts.length).toBe(count);
    expect(warnings.map((w) => w.msg)).toContain(
      "the previous poll cycle is still running: the next one starts as soon as it ends",
    );
    // Two or more ticks fell inside the slow cycle: one warning, and one catch-up cycle, not one each. (A tick may
    // also fall inside another cycle, when the first one starts just before a second or the machine is busy: that
    // is another warning, outside the slow cycle.)
    const insideSlowCycle = (w: { msg: string; at: number }) => w.at >= starts[1]! && w.at < starts[2]!;
    expect(warnings.filter((w) => w.msg.startsWith("the previous poll cycle") && insideSlowCycle(w))).toHaveLength(1);
    expect(starts[2]! - starts[1]!).toBeGreaterThanOrEqual(2300);
  });
});
