/**
 * Runs the poll cycles of many tenants on one schedule: each tick gives every tenant one cycle, at its own moment of
 * the period (`spread`: a fixed share of the period from its name, so polls do not all start in the same second),
 * at most `concurrency` at once, a tenant never overlapping itself (a tick during its cycle is one cycle as soon as it
 * ends). A tenant whose cycles fail waits longer and longer before the next (`backoff`), up to `maxBackoffMs`; one
 * success ends that. Tenants are independent: one that fails or is slow holds at most one of the `concurrency` places.
 */
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

/** A tenant's cycle: resolves true when it succeeded; never rejects (it reports its own failures). */
export type Cycle = () => Promise<boolean>;

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
}

const DEFAULT_MAX_BACKOFF_MS = 15 * 60_000;

export class Dispatcher {
  readonly #lanes = new Map<string, Lane>();
  #queue: Lane[] = [];
  #active = 0;
  #stopped = false;
  readonly #clock: () => number;

  constructor(private readonly options: DispatcherOptions) {
    this.#clock = options.clock ?? Date.now;
  }

  /** Adds a tenant: its cycles come with the next tick, or at once (in its turn) with `now`. */
  add(name: string, cycle: Cycle, now = false): void {
    if (this.#lanes.has(name)) throw new Error(`tenant ${name} is already scheduled`);
    const lane: Lane = { name, cycle, offset: shareOf(name), queued: false, again: false, failures: 0, notBefore: 0 };
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
    const ok = await lane.cycle().catch(() => false);
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
