/**
 * Runs the poll cycle on a cron schedule (node-cron): the first cycle at once, then on each tick. Cycles never
 * overlap: a tick that comes while a cycle runs is noted and logged, and one cycle follows as soon as it ends.
 */
import { createTask, type ScheduledTask } from "node-cron";
import type { Logger } from "../logging/logger.js";

export interface SchedulerOptions {
  expression: string;
  logger: Logger;
  /** One poll cycle. It reports its own failures; a rejection is logged here and the schedule goes on. */
  cycle: () => Promise<unknown>;
}

export class Scheduler {
  private task: ScheduledTask | undefined;
  private running: Promise<void> | undefined;
  private missedTick = false;
  private stopped = false;

  constructor(private readonly options: SchedulerOptions) {}

  start(): void {
    this.task = createTask(this.options.expression, () => this.tick(), {
      name: "poll",
      logger: cronLogger(this.options.logger),
    });
    void this.task.start();
    this.tick();
  }

  /** No new cycle starts; resolves when the cycle in flight (if any) has ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.task?.destroy();
    await this.running;
  }

  /** Milliseconds between the next two scheduled runs: what "recently" means for readiness. */
  interval(): number | undefined {
    const [a, b] = this.task?.getNextRuns(2) ?? [];
    return a && b ? b.getTime() - a.getTime() : undefined;
  }

  private tick(): void {
    if (this.stopped) return;
    if (this.running) {
      if (!this.missedTick)
        this.options.logger.warn("the previous poll cycle is still running: the next one starts as soon as it ends");
      this.missedTick = true;
      return;
    }
    this.running = this.loop().finally(() => (this.running = undefined));
  }

  private async loop(): Promise<void> {
    do {
      this.missedTick = false;
      await this.options.cycle().catch((err: unknown) => this.options.logger.error({ err }, "poll cycle failed"));
    } while (this.missedTick && !this.stopped);
  }
}

function cronLogger(logger: Logger) {
  return {
    info: (m: string) => logger.debug(m),
    warn: (m: string) => logger.warn(m),
    error: (m: string | Error, err?: Error) => logger.error({ err: err ?? m }, "scheduler error"),
    debug: (m: string | Error) => logger.debug(String(m)),
  };
}
