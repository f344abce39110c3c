/**
 * How far V8 lets the heap grow past what its last full collection kept. Under a catch-up's allocation rate (a few
 * KB of short-lived strings and objects per record) V8's own choice is up to 4×: a live heap of 50 MB reached 200 MB
 * before it was collected. 1.2× keeps the peak near the live heap for about the same CPU (docs/performance.md).
 * The V8 flag is read at every collection, so setting it at start-up works; an operator's own setting wins.
 */
import { setFlagsFromString } from "node:v8";

export const HEAP_GROWING_PERCENT = 20;

/** The V8 flag to set, unless the operator's node options already name one. */
export function heapGrowthFlag(nodeOptions: readonly string[]): string | undefined {
  const given = nodeOptions.some((option) => /^--heap[-_]growing[-_]percent\b/.test(option));
  return given ? undefined : `--heap-growing-percent=${HEAP_GROWING_PERCENT}`;
}

export function limitHeapGrowth(nodeOptions: readonly string[]): void {
  const flag = heapGrowthFlag(nodeOptions);
  if (flag) setFlagsFromString(flag);
}
