/** `--since` / `--until`: an ISO 8601 time (`2026-11-26T08:00:00Z`) or a duration back from now (`PT6H`). */
import { parseDuration } from "../config/duration.js";
import { UsageError } from "../errors.js";

export function parseTimeArg(option: string, text: string, now: number): number {
  const ago = parseDuration(text);
  if (ago !== undefined) return now - ago;
  const time = /^\d{4}-\d{2}-\d{2}/.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(time)) {
    throw new UsageError(
      `${option}: expected an ISO 8601 time such as 2026-11-26T08:00:00Z or a duration such as PT6H (six hours ago), got "${text}"`,
    );
  }
  return time;
}
