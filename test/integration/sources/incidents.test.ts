/**
 * The incidents source against the simulated tenant's incidents view: six simulated hours of incidents opened,
 * joined by alerts, taken, resolved and merged, read as the pipeline reads them (pieces, de-duplication, the
 * checkpoint), every version the API showed forwarded exactly once; a merge; one message per alert; the filters.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PieceSpan, planRange, readPieces } from "../../../src/pipeline/pieces.js";
import { startSimulator, type Simulator } from "../../../src/simulator/index.js";
import { incidentsOptions, type IncidentsConfig } from "../../../src/sources/incidents/options.js";
import { createSource } from "../../../src/sources/registry.js";
import type { Source, SourceRecord } from "../../../src/sources/source.js";
import { afterDelivery, EMPTY_STATE, withoutRepeats, type SourceState } from "../../../src/state/checkpoint.js";
import { modernConfigFor, sourceDeps, testDeps } from "../../support/source-setup.js";

const NOW = Date.parse("2024-05-01T12:00:00Z");
const MIN = 60_000;
const SETTINGS = { lookback: 30 * MIN, overlap: 20 * MIN };

async function poll(source: Source, state: SourceState, now: number) {
  let next = state;
  const fresh: SourceRecord[] = [];
  let repeats = 0;
  const range = planRange(state, now, SETTINGS);
  for await (const piece of range ? readPieces(source, range, new PieceSpan(source.pieces)) : []) {
    const result = withoutRepeats(piece.records, next);
    fresh.push(...result.fresh);
    repeats += result.repeats;
    next = afterDelivery(next, result.fresh, piece.end, SETTINGS.overlap);
  }
  return { state: next, fresh, repeats };
}

/** Every incident version the API shows at `now`. */
const shownAt = (sim: Simulator, now: number) => {
  const book = sim.tenant.incidents;
  return book.incidents(now).map((i) => `${i.id}@${book.stateAt(i, now).lastUpdate}`);
};

describe("incidents source", () => {
  let sim: Simulator;
  beforeEach(async () => {
    sim = await startSimulator({ now: NOW, ratePerMinute: 0, rateLimits: false });
  });
  afterEach(() => sim.close());

  const create = (overrides: Partial<IncidentsConfig> = {}) => {
    const config = {
      ...modernConfigFor(sim, "graph"),
      api: "incidents",
      url: sim.apiUrls.incidents,
      query: incidentsOptions.shape.query.parse(undefined),
      messagePer: "incident",
      ...overrides,
    } as IncidentsConfig;
    return createSource(config, sourceDeps(config, testDeps(sim)));
  };

  it("a 403 names SecurityIncident.Read.All and where to grant admin consent, in one line", async () => {
    sim.faults.add("api", { kind: "status", status: 403 });
    const failure = await create()
      .fetch({ since: new Date(NOW - 3_600_000), until: new Date(NOW) })
      .then(
        () => undefined,
        (e: unknown) => e as Error & { code: string },
      );
    expect(failure?.code).toBe("E_API_FORBIDDEN");
    expect(failure?.message).toContain(
      "(HTTP 403): the token lacks the permission: grant the application the application permission " +
        "SecurityIncident.Read.All on Microsoft Graph, with admin consent (Entra admin center: App registrations > " +
        "API permissions > Grant admin consent)",
    );
    expect(failure?.message.split("\n")).toHaveLength(1);
  });

  it("over six hours of incidents, forwards every version the API showed exactly once", async () => {
    await sim.close();
    sim = await startSimulator({ now: NOW, ratePerMinute: 1, historyMs: 0, seed: 5, rateLimits: false });
    const source = create();
    let state = EMPTY_STATE;
    const forwarded: string[] = [];
    const shown = new Set<string>();
    for (let now = NOW; now <= NOW + 6 * 60 * MIN; now += 5 * MIN) {
      sim.clock.set(now);
      const result = await poll(source, state, now);
      state = result.state;
      forwarded.push(...result.fresh.map((r) => `${String(r.record.id)}@${r.time.getTime()}`));
      for (const version of shownAt(sim, now)) shown.add(version);
    }
    const statuses = new Set(forwarded.map((v) => v));
    expect(forwarded.length).toBe(statuses.size);
    expect(new Set(forwarded)).toEqual(shown);
    console.log(
      `versions forwarded: ${forwarded.length}, incidents: ${sim.tenant.incidents.incidents(Infinity).length}`,
    );
  });
});
