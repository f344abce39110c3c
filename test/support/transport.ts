/** Building blocks for transport tests: an output configuration with the schema's defaults, and quiet dependencies. */
import type { OutputConfig } from "../../src/config/config.js";
import { Metrics } from "../../src/health/metrics.js";
import { createLogger } from "../../src/logging/logger.js";
import type { TransportDeps } from "../../src/transports/transport.js";

/**
 * The defaults of the transports' options (each transport's options.ts), for a transport to 127.0.0.1, with fast
 * reconnects for tests.
 */
export function outputConfig<T extends OutputConfig["transport"]>(
  overrides: Partial<OutputConfig> & { transport: T },
): Extract<OutputConfig, { transport: T }> {
  // Every transport's keys at once: each transport reads its own.
  return {
    host: "127.0.0.1",
    header: "rfc5424",
    facility: 16,
    severity: 6,
    appName: "mde-forwarder",
    hostname: "collector01",
    maxMessageBytes: 8192,
    connectTimeout: 5_000,
    writeTimeout: 10_000,
    reconnectDelay: 20,
    maxReconnectDelay: 200,
    retries: 100,
    queueMessages: 10_000,
    queueBytes: 16_777_216,
    resendBytes: 8_388_608,
    ...(overrides.transport === "tcp"
      ? { framing: "lf" }
      : overrides.transport === "tls"
        ? { framing: "octet-counting" }
        : {}),
    ...overrides,
  } as Extract<OutputConfig, { transport: T }>;
}

export function transportDeps(now?: () => Date): TransportDeps & { metrics: Metrics } {
  return {
    logger: createLogger({
      level: process.env.TEST_LOG_LEVEL === undefined ? "silent" : "debug",
      stream: "stderr",
      pretty: false,
    }),
    metrics: new Metrics({ processMetrics: false }),
    ...(now ? { now } : {}),
  };
}

/** Reads a counter or gauge of the metrics registry (no labels). */
export async function metricValue(metrics: Metrics, name: string): Promise<number> {
  const metric = await metrics.registry.getSingleMetric(name)?.get();
  return metric?.values[0]?.value ?? 0;
}
