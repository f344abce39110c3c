/**
 * Builds a forwarder from its configuration: mapping, state, token provider, source and transport, in the order
 * that fails fastest (a bad mapping or a locked state before any connection is opened).
 */
import { createTokenProvider } from "../auth/token-provider.js";
import type { Config } from "../config/config.js";
import type { Metrics } from "../health/metrics.js";
import { logWarnings, type Logger } from "../logging/logger.js";
import { loadConfiguredMapping } from "../mapping/load.js";
import { createSource } from "../sources/registry.js";
import { UsageError } from "../errors.js";
import type { Tracked } from "../state/checkpoint.js";
import { StateStore } from "../state/store.js";
import { createTransport } from "../transports/registry.js";
import type { Transport } from "../transports/transport.js";
import { Forwarder } from "./forwarder.js";

export interface AssembleOptions {
  logger: Logger;
  metrics: Metrics;
  /** Messages to standard output instead of the configured output, and the state read but never written. */
  dryRun?: boolean;
  /** With dryRun, and a source that can: each piece keeps only its most recent N records (`once --limit`). */
  limit?: number;
}

export interface AssembledForwarder {
  forwarder: Forwarder;
  transport: Transport<Tracked>;
  /**
   * Flushes the transport within `timeoutMs`, saves what it confirmed, then releases the state. Resolves with the
   * number of records written but never confirmed (the next poll sends them). Closing again is the same close.
   */
  close(timeoutMs: number): Promise<number>;
}

export async function assembleForwarder(
  config: Config,
  { logger, metrics, dryRun = false, limit }: AssembleOptions,
): Promise<AssembledForwarder> {
  if (limit !== undefined && !dryRun) {
    throw new UsageError("--limit drops the older part of each window: it is for a look, so it needs --dry-run");
  }
  const mapping = await loadConfiguredMapping(config);
  logWarnings(logger, mapping.warnings);
  const key = { api: config.source.api, tenantId: config.source.tenantId };
  const store = dryRun ? undefined : await StateStore.open(config.state.dir, key);
  try {
    const state = store ? await store.load() : await StateStore.peek(config.state.dir, key);
    const tokens = createTokenProvider(config.source, { logger, metrics });
    const source = createSource(config.source, { logger, metrics, tokens });
    if (limit !== undefined && !source.canLimit)
      throw new UsageError(
        `--limit: the ${config.source.api} API cannot keep only the most recent records of a window`,
      );
    const output = dryRun ? { ...config.output, transport: "stdout" as const } : config.output;
    const transport = createTransport<Tracked>(output, { logger, metrics });
    const forwarder = new Forwarder({
      source,
      mapping,
      transport,
      store: store ?? { save: () => Promise.resolve() },
      state,
      settings: config.source,
      limit,
      cycleDeadline: config.source.cycleDeadline,
      metrics,
      logger,
      describe: {
        source: {
          api: config.source.api,
          tenantId: config.source.tenantId,
          cloud: config.source.cloud,
          region: config.source.region ?? null,
        },
        mapping: config.mapping,
        schedule: config.schedule,
        dryRun,
      },
    });
    let closing: Promise<number> | undefined;
    const close = async (timeoutMs: number) => {
      try {
        const unsure = await transport.close(timeoutMs);
        // A cycle abandoned at the stop ends once its sends fail; the last save comes before the lock is released.
        await forwarder.close(unsure.length);
        return unsure.length;
      } finally {
        await forwarder.settled();
        await store?.close();
      }
    };
    return { forwarder, transport, close: (timeoutMs) => (closing ??= close(timeoutMs)) };
  } catch (err) {
    await store?.close();
    throw err;
  }
}
