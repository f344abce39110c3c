/** What a benchmark module gives `bench/run.ts`: a name and rows of measured figures. */
export interface BenchRow {
  case: string;
  messages: number;
  /** Median of the timed runs. */
  seconds: number;
  /** Comparisons with other rows, e.g. "3.1× syslog-client". */
  note?: string;
}

export interface BenchModule {
  name: string;
  /** One line on how it measures, printed above its table. */
  method: string;
  run(): Promise<BenchRow[]>;
}

export type Task = () => Promise<void>;

/**
 * Runs every task once to warm up, then `rounds` rounds of all tasks in turn (so a busy moment of a shared machine
 * hits every case alike), and returns each task's median duration in seconds.
 */
export async function medianSeconds(tasks: Record<string, Task>, rounds = 3): Promise<Record<string, number>> {
  const times: Record<string, number[]> = {};
  for (const [name, task] of Object.entries(tasks)) {
    await task();
    times[name] = [];
  }
  for (let round = 0; round < rounds; round++) {
    for (const [name, task] of Object.entries(tasks)) {
      const start = process.hrtime.bigint();
      await task();
      times[name]!.push(Number(process.hrtime.bigint() - start) / 1e9);
    }
  }
  return Object.fromEntries(Object.entries(times).map(([name, t]) => [name, t.sort((a, b) => a - b)[Math.floor(t.length / 2)]!]));
}
