/**
 * The simulated tenant's alerts, kept in `lastProcessed` order so a time range is two binary searches. Raw SIEM
 * records (malformed ones, odd spellings) can be added beside them, for tests of what a real tenant might send.
 */
import type { SimAlert } from "./alerts.js";

/** A record given as its exact JSON text: for bodies a serializer would not write, such as nesting 10,000 deep. */
export class RawJson {
  constructor(readonly text: string) {}
}

export interface RawSiemRecord {
  /** The time the API filters this record on. */
  at: number;
  visibleAt: number;
  record: unknown;
}

export interface Range {
  since: number;
  until: number;
  /** Only what is visible at this time. */
  now: number;
}

function firstAtOrAfter<T>(items: readonly T[], time: number, timeOf: (item: T) => number): number {
  let [lo, hi] = [0, items.length];
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (timeOf(items[mid]!) < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function insertSorted<T>(items: T[], item: T, timeOf: (item: T) => number): void {
  items.splice(firstAtOrAfter(items, timeOf(item) + 1, timeOf), 0, item);
}

function inRange<T>(items: readonly T[], r: Range, timeOf: (item: T) => number, visibleAt: (item: T) => number): T[] {
  const from = firstAtOrAfter(items, r.since, timeOf);
  const to = firstAtOrAfter(items, r.until, timeOf);
  return items.slice(from, to).filter((item) => visibleAt(item) <= r.now);
}

export class AlertStore {
  readonly #alerts: SimAlert[] = [];
  readonly #raw: RawSiemRecord[] = [];

  add(alert: SimAlert): void {
    insertSorted(this.#alerts, alert, (a) => a.lastProcessed);
  }

  /**
   * Many at once, in the order `add` one by one would leave them (the sort is stable: equal times keep their order).
   */
  addAll(alerts: readonly SimAlert[]): void {
    for (const alert of alerts) this.#alerts.push(alert);
    this.#alerts.sort((a, b) => a.lastProcessed - b.lastProcessed);
  }

  addRawSiem(raw: RawSiemRecord): void {
    insertSorted(this.#raw, raw, (r) => r.at);
  }

  alerts(range: Range): SimAlert[] {
    return inRange(
      this.#alerts,
      range,
      (a) => a.lastProcessed,
      (a) => a.visibleAt,
    );
  }

  /** Every alert the APIs show at `now`, whatever its time: the Alerts API and Graph filter on the last update. */
  visible(now: number): SimAlert[] {
    return this.#alerts.filter((a) => a.visibleAt <= now);
  }

  byId(alertId: string): SimAlert | undefined {
    return this.#alerts.find((a) => a.alertId === alertId);
  }

  rawSiem(range: Range): RawSiemRecord[] {
    return inRange(
      this.#raw,
      range,
      (r) => r.at,
      (r) => r.visibleAt,
    );
  }

  get size(): number {
    return this.#alerts.length;
  }
}
