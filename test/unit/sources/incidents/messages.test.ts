/**
 * What the incidents source adds to an incident before it is mapped (messages.ts): the summary of its alerts, their
 * number and last resolution, the latest comment; and `messagePer: alert`, one message per alert carrying the
 * incident's fields. Records are typed with Microsoft's published schema (@microsoft/microsoft-graph-types,
 * SecurityNamespace.Incident and Alert), so a field name that is not Graph's does not compile.
 */
import type { SecurityNamespace } from "@microsoft/microsoft-graph-types";
import { describe, expect, it } from "vitest";
import {
  alertMessages,
  alertsSummary,
  incidentMessage,
  perAlert,
  perIncident,
} from "../../../../src/sources/incidents/messages.js";

type Item = Record<string, unknown>;

const device = (deviceDnsName: string | null, mdeDeviceId = "0f00") => ({
  "@odata.type": "#microsoft.graph.security.deviceEvidence",
  deviceDnsName,
  mdeDeviceId,
});
const user = (account: SecurityNamespace.UserAccount) => ({
  "@odata.type": "#microsoft.graph.security.userEvidence",
  userAccount: account,
});

function alert(id: string, fields: Partial<SecurityNamespace.Alert> & { evidence?: Item[] } = {}): Item {
  return {
    "@odata.type": "#microsoft.graph.security.alert",
    id,
    title: `Alert ${id}`,
    severity: "medium",
    serviceSource: "microsoftDefenderForEndpoint",
    mitreTechniques: [],
    resolvedDateTime: null,
    evidence: [],
    ...fields,
  };
}

function incident(fields: Partial<SecurityNamespace.Incident> & { alerts?: Item[] } = {}): Item {
  return {
    "@odata.type": "#microsoft.graph.security.incident",
    id: "101",
    displayName: "Ransomware on one endpoint",
    status: "active",
    severity: "high",
    incidentWebUrl: "https://security.microsoft.com/incidents/101?tid=t",
    redirectIncidentId: null,
    lastUpdateDateTime: "2024-05-01T12:00:00Z",
    comments: [],
    alerts: [],
    ...fields,
  };
}

describe("the summary of an incident's alerts", () => {
  it("lists each id, title, severity, product, technique, device and user once, in the order first seen", () => {
    const alerts = [
      alert("a1", {
        title: "Mimikatz",
        severity: "high",
        mitreTechniques: ["T1003", "T1059"],
        evidence: [device("wks-1.contoso.local"), user({ userPrincipalName: "bob@contoso.com" })],
      }),
      alert("a2", {
        title: "MIMIKATZ",
        severity: "low",
        serviceSource: "microsoftDefenderForIdentity",
        mitreTechniques: ["t1003", "T1078"],
        evidence: [device(null, "dev-2"), user({ accountName: "alice", domainName: "CONTOSO" })],
      }),
      alert("a3", { title: " ", evidence: [device("WKS-1.contoso.local"), user({ accountName: "carol" })] }),
    ];
    expect(alertsSummary(alerts)).toEqual({
      alertIds: ["a1", "a2", "a3"],
      alertTitles: ["Mimikatz"],
      alertSeverities: ["high", "low", "medium"],
      alertServiceSources: ["microsoftDefenderForEndpoint", "microsoftDefenderForIdentity"],
      alertMitreTechniques: ["T1003", "T1059", "T1078"],
      alertDevices: ["wks-1.contoso.local", "dev-2"],
      alertUsers: ["bob@contoso.com", "CONTOSO\\alice", "carol"],
    });
  });

  it("reads evidence types without regard to case and ignores evidence of other kinds", () => {
    const odd = [
      { "@odata.type": "#Microsoft.Graph.Security.DeviceEvidence", deviceDnsName: "srv-9" },
      { "@odata.type": "#microsoft.graph.security.ipEvidence", ipAddress: "10.0.0.1" },
      "not an object",
    ];
    expect(alertsSummary([alert("a", { evidence: odd as Item[] })])).toMatchObject({
      alertDevices: ["srv-9"],
      alertUsers: [],
    });
  });
});

describe("messagePer: incident", () => {
  it("adds the summary, the alert count, and the latest comment by its time, to the incident as it is", () => {
    const record = incident({
      comments: [
        { comment: "second", createdByDisplayName: "bob", createdDateTime: "2024-05-01T11:00:00Z" },
        { comment: "first", createdByDisplayName: "alice", createdDateTime: "2024-05-01T10:00:00Z" },
        { comment: "  ", createdByDisplayName: "eve", createdDateTime: "2024-05-01T11:30:00Z" },
      ],
      alerts: [alert("a1"), alert("a2")],
    });
    const message = incidentMessage(record);
    expect(message).toMatchObject({
      ...record,
      alertCount: 2,
      alertIds: ["a1", "a2"],
      lastComment: "second",
      lastCommentBy: "bob",
    });
    expect(message).not.toHaveProperty("alertsResolvedDateTime");
    expect(message).not.toHaveProperty("alertIndex");
  });

  it("says when the last alert was resolved once all are, not before", () => {
    const resolved = (id: string, at: string | null) => alert(id, { status: "resolved", resolvedDateTime: at });
    const all = incident({ alerts: [resolved("a", "2024-05-01T10:00:00Z"), resolved("b", "2024-05-01T11:15:00.5Z")] });
    expect(incidentMessage(all).alertsResolvedDateTime).toBe("2024-05-01T11:15:00.5Z");
    const some = incident({ alerts: [resolved("a", "2024-05-01T10:00:00Z"), resolved("b", null)] });
    expect(incidentMessage(some)).not.toHaveProperty("alertsResolvedDateTime");
  });

  it("keeps a merged incident (redirected, no alerts left) with the incident it went into", () => {
    const merged = incident({ status: "redirected", redirectIncidentId: "100", alerts: [] });
    expect(incidentMessage(merged)).toMatchObject({ redirectIncidentId: "100", alertCount: 0, alertIds: [] });
    const [one] = perIncident({ record: merged, identity: "101@x", time: new Date(0) });
    expect(one).toMatchObject({ identity: "101@x", record: { status: "redirected", redirectIncidentId: "100" } });
  });
});

describe("messagePer: alert", () => {
  const record = incident({
    comments: [{ comment: "mine", createdByDisplayName: "bob", createdDateTime: "2024-05-01T11:00:00Z" }],
    alerts: [
      alert("a1", { severity: "low", evidence: [device("wks-1")] }),
      alert("a2", { severity: "high", evidence: [device("wks-2")] }),
      alert("", { title: "an alert without an id" }),
    ],
  });

  it("makes one message per alert, each with the incident's id, name, status and URL and that alert alone", () => {
    const messages = alertMessages(record);
    expect(messages).toHaveLength(3);
    messages.forEach((m, i) => {
      expect(m).toMatchObject({
        id: "101",
        displayName: "Ransomware on one endpoint",
        status: "active",
        severity: "high",
        incidentWebUrl: "https://security.microsoft.com/incidents/101?tid=t",
        alertIndex: i,
        alertCount: 3,
        lastComment: "mine",
        alerts: [(record.alerts as Item[])[i]],
      });
    });
    expect(messages.map((m) => [m.alertIds, m.alertSeverities, m.alertDevices])).toEqual([
      [["a1"], ["low"], ["wks-1"]],
      [["a2"], ["high"], ["wks-2"]],
      [[], ["medium"], []],
    ]);
  });

  it("gives each alert's message an identity of its own: the incident's version and the alert's id, else its place", () => {
    const time = new Date("2024-05-01T12:00:00Z");
    const records = perAlert({ record, identity: "101@2024-05-01T12:00:00Z", time });
    expect(records.map((r) => [r.identity, r.time])).toEqual([
      ["101@2024-05-01T12:00:00Z#a1", time],
      ["101@2024-05-01T12:00:00Z#a2", time],
      ["101@2024-05-01T12:00:00Z#2", time],
    ]);
  });

  it("leaves an incident without alerts (merged into another) one message, under the incident's identity", () => {
    const merged = incident({ status: "redirected", redirectIncidentId: "100", alerts: [] });
    const records = perAlert({ record: merged, identity: "101@x", time: new Date(0) });
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ identity: "101@x", record: { redirectIncidentId: "100", alertCount: 0 } });
    expect(records[0]!.record).not.toHaveProperty("alertIndex");
  });
});
