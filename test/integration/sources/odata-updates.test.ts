/**
 * Alerts change: each change must reach the SIEM once, and an unchanged alert never twice, however often overlapping
 * windows re-read it. Shown at the source level with the pipeline's own pieces and de-duplication (readPieces,
 * withoutRepeats).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../../src/simulator/index.js";
import { stateAt } from "../../../src/simulator/lifecycle.js";
import { createSource } from "../../../src/sources/registry.js";
import type { Source, SourceRecord } from "../../../src/sources/source.js";
import { PieceSpan, planRange, readPieces } from "../../../src/pipeline/pieces.js";
import { afterDelivery, EMPTY_STATE, withoutRepeats, type SourceState } from "../../../src/state/checkpoint.js";
import { modernConfigFor, sourceDeps, testDeps } from "../../support/source-setup.js";

const NOW = Date.parse("2024-05-01T12:00:00Z");
const MIN = 60_000;
const SETTINGS = { lookback: 30 * MIN, overlap: 20 * MIN };

/** One poll as the pipeline does it: pieces from the checkpoint, repeats dropped, the checkpoint moved over all. */
async function poll(
  source: Source,
  state: SourceState,
  now: number,
): Promise<{ state: SourceState; fresh: SourceRecord[]; repeats: number }> {
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

describe.each(["alerts", "graph"] as const)("%s source: updates and repeats", (api) => {
  let sim: Simulator;
  beforeEach(async () => {
    sim = await startSimulator({ now: NOW, ratePerMinute: 0, rateLimits: false });
  });
  afterEach(() => sim.close());

  const create = () => {
    const config = modernConfigFor(sim, api);
    return createSource(config, sourceDeps(config, testDeps(sim)));
  };
  const status = (r: SourceRecord) => String(r.record.status).toLowerCase();

  it("forwards each change once, and an unchanged alert never again across overlapping windows", async () => {
    const source = create();
    const [changing, steady] = [
      sim.tenant.add({ lastProcessed: NOW - 10 * MIN }),
      sim.tenant.add({ lastProcessed: NOW - 9 * MIN }),
    ];
    let { state, fresh } = await poll(source, EMPTY_STATE, NOW);
    expect(fresh.map((r) => [r.record.id, status(r)])).toEqual([
      [changing.alertId, "new"],
      [steady.alertId, "new"],
    ]);

    sim.tenant.update(changing, { status: "inProgress", assignedTo: "soc@contoso.com" }, NOW + 2 * MIN);
    sim.clock.set(NOW + 5 * MIN);
    ({ state, fresh } = await poll(source, state, NOW + 5 * MIN));
    expect(fresh.map((r) => [r.record.id, status(r), r.record.assignedTo])).toEqual([
      [changing.alertId, "inprogress", "soc@contoso.com"],
    ]);

    sim.clock.set(NOW + 10 * MIN);
    const quiet = await poll(source, state, NOW + 10 * MIN);
    expect(quiet.fresh).toEqual([]);
    expect(quiet.repeats).toBe(2);

    sim.tenant.update(
      changing,
      { status: "resolved", classification: "truePositive", determination: "malware" },
      NOW + 12 * MIN,
    );
    sim.clock.set(NOW + 15 * MIN);
    ({ fresh } = await poll(source, quiet.state, NOW + 15 * MIN));
    expect(fresh.map((r) => [r.record.id, status(r), String(r.record.classification).toLowerCase()])).toEqual([
      [changing.alertId, "resolved", "truepositive"],
    ]);
  });

  it("over six hours of alerts taken and resolved by analysts, forwards every version the API showed exactly once", async () => {
    await sim.close();
    sim = await startSimulator({
      now: NOW,
      ratePerMinute: 1,
      historyMs: 0,
      lateFraction: 0.2,
      lateByMs: 15 * MIN,
      seed: 5,
      rateLimits: false,
    });
    const source = create();
    let state = EMPTY_STATE;
    const forwarded: string[] = [];
    const shown = new Set<string>();
    let repeats = 0;
    for (let now = NOW; now <= NOW + 6 * 60 * MIN; now += 5 * MIN) {
      sim.clock.set(now);
      const result = await poll(source, state, now);
      state = result.state;
      repeats += result.repeats;
      forwarded.push(...result.fresh.map((r) => `${String(r.record.id)}@${r.time.getTime()}`));
      for (const alert of sim.tenant.store.visible(now)) shown.add(`${alert.alertId}@${stateAt(alert, now).at}`);
    }
    expect(forwarded.length).toBe(new Set(forwarded).size);
    expect(new Set(forwarded)).toEqual(shown);
    expect(forwarded.length).toBeGreaterThan(sim.tenant.store.size + 100);
    expect(repeats).toBeGreaterThan(forwarded.length);
  });
});
