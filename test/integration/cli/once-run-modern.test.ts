/**
 * `once` and `run` with the Alerts API and Graph sources and their default mappings, as a user runs them: the built
 * CLI, the simulated tenant over HTTP, a real rsyslog over TCP. Messages are read back by their alert version
 * (flexString2 = id@last update), so an update arrives as one more message and nothing arrives twice.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { describe, expect, it } from "vitest";
import type { SimAlert } from "../../../src/simulator/alerts.js";
import { alertsApiAlert } from "../../../src/simulator/views/alerts-api.js";
import { graphAlert } from "../../../src/simulator/views/graph.js";
import { decodeCef } from "../../support/cef-decoder.js";
import { CLI, runBuiltCli } from "../../support/cli-process.js";
import {
  deliveryCounts,
  useTenantAndReceiver,
  waitForIdentities,
  writeForwarderConfig,
} from "../../support/forwarder-setup.js";
import { tempDir } from "../../support/temp.js";

const MIN = 60_000;
const env = useTenantAndReceiver();

const VIEWS = {
  alerts: (a: SimAlert) =>
    `${a.alertId}@${String(alertsApiAlert(a, Date.now(), { evidence: false, tenantId: env.sim.tenantId }).lastUpdateTime)}`,
  graph: (a: SimAlert) =>
    `${a.alertId}@${String(graphAlert(a, Date.now(), { evidence: false, tenantId: env.sim.tenantId, unknownEnumMembers: true }).lastUpdateDateTime)}`,
};

describe.each(["alerts", "graph"] as const)("the %s source end to end", (api) => {
  const version = (a: SimAlert) => VIEWS[api](a);

  it("once: sends the window's alerts to env.rsyslog with the default mapping and exits 0", async () => {
    const now = Date.now();
    const alerts = Array.from({ length: 30 }, (_, i) =>
      env.sim.tenant.add({ lastProcessed: now - 30 * MIN + i * 10_000 }),
    );
    const expected = alerts.map(version);
    const config = writeForwarderConfig({ sim: env.sim, api, rsyslog: env.rsyslog, stateDir: tempDir() });
    const result = await runBuiltCli(["once", "-c", config, "--since", "PT31M", "--until", "PT24M"]);
    expect(result.code).toBe(0);
    expect(deliveryCounts(expected, await waitForIdentities(env.rsyslog, expected))).toMatchObject({
      lost: 0,
      duplicates: 0,
    });
    const lines = (await env.rsyslog.read("tcp")).split("\n").filter((l) => l.includes(alerts[0]!.alertId));
    expect(decodeCef(lines[0]!.slice(lines[0]!.indexOf("CEF:")))).toMatchObject({
      product: "Microsoft Defender ATP",
      name: alerts[0]!.detection.title,
    });
  });

  it("run: forwards each alert once, then its update once, and stops with exit 0", async () => {
    const now = Date.now();
    const alerts = Array.from({ length: 10 }, (_, i) =>
      env.sim.tenant.add({ lastProcessed: now - 5 * MIN + i * 1000 }),
    );
    const config = writeForwarderConfig({ sim: env.sim, api, rsyslog: env.rsyslog, stateDir: tempDir() });
    const child = spawn(process.execPath, [CLI, "run", "-c", config, "--log-level", "error"], { stdio: "ignore" });
    const exited = once(child, "exit");
    try {
      const first = alerts.map(version);
      expect(deliveryCounts(first, await waitForIdentities(env.rsyslog, first))).toMatchObject({
        lost: 0,
        duplicates: 0,
      });
      env.sim.tenant.update(
        alerts[3]!,
        { status: "resolved", classification: "truePositive", determination: "malware" },
        Date.now(),
      );
      const all = [...first, version(alerts[3]!)];
      await waitForIdentities(env.rsyslog, all);
      // A few more polls re-read the same alerts inside the overlap: none may arrive again.
      await new Promise((r) => setTimeout(r, 2500));
      expect(deliveryCounts(all, await waitForIdentities(env.rsyslog, all))).toMatchObject({ lost: 0, duplicates: 0 });
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toEqual([0, null]);
  });
});
