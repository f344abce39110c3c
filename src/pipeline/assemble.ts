/**
 * Builds forwarders from their configuration: the mapping and the output, shared by every tenant, then each tenant's
 * state, token provider and source, in the order that fails fastest (a bad mapping or a locked state before any
 * connection is opened).
 */
import { createTokenProvider } from "../auth/token-provider.js";
import type { Config, TenantConfig } from "../config/config.js";
import type { Metrics } from "../health/metrics.js";
import { logWarnings, type Logger } from "../logging/logger.js";
import { loadConfiguredMapping } from "../mapping/load.js";
import type { CompiledMapping } from "../mapping/mapping.js";
import { createSource } from "../sources/registry.js";
import { UsageError } from "../errors.js";
import type { Tracked } from "../state/checkpoint.js";
import { StateStore } from "../state/store.js";
import { createTransport } from "../transports/registry.js";
import { Forwarder } from "./forwarder.js";
import { SharedOutput, type LanedRef } from "./shared-output.js";

export interface AssembleOptions {
  logger: Logger;
  metrics: Metrics;
  /** Messages to standard output instead of the configured output, and the state read but never written. */
  dryRun?: boolean;
  /** With dryRun, and a source that can: each piece keeps only its most recent N records (`once --limit`). */
  limit?: number;
}

/** What every tenant shares: the mapping and the one output. */
export interface Shared extends AssembleOptions {
  mapping: CompiledMapping;
  output: SharedOutput<Tracked>;
}

export interface TenantForwarder {
  tenant: TenantConfig;
  forwarder: Forwarder;
  /**
   * After its last cycle: saves what the output confirmed and releases the state. `unsure` of its records were written
   * but never confirmed (the next poll sends them).
   */
  close(unsure: number): Promise<void>;
}

export interface AssembledForwarder {
  /** The first tenant's (the one tenant's, without `tenants:`). */
  forwarder: Forwarder;
  tenants: TenantForwarder[];
  shared: Shared;
  /**
   * Flushes the output within `timeoutMs`, saves what it confirmed, then releases the states. Resolves with the
   * number of records written but never confirmed (the next poll sends them). Closing again is the same close.
   */
  close(timeoutMs: number): Promise<number>;
}

/** The mapping and the output every tenant of `config` shares. */
export async function assembleShared(config: Config, options: AssembleOptions): Promise<Shared> {
  const { logger, metrics, dryRun = false, limit } = options;
  if (limit !== undefined && !dryRun) {
    throw new UsageError("--limit drops the older part of each window: it is for a look, so it needs --dry-run");
  }
  const mapping = await loadConfiguredMapping(config);
  logWarnings(logger, mapping.warnings);
  const output = dryRun ? { ...config.output, transport: "stdout" as const } : config.output;
  const transport = createTransport<LanedRef<Tracked>>(output, { logger, metrics });
  return { ...options, mapping, output: new SharedOutput(transport) };
}

/** One tenant's forwarder: its state (locked), token provider, source, and its lane of the shared output. */
export async function assembleTenant(config: Config, tenant: TenantConfig, shared: Shared): Promise<TenantForwarder> {
  const { dryRun = false, limit } = shared;
  const logger = config.multiTenant ? shared.logger.child({ tenant: tenant.name }) : shared.logger;
  const metrics = config.multiTenant ? shared.metrics.forTenant(tenant.name) : shared.metrics;
  const { source: settings } = tenant;
  const key = {
    api: settings.api,
    tenantId: settings.tenantId,
    ...(config.multiTenant ? { tenant: tenant.name } : {}),
  };
  const store = dryRun ? undefined : await StateStore.open(config.state.dir, key);
  try {
    if (store?.adopted) logger.info({ from: store.adopted, to: store.file }, "single-tenant state taken over");
    const state = store ? await store.load() : await StateStore.peek(config.state.dir, key);
    const tokens = createTokenProvider(settings, { logger, metrics });
    const source = createSource(settings, { logger, metrics, tokens });
    if (limit !== undefined && !source.canLimit)
      throw new UsageError(`--limit: the ${settings.api} API cannot keep only the most recent records of a window`);
    const lane = shared.output.lane(tenant.name);
    const forwarder = new Forwarder({
      source,
      mapping: shared.mapping,
      transport: lane,
      tenant: { name: tenant.name, id: settings.tenantId },
      store: store ?? { save: () => Promise.resolve() },
      state,
      settings,
      limit,
      cycleDeadline: settings.cycleDeadline,
      metrics,
      logger,
      describe: {
        source: {
          api: settings.api,
          tenantId: settings.tenantId,
          cloud: settings.cloud,
          region: settings.region ?? null,
        },
        mapping: config.mapping,
        schedule: config.schedule,
        dryRun,
      },
    });
    let closing: Promise<void> | undefined;
    const close = async (unsure: number) => {
      try {
        await forwarder.close(unsure);
      } finally {
        await forwarder.settled();
        await store?.close();
      }
    };
    return { tenant, forwarder, close: (unsure) => (closing ??= close(unsure)) };
  } catch (err) {
    await store?.close();
    throw err;
  }
}

/** Every tenant of `config` with the output they share: what `once` and the tests run. */
export async function assembleForwarder(config: Config, options: AssembleOptions): Promise<AssembledForwarder> {
  const shared = await assembleShared(config, options);
  const tenants: TenantForwarder[] = [];
  try {
    for (const tenant of config.tenants) tenants.push(await assembleTenant(config, tenant, shared));
  } catch (err) {
    await closeAll(shared, tenants, 1000);
    throw err;
  }
  let closing: Promise<number> | undefined;
  return {
    forwarder: tenants[0]!.forwarder,
    tenants,
    shared,
    close: (timeoutMs) => (closing ??= closeAll(shared, tenants, timeoutMs)),
  };
}

/**
 * Closes the output, then each tenant with its records never confirmed (a cycle abandoned at the stop ends once its
 * sends fail; each last save comes before its lock is released). Resolves with the records never confirmed.
 */
export async function closeAll(shared: Shared, tenants: readonly TenantForwarder[], timeoutMs: number) {
  let unsure = new Map<unknown, Tracked[]>();
  try {
    unsure = await shared.output.close(timeoutMs);
  } finally {
    await Promise.all(tenants.map((t) => t.close(unsure.get(shared.output.lane(t.tenant.name))?.length ?? 0)));
  }
  return [...unsure.values()].reduce((sum, refs) => sum + refs.length, 0);
}
