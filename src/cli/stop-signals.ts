/**
 * SIGTERM and SIGINT for the long-running commands, watched from the process's first moment (before the heavy
 * modules load), so a stop that comes during start-up is a clean stop once start-up is done. Only the first signal
 * is taken: a second one has its default effect, so a second Ctrl-C still ends a stuck process.
 */
let stop: Promise<NodeJS.Signals> | undefined;

export const LONG_RUNNING_COMMANDS = ["run", "demo"];

export function watchStopSignals(): Promise<NodeJS.Signals> {
  stop ??= new Promise((resolve) => {
    process.once("SIGTERM", () => resolve("SIGTERM"));
    process.once("SIGINT", () => resolve("SIGINT"));
  });
  return stop;
}
