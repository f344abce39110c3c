/**
 * The syslog header in front of each CEF/LEEF/JSON message: RFC 5424, RFC 3164 or none. Pure: the time is given.
 * Times are always UTC (RFC 3164 has no zone field, so its receivers must be told the sender uses UTC).
 */
import type { OutputConfig } from "../config/config.js";

export type HeaderOptions = Pick<OutputConfig, "header" | "facility" | "severity" | "hostname" | "appName">;

/** RFC 5424 severities (informational = 6). */
const INFO = 6;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
/**
 * `<191>` is the longest PRI; `2024-01-02T03:04:05.678Z` the RFC 5424 timestamp; `Jan  2 03:04:05` the RFC 3164 one.
 */
const PRI_MAX = 5;
const RFC5424_TIME = 24;
const RFC3164_TIME = 15;

/**
 * The syslog severity (0-7) for an event severity on the CEF scale (0-10): 0-3 Low → notice, 4-6 Medium → warning,
 * 7-8 High → err, 9-10 Very-High → crit.
 */
export function severityFromEvent(eventSeverity: number): number {
  if (eventSeverity >= 9) return 2;
  if (eventSeverity >= 7) return 3;
  if (eventSeverity >= 4) return 4;
  return 5;
}

export function syslogSeverity(options: Pick<OutputConfig, "severity">, eventSeverity: number | undefined): number {
  if (options.severity !== "event") return options.severity;
  return eventSeverity === undefined || !Number.isFinite(eventSeverity) ? INFO : severityFromEvent(eventSeverity);
}

/** `Mmm dd hh:mm:ss` in UTC, the day padded with a space (`Nov  6`). */
export function rfc3164Time(time: Date): string {
  const day = String(time.getUTCDate()).padStart(2, " ");
  return `${MONTHS[time.getUTCMonth()]} ${day} ${time.toISOString().slice(11, 19)}`;
}

/** The header, with the separator before the message, for one message sent at `time`. */
export function syslogHeader(options: HeaderOptions, time: Date, eventSeverity?: number): string {
  if (options.header === "none") return "";
  const pri = `<${options.facility * 8 + syslogSeverity(options, eventSeverity)}>`;
  if (options.header === "rfc3164") return `${pri}${rfc3164Time(time)} ${options.hostname} ${options.appName}: `;
  return `${pri}1 ${time.toISOString()} ${options.hostname} ${options.appName} - - - `;
}

/** An upper bound of the UTF-8 bytes `syslogHeader` adds, so encoders can leave room for it. */
export function headerOverhead(options: HeaderOptions): number {
  const host = Buffer.byteLength(options.hostname);
  const app = Buffer.byteLength(options.appName);
  if (options.header === "none") return 0;
  if (options.header === "rfc3164") return PRI_MAX + RFC3164_TIME + 1 + host + 1 + app + 2;
  return PRI_MAX + 2 + RFC5424_TIME + 1 + host + 1 + app + " - - - ".length;
}
