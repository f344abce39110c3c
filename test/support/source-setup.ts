/** A source configuration and dependencies aimed at a running simulator, with waits recorded instead of slept. */
import { Writable } from "node:stream";
import { pino } from "pino";
import { createTokenProvider } from "../../src/auth/token-provider.js";
import { Secret } from "../../src/config/secret.js";
import { Metrics } from "../../src/health/metrics.js";
import { PieceSpan, readPieces } from "../../src/pipeline/pieces.js";
import type { Simulator } from "../../src/simulator/index.js";
import { alertsOptions, type AlertsConfig } from "../../src/sources/alerts/options.js";
import type { SharedConfig } from "../../src/sources/component.js";
import { graphOptions, type GraphConfig } from "../../src/sources/graph/options.js";
import { incidentsOptions, type IncidentsConfig } from "../../src/sources/incidents/options.js";
import { createSource } from "../../src/sources/registry.js";
import type { SiemConfig } from "../../src/sources/siem/options.js";
import type { Source, SourceDeps, SourceRecord, SourceWindow } from "../../src/sources/source.js";
import { EMPTY_STATE, withoutRepeats } from "../../src/state/checkpoint.js";

/** The keys every source has, aimed at the simulator (v1 token endpoint). */
function sharedConfigFor(sim: Simulator): SharedConfig {
  return {
    api: "siem",
    tenantId: sim.tenantId,
    clientId: sim.clientId,
    credential: { kind: "secret", secret: new Secret(sim.clientSecret) },
    cloud: "commercial",
    url: sim.url,
    tokenUrl: sim.tokenUrl,
    lookback: 2 * 3_600_000,
    overlap: 600_000,
    maxWindow: 3_600_000,
    requestTimeout: 20_000,
    connectTimeout: 5_000,
    maxRetries: 3,
    maxRetryWait: 300_000,
    splitAbove: 20_000,
    proxy: { noProxy: [] },
    maxRecordBytes: 4 * 1024 * 1024,
    maxPages: 1000,
    cycleDeadline: 3_600_000,
  };
}

export function sourceConfigFor(sim: Simulator, overrides: Partial<SiemConfig> = {}): SiemConfig {
  return {
    ...sharedConfigFor(sim),
    query: { machineGroups: [], deviceCreatedMachineTags: "", cloudCreatedMachineTags: "" },
    ...overrides,
  };
}

interface ModernConfigs {
  alerts: AlertsConfig;
  graph: GraphConfig;
}

/**
 * A source configuration for the Alerts API or Graph, pointed at the simulator (v2 token endpoint, default filters).
 */
export function modernConfigFor<A extends keyof ModernConfigs>(
  sim: Simulator,
  api: A,
  overrides: Partial<ModernConfigs[A]> = {},
): ModernConfigs[A] {
  const options = { alerts: alertsOptions, graph: graphOptions }[api];
  return {
    ...sharedConfigFor(sim),
    api,
    url: sim.apiUrls[api],
    tokenUrl: sim.tokenUrlV2,
    query: options.shape.query.parse(undefined),
    messagePer: "alert",
    ...overrides,
  } as ModernConfigs[A];
}

export interface TestDeps extends Required<Omit<SourceDeps, "tokens">> {
  /** Every wait asked for, in ms, in order. */
  sleeps: number[];
  /** Every log line, as JSON text. */
  logs: string[];
}

/**
 * Logger into memory, fresh metrics, the simulator's clock, jitter fixed at its minimum; a wait is recorded and moves
 * the clock.
 */
export function testDeps(sim: Simulator): TestDeps {
  const logs: string[] = [];
  const sleeps: number[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  return {
    logger: pino({ level: "debug" }, stream),
    metrics: new Metrics({ processMetrics: false }),
    now: () => sim.clock.now(),
    random: () => 0,
    sleep: (ms) => {
      sleeps.push(ms);
      sim.clock.advance(ms);
      return Promise.resolve();
    },
    sleeps,
    logs,
  };
}

export function sourceDeps(config: SharedConfig, deps: TestDeps): SourceDeps {
  return { ...deps, tokens: createTokenProvider(config, deps) };
}

/** The incidents source against the simulator: one message per incident and the default query, unless overridden. */
export function incidentsSourceFor(sim: Simulator, overrides: Partial<IncidentsConfig> = {}): Source {
  const config = {
    ...modernConfigFor(sim, "graph"),
    api: "incidents",
    url: sim.apiUrls.incidents,
    query: incidentsOptions.shape.query.parse(undefined),
    messagePer: "incident",
    ...overrides,
  } as IncidentsConfig;
  return createSource(config, sourceDeps(config, testDeps(sim)));
}

/** The value of one labelled counter. */
export async function counter(metrics: Metrics, name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = (await metrics.registry.getMetricsAsJSON()).find((m) => m.name === name);
  const match = metric?.values.find((v) => Object.entries(labels).every(([k, l]) => String(v.labels[k]) === l));
  return match?.value ?? 0;
}

/**
 * The source as the pipeline reads a window of it: in the pieces it declares (the first as long as allowed), each
 * identity once, oldest first.
 */
export function asPipelineReads(source: Source): { fetch(window: SourceWindow): Promise<SourceRecord[]> } {
  return {
    async fetch(window) {
      const records: SourceRecord[] = [];
      for await (const piece of readPieces(source, window, new PieceSpan(source.pieces, source.pieces.maxSpan)))
        records.push(...piece.records);
      return withoutRepeats(records, EMPTY_STATE).fresh;
    },
  };
}
