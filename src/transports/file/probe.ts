/** `check --online` for a file: it can be opened for appending. */
import { open } from "node:fs/promises";
import type { FileOptions } from "./options.js";

export async function probeFile(output: FileOptions): Promise<string> {
  await (await open(output.path, "a", 0o600)).close();
  return `${output.transport} ${output.path}: writable`;
}
