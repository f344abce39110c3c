/**
 * A bounded retry loop: each attempt says whether it is done, or failed in a way worth retrying (with the wait the
 * server asked for, if any). Waits go through an injected `sleep`, so tests see every wait without waiting.
 */
import { setTimeout as delay } from "node:timers/promises";
import { backoffDelay, type BackoffPolicy } from "./backoff.js";

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const realSleep: Sleep = (ms, signal) => delay(ms, undefined, { signal });

export type Attempt<T> = { done: T } | { retry: Error; waitMs?: number };

export interface RetryOptions {
  maxRetries: number;
  backoff: BackoffPolicy;
  sleep: Sleep;
  random?: () => number;
  signal?: AbortSignal;
  /** Called before each wait, for logs. */
  onRetry?: (error: Error, attempt: number, waitMs: number) => void;
  /** Turns the last failure into the error thrown once retries are exhausted (e.g. to say how many were made). */
  onExhausted?: (error: Error, retries: number) => Error;
}

/** Runs `attempt` until it is done or `maxRetries` retries have failed; then throws the last failure. */
export async function withRetries<T>(attempt: (n: number) => Promise<Attempt<T>>, options: RetryOptions): Promise<T> {
  for (let n = 0; ; n++) {
    const outcome = await attempt(n);
    if ("done" in outcome) return outcome.done;
    if (n >= options.maxRetries) throw options.onExhausted?.(outcome.retry, n) ?? outcome.retry;
    const waitMs = outcome.waitMs ?? backoffDelay(n, options.backoff, options.random);
    options.onRetry?.(outcome.retry, n + 1, waitMs);
    await options.sleep(waitMs, options.signal);
  }
}
