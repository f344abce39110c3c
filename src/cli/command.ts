/** The shape every subcommand has: its help text, its options for `node:util` parseArgs, and what it does. */
import type { ParseArgsConfig } from "node:util";
import type { LogLevel } from "../config/config.js";
import { LOG_LEVELS } from "../config/schema.js";
import { UsageError, type ExitCode } from "../errors.js";

export type Options = NonNullable<ParseArgsConfig["options"]>;
export type Values = Record<string, string | boolean | undefined>;

export interface CommandIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  /** Set by `--verbose`: errors carry their stack. */
  verbose: boolean;
  /** Set by `--log-level`: overrides the configuration's `log.level`. */
  logLevel?: string;
}

export interface Command {
  name: string;
  /** One line for the list of commands. */
  summary: string;
  /** The synopsis, e.g. `run -c FILE`. */
  usage: string;
  /** The options explained, one per line. */
  details: string;
  options: Options;
  /** How many positional arguments it takes at most. */
  positionals?: number;
  run(values: Values, positionals: string[], io: CommandIo): Promise<ExitCode>;
}

export const configOption = { config: { type: "string", short: "c" } } as const satisfies Options;

export const CONFIG_DETAIL = "  -c, --config FILE   the configuration file (YAML)";

/** The log level: `--log-level` when given (checked here, as the configuration's is), else the configuration's. */
export function logLevelOf(io: CommandIo, configured: LogLevel): LogLevel {
  if (io.logLevel === undefined) return configured;
  if (!(LOG_LEVELS as readonly string[]).includes(io.logLevel)) {
    throw new UsageError(`--log-level: expected one of ${LOG_LEVELS.join(", ")}, got "${io.logLevel}"`);
  }
  return io.logLevel as LogLevel;
}
