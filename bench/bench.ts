/** What a benchmark module gives `bench/run.ts`: a name, how it measures, and tables of measured figures. */
export interface Table {
  /** A line printed above the table, when a module prints several. */
  title?: string;
  columns: string[];
  rows: string[][];
}

export interface BenchModule {
  name: string;
  /** One line on how it measures, printed above its tables. */
  method: string;
  /** Commands it runs besides Node (checked before any module starts). */
  needs?: readonly string[];
  run(): Promise<Table[]>;
}

/** A throughput measurement: `messages` in `seconds` (a median, or one run). */
export interface BenchRow {
  case: string;
  messages: number;
  seconds: number;
  /** Peak resident set size in bytes, when measured. */
  peakRss?: number;
  /** Comparisons with other rows, e.g. "3.1× syslog-client". */
  note?: string;
}

export const mb = (bytes: number) => (bytes / 1_048_576).toFixed(1);
export const count = (n: number) => Math.round(n).toLocaleString("en");

/** case | messages | seconds | messages/s | (peak RSS) | compared */
export function throughputTable(rows: BenchRow[], title?: string): Table {
  const withRss = rows.some((r) => r.peakRss !== undefined);
  return {
    title,
    columns: ["case", "messages", "seconds", "messages/s", ...(withRss ? ["peak RSS MB"] : []), "compared"],
    rows: rows.map((r) => [
      r.case,
      count(r.messages),
      r.seconds.toFixed(3),
      count(r.messages / r.seconds),
      ...(withRss ? [r.peakRss === undefined ? "" : mb(r.peakRss)] : []),
      r.note ?? "",
    ]),
  };
}

export type Task = () => Promise<void>;

/**
 * Runs every task once to warm up, then `rounds` rounds of all tasks in turn (so a busy moment of a shared machine
 * hits every case alike), each round starting with the next task (so none always pays for the garbage of the one
 * before), and returns each task's median duration in seconds.
 */
export async function medianSeconds(tasks: Record<string, Task>, rounds = 3): Promise<Record<string, number>> {
  return Object.fromEntries(Object.entries(await timedRounds(tasks, rounds)).map(([name, t]) => [name, median(t)]));
}

/** Each task's durations in seconds, one per round, measured as `medianSeconds` says. */
export async function timedRounds(tasks: Record<string, Task>, rounds = 3): Promise<Record<string, number[]>> {
  const times: Record<string, number[]> = {};
  for (const [name, task] of Object.entries(tasks)) {
    await task();
    times[name] = [];
  }
  const entries = Object.entries(tasks);
  for (let round = 0; round < rounds; round++) {
    for (const [name, task] of [
      ...entries.slice(round % entries.length),
      ...entries.slice(0, round % entries.length),
    ]) {
      const start = process.hrtime.bigint();
      await task();
      times[name]!.push(Number(process.hrtime.bigint() - start) / 1e9);
    }
  }
  return times;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** How far apart the rounds were: max/min − 1, as a percentage ("±" is not honest for 3 rounds). */
export function spread(values: readonly number[]): string {
  return `${Math.round((Math.max(...values) / Math.min(...values) - 1) * 100)}%`;
}
