/**
 * The one owner of a source's state: what the cycles plan and de-duplicate from, what is written to disk, and when.
 *
 * A batch goes through two steps (transport.ts): written, then confirmed. The planning state follows the written
 * records, so the next window starts after them and a record is not sent twice; the saved state follows the
 * confirmed ones only, in the order they were sent, so the checkpoint on disk never covers a record that only memory
 * holds (one still in the transport's resend window). A crash sends again what was not confirmed: duplicates, never
 * loss.
 *
 * Saves come once `saveEveryMs` passed or `saveEveryRecords` were confirmed since the last one, and whenever a cycle
 * ends: each save writes every identity of the overlap and syncs two files, which per batch of a catch-up would cost
 * more than the delivery itself. Confirmations that come after a cycle (the last second of its writes) are saved by a
 * timer on the same cadence. Saves run one at a time, in order.
 */
import { afterDelivery, type SourceState, type Tracked } from "../state/checkpoint.js";

export interface StateStoreLike {
  save(state: SourceState): Promise<void>;
}

export interface KeeperOptions {
  overlap: number;
  store: StateStoreLike;
  saveEveryMs?: number;
  saveEveryRecords?: number;
  clock?: () => number;
  /** Hears each state once it is on disk. */
  onSaved?: (state: SourceState) => void;
}

/** Records handed to the output together, and the time before which everything is handed over with them. */
export interface Step {
  readonly records: readonly Tracked[];
  readonly to: number;
  /** Messages of the step not confirmed yet. */
  awaiting: number;
}

const DEFAULT_SAVE_EVERY_MS = 1000;
const DEFAULT_SAVE_EVERY_RECORDS = 2000;

export class CheckpointKeeper {
  #written: SourceState;
  #confirmed: SourceState;
  #saved: SourceState;
  /** Steps handed over and not confirmed yet, oldest first. */
  #steps: Step[] = [];
  #stepOf = new Map<Tracked, Step>();
  #unsavedRecords = 0;
  #savedAt: number;
  #saving: Promise<void> = Promise.resolve();
  #timer?: NodeJS.Timeout;
  /** A save started by a confirmation failed: the next cycle hears of it. */
  #failure?: Error;
  readonly #saveEveryMs: number;
  readonly #saveEveryRecords: number;
  readonly #clock: () => number;

  constructor(
    initial: SourceState,
    private readonly options: KeeperOptions,
  ) {
    this.#written = this.#confirmed = this.#saved = initial;
    this.#saveEveryMs = options.saveEveryMs ?? DEFAULT_SAVE_EVERY_MS;
    this.#saveEveryRecords = options.saveEveryRecords ?? DEFAULT_SAVE_EVERY_RECORDS;
    this.#clock = options.clock ?? Date.now;
    this.#savedAt = this.#clock();
  }

  /** Everything written so far: where the next window starts, and which identities are repeats. */
  get state(): SourceState {
    return this.#written;
  }

  /** The state on disk. */
  get saved(): SourceState {
    return this.#saved;
  }

  /**
   * `records` are about to be sent as messages with these `refs` (a record the mapping skipped has none), and
   * everything before `to` is handed over with them.
   */
  expect(records: readonly Tracked[], refs: readonly Tracked[], to: number): Step {
    const step: Step = { records, to, awaiting: refs.length };
    for (const ref of refs) this.#stepOf.set(ref, step);
    this.#steps.push(step);
    this.#advance();
    return step;
  }

  /** The step's messages were written: the next windows start after them. Saves if a save is due. */
  async written(step: Step): Promise<void> {
    this.#written = afterDelivery(this.#written, step.records, step.to, this.options.overlap);
    this.#rethrow();
    if (this.#due()) await this.save();
  }

  /** The step's send failed: it will never be confirmed, and the next cycle sends its records again. */
  abandon(step: Step): void {
    this.#steps = this.#steps.filter((s) => s !== step);
    for (const [ref, s] of this.#stepOf) if (s === step) this.#stepOf.delete(ref);
    this.#advance();
  }

  /** The output confirmed these messages (in the order sent). */
  confirmed(refs: readonly Tracked[]): void {
    for (const ref of refs) {
      const step = this.#stepOf.get(ref);
      if (!step) continue;
      this.#stepOf.delete(ref);
      step.awaiting--;
    }
    if (this.#advance()) this.#schedule();
  }

  /** Writes the confirmed state if it changed since the last save; rejects if that or an earlier save failed. */
  async save(): Promise<void> {
    this.#rethrow();
    const next = this.#saving.then(() => this.#write());
    this.#saving = next.catch(() => undefined);
    await next;
  }

  /** Resolves once the saves asked for so far ended. */
  async settled(): Promise<void> {
    await this.#saving;
  }

  /** Stops the timer; what is confirmed and unsaved is for the caller's last `save`. */
  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  async #write(): Promise<void> {
    const state = this.#confirmed;
    if (state === this.#saved) return;
    const records = this.#unsavedRecords;
    await this.options.store.save(state);
    this.#saved = state;
    this.#unsavedRecords -= records;
    this.#savedAt = this.#clock();
    this.options.onSaved?.(state);
  }

  /** Moves the confirmed state over the complete steps at the front; true if it moved. */
  #advance(): boolean {
    let moved = false;
    while (this.#steps[0]?.awaiting === 0) {
      const step = this.#steps.shift()!;
      this.#confirmed = afterDelivery(this.#confirmed, step.records, step.to, this.options.overlap);
      this.#unsavedRecords += step.records.length;
      moved = true;
    }
    return moved;
  }

  #due(): boolean {
    return (
      this.#confirmed !== this.#saved &&
      (this.#unsavedRecords >= this.#saveEveryRecords || this.#clock() - this.#savedAt >= this.#saveEveryMs)
    );
  }

  /** A save when due, or a timer for when it will be. */
  #schedule(): void {
    if (this.#confirmed === this.#saved) return;
    if (this.#due()) {
      this.save().catch((err: unknown) => (this.#failure = err instanceof Error ? err : new Error(String(err))));
      return;
    }
    if (this.#timer) return;
    const wait = Math.max(0, this.#savedAt + this.#saveEveryMs - this.#clock());
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#schedule();
    }, wait);
    this.#timer.unref();
  }

  #rethrow(): void {
    const failure = this.#failure;
    this.#failure = undefined;
    if (failure !== undefined) throw failure;
  }
}
