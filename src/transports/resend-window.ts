/**
 * What was written recently. Plain TCP has no acknowledgement: bytes the kernel accepted may still sit in a socket
 * buffer when the receiver goes away. After a connection loss these are written again (duplicates rather than loss).
 * Entries still awaited by a delivery are always kept, whatever the bound.
 */
import type { Entry } from "./send-queue.js";

export class ResendWindow {
  #entries: Entry[] = [];
  #head = 0;
  #bytes = 0;

  constructor(private readonly maxBytes: number) {}

  add(entries: readonly Entry[]): void {
    for (const e of entries) {
      this.#entries.push(e);
      this.#bytes += e.chunk.data.length;
    }
    this.trim();
  }

  /** Forgets the oldest entries beyond the bound, as long as no delivery still waits for them. */
  trim(): void {
    while (this.#head < this.#entries.length && this.#bytes > this.maxBytes) {
      const oldest = this.#entries[this.#head]!;
      if (oldest.delivery) break;
      this.#bytes -= oldest.chunk.data.length;
      this.#head++;
    }
    // Forgotten entries are let go of soon: each holds a ~64 KiB chunk, so a few thousand would pin hundreds of MB.
    if (this.#head > 0 && this.#head * 2 >= this.#entries.length) {
      this.#entries = this.#entries.slice(this.#head);
      this.#head = 0;
    }
  }

  /** Everything kept, oldest first; the window is empty afterwards. */
  takeAll(): Entry[] {
    const all = this.#entries.slice(this.#head);
    this.#entries = [];
    this.#head = 0;
    this.#bytes = 0;
    return all;
  }
}
