/**
 * A client-side limit of requests per sliding window (Microsoft counts per application and tenant: per minute for
 * every API, and per hour too for the Alerts API), so the forwarder slows itself down before the API answers 429.
 */
import type { Sleep } from "../../util/retry.js";

export interface RateLimiter {
  /** Resolves when one more request may be sent. */
  acquire(signal?: AbortSignal): Promise<void>;
}

export interface RateLimits {
  perMinute: number;
  perHour?: number;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

export function createRateLimiter(
  limits: number | RateLimits,
  clock: { now: () => number; sleep: Sleep },
): RateLimiter {
  const { perMinute, perHour } = typeof limits === "number" ? { perMinute: limits, perHour: undefined } : limits;
  const windows = [
    { limit: perMinute, ms: MINUTE_MS },
    ...(perHour === undefined ? [] : [{ limit: perHour, ms: HOUR_MS }]),
  ];
  const longest = Math.max(...windows.map((w) => w.ms));
  const sent: number[] = [];
  let queue: Promise<void> = Promise.resolve();

  /** How long until every window has room for one more request (0: now). */
  function waitMs(now: number): number {
    while (sent.length > 0 && sent[0]! <= now - longest) sent.shift();
    let wait = 0;
    for (const w of windows) {
      const inWindow = sent.length - firstAfter(sent, now - w.ms);
      if (inWindow >= w.limit) wait = Math.max(wait, sent[sent.length - w.limit]! + w.ms - now);
    }
    return wait;
  }

  async function take(signal?: AbortSignal): Promise<void> {
    for (;;) {
      const now = clock.now();
      const wait = waitMs(now);
      if (wait <= 0) {
        sent.push(now);
        return;
      }
      await clock.sleep(wait, signal);
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

/** Index of the first time after `t` in an ascending list. */
function firstAfter(times: readonly number[], t: number): number {
  let [lo, hi] = [0, times.length];
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
