/**
 * The Alerts API source against the simulated tenant over HTTP: the window, the filters, evidence and every way of
 * paging.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AlertsConfig } from "../../../src/sources/alerts/options.js";
import type { SimAlert } from "../../../src/simulator/alerts.js";
import { startSimulator, type Simulator } from "../../../src/simulator/index.js";
import { createAlertsSource } from "../../../src/sources/alerts/index.js";
import { asPipelineReads, modernConfigFor, sourceDeps, testDeps } from "../../support/source-setup.js";
import { schemaExtrasOf } from "../../../src/simulator/views/extras.js";

const NOW = Date.parse("2024-05-01T12:00:00Z");
const MIN = 60_000;
const PATH = "/mde/api/alerts";
let sim: Simulator;
let skipSim: Simulator;

const at = (minutesAgo: number) => NOW - minutesAgo * MIN;
const windowOf = (fromMinutesAgo: number, toMinutesAgo: number) => ({
  since: new Date(at(fromMinutesAgo)),
  until: new Date(at(toMinutesAgo)),
});
const apiQueries = (s: Simulator) => s.requests.filter((r) => r.path === PATH).map((r) => r.query);
const ids = (records: { record: Record<string, unknown> }[]) => records.map((r) => r.record.id as string);

function source(s: Simulator, overrides: Partial<AlertsConfig> = {}) {
  const config = modernConfigFor(s, "alerts", overrides);
  return asPipelineReads(createAlertsSource(config, sourceDeps(config, testDeps(s))));
}

beforeAll(async () => {
  sim = await startSimulator({ now: NOW, ratePerMinute: 0, seed: 7 });
  skipSim = await startSimulator({ now: NOW, ratePerMinute: 0, seed: 8, alertsNextLink: false });
});
afterAll(async () => {
  await sim.close();
  await skipSim.close();
});

describe("Alerts API source", () => {
  it("asks for the window on lastUpdateTime with evidence, in pages of the documented maximum", async () => {
    const [inside, edge, before, after] = [
      sim.tenant.add({ lastProcessed: at(30) }),
      sim.tenant.add({ lastProcessed: at(40) }),
      sim.tenant.add({ lastProcessed: at(41) }),
      sim.tenant.add({ lastProcessed: at(20) }),
    ];
    sim.requests.length = 0;
    const records = await source(sim).fetch(windowOf(40, 25));
    expect(ids(records)).toEqual([edge.alertId, inside.alertId]);
    expect(ids(records)).not.toContain(before.alertId);
    expect(ids(records)).not.toContain(after.alertId);
    expect(apiQueries(sim)).toEqual([
      {
        $filter: ["lastUpdateTime ge 2024-05-01T11:20:00.000Z and lastUpdateTime lt 2024-05-01T11:35:00.000Z"],
        $top: ["10000"],
        $expand: ["evidence"],
      },
    ]);
    const [first] = records;
    expect(first!.identity).toBe(`${edge.alertId}@${String(first!.record.lastUpdateTime)}`);
    expect(first!.time.getTime()).toBe(at(40));
    expect(first!.record).toMatchObject({
      status: "New",
      severity: edge.detection.severity,
      computerDnsName: `${edge.device.name}.${edge.device.domain}`,
    });
    const evidence = first!.record.evidence as Record<string, unknown>[];
    expect(evidence.map((e) => e.entityType)).toEqual([
      "User",
      ...edge.evidence.map((e) => ({ file: "File", process: "Process", ip: "Ip", url: "Url" })[e.kind]),
      ...(schemaExtrasOf(edge, []).registry ? ["Registry"] : []),
    ]);
  });

  it("finds an updated alert in the window of its update, as a new version", async () => {
    const alert = sim.tenant.add({ lastProcessed: at(100) });
    const before = await source(sim).fetch(windowOf(101, 99));
    sim.tenant.update(
      alert,
      {
        status: "inProgress",
        assignedTo: "secops@contoso.com",
        comment: { text: "Looking", by: "secops@contoso.com" },
      },
      at(60),
    );
    expect(ids(await source(sim).fetch(windowOf(101, 99)))).not.toContain(alert.alertId);
    const [after] = await source(sim).fetch(windowOf(61, 59));
    expect(after!.record).toMatchObject({
      id: alert.alertId,
      status: "InProgress",
      assignedTo: "secops@contoso.com",
      lastUpdateTime: "2024-05-01T11:00:00Z",
    });
    expect(after!.record.comments).toEqual([
      { comment: "Looking", createdBy: "secops@contoso.com", createdTime: "2024-05-01T11:00:00.0000000Z" },
    ]);
    expect(after!.identity).not.toBe(before[0]!.identity);
  });

  it("sends each configured filter combination as its own request and keeps only matching alerts", async () => {
    const added = Array.from({ length: 24 }, (_, i) => sim.tenant.add({ lastProcessed: at(200) + i * 1000 }));
    sim.tenant.update(added[0]!, { status: "inProgress" }, at(199));
    sim.tenant.update(
      added[1]!,
      { status: "resolved", classification: "falsePositive", determination: "notMalicious" },
      at(199),
    );
    sim.requests.length = 0;
    const query = {
      api: "alerts" as const,
      severity: ["High", "Medium"],
      status: ["New", "InProgress"],
      detectionSource: [],
      expandEvidence: false,
    };
    const records = await source(sim, { query }).fetch(windowOf(201, 198));
    const wanted = (a: SimAlert) =>
      ["High", "Medium"].includes(a.detection.severity) && ["new", "inProgress"].includes(a.states.at(-1)!.status);
    expect(ids(records).sort()).toEqual(
      added
        .filter(wanted)
        .map((a) => a.alertId)
        .sort(),
    );
    expect(apiQueries(sim).map((q) => q.$filter![0]!.replace(/^.*lt \S+ and /, ""))).toEqual([
      "severity eq 'High' and status eq 'New'",
      "severity eq 'High' and status eq 'InProgress'",
      "severity eq 'Medium' and status eq 'New'",
      "severity eq 'Medium' and status eq 'InProgress'",
    ]);
    expect(apiQueries(sim)[0]).not.toHaveProperty("$expand");
    expect(records.every((r) => Array.isArray(r.record.evidence) && r.record.evidence.length === 0)).toBe(true);
  });

  it("filters on detection source", async () => {
    const added = Array.from({ length: 12 }, (_, i) => sim.tenant.add({ lastProcessed: at(300) + i * 1000 }));
    const query = {
      api: "alerts" as const,
      severity: [],
      status: [],
      detectionSource: ["WindowsDefenderAv"],
      expandEvidence: true,
    };
    const records = await source(sim, { query }).fetch(windowOf(301, 298));
    expect(ids(records).sort()).toEqual(
      added
        .filter((a) => a.detection.source === "WindowsDefenderAv")
        .map((a) => a.alertId)
        .sort(),
    );
    expect(records.length).toBeGreaterThan(0);
  });

  it("pages through @odata.nextLink when the API sends one", async () => {
    const added = Array.from({ length: 10 }, (_, i) => sim.tenant.add({ lastProcessed: at(400) + i * 1000 }));
    sim.requests.length = 0;
    const records = await source(sim, { pageSize: 4 }).fetch(windowOf(401, 398));
    expect(ids(records).sort()).toEqual(added.map((a) => a.alertId).sort());
    expect(apiQueries(sim).map((q) => q.$skip?.[0])).toEqual([undefined, "4", "8"]);
    expect(apiQueries(sim).every((q) => q.$top?.[0] === "4" && q.$expand?.[0] === "evidence")).toBe(true);
  });

  it("falls back to $skip while pages come back full, each page overlapping the last by a few alerts", async () => {
    const added = Array.from({ length: 25 }, (_, i) => skipSim.tenant.add({ lastProcessed: at(30) + i * 1000 }));
    skipSim.requests.length = 0;
    const records = await source(skipSim, { pageSize: 10 }).fetch(windowOf(31, 28));
    expect(ids(records).sort()).toEqual(added.map((a) => a.alertId).sort());
    expect(new Set(records.map((r) => r.identity)).size).toBe(25);
    expect(apiQueries(skipSim).map((q) => q.$skip?.[0])).toEqual([undefined, "9", "18"]);
  });

  it("misses nothing when an alert read on one page is updated before the next page is read", async () => {
    const added = Array.from({ length: 25 }, (_, i) => skipSim.tenant.add({ lastProcessed: at(60) + i * 1000 }));
    const newest = added.at(-1)!;
    skipSim.tenant.update(newest, { status: "inProgress" }, NOW + 30_000);
    skipSim.requests.length = 0;
    const records = await source(skipSim, { pageSize: 10, requestsPerMinute: 1 }).fetch(windowOf(61, 58));
    expect(ids(records).sort()).toEqual(added.map((a) => a.alertId).sort());
    skipSim.clock.set(NOW);
  });

  it("reads 12,000 alerts with their evidence in pages of 10,000", async () => {
    const big = await startSimulator({ now: NOW, ratePerMinute: 0, seed: 9 });
    try {
      for (let i = 0; i < 12_000; i++) big.tenant.add({ lastProcessed: at(60) + i * 100 });
      const records = await source(big).fetch(windowOf(60, 0));
      expect(records).toHaveLength(12_000);
      expect(new Set(records.map((r) => r.identity)).size).toBe(12_000);
      expect(records.every((r, i) => i === 0 || r.time >= records[i - 1]!.time)).toBe(true);
      expect(apiQueries(big).map((q) => q.$skip?.[0])).toEqual([undefined, "10000"]);
    } finally {
      await big.close();
    }
  });
});
