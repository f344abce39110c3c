/** How the pipeline cuts the SIEM API's requests (one piece each), and that a busy range is collected completely. */
import { afterEach, describe, expect, it } from "vitest";
import { siemRecords, startSimulator, type Simulator } from "../../../src/simulator/index.js";
import { createSiemSource } from "../../../src/sources/siem/index.js";
import type { Source } from "../../../src/sources/source.js";
import { asPipelineReads, counter, sourceConfigFor, sourceDeps, testDeps } from "../../support/source-setup.js";

const NOW = Date.parse("2024-05-01T12:00:00Z");
const HOUR = 3_600_000;
let sim: Simulator;
afterEach(() => sim.close());

const windowsAsked = () =>
  sim.requests.filter((r) => r.path === "/api/alerts").map((r) => [r.query.sinceTimeUtc![0], r.query.untilTimeUtc![0]]);

const read = (source: Source, since: number, until: number) =>
  asPipelineReads(source).fetch({ since: new Date(since), until: new Date(until) });

describe("SIEM windows", () => {
  it("splits a range longer than maxWindow into consecutive [since, until) requests", async () => {
    sim = await startSimulator({ now: NOW, ratePerMinute: 0 });
    const added = sim.tenant.addRecords(300, NOW - 5 * HOUR, NOW - 2.5 * HOUR);
    const config = sourceConfigFor(sim, { maxWindow: HOUR });
    const records = await read(
      createSiemSource(config, sourceDeps(config, testDeps(sim))),
      NOW - 5 * HOUR,
      NOW - 2.5 * HOUR,
    );
    expect(windowsAsked()).toEqual([
      ["2024-05-01T07:00:00.000", "2024-05-01T08:00:00.000"],
      ["2024-05-01T08:00:00.000", "2024-05-01T09:00:00.000"],
      ["2024-05-01T09:00:00.000", "2024-05-01T09:30:00.000"],
    ]);
    expect(records.map((r) => r.identity).sort()).toEqual(
      added.flatMap((a) => siemRecords(a).map((r) => r.FullId as string)).sort(),
    );
    expect(records.map((r) => r.time.getTime())).toEqual(records.map((r) => r.time.getTime()).sort((a, b) => a - b));
  });

  it("asks nothing for an empty range", async () => {
    sim = await startSimulator({ now: NOW, ratePerMinute: 0 });
    const config = sourceConfigFor(sim);
    expect(await read(createSiemSource(config, sourceDeps(config, testDeps(sim))), NOW, NOW)).toEqual([]);
    expect(windowsAsked()).toEqual([]);
  });

  it("reads the rest of a busy period in shorter requests after a large response, then grows them back", async () => {
    sim = await startSimulator({ now: NOW, ratePerMinute: 0 });
    sim.tenant.addRecords(2000, NOW - 4 * HOUR, NOW - 2 * HOUR);
    sim.tenant.addRecords(10, NOW - 2 * HOUR, NOW);
    const config = sourceConfigFor(sim, { maxWindow: HOUR, splitAbove: 500 });
    const records = await read(createSiemSource(config, sourceDeps(config, testDeps(sim))), NOW - 4 * HOUR, NOW);
    expect(records).toHaveLength(2010);
    const pieces = windowsAsked().map(([s, u]) => [Date.parse(`${s}Z`), Date.parse(`${u}Z`)] as const);
    const lengths = pieces.map(([s, u]) => u - s);
    expect(lengths[0]).toBe(HOUR);
    expect(Math.max(...lengths.slice(1, 4))).toBeLessThan(HOUR / 3);
    expect(lengths.at(-1)).toBeGreaterThan(lengths[1]!);
    expect(pieces.every(([s], i) => i === 0 || s === pieces[i - 1]![1])).toBe(true);
    expect([pieces[0]![0], pieces.at(-1)![1]]).toEqual([NOW - 4 * HOUR, NOW]);
  });

  it("collects a 50,000-record window completely", async () => {
    sim = await startSimulator({ now: NOW, ratePerMinute: 0, seed: 50 });
    const added = sim.tenant.addRecords(50_000, NOW - HOUR, NOW);
    const expected = new Set(added.flatMap((a) => a.evidence.map((e) => `${a.alertId}:${e.iocUniqueId}`)));
    const config = sourceConfigFor(sim, { requestTimeout: 120_000 });
    const deps = testDeps(sim);
    const records = await read(createSiemSource(config, sourceDeps(config, deps)), NOW - HOUR, NOW);
    expect(records).toHaveLength(50_000);
    expect(new Set(records.map((r) => r.identity))).toEqual(expected);
    expect(await counter(deps.metrics, "mdefwd_records_fetched_total")).toBe(50_000);
    expect(await counter(deps.metrics, "mdefwd_records_skipped_total")).toBe(0);
  });
});
