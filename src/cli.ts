#!/usr/bin/env node
/** The `mde-forwarder` executable. */
import { main } from "./cli/main.js";

process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env });
