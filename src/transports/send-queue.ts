/**
 * The bounded in-memory queue between `send` and the connection. When it is full, `push` waits (backpressure):
 * nothing is ever dropped to make room. Messages written again after a connection loss go to its front.
 */
import type { Delivery } from "./delivery.js";
import type { Frame } from "./framing.js";

/** A framed message and the delivery waiting for it (undefined once it was written on a live connection). */
export interface Entry {
  frame: Frame;
  delivery?: Delivery;
}

export class SendQueue {
  #items: Entry[] = [];
  #head = 0;
  #bytes = 0;
  #waiting: (() => void)[] = [];

  constructor(
    private readonly maxMessages: number,
    private readonly maxBytes: number,
    private readonly onChange: (depth: number) => void,
  ) {}

  get length(): number {
    return this.#items.length - this.#head;
  }

  /** An empty queue takes any one message, so a message larger than `maxBytes` still passes. */
  #hasRoomFor(bytes: number): boolean {
    return this.length === 0 || (this.length < this.maxMessages && this.#bytes + bytes <= this.maxBytes);
  }

  /** Appends the frames in order, waiting for room as needed; stops early if the delivery fails meanwhile. */
  async push(frames: readonly Frame[], delivery: Delivery): Promise<void> {
    for (const frame of frames) {
      while (!this.#hasRoomFor(frame.bytes)) {
        this.onChange(this.length);
        await new Promise<void>((resolve) => this.#waiting.push(resolve));
        if (delivery.settled) return;
      }
      this.#items.push({ frame, delivery });
      this.#bytes += frame.bytes;
    }
    this.onChange(this.length);
  }

  /** Puts entries back in front, beyond the bounds if need be: they were already admitted once. */
  unshift(entries: readonly Entry[]): void {
    if (entries.length === 0) return;
    this.#items = [...entries, ...this.#items.slice(this.#head)];
    this.#head = 0;
    this.#bytes += entries.reduce((sum, e) => sum + e.frame.bytes, 0);
    this.onChange(this.length);
  }

  /** Removes entries from the front, at least one and then up to `maxBytes` in total. */
  take(maxBytes: number): Entry[] {
    let end = this.#head;
    let bytes = 0;
    while (end < this.#items.length && (end === this.#head || bytes + this.#items[end]!.frame.bytes <= maxBytes)) {
      bytes += this.#items[end]!.frame.bytes;
      end++;
    }
    const taken = this.#items.slice(this.#head, end);
    this.#head = end;
    this.#bytes -= bytes;
    if (this.#head > 4096 && this.#head * 2 > this.#items.length) this.#compact();
    this.#changed();
    return taken;
  }

  /** Removes what is still queued for a delivery that failed. */
  drop(delivery: Delivery): void {
    const kept = this.#items.slice(this.#head).filter((e) => e.delivery !== delivery);
    this.#items = kept;
    this.#head = 0;
    this.#bytes = kept.reduce((sum, e) => sum + e.frame.bytes, 0);
    this.#changed();
  }

  /** Empties the queue (on close), returning what was left. */
  clear(): Entry[] {
    const left = this.#items.slice(this.#head);
    this.#items = [];
    this.#head = 0;
    this.#bytes = 0;
    this.#changed();
    return left;
  }

  #compact(): void {
    this.#items = this.#items.slice(this.#head);
    this.#head = 0;
  }

  #changed(): void {
    this.onChange(this.length);
    for (const wake of this.#waiting.splice(0)) wake();
  }
}
