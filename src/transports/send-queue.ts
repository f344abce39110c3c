/**
 * The bounded in-memory queue between `send` and the connection. When it is full, `push` waits (backpressure):
 * nothing is ever dropped to make room. Messages written again after a connection loss go to its front.
 */
import type { Delivery } from "./delivery.js";
import type { FrameChunk } from "./render.js";

/** Framed messages and the delivery waiting for them (undefined once written on a live connection). */
export interface Entry<Ref = unknown> {
  chunk: FrameChunk<Ref>;
  delivery?: Delivery;
  /** When the connection took it (for TLS 1.3, once the receiver accepted us); undefined until then. */
  writtenAt?: number;
}

const sizeOf = (entries: readonly Entry[]) => entries.reduce((sum, e) => sum + e.chunk.data.length, 0);
const countOf = (entries: readonly Entry[]) => entries.reduce((sum, e) => sum + e.chunk.ends.length, 0);

export class SendQueue<Ref> {
  #items: Entry<Ref>[] = [];
  #head = 0;
  #bytes = 0;
  #messages = 0;
  #waiting: (() => void)[] = [];

  constructor(
    private readonly maxMessages: number,
    private readonly maxBytes: number,
    private readonly onChange: (depth: number) => void,
  ) {}

  /** Messages waiting. */
  get length(): number {
    return this.#messages;
  }

  /** An empty queue takes any one chunk, so a chunk beyond the bounds still passes. */
  #hasRoomFor(chunk: FrameChunk<Ref>): boolean {
    return (
      this.#messages === 0 ||
      (this.#messages + chunk.ends.length <= this.maxMessages && this.#bytes + chunk.data.length <= this.maxBytes)
    );
  }

  /** Appends the chunks in order, waiting for room as needed; stops early if the delivery fails meanwhile. */
  async push(chunks: readonly FrameChunk<Ref>[], delivery: Delivery): Promise<void> {
    for (const chunk of chunks) {
      while (!this.#hasRoomFor(chunk)) {
        this.onChange(this.length);
        await new Promise<void>((resolve) => this.#waiting.push(resolve));
        if (delivery.settled) return;
      }
      this.#items.push({ chunk, delivery });
      this.#bytes += chunk.data.length;
      this.#messages += chunk.ends.length;
    }
    this.onChange(this.length);
  }

  /** Puts entries back in front, beyond the bounds if need be: they were already admitted once. */
  unshift(entries: readonly Entry<Ref>[]): void {
    if (entries.length === 0) return;
    this.#items = [...entries, ...this.#items.slice(this.#head)];
    this.#head = 0;
    this.#bytes += sizeOf(entries);
    this.#messages += countOf(entries);
    this.onChange(this.length);
  }

  /** Removes entries from the front, at least one and then up to `maxBytes` in total and `maxEntries` entries. */
  take(maxBytes: number, maxEntries = Number.POSITIVE_INFINITY): Entry<Ref>[] {
    let end = this.#head;
    let bytes = 0;
    while (
      end < this.#items.length &&
      (end === this.#head || (bytes + this.#items[end]!.chunk.data.length <= maxBytes && end - this.#head < maxEntries))
    ) {
      bytes += this.#items[end]!.chunk.data.length;
      end++;
    }
    const taken = this.#items.slice(this.#head, end);
    this.#head = end;
    this.#bytes -= bytes;
    this.#messages -= countOf(taken);
    // Taken entries are let go of soon: each holds a ~64 KiB chunk, so a few thousand would pin hundreds of MB.
    if (this.#head * 2 >= this.#items.length) this.#compact();
    this.#changed();
    return taken;
  }

  /** Removes what is still queued for a delivery that failed. */
  drop(delivery: Delivery): void {
    const kept = this.#items.slice(this.#head).filter((e) => e.delivery !== delivery);
    this.#items = kept;
    this.#head = 0;
    this.#bytes = sizeOf(kept);
    this.#messages = countOf(kept);
    this.#changed();
  }

  /** Empties the queue (on close), returning what was left. */
  clear(): Entry<Ref>[] {
    const left = this.#items.slice(this.#head);
    this.#items = [];
    this.#head = 0;
    this.#bytes = 0;
    this.#messages = 0;
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
