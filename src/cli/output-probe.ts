/** `check --online`'s look at the output: the configured transport's own probe (transports/probe.ts). */
import type { OutputConfig } from "../config/config.js";
import { probeTransport } from "../transports/registry.js";

export function probeOutput(output: OutputConfig): Promise<string> {
  return probeTransport(output);
}
