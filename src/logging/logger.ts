/**
 * Structured logs: JSON lines for journald and log shippers, readable lines when a person watches a terminal.
 * Secrets are redacted by key wherever they appear, and `Secret` values print as `[redacted]` anyway.
 */
import { createRequire } from "node:module";
import { pino, type DestinationStream, type Logger } from "pino";
import type PinoPretty from "pino-pretty";
import type { LogLevel } from "../config/config.js";
import { formatProblem, type FileProblem } from "../errors.js";

/** Loaded only for a terminal: a daemon writing JSON to journald does not carry it (memory, docs/performance.md). */
const pretty = (options: PinoPretty.PrettyOptions) =>
  (createRequire(import.meta.url)("pino-pretty") as typeof PinoPretty)(options);

export type { Logger };

export const REDACTED_KEYS = [
  "clientSecret",
  "client_secret",
  "secret",
  "password",
  "privateKey",
  "client_assertion",
  "access_token",
  "accessToken",
  "token",
  "authorization",
  "Authorization",
  "key",
];

export interface LoggerOptions {
  level: LogLevel;
  /** Commands whose standard output carries messages (`once --dry-run`, `preview`, `demo`) log to standard error. */
  stream: "stdout" | "stderr";
  /** Readable lines instead of JSON; default: when the stream is a terminal. */
  pretty?: boolean;
  /** Where JSON lines go instead of the stream (tests). */
  destination?: DestinationStream;
  /** Errors' stack traces in log lines (`--verbose`); always at debug and trace. Else their message and code only. */
  stacks?: boolean;
}

export function createLogger(options: LoggerOptions): Logger {
  const fd = options.stream === "stdout" ? 1 : 2;
  const tty = (fd === 1 ? process.stdout : process.stderr).isTTY;
  const destination: DestinationStream =
    options.destination ??
    ((options.pretty ?? tty)
      ? pretty({ destination: fd, sync: true, colorize: tty, ignore: "pid,hostname" })
      : pino.destination({ fd, sync: true }));
  return pino(
    {
      level: options.level,
      base: { name: "mde-forwarder" },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]), censor: "[redacted]" },
      formatters: { level: (label) => ({ level: label }) },
      serializers: { err: errorSerializer(options.stacks === true || ["debug", "trace"].includes(options.level)) },
    },
    destination,
  );
}

/** An error as a log line carries it: type, message, code and data; the stack (its causes' too) only if asked. */
function errorSerializer(stacks: boolean) {
  const withoutStacks = (value: unknown): unknown => {
    if (value === null || typeof value !== "object") return value;
    const { stack: _stack, cause, ...rest } = value as Record<string, unknown>;
    return cause === undefined ? rest : { ...rest, cause: withoutStacks(cause) };
  };
  return (err: unknown) => {
    const serialized: unknown = err instanceof Error ? pino.stdSerializers.err(err) : err;
    return stacks ? serialized : withoutStacks(serialized);
  };
}

/** Warnings of the configuration or mapping, logged at start: what `check` prints. */
export function logWarnings(logger: Logger, warnings: readonly FileProblem[]): void {
  for (const w of warnings) logger.warn({ file: w.file, line: w.line, key: w.path }, formatProblem(w));
}
