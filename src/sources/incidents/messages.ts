/**
 * What the forwarder adds to an incident before it is mapped, so that a SIEM sees the whole attack in one message
 * without rebuilding Defender's correlation: a summary of the alerts the message carries (their ids, and the distinct
 * titles, severities, products, MITRE techniques, and devices and users of their evidence), how many alerts the
 * incident has, when the last of them was resolved (Graph's incident has no resolved time of its own), and the
 * latest comment (an update is often just that).
 * `messagePer: alert` makes one message per alert instead: the incident's fields, with `alerts` holding that one
 * alert, the summary of it, and `alertIndex` saying which, so one mapping reads both shapes.
 */
import { parseMicrosoftTime } from "../../util/microsoft-time.js";
import type { SourceRecord } from "../source.js";

type Item = Record<string, unknown>;

/** The fields added, for the catalogue mappings are checked against (`[]`: a list). */
export const ADDED_FIELDS = [
  "alertCount",
  "alertIndex",
  "alertsResolvedDateTime",
  "lastComment",
  "lastCommentBy",
  "alertIds[]",
  "alertTitles[]",
  "alertSeverities[]",
  "alertServiceSources[]",
  "alertMitreTechniques[]",
  "alertDevices[]",
  "alertUsers[]",
];

const isItem = (v: unknown): v is Item => typeof v === "object" && v !== null && !Array.isArray(v);
const items = (v: unknown): Item[] => (Array.isArray(v) ? v.filter(isItem) : []);
const text = (v: unknown): string | undefined => (typeof v === "string" && v.trim() !== "" ? v : undefined);
const texts = (v: unknown): (string | undefined)[] => (Array.isArray(v) ? v.map(text) : []);

/** The values once each, compared without regard to case, in the order first seen. */
function distinct(values: Iterable<string | undefined>): string[] {
  const seen = new Map<string, string>();
  for (const v of values) if (v !== undefined && !seen.has(v.toLowerCase())) seen.set(v.toLowerCase(), v);
  return [...seen.values()];
}

const evidenceOf = (alerts: Item[], type: string) => {
  const wanted = `#microsoft.graph.security.${type}`.toLowerCase();
  return alerts.flatMap((a) => items(a.evidence)).filter((e) => String(e["@odata.type"]).toLowerCase() === wanted);
};

const deviceName = (device: Item) => text(device.deviceDnsName) ?? text(device.hostName) ?? text(device.mdeDeviceId);

/** A user's principal name, else `DOMAIN\account`. */
function userName(user: Item): string | undefined {
  const account = isItem(user.userAccount) ? user.userAccount : {};
  const name = text(account.accountName);
  const domain = text(account.domainName);
  return text(account.userPrincipalName) ?? (name && domain ? `${domain}\\${name}` : name);
}

export function alertsSummary(alerts: Item[]): Item {
  return {
    alertIds: distinct(alerts.map((a) => text(a.id))),
    alertTitles: distinct(alerts.map((a) => text(a.title))),
    alertSeverities: distinct(alerts.map((a) => text(a.severity))),
    alertServiceSources: distinct(alerts.map((a) => text(a.serviceSource))),
    alertMitreTechniques: distinct(alerts.flatMap((a) => texts(a.mitreTechniques))),
    alertDevices: distinct(evidenceOf(alerts, "deviceEvidence").map(deviceName)),
    alertUsers: distinct(evidenceOf(alerts, "userEvidence").map(userName)),
  };
}

/** What the incident's alerts say of it as a whole: their number, and the last resolution once all are resolved. */
function alertFacts(alerts: Item[]): Item {
  const times = alerts.map((a) => parseMicrosoftTime(a.resolvedDateTime)?.getTime());
  if (alerts.length === 0 || times.some((t) => t === undefined)) return { alertCount: alerts.length };
  const last = times.indexOf(Math.max(...(times as number[])));
  return { alertCount: alerts.length, alertsResolvedDateTime: alerts[last]!.resolvedDateTime };
}

/** The comment written last (by its time, else its place in the list), and by whom. */
function lastComment(incident: Item): Item {
  const comments = items(incident.comments).filter((c) => text(c.comment) !== undefined);
  const at = (c: Item) => parseMicrosoftTime(c.createdDateTime)?.getTime() ?? -Infinity;
  const last = comments.reduce<Item | undefined>((a, c) => (a === undefined || at(c) >= at(a) ? c : a), undefined);
  if (!last) return {};
  const by = text(last.createdByDisplayName);
  return { lastComment: last.comment, ...(by ? { lastCommentBy: by } : {}) };
}

/** What the message says of the incident as a whole, whichever of its alerts it carries. */
const incidentFacts = (incident: Item, alerts: Item[]): Item => ({ ...alertFacts(alerts), ...lastComment(incident) });

/** `messagePer: incident`: the incident with its alerts summarised. */
export function incidentMessage(incident: Item): Item {
  const alerts = items(incident.alerts);
  return { ...incident, ...incidentFacts(incident, alerts), ...alertsSummary(alerts) };
}

/** `messagePer: alert`: one message per alert (an incident without alerts, merged into another, stays one). */
export function alertMessages(incident: Item): Item[] {
  const alerts = items(incident.alerts);
  if (alerts.length === 0) return [incidentMessage(incident)];
  const facts = incidentFacts(incident, alerts);
  return alerts.map((alert, i) => ({
    ...incident,
    alerts: [alert],
    ...facts,
    ...alertsSummary([alert]),
    alertIndex: i,
  }));
}

export const perIncident = (incident: SourceRecord): SourceRecord[] => [
  { ...incident, record: incidentMessage(incident.record) },
];

/** Each alert's message is a record of its own: the incident's version and the alert's id (else its place). */
export function perAlert(incident: SourceRecord): SourceRecord[] {
  const messages = alertMessages(incident.record);
  if (messages.length === 1 && messages[0]!.alertIndex === undefined) return [{ ...incident, record: messages[0]! }];
  return messages.map((record, i) => ({
    record,
    identity: `${incident.identity}#${text((record.alerts as Item[])[0]!.id) ?? i}`,
    time: incident.time,
  }));
}
