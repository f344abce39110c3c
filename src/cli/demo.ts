/**
 * `demo`: a simulated tenant and the forwarder in one process, messages on standard output as alerts appear.
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
import { builtinMappings, loadMapping } from "../mapping/load.js";
import type { CompiledMapping } from "../mapping/mapping.js";
import { SIMULATED_APIS, startSimulator, type SimulatedApi, type Simulator } from "../simulator/index.js";
import { logLevelOf, type Command, type Values } from "./command.js";
import { watchStopSignals } from "./stop-signals.js";

function demoConfig(sim: Simulator, api: SimulatedApi, mapping: string, stateDir: string): string {
  return `${sim.configSnippet(api)}
  lookback: PT5M
  overlap: PT1M
schedule: "*/10 * * * * *"
mapping: ${JSON.stringify(mapping)}
output:
  transport: stdout
  header: none
state:
  dir: ${JSON.stringify(stateDir)}
health:
  listen: 127.0.0.1:0
`;
}

function intro(simUrl: string, api: SimulatedApi, mapping: string, format: string): string {
  return `
mde-forwarder demo
  A simulated Defender tenant serves Entra ID tokens and the ${api} API at ${simUrl}.
  The forwarder polls it every 10 seconds (the first poll reads the last 5 minutes), maps each detection with
  ${mapping} and writes the ${format.toUpperCase()} messages to standard output. Logs go to standard error.
  With a real tenant: mde-forwarder init --api ${api} --tenant ID --client ID --host SIEM -o config.yaml, then
    mde-forwarder check -c config.yaml --online   and   mde-forwarder run -c config.yaml
  To feed a real SIEM from the simulator instead: README.md, "Feed your SIEM from the simulator".
  Stop with Ctrl-C.

`;
}

const isSimulated = (api: unknown): api is SimulatedApi => (SIMULATED_APIS as readonly unknown[]).includes(api);

/** The API and mapping of the demo: each given, or one following the other (siem and its CEF mapping by default). */
async function apiAndMapping(values: Values): Promise<{ api: SimulatedApi; mapping: CompiledMapping }> {
  const given = values.api;
  if (given !== undefined && !isSimulated(given))
    throw new UsageError(`demo: --api expects ${SIMULATED_APIS.join(", ")}, got "${String(given)}"`);
  const ref = typeof values.mapping === "string" ? values.mapping : `builtin:${String(given ?? "siem")}-cef`;
  const mapping = await loadMapping(ref);
  if (given !== undefined && mapping.source !== given) {
    const fitting = builtinMappings().filter((name) => name.startsWith(`${given}-`));
    throw new UsageError(
      `demo: ${ref} reads the ${mapping.source} API, not ${given}: leave out --api, or use ` +
        fitting.map((name) => `builtin:${name}`).join(" or "),
    );
  }
  const api: unknown = given ?? mapping.source;
  if (!isSimulated(api))
    throw new UsageError(`demo: ${ref} reads the ${String(api)} API, which the simulator does not serve`);
  return { api, mapping };
}

export const demo: Command = {
  name: "demo",
  summary: "the simulated tenant and the forwarder together, messages to stdout",
  usage: "demo [--api API] [-m MAPPING] [--for DURATION] [--rate N]",
  options: {
    api: {
      type: "string",
      value: "API",
      help: `${SIMULATED_APIS.join(", ")}: the API the forwarder reads (default: the mapping's, else siem)`,
      complete: SIMULATED_APIS,
    },
    mapping: {
      type: "string",
      short: "m",
      value: "MAPPING",
      help: "builtin:NAME or a mapping file, e.g. builtin:siem-leef (default builtin:API-cef)",
      complete: "mapping",
    },
    for: {
      type: "string",
      value: "DURATION",
      help: "stop by itself after this long (ISO 8601, e.g. PT30S); default: until Ctrl-C",
    },
    rate: { type: "string", value: "N", help: "simulated alerts per minute (default 6)" },
  },
  async run(values, _positionals, io) {
    const runFor = typeof values.for === "string" ? parseDuration(values.for) : undefined;
    if (typeof values.for === "string" && runFor === undefined)
      throw new UsageError(`--for: expected an ISO 8601 duration such as PT30S, got "${values.for}"`);
    const rate = typeof values.rate === "string" ? Number(values.rate) : 6;
    if (!Number.isFinite(rate) || rate < 0)
      throw new UsageError(`--rate: expected a number of alerts per minute, got "${String(values.rate)}"`);
    const { api, mapping } = await apiAndMapping(values);

    const stopSignal = watchStopSignals();
    const sim = await startSimulator({ ratePerMinute: rate, historyMs: 10 * 60_000 });
    const stateDir = await mkdtemp(join(tmpdir(), "mde-forwarder-demo-"));
    try {
      const text = demoConfig(sim, api, mapping.name, stateDir);
      const config = await loadConfigText("demo configuration", text, {});
      const logger = createLogger({ level: logLevelOf(io, "info"), stream: "stderr", stacks: io.verbose });
      io.stderr.write(intro(sim.url, api, mapping.name, mapping.format));
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
