/**
 * The APIs' documented request limits per application and tenant, on the simulator's clock: the Alerts API 100 a
 * minute and 1,500 an hour, Graph's `/security` (alerts_v2 and incidents) 150 a minute (the SIEM API documents none;
 * https://learn.microsoft.com/en-us/graph/throttling-limits#security-detections-and-incidents-service-limits). A request over a limit is answered 429
 * with Retry-After: the seconds until the oldest request counted leaves its window.
 */
export interface Limit {
  count: number;
  windowMs: number;
}

export const DOCUMENTED_LIMITS = {
  alerts: [
    { count: 100, windowMs: 60_000 },
    { count: 1500, windowMs: 3_600_000 },
  ],
  graph: [{ count: 150, windowMs: 60_000 }],
} satisfies Record<string, Limit[]>;

export class RequestLimits {
  readonly #accepted: number[] = [];

  constructor(readonly limits: readonly Limit[]) {}

  /** Counts a request at `now`; undefined when it may go ahead, otherwise the Retry-After in seconds. */
  take(now: number): number | undefined {
    let waitMs = 0;
    for (const { count, windowMs } of this.limits) {
      const inWindow = this.#accepted.filter((t) => t > now - windowMs);
      if (inWindow.length >= count) waitMs = Math.max(waitMs, inWindow[inWindow.length - count]! + windowMs - now);
    }
    if (waitMs > 0) return Math.max(1, Math.ceil(waitMs / 1000));
    this.#accepted.push(now);
    const longest = Math.max(...this.limits.map((l) => l.windowMs));
    while (this.#accepted.length > 0 && this.#accepted[0]! <= now - longest) this.#accepted.shift();
    return undefined;
  }
}
