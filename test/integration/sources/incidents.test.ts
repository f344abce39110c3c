/**
 * The incidents source against the simulated tenant's incidents view: six simulated hours of incidents opened,
 * joined by alerts, taken, resolved and merged, read as the pipeline reads them (pieces, de-duplication, the
 * checkpoint), every version the API showed forwarded exactly once; a merge; one message per alert; the filters.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadMapping } from "../../../src/mapping/load.js";
import { PieceSpan, planRange, readPieces } from "../../../src/pipeline/pieces.js";
import { startSimulator, type Simulator } from "../../../src/simulator/index.js";
import { incidentsOptions, type IncidentsConfig } from "../../../src/sources/incidents/options.js";
import type { Source, SourceRecord } from "../../../src/sources/source.js";
import { afterDelivery, EMPTY_STATE, withoutRepeats, type SourceState } from "../../../src/state/checkpoint.js";
import { decodeCef } from "../../support/cef-decoder.js";
import { decodeLeef } from "../../support/leef-decoder.js";
import { incidentsSourceFor } from "../../support/source-setup.js";

type Item = Record<string, unknown>;

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

  const create = (overrides: Partial<IncidentsConfig> = {}) => incidentsSourceFor(sim, overrides);

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
    expect(forwarded.length).toBe(new Set(forwarded).size);
    expect(new Set(forwarded)).toEqual(shown);
  });

  /** Two alerts of two different incidents, both open at NOW. */
  const twoIncidents = () => {
    const first = sim.tenant.add({ lastProcessed: NOW - 20 * MIN });
    for (let i = 0; i < 50; i++) {
      const second = sim.tenant.add({ lastProcessed: NOW - 10 * MIN });
      const [a, b] = [first, second].map((x) => sim.tenant.incidents.incidentOf(x, NOW));
      if (a && b && a !== b) return { into: first, from: second };
    }
    throw new Error("no two alerts in two incidents");
  };

  it("a merge: the merged incident says which it went into, the surviving one's new version comes once", async () => {
    const source = create();
    const { into, from } = twoIncidents();
    const book = sim.tenant.incidents;
    const intoId = String(book.incidentOf(into, NOW)!.id);
    const fromId = String(book.incidentOf(from, NOW)!.id);
    const first = await poll(source, EMPTY_STATE, NOW);
    const before = new Map(first.fresh.map((r) => [String(r.record.id), r.record]));
    expect([...before.keys()].sort()).toEqual([intoId, fromId].sort());

    const mergedAt = NOW + 2 * MIN;
    book.merge(from, into, mergedAt);
    sim.clock.set(NOW + 5 * MIN);
    const second = await poll(source, first.state, NOW + 5 * MIN);
    const versions = second.fresh.map((r) => [String(r.record.id), r.time.getTime()]);
    expect(versions.sort()).toEqual([intoId, fromId].sort().map((id) => [id, mergedAt]));
    const merged = second.fresh.find((r) => r.record.id === fromId)!.record;
    const survivor = second.fresh.find((r) => r.record.id === intoId)!.record;
    expect(merged).toMatchObject({ status: "redirected", redirectIncidentId: intoId, alerts: [], alertIds: [] });
    expect(survivor.redirectIncidentId).toBeNull();
    expect(survivor.alertIds).toEqual(
      expect.arrayContaining([
        ...(before.get(intoId)!.alertIds as string[]),
        ...(before.get(fromId)!.alertIds as string[]),
      ]),
    );

    const tenant = { name: "default", id: sim.tenantId };
    const cef = decodeCef((await loadMapping("builtin:incidents-cef")).encode(merged, 8192, tenant).text).extension;
    expect(cef).toMatchObject({ externalId: fromId, cat: "redirected", cs4Label: "RedirectIncidentId", cs4: intoId });
    const leef = decodeLeef((await loadMapping("builtin:incidents-leef")).encode(merged, 8192, tenant).text);
    expect(leef.attributes).toMatchObject({ IncidentId: fromId, Status: "redirected", RedirectIncidentId: intoId });

    sim.clock.set(NOW + 10 * MIN);
    const third = await poll(source, second.state, NOW + 10 * MIN);
    expect(third.fresh).toEqual([]);
    expect(third.repeats).toBeGreaterThanOrEqual(2);
  });

  it("messagePer: alert makes one message per alert of each version, with the incident's id, name, status, URL", async () => {
    await sim.close();
    sim = await startSimulator({ now: NOW, ratePerMinute: 1, historyMs: 0, seed: 5, rateLimits: false });
    const now = NOW + 3 * 60 * MIN;
    sim.clock.set(now);
    const [whole, each] = await Promise.all([
      poll(create(), EMPTY_STATE, now),
      poll(create({ messagePer: "alert" }), EMPTY_STATE, now),
    ]);
    expect(whole.fresh.length).toBeGreaterThan(5);
    const expected = whole.fresh.flatMap(({ record, identity }): { identity: string; record: Item }[] => {
      const alerts = record.alerts as Record<string, unknown>[];
      const incident = {
        id: record.id,
        displayName: record.displayName,
        status: record.status,
        incidentWebUrl: record.incidentWebUrl,
        alertCount: alerts.length,
      };
      if (alerts.length === 0) return [{ identity, record: { ...incident, alerts: [] } }];
      return alerts.map((alert, i) => ({
        identity: `${identity}#${String(alert.id)}`,
        record: { ...incident, alerts: [alert], alertIds: [alert.id], alertIndex: i },
      }));
    });
    expect(each.fresh.length).toBeGreaterThan(whole.fresh.length);
    expect(each.fresh.map((r) => r.identity)).toEqual(expected.map((e) => e.identity));
    each.fresh.forEach((r, i) => expect(r.record).toMatchObject(expected[i]!.record));
  });

  it("filters on status and severity in Graph's spelling, one request per listed value, with $expand=alerts", async () => {
    await sim.close();
    sim = await startSimulator({ now: NOW, ratePerMinute: 1, historyMs: 0, seed: 5, rateLimits: false });
    const now = NOW + 3 * 60 * MIN;
    sim.clock.set(now);
    const all = await poll(create(), EMPTY_STATE, now);
    const query = { ...incidentsOptions.shape.query.parse(undefined), status: ["resolved", "redirected"] };
    const asked = sim.requests.length;
    const some = await poll(create({ query: { ...query, severity: ["high", "medium"] } }), EMPTY_STATE, now);
    const wanted = all.fresh.filter(
      (r) =>
        ["resolved", "redirected"].includes(String(r.record.status)) &&
        ["high", "medium"].includes(String(r.record.severity)),
    );
    expect(wanted.length).toBeGreaterThan(0);
    expect(some.fresh.map((r) => r.identity).sort()).toEqual(wanted.map((r) => r.identity).sort());
    const filters = sim.requests
      .slice(asked)
      .filter((r) => r.path === "/v1.0/security/incidents")
      .map((r) => [r.query.$filter?.[0]?.replace(/^.* lastUpdateDateTime lt \S+ and /, ""), r.query.$expand?.[0]]);
    // Each piece of the range asks once for each combination.
    expect(new Set(filters.map(String))).toEqual(
      new Set(
        ["resolved", "redirected"].flatMap((st) =>
          ["high", "medium"].map((sev) => String([`status eq '${st}' and severity eq '${sev}'`, "alerts"])),
        ),
      ),
    );
  });
});
