import { describe, expect, it } from "vitest";
import { Delivery } from "../../../src/transports/delivery.js";
import type { FrameChunk } from "../../../src/transports/render.js";
import { ResendWindow } from "../../../src/transports/resend-window.js";
import { SendQueue, type Entry } from "../../../src/transports/send-queue.js";

/** A chunk of one message per name, each "name\n". */
const chunk = (...names: string[]): FrameChunk => {
  const data = Buffer.from(names.map((n) => `${n}\n`).join(""));
  let end = 0;
  return { data, ends: names.map((n) => (end += n.length + 1)) };
};
const texts = (entries: Entry[]) => entries.map((e) => e.chunk.data.toString());

describe("SendQueue", () => {
  it("makes push wait while full (backpressure), counts messages, and never drops", async () => {
    const depths: number[] = [];
    const queue = new SendQueue(2, 1000, (d) => depths.push(d));
    const delivery = new Delivery(5);
    let pushed = false;
    const push = queue.push([chunk("a", "b"), chunk("c"), chunk("d", "e")], delivery).then(() => (pushed = true));
    await Promise.resolve();
    expect(queue.length).toBe(2);
    const taken = queue.take(100);
    for (let i = 0; i < 3; i++) await Promise.resolve();
    taken.push(...queue.take(100));
    await push;
    taken.push(...queue.take(100));
    expect(pushed).toBe(true);
    expect(texts(taken)).toEqual(["a\nb\n", "c\n", "d\ne\n"]);
    expect(Math.max(...depths)).toBeLessThanOrEqual(2);
  });

  it("takes at least one chunk, then up to the byte budget", () => {
    const queue = new SendQueue(10, 1000, () => undefined);
    void queue.push([chunk("aaaa"), chunk("b"), chunk("c")], new Delivery(3));
    expect(texts(queue.take(1))).toEqual(["aaaa\n"]);
    expect(texts(queue.take(4))).toEqual(["b\n", "c\n"]);
  });

  it("puts entries back in front and drops those of a failed delivery", () => {
    const queue = new SendQueue(10, 1000, () => undefined);
    const a = new Delivery(2);
    void queue.push([chunk("a1"), chunk("a2")], a);
    void queue.push([chunk("b")], new Delivery(1));
    queue.unshift(queue.take(3));
    expect(queue.length).toBe(3);
    queue.drop(a);
    expect(queue.length).toBe(1);
    expect(texts(queue.take(100))).toEqual(["b\n"]);
  });
});

describe("ResendWindow", () => {
  it("keeps every unconfirmed entry, and confirmed ones up to its bound", () => {
    const window = new ResendWindow(6);
    window.add([{ chunk: chunk("m0") }, { chunk: chunk("m1") }, { chunk: chunk("m2") }]);
    expect(window.takeAll()).toMatchObject({ confirmed: 0, entries: { length: 3 } });
    window.add([
      { chunk: chunk("m0"), writtenAt: 1 },
      { chunk: chunk("m1"), writtenAt: 2 },
      { chunk: chunk("m2"), writtenAt: 3 },
    ]);
    expect(window.oldestUnconfirmed).toBe(1);
    expect(texts(window.confirm(2))).toEqual(["m0\n", "m1\n"]);
    expect(window.allConfirmed).toBe(false);
    const { entries, confirmed } = window.takeAll();
    expect(texts(entries)).toEqual(["m1\n", "m2\n"]);
    expect(confirmed).toBe(1);
  });

  it("confirms in order: an entry not written yet stops the confirmation", () => {
    const window = new ResendWindow(100);
    window.add([{ chunk: chunk("a"), writtenAt: 1 }, { chunk: chunk("b") }, { chunk: chunk("c"), writtenAt: 1 }]);
    expect(texts(window.confirm())).toEqual(["a\n"]);
    expect(window.oldestUnconfirmed).toBeUndefined();
  });
});
