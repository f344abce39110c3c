/**
 * The daemon: the tenants' forwarders on the schedule, the health server beside them, and an orderly stop.
 * After start-up it never dies on a runtime fault: a failed cycle is logged, counted and retried on the next tick.
 */
import type { Config } from "./config/config.js";
import type { Metrics } from "./health/metrics.js";
import { buildHealthServer } from "./health/server.js";
import type { Logger } from "./logging/logger.js";
import { Fleet } from "./fleet/fleet.js";
import { assembleShared } from "./pipeline/assemble.js";
import { Scheduler } from "./schedule/scheduler.js";
import { AppError, ExitCode } from "./errors.js";

export interface DaemonOptions {
  logger: Logger;
  metrics: Metrics;
  /** How long a stop waits for the cycle in flight before abandoning it; default 20 s. */
  cycleGraceMs?: number;
  /** How long a stop lets the transport flush its queue; default 10 s. */
  flushMs?: number;
}

export interface Daemon {
  /** The health server's address, e.g. `http://127.0.0.1:9780`, when it listens. */
  healthUrl?: string;
  /** SIGHUP: reopens the file output. */
  reopen(): Promise<void>;
  /** SIGHUP: applies a new configuration's tenant list (fleet/fleet.ts says what else is kept). */
  reload(config: Config): Promise<void>;
  /** SIGTERM/SIGINT: no new cycle; the ones in flight finish or are abandoned; the transport is flushed. */
  stop(): Promise<void>;
}

export async function startDaemon(config: Config, options: DaemonOptions): Promise<Daemon> {
  const { logger, metrics } = options;
  const shared = await assembleShared(config, { logger, metrics });
  const fleet = await Fleet.open(config, shared, logger);
  const { transport } = shared.output;
  metrics.transportStatus = () => transport.status();
  let ticks = 0;
  // The scheduler is the clock: each tick hands the tenants their cycles and returns; the fleet runs them.
  const scheduler: Scheduler = new Scheduler({
    expression: config.schedule,
    logger,
    cycle: () => Promise.resolve(fleet.tick(scheduler.interval() ?? 60_000, ticks++ === 0)),
  });
  const server = config.health.listen
    ? buildHealthServer({
        metrics,
        readiness: (tenant) => fleet.readiness(scheduler.interval() ?? 60_000, tenant),
        status: () => fleet.status(),
      })
    : undefined;
  let healthUrl: string | undefined;
  if (server && config.health.listen) {
    try {
      healthUrl = await server.listen({ host: config.health.listen.host, port: config.health.listen.port });
    } catch (err) {
      await fleet.stop(0, 1000);
      throw healthListenError(config, err);
    }
  }
  scheduler.start();
  const started = config.multiTenant
    ? { tenants: fleet.size, concurrency: config.concurrency, transport: transport.status() }
    : fleet.status();
  logger.info({ schedule: config.schedule, health: healthUrl ?? "off", ...started }, "mde-forwarder started");

  return {
    healthUrl,
    reopen: async () => {
      await transport.reopen?.();
      logger.info("output reopened");
    },
    reload: (next) => fleet.reload(next),
    stop: async () => {
      logger.info("stopping: no new poll cycle will start");
      await scheduler.stop();
      await fleet.stop(options.cycleGraceMs ?? 20_000, options.flushMs ?? 10_000);
      await server?.close();
      logger.info("stopped");
    },
  };
}

const LISTEN_PROBLEMS: Record<string, string> = {
  EADDRINUSE: "is in use by another process (another mde-forwarder instance?)",
  EACCES: "may not be opened by this user (ports below 1024 need privileges)",
  EADDRNOTAVAIL: "is not an address of this host",
};

/**
 * The health server cannot listen: the configuration names an address this host will not give it. Exit code 2, a
 * configuration error, which the units' RestartPreventExitStatus=2 keeps systemd from restarting in a loop.
 */
function healthListenError(config: Config, err: unknown): unknown {
  const code = (err as NodeJS.ErrnoException).code ?? "";
  const problem = LISTEN_PROBLEMS[code];
  if (!problem || !config.health.listen) return err;
  const { host, port } = config.health.listen;
  const address = host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
  return new AppError(
    "E_HEALTH_LISTEN",
    `${config.file}: health.listen ${address} ${problem}: set health.listen to a free port, or off`,
    ExitCode.usage,
    { address, errno: code },
    { cause: err },
  );
}
