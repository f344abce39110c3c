/** One item ahead: order, the bound of two, errors where the caller asks, and an early stop. */
import { describe, expect, it } from "vitest";
import { readAhead } from "../../../src/pipeline/read-ahead.js";

/** A producer of `count` items whose making the test ends one by one (`finish`), logging what happens. */
function producer(count: number, failAt?: number) {
  const log: string[] = [];
  const pending: { resolve: () => void; reject: (e: unknown) => void }[] = [];
  let signal: AbortSignal | undefined;
  async function* produce(s: AbortSignal) {
    signal = s;
    try {
      for (let i = 0; i < count; i++) {
        log.push(`start ${i}`);
        await new Promise<void>((resolve, reject) => {
          pending.push({ resolve, reject });
          s.addEventListener("abort", () => reject(s.reason as Error), { once: true });
        });
        if (i === failAt) throw new Error(`item ${i} failed`);
        log.push(`made ${i}`);
        yield i;
      }
    } finally {
      log.push("closed");
    }
  }
  const finish = async () => {
    pending.shift()!.resolve();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { log, produce, finish, pending, signal: () => signal };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("readAhead", () => {
  it("gives every item in order, starting the next one as soon as one is handed over", async () => {
    const p = producer(3);
    const reader = readAhead(p.produce);
    const first = reader.next();
    await tick();
    await p.finish();
    expect(await first).toEqual({ value: 0, done: false });
    await tick();
    expect(p.log).toEqual(["start 0", "made 0", "start 1"]);
    await p.finish();
    expect(await reader.next()).toEqual({ value: 1, done: false });
    await tick();
    await p.finish();
    expect(await reader.next()).toEqual({ value: 2, done: false });
    expect(await reader.next()).toEqual({ value: undefined, done: true });
    expect(p.log).toEqual(["start 0", "made 0", "start 1", "made 1", "start 2", "made 2", "closed"]);
  });

  it("never makes more than one item beyond the one in hand", async () => {
    const p = producer(5);
    const reader = readAhead(p.produce);
    const first = reader.next();
    await tick();
    await p.finish();
    await first;
    await p.finish();
    for (let i = 0; i < 5; i++) await tick();
    // Item 1 is made and waits; item 2 is not started while the caller still holds item 0.
    expect(p.log).toEqual(["start 0", "made 0", "start 1", "made 1"]);
    expect(p.pending).toHaveLength(0);
    await reader.return(undefined);
  });

  it("a failure to make the next item surfaces when the caller asks for it, not before", async () => {
    const p = producer(3, 1);
    const reader = readAhead(p.produce);
    const first = reader.next();
    await tick();
    await p.finish();
    expect((await first).value).toBe(0);
    await tick();
    await p.finish();
    await tick();
    expect(p.log).toContain("closed");
    await expect(reader.next()).rejects.toThrow("item 1 failed");
    expect(await reader.next()).toEqual({ value: undefined, done: true });
  });

  it("a caller that stops early aborts the item being made, waits for it and closes the producer", async () => {
    const p = producer(3);
    const reader = readAhead(p.produce);
    const first = reader.next();
    await tick();
    await p.finish();
    await first;
    await tick();
    expect(p.log.at(-1)).toBe("start 1");
    await reader.return(undefined);
    expect(p.signal()!.aborted).toBe(true);
    expect(p.log).toEqual(["start 0", "made 0", "start 1", "closed"]);
  });

  it("the caller's abort reaches the item being made", async () => {
    const p = producer(3);
    const controller = new AbortController();
    const reader = readAhead(p.produce, controller.signal);
    const first = reader.next();
    await tick();
    controller.abort(new Error("deadline"));
    await expect(first).rejects.toThrow("deadline");
    expect(p.log).toEqual(["start 0", "closed"]);
  });
});
