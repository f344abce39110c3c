import { describe, expect, it } from "vitest";
import { commentsAt, resolvedAt, stateAt } from "../../../src/simulator/lifecycle.js";
import { Tenant } from "../../../src/simulator/tenant.js";
import { alertsApiAlert } from "../../../src/simulator/views/alerts-api.js";
import { graphAlert } from "../../../src/simulator/views/graph.js";

const START = Date.parse("2024-05-01T12:00:00Z");
const options = { seed: 3, ratePerMinute: 5, historyMs: 6 * 3_600_000, lateFraction: 0, lateByMs: 0, startMs: START };

describe("alert lifecycle", () => {
  it("shows each alert as it stood at a moment: taken, assigned, then resolved with a verdict", () => {
    const tenant = new Tenant({ ...options, ratePerMinute: 0 });
    const alert = tenant.add({ lastProcessed: START });
    tenant.update(
      alert,
      { status: "inProgress", assignedTo: "a@contoso.com", comment: { text: "mine", by: "a@contoso.com" } },
      START + 60_000,
    );
    tenant.update(
      alert,
      { status: "resolved", classification: "truePositive", determination: "malware" },
      START + 120_000,
    );
    expect(stateAt(alert, START + 59_999)).toMatchObject({ status: "new", assignedTo: null });
    expect(stateAt(alert, START + 60_000)).toMatchObject({ status: "inProgress", assignedTo: "a@contoso.com" });
    expect(stateAt(alert, START + 200_000)).toMatchObject({
      status: "resolved",
      assignedTo: "a@contoso.com",
      classification: "truePositive",
    });
    expect(resolvedAt(alert, START + 200_000)).toBe(START + 120_000);
    expect(commentsAt(alert, START + 200_000)).toEqual([{ text: "mine", by: "a@contoso.com", at: START + 60_000 }]);
    expect(() => tenant.update(alert, { status: "new" }, START)).toThrow(/older than its last state/);
  });

  it("plans changes for generated alerts, after they become visible, the same from the same seed", () => {
    const [a, b] = [new Tenant(options), new Tenant(options)];
    a.advanceTo(START);
    b.advanceTo(START);
    const all = a.store.visible(START);
    expect(all.map((x) => x.states)).toEqual(b.store.visible(START).map((x) => x.states));
    const changed = all.filter((x) => x.states.length > 1);
    expect(changed.length / all.length).toBeGreaterThan(0.4);
    for (const x of changed) for (const s of x.states.slice(1)) expect(s.at).toBeGreaterThanOrEqual(x.visibleAt);
    expect(all.some((x) => x.states.at(-1)!.status === "resolved")).toBe(true);
  });

  it("is written in each API's spelling", () => {
    const tenant = new Tenant({ ...options, ratePerMinute: 0 });
    const alert = tenant.add({ lastProcessed: START });
    tenant.update(alert, { status: "inProgress", classification: "informationalExpectedActivity" }, START + 1000);
    const view = { evidence: false, tenantId: "t", unknownEnumMembers: true };
    expect(alertsApiAlert(alert, START + 1000, view)).toMatchObject({
      status: "InProgress",
      classification: "InformationalExpectedActivity",
      determination: null,
      lastUpdateTime: "2024-05-01T12:00:01Z",
    });
    expect(graphAlert(alert, START + 1000, view)).toMatchObject({
      status: "inProgress",
      classification: "informationalExpectedActivity",
      determination: "unknown",
      lastUpdateDateTime: "2024-05-01T12:00:01.0000000Z",
    });
  });
});
