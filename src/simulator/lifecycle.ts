/**
 * How an alert changes after it is raised: an analyst takes it (InProgress, assigned), then resolves it with a
 * classification and determination; antivirus detections it remediated are often resolved by automation at once.
 * Each change is a new state with its own last-update time. Values are Graph's camelCase; the Alerts API view
 * capitalises them (`inProgress` → `InProgress`).
 */
import { Random } from "./random.js";

export const MDE = "microsoftDefenderForEndpoint";

export type AlertStatus = "new" | "inProgress" | "resolved";

export interface AlertState {
  /** The last-update time (ms), with sub-millisecond digits 0–9999 for Microsoft's 7-digit times. */
  at: number;
  ticks: number;
  status: AlertStatus;
  assignedTo: string | null;
  classification: string | null;
  determination: string | null;
  /** A comment added with this change. */
  comment?: { text: string; by: string };
}

export type AlertChange = Partial<Omit<AlertState, "at" | "ticks">>;

interface Versioned {
  alertId: string;
  visibleAt: number;
  detection: { source: string };
  remediation: { success: boolean | null };
  states: AlertState[];
}

export const initialState = (at: number, ticks: number): AlertState => ({
  at,
  ticks,
  status: "new",
  assignedTo: null,
  classification: null,
  determination: null,
});

/** The alert as it stands at `now`: its latest state not after `now`. */
export function stateAt(alert: Versioned, now: number): AlertState {
  let current = alert.states[0]!;
  for (const s of alert.states) if (s.at <= now) current = s;
  return current;
}

/** When the alert was resolved, if its state at `now` is resolved. */
export function resolvedAt(alert: Versioned, now: number): number | undefined {
  const current = stateAt(alert, now);
  if (current.status !== "resolved") return undefined;
  return alert.states.find((s) => s.status === "resolved" && s.at <= now)?.at;
}

/** Comments made up to `now`, oldest first. */
export function commentsAt(alert: Versioned, now: number): { text: string; by: string; at: number }[] {
  return alert.states.flatMap((s) => (s.comment && s.at <= now ? [{ ...s.comment, at: s.at }] : []));
}

/** Records a change at `at` (not before the alert's last state): the rest of the state carries over. */
export function applyChange(alert: Versioned, change: AlertChange, at: number): AlertState {
  const last = alert.states.at(-1)!;
  if (at < last.at)
    throw new Error(`alert ${alert.alertId}: a change at ${new Date(at).toISOString()} is older than its last state`);
  const { comment: _previous, ...carried } = last;
  const state: AlertState = { ...carried, ...change, at, ticks: 0 };
  alert.states.push(state);
  return state;
}

const ANALYSTS = ["secops-amira@contoso.com", "secops-jonas@contoso.com", "soc-tier2@contoso.com"];
const VERDICTS = [
  { classification: "truePositive", determination: "malware", weight: 0.45 },
  { classification: "truePositive", determination: "multiStagedAttack", weight: 0.15 },
  { classification: "falsePositive", determination: "notMalicious", weight: 0.25 },
  { classification: "informationalExpectedActivity", determination: "securityTesting", weight: 0.15 },
];

/** A generated alert's future: drawn from its own seed, so every view and every run agree. */
export function planChanges(alert: Versioned): void {
  const rng = alertRandom(alert.alertId, 1);
  const minutes = (min: number, max: number) => rng.int(min, max) * 60_000 + rng.int(0, 59_999);
  if (alert.detection.source === "WindowsDefenderAv" && alert.remediation.success && rng.chance(0.5)) {
    applyChange(
      alert,
      {
        status: "resolved",
        assignedTo: "Automation",
        classification: "truePositive",
        determination: "malware",
        comment: { text: "Remediated by antivirus", by: "Automation" },
      },
      alert.visibleAt + minutes(1, 10),
    );
    return;
  }
  if (!rng.chance(0.6)) return;
  const analyst = rng.pick(ANALYSTS);
  const taken = alert.visibleAt + minutes(5, 60);
  applyChange(
    alert,
    { status: "inProgress", assignedTo: analyst, comment: { text: "Investigating", by: analyst } },
    taken,
  );
  if (!rng.chance(0.7)) return;
  let pick = rng.next();
  const verdict = VERDICTS.find((v) => (pick -= v.weight) < 0) ?? VERDICTS[0]!;
  const { weight: _w, ...outcome } = verdict;
  applyChange(
    alert,
    {
      status: "resolved",
      ...outcome,
      comment: { text: `Resolved as ${outcome.classification} (${outcome.determination})`, by: analyst },
    },
    taken + minutes(10, 240),
  );
}

/** A random stream of one alert's own (`stream` tells its uses apart), independent of the tenant's sequence. */
export function alertRandom(alertId: string, stream: number): Random {
  let hash = 0x811c9dc5 ^ stream;
  for (let i = 0; i < alertId.length; i++) hash = Math.imul(hash ^ alertId.charCodeAt(i), 0x01000193);
  return new Random(hash >>> 0);
}
