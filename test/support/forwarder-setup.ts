/**
 * A forwarder aimed at a simulator and a real rsyslog, as an operator would configure it, plus ways to read back
 * which records arrived. The configuration goes through the same loader as a file.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pino, type Logger } from "pino";
import { afterAll, beforeAll, expect } from "vitest";
import type { Api, Config } from "../../src/config/config.js";
import { loadConfigText } from "../../src/config/load.js";
import { Metrics } from "../../src/health/metrics.js";
import { assembleForwarder, type AssembledForwarder } from "../../src/pipeline/assemble.js";
import { startSimulator, type Simulator, type SimulatorOptions } from "../../src/simulator/index.js";
import { decodeCef } from "./cef-decoder.js";
import { assertBuilt } from "./cli-process.js";
import type { ResultsGroup } from "./reliability-results.js";
import { startRsyslog, type Rsyslog } from "./rsyslog.js";
import type { SecretWatch } from "./secret-watch.js";

export interface ForwarderSetup {
  sim: Simulator;
  /** The source's API (default siem), with its default mapping. */
  api?: Api;
  rsyslog: Rsyslog;
  stateDir: string;
  /** Extra YAML lines for `source:` (indented by two) and for the top level. */
  source?: string;
  top?: string;
  /** `output:` lines (indented by two); a key given here replaces the default one. */
  output?: string;
}

function outputLines(rsyslog: Rsyslog, overrides: string): string {
  const lines = new Map<string, string>(
    Object.entries({
      transport: "tcp",
      host: "127.0.0.1",
      port: String(rsyslog.ports.tcp),
      framing: "octet-counting",
      reconnectDelay: "PT0.1S",
      maxReconnectDelay: "PT0.5S",
      retries: "3",
    }),
  );
  for (const line of overrides.split("\n").filter(Boolean)) {
    const [key, ...value] = line.trim().split(":");
    lines.set(key!, value.join(":").trim());
  }
  // RELP frames messages itself: it has no framing key.
  if (lines.get("transport") === "relp") lines.delete("framing");
  return [...lines].map(([key, value]) => `  ${key}: ${value}`).join("\n");
}

export function forwarderYaml({
  sim,
  api,
  rsyslog,
  stateDir,
  source = "",
  top = "",
  output = "",
}: ForwarderSetup): string {
  return `${sim.configSnippet(api)}
${source}
schedule: "* * * * * *"
output:
${outputLines(rsyslog, output)}
state:
  dir: ${JSON.stringify(stateDir)}
${top || "health:\n  listen: off"}
`;
}

export async function forwarderConfig(setup: ForwarderSetup): Promise<Config> {
  return loadConfigText(join(setup.stateDir, "config.yaml"), forwarderYaml(setup), {});
}

/** Writes the configuration file for a forwarder run as a separate process. */
export function writeForwarderConfig(setup: ForwarderSetup): string {
  const file = join(setup.stateDir, "config.yaml");
  writeFileSync(file, forwarderYaml(setup));
  return file;
}

/** The forwarder in this process; its log goes to `logger` (default: nowhere). */
export async function inProcessForwarder(
  setup: ForwarderSetup,
  logger: Logger = pino({ level: "silent" }),
): Promise<AssembledForwarder & { metrics: Metrics; config: Config }> {
  const config = await forwarderConfig(setup);
  const metrics = new Metrics({ processMetrics: false });
  return { ...(await assembleForwarder(config, { logger, metrics })), metrics, config };
}

/** The FullId of each CEF message that arrived (the default mapping puts it in flexString2), in arrival order. */
export function fullIds(lines: string[]): string[] {
  return lines.map((line) => decodeCef(line.slice(line.indexOf("CEF:"))).extension.flexString2 ?? "?");
}

/** Waits until every expected identity arrived over TCP (or the wait times out), then returns all that arrived. */
export async function waitForIdentities(rsyslog: Rsyslog, expected: string[], timeoutMs = 20_000): Promise<string[]> {
  const wanted = new Set(expected);
  const lines = await rsyslog
    .waitUntil("tcp", (l) => new Set(fullIds(l).filter((id) => wanted.has(id))).size === wanted.size, timeoutMs)
    .catch(() => rsyslog.read("tcp").then((text) => (text ? text.replace(/\n$/, "").split("\n") : [])));
  return fullIds(lines);
}

/** How many times each expected identity arrived, and any that arrived but were never expected. */
export function deliveryCounts(expected: string[], arrived: string[]) {
  const counts = new Map(expected.map((id) => [id, 0]));
  const unexpected = arrived.filter((id) => !counts.has(id));
  for (const id of arrived) if (counts.has(id)) counts.set(id, counts.get(id)! + 1);
  const values = [...counts.values()];
  return {
    lost: values.filter((n) => n === 0).length,
    duplicates: values.reduce((sum, n) => sum + Math.max(0, n - 1), 0),
    unexpected: unexpected.length,
  };
}

/** Checks, once a test file is done, that no secret reached what it watched; the count goes to the results. */
export interface SecretCheck {
  watch: SecretWatch;
  results: ResultsGroup;
}

/**
 * For a test file of the built CLI: a simulated tenant (by default only the alerts a test adds) and an rsyslog,
 * shared by its tests; with `secrets`, the tenant's secrets are watched and the scan must find none.
 */
export function useTenantAndReceiver(
  simulator: SimulatorOptions = { ratePerMinute: 0 },
  secrets?: SecretCheck,
): { readonly sim: Simulator; readonly rsyslog: Rsyslog } {
  const shared = {} as { sim: Simulator; rsyslog: Rsyslog };
  beforeAll(async () => {
    assertBuilt();
    [shared.sim, shared.rsyslog] = await Promise.all([startSimulator(simulator), startRsyslog()]);
    secrets?.watch.simulator(shared.sim);
  });
  afterAll(async () => {
    await Promise.all([shared.sim?.close(), shared.rsyslog?.dispose()]);
    if (!secrets) return;
    const scan = secrets.watch.scan();
    secrets.results.scanned(scan);
    expect(scan.found).toEqual([]);
  });
  return shared;
}
