/**
 * The daemon: the forwarder on its schedule, the health server beside it, and an orderly stop.
 * After start-up it never dies on a runtime fault: a failed cycle is logged, counted and retried on the next tick.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { Config } from "./config/config.js";
import type { Metrics } from "./health/metrics.js";
import { buildHealthServer } from "./health/server.js";
import type { Logger } from "./logging/logger.js";
import { assembleForwarder } from "./pipeline/assemble.js";
import { CycleFailure } from "./pipeline/cycle.js";
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
  /** SIGTERM/SIGINT: no new cycle; the one in flight finishes or is abandoned; the transport is flushed. */
  stop(): Promise<void>;
}

export async function startDaemon(config: Config, options: DaemonOptions): Promise<Daemon> {
  const { logger, metrics } = options;
  const parts = await assembleForwarder(config, { logger, metrics });
  metrics.transportStatus = () => parts.transport.status();
  const abort = new AbortController();
  const scheduler = new Scheduler({
    expression: config.schedule,
    logger,
    // The forwarder logs and counts its own failures; anything else is a bug the scheduler logs.
    cycle: () =>
      parts.forwarder.cycle({}, abort.signal).catch((err: unknown) => {
        if (!(err instanceof CycleFailure)) throw err;
      }),
  });
  const server = config.health.listen
    ? buildHealthServer({
        metrics,
        readiness: () => parts.forwarder.readiness(scheduler.interval() ?? 60_000),
        status: () => parts.forwarder.status(),
      })
    : undefined;
  let healthUrl: string | undefined;
  if (server && config.health.listen) {
    try {
      healthUrl = await server.listen({ host: config.health.listen.host, port: config.health.listen.port });
    } catch (err) {
      await parts.close(1000);
      throw healthListenError(config, err);
    }
  }
  scheduler.start();
  logger.info(
    { schedule: config.schedule, health: healthUrl ?? "off", ...parts.forwarder.status() },
    "mde-forwarder started",
  );

  return {
    healthUrl,
    reopen: async () => {
      await parts.transport.reopen?.();
      logger.info("output reopened");
    },
    stop: async () => {
      logger.info("stopping: no new poll cycle will start");
      const cycleDone = scheduler.stop();
      const finished = await Promise.race([
        cycleDone.then(() => true),
        sleep(options.cycleGraceMs ?? 20_000, false, { ref: false }),
      ]);
      if (!finished) {
        logger.warn("the poll cycle in flight is abandoned; its undelivered records stay behind the checkpoint");
        abort.abort(new Error("the forwarder is stopping"));
      }
      await parts.close(options.flushMs ?? 10_000);
      await cycleDone;
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
