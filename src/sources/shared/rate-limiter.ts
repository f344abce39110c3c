/**
 * A client-side limit of N requests in any 60 seconds (Microsoft counts per application and tenant per minute),
 * so the forwarder slows itself down before the API answers 429.
 */
import type { Sleep } from "../../util/retry.js";

export interface RateLimiter {
  /** Resolves when one more request may be sent. */
  acquire(signal?: AbortSignal): Promise<void>;
}

const WINDOW_MS = 60_000;

export function createRateLimiter(perMinute: number, clock: { now: () => number; sleep: Sleep }): RateLimiter {
  const sent: number[] = [];
  let queue: Promise<void> = Promise.resolve();

  async function take(signal?: AbortSignal): Promise<void> {
    for (;;) {
      const now = clock.now();
      while (sent.length > 0 && sent[0]! <= now - WINDOW_MS) sent.shift();
      if (sent.length < perMinute) {
        sent.push(now);
        return;
      }
      await clock.sleep(sent[0]! + WINDOW_MS - now, signal);
    }
  }

  return {
    acquire(signal) {
      const turn = queue.then(() => take(signal));
      queue = turn.catch(() => undefined);
      return turn;
    },
  };
}
