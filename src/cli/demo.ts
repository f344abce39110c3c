/**
 * `demo`: a simulated tenant and the forwarder in one process, CEF messages on standard output as alerts appear.
 * What `npm run demo` runs: a newcomer sees the product working without a tenant, a SIEM or a configuration file.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { parseDuration } from "../config/duration.js";
import { loadConfigText } from "../config/load.js";
import { startDaemon } from "../daemon.js";
import { ExitCode, UsageError } from "../errors.js";
import { Metrics } from "../health/metrics.js";
import { createLogger } from "../logging/logger.js";
import { startSimulator, type Simulator } from "../simulator/index.js";
import { logLevelOf, type Command } from "./command.js";
import { watchStopSignals } from "./stop-signals.js";

function demoConfig(sim: Simulator, stateDir: string): string {
  return `${sim.configSnippet()}
  lookback: PT5M
  overlap: PT1M
schedule: "*/10 * * * * *"
mapping: builtin:siem-cef
output:
  transport: stdout
  header: none
state:
  dir: ${JSON.stringify(stateDir)}
health:
  listen: 127.0.0.1:0
`;
}

function intro(simUrl: string): string {
  return `
mde-forwarder demo
  A simulated Defender tenant serves Entra ID tokens and the SIEM API at ${simUrl}.
  The forwarder polls it every 10 seconds (the first poll reads the last 5 minutes), maps each detection with
  builtin:siem-cef and writes the CEF messages to standard output. Logs go to standard error.
  With a real tenant: copy config.example.yaml, set tenantId, clientId, the secret and your SIEM's output, then
    mde-forwarder check -c config.yaml --online   and   mde-forwarder run -c config.yaml
  Stop with Ctrl-C.

`;
}

export const demo: Command = {
  name: "demo",
  summary: "the simulated tenant and the forwarder together, messages to stdout",
  usage: "demo [--for DURATION] [--rate N]",
  details:
    "  --for DURATION      stop by itself after this long (ISO 8601, e.g. PT30S); default: until Ctrl-C\n  --rate N            simulated alerts per minute (default 6)",
  options: { for: { type: "string" }, rate: { type: "string" } },
  async run(values, _positionals, io) {
    const runFor = typeof values.for === "string" ? parseDuration(values.for) : undefined;
    if (typeof values.for === "string" && runFor === undefined)
      throw new UsageError(`--for: expected an ISO 8601 duration such as PT30S, got "${values.for}"`);
    const rate = typeof values.rate === "string" ? Number(values.rate) : 6;
    if (!Number.isFinite(rate) || rate < 0)
      throw new UsageError(`--rate: expected a number of alerts per minute, got "${String(values.rate)}"`);

    const stopSignal = watchStopSignals();
    const sim = await startSimulator({ ratePerMinute: rate, historyMs: 10 * 60_000 });
    const stateDir = await mkdtemp(join(tmpdir(), "mde-forwarder-demo-"));
    try {
      const config = await loadConfigText("demo configuration", demoConfig(sim, stateDir), {});
      const logger = createLogger({ level: logLevelOf(io, "info"), stream: "stderr" });
      io.stderr.write(intro(sim.url));
      const daemon = await startDaemon(config, { logger, metrics: new Metrics() });
      io.stderr.write(`  Health and metrics: ${daemon.healthUrl ?? "off"}/readyz  /metrics  /status\n\n`);
      await Promise.race([stopSignal, ...(runFor === undefined ? [] : [sleep(runFor, undefined, { ref: false })])]);
      await daemon.stop();
      return ExitCode.ok;
    } finally {
      await sim.close();
      await rm(stateDir, { recursive: true, force: true });
    }
  },
};
