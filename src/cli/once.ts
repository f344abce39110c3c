import { loadConfig } from "../config/load.js";
import { AppError, ExitCode, UsageError } from "../errors.js";
import { Metrics } from "../health/metrics.js";
import { createLogger, logWarnings } from "../logging/logger.js";
import { assembleForwarder, type TenantForwarder } from "../pipeline/assemble.js";
import { CycleFailure, type CycleSummary } from "../pipeline/cycle.js";
import { configOption, logLevelOf, type Command } from "./command.js";
import { parseTimeArg } from "./time-arg.js";

export const once: Command = {
  name: "once",
  summary: "one poll cycle, then exit",
  usage: "once -c FILE [--since T] [--until T] [--dry-run [--limit N]]",
  options: {
    ...configOption,
    since: {
      type: "string",
      value: "T",
      help: "start here instead of the checkpoint: an ISO 8601 time, or a duration (PT6H: six hours ago)",
    },
    until: { type: "string", value: "T", help: "stop here instead of now (same forms)" },
    "dry-run": {
      type: "boolean",
      help: "write the encoded messages to standard output; send nothing, move no checkpoint",
    },
    limit: {
      type: "string",
      value: "N",
      help: "with --dry-run, SIEM API: only the most recent N records of each window (the API's limit)",
    },
  },
  notes: ["Exit 0 only when every record fetched was delivered (or was a repeat)."],
  async run(values, _positionals, io) {
    if (typeof values.config !== "string") throw new UsageError("once needs -c FILE, the configuration");
    const now = Date.now();
    const bounds = {
      since: typeof values.since === "string" ? parseTimeArg("--since", values.since, now) : undefined,
      until: typeof values.until === "string" ? parseTimeArg("--until", values.until, now) : undefined,
    };
    if (bounds.since !== undefined && bounds.until !== undefined && bounds.since >= bounds.until) {
      throw new UsageError("--since must be before --until");
    }
    const limit = typeof values.limit === "string" ? Number(values.limit) : undefined;
    if (limit !== undefined && !(Number.isInteger(limit) && limit > 0))
      throw new UsageError(`--limit: expected a positive whole number, got "${String(values.limit)}"`);
    const config = await loadConfig(values.config, io.env);
    const dryRun = values["dry-run"] === true;
    const logger = createLogger({
      level: logLevelOf(io, config.log.level),
      stream: dryRun ? "stderr" : "stdout",
      stacks: io.verbose,
    });
    logWarnings(logger, config.warnings);
    const parts = await assembleForwarder(config, {
      logger,
      metrics: new Metrics({ processMetrics: false }),
      dryRun,
      limit,
    });
    try {
      const outcomes = await eachTenant(parts.tenants, config.multiTenant ? config.concurrency : 1, (t) =>
        t.forwarder.cycle(bounds),
      );
      const putBack = await parts.close(10_000);
      const failures = outcomes.filter((o) => o.error !== undefined);
      if (failures.length > 0) throw onceFailure(failures, config.multiTenant);
      if (putBack > 0) {
        throw new AppError(
          "E_DELIVERY",
          `${putBack} record(s) written before the receiver was lost were never confirmed: the next run sends them`,
        );
      }
      const unencodable = outcomes.reduce((sum, o) => sum + (o.summary?.unencodable ?? 0), 0);
      if (unencodable > 0) {
        throw new AppError(
          "E_UNENCODABLE",
          `${unencodable} record(s) could not be encoded and were skipped (see the log)`,
        );
      }
      return ExitCode.ok;
    } finally {
      await parts.close(10_000);
    }
  },
};

interface Outcome {
  name: string;
  summary?: CycleSummary;
  error?: unknown;
}

/** One cycle per tenant, at most `concurrency` at once; a tenant's failure does not stop the others. */
async function eachTenant(
  tenants: readonly TenantForwarder[],
  concurrency: number,
  cycle: (t: TenantForwarder) => Promise<CycleSummary>,
): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  let next = 0;
  const worker = async () => {
    while (next < tenants.length) {
      const t = tenants[next++]!;
      outcomes.push(
        await cycle(t).then(
          (summary) => ({ name: t.tenant.name, summary }),
          (error: unknown) => ({ name: t.tenant.name, error }),
        ),
      );
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, tenants.length) }, worker));
  return outcomes;
}

/** The error `once` exits with when cycles failed: the one tenant's as before, or how many tenants failed. */
function onceFailure(failures: Outcome[], multiTenant: boolean): unknown {
  const [first] = failures as [Outcome, ...Outcome[]];
  const err = first.error;
  if (!(err instanceof CycleFailure)) return err;
  const cause = err.cause instanceof AppError ? err.cause : undefined;
  const what = `poll cycle failed: ${err.message} (${err.summary.sent} record(s) sent before the failure)`;
  const message = multiTenant
    ? `${failures.length} tenant(s) failed (${failures.map((f) => f.name).join(", ")}); ${first.name}: ${what}`
    : what;
  return new AppError(cause?.code ?? "E_CYCLE", message, cause?.exitCode ?? ExitCode.runtime);
}
