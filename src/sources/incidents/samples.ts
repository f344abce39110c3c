/**
 * Sample Graph incidents (with `$expand=alerts`) for `preview` and the tests: Microsoft's documented example (List
 * incidents, example 2: one alert with device, file, process and registry evidence), an incident whose name,
 * description, comments, tags and assignee are full of what breaks careless encoders, an incident merged into another
 * (`redirected`, no alerts left), and a resolved incident of 150 alerts across devices and users, larger than any
 * SIEM's message limit. Names follow Microsoft's schema (`customTags`, comments as `alertComment`).
 */
import type { Samples } from "../component.js";
import { GRAPH_SAMPLES } from "../shared/graph-samples.js";

const TENANT = "b3c1b5fc-828c-45fa-a1e1-10d74f6d6e9c";
const [ALERT, HOSTILE_ALERT, LONG_ALERT, OTHER_PRODUCT_ALERT] = GRAPH_SAMPLES;

const DOCUMENTED = {
  "@odata.type": "#microsoft.graph.security.incident",
  id: "2972395",
  incidentWebUrl: "https://security.microsoft.com/incidents/2972395?tid=12f988bf-16f1-11af-11ab-1d7cd011db47",
  redirectIncidentId: null,
  tenantId: TENANT,
  displayName:
    "Multi-stage incident involving Initial access & Command and control on multiple endpoints reported by multiple sources",
  createdDateTime: "2021-08-13T08:43:35.5533333Z",
  lastUpdateDateTime: "2021-09-30T09:35:45.1133333Z",
  assignedTo: "KaiC@contoso.onmicrosoft.com",
  classification: "truePositive",
  determination: "multiStagedAttack",
  status: "active",
  severity: "medium",
  customTags: ["Demo"],
  comments: [
    {
      "@odata.type": "microsoft.graph.security.alertComment",
      comment: "Demo incident",
      createdByDisplayName: "DavidS@contoso.onmicrosoft.com",
      createdDateTime: "2021-09-30T12:07:37.2756993Z",
    },
  ],
  systemTags: ["Defender Experts"],
  description:
    "Microsoft observed Raspberry Robin worm activity spreading through infected USB on multiple devices in your environment. From available intel, these infections could be a potential precursor activity to ransomware deployment. ...",
  alerts: [ALERT],
};

const HOSTILE = {
  ...DOCUMENTED,
  id: "31337",
  incidentWebUrl: `https://security.microsoft.com/incidents/31337?tid=${TENANT}&a=b|c`,
  displayName: 'Ransomware | "encoded" = \\ on wks-042\r\nCEF:0|evil|injected| suser=root',
  createdDateTime: "2024-01-15T08:30:05.1234567Z",
  lastUpdateDateTime: "2024-01-15T09:02:11.5Z",
  assignedTo: "soc|analyst=1@contoso.com",
  classification: "unknown",
  determination: "unknown",
  status: "inProgress",
  severity: "high",
  customTags: ["tier|0", "a=b", "Grüße 🚨"],
  comments: [
    {
      "@odata.type": "microsoft.graph.security.alertComment",
      comment: "Taking it = mine\ttab | pipe \\ backslash\nsecond line\u0000 NUL \u001b[31m ESC",
      createdByDisplayName: "soc|analyst",
      createdDateTime: "2024-01-15T09:02:11.5Z",
    },
  ],
  description:
    "Line one\nLine two\r\nTab\there, DEL\u007f.\nInjection: cs1=injected\tsev=10\tcat=injected |LEEF:1.0|x|y|\n" +
    "Non-ASCII: café, 中文, مرحبا, emoji 🚨🔥 end \\",
  alerts: [HOSTILE_ALERT, LONG_ALERT],
};

/** Merged into the hostile incident: its alerts went with it. */
const REDIRECTED = {
  ...DOCUMENTED,
  id: "31336",
  incidentWebUrl: `https://security.microsoft.com/incidents/31336?tid=${TENANT}`,
  redirectIncidentId: "31337",
  displayName: "Suspicious execution of hidden file on one endpoint",
  createdDateTime: "2024-01-15T08:20:00.25Z",
  lastUpdateDateTime: "2024-01-15T08:31:00.125Z",
  assignedTo: null,
  classification: "unknown",
  determination: "unknown",
  status: "redirected",
  severity: "low",
  customTags: [],
  comments: [],
  systemTags: [],
  description: null,
  alerts: [],
};

const DEVICE = (ALERT.evidence as Record<string, unknown>[])[0];
const device = (i: number) => ({
  ...DEVICE,
  mdeDeviceId: `${String(i).padStart(4, "0")}e7e2de709dff64ef64b1d0c30e67fab632`,
  deviceDnsName: `wks-${String(i % 60).padStart(3, "0")}.contoso.local`,
});
const user = (i: number) => ({
  "@odata.type": "#microsoft.graph.security.userEvidence",
  createdDateTime: "2024-02-01T09:12:40.1Z",
  verdict: "suspicious",
  remediationStatus: "none",
  roles: [],
  userAccount: { accountName: `user${i % 40}`, domainName: "CONTOSO", userPrincipalName: `user${i % 40}@contoso.com` },
});

/** 150 alerts resolved over an afternoon: its summary alone is larger than a message. */
const MANY = {
  ...DOCUMENTED,
  id: "40000",
  incidentWebUrl: `https://security.microsoft.com/incidents/40000?tid=${TENANT}`,
  displayName: "Multi-stage incident involving Execution & Lateral movement on multiple endpoints",
  lastUpdateDateTime: "2024-02-01T18:00:00Z",
  status: "resolved",
  severity: "high",
  alerts: Array.from({ length: 150 }, (_, i) => ({
    ...(i % 10 === 9 ? OTHER_PRODUCT_ALERT : ALERT),
    id: `da6384123456789${String(i).padStart(5, "0")}_-${1_000_000_000 + i}`,
    title: `${String(ALERT.title)} (${i % 12})`,
    severity: ["low", "medium", "high"][i % 3],
    mitreTechniques: [`T1${String(i % 30).padStart(3, "0")}`, "T1564.001"],
    status: "resolved",
    resolvedDateTime: `2024-02-01T${String(12 + Math.floor(i / 30)).padStart(2, "0")}:${String(i % 60).padStart(2, "0")}:00Z`,
    evidence: [device(i), user(i)],
  })),
};

export const INCIDENTS_SAMPLES: Samples = [DOCUMENTED, HOSTILE, REDIRECTED, MANY];
