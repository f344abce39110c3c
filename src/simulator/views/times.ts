/** Times as Microsoft's APIs write them. */

/** 7 fractional digits, e.g. `2020-09-30T14:11:44.0779765Z` (fewer with `digits`). */
export function ticksTime(ms: number, ticks: number, digits = 7): string {
  return `${new Date(ms).toISOString().slice(0, -1)}${String(ticks).padStart(4, "0")}`.slice(0, 20 + digits) + "Z";
}

/** Trailing zeros of the fraction left out, as the Alerts API's lastUpdateTime (`2021-01-26T20:33:59.2Z`). */
export function trimmedTime(ms: number, ticks: number): string {
  return ticksTime(ms, ticks).replace(/\.?0+Z$/, "Z");
}

/** A time or null. */
export const timeOrNull = (ms: number | undefined) => (ms === undefined ? null : ticksTime(ms, 0));
