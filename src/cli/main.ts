/** The `mde-forwarder` command line: parses it and hands over to one subcommand. */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import {
  HELP_COLUMNS,
  optionsHelp,
  wrap,
  parseArgsOptions,
  type Command,
  type CommandIo,
  type OptionSpecs,
  type Values,
} from "./command.js";
import { LOG_LEVELS } from "../config/schema.js";
import { AppError, ExitCode, UsageError } from "../errors.js";

/**
 * Each command is loaded when it is used, with the modules it needs: the daemon does not carry the simulator, and
 * `once` no web server (each library loaded costs a long-running process memory, docs/performance.md).
 */
const COMMANDS: Record<string, () => Promise<Command>> = {
  init: async () => (await import("./init.js")).init,
  run: async () => (await import("./run.js")).run,
  once: async () => (await import("./once.js")).once,
  check: async () => (await import("./check.js")).check,
  preview: async () => (await import("./preview.js")).preview,
  simulate: async () => (await import("./simulate.js")).simulate,
  demo: async () => (await import("./demo.js")).demo,
};
const NAMES = Object.keys(COMMANDS);

/** Every command, loaded: for the list in --help, the man page and the completion. */
export const loadCommands = (): Promise<Command[]> => Promise.all(Object.values(COMMANDS).map((load) => load()));

/** Options every command takes. */
export const GLOBAL_OPTIONS: OptionSpecs = {
  help: { type: "boolean", short: "h", help: "this command's options, then exit" },
  version: { type: "boolean", short: "V", help: "the version, then exit" },
  verbose: { type: "boolean", short: "v", help: "errors with their stack traces, in the log and on exit" },
  "log-level": {
    type: "string",
    value: "LEVEL",
    help: `${LOG_LEVELS.join(", ")}: instead of the configuration's log.level`,
    complete: LOG_LEVELS,
  },
};

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}

async function usage(): Promise<string> {
  const commands = await loadCommands();
  const width = Math.max(...NAMES.map((name) => name.length));
  return [
    "Usage: mde-forwarder COMMAND [options]",
    "",
    "Forwards Microsoft Defender for Endpoint detections to a SIEM as CEF or LEEF over syslog.",
    "",
    "Commands:",
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Global options: --help, --version, --verbose (stack traces), --log-level LEVEL",
    "Run 'mde-forwarder COMMAND --help' for a command's options.",
    "Exit codes: 0 success, 1 runtime failure (API, network, delivery), 2 usage or configuration error.",
  ].join("\n");
}

/** A command's --help: its synopsis, summary, options and notes. */
export function commandHelp(c: Command): string {
  const notes = (c.notes ?? []).map((note) => `\n${wrap(note, HELP_COLUMNS).join("\n")}\n`).join("");
  return `Usage: mde-forwarder ${c.usage}\n\n${c.summary}\n\n${optionsHelp(c.options, c.operands)}\n${notes}`;
}

export async function main(argv: string[], io: Omit<CommandIo, "verbose">): Promise<number> {
  const [name, ...rest] = argv;
  let verbose = argv.includes("--verbose") || argv.includes("-v");
  try {
    if (name === undefined || name === "--help" || name === "-h" || name === "help") {
      io.stdout.write(`${await usage()}\n`);
      return name === undefined ? ExitCode.usage : ExitCode.ok;
    }
    if (name === "--version" || name === "-V") {
      io.stdout.write(`${version()}\n`);
      return ExitCode.ok;
    }
    const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (!load) throw new UsageError(`unknown command "${name}": expected one of ${NAMES.join(", ")} (see --help)`);
    const command = await load();
    const { values, positionals } = parseCommandArgs(command, rest);
    verbose = values.verbose === true;
    if (values.help) {
      io.stdout.write(commandHelp(command));
      return ExitCode.ok;
    }
    const logLevel = typeof values["log-level"] === "string" ? values["log-level"] : undefined;
    return await command.run(values, positionals, { ...io, verbose, logLevel });
  } catch (err) {
    io.stderr.write(`${describeError(err, verbose)}\n`);
    return err instanceof AppError ? err.exitCode : ExitCode.runtime;
  }
}

function parseCommandArgs(command: Command, args: string[]) {
  try {
    const parsed = parseArgs({
      args,
      options: parseArgsOptions({ ...GLOBAL_OPTIONS, ...command.options }),
      allowPositionals: true,
      strict: true,
    });
    if (parsed.positionals.length > (command.operands?.length ?? 0)) {
      throw new UsageError(
        `${command.name}: unexpected argument "${parsed.positionals.at(-1)}" (usage: mde-forwarder ${command.usage})`,
      );
    }
    // No option is `multiple`: each value is one string or boolean.
    return { values: parsed.values as Values, positionals: parsed.positionals };
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(
      `${command.name}: ${(err as Error).message.split("\n")[0]} (usage: mde-forwarder ${command.usage})`,
    );
  }
}

function describeError(err: unknown, verbose: boolean): string {
  if (err instanceof AppError) return verbose && err.stack ? `${err.message}\n${err.stack}` : err.message;
  const e = err instanceof Error ? err : new Error(String(err));
  return verbose
    ? `internal error: ${e.stack ?? e.message}`
    : `internal error: ${e.message} (run with --verbose for details)`;
}
