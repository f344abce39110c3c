/**
 * The shape every subcommand has: its options, described once, from which `node:util` parseArgs, `--help`, the man
 * page and the bash completion are all made (scripts/man-page.ts, scripts/completion.ts); and what it does.
 */
import type { ParseArgsConfig } from "node:util";
import type { LogLevel } from "../config/config.js";
import { LOG_LEVELS } from "../config/schema.js";
import { UsageError, type ExitCode } from "../errors.js";

export type Values = Record<string, string | boolean | undefined>;

export interface OptionSpec {
  type: "string" | "boolean";
  short?: string;
  /** The value's name in help, e.g. FILE (options that take one). */
  value?: string;
  /** What it does, in help's words; "\n" starts a continuation line. */
  help: string;
  /** What completion offers for the value: these words, file names, or mappings (builtin:NAME and files). */
  complete?: readonly string[] | "file" | "mapping";
}
export type OptionSpecs = Record<string, OptionSpec>;

/** A positional argument. */
export interface Operand {
  name: string;
  help: string;
  complete?: "file";
}

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
  options: OptionSpecs;
  /** Its positional arguments, at most these. */
  operands?: readonly Operand[];
  /** What help says after the options, paragraph by paragraph. */
  notes?: readonly string[];
  run(values: Values, positionals: string[], io: CommandIo): Promise<ExitCode>;
}

export const configOption = {
  config: { type: "string", short: "c", value: "FILE", help: "the configuration file (YAML)", complete: "file" },
} as const satisfies OptionSpecs;

/** The options as parseArgs takes them. */
export function parseArgsOptions(specs: OptionSpecs): NonNullable<ParseArgsConfig["options"]> {
  return Object.fromEntries(
    Object.entries(specs).map(([name, { type, short }]) => [name, short === undefined ? { type } : { type, short }]),
  );
}

/** An option as help shows it: `-c, --config FILE`. */
export const optionLabel = (name: string, o: OptionSpec) =>
  `${o.short ? `-${o.short}, ` : ""}--${name}${o.value ? ` ${o.value}` : ""}`;

/** The operands and options of a command, one per line (more for a long one), the explanations in one column. */
export function optionsHelp(specs: OptionSpecs, operands: readonly Operand[] = []): string {
  const rows: [string, string][] = [
    ...operands.map((o): [string, string] => [o.name, o.help]),
    ...Object.entries(specs).map(([name, o]): [string, string] => [optionLabel(name, o), o.help]),
  ];
  const width = Math.max(18, ...rows.map(([label]) => label.length + 2));
  return rows
    .map(([label, help]) =>
      help
        .split("\n")
        .flatMap((line) => wrap(line, HELP_COLUMNS - 2 - width))
        .map((line, i) => `  ${(i === 0 ? label : "").padEnd(width)}${line}`)
        .join("\n"),
    )
    .join("\n");
}

export const HELP_COLUMNS = 120;

/** Words in lines of at most `columns` (a longer word alone on its line). */
export function wrap(text: string, columns: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && line.length + 1 + word.length > columns) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line];
}

/** The log level: `--log-level` when given (checked here, as the configuration's is), else the configuration's. */
export function logLevelOf(io: CommandIo, configured: LogLevel): LogLevel {
  if (io.logLevel === undefined) return configured;
  if (!(LOG_LEVELS as readonly string[]).includes(io.logLevel)) {
    throw new UsageError(`--log-level: expected one of ${LOG_LEVELS.join(", ")}, got "${io.logLevel}"`);
  }
  return io.logLevel as LogLevel;
}
