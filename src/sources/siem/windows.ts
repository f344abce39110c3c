/**
 * How a requested window is cut into requests. A window is never asked for in one piece longer than the current
 * span; the span starts at maxWindow, shrinks when a response is large (so a busy period is read in smaller pieces)
 * and grows back when responses are small.
 */
const MIN_SPAN_MS = 1000;

export interface Span {
  since: number;
  until: number;
}

/** The next request's window: from `since`, at most `span` long, never past `until`. */
export function nextPiece(since: number, until: number, span: number): Span {
  return { since, until: Math.min(until, since + Math.max(MIN_SPAN_MS, span)) };
}

/** The span for the next request, given how many records the last one of length `used` returned. */
export function adaptSpan(used: number, count: number, limits: { splitAbove: number; maxWindow: number }): number {
  if (count > limits.splitAbove) return Math.max(MIN_SPAN_MS, Math.floor((used * limits.splitAbove) / 2 / count));
  if (count < limits.splitAbove / 4) return Math.min(limits.maxWindow, used * 2);
  return Math.min(limits.maxWindow, used);
}
