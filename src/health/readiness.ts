/**
 * Ready means the last poll cycle succeeded recently: within two schedule intervals (and never less than a minute,
 * so a fast schedule does not flap). Otherwise the reason says what an operator should look at.
 */
export interface CycleOutcome {
  /** When the last cycle succeeded (ms), if ever. */
  lastSuccess?: number;
  /** Why the last cycle failed, when it did. */
  lastError?: { at: number; message: string };
}

export type Readiness = { ready: true } | { ready: false; reason: string };

export function readiness(outcome: CycleOutcome, now: number, intervalMs: number): Readiness {
  const allowed = Math.max(2 * intervalMs, 60_000);
  const failing =
    outcome.lastError && (outcome.lastSuccess === undefined || outcome.lastError.at > outcome.lastSuccess);
  if (outcome.lastSuccess !== undefined && now - outcome.lastSuccess <= allowed && !failing) return { ready: true };
  if (failing) return { ready: false, reason: `last poll cycle failed: ${outcome.lastError!.message}` };
  if (outcome.lastSuccess === undefined)
    return { ready: false, reason: "starting: the first poll cycle has not finished yet" };
  return {
    ready: false,
    reason: `no successful poll cycle for ${Math.round((now - outcome.lastSuccess) / 1000)} s (allowed: ${allowed / 1000} s)`,
  };
}
