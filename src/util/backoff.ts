/** Exponential backoff with "equal jitter": waits grow, never reach zero, and many clients do not retry in step. */
export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  /** Growth per attempt; default 2. */
  factor?: number;
}

/** The wait before retry number `attempt` (0 for the first retry). `random` returns [0, 1), as Math.random. */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxMs, policy.initialMs * (policy.factor ?? 2) ** attempt);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
