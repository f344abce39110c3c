/**
 * What was written recently. Plain TCP has no acknowledgement: bytes the kernel accepted may still sit in a socket
 * buffer when the receiver goes away. An entry is confirmed once the connection outlived it (transport.ts); until
 * then it is always kept, whatever the bound, and after a connection loss it is written again. Confirmed entries are
 * kept up to the bound too and written again after a loss that may have cut them (duplicates rather than loss).
 */
import type { Entry } from "./send-queue.js";

export class ResendWindow<Ref> {
  #entries: Entry<Ref>[] = [];
  #head = 0;
  /** Entries before this index are confirmed. */
  #confirmed = 0;
  #bytes = 0;

  constructor(private readonly maxBytes: number) {}

  add(entries: readonly Entry<Ref>[]): void {
    for (const e of entries) {
      this.#entries.push(e);
      this.#bytes += e.chunk.data.length;
    }
    this.trim();
  }

  /** When the oldest unconfirmed entry was written; undefined if there is none, or it is not written yet. */
  get oldestUnconfirmed(): number | undefined {
    return this.#entries[this.#confirmed]?.writtenAt;
  }

  get allConfirmed(): boolean {
    return this.#confirmed === this.#entries.length;
  }

  /** Confirms the entries written at or before `time` (all written ones without it), oldest first; returns them. */
  confirm(time = Number.POSITIVE_INFINITY): Entry<Ref>[] {
    const from = this.#confirmed;
    while (this.#confirmed < this.#entries.length) {
      const writtenAt = this.#entries[this.#confirmed]!.writtenAt;
      if (writtenAt === undefined || writtenAt > time) break;
      this.#confirmed++;
    }
    const confirmed = this.#entries.slice(from, this.#confirmed);
    this.trim();
    return confirmed;
  }

  /** Forgets the oldest confirmed entries beyond the bound. */
  trim(): void {
    while (this.#head < this.#confirmed && this.#bytes > this.maxBytes) {
      this.#bytes -= this.#entries[this.#head]!.chunk.data.length;
      this.#head++;
    }
    // Forgotten entries are let go of soon: each holds a ~64 KiB chunk, so a few thousand would pin hundreds of MB.
    if (this.#head > 0 && this.#head * 2 >= this.#entries.length) {
      this.#entries = this.#entries.slice(this.#head);
      this.#confirmed -= this.#head;
      this.#head = 0;
    }
  }

  /** Everything kept, oldest first, and how many of them are confirmed; the window is empty afterwards. */
  takeAll(): { entries: Entry<Ref>[]; confirmed: number } {
    const taken = { entries: this.#entries.slice(this.#head), confirmed: this.#confirmed - this.#head };
    this.#entries = [];
    this.#head = 0;
    this.#confirmed = 0;
    this.#bytes = 0;
    return taken;
  }
}
