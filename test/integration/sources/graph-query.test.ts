/**
 * The Graph alerts_v2 source against the simulated tenant over HTTP: the window, products, filters, evidence, paging.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GraphConfig } from "../../../src/sources/graph/options.js";
import { startSimulator, type Simulator } from "../../../src/simulator/index.js";
import { createGraphSource } from "../../../src/sources/graph/index.js";
import { asPipelineReads, modernConfigFor, sourceDeps, testDeps } from "../../support/source-setup.js";

const NOW = Date.parse("2024-05-01T12:00:00Z");
const MIN = 60_000;
const PATH = "/v1.0/security/alerts_v2";
let sim: Simulator;

const at = (minutesAgo: number) => NOW - minutesAgo * MIN;
const windowOf = (fromMinutesAgo: number, toMinutesAgo: number) => ({
  since: new Date(at(fromMinutesAgo)),
  until: new Date(at(toMinutesAgo)),
});
const apiQueries = () => sim.requests.filter((r) => r.path === PATH).map((r) => r.query);
const ids = (records: { record: Record<string, unknown> }[]) => records.map((r) => r.record.id as string);
const filters = (f: Partial<GraphConfig["query"]>): GraphConfig["query"] => ({
  serviceSource: ["microsoftDefenderForEndpoint"],
  severity: [],
  status: [],
  ...f,
});

function source(overrides: Partial<GraphConfig> = {}) {
  const config = modernConfigFor(sim, "graph", overrides);
  return asPipelineReads(createGraphSource(config, sourceDeps(config, testDeps(sim))));
}

beforeAll(async () => {
  sim = await startSimulator({ now: NOW, ratePerMinute: 0, seed: 11 });
});
afterAll(() => sim.close());

describe("Graph alerts_v2 source", () => {
  it("asks for Defender for Endpoint's alerts updated in the window, with evidence, without $top", async () => {
    const mde = sim.tenant.add({ lastProcessed: at(30) });
    const office = sim.tenant.add({ lastProcessed: at(31), serviceSource: "microsoftDefenderForOffice365" });
    sim.requests.length = 0;
    const records = await source().fetch(windowOf(40, 25));
    expect(ids(records)).toEqual([mde.alertId]);
    expect(ids(records)).not.toContain(office.alertId);
    expect(apiQueries()).toEqual([
      {
        $filter: [
          "lastUpdateDateTime ge 2024-05-01T11:20:00.000Z and lastUpdateDateTime lt 2024-05-01T11:35:00.000Z and serviceSource eq 'microsoftDefenderForEndpoint'",
        ],
      },
    ]);
    const [record] = records;
    expect(record!.identity).toBe(`${mde.alertId}@${String(record!.record.lastUpdateDateTime)}`);
    expect(record!.record).toMatchObject({
      status: "new",
      severity: mde.detection.severity.toLowerCase(),
      serviceSource: "microsoftDefenderForEndpoint",
      providerAlertId: mde.alertId,
    });
    const types = (record!.record.evidence as Record<string, unknown>[]).map((e) => e["@odata.type"]);
    expect(types.slice(0, 2)).toEqual([
      "#microsoft.graph.security.deviceEvidence",
      "#microsoft.graph.security.userEvidence",
    ]);
    expect(types).toHaveLength(2 + mde.evidence.length);
  });

  it("reads every product's alerts with serviceSource all, newer enum members included", async () => {
    const [mde, cloud] = [
      sim.tenant.add({ lastProcessed: at(50) }),
      sim.tenant.add({ lastProcessed: at(51), serviceSource: "microsoftDefenderForCloud" }),
    ];
    sim.requests.length = 0;
    const records = await source({ query: filters({ serviceSource: [] }) }).fetch(windowOf(52, 49));
    expect(ids(records)).toEqual([cloud.alertId, mde.alertId]);
    expect(records[0]!.record).toMatchObject({
      serviceSource: "microsoftDefenderForCloud",
      detectionSource: "microsoftDefenderForCloud",
    });
    expect(apiQueries()[0]!.$filter![0]).not.toContain("serviceSource");
  });

  it("asks for each listed product in turn", async () => {
    const [mde, office, identity] = [
      sim.tenant.add({ lastProcessed: at(70) }),
      sim.tenant.add({ lastProcessed: at(71), serviceSource: "microsoftDefenderForOffice365" }),
      sim.tenant.add({ lastProcessed: at(72), serviceSource: "microsoftDefenderForIdentity" }),
    ];
    sim.requests.length = 0;
    const records = await source({
      query: filters({ serviceSource: ["microsoftDefenderForEndpoint", "microsoftDefenderForOffice365"] }),
    }).fetch(windowOf(73, 69));
    expect(ids(records)).toEqual([office.alertId, mde.alertId]);
    expect(ids(records)).not.toContain(identity.alertId);
    expect(apiQueries().map((q) => q.$filter![0]!.replace(/^.* and /, ""))).toEqual([
      "serviceSource eq 'microsoftDefenderForEndpoint'",
      "serviceSource eq 'microsoftDefenderForOffice365'",
    ]);
  });

  it("filters on severity and status in Graph's spelling", async () => {
    const added = Array.from({ length: 16 }, (_, i) => sim.tenant.add({ lastProcessed: at(100) + i * 1000 }));
    sim.tenant.update(added[0]!, { status: "inProgress", assignedTo: "soc@contoso.com" }, at(99));
    const records = await source({ query: filters({ severity: ["high"], status: ["new", "inProgress"] }) }).fetch(
      windowOf(101, 98),
    );
    expect(ids(records).sort()).toEqual(
      added
        .filter((a) => a.detection.severity === "High")
        .map((a) => a.alertId)
        .sort(),
    );
    expect(
      apiQueries()
        .slice(-2)
        .map((q) => q.$filter![0]!.replace(/^.*microsoftDefenderForEndpoint' and /, "")),
    ).toEqual(["severity eq 'high' and status eq 'new'", "severity eq 'high' and status eq 'inProgress'"]);
  });

  it("pages by @odata.nextLink ($skiptoken), never by a $skip of its own", async () => {
    const added = Array.from({ length: 8 }, (_, i) => sim.tenant.add({ lastProcessed: at(200) + i * 1000 }));
    sim.requests.length = 0;
    const records = await source({ pageSize: 3 }).fetch(windowOf(201, 198));
    expect(ids(records).sort()).toEqual(added.map((a) => a.alertId).sort());
    expect(apiQueries().map((q) => [q.$skiptoken === undefined ? "first" : "token", q.$skip])).toEqual([
      ["first", undefined],
      ["token", undefined],
      ["token", undefined],
    ]);
  });

  it("leaves the page size to a service that refuses $top, following its next links", async () => {
    const strict = await startSimulator({
      now: NOW,
      ratePerMinute: 0,
      seed: 12,
      graphPaging: { pageSize: 3, maxTop: 0 },
    });
    try {
      const added = Array.from({ length: 8 }, (_, i) => strict.tenant.add({ lastProcessed: at(20) + i * 1000 }));
      const strictSource = (overrides: Partial<GraphConfig> = {}) => {
        const config = modernConfigFor(strict, "graph", overrides);
        return createGraphSource(config, sourceDeps(config, testDeps(strict)));
      };
      const records = await strictSource().fetch(windowOf(21, 18));
      expect(ids(records).sort()).toEqual(added.map((a) => a.alertId).sort());
      const served = strict.requests.filter((r) => r.path === PATH);
      expect(served.map((r) => [r.status, r.query.$top, r.query.$skiptoken === undefined])).toEqual([
        [200, undefined, true],
        [200, undefined, false],
        [200, undefined, false],
      ]);
      // A page size configured against such a service fails with the service's reason, naming $top.
      await expect(strictSource({ pageSize: 5 }).fetch(windowOf(21, 18))).rejects.toThrow(
        /HTTP 400 .*Query option '\$top' is not allowed/,
      );
    } finally {
      await strict.close();
    }
  });

  it("treats a full page without a next link as the last one", async () => {
    const [a, b] = [sim.tenant.add({ lastProcessed: at(300) }), sim.tenant.add({ lastProcessed: at(300) + 1000 })];
    const body = JSON.stringify({ value: (await source().fetch(windowOf(301, 299))).map((r) => r.record) });
    sim.faults.add("api", { kind: "malformed", body });
    sim.requests.length = 0;
    expect(ids(await source({ pageSize: 2 }).fetch(windowOf(301, 299)))).toEqual([a.alertId, b.alertId]);
    expect(apiQueries()).toHaveLength(1);
  });
});
