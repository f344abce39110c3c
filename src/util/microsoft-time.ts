/**
 * Times as Microsoft's SIEM API writes them: its examples send `2016-09-12T00:00:00.000` (UTC, no `Z`), and its
 * records carry up to 7 fractional digits (`2020-09-30T14:11:44.0779765Z`).
 */
const TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})?$/i;

/** `2016-09-12T00:00:00.000`: what the SIEM API's query parameters take. */
export function microsoftTime(date: Date): string {
  return date.toISOString().slice(0, -1);
}

/** Milliseconds since the epoch (sub-millisecond digits dropped; UTC when no zone is written), or undefined. */
export function parseMicrosoftTime(text: unknown): Date | undefined {
  const m = typeof text === "string" ? TIME.exec(text.trim()) : null;
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const ms = Number((m[7] ?? "0").padEnd(3, "0").slice(0, 3));
  const zone = m[8] && m[8].toUpperCase() !== "Z" ? m[8].replace(":", "") : "";
  const offsetMin = zone
    ? (zone.startsWith("-") ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5)))
    : 0;
  const day = new Date(Date.UTC(y, mo - 1, d));
  if (day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return undefined;
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s, ms) - offsetMin * 60_000);
}
