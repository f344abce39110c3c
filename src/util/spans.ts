/**
 * How a time window is cut into pieces that each hold a bounded number of records: the SIEM source's requests, and
 * the poll cycle's pieces of a window. No piece is longer than the current span; the span shrinks when a piece
 * held many records (so a busy period is read in smaller pieces) and grows back, up to maxWindow, when they are few.
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

/**
 * The span after a piece of length `used` held `count` records, from the `current` one: as adaptSpan says, except
 * that a piece cut short by its window's end says nothing against the current span unless it held too many.
 */
export function spanAfter(
  current: number,
  used: number,
  count: number,
  limits: { splitAbove: number; maxWindow: number },
): number {
  const next = adaptSpan(used, count, limits);
  return count > limits.splitAbove ? next : Math.max(Math.min(current, limits.maxWindow), next);
}
