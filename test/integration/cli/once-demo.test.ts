/** `once` and `demo` as a user runs them: the built CLI, the simulator over HTTP, rsyslog over TCP. */
import { describe, expect, it } from "vitest";
import { siemRecords } from "../../../src/simulator/index.js";
import { decodeCef } from "../../support/cef-decoder.js";
import { decodeLeef } from "../../support/leef-decoder.js";
import { runBuiltCli } from "../../support/cli-process.js";
import {
  deliveryCounts,
  useTenantAndReceiver,
  waitForIdentities,
  writeForwarderConfig,
} from "../../support/forwarder-setup.js";
import { tempDir } from "../../support/temp.js";

const MIN = 60_000;
const env = useTenantAndReceiver();

describe("once", () => {
  it("--dry-run prints every record of the window as CEF and moves no checkpoint", async () => {
    const stateDir = tempDir();
    const now = Date.now();
    const alerts = env.sim.tenant.addRecords(120, now - 50 * MIN, now - 40 * MIN);
    const config = writeForwarderConfig({ sim: env.sim, rsyslog: env.rsyslog, stateDir, output: "  header: none" });
    const result = await runBuiltCli(["once", "-c", config, "--since", "PT55M", "--until", "PT35M", "--dry-run"]);
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines.map((l) => decodeCef(l).extension.flexString2).sort()).toEqual(
      alerts.flatMap((a) => siemRecords(a).map((r) => String(r.FullId))).sort(),
    );
    expect(result.stderr).toContain('"msg":"poll cycle done"');
    const again = await runBuiltCli(["once", "-c", config, "--since", "PT55M", "--until", "PT35M", "--dry-run"]);
    expect(again.stdout.split("\n")).toHaveLength(lines.length + 1);
  });

  it("sends a window to env.rsyslog and exits 0; with the receiver down it exits 1 with one clear line", async () => {
    const stateDir = tempDir();
    const now = Date.now();
    const alerts = env.sim.tenant.addRecords(50, now - 30 * MIN, now - 25 * MIN);
    const expected = alerts.flatMap((a) => siemRecords(a).map((r) => String(r.FullId)));
    const config = writeForwarderConfig({ sim: env.sim, rsyslog: env.rsyslog, stateDir, output: "  retries: 1" });
    const sent = await runBuiltCli(["once", "-c", config, "--since", "PT31M", "--until", "PT24M"]);
    expect(sent.code).toBe(0);
    expect(deliveryCounts(expected, await waitForIdentities(env.rsyslog, expected))).toEqual({
      lost: 0,
      duplicates: 0,
      unexpected: expect.any(Number),
    });

    const downDir = tempDir();
    const down = writeForwarderConfig({
      sim: env.sim,
      rsyslog: { ...env.rsyslog, ports: { ...env.rsyslog.ports, tcp: 1 } },
      stateDir: downDir,
      output: "  retries: 1",
    });
    const failed = await runBuiltCli(["once", "-c", down, "--since", "PT31M", "--until", "PT24M"]);
    expect(failed.code).toBe(1);
    expect(failed.stderr.trimEnd().split("\n").at(-1)).toMatch(
      /^poll cycle failed: .*127\.0\.0\.1:1.* \(0 record\(s\) sent before the failure\)$/,
    );
  });

  it("--limit shows only the most recent records of the window, and only in a dry run", async () => {
    const stateDir = tempDir();
    const now = Date.now();
    env.sim.tenant.addRecords(40, now - 100 * MIN, now - 95 * MIN);
    const config = writeForwarderConfig({ sim: env.sim, rsyslog: env.rsyslog, stateDir, output: "  header: none" });
    const result = await runBuiltCli([
      "once",
      "-c",
      config,
      "--since",
      "PT101M",
      "--until",
      "PT94M",
      "--dry-run",
      "--limit",
      "5",
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout.trimEnd().split("\n")).toHaveLength(5);
    expect(result.stderr).toContain("limit=5 keeps only the most recent 5 records");
    const refused = await runBuiltCli(["once", "-c", config, "--limit", "5"]);
    expect(refused).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("--limit drops the older part of each window"),
    });
  });

  it("refuses a bad --since with exit 2", async () => {
    const result = await runBuiltCli(["once", "-c", "whatever.yaml", "--since", "yesterday"]);
    expect(result).toMatchObject({
      code: 2,
      stderr:
        '--since: expected an ISO 8601 time such as 2026-11-26T08:00:00Z or a duration such as PT6H (six hours ago), got "yesterday"\n',
    });
  });
});

describe("demo", () => {
  it("shows alerts flowing: explains itself, then prints strict CEF messages as they appear", async () => {
    const result = await runBuiltCli(["demo", "--for", "PT12S", "--rate", "60"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("mde-forwarder demo");
    expect(result.stderr).toContain("With a real tenant");
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines) expect(decodeCef(line).vendor).toBe("Microsoft");
    expect((result.stderr.match(/"msg":"poll cycle done"/g) ?? []).length).toBeGreaterThanOrEqual(2);
  });

  it("--mapping builtin:graph-leef reads the Graph API and prints LEEF", async () => {
    const result = await runBuiltCli(["demo", "--mapping", "builtin:graph-leef", "--for", "PT12S", "--rate", "60"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("serves Entra ID tokens and the graph API");
    expect(result.stderr).toContain("maps each detection with\n  builtin:graph-leef and writes the LEEF messages");
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines.length).toBeGreaterThan(5);
    for (const line of lines) expect(decodeLeef(line).vendor).toBe("Microsoft");
  });

  it("--api incidents prints one strict CEF message per incident version, with its link and its alerts", async () => {
    const result = await runBuiltCli(["demo", "--api", "incidents", "--for", "PT12S", "--rate", "60"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("serves Entra ID tokens and the incidents API");
    expect(result.stderr).toContain("maps each detection with\n  builtin:incidents-cef and writes the CEF messages");
    const messages = result.stdout
      .trimEnd()
      .split("\n")
      .map((line) => decodeCef(line));
    expect(messages.length).toBeGreaterThan(5);
    for (const { signatureId, extension } of messages) {
      expect(signatureId).toBe("Defender-Incident");
      expect(extension.flexString2).toMatch(new RegExp(`^${extension.externalId}@\\d{4}-\\d\\d-\\d\\dT`));
      expect(extension.flexString1).toContain(`/incidents/${extension.externalId}?tid=`);
    }
    const versions = messages.map((m) => m.extension.flexString2);
    expect(new Set(versions).size).toBe(versions.length);
    const withAlerts = messages.filter((m) => Number(m.extension.cn1) > 0);
    expect(withAlerts.length).toBeGreaterThan(0);
    for (const { extension } of withAlerts) expect(extension.AlertIds).toMatch(/^[^,]+(?:,[^,]+)*$/);
  });

  it("--mapping builtin:incidents-leef reads the incidents API and prints LEEF", async () => {
    const result = await runBuiltCli(["demo", "-m", "builtin:incidents-leef", "--for", "PT12S", "--rate", "60"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("serves Entra ID tokens and the incidents API");
    const messages = result.stdout
      .trimEnd()
      .split("\n")
      .map((line) => decodeLeef(line));
    expect(messages.length).toBeGreaterThan(5);
    for (const { eventId, attributes } of messages) {
      expect(eventId).toBe("Defender-Incident");
      expect(attributes.IncidentVersion).toMatch(new RegExp(`^${attributes.IncidentId}@`));
      expect(attributes.IncidentLink).toContain(`/incidents/${attributes.IncidentId}?tid=`);
    }
  });

  it("--api alerts with another API's mapping is one line naming the mappings that fit, exit 2", async () => {
    const result = await runBuiltCli(["demo", "--api", "alerts", "-m", "builtin:siem-leef", "--for", "PT1S"]);
    expect(result).toMatchObject({ code: 2, stdout: "" });
    expect(result.stderr).toBe(
      "demo: builtin:siem-leef reads the siem API, not alerts: leave out --api, or use builtin:alerts-cef or " +
        "builtin:alerts-leef\n",
    );
  });
});
