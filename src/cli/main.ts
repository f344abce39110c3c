/** The `mde-forwarder` command line: parses it and hands over to one subcommand. */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { check } from "./check.js";
import type { Command, CommandIo } from "./command.js";
import { demo } from "./demo.js";
import { once } from "./once.js";
import { preview } from "./preview.js";
import { run } from "./run.js";
import { simulate } from "./simulate.js";
import { AppError, ExitCode, UsageError } from "../errors.js";

const COMMANDS: Command[] = [
  run,
  once,
  check,
  preview,
  simulate,
  demo,
];

const GLOBAL_OPTIONS = {
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "V" },
  verbose: { type: "boolean", short: "v" },
  "log-level": { type: "string" },
} as const;

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    "Usage: mde-forwarder COMMAND [options]",
    "",
    "Forwards Microsoft Defender for Endpoint detections to a SIEM as CEF or LEEF over syslog.",
    "",
    "Commands:",
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Global options: --help, --version, --verbose (stack traces), --log-level LEVEL",
    "Run 'mde-forwarder COMMAND --help' for a command's options.",
    "Exit codes: 0 success, 1 runtime failure (API, network, delivery), 2 usage or configuration error.",
  ].join("\n");
}

function commandHelp(c: Command): string {
  return `Usage: mde-forwarder ${c.usage}\n\n${c.summary}\n${c.details ? `\n${c.details}\n` : ""}`;
}

export async function main(argv: string[], io: Omit<CommandIo, "verbose">): Promise<number> {
  const [name, ...rest] = argv;
  let verbose = argv.includes("--verbose") || argv.includes("-v");
  try {
    if (name === undefined || name === "--help" || name === "-h" || name === "help") {
      io.stdout.write(`${usage()}\n`);
      return name === undefined ? ExitCode.usage : ExitCode.ok;
    }
    if (name === "--version" || name === "-V") {
      io.stdout.write(`${version()}\n`);
      return ExitCode.ok;
    }
    const command = COMMANDS.find((c) => c.name === name);
    if (!command) throw new UsageError(`unknown command "${name}": expected one of ${COMMANDS.map((c) => c.name).join(", ")} (see --help)`);
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
    const parsed = parseArgs({ args, options: { ...GLOBAL_OPTIONS, ...command.options }, allowPositionals: true, strict: true });
    if (parsed.positionals.length > (command.positionals ?? 0)) {
      throw new UsageError(`${command.name}: unexpected argument "${parsed.positionals.at(-1)}" (usage: mde-forwarder ${command.usage})`);
    }
    return parsed;
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`${command.name}: ${(err as Error).message.split("\n")[0]} (usage: mde-forwarder ${command.usage})`);
  }
}

function describeError(err: unknown, verbose: boolean): string {
  if (err instanceof AppError) return verbose && err.stack ? `${err.message}\n${err.stack}` : err.message;
  const e = err instanceof Error ? err : new Error(String(err));
  return verbose ? `internal error: ${e.stack ?? e.message}` : `internal error: ${e.message} (run with --verbose for details)`;
}

