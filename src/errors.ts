/** Exit codes of the command line: 0 done, 1 a runtime fault, 2 bad usage or configuration (README.md). */
export const ExitCode = { ok: 0, runtime: 1, usage: 2 } as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * Every error the product reports on purpose carries a stable code (listed in docs/errors.md),
 * the exit code it leads to, and data for logs and tests. Its message is one line an operator can act on.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly exitCode: ExitCode = ExitCode.runtime,
    readonly data: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "AppError";
  }
}

export class UsageError extends AppError {
  constructor(message: string) {
    super("E_USAGE", message, ExitCode.usage);
  }
}

/** One problem in a configuration or mapping file, located for the person who will fix it. */
export interface FileProblem {
  file: string;
  line?: number;
  column?: number;
  /** Dotted key path, e.g. `output.port` or `fields.cs1.type`. */
  path: string;
  message: string;
}

export function formatProblem(p: FileProblem): string {
  const where = p.line === undefined ? p.file : `${p.file}:${p.line}:${p.column ?? 1}`;
  if (p.path) return `${where} ${p.path}: ${p.message}`;
  return p.line === undefined ? `${where}: ${p.message}` : `${where} ${p.message}`;
}

/** Problems reported at most: a file with thousands of mistakes gets the first ones and a count of the rest. */
export const MAX_REPORTED_PROBLEMS = 20;

/** A configuration or mapping file that cannot be used: one line per problem, in file order, exit code 2. */
export class FileProblemsError extends AppError {
  /** The first problems in file order, at most MAX_REPORTED_PROBLEMS. */
  readonly problems: FileProblem[];
  constructor(code: string, problems: FileProblem[]) {
    const sorted = [...problems].sort(byPosition);
    const shown = sorted.slice(0, MAX_REPORTED_PROBLEMS);
    const more = sorted.length - shown.length;
    const lines = shown.map(formatProblem);
    if (more > 0) lines.push(`… and ${more} more problem${more === 1 ? "" : "s"} in ${shown[0]!.file}`);
    super(code, lines.join("\n"), ExitCode.usage, { problems: shown, more });
    this.problems = shown;
    this.name = "FileProblemsError";
  }
}

function byPosition(a: FileProblem, b: FileProblem): number {
  return (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0);
}
