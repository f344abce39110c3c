/**
 * Six simulated hours of incidents (opened, joined by alerts, taken, resolved, merged) forwarded by the built CLI to a
 * real rsyslog over TCP with builtin:incidents-cef: every version the API showed arrives exactly once, none is
 * missed, with `once` run every five simulated minutes and with `run` polling while the simulated clock moves. The
 * simulator's clock is the API's (its Date header), so the forwarder follows it.
 */
import { afterEach, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../../src/simulator/index.js";
import { ticksTime } from "../../../src/simulator/views/times.js";
import { decodeCef } from "../../support/cef-decoder.js";
import { runBuiltCli, startRunProcess } from "../../support/cli-process.js";
import { deliveryCounts, fullIds, waitForIdentities, writeForwarderConfig } from "../../support/forwarder-setup.js";
import { startRsyslog, type Rsyslog } from "../../support/rsyslog.js";
import { tempDir } from "../../support/temp.js";

const NOW = Date.parse("2024-05-01T12:00:00Z");
const MIN = 60_000;
const STEPS = (6 * 60) / 5;

/** Every incident version the API shows at `now`, as the mapping's IncidentVersion writes it. */
function shownAt(sim: Simulator, now: number): string[] {
  sim.tenant.advanceTo(now);
  const book = sim.tenant.incidents;
  return book.incidents(now).map((i) => `${i.id}@${ticksTime(book.stateAt(i, now).lastUpdate, 0)}`);
}

describe("six simulated hours of incidents to rsyslog", () => {
  let sim: Simulator;
  let rsyslog: Rsyslog;
  afterEach(async () => {
    await Promise.all([sim?.close(), rsyslog?.dispose()]);
  });

  const setUp = async (seed: number) => {
    [sim, rsyslog] = await Promise.all([
      startSimulator({ now: NOW, ratePerMinute: 1, historyMs: 0, seed, rateLimits: false }),
      startRsyslog(),
    ]);
    return writeForwarderConfig({ sim, api: "incidents", rsyslog, stateDir: tempDir() });
  };

  it("once, every five simulated minutes: each version exactly once", { timeout: 900_000 }, async () => {
    const config = await setUp(5);
    const shown = new Set<string>();
    for (let step = 0; step <= STEPS; step++) {
      sim.clock.set(NOW + step * 5 * MIN);
      const result = await runBuiltCli(["once", "-c", config]);
      expect([step, result.code, result.stderr, result.stdout.slice(-2000)]).toEqual([step, 0, "", expect.anything()]);
      for (const version of shownAt(sim, NOW + step * 5 * MIN)) shown.add(version);
    }
    const arrived = await waitForIdentities(rsyslog, [...shown], 60_000);
    expect(deliveryCounts([...shown], arrived)).toEqual({ lost: 0, duplicates: 0, unexpected: 0 });
    const messages = (await rsyslog.read("tcp"))
      .trimEnd()
      .split("\n")
      .map((l) => decodeCef(l.slice(l.indexOf("CEF:"))).extension);
    // Without tenants: the tenant is "default", with the configured tenantId (the incident's own here).
    expect(messages.filter((e) => e.TenantName !== "default" || e.TenantId !== sim.tenantId)).toEqual([]);
    const redirected = messages.filter((e) => e.cat === "redirected");
    expect(redirected.length).toBeGreaterThan(0);
    for (const e of redirected) expect(e.cs4Label === "RedirectIncidentId" && /^\d+$/.test(e.cs4 ?? "")).toBe(true);
  });

  it("run, polling while the simulated clock moves: each version exactly once", { timeout: 900_000 }, async () => {
    const config = await setUp(6);
    const run = startRunProcess(config, "error");
    const shown = new Set<string>();
    try {
      for (let step = 0; step <= STEPS; step++) {
        sim.clock.set(NOW + step * 5 * MIN);
        for (const version of shownAt(sim, NOW + step * 5 * MIN)) shown.add(version);
        const arrived = await waitForIdentities(rsyslog, [...shown], 30_000);
        expect([step, deliveryCounts([...shown], arrived).lost]).toEqual([step, 0]);
      }
      // A few more polls re-read the last versions inside the overlap: none may arrive again.
      await new Promise((resolve) => setTimeout(resolve, 2500));
    } finally {
      run.kill("SIGTERM");
    }
    expect(await run.exited).toEqual({ code: 0, signal: null });
    const arrived = fullIds((await rsyslog.read("tcp")).trimEnd().split("\n"));
    expect(deliveryCounts([...shown], arrived)).toEqual({ lost: 0, duplicates: 0, unexpected: 0 });
  });
});
