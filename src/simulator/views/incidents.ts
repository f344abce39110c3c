/**
 * Microsoft Graph's view of an incident as it stands at a moment (`/v1.0/security/incidents`): its state derived
 * from its alerts (incidents.ts), its name as Defender words it ("… on one endpoint", "Multi-stage incident involving
 * … on multiple endpoints"), its alerts (alerts_v2's view, each naming this incident) when `$expand=alerts` asks.
 */
import type { IncidentBook, SimIncident } from "../incidents.js";
import { graphAlert, type GraphViewOptions } from "./graph.js";
import { ticksTime } from "./times.js";

const SEVERITIES = ["informational", "low", "medium", "high"];

/** `CredentialAccess` → `Credential access`. */
const words = (category: string) =>
  category.replace(/(?<=[a-z])(?=[A-Z])/g, " ").replace(/ [A-Z]/g, (w) => w.toLowerCase());

function displayName(titles: string[], categories: string[], devices: number): string {
  const where = devices > 1 ? "multiple endpoints" : "one endpoint";
  if (titles.length <= 1) return `${titles[0] ?? "Incident"} on ${where}`;
  return `Multi-stage incident involving ${categories.slice(0, 2).map(words).join(" & ")} on ${where}`;
}

export interface IncidentViewOptions extends Omit<GraphViewOptions, "evidence" | "incidentId"> {
  /** `$expand=alerts`. */
  alerts: boolean;
}

export function graphIncident(
  book: IncidentBook,
  incident: SimIncident,
  now: number,
  options: IncidentViewOptions,
): Record<string, unknown> {
  const state = book.stateAt(incident, now);
  const members = state.members;
  const distinct = (values: string[]) => [...new Set(values)];
  const severity = Math.max(-1, ...members.map((a) => SEVERITIES.indexOf(a.detection.severity.toLowerCase())));
  const last = state.comments.at(-1);
  const id = String(incident.id);
  return {
    "@odata.type": "#microsoft.graph.security.incident",
    id,
    incidentWebUrl: `https://security.microsoft.com/incidents/${id}?tid=${options.tenantId}`,
    redirectIncidentId: incident.redirect && state.status === "redirected" ? String(incident.redirect.to.id) : null,
    tenantId: options.tenantId,
    displayName: displayName(
      distinct(members.map((a) => a.detection.title)),
      distinct(members.map((a) => a.detection.category)),
      distinct(members.map((a) => a.device.id)).length,
    ),
    createdDateTime: ticksTime(incident.createdAt, 0),
    lastUpdateDateTime: ticksTime(state.lastUpdate, 0),
    assignedTo: state.assigned?.assignedTo ?? null,
    classification: state.resolved?.classification ?? "unknown",
    determination: state.resolved?.determination ?? "unknown",
    status: state.status,
    severity: SEVERITIES[severity] ?? "unknown",
    customTags: distinct(members.flatMap((a) => a.device.cloudTags.split(", ").filter((t) => t !== ""))),
    systemTags: [],
    description: `Defender correlated ${members.length} alert${members.length === 1 ? "" : "s"} into this incident.`,
    summary: null,
    resolvingComment: state.resolved?.comment?.text ?? null,
    lastModifiedBy: last?.by ?? null,
    comments: state.comments.map((c) => ({
      "@odata.type": "microsoft.graph.security.alertComment",
      comment: c.text,
      createdByDisplayName: c.by,
      createdDateTime: ticksTime(c.at, 0),
    })),
    ...(options.alerts
      ? {
          alerts: state.alerts.map((a) => graphAlert(a, now, { ...options, evidence: true, incidentId: incident.id })),
        }
      : {}),
  };
}
