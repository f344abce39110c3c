/**
 * Faults on demand: each is queued for one endpoint (`api` or `token`) and served to its next requests,
 * `times` times (default once). Tests add them directly; `POST /_sim/faults` adds them over HTTP.
 */
export type Fault =
  /** An HTTP error; with status 429, `retryAfter` is sent as Retry-After (seconds, or an HTTP date as text). */
  | { kind: "status"; status: number; body?: string; retryAfter?: number | string }
  /** The response starts only after `delayMs`. */
  | { kind: "slow"; delayMs: number }
  /** The body stops after `afterRecords` records: the connection is cut, or (`clean`) the body just ends. */
  | { kind: "truncate"; afterRecords: number; clean?: boolean }
  /** A 200 whose body is not a JSON array. */
  | { kind: "malformed"; body?: string }
  /** The connection is closed before any response. */
  | { kind: "reset" }
  /** The token endpoint refuses with this AADSTS code (7000215, 7000222, 700016, 90002, 70011, …). */
  | { kind: "entra"; aadsts: number };

export type FaultTarget = "api" | "token";

interface Queued {
  target: FaultTarget;
  fault: Fault;
  left: number;
}

export class Faults {
  #queue: Queued[] = [];

  add(target: FaultTarget, fault: Fault, times = 1): void {
    this.#queue.push({ target, fault, left: times });
  }

  /** The fault for this request, if one is queued for its endpoint. */
  take(target: FaultTarget): Fault | undefined {
    const queued = this.#queue.find((q) => q.target === target);
    if (!queued) return undefined;
    if (--queued.left <= 0) this.#queue.splice(this.#queue.indexOf(queued), 1);
    return queued.fault;
  }

  clear(): void {
    this.#queue = [];
  }

  get pending(): number {
    return this.#queue.length;
  }
}

const KINDS = ["status", "slow", "truncate", "malformed", "reset", "entra"];

/** A fault from the control endpoint's JSON, checked enough to give a clear 400. */
export function parseFault(body: unknown): { target: FaultTarget; fault: Fault; times: number } | string {
  const b = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
  const target = b.target ?? (b.kind === "entra" ? "token" : "api");
  if (target !== "api" && target !== "token") return 'target must be "api" or "token"';
  if (typeof b.kind !== "string" || !KINDS.includes(b.kind)) return `kind must be one of ${KINDS.join(", ")}`;
  const times = b.times === undefined ? 1 : Number(b.times);
  if (!Number.isInteger(times) || times < 1) return "times must be a positive integer";
  const { target: _t, times: _n, ...fault } = b;
  return { target, fault: fault as Fault, times };
}
