/**
 * What a cycle has delivered so far, and when it is written down. The state is advanced over delivered records only
 * (so the checkpoint never passes an undelivered one), but persisted once `saveEveryMs` have passed or
 * `saveEveryRecords` were delivered since the last save, and whenever the cycle ends: each save writes every identity
 * of the overlap and syncs two files, which per batch of a catch-up cost more than the delivery itself. After a crash
 * the saved state may lag by up to those bounds: what was delivered since is sent again (duplicates, never loss).
 */
import { afterDelivery, type SourceState, type Tracked } from "../state/checkpoint.js";

export interface ProgressOptions {
  overlap: number;
  /** Persists a state (atomically). */
  commit(state: SourceState): Promise<void>;
  saveEveryMs: number;
  saveEveryRecords: number;
  clock: () => number;
}

export class Progress {
  #state: SourceState;
  #pending: Tracked[] = [];
  #to: number | undefined;
  #unsaved = false;
  #unsavedRecords = 0;
  #savedAt: number;

  constructor(
    initial: SourceState,
    private readonly options: ProgressOptions,
  ) {
    this.#state = initial;
    this.#savedAt = options.clock();
  }

  /** `records` were delivered, and everything before `to` is known delivered; saved if a save is due. */
  async delivered(records: readonly Tracked[], to: number): Promise<void> {
    for (const r of records) this.#pending.push(r);
    this.#to = Math.max(this.#to ?? to, to);
    this.#unsaved = true;
    this.#unsavedRecords += records.length;
    const due =
      this.#unsavedRecords >= this.options.saveEveryRecords ||
      this.options.clock() - this.#savedAt >= this.options.saveEveryMs;
    if (due) await this.save();
  }

  /** The state with everything delivered so far (saved or not). */
  get state(): SourceState {
    if (this.#to !== undefined) {
      this.#state = afterDelivery(this.#state, this.#pending, this.#to, this.options.overlap);
      this.#pending = [];
      this.#to = undefined;
    }
    return this.#state;
  }

  /** Persists what was delivered since the last save, if anything was. */
  async save(): Promise<void> {
    if (!this.#unsaved) return;
    await this.options.commit(this.state);
    this.#unsaved = false;
    this.#unsavedRecords = 0;
    this.#savedAt = this.options.clock();
  }
}
