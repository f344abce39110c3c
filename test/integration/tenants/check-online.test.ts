/**
 * `check --online` with `tenants:`: every tenant's token and API request against simulated tenants, one line each in
 * the file's order, the output (a real rsyslog) probed once, the test event sent once; a tenant with a wrong secret
 * makes it exit 1, naming that tenant, while the others are still reported.
 */
import { afterEach, describe, expect, it } from "vitest";
import { TEST_EVENT_NAME } from "../../../src/cli/test-event.js";
import { startTenantsSimulator, type TenantsSimulator } from "../../../src/simulator/tenants.js";
import { runCli } from "../../support/cli.js";
import { startRsyslog, type Rsyslog } from "../../support/rsyslog.js";
import { tempDir } from "../../support/temp.js";
import { writeTenantsConfig } from "../../support/tenants-setup.js";

let sims: TenantsSimulator;
let rsyslog: Rsyslog;

afterEach(async () => {
  await Promise.all([sims?.close(), rsyslog?.dispose()]);
});

async function start(count: number) {
  [sims, rsyslog] = await Promise.all([startTenantsSimulator({ count, ratePerMinute: 0 }), startRsyslog()]);
}

const tenantLines = (stdout: string) => stdout.split("\n").filter((l) => /^ {2}tenant-\d+ /.test(l));

describe("check --online with tenants", () => {
  it("checks every tenant, a few at once, then the output and the test event once", async () => {
    await start(6);
    const config = writeTenantsConfig({ sims, rsyslog, stateDir: tempDir(), top: "concurrency: 2" });
    const result = await runCli(["check", "-c", config, "--online", "--test-event"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("  tenants   6, checked 2 at once\n");
    const lines = tenantLines(result.stdout);
    expect(lines.map((l) => l.trim().split(/\s+/)[0])).toEqual(sims.tenants.map((t) => t.name));
    for (const [i, line] of lines.entries())
      expect(line).toMatch(
        new RegExp(`token obtained from .*${sims.tenants[i]!.tenantId}.*; API siem: 0 records in the last hour$`),
      );
    expect(result.stdout.match(/^ {2}output {4}tcp 127\.0\.0\.1:\d+: connected/gm)).toHaveLength(1);
    expect(result.stdout.match(/^ {2}test {6}sent to /gm)).toHaveLength(1);
    // Each tenant asked for one token and made one API request.
    for (const t of sims.tenants) expect(t.requests.filter((r) => r.path.endsWith("/api/alerts"))).toHaveLength(1);
    const received = await rsyslog.read("tcp");
    expect(received.match(new RegExp(TEST_EVENT_NAME, "g"))?.length).toBeGreaterThan(0);
    expect(received.trimEnd().split("\n")).toHaveLength(1);
  });

  it("exits 1 naming the tenants that failed, after reporting every tenant and the output", async () => {
    await start(5);
    const config = writeTenantsConfig({
      sims,
      rsyslog,
      stateDir: tempDir(),
      edit: (name, lines) =>
        ["tenant-2", "tenant-4"].includes(name) ? lines.replace(/clientSecret: \S+/, "clientSecret: wrong") : lines,
    });
    const result = await runCli(["check", "-c", config, "--online"]);
    expect(result.code).toBe(1);
    const lines = tenantLines(result.stdout);
    expect(lines).toHaveLength(5);
    expect(lines.filter((l) => l.includes("FAILED")).map((l) => l.trim().split(/\s+/)[0])).toEqual([
      "tenant-2",
      "tenant-4",
    ]);
    expect(lines.find((l) => l.includes("tenant-2"))).toMatch(/FAILED: .*7000215/);
    expect(result.stdout).toMatch(/^ {2}output {4}tcp 127\.0\.0\.1:\d+: connected/m);
    expect(result.stderr.trim()).toMatch(
      /^2 of 5 tenants failed the online check \(tenant-2, tenant-4\); tenant-2: .*7000215/,
    );
    expect(result.stderr.split("\n").filter(Boolean)).toHaveLength(1);
    expect(result.stdout + result.stderr).not.toContain("clientSecret: wrong");
  });
});
