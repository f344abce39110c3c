/** Each query parameter of the SIEM API, sent by the source and honoured by the simulated tenant over HTTP. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../../src/simulator/index.js";
import { createSiemSource } from "../../../src/sources/siem/index.js";
import type { Source } from "../../../src/sources/source.js";
import { sourceConfigFor, sourceDeps, testDeps } from "../../support/source-setup.js";

const NOW = Date.parse("2024-05-01T12:00:00Z");
const MIN = 60_000;
let sim: Simulator;
let source: Source;

const at = (minutesAgo: number) => NOW - minutesAgo * MIN;
const lastQuery = () => sim.requests.filter((r) => r.path === "/api/alerts").at(-1)!.query;
const ids = (records: { identity: string }[]) => records.map((r) => r.identity);

beforeAll(async () => {
  sim = await startSimulator({ now: NOW, ratePerMinute: 0, seed: 3 });
  const config = sourceConfigFor(sim);
  source = createSiemSource(config, sourceDeps(config, testDeps(sim)));
});
afterAll(() => sim.close());

/** A source whose configuration filters with `filters` (the SIEM API's own query parameters). */
function filtered(filters: {
  machineGroups?: string[];
  deviceCreatedMachineTags?: string;
  cloudCreatedMachineTags?: string;
}) {
  const query = {
    api: "siem" as const,
    machineGroups: [],
    deviceCreatedMachineTags: "",
    cloudCreatedMachineTags: "",
    ...filters,
  };
  const config = sourceConfigFor(sim, { query });
  return createSiemSource(config, sourceDeps(config, testDeps(sim)));
}

function add(minutesAgo: number, spec: { machineGroup?: string; deviceTags?: string; cloudTags?: string } = {}) {
  const alert = sim.tenant.add({ lastProcessed: at(minutesAgo), parts: 1, ...spec });
  return `${alert.alertId}:${alert.evidence[0]!.iocUniqueId}`;
}

describe("SIEM API query parameters", () => {
  it("sinceTimeUtc and untilTimeUtc bound LastProcessedTimeUtc, in Microsoft's format", async () => {
    const [inside, edge, before, after] = [add(30), add(40), add(50), add(20)];
    const records = await source.fetch({ since: new Date(at(40)), until: new Date(at(25)) });
    expect(ids(records).sort()).toEqual([inside, edge].sort());
    expect(ids(records)).not.toContain(before);
    expect(ids(records)).not.toContain(after);
    expect(lastQuery()).toEqual({
      sinceTimeUtc: ["2024-05-01T11:20:00.000"],
      untilTimeUtc: ["2024-05-01T11:35:00.000"],
    });
    expect(sim.requests.at(-1)!.userAgent).toBe("mde-forwarder");
  });

  it("limit keeps only the most recent N of the range", async () => {
    const newest = [add(1.5), add(1)];
    const records = await source.fetch({ since: new Date(at(180)), until: new Date(NOW), limit: 2 });
    expect(ids(records)).toEqual(newest);
    expect(lastQuery()).toMatchObject({ limit: ["2"] });
  });

  it("machinegroups is repeated, one per group, and keeps those groups only", async () => {
    const [uk, fr, de] = [
      add(61, { machineGroup: "UKMachines" }),
      add(62, { machineGroup: "FranceMachines" }),
      add(63, { machineGroup: "GermanyServers" }),
    ];
    const records = await filtered({ machineGroups: ["UKMachines", "FranceMachines"] }).fetch({
      since: new Date(at(64)),
      until: new Date(at(60)),
    });
    expect(ids(records).sort()).toEqual([uk, fr].sort());
    expect(ids(records)).not.toContain(de);
    expect(lastQuery().machinegroups).toEqual(["UKMachines", "FranceMachines"]);
  });

  it("DeviceCreatedMachineTags keeps devices with that registry tag", async () => {
    const [vip, other] = [add(71, { deviceTags: "VIP" }), add(72, { deviceTags: "Kiosk" })];
    const records = await filtered({ deviceCreatedMachineTags: "VIP" }).fetch({
      since: new Date(at(73)),
      until: new Date(at(70)),
    });
    expect(ids(records)).toEqual([vip]);
    expect(ids(records)).not.toContain(other);
    expect(lastQuery().DeviceCreatedMachineTags).toEqual(["VIP"]);
  });

  it("CloudCreatedMachineTags keeps devices with that portal tag", async () => {
    const [tagged, other] = [add(81, { cloudTags: "Production, HighValue" }), add(82, { cloudTags: "Pilot" })];
    const records = await filtered({ cloudCreatedMachineTags: "HighValue" }).fetch({
      since: new Date(at(83)),
      until: new Date(at(80)),
    });
    expect(ids(records)).toEqual([tagged]);
    expect(ids(records)).not.toContain(other);
    expect(lastQuery().CloudCreatedMachineTags).toEqual(["HighValue"]);
  });

  it("the configured filters go with every collection request", async () => {
    const config = sourceConfigFor(sim, {
      query: {
        machineGroups: ["UKMachines"],
        deviceCreatedMachineTags: "VIP",
        cloudCreatedMachineTags: "Pilot",
      },
    });
    const filtered = createSiemSource(config, sourceDeps(config, testDeps(sim)));
    const match = add(91, { machineGroup: "UKMachines", deviceTags: "VIP", cloudTags: "Pilot" });
    add(92, { machineGroup: "UKMachines", deviceTags: "VIP", cloudTags: "Production" });
    const records = await filtered.fetch({ since: new Date(at(93)), until: new Date(at(90)) });
    expect(ids(records)).toEqual([match]);
    expect(lastQuery()).toEqual({
      sinceTimeUtc: ["2024-05-01T10:27:00.000"],
      untilTimeUtc: ["2024-05-01T10:30:00.000"],
      machinegroups: ["UKMachines"],
      DeviceCreatedMachineTags: ["VIP"],
      CloudCreatedMachineTags: ["Pilot"],
    });
  });

  it("collection never sends limit, and a request that asks for it is warned of", async () => {
    await source.fetch({ since: new Date(at(10)), until: new Date(NOW) });
    expect(lastQuery()).not.toHaveProperty("limit");
    const deps = testDeps(sim);
    const config = sourceConfigFor(sim);
    await createSiemSource(config, sourceDeps(config, deps)).fetch({
      since: new Date(at(10)),
      until: new Date(NOW),
      limit: 5,
    });
    expect(deps.logs.join("")).toContain("keeps only the most recent 5 records");
  });
});
