/**
 * Checkpoint and de-duplication logic, pure (the clock is passed in).
 *
 * The guarantee it implements: every record whose `time` is before the checkpoint was delivered (or was a repeat).
 * Each poll re-reads from `checkpoint − overlap`, so a record that becomes visible up to `overlap` after its time is
 * still collected, and the identities delivered in that region keep it from being sent twice.
 */
export interface Window {
  since: Date;
  until: Date;
}

/** A record as the pipeline tracks it: its identity and the time the API's window filters on. */
export interface Tracked {
  identity: string;
  time: Date;
}

export interface SourceState {
  /** Milliseconds since the epoch; undefined before the first delivered window. */
  checkpoint?: number;
  /**
   * Identity → time (ms) of records delivered at or after `checkpoint − overlap`: the region the next poll re-reads.
   */
  delivered: ReadonlyMap<string, number>;
}

export const EMPTY_STATE: SourceState = { delivered: new Map() };

/**
 * The records to deliver, in the order to deliver them: those not delivered before, each identity once, oldest
 * first (equal times keep the order received). The one place records are de-duplicated and ordered: a source hands
 * over what the API sent, repeats within a response (an alert paged twice) included, and they count as repeats.
 */
export function withoutRepeats<T extends Tracked>(
  records: readonly T[],
  state: SourceState,
): { fresh: T[]; repeats: number } {
  const seen = new Set<string>();
  const fresh = records.filter((r) => {
    if (state.delivered.has(r.identity) || seen.has(r.identity)) return false;
    seen.add(r.identity);
    return true;
  });
  fresh.sort((a, b) => a.time.getTime() - b.time.getTime());
  return { fresh, repeats: records.length - fresh.length };
}

/**
 * The state once `records`, counted as delivered, turn out unsure (written before a lost connection and never again):
 * the checkpoint goes back to the earliest of them and their identities are forgotten, so the next poll sends them.
 */
export function withoutDelivery(state: SourceState, records: readonly Tracked[]): SourceState {
  if (records.length === 0) return state;
  const earliest = records.reduce((min, r) => Math.min(min, r.time.getTime()), Number.POSITIVE_INFINITY);
  const delivered = new Map(state.delivered);
  for (const r of records) delivered.delete(r.identity);
  return { checkpoint: state.checkpoint === undefined ? undefined : Math.min(state.checkpoint, earliest), delivered };
}

/**
 * The state after `records` were delivered and everything before `to` is known delivered: the checkpoint moves to
 * `to` (never backwards), and identities the next poll can no longer see are forgotten.
 */
export function afterDelivery(
  state: SourceState,
  records: readonly Tracked[],
  to: number,
  overlap: number,
): SourceState {
  const checkpoint = Math.max(state.checkpoint ?? -Infinity, to);
  const horizon = checkpoint - overlap;
  const delivered = new Map<string, number>();
  for (const [identity, time] of state.delivered) if (time >= horizon) delivered.set(identity, time);
  for (const r of records) if (r.time.getTime() >= horizon) delivered.set(r.identity, r.time.getTime());
  return { checkpoint, delivered };
}
