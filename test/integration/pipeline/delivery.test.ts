/**
 * The forwarder's delivery promises, end to end: the simulated tenant over HTTP, the real stages, a real rsyslog
 * over TCP. Each test reads back, by FullId, what arrived.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildHealthServer } from "../../../src/health/server.js";
import { siemRecords, startSimulator, type Simulator } from "../../../src/simulator/index.js";
import { pino } from "pino";
import { startDaemon } from "../../../src/daemon.js";
import { Metrics } from "../../../src/health/metrics.js";
import { StateStore } from "../../../src/state/store.js";
import {
  deliveryCounts,
  forwarderConfig,
  fullIds,
  inProcessForwarder,
  waitForIdentities,
} from "../../support/forwarder-setup.js";
import { startRsyslog, type Rsyslog } from "../../support/rsyslog.js";
import { tempDir } from "../../support/temp.js";

const MIN = 60_000;
let sim: Simulator;
let rsyslog: Rsyslog;
let stateDir: string;
const closers: (() => Promise<unknown>)[] = [];

beforeEach(async () => {
  [sim, rsyslog] = await Promise.all([startSimulator({ ratePerMinute: 0 }), startRsyslog()]);
  stateDir = tempDir();
});
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  await Promise.all([sim.close(), rsyslog.dispose()]);
});

async function forwarder(source = "", output = "") {
  const f = await inProcessForwarder({ sim, rsyslog, stateDir, source, output });
  closers.push(() => f.close(2000));
  return f;
}

const idsOf = (alerts: ReturnType<Simulator["tenant"]["add"]>[]) =>
  alerts.flatMap((a) => siemRecords(a).map((r) => String(r.FullId)));
const arrived = async (count: number) => fullIds(await rsyslog.waitForLines("tcp", count));

describe("poll cycles against the simulator and rsyslog", () => {
  it("delivers every record exactly once over several cycles, late-visible records inside the overlap included", async () => {
    const now = Date.now();
    const onTime = sim.tenant.addRecords(60, now - 50 * MIN, now - MIN);
    const f = await forwarder();

    // Late records: their time is in the past, but the API shows them only after a cycle read that time.
    const first = await f.forwarder.cycle();
    const late = [1, 2, 3, 4, 5].map((i) => sim.tenant.add({ lastProcessed: now - i * MIN }));
    const second = await f.forwarder.cycle();
    const veryLate = [sim.tenant.add({ lastProcessed: now - 8 * MIN })];
    const third = await f.forwarder.cycle();
    await f.forwarder.cycle();

    const expected = idsOf([...onTime, ...late, ...veryLate]);
    const got = await arrived(expected.length);
    await sleep(300);
    expect(deliveryCounts(expected, fullIds(await rsyslog.waitForLines("tcp", 0)))).toEqual({
      lost: 0,
      duplicates: 0,
      unexpected: 0,
    });
    expect(got).toHaveLength(expected.length);
    expect(first.sent).toBe(idsOf(onTime).length);
    expect(second.sent).toBe(idsOf(late).length);
    expect(second.repeats).toBeGreaterThan(0);
    expect(third.sent).toBe(idsOf(veryLate).length);
  });

  it("holds the checkpoint while the receiver is down for several cycles, reports not ready, then delivers everything once", async () => {
    const now = Date.now();
    const before = sim.tenant.addRecords(20, now - 30 * MIN, now - 20 * MIN);
    const f = await forwarder();
    const health = buildHealthServer({
      metrics: f.metrics,
      readiness: () => f.forwarder.readiness(1000),
      status: () => f.forwarder.status(),
    });
    await f.forwarder.cycle();
    await arrived(idsOf(before).length);
    expect((await health.inject("/readyz")).statusCode).toBe(200);
    const checkpoint = (f.forwarder.status() as { checkpoint: string }).checkpoint;

    await rsyslog.stop();
    const during = sim.tenant.addRecords(30, now - 9 * MIN, now - MIN);
    for (let i = 0; i < 3; i++) await expect(f.forwarder.cycle()).rejects.toThrow();
    const notReady = await health.inject("/readyz");
    expect(notReady.statusCode).toBe(503);
    expect(notReady.json<{ reason: string }>().reason).toMatch(/^last poll cycle failed: /);
    expect((f.forwarder.status() as { checkpoint: string }).checkpoint).toBe(checkpoint);

    await rsyslog.start();
    await f.forwarder.cycle();
    expect((await health.inject("/readyz")).statusCode).toBe(200);
    const expected = idsOf([...before, ...during]);
    const counts = deliveryCounts(expected, await waitForIdentities(rsyslog, expected));
    expect(counts).toMatchObject({ lost: 0, unexpected: 0 });
    // A receiver stopped while idle may lose nothing but can cause resends of the last writes: counted, not hidden.
    expect(counts.duplicates).toBeLessThanOrEqual(
      await f.metrics.transportResent.get().then((m) => m.values[0]?.value ?? 0),
    );
    await health.close();
  });

  it("loses nothing and sends nothing twice through API faults: 500, 429, truncated body, expired token", async () => {
    const now = Date.now();
    const batches = [0, 1, 2, 3, 4].map((i) =>
      sim.tenant.addRecords(15, now - (50 - i * 10) * MIN, now - (45 - i * 10) * MIN),
    );
    const f = await forwarder("  maxRetries: 1\n  maxRetryWait: PT2S\n  maxWindow: PT20M");
    sim.faults.add("api", { kind: "status", status: 500 }, 2);
    await expect(f.forwarder.cycle()).rejects.toThrow();
    sim.faults.add("api", { kind: "status", status: 429, retryAfter: 1 });
    await f.forwarder.cycle();
    sim.faults.add("api", { kind: "truncate", afterRecords: 3 }, 2);
    await expect(f.forwarder.cycle()).rejects.toThrow();
    sim.entra.expireAll();
    await f.forwarder.cycle();
    await f.forwarder.cycle();

    const expected = idsOf(batches.flat());
    await arrived(expected.length);
    await sleep(300);
    expect(deliveryCounts(expected, fullIds(await rsyslog.waitForLines("tcp", expected.length)))).toEqual({
      lost: 0,
      duplicates: 0,
      unexpected: 0,
    });
    expect(sim.requests.some((r) => r.status === 401)).toBe(true);
  });

  it("a stop abandons a cycle that outlives its grace period without moving the checkpoint", async () => {
    const now = Date.now();
    const alerts = sim.tenant.addRecords(40, now - 30 * MIN, now - MIN);
    // One window, so the slow request is the one holding the records.
    const config = await forwarderConfig({ sim, rsyslog, stateDir, source: "  lookback: PT40M" });
    sim.faults.add("api", { kind: "slow", delayMs: 4000 });
    const daemon = await startDaemon(config, {
      logger: pino({ level: "silent" }),
      metrics: new Metrics({ processMetrics: false }),
      cycleGraceMs: 300,
      flushMs: 500,
    });
    // The fault is taken when the API request starts: the cycle is then waiting for the slow response.
    while (sim.faults.pending > 0) await new Promise((r) => setTimeout(r, 20));
    await daemon.stop();
    const store = await StateStore.open(stateDir, { api: "siem", tenantId: sim.tenantId });
    expect((await store.load()).checkpoint).toBeUndefined();
    await store.close();
    const f = await forwarder();
    await f.forwarder.cycle();
    expect(deliveryCounts(idsOf(alerts), await waitForIdentities(rsyslog, idsOf(alerts)))).toEqual({
      lost: 0,
      duplicates: 0,
      unexpected: 0,
    });
  });

  it("serves health endpoints with the values of known cycles", async () => {
    const now = Date.now();
    // Inside the overlap, so the second cycle fetches them again and recognises every one.
    const alerts = sim.tenant.addRecords(25, now - 8 * MIN, now - MIN);
    const f = await forwarder();
    const health = buildHealthServer({
      metrics: f.metrics,
      readiness: () => f.forwarder.readiness(1000),
      status: () => f.forwarder.status(),
    });
    expect((await health.inject("/readyz")).json()).toEqual({
      status: "not ready",
      reason: "starting: the first poll cycle has not finished yet",
    });
    await f.forwarder.cycle();
    await f.forwarder.cycle();
    const metrics = (await health.inject("/metrics")).body;
    const sent = idsOf(alerts).length;
    expect(metrics).toContain('mdefwd_polls_total{result="success"} 2');
    expect(metrics).toContain(`mdefwd_records_fetched_total ${2 * sent}`);
    expect(metrics).toContain(`mdefwd_records_sent_total ${sent}`);
    expect(metrics).toContain(`mdefwd_records_duplicate_total ${sent}`);
    const requests = sim.requests.filter((r) => r.path === "/api/alerts").length;
    expect(metrics).toMatch(new RegExp(`mdefwd_api_requests_total\\{endpoint="[^"]+",status="200"\\} ${requests}\n`));
    const status = (await health.inject("/status")).json<Record<string, unknown>>();
    expect(status).toMatchObject({
      mapping: "builtin:siem-cef",
      identitiesInOverlap: expect.any(Number),
      lastCycle: { sent: 0, repeats: sent },
    });
    expect(JSON.stringify(status)).not.toContain(sim.clientSecret);
    expect((await health.inject("/healthz")).statusCode).toBe(200);
    await health.close();
  });
});
