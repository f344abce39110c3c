import { describe, expect, it } from "vitest";
import { SharedOutput, type LanedRef } from "../../../src/pipeline/shared-output.js";
import type { OutgoingMessage, Transport, TransportStatus } from "../../../src/transports/transport.js";

/** A transport that writes at once and confirms when told; `close` hands back what it never confirmed. */
class Recording implements Transport<LanedRef<string>> {
  readonly payloadBudget = 1000;
  written: OutgoingMessage<LanedRef<string>>[] = [];
  #listener: (refs: readonly LanedRef<string>[]) => void = () => undefined;
  #confirmed = 0;
  send(messages: readonly OutgoingMessage<LanedRef<string>>[]): Promise<void> {
    this.written.push(...messages);
    return Promise.resolve();
  }
  onConfirmed(listener: (refs: readonly LanedRef<string>[]) => void): void {
    this.#listener = listener;
  }
  confirmAll(): void {
    const refs = this.written.slice(this.#confirmed).flatMap((m) => (m.ref ? [m.ref] : []));
    this.#confirmed = this.written.length;
    this.#listener(refs);
  }
  flush(): Promise<void> {
    return Promise.resolve();
  }
  close(): Promise<LanedRef<string>[]> {
    return Promise.resolve(this.written.slice(this.#confirmed).flatMap((m) => (m.ref ? [m.ref] : [])));
  }
  status(): TransportStatus {
    return { transport: "test", destination: "test", connected: true, queued: 0 };
  }
}

describe("one output shared by tenants", () => {
  it("gives each lane the confirmations of its own messages only", async () => {
    const transport = new Recording();
    const output = new SharedOutput<string>(transport);
    const heard: Record<string, string[]> = { a: [], b: [] };
    for (const name of ["a", "b"]) output.lane(name).onConfirmed((refs) => heard[name]!.push(...refs));
    await output.lane("a").send([{ payload: "1", ref: "a1" }]);
    await output.lane("b").send([{ payload: "2", ref: "b1" }, { payload: "3" }]);
    await output.lane("a").send([{ payload: "4", ref: "a2" }]);
    transport.confirmAll();
    expect(heard).toEqual({ a: ["a1", "a2"], b: ["b1"] });
  });

  it("hands back each lane's messages never confirmed when it closes", async () => {
    const transport = new Recording();
    const output = new SharedOutput<string>(transport);
    await output.lane("a").send([{ payload: "1", ref: "a1" }]);
    transport.confirmAll();
    await output.lane("a").send([{ payload: "2", ref: "a2" }]);
    await output.lane("b").send([{ payload: "3", ref: "b1" }]);
    const unsure = await output.close(1000);
    expect(unsure.get(output.lane("a"))).toEqual(["a2"]);
    expect(unsure.get(output.lane("b"))).toEqual(["b1"]);
  });

  it("sends one batch of a lane at a time, in order", async () => {
    const order: string[] = [];
    let release: () => void = () => undefined;
    const transport = new Recording();
    transport.send = (messages) => {
      order.push(`start ${messages[0]!.payload}`);
      return new Promise<void>((resolve) => {
        release = () => {
          order.push(`end ${messages[0]!.payload}`);
          resolve();
        };
      });
    };
    const lane = new SharedOutput<string>(transport).lane("a");
    const first = lane.send([{ payload: "1" }]);
    const second = lane.send([{ payload: "2" }]);
    await Promise.resolve();
    release();
    await first;
    await new Promise((r) => setTimeout(r, 0));
    release();
    await second;
    expect(order).toEqual(["start 1", "end 1", "start 2", "end 2"]);
  });
});
