/**
 * ISO 8601 durations as Microsoft's APIs and this configuration use them: `PT10M`, `PT2H`, `P1D`, `P1DT12H`, `PT1.5S`.
 * Years and months have no fixed length, so they are refused rather than guessed.
 */
const DURATION =
  /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;
const UNIT_MS = [7 * 86_400_000, 86_400_000, 3_600_000, 60_000, 1000];

/** Milliseconds in an ISO 8601 duration, or undefined when the text is not one. */
export function parseDuration(text: string): number | undefined {
  const m = DURATION.exec(text.trim());
  if (!m || text.trim().toUpperCase().endsWith("T") || m.slice(1).every((g) => g === undefined)) return undefined;
  return m.slice(1).reduce((sum, g, i) => sum + (g === undefined ? 0 : Number(g) * (UNIT_MS[i] ?? 0)), 0);
}

/** The shortest readable ISO 8601 form of a duration, for messages and logs. */
export function formatDuration(ms: number): string {
  if (ms === 0) return "PT0S";
  const days = Math.floor(ms / 86_400_000);
  let rest = ms - days * 86_400_000;
  const parts: string[] = [];
  for (const [unit, size] of [
    ["H", 3_600_000],
    ["M", 60_000],
  ] as const) {
    const n = Math.floor(rest / size);
    if (n) parts.push(`${n}${unit}`);
    rest -= n * size;
  }
  if (rest) parts.push(`${rest / 1000}S`);
  return `P${days ? `${days}D` : ""}${parts.length ? `T${parts.join("")}` : ""}`;
}
