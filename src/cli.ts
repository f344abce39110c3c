#!/usr/bin/env node
/** The `mde-forwarder` executable. */
import { main } from "./cli/main.js";

// A reader that stops early (`preview | head`) is not an error of ours.
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code !== "EPIPE") throw err;
  process.exit(process.exitCode ?? 0);
});

process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env });
