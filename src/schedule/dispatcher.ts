/**
 * Runs the poll cycles of many tenants on one schedule: each tick gives every tenant one cycle, at its own moment of
 * the period (`spread`: a fixed share of the period from its name, so polls do not all start in the same second),
 * at most `concurrency` at once, a tenant never overlapping itself (a tick during its cycle is one cycle as soon as it
 * ends). A tenant whose cycles fail waits longer and longer before the next (`backoff`), up to `maxBackoffMs`; one
 * success ends that. Tenants are independent: one that fails or is slow holds at most one of the `concurrency` places,
 * and for at most one period (at least `MIN_HOLD_MS`) while others wait for a place: then its cycle is stopped (what it
 * delivered is kept), so that a few tenants whose API hangs cannot hold every place while the others' alerts wait.
 */
import { AppError } from "../errors.js";
import { backoffDelay } from "../util/backoff.js";

export interface DispatcherOptions {
  concurrency: number;
  /** Each tenant at its own moment of the period; otherwise at the tick. */
  spread: boolean;
  /** Failing tenants skip ticks (exponentially, with jitter); otherwise each tick retries. */
  backoff: boolean;
  maxBackoffMs?: number;
  clock?: () => number;
  random?: () => number;
}

/**
 * A tenant's cycle: resolves true when it succeeded; never rejects (it reports its own failures). It stops when
 * `signal` aborts (its place was reclaimed), with the signal's reason as its failure.
 */
export type Cycle = (signal: AbortSignal) => Promise<boolean>;

interface Lane {
  name: string;
  cycle: Cycle;
  /** Share of the period after each tick at which it polls, from its name. */
  offset: number;
  running?: Promise<void>;
  queued: boolean;
  /** A tick came while it ran or waited: one more cycle when it is done. */
  again: boolean;
  timer?: NodeJS.Timeout;
  failures: number;
  /** No cycle before this time (backoff). */
  notBefore: number;
  /** Stops the running cycle when its place is reclaimed. */
  stop?: AbortController;
  /** The running cycle has held its place for a period: it gives it up when another tenant waits. */
  overdue: boolean;
  overdueTimer?: NodeJS.Timeout;
}

const DEFAULT_MAX_BACKOFF_MS = 15 * 60_000;
/** A cycle keeps its place at least this long: on a schedule of seconds, a busy catch-up is not a hung API. */
const MIN_HOLD_MS = 30_000;

export class Dispatcher {
  readonly #lanes = new Map<string, Lane>();
  #queue: Lane[] = [];
  #active = 0;
  #stopped = false;
  /** How long a cycle may hold its place while others wait: the schedule's period (from the last tick). */
  #holdMs?: number;
  readonly #clock: () => number;

  constructor(private readonly options: DispatcherOptions) {
    this.#clock = options.clock ?? Date.now;
  }

  /** Adds a tenant: its cycles come with the next tick, or at once (in its turn) with `now`. */
  add(name: string, cycle: Cycle, now = false): void {
    if (this.#lanes.has(name)) throw new Error(`tenant ${name} is already scheduled`);
    const lane: Lane = {
      name,
      cycle,
      offset: shareOf(name),
      queued: false,
      again: false,
      failures: 0,
      notBefore: 0,
      overdue: false,
    };
    this.#lanes.set(name, lane);
    if (now) this.#enqueue(lane);
  }

  /** No further cycle for the tenant; resolves once its cycle in flight, if any, has ended. */
  async remove(name: string): Promise<void> {
    const lane = this.#lanes.get(name);
    if (!lane) return;
    this.#lanes.delete(name);
    clearTimeout(lane.timer);
    this.#queue = this.#queue.filter((l) => l !== lane);
    await lane.running;
  }

  /** A tick of the schedule: each tenant's cycle within the next `periodMs`, or at once (in turn) with `now`. */
  tick(periodMs: number, now = false): void {
    this.#holdMs = Math.max(periodMs, MIN_HOLD_MS);
    for (const lane of this.#lanes.values()) {
      if (now || !this.options.spread) {
        this.#enqueue(lane);
        continue;
      }
      clearTimeout(lane.timer);
      lane.timer = setTimeout(() => this.#enqueue(lane), Math.floor(lane.offset * periodMs));
      lane.timer.unref();
    }
  }

  /** Tenants in a cycle or waiting for a place. */
  get busy(): { running: number; waiting: number } {
    return { running: this.#active, waiting: this.#queue.length };
  }

  /** No new cycle starts; resolves once the cycles in flight have ended. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#queue = [];
    for (const lane of this.#lanes.values()) clearTimeout(lane.timer);
    await Promise.all([...this.#lanes.values()].map((l) => l.running ?? Promise.resolve()));
  }

  #enqueue(lane: Lane): void {
    if (this.#stopped || !this.#lanes.has(lane.name)) return;
    if (lane.running || lane.queued) {
      lane.again = true;
      return;
    }
    if (this.options.backoff && this.#clock() < lane.notBefore) return;
    lane.queued = true;
    this.#queue.push(lane);
    this.#pump();
    this.#reclaim();
  }

  /** Each tenant waiting for a place stops one cycle that has held its place for a period, if any. */
  #reclaim(): void {
    let waiting = this.#queue.length;
    for (const lane of this.#lanes.values()) {
      if (waiting === 0) return;
      if (!lane.overdue || !lane.stop || lane.stop.signal.aborted) continue;
      const seconds = (this.#holdMs ?? 0) / 1000;
      lane.stop.abort(
        new AppError(
          "E_CYCLE_DEADLINE",
          `the poll cycle held one of the concurrency places for ${seconds} s (a schedule period, at least 30 s) ` +
            "while other tenants waited, and stopped so that they poll; what it delivered is kept, the rest is " +
            "fetched next cycle",
          undefined,
          { deadlineMs: this.#holdMs },
        ),
      );
      waiting--;
    }
  }

  #pump(): void {
    while (this.#active < this.options.concurrency && this.#queue.length > 0) {
      const lane = this.#queue.shift()!;
      lane.queued = false;
      lane.again = false;
      this.#active++;
      lane.running = this.#run(lane);
    }
  }

  async #run(lane: Lane): Promise<void> {
    lane.stop = new AbortController();
    lane.overdue = false;
    if (this.#holdMs !== undefined) {
      lane.overdueTimer = setTimeout(() => {
        lane.overdue = true;
        this.#reclaim();
      }, this.#holdMs);
      lane.overdueTimer.unref();
    }
    const ok = await lane.cycle(lane.stop.signal).catch(() => false);
    clearTimeout(lane.overdueTimer);
    lane.stop = undefined;
    lane.overdue = false;
    lane.failures = ok ? 0 : lane.failures + 1;
    if (!ok && this.options.backoff) {
      const policy = { initialMs: 60_000, maxMs: this.options.maxBackoffMs ?? DEFAULT_MAX_BACKOFF_MS };
      // The first failure waits for the next tick as before; later ones skip ticks.
      lane.notBefore =
        lane.failures < 2 ? 0 : this.#clock() + backoffDelay(lane.failures - 2, policy, this.options.random);
    }
    this.#active--;
    lane.running = undefined;
    if (lane.again && ok) this.#enqueue(lane);
    lane.again = false;
    this.#pump();
  }
}

/** A fixed share of the period in [0, 0.9) from the name (FNV-1a): the same tenant polls at the same moment. */
export function shareOf(name: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return (hash / 2 ** 32) * 0.9;
}
