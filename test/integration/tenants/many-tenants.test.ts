/**
 * `tenants:` with the built CLI, simulated tenants and a real rsyslog: thirty tenants in one `run`, each record once
 * and naming its tenant; a tenant with a wrong secret reported while the others deliver; a reload that adds and
 * removes tenants; a SIGKILL during a multi-tenant catch-up.
 */
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { startTenantsSimulator, type TenantsSimulator } from "../../../src/simulator/tenants.js";
import { assertBuilt, startRunProcess, type RunProcess } from "../../support/cli-process.js";
import { freeTcpPort } from "../../support/ports.js";
import { startRsyslog, type Rsyslog } from "../../support/rsyslog.js";
import { tempDir } from "../../support/temp.js";
import {
  addRecordsToEach,
  arrivals,
  tenantDelivery,
  waitForTenants,
  writeTenantsConfig,
} from "../../support/tenants-setup.js";

const MIN = 60_000;
let sims: TenantsSimulator;
let rsyslog: Rsyslog;

beforeAll(() => assertBuilt());
afterEach(async () => {
  await Promise.all([sims?.close(), rsyslog?.dispose()]);
});

async function start(count: number) {
  [sims, rsyslog] = await Promise.all([startTenantsSimulator({ count, ratePerMinute: 0 }), startRsyslog()]);
}

async function stop(child: RunProcess): Promise<number | null> {
  await child.waitForOutput('"msg":"mde-forwarder started"');
  child.kill("SIGTERM");
  return (await child.exited).code;
}

const getJson = async (url: string) => {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

/** The tenants named by any series on /metrics. */
async function metricTenants(port: number): Promise<Set<string>> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  return new Set([...text.matchAll(/[{,]tenant="([^"]+)"/g)].map((m) => m[1]!));
}

interface TenantStatus {
  name: string;
  checkpoint: string | null;
  lastSuccess: string | null;
  lastError: { message: string } | null;
}

async function waitFor<T>(what: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await what();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("many tenants in one process", () => {
  it("delivers thirty tenants' records exactly once, each message naming its tenant", async () => {
    await start(30);
    const stateDir = tempDir();
    const expected = addRecordsToEach(sims, 40);
    const port = await freeTcpPort();
    const child = startRunProcess(writeTenantsConfig({ sims, rsyslog, stateDir, healthPort: port }));
    const lines = await waitForTenants(rsyslog, expected);
    await child.waitForOutput('"msg":"mde-forwarder started"');
    const status = await waitFor(
      () => getJson(`http://127.0.0.1:${port}/status`),
      (s) => (s.body.tenants as TenantStatus[]).every((t) => t.checkpoint !== null),
    );
    expect(await stop(child)).toBe(0);

    const counts = tenantDelivery(expected, lines);
    const total = [...expected.values()].reduce((sum, ids) => sum + ids.length, 0);
    console.log(`30 tenants, ${total} records: lost ${counts.lost}, duplicates ${counts.duplicates}`);
    expect(counts).toEqual({ lost: 0, duplicates: 0, unexpected: 0 });
    expect(new Set(arrivals(lines).map((a) => a.tenant)).size).toBe(30);
    // Each message carries its tenant's configured tenant ID too.
    const ids = new Map(sims.tenants.map((t) => [t.name, t.tenantId]));
    for (const line of lines) {
      const tenant = /TenantName=(\S+)/.exec(line)?.[1];
      expect(line).toContain(`TenantId=${ids.get(tenant!)}`);
    }
    const tenants = status.body.tenants as TenantStatus[];
    expect(tenants.map((t) => t.name)).toEqual(sims.tenants.map((t) => t.name));
    expect(tenants.filter((t) => t.lastError !== null)).toEqual([]);
    // Each tenant's state is its own file.
    const files = readdirSync(stateDir).filter((f) => f.endsWith(".json"));
    expect(files).toHaveLength(30);
    expect(files).toContain(`tenant-01.siem-${sims.tenants[0]!.tenantId}.json`);
  });

  it("reports a tenant with a wrong secret in /status and /readyz while the others deliver", async () => {
    await start(5);
    const stateDir = tempDir();
    const expected = addRecordsToEach(sims, 20);
    const port = await freeTcpPort();
    const config = writeTenantsConfig({
      sims,
      rsyslog,
      stateDir,
      healthPort: port,
      edit: (name, lines) => (name === "tenant-3" ? lines.replace(/clientSecret: \S+/, "clientSecret: wrong") : lines),
    });
    const child = startRunProcess(config);
    expected.delete("tenant-3");
    const lines = await waitForTenants(rsyslog, expected);
    const status = await waitFor(
      () => getJson(`http://127.0.0.1:${port}/status`),
      (s) =>
        (s.body.tenants as TenantStatus[]).every((t) =>
          t.name === "tenant-3" ? t.lastError !== null : t.lastSuccess !== null,
        ),
    );
    const ready = await getJson(`http://127.0.0.1:${port}/readyz`);
    const readyOne = await getJson(`http://127.0.0.1:${port}/readyz?tenant=tenant-1`);
    const log = child.printed().stdout;
    expect(await stop(child)).toBe(0);

    expect(tenantDelivery(expected, lines)).toEqual({ lost: 0, duplicates: 0, unexpected: 0 });
    const tenants = status.body.tenants as TenantStatus[];
    const bad = tenants.find((t) => t.name === "tenant-3")!;
    expect(bad.checkpoint).toBeNull();
    expect(bad.lastError!.message).toMatch(/7000215|secret/i);
    expect(tenants.filter((t) => t.name !== "tenant-3").every((t) => t.lastError === null && t.checkpoint)).toBe(true);
    expect(ready.status).toBe(503);
    expect(ready.body.reason).toMatch(/^1 of 5 tenants not ready: tenant-3: last poll cycle failed/);
    expect(readyOne.status).toBe(200);
    // Its log lines say whose they are; the wrong secret is never logged.
    expect(log).toMatch(/"tenant":"tenant-3".*"msg":"poll cycle failed/);
    expect(log).not.toContain("clientSecret: wrong");
  });

  it("reloads the tenant list on SIGHUP: added start, removed stop with their state kept, a bad file is ignored", async () => {
    await start(5);
    const stateDir = tempDir();
    const first = ["tenant-1", "tenant-2", "tenant-3"];
    const expectedFirst = addRecordsToEach(sims, 20, first);
    const port = await freeTcpPort();
    const config = writeTenantsConfig({ sims, rsyslog, stateDir, only: first, healthPort: port });
    const child = startRunProcess(config);
    await waitForTenants(rsyslog, expectedFirst);
    const metricsBefore = await metricTenants(port);

    const second = ["tenant-2", "tenant-3", "tenant-4", "tenant-5"];
    const expectedSecond = addRecordsToEach(sims, 20, ["tenant-4", "tenant-5"]);
    writeTenantsConfig({ sims, rsyslog, stateDir, only: second, healthPort: port });
    child.kill("SIGHUP");
    await child.waitForOutput('"msg":"tenants reloaded"');
    await waitForTenants(rsyslog, expectedSecond);
    const metricsAfter = await metricTenants(port);
    // Records of a removed tenant are no longer fetched; those of the kept tenants still are.
    const late = addRecordsToEach(sims, 10, ["tenant-1", "tenant-2"], 2 * MIN);
    await waitForTenants(rsyslog, new Map([["tenant-2", late.get("tenant-2")!]]));

    writeFileSync(config, "source: [not, a, mapping\n");
    child.kill("SIGHUP");
    await child.waitForOutput("reload: the configuration is not usable; the running one is kept");
    const after = addRecordsToEach(sims, 10, ["tenant-5"], 2 * MIN);
    const lines = await waitForTenants(rsyslog, after);
    expect(await stop(child)).toBe(0);

    const reloaded = child
      .printed()
      .stdout.split("\n")
      .find((l) => l.includes('"msg":"tenants reloaded"'))!;
    expect(JSON.parse(reloaded)).toMatchObject({ added: ["tenant-4", "tenant-5"], removed: ["tenant-1"], changed: [] });
    const all = new Map([...expectedFirst, ...expectedSecond]);
    all.set("tenant-2", [...all.get("tenant-2")!, ...late.get("tenant-2")!]);
    all.set("tenant-5", [...all.get("tenant-5")!, ...after.get("tenant-5")!]);
    expect(tenantDelivery(all, lines)).toEqual({ lost: 0, duplicates: 0, unexpected: 0 });
    expect(existsSync(join(stateDir, `tenant-1.siem-${sims.tenants[0]!.tenantId}.json`))).toBe(true);
    // The removed tenant's series leave /metrics; the others' stay, the added ones' appear.
    expect(metricsBefore).toEqual(new Set(first));
    expect(metricsAfter).toEqual(new Set(second));
  });

  it(
    "delivers the other tenants while more tenants than concurrency have an API that never answers",
    { timeout: 360_000 },
    async () => {
      await start(6);
      const hung = sims.tenants.slice(0, 3);
      // Longer than the test: their requests are never answered while it runs.
      for (const t of hung) t.faults.add("api", { kind: "slow", delayMs: 600_000 }, 1000);
      const others = ["tenant-4", "tenant-5", "tenant-6"];
      const expected = addRecordsToEach(sims, 10, others);
      const port = await freeTcpPort();
      const config = writeTenantsConfig({
        sims,
        rsyslog,
        stateDir: tempDir(),
        healthPort: port,
        top: "concurrency: 2",
      });
      const child = startRunProcess(config);
      // A hung cycle gives way after 30 s (this schedule is of seconds) once others wait: the first two, then the
      // third.
      const lines = await waitForTenants(rsyslog, expected, 150_000);
      const status = await waitFor(
        () => getJson(`http://127.0.0.1:${port}/status`),
        (s) => (s.body.tenants as TenantStatus[]).filter((t) => t.lastError !== null).length === 3,
        150_000,
      );
      // Every hung tenant's API had answered nothing when the others' records had all arrived.
      const answered = hung.map((t) => t.requests.filter((r) => r.path.endsWith("/api/alerts")).length);
      expect(await stop(child)).toBe(0);

      expect(tenantDelivery(expected, lines)).toEqual({ lost: 0, duplicates: 0, unexpected: 0 });
      expect(answered).toEqual([0, 0, 0]);
      const tenants = status.body.tenants as TenantStatus[];
      for (const t of tenants.filter((t) => hung.some((h) => h.name === t.name)))
        expect(t.lastError?.message).toMatch(/held one of the concurrency places for 30 s/);
    },
  );

  it("loses nothing of any tenant when SIGKILLed during a multi-tenant catch-up", async () => {
    await start(10);
    const stateDir = tempDir();
    const expected = addRecordsToEach(sims, 1500);
    const config = writeTenantsConfig({ sims, rsyslog, stateDir });
    const count = async () => ((await rsyslog.read("tcp")).match(/\n/g) ?? []).length;
    for (const threshold of [1_000, 5_000, 10_000]) {
      const child = startRunProcess(config);
      while ((await count()) < threshold && child.exitCode === null) await new Promise((r) => setTimeout(r, 20));
      child.kill("SIGKILL");
      await child.exited;
    }
    const last = startRunProcess(config);
    const lines = await waitForTenants(rsyslog, expected, 120_000);
    expect(await stop(last)).toBe(0);

    const counts = tenantDelivery(expected, lines);
    console.log(`SIGKILL x3 during 10 tenants' 15,000 records: lost ${counts.lost}, duplicates ${counts.duplicates}`);
    expect(counts).toMatchObject({ lost: 0, unexpected: 0 });
  });
});
