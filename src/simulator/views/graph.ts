/**
 * Microsoft Graph's alerts_v2 view of an alert as it stands at a moment: camelCase enums, `unknown` for what is not
 * set, device and user evidence before one item per indicator. Newer members of Graph's evolvable enums are sent as
 * `unknownFutureValue` unless the request says `Prefer: include-unknown-enum-members`.
 */
import type { SimAlert } from "../alerts.js";
import { commentsAt, MDE, resolvedAt, stateAt } from "../lifecycle.js";
import { DETECTION_SOURCES, extrasOf, schemaExtrasOf } from "./extras.js";
import { graphEvidence, OTHER_EVIDENCE } from "./graph-evidence.js";
import { evolvedValues } from "./schema-fill.js";
import { ticksTime, timeOrNull } from "./times.js";

/** Members after `unknownFutureValue` in Graph's schema. */
const EVOLVED = new Set([...evolvedValues("security.ServiceSource"), ...evolvedValues("security.DetectionSource")]);

/** The product names Graph's `productName` shows. */
const PRODUCT_NAMES: Record<string, string> = {
  microsoftDefenderForEndpoint: "Microsoft Defender for Endpoint",
  microsoftDefenderForOffice365: "Microsoft Defender for Office 365",
  microsoftDefenderForIdentity: "Microsoft Defender for Identity",
  microsoftDefenderForCloudApps: "Microsoft Defender for Cloud Apps",
  microsoftDefenderForCloud: "Microsoft Defender for Cloud",
};

/** The detection source of another product's alert. */
const PRODUCT_DETECTION: Record<string, string> = {
  microsoftDefenderForOffice365: "microsoftDefenderForOffice365",
  microsoftDefenderForIdentity: "microsoftDefenderForIdentity",
  microsoftDefenderForCloudApps: "cloudAppSecurity",
  microsoftDefenderForCloud: "microsoftDefenderForCloud",
};

const RECOMMENDED =
  "Collect artifacts and determine scope\n\tReview the device timeline for activity before and after the alert.\n\tLook for the same artifacts on other devices.\n\nContain and mitigate\n\tIsolate the device if the activity is confirmed; reset the credentials of the users involved.";

export interface GraphViewOptions {
  evidence: boolean;
  tenantId: string;
  /** `Prefer: include-unknown-enum-members` was sent. */
  unknownEnumMembers: boolean;
  /** The incident holding it (incidents.ts); default the one it opened. */
  incidentId?: number;
}

export function graphAlert(alert: SimAlert, now: number, options: GraphViewOptions): Record<string, unknown> {
  const d = alert.detection;
  const state = stateAt(alert, now);
  const x = extrasOf(alert);
  const incidentId = options.incidentId ?? x.incidentId;
  const s = schemaExtrasOf(alert, OTHER_EVIDENCE);
  const evolvable = (value: string) =>
    options.unknownEnumMembers || !EVOLVED.has(value) ? value : "unknownFutureValue";
  const detectionSource =
    alert.serviceSource === MDE
      ? DETECTION_SOURCES[d.source]!.graph
      : (PRODUCT_DETECTION[alert.serviceSource] ?? "unknown");
  return {
    "@odata.type": "#microsoft.graph.security.alert",
    id: alert.alertId,
    providerAlertId: alert.alertId,
    productName: PRODUCT_NAMES[alert.serviceSource] ?? null,
    alertPolicyId: s.alertPolicyId,
    incidentId: String(incidentId),
    status: state.status,
    severity: d.severity.toLowerCase(),
    classification: state.classification ?? "unknown",
    determination: state.determination ?? "unknown",
    serviceSource: evolvable(alert.serviceSource),
    detectionSource: evolvable(detectionSource),
    detectorId: alert.ioaDefinitionId,
    tenantId: options.tenantId,
    title: d.title,
    description: d.description,
    recommendedActions: RECOMMENDED,
    category: d.category,
    assignedTo: state.assignedTo,
    alertWebUrl: `https://security.microsoft.com/alerts/${alert.alertId}?tid=${options.tenantId}`,
    incidentWebUrl: `https://security.microsoft.com/incidents/${incidentId}?tid=${options.tenantId}`,
    actorDisplayName: d.actor ?? null,
    threatDisplayName: d.threat?.name ?? null,
    threatFamilyName: d.threat?.family ?? null,
    mitreTechniques: d.mitre,
    createdDateTime: ticksTime(alert.alertTime, alert.ticks),
    lastUpdateDateTime: ticksTime(state.at, state.ticks),
    resolvedDateTime: timeOrNull(resolvedAt(alert, now)),
    firstActivityDateTime: ticksTime(alert.alertTime - x.firstEventBeforeMs, alert.ticks),
    lastActivityDateTime: ticksTime(alert.lastProcessed, alert.ticks),
    comments: commentsAt(alert, now).map((c) => ({
      "@odata.type": "microsoft.graph.security.alertComment",
      comment: c.text,
      createdByDisplayName: c.by,
      createdDateTime: ticksTime(c.at, 0),
    })),
    evidence: options.evidence ? graphEvidence(alert, x, s) : [],
    systemTags: s.systemTags,
    customDetails: s.customDetails,
    additionalData: { detectionSource: d.source, machineGroup: alert.device.group },
  };
}
