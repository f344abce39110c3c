#!/usr/bin/env node
/** The `mde-forwarder` executable. */
import { limitHeapGrowth } from "./cli/heap-growth.js";
import { LONG_RUNNING_COMMANDS, watchStopSignals } from "./cli/stop-signals.js";

limitHeapGrowth(process.execArgv);

if (LONG_RUNNING_COMMANDS.includes(process.argv[2] ?? "")) void watchStopSignals();

// A reader that stops early (`preview | head`) is not an error of ours.
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code !== "EPIPE") throw err;
  process.exit(process.exitCode ?? 0);
});

// Loaded after the signals are watched: loading takes a noticeable moment.
const { main } = await import("./cli/main.js");
process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
