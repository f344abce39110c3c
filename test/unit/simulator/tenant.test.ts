import { describe, expect, it } from "vitest";
import { Tenant } from "../../../src/simulator/tenant.js";
import { siemRecords } from "../../../src/simulator/views/siem.js";
import { SIEM_FIELDS } from "../../../src/sources/siem/fields.js";

const START = Date.parse("2024-05-01T12:00:00Z");
const options = {
  seed: 42,
  ratePerMinute: 10,
  historyMs: 3_600_000,
  lateFraction: 0.2,
  lateByMs: 15 * 60_000,
  startMs: START,
};
const everything = { since: 0, until: Number.MAX_SAFE_INTEGER, now: START };

describe("the simulated tenant", () => {
  it("generates the same alerts from the same seed and clock", () => {
    const [a, b] = [new Tenant(options), new Tenant(options)];
    a.advanceTo(START);
    b.advanceTo(START);
    expect(a.store.alerts(everything)).toEqual(b.store.alerts(everything));
    expect(a.store.size).toBeGreaterThan(400);
  });

  it("makes multi-part alerts: records share the AlertId, each with its own FullId and AlertPart", () => {
    const tenant = new Tenant(options);
    const alert = tenant.add({ lastProcessed: START, parts: 3 });
    const records = siemRecords(alert);
    expect(records.map((r) => r.AlertId)).toEqual([alert.alertId, alert.alertId, alert.alertId]);
    expect(new Set(records.map((r) => r.FullId)).size).toBe(3);
    expect(records.map((r) => r.AlertPart)).toEqual([0, 1, 2]);
    for (const r of records) expect(r.FullId).toBe(`${r.AlertId}:${r.IocUniqueId}`);
  });

  it("makes some alerts visible minutes after their LastProcessedTimeUtc", () => {
    const tenant = new Tenant(options);
    tenant.advanceTo(START);
    const late = tenant.store.alerts(everything).filter((a) => a.visibleAt > a.lastProcessed);
    expect(late.length).toBeGreaterThan(0);
    for (const a of late) expect(a.visibleAt - a.lastProcessed).toBeGreaterThanOrEqual(60_000);
    const before = tenant.store.alerts({ ...everything, now: late[0]!.visibleAt - 1 });
    expect(before).not.toContain(late[0]);
  });

  it("writes records with every documented field, in order, and Microsoft's 7-digit times", () => {
    const tenant = new Tenant(options);
    const [record] = siemRecords(tenant.add({ lastProcessed: START + 123 }));
    expect(Object.keys(record!)).toEqual([...SIEM_FIELDS]);
    expect(record!.LastProcessedTimeUtc).toMatch(/^2024-05-01T12:00:00\.123\d{4}Z$/);
  });

  it("sends null instead of empty values in the legacy style", () => {
    const tenant = new Tenant(options);
    const alert = tenant.add({ lastProcessed: START });
    const [current, legacy] = [siemRecords(alert)[0]!, siemRecords(alert, "legacy")[0]!];
    const empty = Object.keys(current).filter((k) => current[k as keyof typeof current] === "");
    expect(empty.length).toBeGreaterThan(0);
    for (const k of empty) expect(legacy[k as keyof typeof legacy]).toBeNull();
  });

  it("adds exactly the number of records asked for, inside the range", () => {
    const tenant = new Tenant({ ...options, ratePerMinute: 0 });
    const alerts = tenant.addRecords(1001, START - 3_600_000, START);
    expect(alerts.flatMap((a) => siemRecords(a)).length).toBe(1001);
    expect(tenant.store.alerts({ since: START - 3_600_000, until: START, now: START }).length).toBe(alerts.length);
  });

  it("stores added records in time order among those it had, a later batch after an earlier one at equal times", () => {
    const tenant = new Tenant({ ...options, ratePerMinute: 0 });
    const first = tenant.add({ lastProcessed: START - 1000 });
    const added = tenant.addRecords(20_000, START - 3_600_000, START);
    const stored = tenant.store.alerts({ since: START - 3_600_000, until: START, now: START });
    expect(stored.map((a) => a.lastProcessed)).toEqual([...stored.map((a) => a.lastProcessed)].sort((x, y) => x - y));
    expect(new Set(stored)).toEqual(new Set([first, ...added]));
    const again = tenant.addRecords(3, START - 1000, START - 999);
    const tied = tenant.store.alerts({ since: START - 1000, until: START - 999, now: START });
    expect(tied).toEqual([first, ...added.filter((a) => a.lastProcessed === START - 1000), ...again]);
  });
});
