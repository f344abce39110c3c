/**
 * The simulated tenant's incidents: Defender's correlation of its alerts, built as the alerts become visible. An alert
 * joins the open incident of its device (not resolved, its last alert joined less than two hours before), else opens
 * one; now and then (MERGE_SHARE of the alerts, drawn from the alert's own seed) an alert also links its incident to
 * another open one where its user appears, and the later of the two is merged into the earlier: it turns
 * `redirected`, names the other in `redirectIncidentId`, and its alerts move. Tests merge two incidents on demand.
 * An incident's state at a moment is derived from its alerts' (lifecycle.ts): a new version whenever an alert joins,
 * one of its alerts changes, or a merge happens, so what the view shows depends only on the clock.
 */
import type { SimAlert } from "./alerts.js";
import { alertRandom, commentsAt, stateAt, type AlertState } from "./lifecycle.js";
import { extrasOf } from "./views/extras.js";

export const CORRELATION_WINDOW_MS = 2 * 3_600_000;
export const MERGE_SHARE = 0.15;

export interface SimIncident {
  id: number;
  createdAt: number;
  /** The last time an alert joined it or an incident was merged into it. */
  lastJoinAt: number;
  joined: { alert: SimAlert; at: number }[];
  absorbed: { incident: SimIncident; at: number }[];
  redirect?: { to: SimIncident; at: number };
}

export type IncidentStatus = "active" | "inProgress" | "resolved" | "redirected";

/** An incident as it stands at a moment. */
export interface IncidentState {
  incident: SimIncident;
  /** Its alerts (none once it was merged into another), and those it had before. */
  alerts: SimAlert[];
  members: SimAlert[];
  status: IncidentStatus;
  lastUpdate: number;
  /** The alert state with the latest assignment, the one that resolved it (when it is resolved). */
  assigned?: AlertState;
  resolved?: AlertState;
  comments: { text: string; by: string; at: number }[];
}

const isOpenAt = (incident: SimIncident, at: number) =>
  incident.redirect === undefined && !isResolvedAt(incident, at) && incident.lastJoinAt >= at - CORRELATION_WINDOW_MS;

function isResolvedAt(incident: SimIncident, at: number): boolean {
  const alerts = membersAt(incident, at);
  return alerts.length > 0 && alerts.every((a) => stateAt(a, at).status === "resolved");
}

/** The alerts it holds at `at`, merges in included, whether or not it was merged away since. */
function membersAt(incident: SimIncident, at: number): SimAlert[] {
  return [
    ...incident.joined.filter((j) => j.at <= at).map((j) => j.alert),
    ...incident.absorbed.filter((m) => m.at <= at).flatMap((m) => membersAt(m.incident, at)),
  ];
}

/** Each alert it holds at `at`, with when it came in. */
function entries(incident: SimIncident, at: number): { alert: SimAlert; since: number }[] {
  return [
    ...incident.joined.filter((j) => j.at <= at).map((j) => ({ alert: j.alert, since: j.at })),
    ...incident.absorbed
      .filter((m) => m.at <= at)
      .flatMap((m) => entries(m.incident, at).map((e) => ({ alert: e.alert, since: Math.max(e.since, m.at) }))),
  ];
}

const latest = (states: AlertState[]) =>
  states.reduce<AlertState | undefined>((a, s) => (!a || s.at >= a.at ? s : a), undefined);

export class IncidentBook {
  readonly #ofAlert = new Map<SimAlert, SimIncident>();
  readonly #byId = new Map<number, SimIncident>();
  readonly #byDevice = new Map<string, SimIncident>();
  readonly #byUser = new Map<string, SimIncident>();

  /** How many alerts it has placed. */
  get placed(): number {
    return this.#ofAlert.size;
  }

  /** Places the alerts not placed yet, in the order they become visible. */
  sync(alerts: readonly SimAlert[]): void {
    const fresh = alerts
      .filter((a) => !this.#ofAlert.has(a))
      .sort((a, b) => a.visibleAt - b.visibleAt || (a.alertId < b.alertId ? -1 : 1));
    for (const alert of fresh) this.#place(alert);
  }

  #place(alert: SimAlert): void {
    const at = alert.visibleAt;
    const user = `${alert.user.domain}\\${alert.user.name}`.toLowerCase();
    const candidate = this.#current(this.#byDevice.get(alert.device.id), at);
    const incident = candidate && candidate.createdAt <= at && isOpenAt(candidate, at) ? candidate : this.#open(alert);
    incident.joined.push({ alert, at });
    incident.lastJoinAt = Math.max(incident.lastJoinAt, at);
    this.#ofAlert.set(alert, incident);
    this.#byDevice.set(alert.device.id, incident);
    const linked = this.#current(this.#byUser.get(user), at);
    if (linked && linked !== incident && isOpenAt(linked, at) && alertRandom(alert.alertId, 3).chance(MERGE_SHARE)) {
      const [later, earlier] = linked.createdAt <= incident.createdAt ? [incident, linked] : [linked, incident];
      this.#merge(later, earlier, at);
    }
    this.#byUser.set(user, this.#current(incident, at)!);
  }

  #open(first: SimAlert): SimIncident {
    let id = extrasOf(first).incidentId;
    while (this.#byId.has(id)) id++;
    const incident: SimIncident = {
      id,
      createdAt: first.visibleAt,
      lastJoinAt: first.visibleAt,
      joined: [],
      absorbed: [],
    };
    this.#byId.set(id, incident);
    return incident;
  }

  #merge(from: SimIncident, into: SimIncident, at: number): void {
    from.redirect = { to: into, at };
    into.absorbed.push({ incident: from, at });
    into.lastJoinAt = Math.max(into.lastJoinAt, at);
    for (const [key, incident] of this.#byDevice) if (incident === from) this.#byDevice.set(key, into);
  }

  /** Where an incident stands at `at`: the one it was merged into, if it was. */
  #current(incident: SimIncident | undefined, at: number): SimIncident | undefined {
    let i = incident;
    while (i?.redirect && i.redirect.at <= at) i = i.redirect.to;
    return i;
  }

  /** Merges the incident holding `from` into the one holding `into` at `at` (a test's way to make one). */
  merge(from: SimAlert, into: SimAlert, at: number): void {
    const [a, b] = [this.incidentOf(from, at), this.incidentOf(into, at)];
    if (!a || !b || a === b) throw new Error("merge: the alerts must be in two different incidents");
    this.#merge(a, b, at);
  }

  /** The incident holding the alert at `at`. */
  incidentOf(alert: SimAlert, at: number): SimIncident | undefined {
    return this.#current(this.#ofAlert.get(alert), at);
  }

  /** Every incident created by `at`. */
  incidents(at: number): SimIncident[] {
    return [...this.#byId.values()].filter((i) => i.createdAt <= at);
  }

  stateAt(incident: SimIncident, at: number): IncidentState {
    const merged = incident.redirect && incident.redirect.at <= at ? incident.redirect.at : undefined;
    const until = merged ?? at;
    const inside = entries(incident, until);
    const members = inside.map((e) => e.alert);
    const states = members.map((a) => stateAt(a, until));
    const changes = inside.flatMap((e) =>
      e.alert.states.filter((s) => s.at >= e.since && s.at <= until).map((s) => s.at),
    );
    const lastUpdate = Math.max(
      incident.createdAt,
      ...incident.joined.filter((j) => j.at <= until).map((j) => j.at),
      ...incident.absorbed.filter((m) => m.at <= until).map((m) => m.at),
      ...changes,
      merged ?? -Infinity,
    );
    const resolved = states.length > 0 && states.every((s) => s.status === "resolved");
    const status: IncidentStatus =
      merged !== undefined
        ? "redirected"
        : resolved
          ? "resolved"
          : states.some((s) => s.status === "inProgress" || s.assignedTo)
            ? "inProgress"
            : "active";
    const all = members.flatMap((a) => a.states.filter((s) => s.at <= until));
    return {
      incident,
      alerts: merged === undefined ? members : [],
      members,
      status,
      lastUpdate,
      assigned: latest(all.filter((s) => s.assignedTo)),
      resolved: resolved ? latest(all.filter((s) => s.status === "resolved")) : undefined,
      comments: members.flatMap((a) => commentsAt(a, until)).sort((x, y) => x.at - y.at),
    };
  }
}
