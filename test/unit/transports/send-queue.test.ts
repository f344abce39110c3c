import { describe, expect, it } from "vitest";
import { Delivery } from "../../../src/transports/delivery.js";
import { frame } from "../../../src/transports/framing.js";
import { ResendWindow } from "../../../src/transports/resend-window.js";
import { SendQueue } from "../../../src/transports/send-queue.js";

const frames = (n: number) => Array.from({ length: n }, (_, i) => frame(`m${i}`, "lf"));

describe("SendQueue", () => {
  it("makes push wait while full (backpressure) and never drops", async () => {
    const depths: number[] = [];
    const queue = new SendQueue(2, 1000, (d) => depths.push(d));
    const delivery = new Delivery(5);
    let pushed = false;
    const push = queue.push(frames(5), delivery).then(() => (pushed = true));
    await Promise.resolve();
    expect(queue.length).toBe(2);
    const taken = [...queue.take(3), ...queue.take(3)];
    await Promise.resolve();
    taken.push(...queue.take(100), ...queue.take(100));
    await push;
    taken.push(...queue.take(100));
    expect(pushed).toBe(true);
    expect(taken.map((e) => e.frame.text)).toEqual(["m0\n", "m1\n", "m2\n", "m3\n", "m4\n"]);
    expect(Math.max(...depths)).toBeLessThanOrEqual(2);
  });

  it("takes at least one entry, then up to the byte budget", () => {
    const queue = new SendQueue(10, 1000, () => undefined);
    void queue.push(frames(3), new Delivery(3));
    expect(queue.take(1).length).toBe(1);
    expect(queue.take(8).length).toBe(2);
  });

  it("puts entries back in front and drops those of a failed delivery", () => {
    const queue = new SendQueue(10, 1000, () => undefined);
    const a = new Delivery(2);
    const b = new Delivery(1);
    void queue.push(frames(2), a);
    void queue.push([frame("b", "lf")], b);
    const first = queue.take(3);
    queue.unshift(first);
    queue.drop(a);
    expect(queue.take(100).map((e) => e.frame.text)).toEqual(["b\n"]);
  });
});

describe("ResendWindow", () => {
  it("keeps the most recent bytes, and every entry a delivery still waits for", () => {
    const window = new ResendWindow(6);
    const waiting = new Delivery(1);
    window.add(frames(3).map((f, i) => (i === 0 ? { frame: f, delivery: waiting } : { frame: f })));
    expect(window.takeAll().length).toBe(3);
    window.add(frames(3).map((f) => ({ frame: f })));
    expect(window.takeAll().map((e) => e.frame.text)).toEqual(["m1\n", "m2\n"]);
  });
});
