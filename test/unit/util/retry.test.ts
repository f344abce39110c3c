import { describe, expect, it } from "vitest";
import { withRetries } from "../../../src/util/retry.js";

const policy = { initialMs: 100, maxMs: 1000 };

describe("withRetries", () => {
  it("retries with backoff, or with the wait the attempt asked for, until done", async () => {
    const waits: number[] = [];
    const outcomes = [
      { retry: new Error("a") },
      { retry: new Error("b"), waitMs: 7000 },
      { retry: new Error("c") },
      { done: "ok" },
    ];
    const result = await withRetries((n) => Promise.resolve(outcomes[n]!), {
      maxRetries: 5,
      backoff: policy,
      random: () => 0,
      sleep: (ms) => Promise.resolve(void waits.push(ms)),
    });
    expect(result).toBe("ok");
    expect(waits).toEqual([50, 7000, 200]);
  });

  it("throws the last failure once the retries are spent, as onExhausted words it", async () => {
    let attempts = 0;
    const run = withRetries(() => Promise.resolve({ retry: new Error(`failure ${++attempts}`) }), {
      maxRetries: 2,
      backoff: policy,
      sleep: () => Promise.resolve(),
      onExhausted: (err, retries) => new Error(`${err.message} after ${retries} retries`),
    });
    await expect(run).rejects.toThrow("failure 3 after 2 retries");
    expect(attempts).toBe(3);
  });

  it("lets an attempt's own error through at once", async () => {
    await expect(
      withRetries(() => Promise.reject(new Error("fatal")), {
        maxRetries: 3,
        backoff: policy,
        sleep: () => Promise.resolve(),
      }),
    ).rejects.toThrow("fatal");
  });
});
