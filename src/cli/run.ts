import { loadConfig } from "../config/load.js";
import { startDaemon } from "../daemon.js";
import { ExitCode, UsageError } from "../errors.js";
import { Metrics } from "../health/metrics.js";
import { createLogger, logWarnings } from "../logging/logger.js";
import { watchStopSignals } from "./stop-signals.js";
import { configOption, logLevelOf, type Command } from "./command.js";

export const run: Command = {
  name: "run",
  summary: "the daemon: polls on the schedule, serves health",
  usage: "run -c FILE",
  options: configOption,
  notes: [
    "SIGTERM/SIGINT stop it cleanly (exit 0); SIGHUP reopens the file output and reloads the tenant list (added " +
      "tenants start, removed ones stop, changed ones restart; an invalid file is logged and ignored).",
  ],
  async run(values, _positionals, io) {
    if (typeof values.config !== "string") throw new UsageError("run needs -c FILE, the configuration");
    const stopSignal = watchStopSignals();
    const config = await loadConfig(values.config, io.env);
    const logger = createLogger({ level: logLevelOf(io, config.log.level), stream: "stdout", stacks: io.verbose });
    logWarnings(logger, config.warnings);
    const daemon = await startDaemon(config, { logger, metrics: new Metrics() });
    const file = values.config;
    const onHangup = () => {
      void daemon.reopen().catch((err: unknown) => logger.error({ err }, "reopening the output failed"));
      void loadConfig(file, io.env)
        .then((next) => daemon.reload(next))
        .catch((err: unknown) =>
          logger.error({ err }, "reload: the configuration is not usable; the running one is kept"),
        );
    };
    process.on("SIGHUP", onHangup);
    const signal = await stopSignal;
    logger.info({ signal }, "signal received");
    process.off("SIGHUP", onHangup);
    await daemon.stop();
    return ExitCode.ok;
  },
};
