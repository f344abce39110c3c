/**
 * Messages arriving in a file rsyslog writes (one per line): counted by reading only what was appended since the
 * last look, so waiting for 1,000,000 lines does not read the file a thousand times.
 */
import { open } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";

export class Arrivals {
  #offset = 0;
  #partial = "";
  lines = 0;

  constructor(
    private readonly file: string,
    /** Called with each complete new line and the time it was seen. */
    private readonly onLine?: (line: string, seenAt: number) => void,
  ) {}

  /** Reads what was appended; returns the number of lines so far. */
  async poll(): Promise<number> {
    const handle = await open(this.file, "r").catch(() => undefined);
    if (!handle) return this.lines;
    try {
      const buffer = Buffer.allocUnsafe(1 << 20);
      for (;;) {
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, this.#offset);
        if (bytesRead === 0) break;
        this.#offset += bytesRead;
        this.#take(buffer.subarray(0, bytesRead));
      }
    } finally {
      await handle.close();
    }
    return this.lines;
  }

  #take(bytes: Buffer): void {
    if (!this.onLine) {
      for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) this.lines++;
      return;
    }
    const now = Date.now();
    const parts = (this.#partial + bytes.toString("utf8")).split("\n");
    this.#partial = parts.pop()!;
    for (const line of parts) {
      this.lines++;
      this.onLine(line, now);
    }
  }

  /** Polls every `intervalMs` until `count` lines arrived; rejects after `timeoutMs` without a new line. */
  async waitFor(count: number, { intervalMs = 20, timeoutMs = 60_000 } = {}): Promise<void> {
    let last = { lines: -1, at: Date.now() };
    while ((await this.poll()) < count) {
      if (this.lines !== last.lines) last = { lines: this.lines, at: Date.now() };
      else if (Date.now() - last.at > timeoutMs)
        throw new Error(
          `${this.file}: ${this.lines} of ${count} messages arrived, then nothing for ${timeoutMs / 1000} s`,
        );
      await sleep(intervalMs);
    }
  }
}
