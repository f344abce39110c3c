/**
 * The Grafana dashboard and the Prometheus rules in contrib/ read metrics the forwarder serves: every metric they name
 * is in /metrics, and the rules pass promtool (Debian package prometheus) and their own promtool unit tests.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { Metrics } from "../../../src/health/metrics.js";
import { buildHealthServer } from "../../../src/health/server.js";

const run = promisify(execFile);
const contrib = fileURLToPath(new URL("../../../contrib/", import.meta.url));
const dashboard = readFileSync(`${contrib}grafana/mde-forwarder.json`, "utf8");
const rules = readFileSync(`${contrib}prometheus/alerts.yaml`, "utf8");

/** Metric names in PromQL text: the forwarder's own and the process metrics. */
const named = (text: string) => [...new Set(text.match(/\b(?:mdefwd|process|nodejs)_[a-z_]+\b/g) ?? [])].sort();

async function served(): Promise<Set<string>> {
  const app = buildHealthServer({
    metrics: new Metrics(),
    readiness: () => ({ ready: true }),
    status: () => ({}),
  });
  const body = (await app.inject({ url: "/metrics" })).body;
  await app.close();
  return new Set([...body.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]!));
}

describe("monitoring in contrib/", () => {
  it("names only metrics that /metrics serves", async () => {
    const metrics = await served();
    const expressions = [
      ...(JSON.parse(dashboard) as { panels: { targets?: { expr: string }[] }[] }).panels.flatMap((p) =>
        (p.targets ?? []).map((t) => t.expr),
      ),
    ].join("\n");
    expect(named(expressions).length).toBeGreaterThan(10);
    expect(named(expressions).filter((m) => !metrics.has(m))).toEqual([]);
    expect(named(rules).length).toBeGreaterThan(4);
    expect(named(rules).filter((m) => !metrics.has(m))).toEqual([]);
  });

  it("has rules that promtool accepts and that fire on the series they are for", async () => {
    const checked = await run("promtool", ["check", "rules", `${contrib}prometheus/alerts.yaml`]);
    expect(checked.stdout).toContain("SUCCESS: 4 rules found");
    const tested = await run("promtool", ["test", "rules", `${contrib}prometheus/alerts.test.yaml`]);
    expect(tested.stdout).toContain("SUCCESS");
  });
});
