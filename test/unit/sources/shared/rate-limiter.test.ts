import { describe, expect, it } from "vitest";
import { createRateLimiter } from "../../../../src/sources/shared/rate-limiter.js";

function fakeClock() {
  const clock = {
    t: 0,
    waits: [] as number[],
    now: () => clock.t,
    sleep: (ms: number) => {
      clock.waits.push(ms);
      clock.t += ms;
      return Promise.resolve();
    },
  };
  return clock;
}

describe("createRateLimiter", () => {
  it("lets N requests through in a minute, then waits until the oldest is a minute old", async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter(3, clock);
    for (const t of [0, 10_000, 20_000]) {
      clock.t = t;
      await limiter.acquire();
    }
    expect(clock.waits).toEqual([]);
    clock.t = 30_000;
    await limiter.acquire();
    expect(clock.waits).toEqual([30_000]);
    expect(clock.t).toBe(60_000);
  });

  it("serves concurrent callers one at a time, each within the limit", async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter(2, clock);
    const granted: number[] = [];
    await Promise.all([1, 2, 3, 4, 5].map(() => limiter.acquire().then(() => granted.push(clock.t))));
    expect(granted).toEqual([0, 0, 60_000, 60_000, 120_000]);
  });

  it("lets a cancelled wait fail without blocking the next caller", async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter(1, {
      now: clock.now,
      sleep: (_ms, signal) => (signal?.aborted ? Promise.reject(new Error("aborted")) : clock.sleep(_ms)),
    });
    await limiter.acquire();
    await expect(limiter.acquire(AbortSignal.abort())).rejects.toThrow("aborted");
    await limiter.acquire();
    expect(clock.t).toBe(60_000);
  });
});

describe("createRateLimiter with an hourly limit too", () => {
  it("keeps both limits: 3 a minute and 5 an hour", async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ perMinute: 3, perHour: 5 }, clock);
    const granted: number[] = [];
    for (let i = 0; i < 7; i++) {
      await limiter.acquire();
      granted.push(clock.t);
    }
    expect(granted).toEqual([0, 0, 0, 60_000, 60_000, 3_600_000, 3_600_000]);
  });
});
